"""Per-source cursors: where a collector got to.

Why cursors are written through the caller's session: a cursor may only advance together with
the posts it covers (``storage.posts.store_batch`` writes both in one transaction), so a run
killed between the two loses nothing and re-collects nothing twice.
"""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from storage import clock
from storage.dialect import insert_on_conflict
from storage.errors import StorageError
from storage.schema import Cursor


def get_cursor(session: Session, source: str, key: str) -> dict[str, Any] | None:
    """The stored state for (source, key), or None when the source has never been read there."""
    state = session.scalar(select(Cursor.state).where(Cursor.source == source, Cursor.key == key))
    return dict(state) if state is not None else None


def set_cursor(
    session: Session, source: str, key: str, state: dict[str, Any], now: datetime | None = None
) -> None:
    """Replace the stored state for (source, key); visible to others only when the caller commits."""
    try:
        json.dumps(state)
    except (TypeError, ValueError) as exc:
        raise StorageError(f"cursor {source}/{key}: state is not JSON ({exc})") from None
    when = now or clock.now()
    stmt = insert_on_conflict(session, Cursor).values(source=source, key=key, state=state, updated_at=when)
    stmt = stmt.on_conflict_do_update(
        index_elements=[Cursor.source, Cursor.key],
        set_={"state": stmt.excluded.state, "updated_at": stmt.excluded.updated_at},
    )
    session.execute(stmt)


def cursors_for(session: Session, source: str) -> dict[str, dict[str, Any]]:
    """Every cursor of one source, by key (for ``sources check`` and the run report)."""
    rows = session.execute(select(Cursor.key, Cursor.state).where(Cursor.source == source))
    return {key: dict(state) for key, state in rows}


class SessionCursorStore:
    """``sources.base.CursorStore`` over one session: what the collector reads its cursors from."""

    def __init__(self, session: Session, source: str) -> None:
        self.session = session
        self.source = source

    def get(self, key: str) -> dict[str, Any] | None:
        return get_cursor(self.session, self.source, key)
