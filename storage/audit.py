"""The append-only audit log of staff actions (who, when, what, before and after).

Why append-only by construction: the log is how an admin finds out what happened to a flag or
a paper, so this module offers only ``append`` and reads; nothing here updates or deletes a row.
Callers append in the same transaction as the change, so a change is never unrecorded.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from storage.schema import AuditRow


@dataclass(frozen=True, slots=True)
class AuditEntry:
    id: int
    at: datetime
    actor: str
    action: str
    target: str
    before: dict[str, Any]
    after: dict[str, Any]


def append(
    session: Session,
    *,
    actor: str,
    action: str,
    target: str,
    before: dict[str, Any],
    after: dict[str, Any],
    at: datetime,
) -> None:
    session.add(AuditRow(at=at, actor=actor, action=action, target=target, before=before, after=after))


def entries(
    session: Session, *, limit: int = 100, offset: int = 0, target: str | None = None
) -> list[AuditEntry]:
    """Newest first."""
    query = select(AuditRow).order_by(AuditRow.at.desc(), AuditRow.id.desc()).limit(limit).offset(offset)
    if target is not None:
        query = query.where(AuditRow.target == target)
    return [
        AuditEntry(r.id, r.at, r.actor, r.action, r.target, dict(r.before or {}), dict(r.after or {}))
        for r in session.scalars(query)
    ]


def count(session: Session) -> int:
    return int(session.scalar(select(func.count()).select_from(AuditRow)) or 0)
