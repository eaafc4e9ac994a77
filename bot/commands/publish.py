"""``digestbot publish``: build a week's digest, write the archive and feed, send the email."""

from __future__ import annotations

from datetime import date

import typer

from bot.commands.common import state
from bot.config import Settings
from bot.digest.render import week_range
from bot.errors import InputError
from bot.pipeline.publish import PublishReport
from bot.pipeline.publish import publish as run_publish


def _parse_week(value: str | None) -> date | None:
    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise InputError(f"--week {value!r}: expected a date like 2026-11-09") from None


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


def describe(report: PublishReport, settings: Settings) -> list[str]:
    """What happened, in plain words, one line each (the CLI prints them; the scheduler logs them)."""
    if report.outcome == "busy":
        return [
            f"another process is publishing right now; leaving the week of {report.week_start} to it "
            "(nothing sent from here)"
        ]
    digest = report.digest
    assert digest is not None
    if report.outcome == "empty":
        return [
            f"the week of {week_range(digest)} has nothing in it: not archived, not sent "
            "(publish --allow-empty to publish it anyway)"
        ]
    c = digest.counts
    lines = [f"digest for {week_range(digest)}:", *(f"  {line}" for line in digest.summary)]
    if report.files:
        lines.append(f"archive written to {report.files[0].parent} (digest.html is this week)")
    if c.unreviewed:
        shown = "shown as not yet checked" if settings.digest.unreviewed_flags == "show" else "not shown"
        flags = _plural(c.unreviewed, "flag")
        lines.append(f"{flags} left unreviewed by a moderator ({shown}: digest.unreviewed_flags)")
    else:
        lines.append("no flags left unreviewed")
    if report.dry_run_files:
        folder = report.dry_run_files[0].parent
        lines.append(
            f"dry run: {_plural(len(report.dry_run_files), 'message')} written to {folder}, none sent"
        )
    elif report.delivery is None:
        lines.append("email: not sent (email.enabled is false, or --no-send / --dry-run)")
    else:
        d = report.delivery
        lines.append(f"email: {d.sent} sent now, {d.already_sent} sent earlier")
        if d.retrying:
            lines.append(
                f"{_plural(len(d.retrying), 'message')} refused for now; tried again on the next run:"
            )
            lines += [f"  {p}" for p in d.retrying]
        if d.failed:
            lines.append(f"{_plural(len(d.failed), 'message')} could not be delivered:")
            lines += [f"  {p}" for p in d.failed]
        if d.uncertain:
            n = len(d.uncertain)
            verb = "message" if n == 1 else "messages"
            lines.append(f"{n} {verb} may or may not have arrived: run `digestbot deliveries` to decide")
    return lines


def publish(
    ctx: typer.Context,
    week: str | None = typer.Option(
        None, "--week", help="First day of the week (YYYY-MM-DD, on schedule.publish.day_of_week)."
    ),
    no_send: bool = typer.Option(False, "--no-send", help="Build and write the archive, but send no email."),
    dry_run: bool = typer.Option(
        False,
        "--dry-run",
        help="Write each subscriber's email as an .eml file (email.outbox_dir); send none.",
    ),
    allow_empty: bool = typer.Option(
        False, "--allow-empty", help="Archive the week even if nothing was discussed."
    ),
) -> None:
    """Build the week's digest (the last complete week by default), write the archive and feed, send it."""
    app_state = state(ctx)
    report = run_publish(
        app_state.engine,
        app_state.settings,
        week_start=_parse_week(week),
        send=not no_send,
        dry_run=dry_run,
        allow_empty=allow_empty,
        secret=app_state.secret,
    )
    for line in describe(report, app_state.settings):
        print(line)
