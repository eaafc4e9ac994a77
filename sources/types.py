"""What crosses the collect → store boundary."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import datetime
from typing import Literal

PostKind = Literal["post", "comment", "article", "feed_item"]


@dataclass(frozen=True, slots=True)
class RawPost:
    """One item as a source saw it, before any analysis.

    ``author_hash`` is already hashed: collectors never hand a username to storage.
    ``links`` are the outbound links found in the item's HTML (the analyser and the
    article fetcher both need them, and plain text loses them).
    """

    source: str
    external_id: str
    kind: PostKind
    url: str | None
    title: str | None
    text: str
    created_at: datetime | None
    fetched_at: datetime
    author_hash: str | None = None
    links: tuple[str, ...] = ()
    score: int | None = None
    replies: int | None = None
    parent_id: str | None = None
    deleted: bool = False

    @property
    def content_hash(self) -> str:
        """Whitespace- and case-folded hash of title + text: catches cross-posts and GUID churn."""
        folded = " ".join(f"{self.title or ''} {self.text}".lower().split())
        return hashlib.sha256(folded.encode("utf-8")).hexdigest()


@dataclass(frozen=True, slots=True)
class SourceReport:
    """What one source did in one collect run, for the summary table and the runs row."""

    source: str
    new: int = 0
    updated: int = 0
    unchanged: int = 0
    deleted: int = 0
    failed: int = 0
    errors: tuple[str, ...] = field(default_factory=tuple)
