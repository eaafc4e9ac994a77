"""``digestbot analyse``: fetch linked pages, then analyse new posts."""

from __future__ import annotations

import sys

import typer
from rich.console import Console

from bot.commands.common import state
from bot.pipeline.analyse import analyse as run_analyse
from bot.pipeline.articles import fetch_linked


def analyse(
    ctx: typer.Context,
    rematch: bool = typer.Option(
        False,
        "--rematch",
        help="Match every analysed post's stored citations again (no extraction, no models).",
    ),
) -> None:
    """Fetch pages new posts link to, then find citations, match cards, read claims, raise flags.

    Posts matched against an older card set (an atlas import since) are re-matched too."""
    app_state = state(ctx)
    console = Console()
    pages = fetch_linked(app_state.engine, app_state.settings)
    if pages.skipped_reason:
        console.print(f"linked pages: not fetched ({pages.skipped_reason})")
    else:
        console.print(f"linked pages: {pages.fetched} fetched, {pages.failed} failed")
    debug = bool(ctx.find_root().params.get("debug"))
    report = run_analyse(app_state.engine, app_state.settings, rematch=rematch, debug=debug)
    console.print(f"analysed {report.analysed} posts against {report.cards} atlas cards")
    if report.rematched:
        console.print(f"re-matched {report.rematched} posts against the changed atlas")
    for post_id, line in report.failed:
        hint = "left for the next run; --debug shows the traceback"
        print(f"error: post {post_id}: {line} ({hint})", file=sys.stderr)
    if report.failed:
        raise typer.Exit(1)
