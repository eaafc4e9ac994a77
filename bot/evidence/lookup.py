"""Optional metadata lookup for uncovered papers: NCBI ID converter, PubMed esummary, Crossref.

Why optional and cached: the editors' queue must work offline and with no account; when the
editors switch lookup on, each paper costs a few polite requests once, and the answer is kept
on the paper (``Paper.metadata_json["lookup"]``) for ``cache_days`` so a queue refresh asks
again only for what is new. A service that fails (a 500 after retries, a 429 past the
allowed wait) costs only its own fields: the others still fill in, and the failed answer is
not cached, so the next run asks again. Requests go through the one polite HTTP layer
(``sources.http``): our User-Agent, per-host pacing, retries honouring Retry-After.
"""

from __future__ import annotations

import dataclasses
import json
import time
from collections.abc import Callable, Sequence
from datetime import datetime, timedelta
from typing import Any
from urllib.parse import quote, urlencode

from sqlalchemy.orm import Session

from bot import clock
from bot.config import HttpSettings, LookupSettings, Settings
from bot.errors import SourceError
from sources.http import HttpClient, HttpStatusError
from storage.analysis import UncoveredPaper
from storage.schema import Paper

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


class MetadataLookup:
    """Asks the services about one paper at a time; does nothing at all when not active."""

    def __init__(
        self,
        settings: LookupSettings,
        http: HttpSettings,
        *,
        offline: bool = False,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self.settings = settings
        self.active = settings.enabled and not offline
        # Documented APIs for programs, not pages to crawl: robots.txt does not govern them.
        self._client = HttpClient(http.model_copy(update={"respect_robots": False}), sleep=sleep)

    @classmethod
    def from_settings(cls, settings: Settings) -> MetadataLookup:
        return cls(settings.lookup, settings.http, offline=settings.offline)

    def close(self) -> None:
        self._client.close()

    def _get_json(self, url: str) -> Any:
        result = self._client.fetch(url, accept="application/json")
        try:
            return json.loads(result.text)
        except json.JSONDecodeError:
            raise SourceError(url, "answer is not JSON") from None

    def _ncbi(self, base: str, params: dict[str, str]) -> Any:
        etiquette = {
            "tool": self.settings.tool,
            **({"email": self.settings.email} if self.settings.email else {}),
        }
        return self._get_json(f"{base}?{urlencode({**params, **etiquette})}")

    def lookup(self, doi: str | None, pmid: str | None, pmcid: str | None) -> PaperMetadata:
        """Everything the services know of the paper with these identifiers."""
        meta = PaperMetadata(doi=doi, pmid=pmid, pmcid=pmcid)
        if not self.active or not (doi or pmid or pmcid):
            return meta
        errors: list[str] = []
        if not (meta.doi and meta.pmid and meta.pmcid):
            meta = self._step("ID converter", meta, errors, self._idconv)
        if meta.pmid:
            meta = self._step("PubMed", meta, errors, self._esummary)
        if meta.doi and (meta.title is None or meta.first_author is None):
            meta = self._step("Crossref", meta, errors, self._crossref)
        return dataclasses.replace(meta, errors=tuple(errors))

    @staticmethod
    def _step(
        name: str, meta: PaperMetadata, errors: list[str], ask: Callable[[PaperMetadata], dict[str, Any]]
    ) -> PaperMetadata:
        try:
            return meta.filled(**ask(meta))
        except SourceError as exc:
            errors.append(f"{name}: {exc}")
            return meta

    def _idconv(self, meta: PaperMetadata) -> dict[str, Any]:
        ident = meta.pmid or meta.pmcid or meta.doi or ""
        return parse_idconv(self._ncbi(self.settings.idconv_url, {"ids": ident, "format": "json"}))

    def _esummary(self, meta: PaperMetadata) -> dict[str, Any]:
        pmid = meta.pmid or ""
        params = {"db": "pubmed", "id": pmid, "retmode": "json"}
        return parse_esummary(self._ncbi(self.settings.esummary_url, params), pmid)

    def _crossref(self, meta: PaperMetadata) -> dict[str, Any]:
        try:
            return parse_crossref(
                self._get_json(self.settings.crossref_url + quote(meta.doi or "", safe="/:"))
            )
        except HttpStatusError as exc:
            if exc.status == 404:  # a definite answer: Crossref does not know this DOI
                return {}
            raise


# --- the editors' queue, filled in and cached on the Paper rows ---------------------------


def _fresh(cached: dict[str, Any], now: datetime, days: int) -> bool:
    fetched = cached.get("fetched_at")
    return isinstance(fetched, str) and datetime.fromisoformat(fetched) > now - timedelta(days=days)


def fill_uncovered(
    session: Session,
    papers: Sequence[UncoveredPaper],
    lookup: MetadataLookup,
    now: datetime | None = None,
) -> list[UncoveredPaper]:
    """The queue with missing titles and identifiers filled from the cache or the services.

    The Paper rows gain what was found (never overwriting what posts gave) and the answer is
    cached on them; a lookup that failed is not cached, so the next run asks again.
    """
    when = now or clock.now()
    filled: list[UncoveredPaper] = []
    asked = 0
    for paper in papers:
        row = session.get(Paper, paper.id)
        complete = paper.title and paper.doi and paper.pmid
        if row is None or complete:
            filled.append(paper)
            continue
        cached = (row.metadata_json or {}).get("lookup")
        if isinstance(cached, dict) and _fresh(cached, when, lookup.settings.cache_days):
            found = dict(cached["result"])
        elif lookup.active and asked < lookup.settings.max_papers:
            asked += 1
            meta = lookup.lookup(paper.doi, paper.pmid, paper.pmcid)
            found = meta.as_cache()
            if not meta.errors:
                row.metadata_json = {
                    **(row.metadata_json or {}),
                    "lookup": {"fetched_at": when.isoformat(), "result": found},
                }
        else:
            filled.append(paper)
            continue
        names = ("doi", "pmid", "pmcid", "title", "first_author", "year")
        updates: dict[str, Any] = {k: found[k] for k in names if found.get(k) and getattr(paper, k) is None}
        for name, value in updates.items():
            setattr(row, name, value)
        filled.append(dataclasses.replace(paper, **updates))
    return filled
