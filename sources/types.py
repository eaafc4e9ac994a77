"""What crosses the collect → store boundary."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import datetime
from typing import Literal

from bot.redact import redact_url
from sources.clean import clean_optional, clean_text

PostKind = Literal["post", "comment", "article", "feed_item"]


@dataclass(frozen=True, slots=True)
class RawPost:
    """One item as a source saw it, before any analysis.

    ``author_hash`` is already hashed: collectors never hand a username to storage.
    ``links`` are the outbound links found in the item's HTML (the analyser and the
    article fetcher both need them, and plain text loses them).

    Every text field is cleaned here, whoever builds the post (``sources.clean``: no NUL or
    other control characters, no lone surrogates), and the post's own URL has any secret in it
    masked (``bot.redact``), because it is stored and published.
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

    def __post_init__(self) -> None:
        cleaned = {
            "external_id": clean_text(self.external_id)
            if isinstance(self.external_id, str)
            else self.external_id,
            "title": clean_optional(self.title) if isinstance(self.title, str | None) else self.title,
            "text": clean_text(self.text) if isinstance(self.text, str) else self.text,
            "url": redact_url(clean_text(self.url)) if isinstance(self.url, str) else self.url,
            "parent_id": clean_optional(self.parent_id)
            if isinstance(self.parent_id, str | None)
            else self.parent_id,
            "links": tuple(link for link in (clean_text(str(u)) for u in self.links) if link),
        }
        for name, value in cleaned.items():
            if value is not getattr(self, name):
                object.__setattr__(self, name, value)

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
