"""The editors' queue of uncovered papers, written out as a table, CSV or JSON.

Pure formatting: the ranking is storage's (``storage.analysis.uncovered_papers``), and the
command only moves rows from there to here. Every format carries the same columns, so an
editor can switch from the terminal table to a spreadsheet without losing anything.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Sequence
from datetime import datetime
from typing import Any, Protocol

from rich.table import Table

COLUMNS = (
    "rank",
    "mentions",
    "doi",
    "pmid",
    "pmcid",
    "title",
    "first_author",
    "year",
    "first_seen",
    "last_seen",
    "example_urls",
    "mark",
    "mark_note",
)

# How an editor's mark reads to people.
MARK_WORDS = {"queued": "queued for the atlas", "not_relevant": "not relevant"}


class UncoveredLike(Protocol):
    """What the queue needs of an uncovered paper (``storage.analysis.UncoveredPaper``)."""

    @property
    def doi(self) -> str | None: ...
    @property
    def pmid(self) -> str | None: ...
    @property
    def pmcid(self) -> str | None: ...
    @property
    def title(self) -> str | None: ...
    @property
    def first_author(self) -> str | None: ...
    @property
    def year(self) -> int | None: ...
    @property
    def mentions(self) -> int: ...
    @property
    def first_seen(self) -> datetime: ...
    @property
    def last_seen(self) -> datetime: ...
    @property
    def example_urls(self) -> tuple[str, ...]: ...
    @property
    def mark(self) -> str | None: ...
    @property
    def mark_note(self) -> str | None: ...


def queue_rows(papers: Sequence[UncoveredLike]) -> list[dict[str, Any]]:
    """One JSON-ready dict per paper, in the queue's order, ranked from 1."""
    return [
        {
            "rank": rank,
            "mentions": p.mentions,
            "doi": p.doi,
            "pmid": p.pmid,
            "pmcid": p.pmcid,
            "title": p.title,
            "first_author": p.first_author,
            "year": p.year,
            "first_seen": p.first_seen.isoformat(),
            "last_seen": p.last_seen.isoformat(),
            "example_urls": list(p.example_urls),
            "mark": p.mark,
            "mark_note": p.mark_note,
        }
        for rank, p in enumerate(papers, start=1)
    ]


def to_json(rows: list[dict[str, Any]]) -> str:
    return json.dumps(rows, ensure_ascii=False, indent=2) + "\n"


def to_csv(rows: list[dict[str, Any]]) -> str:
    """CSV with a header row; several example URLs share one cell, space-separated."""
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=COLUMNS, lineterminator="\n")
    writer.writeheader()
    for row in rows:
        writer.writerow({**row, "example_urls": " ".join(row["example_urls"])})
    return buffer.getvalue()


def _identifiers(row: dict[str, Any]) -> str:
    parts = [f"doi:{row['doi']}" if row["doi"] else "", f"PMID {row['pmid']}" if row["pmid"] else ""]
    parts.append(row["pmcid"] or "")
    return "\n".join(p for p in parts if p) or "-"


def to_table(rows: list[dict[str, Any]]) -> Table:
    """A terminal table: most-cited first, dates as days."""
    table = Table(title=f"Uncovered papers ({len(rows)})", show_lines=True)
    table.add_column("#", justify="right")
    table.add_column("mentions", justify="right")
    table.add_column("identifiers")
    table.add_column("title / first author, year", max_width=60)
    table.add_column("first seen")
    table.add_column("last seen")
    table.add_column("example post", max_width=50, overflow="fold")
    marked = any(row["mark"] for row in rows)
    if marked:
        table.add_column("editor's mark", max_width=40)
    for row in rows:
        who = ", ".join(str(x) for x in (row["first_author"], row["year"]) if x)
        title = row["title"] or "(title unknown)"
        cells = [
            str(row["rank"]),
            str(row["mentions"]),
            _identifiers(row),
            f"{title}\n{who}" if who else title,
            row["first_seen"][:10],
            row["last_seen"][:10],
            row["example_urls"][0] if row["example_urls"] else "-",
        ]
        if marked:
            mark = MARK_WORDS.get(row["mark"] or "", "-")
            cells.append(f"{mark}: {row['mark_note']}" if row["mark_note"] else mark)
        table.add_row(*cells)
    return table
