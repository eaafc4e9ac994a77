"""Feed bytes → parsed feed → ``RawPost``s. Pure functions: no network, no clock, no storage.

Why feedparser on the bytes (not on a URL): the HTTP layer owns politeness, and feedparser's
encoding rules need the response headers, which we hand it as they came. Why warnings and not
errors for ill-formed feeds: real publishers ship broken XML every week, and what parsed before
the break is still news; the moderator hears which feed is broken.
"""

from __future__ import annotations

import io
import json
import time
from collections.abc import Mapping
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from typing import Any
from urllib.parse import urljoin, urlsplit

import feedparser

from sources.clean import no_surrogates
from sources.htmltext import html_to_text
from sources.privacy import hash_author
from sources.types import RawPost

Entry = Mapping[str, Any]


@dataclass(frozen=True, slots=True)
class ParsedFeed:
    """What one feed document held, plus what was wrong with it."""

    url: str
    version: str
    title: str | None
    entries: tuple[Entry, ...]
    bozo: bool
    problem: str | None
    result: Mapping[str, Any]

    @property
    def is_feed(self) -> bool:
        """False when nothing feed-like was found (an HTML error page, an empty body)."""
        return bool(self.version or self.entries)


def parse_feed(body: bytes, *, url: str, headers: Mapping[str, str] | None = None) -> ParsedFeed:
    """Parse RSS 0.9x/1.0/2.0, Atom 0.3/1.0 or JSON Feed from ``body`` fetched at ``url``."""
    hdrs = {k.lower(): v for k, v in (headers or {}).items()}
    if _looks_like_json(body, hdrs.get("content-type", "")):
        parsed = _parse_json_feed(body, url)
        if parsed is not None:
            return parsed
    hdrs["content-location"] = _safe_base(url, hdrs.get("content-location"))
    try:
        result = feedparser.parse(io.BytesIO(body), response_headers=hdrs)
    except Exception as failure:  # feedparser on a stranger's bytes: its failure is "not a feed"
        why = f"{type(failure).__name__}: {str(failure)[:200]}"
        return ParsedFeed(url, "", None, (), True, why, {})
    problem = None
    if result.get("bozo"):
        exc = result.get("bozo_exception")
        problem = f"{type(exc).__name__}: {exc}" if exc is not None else "ill-formed"
    feed = result.get("feed", {})
    return ParsedFeed(
        url=url,
        version=str(result.get("version") or ""),
        title=feed.get("title"),
        entries=tuple(result.get("entries", ())),
        bozo=bool(result.get("bozo")),
        problem=problem,
        result=result,
    )


def _safe_base(url: str, content_location: str | None) -> str:
    """Base for relative links: Content-Location only if it resolves to http(s), else the URL."""
    if content_location:
        joined = urljoin(url, content_location.strip())
        if urlsplit(joined).scheme in ("http", "https"):
            return joined
    return url


def entry_keys(post: RawPost, entry: Entry) -> tuple[str, ...]:
    """Identity keys for dedupe, strongest first: guid, link, content hash."""
    keys = []
    if entry.get("id"):
        keys.append(f"g:{entry['id']}")
    if entry.get("link"):
        keys.append(f"l:{entry['link']}")
    keys.append(f"h:{post.content_hash}")
    return tuple(keys)


def entry_to_post(
    entry: Entry, *, source: str, feed_url: str, fetched_at: datetime, title_prefix: str = ""
) -> RawPost | None:
    """One feed entry as a RawPost, or None when it holds nothing (no title, text or link)."""
    link = entry.get("link") or None
    title = _title(entry)
    html = _body_html(entry)
    text, links = html_to_text(html, base_url=link or feed_url) if html else ("", ())
    if not (title or text or link):
        return None
    post = RawPost(
        source=source,
        external_id="",
        kind="feed_item",
        url=link,
        title=f"{title_prefix}{title}" if title and title_prefix else title,
        text=text,
        created_at=_when(entry),
        fetched_at=fetched_at,
        author_hash=hash_author(source, entry.get("author")),
        links=links,
    )
    external_id = entry.get("id") or link or f"sha256:{post.content_hash}"
    return replace(post, external_id=str(external_id))


def _title(entry: Entry) -> str | None:
    raw = entry.get("title")
    if not raw:
        return None
    detail = entry.get("title_detail") or {}
    if "html" in str(detail.get("type", "")):
        return html_to_text(raw)[0].replace("\n", " ") or None
    return " ".join(str(raw).split()) or None


def _body_html(entry: Entry) -> str:
    """The fullest body: the longest content block, else the summary."""
    contents = [c.get("value", "") for c in entry.get("content") or () if c.get("value")]
    if contents:
        best = max(contents, key=len)
        summary = entry.get("summary") or ""
        return best if len(best) >= len(summary) else summary
    return str(entry.get("summary") or "")


def _when(entry: Entry) -> datetime | None:
    if isinstance(entry.get("published_dt"), datetime):
        return entry["published_dt"]  # type: ignore[no-any-return]
    for key in ("published_parsed", "updated_parsed", "created_parsed"):
        value = entry.get(key)
        if isinstance(value, time.struct_time):
            try:
                return datetime(*value[:6], tzinfo=UTC)
            except ValueError:
                continue
    return None


# -- JSON Feed (feedparser 6 reads only XML) -----------------------------------------------


def _looks_like_json(body: bytes, content_type: str) -> bool:
    return "json" in content_type or body.lstrip()[:1] == b"{"


def _parse_json_feed(body: bytes, url: str) -> ParsedFeed | None:
    try:
        data = json.loads(body)
    except (ValueError, UnicodeDecodeError, RecursionError):
        return None
    if not isinstance(data, dict) or "jsonfeed.org" not in str(data.get("version", "")):
        return None
    entries = []
    items = data.get("items")
    for item in items if isinstance(items, list) else ():
        if not isinstance(item, dict):
            continue  # a stranger's JSON: every field is checked for its type, never assumed
        authors = item.get("authors")
        author = item.get("author") or (authors[0] if isinstance(authors, list) and authors else None)
        link = _str(item.get("url"))
        entries.append(
            {
                "id": _str(item.get("id")) or (str(item["id"]) if isinstance(item.get("id"), int) else None),
                "link": urljoin(url, link) if link else None,
                "title": _str(item.get("title")),
                "title_detail": {"type": "text/plain"},
                "summary": _str(item.get("content_html")) or _escape(_str(item.get("content_text")) or ""),
                "author": _str(author.get("name")) if isinstance(author, dict) else None,
                "published_dt": _iso(item.get("date_published") or item.get("date_modified")),
            }
        )
    version = "json" + str(data["version"]).rstrip("/").rsplit("/", 1)[-1]
    # Shaped like feedparser's result so callers (and the sample tests) read both alike.
    result = feedparser.FeedParserDict(
        bozo=False,
        version=version,
        encoding="utf-8",
        feed=feedparser.FeedParserDict(title=_str(data.get("title")), link=_str(data.get("home_page_url"))),
        entries=[feedparser.FeedParserDict(e) for e in entries],
    )
    return ParsedFeed(url, version, _str(data.get("title")), tuple(result["entries"]), False, None, result)


def _str(value: object) -> str | None:
    """A JSON string field, or None; JSON escapes can carry lone surrogates, which no parser takes."""
    return no_surrogates(value) if isinstance(value, str) and value else None


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\n", "<br>")


def _iso(value: object) -> datetime | None:
    if not isinstance(value, str):
        return None
    try:
        parsed = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None
    return parsed.astimezone(UTC) if parsed.tzinfo else parsed.replace(tzinfo=UTC)
