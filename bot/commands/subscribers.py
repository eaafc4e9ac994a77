"""``digestbot subscribers …``: add, list, remove, import, and act on a link's token.

Adding sends a confirmation email (double opt-in) unless ``--confirmed`` says consent was
given elsewhere (an existing list moving here). ``confirm --token`` and ``remove --token`` do
what the links in the emails do, until the web app serves them.
"""

from __future__ import annotations

import csv
import sys
from enum import StrEnum
from pathlib import Path

import typer
from rich.console import Console
from rich.table import Table

from bot.commands.common import AppState, state
from bot.errors import DeliveryError, InputError
from bot.pipeline import subscriptions as subs

app = typer.Typer(help="Who receives the weekly email: add, list, remove, import.", no_args_is_help=True)


class Status(StrEnum):
    pending = "pending"
    confirmed = "confirmed"
    unsubscribed = "unsubscribed"


def _add_one(app_state: AppState, address: str, confirmed: bool) -> str:
    """One line saying what happened to ``address``."""
    if confirmed:
        email, added = subs.add_confirmed(app_state.engine, address)
        return f"{email}: confirmed" if added else f"{email}: unchanged (already confirmed, or unsubscribed)"
    result = subs.request_subscription(app_state.engine, app_state.settings, address, secret=app_state.secret)
    return {
        "confirmation_sent": f"{result.email}: confirmation email sent",
        "confirmation_written": f"{result.email}: email is off, confirmation written to {result.eml_path}",
        "already_confirmed": f"{result.email}: already confirmed",
        "recently_sent": f"{result.email}: a confirmation was sent minutes ago; not sending another yet",
    }[result.status]


@app.command("add")
def add(
    ctx: typer.Context,
    emails: list[str] = typer.Argument(..., help="One or more e-mail addresses."),
    confirmed: bool = typer.Option(
        False, "--confirmed", help="Consent was given elsewhere: confirm at once, send no confirmation email."
    ),
) -> None:
    """Subscribe addresses: each is sent a confirmation link (valid 7 days) and is pending until used."""
    app_state = state(ctx)
    for address in emails:
        print(_add_one(app_state, address, confirmed))


@app.command("list")
def list_cmd(
    ctx: typer.Context,
    status: Status | None = typer.Option(None, "--status", help="Only this status."),
    as_csv: bool = typer.Option(False, "--csv", help="CSV on stdout (email,status,created,confirmed)."),
) -> None:
    """List subscribers, oldest first, with their status."""
    rows = subs.list_subscribers(state(ctx).engine, status.value if status else None)
    if as_csv:
        out = csv.writer(sys.stdout)
        out.writerow(["email", "status", "created_at", "confirmed_at"])
        for r in rows:
            confirmed_at = r.confirmed_at.isoformat() if r.confirmed_at else ""
            out.writerow([r.email, r.status, r.created_at.isoformat(), confirmed_at])
        return
    table = Table("email", "status", "since")
    for r in rows:
        since = r.unsubscribed_at or r.confirmed_at or r.created_at
        table.add_row(r.email, r.status, f"{since:%Y-%m-%d}")
    console = Console()
    console.print(table)
    counts = {s: sum(r.status == s for r in rows) for s in ("confirmed", "pending", "unsubscribed")}
    console.print(", ".join(f"{n} {s}" for s, n in counts.items()))


@app.command("remove")
def remove(
    ctx: typer.Context,
    email: str | None = typer.Argument(None, help="The address to unsubscribe."),
    token: str | None = typer.Option(None, "--token", help="The token from an email's unsubscribe link."),
    erase: bool = typer.Option(
        False, "--erase", help="Delete the address and its delivery history entirely."
    ),
) -> None:
    """Unsubscribe an address (by address, or by the token in its unsubscribe link)."""
    app_state = state(ctx)
    if (email is None) == (token is None):
        raise InputError("give either an address or --token, not both and not neither")
    if token is not None:
        address = subs.unsubscribe(app_state.engine, token, secret=app_state.secret)
        print(f"{address}: unsubscribed")
        return
    assert email is not None
    if not subs.remove(app_state.engine, email, erase=erase):
        raise InputError(f"{email!r} is not a subscriber")
    print(f"{email.strip()}: {'erased' if erase else 'unsubscribed'}")


@app.command("confirm")
def confirm(
    ctx: typer.Context,
    token: str = typer.Option(..., "--token", help="The token from a confirmation email's link."),
) -> None:
    """Confirm a subscription with the token from its confirmation link."""
    app_state = state(ctx)
    address = subs.confirm_subscription(app_state.engine, token, secret=app_state.secret)
    print(f"{address}: confirmed")


def _addresses(path: Path) -> list[tuple[int, str]]:
    """(line, address) from a CSV: the ``email`` column when there is a header, else column 1."""
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(f"{path}: cannot read ({exc})") from None
    rows = list(csv.reader(text.splitlines()))
    if not rows:
        return []
    header = [h.strip().lower() for h in rows[0]]
    column, first = (header.index("email"), 1) if "email" in header else (0, 0)
    out = []
    for number, row in enumerate(rows[first:], start=first + 1):
        if row and any(cell.strip() for cell in row):
            out.append((number, row[column].strip() if column < len(row) else ""))
    return out


@app.command("import")
def import_cmd(
    ctx: typer.Context,
    path: Path = typer.Argument(..., help="CSV with an 'email' column (or addresses in the first column)."),
    confirmed: bool = typer.Option(
        False,
        "--confirmed",
        help="These people consented elsewhere: confirm them, send no confirmation email.",
    ),
) -> None:
    """Import addresses from CSV; a bad line is listed as file:line: reason and the rest still import.

    The exit status is 2 when any line was bad.
    """
    app_state = state(ctx)
    bad = 0
    for number, address in _addresses(path):
        try:
            print(_add_one(app_state, address, confirmed))
        except (InputError, DeliveryError) as exc:
            bad += 1
            print(f"{path}:{number}: {exc}", file=sys.stderr)
    if bad:
        print(f"{bad} line(s) not imported", file=sys.stderr)
        raise typer.Exit(2)
