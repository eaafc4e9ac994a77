"""Fetch the pages that new posts link to, once each, before they are analysed."""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlsplit

from sqlalchemy import Engine, select

from bot.config import Settings
from sources.articles import ArticleFetcher
from sources.http import HttpClient
from storage.db import transaction
from storage.schema import Post


@dataclass(frozen=True, slots=True)
class ArticlesReport:
    fetched: int
    failed: int
    skipped_reason: str | None = None


def _own_hosts(settings: Settings) -> set[str]:
    """Hosts of the configured forums: their internal links are threads, not articles."""
    hosts = set()
    for source in settings.sources:
        url = source.options().get("url")
        if source.kind == "forum" and isinstance(url, str) and urlsplit(url).hostname:
            hosts.add(str(urlsplit(url).hostname))
    return hosts


def fetch_linked(engine: Engine, settings: Settings, client: HttpClient | None = None) -> ArticlesReport:
    """Fetch the links of posts not analysed yet (and feed items' own pages)."""
    if settings.offline or not settings.articles.enabled:
        return ArticlesReport(0, 0, "offline" if settings.offline else "articles.enabled is false")
    with transaction(engine) as session:
        rows = session.execute(
            select(Post.kind, Post.url, Post.links).where(
                Post.analysed_at.is_(None), Post.duplicate_of.is_(None)
            )
        ).all()
    urls: list[str] = []
    for kind, url, links in rows:
        urls.extend(str(u) for u in links or ())
        if kind in ("feed_item", "article") and url:
            urls.append(url)
    own = client is None
    http = client or HttpClient(settings.http, base_dir=settings.base_dir)
    try:
        fetcher = ArticleFetcher(http, settings, skip_hosts=_own_hosts(settings))
        wanted = fetcher.candidates(urls)[: settings.articles.max_per_run]
        with transaction(engine) as session:
            fetched = fetcher.fetch_new(session, wanted)
    finally:
        if own:
            http.close()
    failed = sum(1 for a in fetched if a.error)
    return ArticlesReport(len(fetched) - failed, failed)
