"""``digestbot db …``: schema migrations."""

from __future__ import annotations

import typer
from rich.console import Console

from bot.commands.common import state
from bot.keys import author_key
from sources.privacy import rekey_hash, require_layered
from storage.db import make_engine, table_names, transaction, upgrade
from storage.posts import rekey_author_hashes

app = typer.Typer(help="Database schema and keys: create, upgrade, re-key.", no_args_is_help=True)


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


@app.command("rekey-authors")
def rekey_authors_cmd(ctx: typer.Context) -> None:
    """Re-key author hashes stored under the old built-in key with this install's key
    (var/author.key), so the database alone no longer re-identifies anyone. Safe to repeat.

    Not for installs that always set DIGESTBOT_AUTHOR_SALT: their hashes are keyed already.
    """
    app_state = state(ctx)
    key = author_key(app_state.settings)
    require_layered(key)
    with transaction(app_state.engine) as session:
        changed = rekey_author_hashes(session, lambda old: rekey_hash(old, key))
    Console().print(f"re-keyed {changed} author hashes")
