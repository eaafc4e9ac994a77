"""Fetch the pages that new posts link to, once each, before they are analysed.

Why no transaction spans the fetching: on SQLite a write transaction holds the database's
one write lock, so fetching a few hundred pages inside one used to lock out a ``collect``
running meanwhile ("database is locked"), and one failing page rolled back every page before
it. Now the URLs are read in one short transaction, each page is fetched with no transaction
open, and each is stored in its own short one.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from urllib.parse import urlsplit

from sqlalchemy import Engine, select

from bot import clock
from bot.config import Settings
from sources.articles import ArticleData, ArticleFetcher
from sources.clean import clean_optional, clean_text
from sources.http import HttpClient
from storage.articles import known_article_urls, save_article
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


def store_article(engine: Engine, article: ArticleData) -> bool:
    """Keep one fetched page in its own transaction (cleaned like any collected text)."""
    with transaction(engine) as session:
        return save_article(
            session,
            url=article.url,
            fetched_at=clock.now(),
            final_url=article.final_url,
            status=article.status,
            title=clean_optional(article.title),
            text=clean_optional(article.text),
            meta={k: [clean_text(v) for v in vs] for k, vs in article.meta.items()},
            links=[clean_text(link) for link in article.links],
            error=clean_optional(article.error),
            truncated=article.truncated,
        )


def fetch_pages(engine: Engine, fetcher: ArticleFetcher, urls: Iterable[str]) -> list[ArticleData]:
    """Fetch the wanted URLs not kept yet, storing each page as soon as it is read."""
    wanted = fetcher.candidates(urls)
    with transaction(engine) as session:
        known = known_article_urls(session, wanted)
    fetched: list[ArticleData] = []
    for url in wanted:
        if url in known:
            continue
        article = fetcher.fetch(url)  # no transaction open while the network is waited on
        store_article(engine, article)
        fetched.append(article)
    return fetched


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
    http = client or HttpClient.for_settings(settings)
    try:
        fetcher = ArticleFetcher(http, settings, skip_hosts=_own_hosts(settings))
        wanted = fetcher.candidates(urls)[: settings.articles.max_per_run]
        fetched = fetch_pages(engine, fetcher, wanted)
    finally:
        if own:
            http.close()
    failed = sum(1 for a in fetched if a.error)
    return ArticlesReport(len(fetched) - failed, failed)
