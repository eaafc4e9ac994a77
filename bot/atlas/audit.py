"""The atlas audit: where a card's bibliographic facts disagree with its paper's record.

Pure decisions on data already fetched (``bot.pipeline.audit`` fetches and caches). Why each
check: a card whose journal and DOI belong to another paper than its PMID sends readers to
the wrong study, and a sample size that disagrees with the abstract misstates the evidence;
both have happened in the real atlas. Each disagreement names the field, both values and
the record that says so, so an editor can fix the card without re-doing the search.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Mapping, Sequence
from dataclasses import asdict, dataclass
from typing import Any

from rapidfuzz import fuzz
from rich.table import Table

from bot.atlas.types import AtlasCard
from bot.evidence import identifiers as ids
from bot.evidence.lookup import sample_sizes

_SAME_TITLE = 90  # title similarity (0-100, punctuation and case ignored) that counts as the same
_SAME_JOURNAL = 85


@dataclass(frozen=True, slots=True)
class Disagreement:
    card_id: str
    field: str
    card_value: str
    record_value: str
    source: str  # "PubMed 12345678", "Crossref 10.…", "PubMed abstract 12345678"


def _words(text: str | None) -> str:
    return " ".join("".join(ch if ch.isalnum() else " " for ch in (text or "").lower()).split())


def _surname(name: str | None) -> str:
    parts = (name or "").replace(",", " ").split()
    while len(parts) > 1 and parts[-1].isupper() and len(parts[-1]) <= 3:
        parts.pop()
    return ids.fold(parts[-1]) if parts else ""


def _compare(card: AtlasCard, record: Mapping[str, Any], source: str) -> list[Disagreement]:
    out: list[Disagreement] = []

    def differ(field: str, mine: object, theirs: object) -> None:
        out.append(Disagreement(card.id, field, str(mine), str(theirs), source))

    title = record.get("title")
    if title and card.title and fuzz.ratio(_words(card.title), _words(title)) < _SAME_TITLE:
        differ("title", card.title, title)
    first = record.get("first_author")
    if first and card.first_author_surname and _surname(card.first_author_surname) != _surname(first):
        differ("first author", card.first_author_surname, first)
    journal = record.get("journal")
    if journal and card.journal:
        a, b = _words(card.journal.replace("&", "and")), _words(str(journal).replace("&", "and"))
        if fuzz.ratio(a, b) < _SAME_JOURNAL and fuzz.partial_ratio(a, b) < 95:
            differ("journal", card.journal, journal)
    year = record.get("year")
    if year and card.year and int(year) != card.year:
        differ("year", card.year, year)
    doi = ids.norm_doi(record.get("doi"))
    if doi and card.doi and ids.norm_doi(card.doi) != doi:
        differ("doi", card.doi, doi)
    pmcid = ids.norm_pmcid(record.get("pmcid"))
    if pmcid and card.pmcid and ids.norm_pmcid(card.pmcid) != pmcid:
        differ("pmcid", card.pmcid, pmcid)
    return out


def audit_card(
    card: AtlasCard,
    pubmed: Mapping[str, Any] | None,
    crossref: Mapping[str, Any] | None,
    abstract: str | None,
) -> list[Disagreement]:
    """Every disagreement between a card and the records of its PMID and its DOI.

    The PubMed record (by PMID) is compared field by field; the Crossref record (by DOI) too,
    so a card whose DOI and PMID are two papers shows up from both sides. A sample size is
    compared only when the abstract states one and the card has one.
    """
    out: list[Disagreement] = []
    if pubmed:
        out += _compare(card, pubmed, f"PubMed {ids.norm_pmid(card.pmid)}")
    if crossref:
        out += [d for d in _compare(card, crossref, f"Crossref {ids.norm_doi(card.doi)}") if d.field != "doi"]
    if abstract and card.sample_size:
        stated = sample_sizes(abstract)
        if stated and card.sample_size not in stated:
            shown = ", ".join(str(n) for n in sorted(stated))
            out.append(
                Disagreement(
                    card.id, "sample size", str(card.sample_size), shown, f"PubMed abstract {card.pmid}"
                )
            )
    return out


COLUMNS = ("card_id", "field", "card_value", "record_value", "source")


def rows(found: Sequence[Disagreement]) -> list[dict[str, str]]:
    return [asdict(d) for d in found]


def to_json(found: Sequence[Disagreement]) -> str:
    return json.dumps(rows(found), ensure_ascii=False, indent=2) + "\n"


def to_csv(found: Sequence[Disagreement]) -> str:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=COLUMNS, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows(found))
    return buffer.getvalue()


def to_table(found: Sequence[Disagreement]) -> Table:
    table = Table(title=f"Atlas audit: {len(found)} disagreement(s)", show_lines=True)
    for column, width in (
        ("card", 40),
        ("field", 12),
        ("card says", 50),
        ("record says", 50),
        ("source", 30),
    ):
        table.add_column(column, max_width=width, overflow="fold")
    for d in found:
        table.add_row(d.card_id, d.field, d.card_value, d.record_value, d.source)
    return table
