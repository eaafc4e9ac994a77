"""Digests, subscribers and deliveries in the database.

A digest is saved whole (its JSON payload) as well as entry by entry: the payload lets the
archive re-render a past week exactly as it was sent, the entry rows let the web pages and
moderators query entries. Delivery rows are the guard against mailing anyone twice: each
helper here is meant to run in its own short transaction (see ``bot/digest/deliver.py``).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Literal, cast

from sqlalchemy import delete, select, update
from sqlalchemy.orm import Session

from bot.digest.types import AnalysedPost, Digest, ReviewedFlag
from storage import clock
from storage.dialect import insert_on_conflict
from storage.errors import StorageError
from storage.posts import post_date, posts_in_window
from storage.schema import (
    AtlasCardRow,
    CitationRow,
    ClaimRow,
    Delivery,
    DigestEntryRow,
    DigestRow,
    FlagRow,
    MatchRow,
    Paper,
    Post,
)
from storage.types import Citation, Claim, Flag, Match, PaperRef

DeliveryStatus = Literal["sending", "sent", "failed"]


@dataclass(frozen=True, slots=True)
class StoredDigest:
    id: int
    digest: Digest
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


def save_digest(session: Session, digest: Digest) -> int:
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

    entries = digest.entries
    post_ids = {int(e.post_id) for e in entries if e.post_id.isdigit()}
    known_posts: set[int] = set()
    if post_ids:
        known_posts = set(session.scalars(select(Post.id).where(Post.id.in_(post_ids))))
    card_ids = {e.card.id for e in entries if e.card is not None}
    known_cards: set[str] = set()
    if card_ids:
        known_cards = set(session.scalars(select(AtlasCardRow.id).where(AtlasCardRow.id.in_(card_ids))))
    payloads = row.payload["groups"]
    flat = [p for group in payloads for p in group["entries"]]
    for position, (entry, payload) in enumerate(zip(entries, flat, strict=True)):
        post_id = int(entry.post_id) if entry.post_id.isdigit() else None
        session.add(
            DigestEntryRow(
                digest_id=row.id,
                position=position,
                topic=entry.topic[:200],
                post_id=post_id if post_id in known_posts else None,
                card_id=entry.card.id if entry.card is not None and entry.card.id in known_cards else None,
                quote=entry.quote,
                source_url=entry.source_url,
                strength=entry.claim_strength,
                moderator_note=entry.moderator_note,
                payload=payload,
            )
        )
    session.flush()
    return row.id


def _stored(row: DigestRow) -> StoredDigest:
    try:
        digest = Digest.from_dict(row.payload)
    except (KeyError, TypeError, ValueError) as exc:
        raise StorageError(f"digest {row.id} (week {row.week_start}) is unreadable: {exc}") from None
    return StoredDigest(row.id, digest, row.published_at)


def load_digest(session: Session, week_start: date) -> StoredDigest | None:
    row = session.scalars(select(DigestRow).where(DigestRow.week_start == week_start)).one_or_none()
    return None if row is None else _stored(row)


def get_digest(session: Session, digest_id: int) -> StoredDigest | None:
    row = session.get(DigestRow, digest_id)
    return None if row is None else _stored(row)


def list_digests(session: Session) -> list[StoredDigest]:
    """Every saved digest, newest week first (what the archive and the feed show)."""
    rows = session.scalars(select(DigestRow).order_by(DigestRow.week_start.desc()))
    return [_stored(row) for row in rows]


def mark_published(session: Session, digest_id: int, now: datetime | None = None) -> None:
    session.execute(
        update(DigestRow)
        .where(DigestRow.id == digest_id, DigestRow.published_at.is_(None))
        .values(published_at=now or clock.now())
    )


# --- deliveries ------------------------------------------------------------------------------


def delivery_states(session: Session, digest_id: int) -> dict[int, DeliveryStatus]:
    """subscriber id → status of this digest's delivery to them."""
    rows = session.execute(
        select(Delivery.subscriber_id, Delivery.status).where(Delivery.digest_id == digest_id)
    )
    return {int(sid): cast(DeliveryStatus, status) for sid, status in rows}


def begin_delivery(
    session: Session, digest_id: int, subscriber_id: int, message_id: str, now: datetime
) -> bool:
    """Claim one (digest, subscriber) for sending: True when this caller may send.

    A new row is inserted as 'sending'; a 'failed' one is flipped back to 'sending' by one
    conditional UPDATE, so two senders racing for the same row cannot both win. A row that is
    'sent' or 'sending' is never claimed. A concurrent insert surfaces as IntegrityError at
    commit, which the caller treats as "someone else has it".
    """
    row = session.scalars(
        select(Delivery).where(Delivery.digest_id == digest_id, Delivery.subscriber_id == subscriber_id)
    ).one_or_none()
    if row is None:
        session.add(
            Delivery(
                digest_id=digest_id,
                subscriber_id=subscriber_id,
                status="sending",
                message_id=message_id,
                attempted_at=now,
            )
        )
        session.flush()
        return True
    result = session.execute(
        update(Delivery)
        .where(Delivery.id == row.id, Delivery.status == "failed")
        .values(status="sending", attempted_at=now, message_id=message_id, error=None)
    )
    return bool(result.rowcount)  # type: ignore[attr-defined]


def _set(session: Session, digest_id: int, subscriber_id: int, **values: object) -> None:
    session.execute(
        update(Delivery)
        .where(Delivery.digest_id == digest_id, Delivery.subscriber_id == subscriber_id)
        .values(**values)
    )


def finish_delivery(session: Session, digest_id: int, subscriber_id: int, now: datetime) -> None:
    _set(session, digest_id, subscriber_id, status="sent", sent_at=now, error=None)


def fail_delivery(session: Session, digest_id: int, subscriber_id: int, error: str) -> None:
    """The server refused the message: 'failed', retried on the next run."""
    _set(session, digest_id, subscriber_id, status="failed", error=error[:2000])


def note_delivery_problem(session: Session, digest_id: int, subscriber_id: int, error: str) -> None:
    """Record why a row stays 'sending' (outcome unknown) for the human who checks it."""
    _set(session, digest_id, subscriber_id, error=error[:2000])
