"""Linked pages: which are already kept, and keeping one more.

Plain values in, so storage knows nothing of the fetcher; each page is written by the caller
in its own short transaction, so no write lock is held while the next page is fetched.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from storage.dialect import insert_on_conflict
from storage.schema import Article

_CHUNK = 500
MAX_URL = 2000


def known_article_urls(session: Session, urls: Iterable[str]) -> set[str]:
    """The URLs among ``urls`` that already have a row (fetched, or failed and recorded)."""
    wanted = list(urls)
    known: set[str] = set()
    for start in range(0, len(wanted), _CHUNK):
        chunk = wanted[start : start + _CHUNK]
        known.update(session.scalars(select(Article.url).where(Article.url.in_(chunk))))
    return known


def save_article(
    session: Session,
    *,
    url: str,
    fetched_at: datetime,
    final_url: str | None = None,
    status: int | None = None,
    title: str | None = None,
    text: str | None = None,
    meta: Mapping[str, Sequence[str]] | None = None,
    links: Sequence[str] = (),
    error: str | None = None,
    truncated: bool = False,
) -> bool:
    """Keep one page unless another writer already did; True when this call added it."""
    stmt = insert_on_conflict(session, Article).values(
        url=url,
        final_url=final_url[:MAX_URL] if final_url else None,
        status=status,
        title=title,
        text=text,
        meta={k: list(v) for k, v in (meta or {}).items()},
        links=[link for link in links if len(link) <= MAX_URL],
        fetched_at=fetched_at,
        error=error,
        truncated=truncated,
    )
    done = session.execute(stmt.on_conflict_do_nothing(index_elements=[Article.url]).returning(Article.url))
    return done.scalar() is not None
