"""The JSON-lines file source: good lines become posts, bad lines are named and skipped."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from bot.config import parse_settings
from bot.errors import SourceError, SourceNotConfigured
from sources.base import build_source


class DictCursors:
    def __init__(self) -> None:
        self.data: dict[str, dict[str, Any]] = {}

    def get(self, key: str) -> dict[str, Any] | None:
        return self.data.get(key)


def _source(tmp_path: Path, **options: Any) -> Any:
    settings = parse_settings({"sources": [{"name": "export", "kind": "file", **options}]}, base_dir=tmp_path)
    return build_source(settings.sources[0], settings)


def test_lines_become_posts_with_hashed_authors(tmp_path: Path) -> None:
    rows = [
        {
            "id": "a1",
            "title": "Gut study",
            "body": "See doi:10.1016/j.chom.2023.01.004",
            "author": "alice",
            "created_at": "2026-11-10T09:00:00Z",
        },
        {"id": 2, "text": "A second post", "kind": "comment"},
    ]
    (tmp_path / "posts.jsonl").write_text("\n".join(json.dumps(r) for r in rows) + "\n")
    batches = list(_source(tmp_path, path="posts.jsonl").collect(DictCursors()))
    assert len(batches) == 1
    posts = batches[0].posts
    assert [p.external_id for p in posts] == ["a1", "2"]
    assert posts[0].author_hash
    assert "alice" not in posts[0].author_hash
    assert posts[0].created_at is not None
    assert posts[0].created_at.utcoffset() is not None
    assert posts[1].kind == "comment"
    assert batches[0].warnings == ()


def test_malformed_lines_are_reported_with_path_and_line(tmp_path: Path) -> None:
    path = tmp_path / "posts.jsonl"
    lines = [
        '{"id": "ok", "body": "fine"}',
        "{not json",
        '{"id": "x"}',
        '{"id": "t", "body": "b", "created_at": "soon"}',
        '{"id": "a", "body": "b", "author": [null]}',
    ]
    path.write_text("\n".join(lines) + "\n")
    batch = next(iter(_source(tmp_path, path=str(path)).collect(DictCursors())))
    assert [p.external_id for p in batch.posts] == ["ok"]
    assert batch.warnings[0].startswith(f"{path}:2: not valid JSON")
    assert batch.warnings[1] == f"{path}:3: missing 'body' (or 'text')"
    assert batch.warnings[2].startswith(f"{path}:4: 'created_at' is not an ISO 8601 time")
    assert batch.warnings[3] == f"{path}:5: 'author' is not a name: [None]"


def test_unchanged_file_is_skipped_by_its_cursor(tmp_path: Path) -> None:
    (tmp_path / "p.jsonl").write_text('{"id": "1", "body": "x"}\n')
    source = _source(tmp_path, path="p.jsonl")
    cursors = DictCursors()
    first = list(source.collect(cursors))
    cursors.data[first[0].cursor_key] = dict(first[0].cursor or {})
    assert list(source.collect(cursors)) == []


def test_missing_file_and_bad_options(tmp_path: Path) -> None:
    with pytest.raises(SourceError, match="file not found"):
        _source(tmp_path, path="nope.jsonl").check()
    with pytest.raises(SourceNotConfigured, match="option 'path'"):
        _source(tmp_path)
    with pytest.raises(SourceNotConfigured, match="option 'colour'"):
        _source(tmp_path, path="x", colour="red")
