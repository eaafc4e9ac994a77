"""Cited papers that no atlas card covers: their identity, their upsert and their counts.

Why one identity key (``doi:`` > ``pmid:`` > ``pmcid:`` > ``title:``): two analysis workers
seeing the same paper must converge on one row, and the unique key lets the database settle
that race. Why counts are derived, never incremented: re-analysing a post (a new model, an
edited post) must not count its citations twice, and a purged or cross-posted post must stop
counting; recomputing from the matches that exist is right by construction.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import datetime
from typing import Any

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from storage.dialect import insert_on_conflict, is_postgres
from storage.schema import CitationRow, FlagRow, MatchRow, Paper, Post
from storage.types import Citation, PaperRef

TITLE_KEY_CHARS = 200
_DOI_PREFIX = re.compile(r"^(?:https?://(?:dx\.)?doi\.org/|doi:\s*)", re.IGNORECASE)
_NON_WORD = re.compile(r"[^0-9a-z]+")
_CHUNK = 500


def normalise_doi(doi: str) -> str:
    return _DOI_PREFIX.sub("", doi.strip()).strip().lower()


def normalise_pmid(pmid: str) -> str:
    return "".join(ch for ch in pmid if ch.isdigit())


def normalise_pmcid(pmcid: str) -> str:
    digits = "".join(ch for ch in pmcid if ch.isdigit())
    return f"PMC{digits}" if digits else ""


def normalise_title(title: str) -> str:
    """Lower-case words only: the same title typed with other punctuation gives the same key."""
    return _NON_WORD.sub(" ", title.lower()).strip()[:TITLE_KEY_CHARS].strip()


def clean_ref(ref: PaperRef, citation: Citation | None = None) -> PaperRef:
    """Normalised identifiers, with the citation's own value filling in what the ref lacks."""
    doi = normalise_doi(ref.doi) if ref.doi else None
    pmid = normalise_pmid(ref.pmid) if ref.pmid else None
    pmcid = normalise_pmcid(ref.pmcid) if ref.pmcid else None
    title = ref.title.strip() if ref.title and ref.title.strip() else None
    if citation is not None:
        if citation.kind == "doi" and not doi:
            doi = normalise_doi(citation.value)
        elif citation.kind == "pmid" and not pmid:
            pmid = normalise_pmid(citation.value)
        elif citation.kind == "pmcid" and not pmcid:
            pmcid = normalise_pmcid(citation.value)
        elif citation.kind == "title" and not title:
            title = citation.value.strip() or None
    return PaperRef(
        doi=doi or None,
        pmid=pmid or None,
        pmcid=pmcid or None,
        title=title,
        first_author=ref.first_author,
        year=ref.year,
    )


def paper_key(ref: PaperRef) -> str | None:
    """The best identifier of a (cleaned) ref, or None when nothing identifies the paper."""
    if ref.doi:
        return f"doi:{ref.doi}"
    if ref.pmid:
        return f"pmid:{ref.pmid}"
    if ref.pmcid:
        return f"pmcid:{ref.pmcid}"
    if ref.title and normalise_title(ref.title):
        return f"title:{normalise_title(ref.title)}"
    return None


def _find(session: Session, ref: PaperRef, key: str) -> Paper | None:
    """An existing row for the paper by any identifier it shares, so a DOI-only and a
    PMID-only sighting of one paper merge once a post names both."""
    for column, value in ((Paper.doi, ref.doi), (Paper.pmid, ref.pmid), (Paper.pmcid, ref.pmcid)):
        if value:
            found = session.scalars(select(Paper).where(column == value).order_by(Paper.id).limit(1)).first()
            if found is not None:
                return found
    return session.scalars(select(Paper).where(Paper.key == key)).first()


def _sharing(session: Session, ref: PaperRef) -> list[Paper]:
    """Every row that shares an identifier with the ref, oldest first."""
    found: dict[int, Paper] = {}
    for column, value in ((Paper.doi, ref.doi), (Paper.pmid, ref.pmid), (Paper.pmcid, ref.pmcid)):
        if value:
            for row in session.scalars(select(Paper).where(column == value)):
                found[row.id] = row
    return [found[i] for i in sorted(found)]


def merge_papers(session: Session, keep: Paper, others: Iterable[Paper]) -> set[int]:
    """Fold rows that turned out to be the same paper into ``keep``: their matches and flags
    point at it, it gains what it lacked, and they are deleted. Returns the ids touched (for
    a recount; counts are derived, so nothing is added up here)."""
    touched = {keep.id}
    for other in others:
        if other.id == keep.id:
            continue
        session.execute(update(MatchRow).where(MatchRow.paper_id == other.id).values(paper_id=keep.id))
        session.execute(update(FlagRow).where(FlagRow.paper_id == other.id).values(paper_id=keep.id))
        values = {
            attr: getattr(other, attr) for attr in ("doi", "pmid", "pmcid", "title", "first_author", "year")
        }
        meta = {**(other.metadata_json or {}), **(keep.metadata_json or {})}
        first, last = min(keep.first_seen, other.first_seen), max(keep.last_seen, other.last_seen)
        session.delete(other)
        session.flush()
        for attr, value in values.items():
            if getattr(keep, attr) is None and value is not None:
                setattr(keep, attr, value)
        keep.metadata_json, keep.first_seen, keep.last_seen = meta, first, last
        touched.add(other.id)
    session.flush()
    return touched


def merge_sharing(session: Session, paper: Paper) -> set[int]:
    """Merge every row sharing any DOI, PMID or PMCID with ``paper`` into the oldest of them
    (a lookup that found a PMID for a DOI-only row ties it to a PMID-only row). Returns the
    ids touched, empty when there was nothing to merge."""
    session.flush()
    rows = _sharing(session, PaperRef(doi=paper.doi, pmid=paper.pmid, pmcid=paper.pmcid))
    if len(rows) < 2:
        return set()
    return merge_papers(session, rows[0], rows[1:])


def upsert_paper(session: Session, ref: PaperRef, now: datetime) -> Paper | None:
    """The Paper row for a cleaned ref, created if new, with identifiers it lacked filled in.

    Rows sharing any identifier with the ref are one paper: when the ref ties two of them
    (a post giving both the DOI one post cited and the PMID another cited), they merge.
    """
    key = paper_key(ref)
    if key is None:
        return None
    sharing = _sharing(session, ref)
    if len(sharing) > 1:
        merge_papers(session, sharing[0], sharing[1:])
    paper = _find(session, ref, key)
    if paper is None:
        session.execute(_insert_paper(session, key, ref, now))
        paper = session.scalars(select(Paper).where(Paper.key == key)).one()
    for attr in ("doi", "pmid", "pmcid", "title", "first_author", "year"):
        if getattr(paper, attr) is None and getattr(ref, attr) is not None:
            setattr(paper, attr, getattr(ref, attr))
    return paper


def lock_papers(session: Session, paper_ids: Iterable[int]) -> None:
    """Row-lock papers in id order (PostgreSQL), so workers that touch overlapping papers queue
    instead of deadlocking, and a recount sees every match committed before it."""
    ids = sorted(set(paper_ids))
    if not ids or not is_postgres(session):
        return  # SQLite runs one writer at a time
    for start in range(0, len(ids), _CHUNK):
        chunk = ids[start : start + _CHUNK]
        session.execute(
            select(Paper.id).where(Paper.id.in_(chunk)).order_by(Paper.id).with_for_update(key_share=True)
        ).all()


def prepare_papers(session: Session, refs: Iterable[PaperRef], also: Iterable[int], now: datetime) -> None:
    """Before a batch writes anything that touches papers: create the missing ones in key order,
    then lock every paper the batch will touch (``refs`` and the ids in ``also``) in id order.

    Why: two analysis workers creating the same new papers in different orders deadlock on
    PostgreSQL; in one fixed order the second simply waits for the first. Every later change
    to a paper in the same transaction is then to a row already held.
    """
    by_key: dict[str, PaperRef] = {}
    for ref in refs:
        key = paper_key(ref)
        if key is not None:
            by_key.setdefault(key, ref)
    ids = set(also)
    for key in sorted(by_key):
        ref = by_key[key]
        found = _find(session, ref, key)
        if found is None:
            session.execute(_insert_paper(session, key, ref, now))
            found = session.scalars(select(Paper).where(Paper.key == key)).one()
        ids.add(found.id)
    lock_papers(session, ids)


def _insert_paper(session: Session, key: str, ref: PaperRef, now: datetime) -> Any:
    """INSERT the paper unless its key exists (then it waits for, and defers to, the other writer)."""
    stmt = insert_on_conflict(session, Paper).values(
        key=key,
        doi=ref.doi,
        pmid=ref.pmid,
        pmcid=ref.pmcid,
        title=ref.title,
        first_author=ref.first_author,
        year=ref.year,
        mention_count=0,
        first_seen=now,
        last_seen=now,
        metadata_json={},
    )
    return stmt.on_conflict_do_nothing(index_elements=[Paper.key])


def paper_ids_for_posts(session: Session, post_ids: Iterable[int]) -> set[int]:
    """Papers the given posts' matches point at (read before those posts change)."""
    ids = list(set(post_ids))
    found: set[int] = set()
    for start in range(0, len(ids), _CHUNK):
        chunk = ids[start : start + _CHUNK]
        found.update(
            session.scalars(
                select(MatchRow.paper_id)
                .join(CitationRow, MatchRow.citation_id == CitationRow.id)
                .where(CitationRow.post_id.in_(chunk), MatchRow.paper_id.is_not(None))
            )
        )
    return {pid for pid in found if pid is not None}


def refresh_paper_stats(session: Session, paper_ids: Iterable[int]) -> None:
    """Recompute mention_count, first_seen and last_seen from the matches that exist now.

    A mention is a distinct non-duplicate post; its date is when it was posted, or when it was
    fetched if the source gave no date. A paper nobody mentions any more keeps its dates and
    drops to zero, which takes it out of the editors' queue.
    """
    ids = sorted(set(paper_ids))
    if not ids:
        return
    session.flush()
    lock_papers(session, ids)  # a count taken before another worker commits would be lost
    seen = func.coalesce(Post.created_at, Post.fetched_at)
    for start in range(0, len(ids), _CHUNK):
        chunk = ids[start : start + _CHUNK]
        stats = {
            paper_id: (count, first, last)
            for paper_id, count, first, last in session.execute(
                select(MatchRow.paper_id, func.count(func.distinct(Post.id)), func.min(seen), func.max(seen))
                .join(CitationRow, MatchRow.citation_id == CitationRow.id)
                .join(Post, CitationRow.post_id == Post.id)
                .where(MatchRow.paper_id.in_(chunk), Post.duplicate_of.is_(None))
                .group_by(MatchRow.paper_id)
            )
        }
        for paper in session.scalars(select(Paper).where(Paper.id.in_(chunk))):
            count, first, last = stats.get(paper.id, (0, None, None))
            paper.mention_count = int(count)
            if first is not None and last is not None:
                paper.first_seen = first
                paper.last_seen = last
