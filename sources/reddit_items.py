"""praw submissions and comments → ``RawPost``, and how to tell a deleted one.

Why fields are read from ``vars(item)`` and never as attributes: a praw object that lacks an
attribute fetches itself from Reddit to find it. Old listings lack fields Reddit added later
(``removed_by_category``), so a plain ``getattr`` would fire one request per item.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from typing import Any
from urllib.parse import urljoin

from bs4 import BeautifulSoup
from praw.models import Comment, MoreComments, Submission

from sources.privacy import hash_author
from sources.types import RawPost

SITE = "https://www.reddit.com"
GONE_MARKERS = frozenset({"[deleted]", "[removed]", "[ Removed by Reddit ]"})


def _data(item: Any) -> dict[str, Any]:
    data: dict[str, Any] = vars(item)
    return data


def fullname(item: Submission | Comment) -> str:
    data = _data(item)
    name = data.get("name")
    if isinstance(name, str) and name:
        return name
    prefix = "t3_" if isinstance(item, Submission) else "t1_"
    return prefix + str(data["id"])


def author_name(item: Any) -> str | None:
    """praw turns the author "[deleted]" into None; anything else is a Redditor or a name."""
    author = _data(item).get("author")
    if author is None:
        return None
    return str(getattr(author, "name", author))


def is_gone(item: Submission | Comment) -> bool:
    """Deleted by its author or removed by a moderator or Reddit: never stored, purged if held."""
    data = _data(item)
    if author_name(item) in (None, *GONE_MARKERS):
        return True
    if data.get("removed_by_category"):
        return True
    text = data.get("selftext") if isinstance(item, Submission) else data.get("body")
    return isinstance(text, str) and text.strip() in GONE_MARKERS


def links_in(html: str | None) -> list[str]:
    """Outbound hrefs of Reddit's rendered markdown, made absolute (``/r/x`` → reddit.com)."""
    if not html:
        return []
    soup = BeautifulSoup(html, "html.parser")
    found: list[str] = []
    for anchor in soup.find_all("a", href=True):
        href = str(anchor["href"]).strip()
        if not href or href.startswith(("#", "mailto:", "javascript:")):
            continue
        found.append(urljoin(SITE + "/", href))
    return found


def _unique(values: list[str]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(values))


def _created(data: dict[str, Any]) -> datetime | None:
    stamp = data.get("created_utc")
    return datetime.fromtimestamp(float(stamp), UTC) if stamp is not None else None


def _permalink(data: dict[str, Any]) -> str | None:
    link = data.get("permalink")
    return urljoin(SITE, link) if isinstance(link, str) and link else None


def submission_post(source: str, item: Submission, fetched_at: datetime) -> RawPost:
    data = _data(item)
    links = links_in(data.get("selftext_html"))
    if not data.get("is_self", True) and data.get("url"):
        links.insert(0, str(data["url"]))
    return RawPost(
        source=source,
        external_id=fullname(item),
        kind="post",
        url=_permalink(data),
        title=data.get("title"),
        text=str(data.get("selftext") or ""),
        created_at=_created(data),
        fetched_at=fetched_at,
        author_hash=hash_author(source, author_name(item)),
        links=_unique(links),
        score=data.get("score"),
        replies=data.get("num_comments"),
    )


def comment_post(source: str, item: Comment, fetched_at: datetime) -> RawPost:
    data = _data(item)
    permalink = _permalink(data)
    if permalink is None and data.get("link_id"):
        permalink = f"{SITE}/comments/{str(data['link_id']).removeprefix('t3_')}/_/{data.get('id')}/"
    return RawPost(
        source=source,
        external_id=fullname(item),
        kind="comment",
        url=permalink,
        title=None,
        text=str(data.get("body") or ""),
        created_at=_created(data),
        fetched_at=fetched_at,
        author_hash=hash_author(source, author_name(item)),
        links=_unique(links_in(data.get("body_html"))),
        score=data.get("score"),
        parent_id=data.get("parent_id"),
    )


def walk_comments(forest: Any, max_depth: int) -> Iterator[Comment]:
    """Comments of a forest down to ``max_depth`` (1 = top level only), parents before replies.

    A deleted comment is still walked through: its replies are someone else's words.
    """
    stack: list[tuple[Any, int]] = [(c, 1) for c in reversed(list(forest))]
    while stack:
        comment, depth = stack.pop()
        if isinstance(comment, MoreComments) or depth > max_depth:
            continue
        yield comment
        replies = _data(comment).get("_replies") or []
        stack.extend((reply, depth + 1) for reply in reversed(list(replies)))
