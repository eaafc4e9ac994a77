"""Metadata lookup for uncovered papers and atlas cards: NCBI ID converter, PubMed, Crossref.

Why optional and cached: the editors' queue must work offline and with no account; when the
editors switch lookup on, each paper costs a few polite requests once, and the answer is kept
on the paper (``Paper.metadata_json["lookup"]``) for ``cache_days`` so a queue refresh asks
again only for what is new. A service that fails (a 500 after retries, a 429 past the
allowed wait) costs only its own fields: the others still fill in, and the failed answer is
not cached, so the next run asks again. Requests go through the one polite HTTP layer
(``sources.http``): our User-Agent, per-host pacing, retries honouring Retry-After. The
answers are read by the pure parsers in ``bot.evidence.lookup``.
"""

from __future__ import annotations

import dataclasses
import json
import time
from collections.abc import Callable, Sequence
from datetime import datetime
from typing import Any
from urllib.parse import quote, urlencode

from sqlalchemy.orm import Session

from bot import clock
from bot.config import HttpSettings, LookupSettings, Settings
from bot.errors import SourceError
from bot.evidence.lookup import (
    PaperMetadata,
    fresh,
    paper_updates,
    parse_crossref,
    parse_efetch_abstract,
    parse_esummary,
    parse_idconv,
)
from sources.http import HttpClient, HttpStatusError
from storage.analysis import UncoveredPaper, uncovered_papers
from storage.papers import merge_sharing, refresh_paper_stats
from storage.schema import Paper


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

    # -- single records, for the atlas audit (each raises SourceError when the service fails) --

    def pubmed_record(self, pmid: str) -> dict[str, Any]:
        params = {"db": "pubmed", "id": pmid, "retmode": "json"}
        return parse_esummary(self._ncbi(self.settings.esummary_url, params), pmid)

    def pubmed_abstract(self, pmid: str) -> str | None:
        etiquette = {
            "tool": self.settings.tool,
            **({"email": self.settings.email} if self.settings.email else {}),
        }
        query = urlencode({"db": "pubmed", "id": pmid, "rettype": "abstract", "retmode": "xml", **etiquette})
        return parse_efetch_abstract(self._client.fetch(f"{self.settings.efetch_url}?{query}").text)

    def crossref_record(self, doi: str) -> dict[str, Any]:
        return self._crossref(PaperMetadata(doi=doi))


# --- the editors' queue, filled in and cached on the Paper rows ---------------------------


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
    merged: set[int] = set()
    asked = 0
    for paper in papers:
        row = session.get(Paper, paper.id)
        complete = paper.title and paper.doi and paper.pmid
        if row is None or complete:
            filled.append(paper)
            continue
        cached = (row.metadata_json or {}).get("lookup")
        if isinstance(cached, dict) and fresh(cached, when, lookup.settings.cache_days):
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
        known = {k: getattr(paper, k) for k in ("doi", "pmid", "pmcid", "title", "first_author", "year")}
        updates = paper_updates(known, found)
        for name, value in updates.items():
            setattr(row, name, value)
        filled.append(dataclasses.replace(paper, **updates))
        if updates.keys() & {"doi", "pmid", "pmcid"}:
            merged |= merge_sharing(session, row)  # the answer may tie this row to another
    if merged:
        # Rows merged: recount (counts are derived) and read the queue back in its order.
        refresh_paper_stats(session, merged)
        session.flush()
        return uncovered_papers(session, len(filled))
    return filled
