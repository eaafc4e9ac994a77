"""``digestbot collect`` and ``digestbot sources check``."""

from __future__ import annotations

import typer
from rich.console import Console
from rich.progress import Progress, SpinnerColumn, TextColumn
from rich.table import Table

from bot.commands.common import state
from bot.errors import DigestBotError
from bot.pipeline.collect import collect as run_collect
from sources.base import build_source
from sources.types import SourceReport

sources_app = typer.Typer(
    help="Configured sources: check their settings and reachability.", no_args_is_help=True
)


def summary_table(reports: list[SourceReport]) -> Table:
    """New / updated / unchanged / deleted / failed per source, then what went wrong."""
    table = Table(title="Collected", show_lines=False)
    for column in ("source", "new", "updated", "unchanged", "deleted", "failed"):
        table.add_column(column, justify="left" if column == "source" else "right")
    for r in reports:
        table.add_row(r.source, str(r.new), str(r.updated), str(r.unchanged), str(r.deleted), str(r.failed))
    return table


def collect(
    ctx: typer.Context,
    source: str | None = typer.Option(None, "--source", "-s", help="Collect only this source (by name)."),
    force: bool = typer.Option(
        False, "--force", help="Collect even a source that is backing off after failures."
    ),
) -> None:
    """Collect new posts from every enabled source, politely and incrementally."""
    app_state = state(ctx)
    console = Console(stderr=True)
    with Progress(
        SpinnerColumn(), TextColumn("{task.description}"), console=console, transient=True
    ) as progress:
        task = progress.add_task("collecting…", total=None)
        counts: dict[str, int] = {}

        def on_batch(name: str, n: int) -> None:
            counts[name] = counts.get(name, 0) + n
            progress.update(task, description=f"{name}: {counts[name]} items")

        reports = run_collect(
            app_state.engine, app_state.settings, only=source, force=force, progress=on_batch
        )
    out = Console()
    out.print(summary_table(reports))
    for r in reports:
        for message in r.errors:
            out.print(f"[yellow]{r.source}[/yellow]: {message}", markup=True, highlight=False, soft_wrap=True)
    if any(r.failed for r in reports):
        raise typer.Exit(1)


@sources_app.command("check")
def check(ctx: typer.Context) -> None:
    """Validate each source's settings and check it can be reached; one line per source."""
    settings = state(ctx).settings
    console = Console()
    bad = 0
    for cfg in settings.sources:
        label = f"{cfg.name} ({cfg.kind})"
        if not cfg.enabled:
            console.print(f"- {label}: disabled, not checked", highlight=False)
            continue
        try:
            status = build_source(cfg, settings).check()
        except DigestBotError as exc:
            bad += 1
            console.print(f"[red]✗[/red] {label}: {exc}", highlight=False, soft_wrap=True)
        else:
            console.print(f"[green]✓[/green] {label}: {status}", highlight=False, soft_wrap=True)
    if not settings.sources:
        console.print("no sources configured")
    if bad:
        raise typer.Exit(1)
