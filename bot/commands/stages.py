"""``digestbot analyse``: fetch linked pages, then analyse new posts."""

from __future__ import annotations

import typer
from rich.console import Console

from bot.commands.common import state
from bot.pipeline.analyse import analyse as run_analyse
from bot.pipeline.articles import fetch_linked


def analyse(ctx: typer.Context) -> None:
    """Fetch pages new posts link to, then find citations, match cards, read claims, raise flags."""
    app_state = state(ctx)
    console = Console()
    pages = fetch_linked(app_state.engine, app_state.settings)
    if pages.skipped_reason:
        console.print(f"linked pages: not fetched ({pages.skipped_reason})")
    else:
        console.print(f"linked pages: {pages.fetched} fetched, {pages.failed} failed")
    report = run_analyse(app_state.engine, app_state.settings)
    console.print(f"analysed {report.analysed} posts against {report.cards} atlas cards")
