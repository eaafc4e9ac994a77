"""Reddit: new submissions (and their comments) or new comments per subreddit, incrementally.

The flow per subreddit is ``recheck | poll | convert``:

* **recheck** asks ``/api/info`` about the posts stored recently (their ids ride in the cursor)
  and reports the ones deleted or removed since, so storage purges them;
* **poll** reads the listing with ``before=<newest seen>``, the way praw's own streams poll, and
  walks each page oldest first so every batch can advance the cursor to the item it ends on:
  a run killed half-way resumes right after the last committed item;
* **convert** turns items into ``RawPost`` (authors hashed, usernames never kept) and diverts
  deleted or removed ones into ``Batch.deleted``.

A failing subreddit does not stop the others: its error is kept and raised as one
``SourceError`` after the rest have been collected.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from functools import partial
from typing import TYPE_CHECKING, Any, Literal

from praw.models import Comment, Submission
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from bot import clock
from bot.errors import SourceError, SourceNotConfigured
from sources.base import Batch, CursorStore, register
from sources.reddit_client import Guard, make_reddit
from sources.reddit_items import comment_post, fullname, is_gone, submission_post, walk_comments

if TYPE_CHECKING:
    import praw

    from bot.config import Settings, SourceSettings

PAGE = 100  # Reddit's largest page
SUBREDDIT_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_]{1,20}$")


class RedditOptions(BaseModel):
    """The ``kind: reddit`` keys of a source in config.yaml (credentials come from the environment)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    subreddits: tuple[str, ...] = ("cfs", "mecfs", "covidlonghaulers")
    # "new": submissions and their comment trees; "comments": the subreddit's stream of new
    # comments (one request per page instead of one per submission).
    listing: Literal["new", "comments"] = "new"
    # Most listing items per subreddit per run; a first run (no cursor) reads only the newest page.
    limit: int = Field(default=100, ge=1, le=1000)
    comment_depth: int = Field(default=3, ge=0, le=50)  # 0 = no comments, 1 = top level only
    comment_limit: int = Field(default=2048, ge=1, le=2048)  # comments asked for per submission
    comment_sort: Literal["confidence", "top", "new", "controversial", "old", "qa"] = "confidence"
    more_limit: int = Field(default=2, ge=0, le=32)  # "load more comments" stubs expanded per submission
    recheck: int = Field(default=100, ge=0, le=1000)  # recently stored ids re-checked for deletion
    oauth_url: str | None = None
    reddit_url: str | None = None
    short_url: str | None = None

    @field_validator("subreddits")
    @classmethod
    def _names(cls, value: tuple[str, ...]) -> tuple[str, ...]:
        names = tuple(v.strip().removeprefix("r/") for v in value)
        bad = [n for n in names if not SUBREDDIT_NAME.match(n)]
        if bad:
            raise ValueError(f"not a subreddit name: {', '.join(map(repr, bad))}")
        if not names:
            raise ValueError("list at least one subreddit")
        return names

    def urls(self) -> dict[str, str]:
        given = {"oauth_url": self.oauth_url, "reddit_url": self.reddit_url, "short_url": self.short_url}
        return {k: v for k, v in given.items() if v}


@dataclass
class SubredditCursor:
    """Stored per subreddit: where polling resumes, and which ids to re-check for deletion."""

    newest: str | None = None
    newest_utc: float | None = None
    recent: list[str] = field(default_factory=list)

    @classmethod
    def load(cls, state: dict[str, Any] | None) -> SubredditCursor:
        state = state or {}
        recent = state.get("recent") or []
        return cls(
            newest=state.get("newest") or None,
            newest_utc=state.get("newest_utc"),
            recent=[str(r) for r in recent if isinstance(r, str)],
        )

    def state(self) -> dict[str, Any]:
        return {"newest": self.newest, "newest_utc": self.newest_utc, "recent": list(self.recent)}

    def remember(self, ids: Sequence[str], bound: int) -> None:
        """Newest first, without repeats, at most ``bound`` ids."""
        self.recent = list(dict.fromkeys([*ids, *self.recent]))[:bound]

    def forget(self, gone: Sequence[str], *, anchor_prefix: str) -> None:
        """Drop purged ids; a purged anchor gives way to the newest survivor of the same kind."""
        self.recent = [r for r in self.recent if r not in gone]
        if self.newest in gone:
            self.newest = next((r for r in self.recent if r.startswith(anchor_prefix)), None)


def _parse_options(cfg: SourceSettings) -> RedditOptions:
    try:
        return RedditOptions.model_validate(cfg.options())
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(p) for p in first.get("loc", ())) or "options"
        what = "unknown key" if first.get("type") == "extra_forbidden" else first.get("msg", "invalid")
        raise SourceNotConfigured(cfg.name, f"option '{where}': {what}") from None


class RedditSource:
    """One configured ``kind: reddit`` source."""

    def __init__(
        self,
        name: str,
        options: RedditOptions,
        settings: Settings,
        *,
        sleep: Callable[[float], None] | None = None,
    ) -> None:
        self.name = name
        self.options = options
        self._reddit: praw.Reddit = make_reddit(name, urls=options.urls(), timeout=settings.http.read_timeout)
        http = settings.http
        guard_args: dict[str, Any] = {"sleep": sleep} if sleep is not None else {}
        self._guard = Guard(
            name,
            retries=http.retries,
            max_wait=http.max_retry_after,
            backoff_base=http.backoff_base,
            **guard_args,
        )

    def check(self) -> str:
        """Credentials work and every subreddit answers (a token call and one tiny listing each)."""
        for sub in self.options.subreddits:
            path = f"r/{sub}/new"
            self._guard.call(f"r/{sub}", partial(self._reddit.get, path, params={"limit": 1}))
        return f"{len(self.options.subreddits)} subreddit(s) reachable: " + ", ".join(self.options.subreddits)

    def collect(self, cursors: CursorStore) -> Iterator[Batch]:
        failures: list[str] = []
        for sub in self.options.subreddits:
            try:
                yield from self._collect_subreddit(sub, SubredditCursor.load(cursors.get(sub)))
            except SourceError as exc:
                failures.append(str(exc).removeprefix(f"{self.name}: "))
        if failures:
            raise SourceError(self.name, "; ".join(failures))

    # -- one subreddit -------------------------------------------------------------------

    def _collect_subreddit(self, sub: str, cursor: SubredditCursor) -> Iterator[Batch]:
        if cursor.recent and self.options.recheck:
            gone = self._recheck(sub, cursor.recent)
            if gone:
                cursor.forget(gone, anchor_prefix=self._anchor_prefix)
                yield Batch(posts=(), cursor_key=sub, cursor=cursor.state(), deleted=tuple(gone))
        first_run = cursor.newest is None and cursor.newest_utc is None
        seen = set(cursor.recent)
        taken = 0
        while taken < self.options.limit:
            size = min(PAGE, self.options.limit - taken)
            page = self._page(sub, cursor, size)
            fresh = [item for item in page if self._is_new(item, cursor, seen)]
            for item in reversed(fresh):  # oldest first: each batch's cursor covers what came before
                batch = self._item_batch(sub, item, cursor)
                seen.update(p.external_id for p in batch.posts)
                seen.update(batch.deleted)
                yield batch
            taken += len(page)
            if first_run or len(page) < size or not fresh or cursor.newest is None:
                break

    @property
    def _anchor_prefix(self) -> str:
        return "t3_" if self.options.listing == "new" else "t1_"

    @staticmethod
    def _is_new(item: Any, cursor: SubredditCursor, seen: set[str]) -> bool:
        if fullname(item) in seen:
            return False
        if cursor.newest is None and cursor.newest_utc is not None:
            # No anchor left to poll ``before=`` (it was purged): fall back to the clock.
            created = vars(item).get("created_utc")
            return created is None or float(created) >= cursor.newest_utc
        return True

    def _page(self, sub: str, cursor: SubredditCursor, size: int) -> list[Any]:
        """One listing page newer than the cursor (or the newest page on a first run)."""
        path = f"r/{sub}/new" if self.options.listing == "new" else f"r/{sub}/comments/"
        params: dict[str, str | int] = {"limit": size}
        if cursor.newest:
            params["before"] = cursor.newest
        listing = self._guard.call(f"r/{sub}", lambda: self._reddit.get(path, params=params))
        children = getattr(listing, "children", None)
        if children is None:
            raise SourceError(self.name, f"r/{sub}: {path} answered with something other than a listing")
        return list(children)

    def _item_batch(self, sub: str, item: Any, cursor: SubredditCursor) -> Batch:
        now = clock.now()
        if self.options.listing == "new":
            pairs = [(submission_post(self.name, item, now), is_gone(item))]
            pairs += [(comment_post(self.name, c, now), is_gone(c)) for c in self._comments(sub, item)]
        else:
            pairs = [(comment_post(self.name, item, now), is_gone(item))]
        posts = tuple(post for post, gone in pairs if not gone)
        deleted = tuple(post.external_id for post, gone in pairs if gone)
        if not is_gone(item):
            # Only a stored item anchors the next poll: a vanished anchor answers ``before=`` with nothing.
            cursor.newest = fullname(item)
            cursor.newest_utc = vars(item).get("created_utc")
        cursor.remember([p.external_id for p in posts], self.options.recheck)
        return Batch(posts=posts, cursor_key=sub, cursor=cursor.state(), deleted=deleted)

    def _comments(self, sub: str, submission: Submission) -> list[Comment]:
        if self.options.comment_depth == 0 or not vars(submission).get("num_comments", 1):
            return []
        submission.comment_limit = self.options.comment_limit
        submission.comment_sort = self.options.comment_sort

        def fetch() -> list[Comment]:
            forest = submission.comments
            forest.replace_more(limit=self.options.more_limit)
            return list(walk_comments(forest, self.options.comment_depth))

        return self._guard.call(f"r/{sub} comments of {fullname(submission)}", fetch)

    def _recheck(self, sub: str, ids: Sequence[str]) -> list[str]:
        """Ids among ``ids`` that Reddit now reports deleted/removed, or no longer returns at all."""
        wanted = list(ids)
        found = self._guard.call(f"r/{sub} recheck", lambda: list(self._reddit.info(fullnames=wanted)))
        items = [item for item in found if isinstance(item, Submission | Comment)]
        alive = {fullname(item) for item in items if not is_gone(item)}
        return [i for i in wanted if i not in alive]


@register("reddit")
def build_reddit(cfg: SourceSettings, settings: Settings) -> RedditSource:
    return RedditSource(cfg.name, _parse_options(cfg), settings)
