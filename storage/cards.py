"""Atlas cards as stored: imported, updated in place by id, never edited here.

Why re-import compares before writing: the atlas is re-imported whenever the editors export
it, and the import report should say which cards really changed, not that all of them did.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from storage import clock
from storage.errors import StorageError
from storage.schema import AtlasCardRow
from storage.types import AtlasCard

_CHUNK = 500


def _values(card: AtlasCard) -> dict[str, Any]:
    return card.to_dict()


def row_to_card(row: AtlasCardRow) -> AtlasCard:
    """The frozen card a stored row stands for (tuples where the card has tuples)."""
    tags = row.tags or {}
    return AtlasCard(
        id=row.id,
        title=row.title,
        authors=tuple(row.authors or ()),
        journal=row.journal,
        year=row.year,
        doi=row.doi,
        pmid=row.pmid,
        pmcid=row.pmcid,
        url=row.url,
        evidence_level=row.evidence_level,
        evidence_label=row.evidence_label,
        badges=tuple(row.badges or ()),
        design=row.design,
        sample_size=row.sample_size,
        peer_reviewed=row.peer_reviewed,
        review_status=row.review_status,
        quick_summary=row.quick_summary,
        observed_findings=tuple(row.observed_findings or ()),
        inferred_conclusions=tuple(row.inferred_conclusions or ()),
        does_not_prove=row.does_not_prove,
        method_flags=tuple(row.method_flags or ()),
        tags={str(k): tuple(v) for k, v in tags.items()},
    )


def upsert_cards(
    session: Session, cards: Iterable[AtlasCard], imported_from: str, now: datetime | None = None
) -> tuple[int, int]:
    """Store cards by id; returns (created, updated). A card already stored unchanged counts in
    neither, and a card repeated within one import is stored once (the last one wins)."""
    when = now or clock.now()
    latest: dict[str, AtlasCard] = {}
    for card in cards:
        if not card.id or len(card.id) > 200:
            raise StorageError(
                f"atlas card id {card.id[:60]!r} from {imported_from} must be 1-200 characters"
            )
        latest[card.id] = card
    ids = list(latest)
    stored: dict[str, AtlasCardRow] = {}
    for start in range(0, len(ids), _CHUNK):
        chunk = ids[start : start + _CHUNK]
        stored.update(
            {row.id: row for row in session.scalars(select(AtlasCardRow).where(AtlasCardRow.id.in_(chunk)))}
        )
    created = updated = 0
    for card_id, card in latest.items():
        values = _values(card)
        row = stored.get(card_id)
        if row is None:
            session.add(AtlasCardRow(**values, imported_from=imported_from, imported_at=when))
            created += 1
        elif row_to_card(row) != card:
            for name, value in values.items():
                setattr(row, name, value)
            row.imported_from = imported_from
            row.imported_at = when
            updated += 1
    session.flush()
    return created, updated


def load_cards(session: Session) -> list[AtlasCard]:
    """Every stored card, by id (the matcher builds its indexes from these)."""
    return [row_to_card(row) for row in session.scalars(select(AtlasCardRow).order_by(AtlasCardRow.id))]


def get_card(session: Session, card_id: str) -> AtlasCard | None:
    row = session.get(AtlasCardRow, card_id)
    return row_to_card(row) if row is not None else None


def count_cards(session: Session) -> int:
    return session.scalar(select(func.count()).select_from(AtlasCardRow)) or 0
