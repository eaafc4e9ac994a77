"""``digestbot db …``: schema migrations."""

from __future__ import annotations

import typer
from rich.console import Console

from bot.commands.common import state
from storage.db import make_engine, table_names, upgrade

app = typer.Typer(help="Database schema: create or upgrade it.", no_args_is_help=True)


@app.command("upgrade")
def upgrade_cmd(
    ctx: typer.Context,
    revision: str = typer.Argument("head", help="Alembic revision to upgrade to."),
) -> None:
    """Create the database or bring its schema up to date (also done automatically on first use)."""
    settings = state(ctx).settings
    engine = make_engine(settings.database_url())
    upgrade(engine, revision)
    Console().print(f"database at revision {revision}: {len(table_names(engine))} tables")
