"""``atlas audit``: fetch (or read from the cache) each card's records, then compare.

Only this module touches storage and the network for the audit; the comparison is
``bot.atlas.audit.audit_card``. Each answer is cached in ``lookup_cache`` under what was
asked, fresh for ``lookup.cache_days``; with lookup off or offline, the cache is all there is.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from typing import Any

from sqlalchemy import Engine

from bot import clock
from bot.atlas.audit import Disagreement, audit_card
from bot.config import Settings
from bot.errors import SourceError
from bot.evidence import identifiers as ids
from bot.evidence.lookup import fresh
from bot.pipeline.lookup import MetadataLookup
from storage.cards import load_cards
from storage.db import transaction
from storage.lookup_cache import cached, remember


@dataclass(frozen=True, slots=True)
class AuditReport:
    disagreements: list[Disagreement]
    checked: int  # cards with an identifier
    without_record: list[str]  # cards none of whose records could be had (offline, empty cache)
    errors: list[str]


def audit_atlas(engine: Engine, settings: Settings, lookup: MetadataLookup | None = None) -> AuditReport:
    service = lookup or MetadataLookup.from_settings(settings)
    now = clock.now()
    days = settings.lookup.cache_days
    found: list[Disagreement] = []
    missing: list[str] = []
    errors: list[str] = []
    checked = 0
    try:
        with transaction(engine) as session:
            cards = load_cards(session)

            def ask(key: str, fetch: Callable[[], Any]) -> Any:
                hit = cached(session, key)
                if hit is not None and (
                    not service.active or fresh({"fetched_at": hit[0].isoformat()}, now, days)
                ):
                    return hit[1].get("value")
                if not service.active:
                    return None
                try:
                    value = fetch()
                except SourceError as exc:
                    errors.append(f"{key}: {exc}")
                    return hit[1].get("value") if hit is not None else None
                remember(session, key, {"value": value}, now)
                return value

            for card in cards:
                pmid, doi = ids.norm_pmid(card.pmid), ids.norm_doi(card.doi)
                if not (pmid or doi):
                    continue
                checked += 1
                pubmed = ask(f"pubmed:{pmid}", partial(service.pubmed_record, pmid)) if pmid else None
                abstract = ask(f"abstract:{pmid}", partial(service.pubmed_abstract, pmid)) if pmid else None
                crossref = ask(f"crossref:{doi}", partial(service.crossref_record, doi)) if doi else None
                if not (pubmed or crossref or abstract):
                    missing.append(card.id)
                    continue
                found += audit_card(card, pubmed, crossref, abstract)
    finally:
        if lookup is None:
            service.close()
    return AuditReport(found, checked, missing, errors)
