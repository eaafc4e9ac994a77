"""The pages that posts and news items link to, fetched once and kept.

Why keep them: a news story is often the only bridge between a post and the paper behind it
(its citation meta tags and outbound links name the DOI), and a third of news links rot within a
few years, so the text is stored the day it is seen. ``extract_article`` is pure and
golden-tested; ``ArticleFetcher`` only decides what to fetch and writes rows.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from urllib.parse import urldefrag, urlsplit

import trafilatura
from lxml import etree
from sqlalchemy import select
from sqlalchemy.orm import Session

from bot import clock
from bot.config import Settings
from bot.errors import SourceError
from sources.forum_html import soup_of
from sources.http import HttpClient, HttpStatusError
from storage.dialect import insert_on_conflict
from storage.schema import Article

# The tags publishers and PubMed use to name a paper (Highwire, Dublin Core, PRISM).
CITATION_META = ("citation_doi", "citation_pmid", "dc.identifier", "prism.doi", "citation_title")
_ACCEPT = "text/html,application/xhtml+xml;q=0.9,text/plain;q=0.5,*/*;q=0.1"
_TEXTUAL = ("text/html", "application/xhtml", "text/plain", "application/xml", "text/xml")
_SOCIAL = (
    "twitter.com", "x.com", "t.co", "facebook.com", "fb.me", "instagram.com", "tiktok.com",
    "linkedin.com", "bsky.app", "threads.net", "pinterest.com", "youtube.com", "youtu.be",
    "whatsapp.com", "discord.gg", "discord.com", "telegram.me", "t.me",
)  # fmt: skip
_FORUM_HOSTS = ("reddit.com", "redd.it", "reddituploads.com", "redditmedia.com")
_IMAGE_HOSTS = ("imgur.com", "giphy.com", "gyazo.com")
_MEDIA_SUFFIXES = (
    ".png", ".jpg", ".jpeg", ".gif", ".webp", ".svg", ".bmp", ".heic",
    ".mp4", ".mov", ".webm", ".mp3", ".m4a", ".zip",
)  # fmt: skip


@dataclass(frozen=True, slots=True)
class ArticleData:
    """One linked page as kept: its main text, the identifiers it declares, where it links."""

    url: str
    title: str | None
    text: str | None
    meta: dict[str, tuple[str, ...]] = field(default_factory=dict)
    links: tuple[str, ...] = ()
    final_url: str | None = None
    status: int | None = None
    truncated: bool = False
    error: str | None = None


def _host_in(host: str, domains: Iterable[str]) -> bool:
    return any(host == d or host.endswith("." + d) for d in domains)


def should_follow(url: str, skip_hosts: Iterable[str] = ()) -> bool:
    """News, publisher and PubMed pages yes; social media, Reddit, the forum itself, media files no."""
    parts = urlsplit(url)
    host = (parts.hostname or "").lower()
    if parts.scheme not in ("http", "https") or not host:
        return False
    if _host_in(host, (*_SOCIAL, *_FORUM_HOSTS, *_IMAGE_HOSTS, *(h.lower() for h in skip_hosts))):
        return False
    return not parts.path.lower().endswith(_MEDIA_SUFFIXES)


def extract_article(html: str, url: str) -> ArticleData:
    """Main text (trafilatura, without the page's chrome), citation meta tags and the links in
    the main text. Pure: the same page always gives the same result."""
    soup = soup_of(html)
    meta: dict[str, list[str]] = {}
    for tag in soup.find_all("meta"):
        name = str(tag.get("name") or tag.get("property") or "").strip().lower()
        value = str(tag.get("content") or "").strip()
        if name in CITATION_META and value and value not in meta.setdefault(name, []):
            meta[name].append(value)
    text = trafilatura.extract(
        html, url=url, include_comments=False, include_tables=False, favor_precision=True
    )
    titles = meta.get("citation_title") or []
    page_title = soup.title.get_text(" ", strip=True) if soup.title else None
    return ArticleData(
        url=url,
        title=titles[0] if titles else (page_title or None),
        text=text or None,
        meta={k: tuple(v) for k, v in meta.items() if v},
        links=_main_links(html, url),
    )


def _main_links(html: str, url: str) -> tuple[str, ...]:
    """Links inside the main text only, so navigation, share buttons and ads stay out."""
    xml = trafilatura.extract(
        html, url=url, output_format="xml", include_links=True, include_comments=False, favor_precision=True
    )
    if not xml:
        return ()
    root = etree.fromstring(xml.encode("utf-8"))
    found: list[str] = []
    for ref in root.iter("ref"):
        target = (ref.get("target") or "").strip()
        if target.startswith(("http://", "https://")) and target not in found:
            found.append(target)
    return tuple(found)


def _normalise(url: str) -> str:
    return urldefrag(url.strip()).url


class ArticleFetcher:
    """Fetches each linked page once, through the shared polite client, into ``articles``."""

    def __init__(self, client: HttpClient, settings: Settings, *, skip_hosts: Iterable[str] = ()) -> None:
        self.client = client
        self.settings = settings
        self.skip_hosts = tuple(skip_hosts)

    def candidates(self, urls: Iterable[str]) -> list[str]:
        """The URLs worth fetching, normalised, each once, in first-seen order."""
        out: list[str] = []
        for raw in urls:
            url = _normalise(raw)
            if url not in out and len(url) <= 2000 and should_follow(url, self.skip_hosts):
                out.append(url)
        return out

    def fetch_new(self, session: Session, urls: Iterable[str]) -> list[ArticleData]:
        """Fetch the URLs not yet in ``articles`` and add their rows in the caller's transaction.

        A dead link or a network fault is stored as a row with its error, so it is not fetched
        again every run and the digest can say the page is gone.
        """
        wanted = self.candidates(urls)
        known: set[str] = set()
        for start in range(0, len(wanted), 500):
            chunk = wanted[start : start + 500]
            known.update(session.scalars(select(Article.url).where(Article.url.in_(chunk))))
        fetched: list[ArticleData] = []
        for url in wanted:
            if url in known:
                continue
            article = self._fetch_one(url)
            self._store(session, article)
            fetched.append(article)
        return fetched

    def _fetch_one(self, url: str) -> ArticleData:
        try:
            result = self.client.fetch(url, accept=_ACCEPT)
        except HttpStatusError as exc:
            return ArticleData(url, None, None, status=exc.status, error=str(exc))
        except SourceError as exc:
            return ArticleData(url, None, None, error=str(exc))
        ctype = result.headers.get("content-type", "").split(";")[0].strip().lower()
        if ctype and not ctype.startswith(_TEXTUAL):
            return ArticleData(
                url,
                None,
                None,
                final_url=result.final_url,
                status=result.status,
                error=f"not a web page ({ctype})",
            )
        data = extract_article(result.text, result.final_url)
        return ArticleData(
            url=url,
            title=data.title,
            text=data.text,
            meta=data.meta,
            links=data.links,
            final_url=result.final_url,
            status=result.status,
            truncated=result.truncated,
        )

    @staticmethod
    def _store(session: Session, article: ArticleData) -> None:
        stmt = insert_on_conflict(session, Article).values(
            url=article.url,
            final_url=article.final_url,
            status=article.status,
            title=article.title,
            text=article.text,
            meta={k: list(v) for k, v in article.meta.items()},
            links=list(article.links),
            fetched_at=clock.now(),
            error=article.error,
            truncated=article.truncated,
        )
        session.execute(stmt.on_conflict_do_nothing(index_elements=[Article.url]))


__all__ = ["CITATION_META", "ArticleData", "ArticleFetcher", "extract_article", "should_follow"]
