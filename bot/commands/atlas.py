"""``digestbot atlas …``: import the atlas, list its cards, show the editors' queue, audit cards."""

from __future__ import annotations

import sys
from collections import defaultdict
from enum import StrEnum
from pathlib import Path

import typer
from rich.console import Console
from rich.table import Table
from sqlalchemy.orm import Session

from bot.atlas.importer import read_atlas
from bot.atlas.queue import queue_rows, to_csv, to_json, to_table
from bot.commands.common import state
from bot.config import Settings
from bot.errors import AtlasError
from bot.pipeline.lookup import MetadataLookup, fill_uncovered
from storage.analysis import UncoveredPaper, uncovered_papers
from storage.cards import load_cards, upsert_cards
from storage.db import transaction

app = typer.Typer(
    help="The evidence atlas: import cards, list them, see what it lacks.", no_args_is_help=True
)


class Format(StrEnum):
    table = "table"
    csv = "csv"
    json = "json"


@app.command("import")
def import_cmd(
    ctx: typer.Context,
    paths: list[Path] = typer.Argument(
        None,
        help="JSON-lines/JSON exports, BibTeX files, saved card pages or folders (default: atlas.paths).",
    ),
) -> None:
    """Import atlas cards; re-importing updates cards in place by id.

    A bad record is listed as file:line: reason; the good ones are still stored, and the exit
    status is then 1.
    """
    app_state = state(ctx)
    settings = app_state.settings
    chosen = [str(p) for p in paths] if paths else [str(settings.resolve(p)) for p in settings.atlas.paths]
    if not chosen:
        raise AtlasError("no atlas files given, and atlas.paths in the config is empty")
    result = read_atlas(chosen)
    by_origin: dict[str, list[str]] = defaultdict(list)
    for card in result.cards:
        by_origin[", ".join(result.origins.get(card.id, ()))].append(card.id)
    cards = {c.id: c for c in result.cards}
    created = updated = 0
    with transaction(app_state.engine) as session:
        for origin, ids in by_origin.items():
            new, changed = upsert_cards(session, [cards[i] for i in ids], origin)
            created, updated = created + new, updated + changed
    print(f"imported {len(result.cards)} cards ({created} new, {updated} updated)")
    for error in result.errors:
        print(str(error), file=sys.stderr)
    if result.errors:
        print(f"{len(result.errors)} bad record(s) skipped", file=sys.stderr)
        raise typer.Exit(1)


def _short(text: str, limit: int = 60) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


@app.command("list")
def list_cmd(
    ctx: typer.Context,
    limit: int | None = typer.Option(None, "--limit", "-n", min=1, help="Show at most this many cards."),
) -> None:
    """The stored cards: id, evidence level, design, year and title."""
    with transaction(state(ctx).engine) as session:
        cards = load_cards(session)
    table = Table(title=f"Atlas cards ({len(cards)})")
    for column in ("id", "level", "design", "year", "title"):
        table.add_column(column, overflow="fold")
    for card in cards[:limit]:
        table.add_row(
            card.id, card.evidence_level or "-", card.design or "-", str(card.year or "-"), _short(card.title)
        )
    Console().print(table)


def _looked_up(session: Session, papers: list[UncoveredPaper], settings: Settings) -> list[UncoveredPaper]:
    """The queue filled from cached answers, and from the services when lookup is on."""
    service = MetadataLookup.from_settings(settings)
    if not service.active:
        why = "offline is true" if settings.offline else "lookup.enabled is false"
        print(f"metadata lookup is off ({why}): showing cached answers only", file=sys.stderr)
    try:
        return fill_uncovered(session, papers, service)
    finally:
        service.close()


@app.command("uncovered")
def uncovered_cmd(
    ctx: typer.Context,
    output_format: Format = typer.Option(Format.table, "--format", "-f", help="table, csv or json."),
    limit: int | None = typer.Option(None, "--limit", "-n", min=1, help="Show at most this many papers."),
    lookup: bool = typer.Option(
        False, "--lookup", help="Fill missing titles and identifiers from PubMed/Crossref (lookup settings)."
    ),
    include_marked: bool = typer.Option(
        False,
        "--include-marked",
        help="Also list papers editors marked 'queued for the atlas' or 'not relevant' (with the mark).",
    ),
) -> None:
    """The editors' queue: cited papers no card covers, most-cited and most recent first.

    Papers an editor has marked in the web queue are decided and left out unless asked for.
    """
    app_state = state(ctx)
    with transaction(app_state.engine) as session:
        papers = uncovered_papers(session, limit, include_marked=include_marked)
        if lookup:
            papers = _looked_up(session, papers, app_state.settings)
    rows = queue_rows(papers)
    if output_format is Format.json:
        sys.stdout.write(to_json(rows))
    elif output_format is Format.csv:
        sys.stdout.write(to_csv(rows))
    else:
        Console().print(to_table(rows))


@app.command("audit")
def audit_cmd(
    ctx: typer.Context,
    output_format: Format = typer.Option(Format.table, "--format", "-f", help="table, csv or json."),
) -> None:
    """Compare every card with an identifier against its PubMed and Crossref records.

    Lists each disagreement (title, first author, journal, year, DOI, sample size) with both
    values. Uses the lookup settings; offline or with lookup off, only cached answers.
    """
    from bot.atlas import audit
    from bot.pipeline.audit import audit_atlas

    app_state = state(ctx)
    settings = app_state.settings
    if settings.offline or not settings.lookup.enabled:
        why = "offline is true" if settings.offline else "lookup.enabled is false"
        print(f"metadata lookup is off ({why}): comparing with cached records only", file=sys.stderr)
    report = audit_atlas(app_state.engine, settings)
    if output_format is Format.json:
        sys.stdout.write(audit.to_json(report.disagreements))
    elif output_format is Format.csv:
        sys.stdout.write(audit.to_csv(report.disagreements))
    else:
        Console().print(audit.to_table(report.disagreements))
    print(
        f"{report.checked} cards with identifiers checked, {len(report.disagreements)} disagreement(s), "
        f"{len(report.without_record)} without any record",
        file=sys.stderr,
    )
    for error in report.errors:
        print(f"warning: {error}", file=sys.stderr)
