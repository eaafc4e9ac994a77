"""``kind: forum``: thread list → thread pages → pagination, incremental per thread.

Flow: ``thread list pages | threads (skip unchanged) | thread pages from the cursor's page |
new posts → RawPost | one Batch per page``. Each batch carries the thread's cursor (last post
id and date, and the page it was on), so a run killed half-way resumes where the committed
posts end: nothing lost, nothing twice. A failing thread page is a warning, never the end of
the source; only an unreadable thread list fails the source.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from bot import clock
from bot.config import Settings, SourceSettings
from bot.errors import SourceError, SourceNotConfigured
from sources.base import Batch, CursorStore, register
from sources.forum_discourse import DiscourseWalker
from sources.forum_html import (
    ParsedPost,
    ThreadRef,
    parse_thread_list,
    parse_thread_page,
    parse_when,
)
from sources.forum_presets import PRESETS, ForumSelectors, PresetName
from sources.http import FetchResult, HttpClient
from sources.privacy import hash_author
from sources.types import RawPost
from sources.url_policy import is_local

_ACCEPT_HTML = "text/html,application/xhtml+xml;q=0.9,*/*;q=0.5"


class ForumOptions(BaseModel):
    """A forum source's own keys in config.yaml."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    url: str = Field(min_length=1)
    preset: PresetName | None = None
    selectors: dict[str, str | None] = Field(default_factory=dict)
    max_pages: int = Field(default=10, ge=1)
    max_threads: int = Field(default=50, ge=1)


def _describe(error: dict[str, Any]) -> str:
    where = ".".join(str(p) for p in error.get("loc", ())) or "options"
    if error.get("type") == "extra_forbidden":
        return f"unknown option '{where}'"
    return f"option '{where}': {error.get('msg', 'invalid value')}"


def resolve_options(cfg: SourceSettings) -> tuple[ForumOptions, ForumSelectors | None]:
    """Validate the options and merge the preset with any selector overrides.

    Returns selectors None for Discourse, which is read through its JSON API.
    """
    try:
        options = ForumOptions.model_validate(cfg.options())
    except ValidationError as exc:
        raise SourceNotConfigured(cfg.name, _describe(dict(exc.errors()[0]))) from None
    if options.preset == "discourse":
        if options.selectors:
            raise SourceNotConfigured(
                cfg.name, "option 'selectors': Discourse is read via JSON, not selectors"
            )
        return options, None
    base = PRESETS.get(options.preset or "") or ForumSelectors()
    try:
        selectors = ForumSelectors.model_validate({**base.model_dump(), **options.selectors})
    except ValidationError as exc:
        error: dict[str, Any] = dict(exc.errors()[0])
        error["loc"] = ("selectors", *tuple(error.get("loc") or ()))
        raise SourceNotConfigured(cfg.name, _describe(error)) from None
    missing = [key for key in ("thread_item", "post", "post_body") if not getattr(selectors, key)]
    if missing:
        raise SourceNotConfigured(
            cfg.name,
            f"option 'selectors.{missing[0]}' is required (or set 'preset' to one of {sorted(PRESETS)})",
        )
    return options, selectors


def is_new(post: ParsedPost, state: dict[str, Any] | None) -> bool:
    """Newer than the cursor: by the forum's (monotonic) post id when numeric, else by date."""
    if not state:
        return True
    last_id = str(state.get("last_post_id") or "")
    if post.post_id.isdigit() and last_id.isdigit():
        return int(post.post_id) > int(last_id)
    last_at = parse_when(state.get("last_post_at"))
    if post.created_at is not None and last_at is not None:
        return post.created_at > last_at
    return True


def advance(state: dict[str, Any] | None, posts: list[ParsedPost], page_url: str) -> dict[str, Any]:
    """The thread's cursor once ``posts`` (this page's new posts) are stored."""
    new = dict(state or {})
    new["resume_url"] = page_url
    for post in posts:
        last_id = str(new.get("last_post_id") or "")
        if not (post.post_id.isdigit() and last_id.isdigit() and int(post.post_id) <= int(last_id)):
            new["last_post_id"] = post.post_id
        last_at = parse_when(new.get("last_post_at"))
        if post.created_at is not None and (last_at is None or post.created_at > last_at):
            new["last_post_at"] = post.created_at.isoformat()
    return new


def gone_from_page(before: list[str], now: list[str], *, first_page: bool) -> tuple[str, ...]:
    """Ids that were on this page and are gone from it: deleted at the forum.

    On a later page, posts from its start can move to the page before when an earlier post is
    deleted, so an id missing from before the first id still here is not counted as deleted.
    """
    here = set(now)
    if first_page:
        return tuple(i for i in before if i not in here)
    surviving = [n for n, i in enumerate(before) if i in here]
    if not surviving:
        return ()
    return tuple(i for i in before[surviving[0] :] if i not in here)


def to_raw_post(
    source: str,
    post: ParsedPost,
    *,
    title: str | None,
    page_url: str,
    first_post_id: str | None,
    fetched_at: datetime,
) -> RawPost:
    """A parsed post as the store sees it: the thread starter is a post, the rest comments."""
    is_first = first_post_id is not None and post.post_id == first_post_id
    return RawPost(
        source=source,
        external_id=post.post_id,
        kind="post" if is_first else "comment",
        url=post.permalink or f"{page_url.split('#', 1)[0]}#{post.post_id}",
        title=title,
        text=post.text,
        created_at=post.created_at,
        fetched_at=fetched_at,
        author_hash=hash_author(source, post.author),
        links=post.links,
        parent_id=None if is_first else first_post_id,
    )


class ForumSource:
    """One forum, walked politely through the shared HTTP layer."""

    def __init__(self, cfg: SourceSettings, settings: Settings, *, client: HttpClient | None = None) -> None:
        self.name = cfg.name
        self.options, self.selectors = resolve_options(cfg)
        self.client = client or HttpClient.for_settings(settings, also=[self.options.url])

    # -- the Source protocol ------------------------------------------------------------------

    def collect(self, cursors: CursorStore) -> Iterator[Batch]:
        if self.selectors is None:
            walker = DiscourseWalker(self.name, self.options.url, self._fetch, self.options.max_pages)
            yield from walker.batches(cursors, self.options.max_threads)
            return
        threads, warnings = self._thread_list()
        if warnings:
            yield Batch((), self.options.url, None, warnings=tuple(warnings))
        for ref in threads[: self.options.max_threads]:
            state = cursors.get(ref.url)
            if _unchanged(ref, state):
                continue
            yield from self._thread(ref, state)

    def check(self) -> str:
        if self.selectors is None:
            return DiscourseWalker(self.name, self.options.url, self._fetch, 1).check()
        result = self._fetch(self.options.url)
        listed = parse_thread_list(result.text, self._base(result), self.selectors)
        if not listed.threads:
            raise SourceError(self.name, listed.warnings[0] if listed.warnings else "no threads listed")
        return f"{len(listed.threads)} threads listed on {self.options.url}"

    # -- walking ------------------------------------------------------------------------------

    def _fetch(self, url: str, accept: str = _ACCEPT_HTML) -> FetchResult:
        """Every page of the crawl, and every redirect, stays on the configured forum's origin:
        a thread link to ``file:///…`` or to another port is refused (a warning, not a fetch)."""
        return self.client.fetch(url, accept=accept, within=self.options.url)

    @staticmethod
    def _base(result: FetchResult) -> str:
        """The URL links on a page are relative to: the requested path for local files (so the
        bundled sample keeps relative paths), the URL after redirects for the web."""
        return result.url if is_local(result.url) else result.final_url

    def _thread_list(self) -> tuple[list[ThreadRef], list[str]]:
        assert self.selectors is not None
        threads: list[ThreadRef] = []
        warnings: list[str] = []
        url: str | None = self.options.url
        seen: set[str] = set()
        while url and url not in seen and len(seen) < self.options.max_pages:
            seen.add(url)
            try:
                result = self._fetch(url)
            except SourceError as exc:
                if not seen - {url}:
                    raise  # the first list page is the source: nothing to walk without it
                warnings.append(f"{self.name}: thread list page failed, later pages skipped: {exc}")
                break
            listed = parse_thread_list(result.text, self._base(result), self.selectors)
            warnings.extend(listed.warnings)
            known = {t.url for t in threads}
            threads.extend(t for t in listed.threads if t.url not in known)
            if len(threads) >= self.options.max_threads:
                break
            url = listed.next_url
        return threads, warnings

    def _thread(self, ref: ThreadRef, state: dict[str, Any] | None) -> Iterator[Batch]:
        assert self.selectors is not None
        url: str | None = (state or {}).get("resume_url") or ref.url
        seen: set[str] = set()
        while url and url not in seen and len(seen) < self.options.max_pages:
            seen.add(url)
            try:
                result = self._fetch(url)
            except SourceError as exc:
                yield Batch((), ref.url, None, warnings=(f"{self.name}: thread page skipped: {exc}",))
                return
            page_url = self._base(result)
            page = parse_thread_page(result.text, page_url, self.selectors)
            warnings = list(page.warnings)
            if result.truncated:
                warnings.append(f"{self.name}: {url}: page cut at the size cap; later posts missed")
            fresh = [p for p in page.posts if is_new(p, state)]
            page_ids = [p.post_id for p in page.posts]
            deleted: tuple[str, ...] = ()
            # A page cut short or only half matched by the selectors says nothing about deletions.
            readable = bool(page_ids) and not page.warnings and not result.truncated
            if (
                readable
                and state
                and state.get("resume_url") == url
                and isinstance(state.get("resume_ids"), list)
            ):
                deleted = gone_from_page(
                    [str(i) for i in state["resume_ids"]], page_ids, first_page=url == ref.url
                )
            new_state = advance(state, fresh, url)
            new_state["resume_ids"] = page_ids
            first_id: str | None = new_state.get("first_post_id")
            if url == ref.url and page.posts:
                first_id = page.posts[0].post_id  # page one's first post starts the thread
            now = clock.now()
            posts = tuple(
                to_raw_post(
                    self.name,
                    post,
                    title=page.title or ref.title,
                    page_url=page_url,
                    first_post_id=first_id,
                    fetched_at=now,
                )
                for post in fresh
            )
            if first_id is not None:
                new_state["first_post_id"] = first_id
            if posts or deleted:
                yield Batch(posts, ref.url, new_state, deleted=deleted, warnings=tuple(warnings))
                state = new_state
            elif warnings:
                yield Batch((), ref.url, None, warnings=tuple(warnings))
            url = page.next_url


def _unchanged(ref: ThreadRef, state: dict[str, Any] | None) -> bool:
    """The list says nothing was posted since our last post: skip the thread's pages."""
    last_at = parse_when((state or {}).get("last_post_at"))
    return ref.last_activity is not None and last_at is not None and ref.last_activity <= last_at


@register("forum")
def build_forum(cfg: SourceSettings, settings: Settings) -> ForumSource:
    return ForumSource(cfg, settings)
