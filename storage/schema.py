"""SQLAlchemy 2.0 schema: one table per thing a stage writes (see ../shared/DESIGN.md).

Every table that a stage upserts carries a natural unique key, so re-running a stage after a
crash updates rows in place instead of duplicating them. Times are stored as naive UTC and
handed back timezone-aware (SQLite keeps no zone).
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any, ClassVar

from sqlalchemy import (
    JSON,
    Boolean,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Text,
    TypeDecorator,
    UniqueConstraint,
)
from sqlalchemy.engine import Dialect
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column


class UTCDateTime(TypeDecorator[datetime]):
    """Aware UTC datetimes in, aware UTC datetimes out, on every backend."""

    impl = DateTime
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given to storage; use bot.clock.now() or an aware value")
        return value.astimezone(UTC).replace(tzinfo=None)

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        return None if value is None else value.replace(tzinfo=UTC)


NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)
    type_annotation_map: ClassVar[dict[Any, Any]] = {
        datetime: UTCDateTime,
        dict[str, Any]: JSON,
        list[Any]: JSON,
    }


class SourceRow(Base):
    """A configured source's health: failures back it off, never switch it off silently."""

    __tablename__ = "sources"
    name: Mapped[str] = mapped_column(String(100), primary_key=True)
    kind: Mapped[str] = mapped_column(String(20))
    last_run_at: Mapped[datetime | None]
    last_success_at: Mapped[datetime | None]
    consecutive_failures: Mapped[int] = mapped_column(Integer, default=0)
    backoff_until: Mapped[datetime | None]
    last_error: Mapped[str | None] = mapped_column(Text)


class Cursor(Base):
    """Where a source (or one of its feeds/threads/subreddits) got to; advanced only after the
    posts it covers are committed, in the same transaction."""

    __tablename__ = "cursors"
    source: Mapped[str] = mapped_column(String(100), primary_key=True)
    key: Mapped[str] = mapped_column(String(500), primary_key=True)
    state: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    updated_at: Mapped[datetime]


class HttpCacheRow(Base):
    """Validators for conditional GET (ETag / Last-Modified) per URL."""

    __tablename__ = "http_cache"
    url: Mapped[str] = mapped_column(String(2000), primary_key=True)
    etag: Mapped[str | None] = mapped_column(String(500))
    last_modified: Mapped[str | None] = mapped_column(String(100))
    fetched_at: Mapped[datetime]


class Post(Base):
    __tablename__ = "posts"
    __table_args__ = (
        UniqueConstraint("source", "external_id", name="uq_posts_source_external_id"),
        Index("ix_posts_content_hash", "content_hash"),
        Index("ix_posts_created_at", "created_at"),
    )
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    source: Mapped[str] = mapped_column(String(100))
    external_id: Mapped[str] = mapped_column(String(500))
    kind: Mapped[str] = mapped_column(String(20))
    url: Mapped[str | None] = mapped_column(String(2000))
    title: Mapped[str | None] = mapped_column(Text)
    text: Mapped[str] = mapped_column(Text)
    links: Mapped[list[Any]] = mapped_column(JSON, default=list)
    author_hash: Mapped[str | None] = mapped_column(String(64))
    created_at: Mapped[datetime | None]
    fetched_at: Mapped[datetime]
    updated_at: Mapped[datetime | None]
    score: Mapped[int | None]
    replies: Mapped[int | None]
    parent_id: Mapped[str | None] = mapped_column(String(500))
    content_hash: Mapped[str] = mapped_column(String(64))
    # Another post with the same content (a cross-post): analysed once, shown once.
    duplicate_of: Mapped[int | None] = mapped_column(ForeignKey("posts.id", ondelete="SET NULL"))
    # Analysis results live on the post; analysed_at NULL means "not analysed yet".
    post_type: Mapped[str | None] = mapped_column(String(30))
    topics: Mapped[list[Any]] = mapped_column(JSON, default=list)
    analysed_at: Mapped[datetime | None]
    analysis_version: Mapped[str | None] = mapped_column(String(40))
    # The card set the post's matches were made against (a fingerprint): when the atlas
    # changes, the post's stored citations are re-matched without re-extraction or models.
    atlas_version: Mapped[str | None] = mapped_column(String(64))
    # The extractor's citations (atlas-independent), kept so a re-match needs no extraction.
    extracted: Mapped[list[Any]] = mapped_column(JSON, default=list)
    # A hash of what matching decided for the post: a re-match with the same result rewrites nothing.
    match_digest: Mapped[str | None] = mapped_column(String(32))


class Article(Base):
    """A page linked from a post or feed item, fetched once; its text outlives link rot."""

    __tablename__ = "articles"
    url: Mapped[str] = mapped_column(String(2000), primary_key=True)
    final_url: Mapped[str | None] = mapped_column(String(2000))
    status: Mapped[int | None]
    title: Mapped[str | None] = mapped_column(Text)
    text: Mapped[str | None] = mapped_column(Text)
    meta: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    links: Mapped[list[Any]] = mapped_column(JSON, default=list)
    fetched_at: Mapped[datetime]
    error: Mapped[str | None] = mapped_column(Text)
    # The page was cut at the HTTP size cap: its text and links may be incomplete.
    truncated: Mapped[bool] = mapped_column(Boolean, default=False)


class AtlasCardRow(Base):
    __tablename__ = "atlas_cards"
    id: Mapped[str] = mapped_column(String(200), primary_key=True)
    title: Mapped[str] = mapped_column(Text)
    authors: Mapped[list[Any]] = mapped_column(JSON, default=list)
    journal: Mapped[str | None] = mapped_column(Text)
    year: Mapped[int | None]
    doi: Mapped[str | None] = mapped_column(String(300), index=True)
    pmid: Mapped[str | None] = mapped_column(String(20), index=True)
    pmcid: Mapped[str | None] = mapped_column(String(20), index=True)
    url: Mapped[str | None] = mapped_column(String(2000))
    evidence_level: Mapped[str | None] = mapped_column(String(5))
    evidence_label: Mapped[str | None] = mapped_column(String(50))
    badges: Mapped[list[Any]] = mapped_column(JSON, default=list)
    design: Mapped[str | None] = mapped_column(String(200))
    sample_size: Mapped[int | None]
    peer_reviewed: Mapped[bool | None] = mapped_column(Boolean)
    review_status: Mapped[str | None] = mapped_column(String(100))
    quick_summary: Mapped[str | None] = mapped_column(Text)
    observed_findings: Mapped[list[Any]] = mapped_column(JSON, default=list)
    inferred_conclusions: Mapped[list[Any]] = mapped_column(JSON, default=list)
    does_not_prove: Mapped[str | None] = mapped_column(Text)
    method_flags: Mapped[list[Any]] = mapped_column(JSON, default=list)
    tags: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    imported_from: Mapped[str | None] = mapped_column(Text)
    imported_at: Mapped[datetime]


class Paper(Base):
    """A cited paper the atlas does not cover (yet): the editors' queue."""

    __tablename__ = "papers"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    # One identity key (doi:…, pmid:…, pmcid:…, title:…) so upserts from two workers converge.
    key: Mapped[str] = mapped_column(String(500), unique=True)
    doi: Mapped[str | None] = mapped_column(String(300), index=True)
    pmid: Mapped[str | None] = mapped_column(String(20), index=True)
    pmcid: Mapped[str | None] = mapped_column(String(20))
    title: Mapped[str | None] = mapped_column(Text)
    first_author: Mapped[str | None] = mapped_column(String(200))
    year: Mapped[int | None]
    mention_count: Mapped[int] = mapped_column(Integer, default=0)
    first_seen: Mapped[datetime]
    last_seen: Mapped[datetime]
    metadata_json: Mapped[dict[str, Any]] = mapped_column("metadata", JSON, default=dict)


class LookupCacheRow(Base):
    """A bibliographic service's answer about one identifier, kept so a second ask is free
    and an offline audit still has what was fetched before."""

    __tablename__ = "lookup_cache"
    key: Mapped[str] = mapped_column(String(500), primary_key=True)  # "pubmed:37255930"
    fetched_at: Mapped[datetime]
    result: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)


class CitationRow(Base):
    __tablename__ = "citations"
    __table_args__ = (
        UniqueConstraint("post_id", "kind", "value", "span_start", name="uq_citations_post_kind_value_span"),
    )
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    post_id: Mapped[int] = mapped_column(ForeignKey("posts.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(20))
    value: Mapped[str] = mapped_column(String(1000))
    span_start: Mapped[int]
    span_end: Mapped[int]
    confidence: Mapped[float] = mapped_column(Float)


class MatchRow(Base):
    __tablename__ = "matches"
    __table_args__ = (UniqueConstraint("citation_id", name="uq_matches_citation_id"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    citation_id: Mapped[int] = mapped_column(ForeignKey("citations.id", ondelete="CASCADE"))
    card_id: Mapped[str | None] = mapped_column(ForeignKey("atlas_cards.id", ondelete="SET NULL"), index=True)
    paper_id: Mapped[int | None] = mapped_column(ForeignKey("papers.id", ondelete="SET NULL"), index=True)
    method: Mapped[str] = mapped_column(String(30))
    score: Mapped[float] = mapped_column(Float)
    status: Mapped[str] = mapped_column(String(20), default="confirmed")
    ambiguous: Mapped[list[Any]] = mapped_column(JSON, default=list)


class ClaimRow(Base):
    __tablename__ = "claims"
    __table_args__ = (UniqueConstraint("post_id", "span_start", name="uq_claims_post_id_span"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    post_id: Mapped[int] = mapped_column(ForeignKey("posts.id", ondelete="CASCADE"), index=True)
    text: Mapped[str] = mapped_column(Text)
    span_start: Mapped[int]
    span_end: Mapped[int]
    strength: Mapped[str] = mapped_column(String(30))
    cites: Mapped[list[Any]] = mapped_column(JSON, default=list)
    topics: Mapped[list[Any]] = mapped_column(JSON, default=list)
    overstated: Mapped[bool] = mapped_column(Boolean, default=False)
    # The sentence attributes the overstatement policy reads (NULL: stored before they were).
    about: Mapped[str | None] = mapped_column(String(40), nullable=True)
    attributed: Mapped[bool | None] = mapped_column(Boolean, nullable=True)
    negated: Mapped[bool | None] = mapped_column(Boolean, nullable=True)
    question: Mapped[bool | None] = mapped_column(Boolean, nullable=True)


class FlagRow(Base):
    __tablename__ = "flags"
    __table_args__ = (
        UniqueConstraint("key", name="uq_flags_key"),
        Index("ix_flags_status_created_at", "status", "created_at"),
    )
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    # kind + what it is about, so re-analysis updates the flag and keeps the moderator's verdict.
    key: Mapped[str] = mapped_column(String(600))
    kind: Mapped[str] = mapped_column(String(20))
    post_id: Mapped[int | None] = mapped_column(ForeignKey("posts.id", ondelete="CASCADE"), index=True)
    claim_id: Mapped[int | None] = mapped_column(ForeignKey("claims.id", ondelete="CASCADE"))
    card_id: Mapped[str | None] = mapped_column(ForeignKey("atlas_cards.id", ondelete="SET NULL"))
    paper_id: Mapped[int | None] = mapped_column(ForeignKey("papers.id", ondelete="CASCADE"))
    reason: Mapped[str] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(20), default="open")
    moderator_note: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime]
    updated_at: Mapped[datetime]


class DigestRow(Base):
    __tablename__ = "digests"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    week_start: Mapped[date] = mapped_column(Date, unique=True)
    week_end: Mapped[date] = mapped_column(Date)
    title: Mapped[str] = mapped_column(Text)
    built_at: Mapped[datetime]
    published_at: Mapped[datetime | None]
    # The whole built Digest (counts, uncovered list, disclaimer) so the archive re-renders it
    # exactly as it was sent, even after cards are re-imported.
    payload: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)


class DigestEntryRow(Base):
    __tablename__ = "digest_entries"
    __table_args__ = (UniqueConstraint("digest_id", "position", name="uq_digest_entries_digest_position"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    digest_id: Mapped[int] = mapped_column(ForeignKey("digests.id", ondelete="CASCADE"), index=True)
    position: Mapped[int]
    topic: Mapped[str] = mapped_column(String(200))
    post_id: Mapped[int | None] = mapped_column(ForeignKey("posts.id", ondelete="SET NULL"))
    claim_id: Mapped[int | None] = mapped_column(ForeignKey("claims.id", ondelete="SET NULL"))
    card_id: Mapped[str | None] = mapped_column(ForeignKey("atlas_cards.id", ondelete="SET NULL"))
    quote: Mapped[str] = mapped_column(Text)
    source_url: Mapped[str | None] = mapped_column(String(2000))
    strength: Mapped[str | None] = mapped_column(String(30))
    moderator_note: Mapped[str | None] = mapped_column(Text)
    # The entry as rendered (card snapshot, claim, flag reason, source label).
    payload: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)


class Subscriber(Base):
    """One address. Pending until confirmed (double opt-in); unsubscribing keeps the row so a
    re-import cannot silently re-add someone who left."""

    __tablename__ = "subscribers"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    email: Mapped[str] = mapped_column(String(320), unique=True)
    # Named in every signed link (bot/digest/tokens.py); a new nonce voids the old links.
    nonce: Mapped[str] = mapped_column("token", String(64), unique=True)
    confirmed: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[datetime]
    unsubscribed_at: Mapped[datetime | None]
    confirmation_sent_at: Mapped[datetime | None]
    confirmed_at: Mapped[datetime | None]


class Delivery(Base):
    """One row per (digest, subscriber): written 'sending' before SMTP, 'sent' after, so a crash
    between the two is visible and a re-run never mails anyone twice.

    status: sending (claimed, SMTP under way) → sent; or retry (a temporary refusal, tried again
    from ``next_attempt_at``); failed (a permanent refusal); uncertain (a send was cut off
    mid-message: a person decides with ``digestbot deliveries resend|mark-sent``)."""

    __tablename__ = "deliveries"
    __table_args__ = (
        UniqueConstraint("digest_id", "subscriber_id", name="uq_deliveries_digest_subscriber"),
        Index("ix_deliveries_status", "status"),
    )
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    digest_id: Mapped[int] = mapped_column(ForeignKey("digests.id", ondelete="CASCADE"))
    subscriber_id: Mapped[int] = mapped_column(ForeignKey("subscribers.id", ondelete="CASCADE"))
    status: Mapped[str] = mapped_column(String(20))
    message_id: Mapped[str | None] = mapped_column(String(300))
    attempted_at: Mapped[datetime]
    sent_at: Mapped[datetime | None]
    error: Mapped[str | None] = mapped_column(Text)
    attempts: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    next_attempt_at: Mapped[datetime | None]


class Run(Base):
    """One run of a stage, with its report (per-source counts, failures)."""

    __tablename__ = "runs"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    stage: Mapped[str] = mapped_column(String(30))
    started_at: Mapped[datetime]
    finished_at: Mapped[datetime | None]
    status: Mapped[str] = mapped_column(String(20), default="running")
    report: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)


class UserRow(Base):
    """A member of staff (moderator, editor or admin); subscribers are not users."""

    __tablename__ = "users"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    username: Mapped[str] = mapped_column(String(100), unique=True)
    password_hash: Mapped[str] = mapped_column(String(300))
    role: Mapped[str] = mapped_column(String(20))
    created_at: Mapped[datetime]
    # Bumped on every password change, so sessions signed before it stop working.
    password_changed_at: Mapped[datetime]


class AuditRow(Base):
    """One staff action, written in the same transaction as the change it records.

    Append-only: storage offers no update or delete for it.
    """

    __tablename__ = "audit_log"
    __table_args__ = (Index("ix_audit_log_at", "at"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    at: Mapped[datetime]
    actor: Mapped[str] = mapped_column(String(100))
    action: Mapped[str] = mapped_column(String(50))
    target: Mapped[str] = mapped_column(String(200))
    before: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    after: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)


class PaperMarkRow(Base):
    """An editor's decision on an uncovered paper: queued for the atlas, or not relevant."""

    __tablename__ = "paper_marks"
    paper_id: Mapped[int] = mapped_column(ForeignKey("papers.id", ondelete="CASCADE"), primary_key=True)
    mark: Mapped[str] = mapped_column(String(20))
    note: Mapped[str | None] = mapped_column(Text)
    marked_by: Mapped[str] = mapped_column(String(100))
    marked_at: Mapped[datetime]
