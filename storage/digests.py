"""Digests in the database, and the week of analysed posts they are built from.

A digest is saved whole (its JSON payload) as well as claim by claim: the payload lets the
archive re-render a past week exactly as it was sent, the entry rows let the web pages and
moderators query what was shown. Subscribers and deliveries have their own modules.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any, Generic, TypeVar

from sqlalchemy import delete, select, update
from sqlalchemy.orm import Session

from storage import clock
from storage.dialect import insert_on_conflict
from storage.errors import StorageError
from storage.posts import post_date, posts_in_window
from storage.schema import (
    AtlasCardRow,
    CitationRow,
    ClaimRow,
    DigestEntryRow,
    DigestRow,
    FlagRow,
    MatchRow,
    Paper,
    Post,
)
from storage.types import (
    AnalysedPost,
    Citation,
    Claim,
    Flag,
    Match,
    PaperRef,
    ReviewedFlag,
    StorableDigest,
)

T = TypeVar("T")
Decode = Callable[[dict[str, Any]], T]
"""Turns a saved payload back into the caller's digest (``bot.digest.types.Digest.from_dict``):
storage keeps the JSON and knows nothing of the digest's shape."""


@dataclass(frozen=True, slots=True)
class StoredDigest(Generic[T]):
    id: int
    digest: T
    published_at: datetime | None


# --- the week's analysed posts ---------------------------------------------------------------

_CHUNK = 500  # ids per IN (...) query: well inside every backend's parameter limit


def _chunks(ids: list[int]) -> list[list[int]]:
    return [ids[i : i + _CHUNK] for i in range(0, len(ids), _CHUNK)]


def load_week(session: Session, start: datetime, end: datetime) -> list[AnalysedPost]:
    """Analysed, non-duplicate posts made in [start, end), with claims, matches and reviewed
    flags, as ``build_digest`` takes them. A post's date is its creation time, or its fetch
    time when the source gave none (as ``storage.posts.post_date`` says)."""
    posts = [p for p in posts_in_window(session, start, end) if p.analysed_at is not None]
    claims: dict[int, list[Claim]] = {}
    matches: dict[int, list[Match]] = {}
    flags: dict[int, list[ReviewedFlag]] = {}
    for ids in _chunks([p.id for p in posts]):
        for c in session.scalars(
            select(ClaimRow).where(ClaimRow.post_id.in_(ids)).order_by(ClaimRow.post_id, ClaimRow.span_start)
        ):
            claims.setdefault(c.post_id, []).append(
                Claim(
                    text=c.text,
                    span=(c.span_start, c.span_end),
                    strength=c.strength,  # type: ignore[arg-type]
                    cites=tuple(c.cites or ()),
                    topics=tuple(c.topics or ()),
                    overstated=c.overstated,
                )
            )
        rows = session.execute(
            select(CitationRow, MatchRow, Paper)
            .join(MatchRow, MatchRow.citation_id == CitationRow.id)
            .outerjoin(Paper, MatchRow.paper_id == Paper.id)
            .where(CitationRow.post_id.in_(ids))
            .order_by(CitationRow.post_id, CitationRow.span_start)
        )
        for cit, m, paper in rows:
            ref = (
                PaperRef(paper.doi, paper.pmid, paper.pmcid, paper.title, paper.first_author, paper.year)
                if paper is not None
                else PaperRef()
            )
            citation = Citation(cit.kind, cit.value, (cit.span_start, cit.span_end), cit.confidence)  # type: ignore[arg-type]
            matches.setdefault(cit.post_id, []).append(
                Match(citation, m.card_id, ref, m.method, m.score, m.status, tuple(m.ambiguous or ()))  # type: ignore[arg-type]
            )
        for f, claim_text in session.execute(
            select(FlagRow, ClaimRow.text)
            .outerjoin(ClaimRow, FlagRow.claim_id == ClaimRow.id)
            .where(FlagRow.post_id.in_(ids))
        ):
            flag = Flag(f.kind, f.reason, claim_text=claim_text, card_id=f.card_id)  # type: ignore[arg-type]
            flags.setdefault(f.post_id or 0, []).append(ReviewedFlag(flag, f.status, f.moderator_note))  # type: ignore[arg-type]
    return [
        AnalysedPost(
            post_id=str(p.id),
            source=p.source,
            kind=p.kind,  # type: ignore[arg-type]
            url=p.url,
            title=p.title,
            text=p.text,
            created_at=post_date(p),
            score=p.score,
            replies=p.replies,
            post_type=p.post_type,  # type: ignore[arg-type]
            topics=tuple(p.topics or ()),
            claims=tuple(claims.get(p.id, ())),
            matches=tuple(matches.get(p.id, ())),
            flags=tuple(flags.get(p.id, ())),
        )
        for p in posts
    ]


# --- digests ---------------------------------------------------------------------------------


def save_digest(session: Session, digest: StorableDigest) -> int:
    """Insert or replace the digest for ``digest.week_start``; returns its id.

    Rebuilding a week replaces its entries but keeps its id and publication time, so
    deliveries already recorded against it still count (nobody is mailed the rebuild).
    """
    # Two publishers of one week at once: the second waits on the row the first made, then
    # replaces its entries, instead of failing on the unique week.
    stmt = insert_on_conflict(session, DigestRow).values(
        week_start=digest.week_start,
        week_end=digest.week_end,
        title=digest.title,
        built_at=digest.generated_at,
        published_at=None,
        payload={},
    )
    session.execute(stmt.on_conflict_do_nothing(index_elements=[DigestRow.week_start]))
    query = select(DigestRow).where(DigestRow.week_start == digest.week_start).with_for_update()
    row = session.scalars(query.execution_options(populate_existing=True)).one()
    row.week_end = digest.week_end
    row.title = digest.title
    row.built_at = digest.generated_at
    row.payload = digest.to_dict()
    session.flush()
    session.execute(delete(DigestEntryRow).where(DigestEntryRow.digest_id == row.id))

    shown = digest.entry_records()
    post_ids = {int(e.post_id) for e in shown if e.post_id.isdigit()}
    known_posts: set[int] = set()
    if post_ids:
        known_posts = set(session.scalars(select(Post.id).where(Post.id.in_(post_ids))))
    card_ids = {e.card_id for e in shown if e.card_id is not None}
    known_cards: set[str] = set()
    if card_ids:
        known_cards = set(session.scalars(select(AtlasCardRow.id).where(AtlasCardRow.id.in_(card_ids))))
    for position, entry in enumerate(shown):
        post_id = int(entry.post_id) if entry.post_id.isdigit() else None
        session.add(
            DigestEntryRow(
                digest_id=row.id,
                position=position,
                topic=entry.heading[:200],
                post_id=post_id if post_id in known_posts else None,
                card_id=entry.card_id if entry.card_id in known_cards else None,
                quote=entry.quote,
                source_url=entry.source_url,
                strength=entry.strength,
                moderator_note=entry.moderator_note,
                payload=entry.payload,
            )
        )
    session.flush()
    return row.id


def _stored(row: DigestRow, decode: Decode[T]) -> StoredDigest[T]:
    try:
        digest = decode(row.payload)
    except (KeyError, TypeError, ValueError) as exc:
        raise StorageError(f"digest {row.id} (week {row.week_start}) is unreadable: {exc}") from None
    return StoredDigest(row.id, digest, row.published_at)


def load_digest(session: Session, week_start: date, decode: Decode[T]) -> StoredDigest[T] | None:
    row = session.scalars(select(DigestRow).where(DigestRow.week_start == week_start)).one_or_none()
    return None if row is None else _stored(row, decode)


def get_digest(session: Session, digest_id: int, decode: Decode[T]) -> StoredDigest[T] | None:
    row = session.get(DigestRow, digest_id)
    return None if row is None else _stored(row, decode)


def list_digests(session: Session, decode: Decode[T]) -> list[StoredDigest[T]]:
    """Every saved digest, newest week first (what the archive and the feed show)."""
    rows = session.scalars(select(DigestRow).order_by(DigestRow.week_start.desc()))
    return [_stored(row, decode) for row in rows]


def mark_published(session: Session, digest_id: int, now: datetime | None = None) -> None:
    session.execute(
        update(DigestRow)
        .where(DigestRow.id == digest_id, DigestRow.published_at.is_(None))
        .values(published_at=now or clock.now())
    )


def is_published(session: Session, week_start: date) -> bool:
    """Whether the digest of the week starting ``week_start`` has been published."""
    published = session.scalar(select(DigestRow.published_at).where(DigestRow.week_start == week_start))
    return published is not None
