"""``digestbot analyse``, ``digestbot publish`` and ``digestbot run`` (the scheduler)."""

from __future__ import annotations

from datetime import date

import typer
from rich.console import Console

from bot.commands.common import state
from bot.errors import InputError
from bot.pipeline.analyse import analyse as run_analyse
from bot.pipeline.articles import fetch_linked
from bot.pipeline.publish import publish as run_publish


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


def _parse_week(value: str | None) -> date | None:
    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise InputError(f"--week {value!r}: expected a date like 2026-11-09") from None


def publish(
    ctx: typer.Context,
    week: str | None = typer.Option(None, "--week", help="First day of the week to publish (YYYY-MM-DD)."),
    no_send: bool = typer.Option(False, "--no-send", help="Build and write the archive, but send no email."),
) -> None:
    """Build the week's digest (last complete week by default), write the archive and feed, send it."""
    app_state = state(ctx)
    report = run_publish(
        app_state.engine,
        app_state.settings,
        week_start=_parse_week(week),
        send=not no_send,
        secret=app_state.secret,
    )
    console = Console()
    d = report.digest
    console.print(f"digest for {d.week_start} to {d.week_end}: {d.counts.entries} entries")
    console.print(f"archive written to {report.files[0].parent if report.files else '(nothing)'}")
    if report.delivery is not None:
        console.print(f"email: {report.delivery.sent} sent, {len(report.delivery.failed)} failed")
        for problem in (*report.delivery.failed, *report.delivery.needs_checking):
            console.print(f"  {problem}", highlight=False)


def run(ctx: typer.Context) -> None:
    """Run the scheduler in the foreground: each source at its interval, weekly publish (Ctrl-C stops)."""
    from bot.scheduler import build_scheduler

    app_state = state(ctx)
    scheduler = build_scheduler(app_state.engine, app_state.settings)
    console = Console()
    for job in scheduler.get_jobs():
        console.print(f"scheduled: {job.name}")
    try:
        scheduler.start()
    except (KeyboardInterrupt, SystemExit):
        console.print("stopped")
