"""Answers of bibliographic services, cached by what was asked ("pubmed:37255930").

Why a table: the atlas audit asks about every card, and an editor runs it again after each
import; a cached answer costs nothing, and offline the audit still has what was fetched.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy.orm import Session

from storage.schema import LookupCacheRow


def cached(session: Session, key: str) -> tuple[datetime, dict[str, Any]] | None:
    row = session.get(LookupCacheRow, key)
    return (row.fetched_at, dict(row.result or {})) if row is not None else None


def remember(session: Session, key: str, result: dict[str, Any], now: datetime) -> None:
    row = session.get(LookupCacheRow, key)
    if row is None:
        session.add(LookupCacheRow(key=key, fetched_at=now, result=result))
    else:
        row.fetched_at, row.result = now, result
