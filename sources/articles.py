"""The pages that posts and news items link to, fetched once and kept.

Why keep them: a news story is often the only bridge between a post and the paper behind it
(its citation meta tags and outbound links name the DOI), and a third of news links rot within a
few years, so the text is stored the day it is seen. ``extract_article`` is pure and
golden-tested; ``ArticleFetcher`` decides what to fetch and fetches it, returning data: like
every collector it never touches storage (``bot.pipeline.articles`` stores each page).

A linked page is untrusted: it goes through the URL policy like every fetch (public
addresses only, unless allowed), and a page the parsers choke on is returned as a failed
page with the reason, never an exception that could cost the other pages of the run.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from urllib.parse import urldefrag, urlsplit

import trafilatura
from lxml import etree

from bot.config import Settings
from bot.errors import SourceError
from sources.clean import no_surrogates
from sources.forum_html import soup_of
from sources.http import HttpClient, HttpStatusError

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
    html = no_surrogates(html)
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

    def fetch(self, url: str) -> ArticleData:
        """One page, fetched and read. A dead link, a refused URL, a network fault or a page that
        cannot be parsed comes back with ``error`` set, so it is recorded rather than retried
        every run, and the digest can say the page is gone."""
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
        try:
            data = extract_article(result.text, result.final_url)
        except Exception as exc:  # an untrusted page must never cost the run its other pages
            why = f"{type(exc).__name__}: {str(exc)[:200]}"
            if result.truncated:
                why = f"cut at the size cap ({len(result.body)} bytes); the part that arrived: {why}"
            return ArticleData(
                url,
                None,
                None,
                final_url=result.final_url,
                status=result.status,
                truncated=result.truncated,
                error=f"page could not be parsed ({why})",
            )
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


__all__ = ["CITATION_META", "ArticleData", "ArticleFetcher", "extract_article", "should_follow"]
