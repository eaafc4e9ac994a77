"""Posts: the store stage (upsert, cross-post detection, purge) and what later stages read.

Why posts and their cursor are written in one call: ``store_batch`` runs inside the caller's
transaction, so a batch's posts and the cursor that covers them commit together or not at all;
a run killed half-way re-collects the batch and the upsert on (source, external_id) turns the
second pass into "unchanged" rather than duplicates.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import delete, func, or_, select, update
from sqlalchemy.orm import Session

from storage import clock
from storage.cursors import set_cursor
from storage.dialect import insert_on_conflict, is_postgres
from storage.errors import StorageError
from storage.papers import paper_ids_for_posts, refresh_paper_stats
from storage.schema import Post
from storage.types import POST_KINDS, IncomingBatch, IncomingPost

# Below this many characters two posts agreeing says nothing ("Thanks!", "+1", "[removed]"),
# so short posts are never marked as cross-posts of each other.
MIN_CROSSPOST_CHARS = 40
_CHUNK = 500
_KINDS = frozenset(POST_KINDS)


@dataclass
class BatchResult:
    """What one batch did, for the collect summary table (``rejected``: one line per bad post)."""

    new: int = 0
    updated: int = 0
    unchanged: int = 0
    deleted: int = 0
    rejected: list[str] = field(default_factory=list)

    def add(self, other: BatchResult) -> None:
        self.new += other.new
        self.updated += other.updated
        self.unchanged += other.unchanged
        self.deleted += other.deleted
        self.rejected.extend(other.rejected)


_INT_RANGE = (-(2**31), 2**31 - 1)  # the INTEGER columns of both backends


def _problem(raw: IncomingPost) -> str | None:
    """Why a collected item cannot be stored, as ``source:external-id: reason``; None when fine.

    Checked before writing, so that nothing a post carries can make the database refuse the
    statement: one bad post costs only itself, never its batch.
    """
    name = f"{raw.source}:{str(raw.external_id)[:60]}"
    if not isinstance(raw.source, str) or not raw.source or len(raw.source) > 100:
        return f"{name}: source name must be 1-100 characters"
    if not isinstance(raw.external_id, str) or not raw.external_id or len(raw.external_id) > 500:
        return f"{name}: external id must be 1-500 characters"
    if raw.kind not in _KINDS:
        return f"{name}: kind {raw.kind!r} is not one of {sorted(_KINDS)}"
    for label, value in (("fetched_at", raw.fetched_at), ("created_at", raw.created_at)):
        if value is not None and value.tzinfo is None:
            return f"{name}: {label} has no timezone"
    if raw.url is not None and len(raw.url) > 2000:
        return f"{name}: url longer than 2000 characters"
    if raw.parent_id is not None and len(raw.parent_id) > 500:
        return f"{name}: parent id longer than 500 characters"
    if raw.author_hash is not None and len(raw.author_hash) > 64:
        return f"{name}: author hash longer than 64 characters"
    if not isinstance(raw.text, str) or not isinstance(raw.title, str | None):
        return f"{name}: text is not a string"
    for label, number in (("score", raw.score), ("replies", raw.replies)):
        if number is not None and not (_INT_RANGE[0] <= number <= _INT_RANGE[1]):
            return f"{name}: {label} {number} is out of range"
    return None


def _values(raw: IncomingPost) -> dict[str, Any]:
    return {
        "source": raw.source,
        "external_id": raw.external_id,
        "kind": raw.kind,
        "url": raw.url,
        "title": raw.title,
        "text": raw.text,
        "links": list(raw.links),
        "author_hash": raw.author_hash,
        "created_at": raw.created_at,
        "fetched_at": raw.fetched_at,
        "score": raw.score,
        "replies": raw.replies,
        "parent_id": raw.parent_id,
        "content_hash": raw.content_hash,
        "topics": [],
    }


def _apply(post: Post, raw: IncomingPost, now: datetime) -> bool | None:
    """Bring a stored post up to date with a new sighting.

    Returns True when its content changed (it must be analysed again), False when only its
    score changed, None when nothing worth reporting changed. ``fetched_at`` keeps the first
    fetch: an undated item must not drift into every later week.
    """
    content_changed = (
        post.content_hash != raw.content_hash
        or post.title != raw.title
        or post.text != raw.text
        or list(post.links or []) != list(raw.links)
    )
    score_changed = post.score != raw.score
    post.kind = raw.kind
    post.url = raw.url
    post.replies = raw.replies
    post.parent_id = raw.parent_id
    post.author_hash = raw.author_hash
    if raw.created_at is not None:
        post.created_at = raw.created_at
    if content_changed:
        post.title = raw.title
        post.text = raw.text
        post.links = list(raw.links)
        post.content_hash = raw.content_hash
        post.analysed_at = None
    if score_changed:
        post.score = raw.score
    if content_changed or score_changed:
        post.updated_at = now
        return content_changed
    return None


def _existing(session: Session, keys: list[tuple[str, str]]) -> dict[tuple[str, str], Post]:
    by_source: dict[str, list[str]] = defaultdict(list)
    for source, external_id in keys:
        by_source[source].append(external_id)
    found: dict[tuple[str, str], Post] = {}
    for source, ids in by_source.items():
        for start in range(0, len(ids), _CHUNK):
            chunk = ids[start : start + _CHUNK]
            query = select(Post).where(Post.source == source, Post.external_id.in_(chunk))
            for post in session.scalars(query):
                found[(post.source, post.external_id)] = post
    return found


def _insert(session: Session, raw: IncomingPost) -> int | None:
    """Insert a new post; None if another writer got there first (then it is an update)."""
    stmt = insert_on_conflict(session, Post).values(**_values(raw))
    stmt = stmt.on_conflict_do_nothing(index_elements=[Post.source, Post.external_id]).returning(Post.id)
    return session.execute(stmt).scalar()


def _delete(session: Session, source: str, external_id: str) -> tuple[str, set[int]] | None:
    """Delete one post (citations, claims, flags go by cascade); its hash and papers, or None."""
    row = session.execute(
        select(Post.id, Post.content_hash).where(Post.source == source, Post.external_id == external_id)
    ).first()
    if row is None:
        return None
    post_id, content_hash = row
    papers = paper_ids_for_posts(session, [post_id])
    session.flush()  # pending changes must reach the database before identity-map expiry below
    session.execute(delete(Post).where(Post.id == post_id).execution_options(synchronize_session=False))
    session.expire_all()
    return content_hash, papers


def resolve_duplicates(session: Session, hashes: set[str]) -> set[int]:
    """Point every post with one of ``hashes`` at the earliest stored post sharing it.

    Returns the ids of posts whose duplicate status changed (their papers' counts move).
    """
    session.flush()
    changed: set[int] = set()
    ordered = sorted(hashes)
    length = func.length(Post.text) + func.coalesce(func.length(Post.title), 0)
    for start in range(0, len(ordered), _CHUNK):
        chunk = ordered[start : start + _CHUNK]
        groups: dict[str, list[tuple[int, int | None, int]]] = defaultdict(list)
        for post_id, content_hash, duplicate_of, size in session.execute(
            select(Post.id, Post.content_hash, Post.duplicate_of, length)
            .where(Post.content_hash.in_(chunk))
            .order_by(Post.id)
        ):
            groups[content_hash].append((post_id, duplicate_of, int(size or 0)))
        for members in groups.values():
            canonical = members[0][0]
            for post_id, duplicate_of, size in members:
                target = None if post_id == canonical or size < MIN_CROSSPOST_CHARS else canonical
                if duplicate_of != target:
                    session.execute(
                        update(Post)
                        .where(Post.id == post_id)
                        .values(duplicate_of=target)
                        .execution_options(synchronize_session="fetch")
                    )
                    changed.add(post_id)
    return changed


def store_batch(
    session: Session, batch: IncomingBatch, source: str | None = None, now: datetime | None = None
) -> BatchResult:
    """Upsert a batch's posts, purge what the source deleted, and advance its cursor.

    ``source`` names the source for the cursor and the deleted ids; it defaults to the source
    of the batch's first post, so a batch with no posts must pass it. Bad posts are skipped and
    listed in ``rejected`` (one line each); the rest of the batch is stored.
    """
    when = now or clock.now()
    name = source or (batch.posts[0].source if batch.posts else None)
    if name is None and (batch.deleted or batch.cursor is not None):
        raise StorageError(
            f"batch for cursor key {batch.cursor_key!r} has no posts: pass source= to store it"
        )
    result = BatchResult()
    hashes: set[str] = set()
    papers: set[int] = set()

    def purge(src: str, external_id: str) -> None:
        gone = _delete(session, src, external_id)
        if gone is not None:
            result.deleted += 1
            hashes.add(gone[0])
            papers.update(gone[1])

    # Keys in one fixed order: two collectors writing overlapping posts then queue rather than deadlock.
    for external_id in sorted(batch.deleted):
        purge(name or "", external_id)

    latest: dict[tuple[str, str], IncomingPost] = {}
    for raw in batch.posts:
        problem = _problem(raw)
        if problem is not None:
            result.rejected.append(problem)
        elif raw.deleted:
            latest.pop((raw.source, raw.external_id), None)
            purge(raw.source, raw.external_id)
        else:
            latest[(raw.source, raw.external_id)] = raw  # a repeat within one batch: last wins

    existing = _existing(session, list(latest))
    for key in sorted(latest):
        raw = latest[key]
        post = existing.get(key)
        if post is None:
            if _insert(session, raw) is not None:
                result.new += 1
                hashes.add(raw.content_hash)
                continue
            post = session.scalars(
                select(Post).where(Post.source == raw.source, Post.external_id == raw.external_id)
            ).one()
        old_hash = post.content_hash
        change = _apply(post, raw, when)
        if change is None:
            result.unchanged += 1
        else:
            result.updated += 1
            if change:
                hashes.update({old_hash, raw.content_hash})

    changed = resolve_duplicates(session, hashes)
    papers.update(paper_ids_for_posts(session, changed))
    refresh_paper_stats(session, papers)
    if batch.cursor is not None and name is not None:
        set_cursor(session, name, batch.cursor_key, batch.cursor, now=when)
    return result


def purge_post(session: Session, source: str, external_id: str) -> bool:
    """Delete a post the source deleted (and by cascade its analysis); False if it was not stored."""
    gone = _delete(session, source, external_id)
    if gone is None:
        return False
    content_hash, papers = gone
    changed = resolve_duplicates(session, {content_hash})
    refresh_paper_stats(session, papers | paper_ids_for_posts(session, changed))
    return True


def posts_to_analyse(
    session: Session, limit: int, analysis_version: str, skip: Iterable[int] = ()
) -> list[Post]:
    """Posts never analysed, or analysed by another analysis version; cross-posts and the ids
    in ``skip`` (posts this run already failed on) left out.

    On PostgreSQL the rows are locked with SKIP LOCKED until the caller's transaction ends, so
    parallel analysis workers each claim different posts (DESIGN.md "Scale"). SQLite has no row
    locks: two workers may analyse the same post, and ``save_analyses`` keeps only the first.
    """
    query = (
        select(Post)
        .where(
            Post.duplicate_of.is_(None),
            or_(
                Post.analysed_at.is_(None),
                Post.analysis_version.is_(None),
                Post.analysis_version != analysis_version,
            ),
        )
        .order_by(Post.id)
        .limit(limit)
    )
    skipped = sorted(set(skip))
    if skipped:
        query = query.where(Post.id.not_in(skipped))
    if is_postgres(session):
        query = query.with_for_update(skip_locked=True)
    return list(session.scalars(query))


def take_write_lock(session: Session) -> None:
    """SQLite: take the database's one write lock now, before reading what is about to be
    written (a write that changes nothing still takes it), so what was read cannot change
    before the write. PostgreSQL locks rows instead: nothing to do."""
    if not is_postgres(session):
        session.execute(update(Post).where(Post.id == -1).values(analysed_at=None))


def posts_to_rematch(session: Session, limit: int, analysis_version: str, atlas_version: str) -> list[Post]:
    """Posts analysed with the current analysis version but matched against another card set.

    Claimed like ``posts_to_analyse`` (SKIP LOCKED on PostgreSQL) so workers share the work.
    """
    query = (
        select(Post)
        .where(
            Post.duplicate_of.is_(None),
            Post.analysed_at.is_not(None),
            Post.analysis_version == analysis_version,
            or_(Post.atlas_version.is_(None), Post.atlas_version != atlas_version),
        )
        .order_by(Post.id)
        .limit(limit)
    )
    if is_postgres(session):
        query = query.with_for_update(skip_locked=True)
    return list(session.scalars(query))


def forget_atlas_versions(session: Session) -> int:
    """Mark every analysed post as matched against no known card set (``analyse --rematch``)."""
    result = session.execute(update(Post).where(Post.atlas_version.is_not(None)).values(atlas_version=None))
    return int(getattr(result, "rowcount", 0) or 0)


def post_date(post: Post) -> datetime:
    """When a post was made, or when it was fetched if its source gave no date."""
    return post.created_at or post.fetched_at


def posts_in_window(session: Session, start: datetime, end: datetime) -> list[Post]:
    """Non-duplicate posts made in [start, end), oldest first."""
    when = func.coalesce(Post.created_at, Post.fetched_at)
    query = select(Post).where(Post.duplicate_of.is_(None), when >= start, when < end).order_by(when, Post.id)
    return list(session.scalars(query))


def get_post(session: Session, source: str, external_id: str) -> Post | None:
    return session.scalars(select(Post).where(Post.source == source, Post.external_id == external_id)).first()


def rekey_author_hashes(session: Session, rekey: Callable[[str], str | None]) -> int:
    """Replace every stored author hash ``h`` by ``rekey(h)`` where that is not None.

    Storage does not know the hashing scheme: the caller passes the function. Returns how many
    rows changed, so running it twice reports 0 the second time.
    """
    changed = 0
    rows = session.execute(select(Post.id, Post.author_hash).where(Post.author_hash.is_not(None))).all()
    for post_id, old in rows:
        new = rekey(old) if old is not None else None
        if new is not None and new != old:
            session.execute(update(Post).where(Post.id == post_id).values(author_hash=new))
            changed += 1
    return changed
