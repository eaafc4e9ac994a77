"""What the staff queues read: flags with their post, claim and card; marks on uncovered papers.

Reads only, plus the editors' marks. Flag verdicts are written by ``storage.analysis
.set_flag_status``; the pipeline's review service wraps both with the audit log.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import String, cast, func, select
from sqlalchemy.orm import Session, aliased

from storage.errors import StorageError
from storage.schema import AtlasCardRow, CitationRow, ClaimRow, FlagRow, MatchRow, Paper, PaperMarkRow, Post

PAPER_MARKS = ("queued", "not_relevant")
_SLUG = re.compile(r"^[a-z0-9_-]{1,100}$")


@dataclass(frozen=True, slots=True)
class FlagFilters:
    """The moderators' filters; None means any."""

    status: str | None = "open"
    kind: str | None = None
    topic: str | None = None
    source: str | None = None
    since: datetime | None = None
    until: datetime | None = None


@dataclass(frozen=True, slots=True)
class CardSnapshot:
    id: str
    title: str
    year: int | None
    evidence_level: str | None
    evidence_label: str | None
    design: str | None
    sample_size: int | None
    badges: tuple[str, ...]
    method_flags: tuple[str, ...]
    does_not_prove: str | None
    url: str | None


@dataclass(frozen=True, slots=True)
class FlagRecord:
    """One flag as the queue shows it: the verdict, the post around the claim, the card."""

    id: int
    kind: str
    status: str
    reason: str
    note: str | None
    created_at: datetime
    updated_at: datetime
    post_id: int | None
    source: str | None
    post_url: str | None
    post_title: str | None
    post_text: str | None
    post_date: datetime | None
    topics: tuple[str, ...]
    claim_text: str | None
    claim_span: tuple[int, int] | None
    claim_strength: str | None
    card: CardSnapshot | None
    paper_title: str | None
    paper_ids: tuple[str, ...]


def _card(row: AtlasCardRow | None) -> CardSnapshot | None:
    if row is None:
        return None
    return CardSnapshot(
        row.id,
        row.title,
        row.year,
        row.evidence_level,
        row.evidence_label,
        row.design,
        row.sample_size,
        tuple(str(b) for b in row.badges or ()),
        tuple(str(f) for f in row.method_flags or ()),
        row.does_not_prove,
        row.url,
    )


def _post_date() -> Any:
    return func.coalesce(Post.created_at, Post.fetched_at)


def _filtered(query: Any, filters: FlagFilters) -> Any:
    if filters.status is not None:
        query = query.where(FlagRow.status == filters.status)
    if filters.kind is not None:
        query = query.where(FlagRow.kind == filters.kind)
    if filters.source is not None:
        query = query.where(Post.source == filters.source)
    if filters.since is not None:
        query = query.where(_post_date() >= filters.since)
    if filters.until is not None:
        query = query.where(_post_date() < filters.until)
    if filters.topic is not None:
        if not _SLUG.match(filters.topic):
            raise StorageError(f"topic {filters.topic!r} is not a topic name")
        # JSON lists are stored as text on SQLite and cast to text on PostgreSQL: '["a", "b"]'.
        quoted = f'%"{filters.topic}"%'
        query = query.where(
            cast(Post.topics, String).like(quoted) | cast(ClaimRow.topics, String).like(quoted)
        )
    return query


def _topics(claim: ClaimRow | None, post: Post | None) -> tuple[str, ...]:
    """The claim's topics, then the post's, once each."""
    found = [*((claim.topics or []) if claim else []), *((post.topics or []) if post else [])]
    return tuple(dict.fromkeys(str(t) for t in found))


def flag_queue(
    session: Session, filters: FlagFilters, *, limit: int = 50, offset: int = 0
) -> tuple[list[FlagRecord], int]:
    """One page of flags, oldest first (the longest-waiting are checked first), and the total."""
    base = (
        select(FlagRow, Post, ClaimRow, AtlasCardRow, Paper)
        .outerjoin(Post, FlagRow.post_id == Post.id)
        .outerjoin(ClaimRow, FlagRow.claim_id == ClaimRow.id)
        .outerjoin(AtlasCardRow, FlagRow.card_id == AtlasCardRow.id)
        .outerjoin(Paper, FlagRow.paper_id == Paper.id)
    )
    query = _filtered(base, filters)
    total_query = _filtered(
        select(func.count(FlagRow.id))
        .select_from(FlagRow)
        .outerjoin(Post, FlagRow.post_id == Post.id)
        .outerjoin(ClaimRow, FlagRow.claim_id == ClaimRow.id),
        filters,
    )
    total = int(session.scalar(total_query) or 0)
    rows = session.execute(query.order_by(FlagRow.created_at, FlagRow.id).limit(limit).offset(offset))
    records = []
    for flag, post, claim, card, paper in rows:
        ids: tuple[str, ...] = ()
        if paper is not None:
            ids = tuple(
                f"{label} {value}"
                for label, value in (("DOI", paper.doi), ("PMID", paper.pmid), ("PMCID", paper.pmcid))
                if value
            )
        records.append(
            FlagRecord(
                id=flag.id,
                kind=flag.kind,
                status=flag.status,
                reason=flag.reason,
                note=flag.moderator_note,
                created_at=flag.created_at,
                updated_at=flag.updated_at,
                post_id=flag.post_id,
                source=post.source if post else None,
                post_url=post.url if post else None,
                post_title=post.title if post else None,
                post_text=post.text if post else None,
                post_date=(post.created_at or post.fetched_at) if post else None,
                topics=_topics(claim, post),
                claim_text=claim.text if claim else None,
                claim_span=(claim.span_start, claim.span_end) if claim else None,
                claim_strength=claim.strength if claim else None,
                card=_card(card),
                paper_title=paper.title if paper else None,
                paper_ids=ids,
            )
        )
    return records, total


def flag_facets(session: Session) -> dict[str, list[str]]:
    """The values each filter can take, from the flags that exist."""
    kinds = sorted(k for k in session.scalars(select(FlagRow.kind).distinct()) if k)
    sources = sorted(
        s
        for s in session.scalars(select(Post.source).distinct().join(FlagRow, FlagRow.post_id == Post.id))
        if s
    )
    topics: set[str] = set()
    joins = ((Post.topics, FlagRow.post_id == Post.id), (ClaimRow.topics, FlagRow.claim_id == ClaimRow.id))
    for column, join in joins:
        for value in session.scalars(select(cast(column, String)).distinct().join(FlagRow, join)):
            topics |= set(re.findall(r'"([a-z0-9_-]+)"', value or ""))
    return {"kind": kinds, "source": sources, "topic": sorted(topics)}


def flag_states(session: Session, flag_ids: Iterable[int]) -> dict[int, dict[str, Any]]:
    """Status and note per flag: the audit log's 'before'."""
    ids = list(flag_ids)
    rows = session.execute(
        select(FlagRow.id, FlagRow.status, FlagRow.moderator_note).where(FlagRow.id.in_(ids))
    )
    return {fid: {"status": status, "note": note} for fid, status, note in rows}


# --- editors' marks on uncovered papers ------------------------------------------------------


@dataclass(frozen=True, slots=True)
class PaperMark:
    paper_id: int
    mark: str
    note: str | None
    marked_by: str
    marked_at: datetime


def paper_marks(session: Session, paper_ids: Iterable[int] | None = None) -> dict[int, PaperMark]:
    query = select(PaperMarkRow)
    if paper_ids is not None:
        query = query.where(PaperMarkRow.paper_id.in_(list(paper_ids)))
    return {
        r.paper_id: PaperMark(r.paper_id, r.mark, r.note, r.marked_by, r.marked_at)
        for r in session.scalars(query)
    }


def set_paper_mark(
    session: Session, paper_id: int, mark: str | None, note: str | None, by: str, now: datetime
) -> dict[str, Any]:
    """Mark a paper (or clear its mark with None); returns the mark it had before."""
    if mark is not None and mark not in PAPER_MARKS:
        raise StorageError(f"paper mark {mark!r} is not one of {PAPER_MARKS}")
    if session.get(Paper, paper_id) is None:
        raise StorageError(f"paper {paper_id} does not exist")
    row = session.get(PaperMarkRow, paper_id)
    before = {"mark": row.mark, "note": row.note} if row else {"mark": None, "note": None}
    if mark is None:
        if row is not None:
            session.delete(row)
        return before
    if row is None:
        session.add(PaperMarkRow(paper_id=paper_id, mark=mark, note=note, marked_by=by, marked_at=now))
    else:
        row.mark, row.note, row.marked_by, row.marked_at = mark, note, by, now
    return before


@dataclass(frozen=True, slots=True)
class ExamplePost:
    url: str | None
    source: str
    text: str
    span: tuple[int, int]


def paper_examples(
    session: Session, paper_ids: Iterable[int], per_paper: int = 2
) -> dict[int, list[ExamplePost]]:
    """The most recent posts citing each paper, with where in the text the citation is."""
    ids = list(paper_ids)
    found: dict[int, list[ExamplePost]] = {}
    if not ids:
        return found
    cit = aliased(CitationRow)
    rows = session.execute(
        select(MatchRow.paper_id, Post.url, Post.source, Post.text, cit.span_start, cit.span_end)
        .join(cit, MatchRow.citation_id == cit.id)
        .join(Post, cit.post_id == Post.id)
        .where(MatchRow.paper_id.in_(ids), Post.duplicate_of.is_(None))
        .order_by(MatchRow.paper_id, _post_date().desc(), Post.id.desc())
    )
    for paper_id, url, source, text, start, end in rows:
        if paper_id is None:
            continue
        bucket = found.setdefault(paper_id, [])
        if len(bucket) < per_paper and all(e.url != url or url is None for e in bucket):
            bucket.append(ExamplePost(url, source, text, (start, end)))
    return found
