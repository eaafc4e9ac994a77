"""Small hand-built stage objects for the storage tests, handed out as fixtures."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from sources.base import Batch
from sources.types import RawPost

T0 = datetime(2025, 3, 3, 12, 0, tzinfo=UTC)

MakeRaw = Callable[..., RawPost]
MakeBatch = Callable[..., Batch]


def _raw(external_id: str, text: str = "", *, source: str = "forum", **kw: Any) -> RawPost:
    """A RawPost long enough to count for cross-post detection; dated T0 + its number in hours."""
    digits = "".join(c for c in external_id if c.isdigit()) or "0"
    fields: dict[str, Any] = {
        "kind": "post",
        "url": f"https://forum.example/t/{external_id}",
        "title": f"Thread {external_id}",
        "created_at": T0 + timedelta(hours=int(digits)),
        "fetched_at": T0 + timedelta(days=30),
    }
    fields.update(kw)
    body = text or f"Post {external_id} talks about post-exertional malaise and pacing at some length."
    return RawPost(source=source, external_id=external_id, text=body, **fields)


def _batch(*posts: RawPost, cursor: dict[str, Any] | None = None, deleted: tuple[str, ...] = ()) -> Batch:
    return Batch(posts=posts, cursor_key="main", cursor=cursor, deleted=deleted)


@pytest.fixture
def t0() -> datetime:
    return T0


@pytest.fixture
def make_raw() -> MakeRaw:
    return _raw


@pytest.fixture
def make_batch() -> MakeBatch:
    return _batch
