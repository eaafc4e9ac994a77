"""Discourse forums through their JSON API rather than their HTML.

Why JSON: Discourse renders its pages in the browser, so the HTML a crawler gets is a thin
shell, while ``/latest.json`` and ``/t/<id>.json`` are the stable, documented interface. A topic
carries its first 20 posts and the ids of all of them; the rest come from
``/t/<id>/posts.json?post_ids[]=…`` in chunks. Each post's ``cooked`` HTML goes through the same
body cleaning as the HTML forums (quotes of earlier posts removed, outbound links kept).

Deletions: a topic's ``stream`` lists every post it still has, so the ids the cursor remembers
and the stream no longer holds were deleted at the forum, and are purged when the topic is
read again (it is read again when it has new posts).
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote, urlencode, urljoin, urlsplit

from bot import clock
from bot.errors import SourceError
from sources.base import Batch, CursorStore
from sources.forum_html import ParsedPost, block_text, outbound_links, parse_when, soup_of
from sources.http import FetchResult
from sources.privacy import hash_author
from sources.types import RawPost

# fetch(url, accept) through the shared polite client.
FetchFn = Callable[[str, str], FetchResult]
_ACCEPT_JSON = "application/json"
_CHUNK = 20


@dataclass(frozen=True, slots=True)
class TopicRef:
    topic_id: int
    slug: str
    title: str | None
    highest_post_number: int | None


def base_url(url: str) -> str:
    """The forum root, from whatever URL the config gives (root, /latest, /latest.json)."""
    parts = urlsplit(url)
    if parts.scheme in ("http", "https"):
        return f"{parts.scheme}://{parts.netloc}/"
    return url.rsplit("/", 1)[0] + "/" if url.endswith(".json") else url.rstrip("/") + "/"


def json_url(base: str, path: str) -> str:
    """``/latest?page=1`` (as Discourse hands it back) → the same list as JSON."""
    path, _, query = path.partition("?")
    if not path.endswith(".json"):
        path += ".json"
    return urljoin(base, path.lstrip("/")) + (f"?{query}" if query else "")


def parse_topic_list(data: Any, base: str) -> tuple[list[TopicRef], str | None]:
    listing = data.get("topic_list") if isinstance(data, dict) else None
    if not isinstance(listing, dict):
        raise ValueError("no 'topic_list' object")
    raw = listing.get("topics")
    topics = [ref for ref in map(_topic_ref, raw if isinstance(raw, list) else ()) if ref is not None]
    more = listing.get("more_topics_url")
    return topics, json_url(base, more) if isinstance(more, str) and more else None


def _topic_ref(item: object) -> TopicRef | None:
    """One listed topic, or None when its id is not a number (a stranger's JSON: types checked)."""
    if not isinstance(item, dict):
        return None
    topic_id, slug, title, highest = (item.get(k) for k in ("id", "slug", "title", "highest_post_number"))
    if isinstance(topic_id, bool) or not isinstance(topic_id, int | str) or not str(topic_id).isdigit():
        return None
    return TopicRef(
        int(topic_id),
        quote(slug, safe="-_") if isinstance(slug, str) and slug else str(topic_id),
        title if isinstance(title, str) else None,
        highest if isinstance(highest, int) and not isinstance(highest, bool) else None,
    )


def parse_post(post: dict[str, Any], page_url: str) -> ParsedPost:
    """One post object: its cooked HTML cleaned like any forum body."""
    cooked, username = post.get("cooked"), post.get("username")
    body = soup_of(cooked if isinstance(cooked, str) else "").body or soup_of("<body></body>").body
    assert body is not None
    for aside in body.select("aside.quote"):
        aside.decompose()
    links = outbound_links(body, page_url)
    for onebox in body.select("aside.onebox"):
        onebox.decompose()  # a link preview: the linked page's words, not the poster's
    return ParsedPost(
        post_id=str(post["id"]),
        author=username if isinstance(username, str) else None,
        created_at=parse_when(post.get("created_at")),
        text=block_text(body),
        links=links,
        permalink=None,
    )


class DiscourseWalker:
    """Walks ``/latest.json`` and each changed topic, yielding one Batch per topic."""

    def __init__(self, source: str, url: str, fetch: FetchFn, max_pages: int) -> None:
        self.source = source
        self.base = base_url(url)
        self.fetch = fetch
        self.max_pages = max_pages

    def _json(self, url: str) -> Any:
        result = self.fetch(url, _ACCEPT_JSON)
        try:
            return json.loads(result.text)
        except (json.JSONDecodeError, RecursionError) as exc:
            if result.truncated:
                cut = f"cut at the size cap ({len(result.body)} bytes, http.max_bytes)"
                raise SourceError(self.source, f"{url}: {cut}") from None
            why = (
                f"{exc.msg} at line {exc.lineno}"
                if isinstance(exc, json.JSONDecodeError)
                else "nested too deeply"
            )
            raise SourceError(self.source, f"{url}: not JSON ({why})") from None

    def topics(self) -> list[TopicRef]:
        url: str | None = json_url(self.base, "latest.json")
        found: list[TopicRef] = []
        for _ in range(self.max_pages):
            if url is None:
                break
            try:
                topics, url = parse_topic_list(self._json(url), self.base)
            except ValueError as exc:
                raise SourceError(self.source, f"{url}: {exc}") from None
            found.extend(topics)
        return found

    def check(self) -> str:
        return f"{len(self.topics())} topics listed at {self.base}"

    def batches(self, cursors: CursorStore, max_threads: int) -> Iterator[Batch]:
        for topic in self.topics()[:max_threads]:
            key = urljoin(self.base, f"t/{topic.slug}/{topic.topic_id}")
            state = cursors.get(key) or {}
            last_number = int(state.get("last_post_number") or 0)
            if topic.highest_post_number is not None and topic.highest_post_number <= last_number:
                continue
            try:
                yield self._topic(topic, key, state, last_number)
            except (SourceError, ValueError, KeyError, TypeError) as exc:
                yield Batch(
                    (), key, None, warnings=(f"{self.source}: topic {topic.topic_id} skipped: {exc}",)
                )

    def _topic(self, topic: TopicRef, key: str, state: dict[str, Any], last_number: int) -> Batch:
        data = self._json(json_url(self.base, f"t/{topic.topic_id}.json"))
        stream_data = data.get("post_stream") or {}
        posts: list[dict[str, Any]] = list(stream_data.get("posts") or [])
        stream = [int(i) for i in stream_data.get("stream") or []]
        have = {int(p["id"]) for p in posts}
        last_id = int(state.get("last_post_id") or 0)
        missing = [i for i in stream if i not in have and i > last_id]
        for start in range(0, len(missing), _CHUNK):
            query = urlencode([("post_ids[]", i) for i in missing[start : start + _CHUNK]])
            more = self._json(json_url(self.base, f"t/{topic.topic_id}/posts.json?{query}"))
            posts.extend((more.get("post_stream") or {}).get("posts") or [])
        title = data.get("title") or topic.title
        first_id = str(stream[0]) if stream else state.get("first_post_id")
        by_number = {int(p.get("post_number", 0)): str(p["id"]) for p in posts}
        fresh = sorted(
            (p for p in posts if int(p.get("post_number", 0)) > last_number), key=lambda p: p["post_number"]
        )
        now = clock.now()
        out: list[RawPost] = []
        new_state = dict(state)
        for raw in fresh:
            parsed = parse_post(raw, key)
            number = int(raw["post_number"])
            reply_to = raw.get("reply_to_post_number")
            parent = by_number.get(int(reply_to)) if reply_to else None
            out.append(
                RawPost(
                    source=self.source,
                    external_id=parsed.post_id,
                    kind="post" if number == 1 else "comment",
                    url=f"{key}/{number}",
                    title=title,
                    text=parsed.text,
                    created_at=parsed.created_at,
                    fetched_at=now,
                    author_hash=hash_author(self.source, parsed.author),
                    links=parsed.links,
                    score=raw.get("like_count") if isinstance(raw.get("like_count"), int) else None,
                    replies=raw.get("reply_count") if isinstance(raw.get("reply_count"), int) else None,
                    parent_id=None if number == 1 else (parent or first_id),
                )
            )
            new_state["last_post_number"] = max(number, int(new_state.get("last_post_number") or 0))
            new_state["last_post_id"] = max(int(parsed.post_id), int(new_state.get("last_post_id") or 0))
            if parsed.created_at is not None:
                new_state["last_post_at"] = parsed.created_at.isoformat()
        if first_id is not None:
            new_state["first_post_id"] = first_id
        known = [str(i) for i in state.get("ids") or ()]
        in_stream = {str(i) for i in stream}
        deleted = tuple(i for i in known if i not in in_stream) if stream else ()
        new_state["ids"] = sorted({*known, *(p.external_id for p in out)} - set(deleted), key=_numeric)
        changed = bool(out or deleted)
        return Batch(tuple(out), key, new_state if changed else None, deleted=deleted)


def _numeric(value: str) -> tuple[int, str]:
    return (int(value), "") if value.isdigit() else (0, value)


__all__ = ["DiscourseWalker", "FetchFn", "TopicRef", "base_url", "json_url", "parse_post", "parse_topic_list"]
