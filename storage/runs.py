"""A row per stage run, with its report, so ``digestbot`` can say what the last runs did.

Why start and finish are separate calls (and separate transactions for the caller): a run that
crashes stays visible as ``running`` with no finish time instead of vanishing.
"""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot import clock
from bot.errors import StorageError
from storage.schema import Run

# Suggested vocabulary; any short word is stored.
RUN_STATUSES = ("running", "ok", "partial", "failed")


def start_run(session: Session, stage: str, now: datetime | None = None) -> int:
    """Open a run of ``stage`` and return its id (flushed, so the id is known at once)."""
    run = Run(stage=stage, started_at=now or clock.now(), status="running", report={})
    session.add(run)
    session.flush()
    return run.id


def finish_run(
    session: Session, run_id: int, status: str, report: dict[str, Any], now: datetime | None = None
) -> None:
    """Close a run with its outcome and its report (per-source counts, failures)."""
    run = session.get(Run, run_id)
    if run is None:
        raise StorageError(f"run {run_id} does not exist")
    if not status or len(status) > 20:
        raise StorageError(f"run {run_id}: status {status!r} must be a short word such as 'ok' or 'failed'")
    try:
        json.dumps(report)
    except (TypeError, ValueError) as exc:
        raise StorageError(f"run {run_id} ({run.stage}): report is not JSON ({exc})") from None
    run.status = status
    run.report = report
    run.finished_at = now or clock.now()


def recent_runs(session: Session, limit: int = 20, stage: str | None = None) -> list[Run]:
    """The latest runs first, optionally of one stage."""
    query = select(Run).order_by(Run.started_at.desc(), Run.id.desc()).limit(limit)
    if stage is not None:
        query = query.where(Run.stage == stage)
    return list(session.scalars(query))
