"""``kind: feed``: RSS, Atom, RDF and JSON feeds, fetched politely and deduplicated.

The flow per feed URL: stored cursor | conditional GET (ETag / Last-Modified) | parse |
entries → RawPosts | dedupe against the keys already seen | one Batch (posts + new cursor).

Why dedupe on guid, then link, then content hash, remembered in the cursor: publishers rotate
GUIDs (a CMS migration, a feed proxy), and each rotation would otherwise re-post the whole feed
into the digest. An entry whose guid is new but whose link or text we have seen is churn and is
dropped; an entry whose own id is known but whose text changed is an edit and is passed on
under the same id, so storage updates it in place. The key set is bounded (``remember``).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from bot import clock
from bot.config import Settings, SourceSettings
from bot.errors import SourceError, SourceNotConfigured
from sources.base import Batch, CursorStore, register
from sources.feed_parse import ParsedFeed, entry_keys, entry_to_post, parse_feed
from sources.feed_presets import PresetError, preset_urls
from sources.http import FetchResult, HttpClient
from sources.types import RawPost

FEED_ACCEPT = (
    "application/rss+xml, application/atom+xml, application/rdf+xml, application/feed+json, "
    "application/xml;q=0.9, text/xml;q=0.9, */*;q=0.5"
)


class FeedOptions(BaseModel):
    """The options a ``kind: feed`` source accepts in config.yaml."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    url: str | None = None
    urls: tuple[str, ...] = ()
    preset: str | None = None
    term: str | None = None
    feed_id: str | None = None
    site: str | None = None
    feeds: tuple[str, ...] = ()  # with a preset: pick some of its feeds by name
    limit: int = Field(default=50, ge=1, le=1000)
    title_prefix: str = ""
    max_items: int = Field(default=200, ge=1)
    remember: int = Field(default=5000, ge=10)

    @model_validator(mode="after")
    def _has_a_feed(self) -> FeedOptions:
        if not (self.url or self.urls or self.preset):
            raise ValueError("give 'url', 'urls' or 'preset'")
        return self

    def all_urls(self) -> tuple[str, ...]:
        found = [*([self.url] if self.url else []), *self.urls]
        if self.preset:
            found += preset_urls(self.preset, self.model_dump(), self.feeds)
        return tuple(dict.fromkeys(found))


def _options(cfg: SourceSettings) -> FeedOptions:
    try:
        options = FeedOptions.model_validate(cfg.options())
        options.all_urls()
    except ValidationError as exc:
        err = exc.errors()[0]
        where = ".".join(str(p) for p in err.get("loc", ())) or "options"
        msg = "unknown option" if err.get("type") == "extra_forbidden" else err.get("msg", "invalid")
        raise SourceNotConfigured(cfg.name, f"option '{where}': {msg}") from None
    except PresetError as exc:
        raise SourceNotConfigured(cfg.name, str(exc)) from None
    return options


class FeedSource:
    """One configured feed source: one or more feed URLs sharing options."""

    def __init__(self, name: str, options: FeedOptions, settings: Settings, client: HttpClient | None = None):
        self.name = name
        self.options = options
        self.urls = options.all_urls()
        self._settings = settings
        self._client = client

    def _http(self) -> HttpClient:
        return self._client or HttpClient.for_settings(self._settings, also=self.urls)

    def collect(self, cursors: CursorStore) -> Iterator[Batch]:
        """One Batch per feed; a failing feed does not stop the others, and is raised at the end."""
        failures: list[str] = []
        client = self._http()
        try:
            for url in self.urls:
                try:
                    yield self._collect_one(client, url, cursors.get(url) or {})
                except SourceError as exc:
                    failures.append(str(exc))
        finally:
            if client is not self._client:
                client.close()
        if failures:
            more = f" (and {len(failures) - 1} more)" if len(failures) > 1 else ""
            raise SourceError(self.name, failures[0] + more)

    def _collect_one(self, client: HttpClient, url: str, state: dict[str, Any]) -> Batch:
        result = client.fetch(
            url, etag=state.get("etag"), last_modified=state.get("last_modified"), accept=FEED_ACCEPT
        )
        if result.not_modified:
            return Batch((), url, {**state, **_validators(result, state)})
        parsed = parse_feed(result.body, url=result.final_url, headers=result.headers)
        if not parsed.is_feed:
            if result.truncated:  # the cut, not the publisher, broke it: say so
                raise SourceError(url, f"cut at the size cap ({len(result.body)} bytes, http.max_bytes)")
            raise SourceError(url, f"not a feed ({parsed.problem or 'no RSS, Atom or RDF found'})")
        warnings = _warnings(url, parsed, result)
        posts, seen = self.select_new(parsed, state.get("seen") or [])
        cursor = {**_validators(result, state), "seen": seen}
        return Batch(tuple(posts), url, cursor, warnings=warnings)

    def select_new(self, parsed: ParsedFeed, seen_list: list[str]) -> tuple[list[RawPost], list[str]]:
        """New and edited entries, and the updated bounded list of seen keys (oldest first)."""
        seen = dict.fromkeys(seen_list)
        fetched_at = clock.now()
        posts: list[RawPost] = []
        for entry in parsed.entries[: self.options.max_items]:
            post = entry_to_post(
                entry,
                source=self.name,
                feed_url=parsed.url,
                fetched_at=fetched_at,
                title_prefix=self.options.title_prefix,
            )
            if post is None:
                continue
            keys = entry_keys(post, entry)
            primary, content = keys[0], keys[-1]
            known_primary = primary in seen
            churn = not known_primary and any(k in seen for k in keys[1:])
            edited = known_primary and content not in seen
            if edited or not (known_primary or churn):
                posts.append(post)
            for key in keys:  # refresh: keys of entries still in the feed stay remembered
                seen.pop(key, None)
                seen[key] = None
        kept = list(seen)[-self.options.remember :]
        return posts, kept

    def check(self) -> str:
        """Fetch and parse the first feed; one line saying what was found."""
        client = self._http()
        try:
            url = self.urls[0]
            result = client.fetch(url, accept=FEED_ACCEPT)
            parsed = parse_feed(result.body, url=result.final_url, headers=result.headers)
        finally:
            if client is not self._client:
                client.close()
        if not parsed.is_feed:
            raise SourceError(self.name, f"{url}: not a feed ({parsed.problem or 'no RSS, Atom or RDF'})")
        broken = " (ill-formed)" if parsed.bozo else ""
        return f"{len(self.urls)} feed(s); {url}: {parsed.version}{broken}, {len(parsed.entries)} items"


def _validators(result: FetchResult, state: dict[str, Any]) -> dict[str, Any]:
    """Keep the newest ETag / Last-Modified; a 304 may omit them, so fall back to the stored ones."""
    return {
        "etag": result.headers.get("etag") or state.get("etag"),
        "last_modified": result.headers.get("last-modified") or state.get("last_modified"),
    }


def _warnings(url: str, parsed: ParsedFeed, result: FetchResult) -> tuple[str, ...]:
    found = []
    if result.truncated:
        found.append(
            f"feed {url}: cut at the size cap ({len(result.body)} bytes, http.max_bytes); "
            f"kept the {len(parsed.entries)} items before the cut"
        )
    elif parsed.bozo:
        found.append(
            f"feed {url}: ill-formed ({parsed.problem}); kept the {len(parsed.entries)} items that parsed"
        )
    return tuple(found)


@register("feed")
def build_feed_source(cfg: SourceSettings, settings: Settings) -> FeedSource:
    return FeedSource(cfg.name, _options(cfg), settings)
