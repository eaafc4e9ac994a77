"""What the bibliographic services answer about a paper, read into plain data.

Pure functions only: parsing the NCBI ID converter, PubMed E-utilities (esummary, efetch)
and Crossref answers, and deciding what a paper row gains from them. The requests are made
by ``bot.pipeline.lookup`` through the one HTTP layer, and only the pipeline touches rows
(DESIGN.md: decisions are pure functions; only ``bot/pipeline/`` touches storage).
"""

from __future__ import annotations

import dataclasses
import re
import xml.etree.ElementTree as ET
from datetime import datetime, timedelta
from typing import Any

FIELDS = ("doi", "pmid", "pmcid", "title", "first_author", "year", "journal")


@dataclasses.dataclass(frozen=True, slots=True)
class PaperMetadata:
    """What the services said about one paper; ``errors`` are failures worth retrying."""

    doi: str | None = None
    pmid: str | None = None
    pmcid: str | None = None
    title: str | None = None
    first_author: str | None = None
    year: int | None = None
    journal: str | None = None
    errors: tuple[str, ...] = ()

    def filled(self, **found: Any) -> PaperMetadata:
        """Self with the fields it lacks taken from ``found`` (what is known is kept)."""
        new = {k: v for k, v in found.items() if k in FIELDS and v and getattr(self, k) is None}
        return dataclasses.replace(self, **new) if new else self

    def as_cache(self) -> dict[str, Any]:
        return {k: getattr(self, k) for k in FIELDS}


# --- the services' answers, read into plain dicts (pure functions, tested on recordings) ---


def _year(text: str | None) -> int | None:
    head = (text or "").strip()[:4]
    return int(head) if head.isdigit() else None


def parse_idconv(data: Any) -> dict[str, Any]:
    """The first record of an ID-converter answer; {} when the id is not in PMC."""
    records = data.get("records") if isinstance(data, dict) else None
    if not records or not isinstance(records[0], dict) or records[0].get("status") == "error":
        return {}
    record = records[0]
    found = {"doi": record.get("doi"), "pmid": record.get("pmid"), "pmcid": record.get("pmcid")}
    return {k: str(v).lower() if k == "doi" else str(v) for k, v in found.items() if v}


def parse_esummary(data: Any, pmid: str) -> dict[str, Any]:
    """Title, first author, year, journal and other ids of one PubMed record."""
    record = (data.get("result") or {}).get(pmid) if isinstance(data, dict) else None
    if not isinstance(record, dict) or record.get("error"):
        return {}
    ids = {i.get("idtype"): i.get("value") for i in record.get("articleids") or [] if isinstance(i, dict)}
    authors = [a.get("name") for a in record.get("authors") or [] if isinstance(a, dict) and a.get("name")]
    pmc, doi = ids.get("pmc"), ids.get("doi")
    return {
        "title": (record.get("title") or "").rstrip(". ") or None,
        "first_author": authors[0] if authors else record.get("sortfirstauthor") or None,
        "year": _year(record.get("pubdate")) or _year(record.get("epubdate")),
        "journal": record.get("fulljournalname") or record.get("source") or None,
        "doi": str(doi).lower() if doi else None,
        "pmcid": pmc if pmc and str(pmc).startswith("PMC") else None,
    }


def parse_crossref(data: Any) -> dict[str, Any]:
    """Title, first author, year and journal of a Crossref work."""
    work = data.get("message") if isinstance(data, dict) else None
    if not isinstance(work, dict):
        return {}
    authors = [a for a in work.get("author") or [] if isinstance(a, dict)]
    first = next((a for a in authors if a.get("sequence") == "first"), authors[0] if authors else None)
    surname = (first.get("family") or first.get("name")) if first else None
    initials = "".join(p[0] for p in (first.get("given") or "").replace("-", " ").split()) if first else ""
    parts = ((work.get("issued") or {}).get("date-parts") or [[None]])[0]
    titles = work.get("title") or []
    journals = work.get("container-title") or []
    return {
        "title": " ".join(str(titles[0]).split()).rstrip(".") if titles else None,
        "first_author": f"{surname} {initials}".strip() if surname else None,
        "year": parts[0] if parts and isinstance(parts[0], int) else None,
        "journal": journals[0] if journals else None,
        "doi": str(work["DOI"]).lower() if work.get("DOI") else None,
    }


def parse_efetch_abstract(xml_text: str) -> str | None:
    """The abstract of the first article in a PubMed efetch answer (XML), its parts joined."""
    try:
        root = ET.fromstring(xml_text)
    except ET.ParseError:
        return None
    parts = ["".join(node.itertext()).strip() for node in root.iter("AbstractText")]
    text = " ".join(p for p in parts if p)
    return text or None


_N_EQUALS = re.compile(r"\b[nN]\s*=\s*(\d{1,6})\b")
_COUNTED = re.compile(
    r"\b(\d{1,6})\s+(?:[\w/-]+\s+){0,3}?(?:patients|participants|subjects|individuals|people|cases|adults|controls)\b"
)


def sample_sizes(abstract: str) -> set[int]:
    """The sample sizes an abstract can be read as stating: each group count, each total of
    group counts written as "n = …", and the largest "N participants" figure."""
    groups = [int(v) for v in _N_EQUALS.findall(abstract)]
    counted = [int(v) for v in _COUNTED.findall(abstract)]
    found = set(groups) | set(counted)
    if len(groups) > 1:
        found.add(sum(groups))
    if len(counted) > 1:
        found.add(sum(counted))
    return {n for n in found if n > 1}


def fresh(cached: dict[str, Any], now: datetime, days: int) -> bool:
    """Whether a cached answer (with its ``fetched_at``) is younger than ``days``."""
    fetched = cached.get("fetched_at")
    return isinstance(fetched, str) and datetime.fromisoformat(fetched) > now - timedelta(days=days)


def paper_updates(known: dict[str, Any], found: dict[str, Any]) -> dict[str, Any]:
    """What a paper row gains from an answer: only fields it lacks (what posts gave is kept)."""
    names = ("doi", "pmid", "pmcid", "title", "first_author", "year")
    return {k: found[k] for k in names if found.get(k) and known.get(k) is None}
