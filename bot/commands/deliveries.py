"""``digestbot deliveries``: who was sent which digest, and the messages a person must decide about."""

from __future__ import annotations

import typer

from bot.commands.common import state
from bot.pipeline import deliveries as pipeline

app = typer.Typer(
    help="Delivery of each digest to each subscriber; resolve the uncertain ones.",
    invoke_without_command=True,
)


@app.callback()
def list_cmd(
    ctx: typer.Context,
    uncertain: bool = typer.Option(
        False, "--uncertain", help="Only messages that may or may not have arrived."
    ),
) -> None:
    """List deliveries, newest week first; `resend ID` or `mark-sent ID` resolves an uncertain one."""
    if ctx.invoked_subcommand is not None:
        return
    records = pipeline.list_deliveries(state(ctx).engine, uncertain_only=uncertain)
    if not records:
        print("no uncertain deliveries" if uncertain else "no deliveries yet")
        return
    # Plain lines rather than a table: addresses are never cut short, and grep works.
    print(f"{'id':>6}  {'week':10}  {'status':9}  {'tries':>5}  to (note)")
    for r in records:
        note = f" ({r.error})" if r.error else ""
        print(f"{r.id:>6}  {r.week_start.isoformat()}  {r.status:9}  {r.attempts:>5}  {r.email}{note}")
    pending = sum(r.status == "uncertain" for r in records)
    if pending:
        print(
            f"{pending} may or may not have arrived. If you know it did: "
            "`digestbot deliveries mark-sent ID`; if not: `digestbot deliveries resend ID`."
        )


@app.command("resend")
def resend_cmd(
    ctx: typer.Context,
    ids: list[int] = typer.Argument(..., help="Delivery ids (from `digestbot deliveries`)."),
) -> None:
    """Send uncertain or failed deliveries again now."""
    app_state = state(ctx)
    result = pipeline.resend(app_state.engine, app_state.settings, ids, secret=app_state.secret)
    if result.busy:
        print("another process is publishing right now; try again when it has finished")
        raise typer.Exit(1)
    for report in result.reports:
        print(f"resent {report.sent}")
        for problem in (*report.failed, *report.retrying):
            print(f"  not delivered: {problem}")
        for address in report.uncertain:
            print(f"  {address}: may or may not have arrived again; check before resending")


@app.command("mark-sent")
def mark_sent_cmd(
    ctx: typer.Context,
    ids: list[int] = typer.Argument(..., help="Delivery ids (from `digestbot deliveries`)."),
) -> None:
    """Record deliveries as sent (you checked that the message arrived)."""
    for record in pipeline.mark_sent(state(ctx).engine, ids):
        print(f"delivery {record.id} to {record.email}: {record.status}")
