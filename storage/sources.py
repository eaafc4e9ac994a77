"""Source health: a failing source is backed off and reported, never switched off.

Why exponential backoff capped at a day: a forum that is down for a week should be tried a
few times a day, not every few minutes (politeness), yet come back on its own when it recovers
and stay listed in ``source_health`` so a moderator sees it failing.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from storage import clock
from storage.dialect import insert_on_conflict
from storage.schema import SourceRow

DEFAULT_BACKOFF_BASE = timedelta(minutes=15)
MAX_BACKOFF = timedelta(hours=24)
MAX_ERROR_CHARS = 2000


def _row(session: Session, name: str, kind: str) -> SourceRow:
    """The source's row, created if new; two collectors creating it at once both succeed."""
    row = session.get(SourceRow, name)
    if row is None:
        stmt = insert_on_conflict(session, SourceRow).values(name=name, kind=kind, consecutive_failures=0)
        session.execute(stmt.on_conflict_do_nothing(index_elements=[SourceRow.name]))
        row = session.get(SourceRow, name, populate_existing=True)
        assert row is not None
    row.kind = kind
    return row


def backoff_delay(failures: int, base: timedelta = DEFAULT_BACKOFF_BASE) -> timedelta:
    """base * 2^(failures-1), capped at MAX_BACKOFF; no delay before the first failure."""
    if failures <= 0:
        return timedelta(0)
    # Cap the exponent first so a long outage cannot overflow timedelta.
    exponent = min(failures - 1, 32)
    delay: timedelta = base * (2**exponent)
    return min(delay, MAX_BACKOFF)


def record_success(session: Session, name: str, kind: str, now: datetime | None = None) -> None:
    """A clean pass: the source's failure streak and backoff end."""
    when = now or clock.now()
    row = _row(session, name, kind)
    row.last_run_at = when
    row.last_success_at = when
    row.consecutive_failures = 0
    row.backoff_until = None
    row.last_error = None


def record_failure(
    session: Session,
    name: str,
    kind: str,
    error: str,
    now: datetime | None = None,
    base: timedelta = DEFAULT_BACKOFF_BASE,
) -> datetime:
    """Count one more failure in a row and return when the source may be tried again."""
    when = now or clock.now()
    row = _row(session, name, kind)
    row.consecutive_failures = (row.consecutive_failures or 0) + 1
    row.last_run_at = when
    row.last_error = error[:MAX_ERROR_CHARS]
    until = when + backoff_delay(row.consecutive_failures, base)
    row.backoff_until = until
    return until


def is_backing_off(session: Session, name: str, now: datetime | None = None) -> datetime | None:
    """When the source's backoff ends, if it is still backing off at ``now``; else None."""
    when = now or clock.now()
    until = session.scalar(select(SourceRow.backoff_until).where(SourceRow.name == name))
    return until if until is not None and until > when else None


def last_error(session: Session, name: str) -> str | None:
    """The error of the source's latest failed run, if its latest run failed."""
    return session.scalar(select(SourceRow.last_error).where(SourceRow.name == name))


def source_health(session: Session) -> list[SourceRow]:
    """Every source ever run, failing ones included, by name."""
    return list(session.scalars(select(SourceRow).order_by(SourceRow.name)))
