"""Forum pages (thread lists and thread pages) into plain records, driven by CSS selectors.

Pure functions over HTML strings: no network, no clock, no storage, so every preset is tested
by golden files. A page that only half matches still yields what parsed, with a warning that
names the page and the selector, because a forum's theme change should cost a few posts, not
a silent week.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from datetime import UTC, datetime
from urllib.parse import urldefrag, urljoin, urlsplit

from bs4 import BeautifulSoup
from bs4.element import NavigableString, Tag
from bs4.exceptions import FeatureNotFound

from sources.clean import no_surrogates
from sources.forum_presets import ForumSelectors

_BLOCKS = ("p", "div", "li", "blockquote", "pre", "tr", "h1", "h2", "h3", "h4", "h5", "h6", "ul", "ol")
_DIGITS = re.compile(r"(\d+)(?!.*\d)")
_ATTR = re.compile(r"^(?P<css>.*?)@(?P<attr>[A-Za-z_:][-A-Za-z0-9_:.]*)$")


@dataclass(frozen=True, slots=True)
class ThreadRef:
    """A thread as its forum's list shows it."""

    url: str
    title: str | None
    last_activity: datetime | None


@dataclass(frozen=True, slots=True)
class ThreadList:
    threads: tuple[ThreadRef, ...]
    next_url: str | None
    warnings: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class ParsedPost:
    """One post on a thread page, before it becomes a RawPost (the author is still a name)."""

    post_id: str
    author: str | None
    created_at: datetime | None
    text: str
    links: tuple[str, ...]
    permalink: str | None


@dataclass(frozen=True, slots=True)
class ThreadPage:
    title: str | None
    posts: tuple[ParsedPost, ...]
    next_url: str | None
    warnings: tuple[str, ...] = ()


def soup_of(html: str) -> BeautifulSoup:
    """lxml for speed and its forgiveness of unclosed tags; html.parser if lxml is missing.
    Lone surrogates are replaced first: lxml cannot encode them."""
    html = no_surrogates(html)
    try:
        return BeautifulSoup(html, "lxml")
    except FeatureNotFound:  # pragma: no cover - lxml is a dependency
        return BeautifulSoup(html, "html.parser")


def select_value(scope: Tag, spec: str | None) -> str | None:
    """Evaluate a selector spec (``css``, ``css@attr`` or ``@attr``) inside ``scope``."""
    if not spec:
        return None
    match = _ATTR.match(spec)
    css, attr = (match["css"].strip(), match["attr"]) if match else (spec, None)
    element = scope if not css else scope.select_one(css)
    if element is None:
        return None
    if attr is None:
        text = " ".join(element.get_text(" ").split())
        return text or None
    value = element.get(attr)
    if isinstance(value, list):
        value = " ".join(value)
    return value.strip() if value and value.strip() else None


def parse_when(value: object) -> datetime | None:
    """A ``datetime`` attribute or epoch seconds as aware UTC; None when unreadable (or not text)."""
    if not value or not isinstance(value, str):
        return None
    value = value.strip()
    try:
        if value.isdigit():
            return datetime.fromtimestamp(int(value), UTC)
        parsed = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except (ValueError, OverflowError):
        return None
    return parsed.astimezone(UTC) if parsed.tzinfo else parsed.replace(tzinfo=UTC)


def _absolute(page_url: str, href: str | None) -> str | None:
    href = (href or "").strip()
    if not href or href.startswith(("javascript:", "mailto:", "#")):
        return None
    return urljoin(page_url, href)


def parse_thread_list(html: str, page_url: str, sel: ForumSelectors) -> ThreadList:
    """Threads listed on one forum index page, in page order, plus the next page's URL."""
    soup = soup_of(html)
    warnings: list[str] = []
    threads: list[ThreadRef] = []
    seen: set[str] = set()
    items = soup.select(sel.thread_item) if sel.thread_item else []
    if not items:
        warnings.append(f"{page_url}: no threads matched selector {sel.thread_item!r}")
    for item in items:
        url = _absolute(page_url, select_value(item, sel.thread_link))
        if url is None:
            warnings.append(f"{page_url}: a thread row has no link ({sel.thread_link!r}); skipped")
            continue
        url = urldefrag(url).url
        if url in seen:
            continue
        seen.add(url)
        title_spec = _ATTR.match(sel.thread_link)
        title = select_value(item, title_spec["css"]) if title_spec and title_spec["css"] else None
        threads.append(ThreadRef(url, title, parse_when(select_value(item, sel.thread_last))))
    return ThreadList(tuple(threads), _absolute(page_url, select_value(soup, sel.next_page)), tuple(warnings))


def parse_thread_page(html: str, page_url: str, sel: ForumSelectors) -> ThreadPage:
    """Posts on one thread page, in page order, with quotes of earlier posts removed."""
    soup = soup_of(html)
    warnings: list[str] = []
    title = select_value(soup, sel.thread_title) or select_value(soup, "title")
    next_url = _absolute(page_url, select_value(soup, sel.next_page))
    containers = soup.select(sel.post) if sel.post else []
    if not containers:
        warnings.append(f"{page_url}: no posts matched selector {sel.post!r}")
    # Unclosed tags can nest one post inside another; lift each out (innermost first) so a
    # post's body never swallows the posts after it.
    for container in reversed(containers):
        container.extract()
    posts: list[ParsedPost] = []
    for container in containers:
        post = _parse_post(container, page_url, sel, warnings)
        if post is not None:
            posts.append(post)
    return ThreadPage(title, tuple(posts), next_url, tuple(warnings))


def _parse_post(container: Tag, page_url: str, sel: ForumSelectors, warnings: list[str]) -> ParsedPost | None:
    # Read the attribution before the body is trimmed: some engines keep it inside the post.
    raw_id = select_value(container, sel.post_id)
    author = select_value(container, sel.author)
    created = parse_when(select_value(container, sel.date))
    permalink = _absolute(page_url, select_value(container, sel.permalink))
    body = container.select_one(sel.post_body) if sel.post_body else None
    if body is None:
        where = raw_id or "a post"
        warnings.append(f"{page_url}: {where} has no body ({sel.post_body!r}); skipped")
        return None
    for spec in (sel.quote, sel.remove):
        if spec:
            for element in body.select(spec):
                element.decompose()
    links = outbound_links(body, page_url)
    text = block_text(body)
    post_id = _post_id(raw_id, permalink, author, created, text)
    return ParsedPost(post_id, author, created, text, links, permalink)


def _post_id(
    raw: str | None, permalink: str | None, author: str | None, when: datetime | None, text: str
) -> str:
    """The forum's own id (its last run of digits: ``js-post-501234`` → ``501234``); failing that,
    a hash of what identifies the post, stable across runs so storage upserts it in place."""
    if raw:
        digits = _DIGITS.search(raw)
        return digits.group(1) if digits else raw
    if permalink:
        return permalink
    seed = f"{author}|{when.isoformat() if when else ''}|{text[:500]}"
    return "h" + hashlib.sha256(seed.encode("utf-8")).hexdigest()[:20]


def outbound_links(body: Tag, page_url: str) -> tuple[str, ...]:
    """Links out of the forum, in order, once each: the papers and news a post points at."""
    own_host = urlsplit(page_url).netloc.lower()
    found: list[str] = []
    for anchor in body.select("a[href]"):
        href = anchor.get("href")
        url = _absolute(page_url, href if isinstance(href, str) else None)
        if url is None:
            continue
        parts = urlsplit(url)
        if parts.scheme not in ("http", "https") or parts.netloc.lower() == own_host:
            continue
        if url not in found:
            found.append(url)
    return tuple(found)


def block_text(element: Tag) -> str:
    """Text with one line per paragraph, line break or list item, spaces folded within lines."""
    for br in element.find_all("br"):
        br.replace_with(NavigableString("\n"))
    for block in element.find_all(_BLOCKS):
        block.insert_before(NavigableString("\n"))
        block.insert_after(NavigableString("\n"))
    lines = (" ".join(line.split()) for line in element.get_text().splitlines())
    return "\n".join(line for line in lines if line)
