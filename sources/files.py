"""``kind: file``: posts from a JSON-lines file (an export, a moderator's hand-picked list).

One post per line with at least ``id`` and ``body`` (or ``text``); ``title``, ``url``,
``created_at`` (ISO 8601), ``author`` (hashed here, never stored) and ``kind`` are optional.
A malformed line is reported as ``path:line: reason`` and skipped; the other lines still count.

Deletions: the cursor remembers the ids the file held, so a line removed from the file purges
its post on the next pass (privacy: a deletion at the source is honoured). A line that cannot
be read at all hides which id it held, so while one exists nothing is purged (with a warning):
an unreadable line must never cost a post.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, ValidationError

from bot import clock
from bot.config import Settings, SourceSettings
from bot.errors import SourceError, SourceNotConfigured
from sources.base import Batch, CursorStore, register
from sources.clean import clean_text
from sources.privacy import hash_author
from sources.types import PostKind, RawPost

_KINDS: dict[str, PostKind] = {
    "post": "post",
    "comment": "comment",
    "article": "article",
    "feed_item": "feed_item",
}


class FileOptions(BaseModel):
    model_config = ConfigDict(extra="forbid")
    path: str


def _parse_time(value: Any) -> datetime | None:
    if value in (None, ""):
        return None
    if isinstance(value, int | float):
        return datetime.fromtimestamp(value, UTC)
    parsed = datetime.fromisoformat(str(value).replace("Z", "+00:00"))
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)


def parse_line(source: str, line: str, fetched_at: datetime) -> RawPost:
    """One JSON line → RawPost; ValueError says what is wrong with it."""
    try:
        data = json.loads(line)
    except json.JSONDecodeError as exc:
        raise ValueError(f"not valid JSON ({exc.msg} at column {exc.colno})") from None
    except RecursionError:
        raise ValueError("not valid JSON (nested too deeply)") from None
    if not isinstance(data, dict):
        raise ValueError("expected a JSON object")
    post_id = data.get("id")
    text = data.get("body", data.get("text"))
    if not isinstance(post_id, str | int) or str(post_id).strip() == "":
        raise ValueError("missing 'id'")
    if not isinstance(text, str) or not text.strip():
        raise ValueError("missing 'body' (or 'text')")
    try:
        created = _parse_time(data.get("created_at"))
    except (ValueError, TypeError, OverflowError):
        raise ValueError(f"'created_at' is not an ISO 8601 time: {data.get('created_at')!r}") from None
    author = data.get("author")
    if author is not None and not isinstance(author, str):
        raise ValueError(f"'author' is not a name: {author!r}")
    links = data.get("links") or ()
    return RawPost(
        source=source,
        external_id=str(post_id),
        kind=_KINDS.get(str(data.get("kind", "post")), "post"),
        url=data.get("url") if isinstance(data.get("url"), str) else None,
        title=data.get("title") if isinstance(data.get("title"), str) else None,
        text=text,
        created_at=created,
        fetched_at=fetched_at,
        author_hash=hash_author(source, author),
        links=tuple(str(u) for u in links if isinstance(u, str)),
    )


def line_id(line: str) -> str | None:
    """The id a line names, even when the rest of it is invalid; None when unreadable."""
    try:
        data = json.loads(line)
    except (json.JSONDecodeError, RecursionError):
        return None
    post_id = data.get("id") if isinstance(data, dict) else None
    if not isinstance(post_id, str | int) or isinstance(post_id, bool) or not str(post_id).strip():
        return None
    return str(post_id)


class FileSource:
    """Reads the whole file each pass: storage's upsert makes that idempotent, and the
    cursor (size + mtime) skips an unchanged file entirely."""

    def __init__(self, name: str, path: Path) -> None:
        self.name = name
        self.path = path

    def _stamp(self) -> dict[str, Any]:
        st = self.path.stat()
        return {"size": st.st_size, "mtime": st.st_mtime}

    def check(self) -> str:
        if not self.path.is_file():
            raise SourceError(self.name, f"{self.path}: file not found")
        return f"{self.path} readable ({self.path.stat().st_size} bytes)"

    def collect(self, cursors: CursorStore) -> Iterator[Batch]:
        self.check()
        stamp = self._stamp()
        state = cursors.get(str(self.path)) or {}
        if all(state.get(k) == v for k, v in stamp.items()):
            return
        now = clock.now()
        posts: list[RawPost] = []
        warnings: list[str] = []
        present: set[str] = set()
        unreadable = 0
        try:
            lines = self.path.read_text(encoding="utf-8").splitlines()
        except (OSError, UnicodeDecodeError) as exc:
            raise SourceError(self.name, f"{self.path}: cannot read ({exc})") from None
        for number, line in enumerate(lines, start=1):
            if not line.strip():
                continue
            found = line_id(line)
            if found is None:
                unreadable += 1
            else:
                present.add(clean_text(found))
            try:
                posts.append(parse_line(self.name, line, now))
            except ValueError as exc:
                warnings.append(f"{self.path}:{number}: {exc}")
        previous = state.get("ids")
        deleted: tuple[str, ...] = ()
        if isinstance(previous, list):
            if unreadable:
                why = f"{unreadable} unreadable line(s); deletions not checked this pass"
                warnings.append(f"{self.path}: {why}")
                present.update(str(i) for i in previous)
            else:
                deleted = tuple(sorted(str(i) for i in previous if str(i) not in present))
        cursor = {**stamp, "ids": sorted(present)}
        yield Batch(tuple(posts), str(self.path), cursor, deleted=deleted, warnings=tuple(warnings))


@register("file")
def build(cfg: SourceSettings, settings: Settings) -> FileSource:
    try:
        options = FileOptions.model_validate(cfg.options())
    except ValidationError as exc:
        err = exc.errors()[0]
        key = ".".join(str(p) for p in err["loc"])
        raise SourceNotConfigured(cfg.name, f"option '{key}': {err['msg']}") from None
    return FileSource(cfg.name, settings.resolve(options.path))
