"""A row per stage run, with its report, so ``digestbot`` can say what the last runs did.

Why start and finish are separate calls (and separate transactions for the caller): a run that
crashes stays visible as ``running`` with no finish time instead of vanishing, until the next
start finds its process gone and marks it ``interrupted`` (``interrupt_dead_runs``).
"""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from storage import clock
from storage.errors import StorageError
from storage.schema import Run

# Suggested vocabulary; any short word is stored.
RUN_STATUSES = ("running", "ok", "partial", "failed", "interrupted")
OWNER_KEY = "owner"


def start_run(
    session: Session, stage: str, now: datetime | None = None, owner: dict[str, Any] | None = None
) -> int:
    """Open a run of ``stage`` and return its id (flushed, so the id is known at once).

    ``owner`` says which process runs it (kept in the report until the run finishes), so a later
    start can tell a live run from one whose process was killed.
    """
    report = {OWNER_KEY: owner} if owner else {}
    run = Run(stage=stage, started_at=now or clock.now(), status="running", report=report)
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


def interrupt_dead_runs(
    session: Session, alive: Callable[[dict[str, Any]], bool | None], now: datetime | None = None
) -> list[int]:
    """Mark ``interrupted`` every running run whose owner ``alive`` says is gone (False).

    ``alive`` answers None when it cannot tell (another machine): such runs are left alone.
    Returns the ids marked.
    """
    marked: list[int] = []
    query = select(Run).where(Run.status == "running").order_by(Run.id).with_for_update(skip_locked=True)
    for run in session.scalars(query):
        owner = (run.report or {}).get(OWNER_KEY)
        if not isinstance(owner, dict) or alive(owner) is not False:
            continue
        run.status = "interrupted"
        run.finished_at = now or clock.now()
        run.report = {**(run.report or {}), "error": "the process running it stopped without finishing"}
        marked.append(run.id)
    return marked
