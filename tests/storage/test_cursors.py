"""storage/cursors.py: cursors are per (source, key), replaced whole, and only seen once committed."""

from __future__ import annotations

import pytest
from sqlalchemy import Engine

from bot.errors import StorageError
from storage.cursors import SessionCursorStore, cursors_for, get_cursor, set_cursor
from storage.db import transaction


def test_set_then_get_round_trips_per_source_and_key(engine: Engine) -> None:
    with transaction(engine) as s:
        assert get_cursor(s, "reddit", "r/cfs") is None
        set_cursor(s, "reddit", "r/cfs", {"before": "t3_abc", "seen": [1, 2]})
        set_cursor(s, "reddit", "r/mecfs", {"before": "t3_def"})
        set_cursor(s, "forum", "r/cfs", {"page": 4})
    with transaction(engine) as s:
        assert get_cursor(s, "reddit", "r/cfs") == {"before": "t3_abc", "seen": [1, 2]}
        assert get_cursor(s, "forum", "r/cfs") == {"page": 4}
        assert cursors_for(s, "reddit") == {
            "r/cfs": {"before": "t3_abc", "seen": [1, 2]},
            "r/mecfs": {"before": "t3_def"},
        }


def test_setting_again_replaces_the_whole_state(engine: Engine) -> None:
    with transaction(engine) as s:
        set_cursor(s, "feed", "https://x.example/rss", {"etag": '"1"', "last_modified": "Mon"})
    with transaction(engine) as s:
        set_cursor(s, "feed", "https://x.example/rss", {"etag": '"2"'})
    with transaction(engine) as s:
        assert get_cursor(s, "feed", "https://x.example/rss") == {"etag": '"2"'}


def test_a_rolled_back_cursor_is_not_kept(engine: Engine) -> None:
    def crash() -> None:
        with transaction(engine) as s:
            set_cursor(s, "feed", "k", {"after": 10})
            raise RuntimeError("boom")

    with pytest.raises(RuntimeError, match="boom"):
        crash()
    with transaction(engine) as s:
        assert get_cursor(s, "feed", "k") is None


def test_session_cursor_store_is_the_collectors_view(engine: Engine) -> None:
    with transaction(engine) as s:
        set_cursor(s, "forum", "thread-7", {"last_post": 99})
    with transaction(engine) as s:
        store = SessionCursorStore(s, "forum")
        assert store.get("thread-7") == {"last_post": 99}
        assert store.get("thread-8") is None
        assert SessionCursorStore(s, "other").get("thread-7") is None


def test_a_state_that_is_not_json_is_refused_by_name(engine: Engine) -> None:
    with pytest.raises(StorageError, match=r"cursor feed/k: state is not JSON"), transaction(engine) as s:
        set_cursor(s, "feed", "k", {"when": object()})
