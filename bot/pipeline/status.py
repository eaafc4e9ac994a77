"""What ``digestbot status`` shows: each scheduled job's next run and last result.

Read from the database the jobs write (sources, runs, digests), so it works whether or not a
scheduler is running right now, and from any machine sharing the database.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from sqlalchemy import Engine

from bot.config import Settings
from bot.scheduler import collect_minutes, missed_publish, next_publish
from storage.db import transaction
from storage.runs import recent_runs
from storage.sources import source_health


@dataclass(frozen=True, slots=True)
class JobStatus:
    name: str
    next_run: datetime | None  # None: at the next start of `digestbot run`
    last_run: datetime | None
    last_result: str


@dataclass(frozen=True, slots=True)
class Status:
    jobs: tuple[JobStatus, ...]
    missed_week: date | None  # a due week never published: `digestbot run` makes it up at start


def _result(report: dict[str, object], status: str) -> str:
    keys = ("papers", "sent", "failed", "uncertain", "unreviewed_flags", "analysed", "empty")
    parts = [f"{k.replace('_', ' ')} {report[k]}" for k in keys if k in report]
    return status + (f" ({', '.join(parts)})" if parts else "")


def status(engine: Engine, settings: Settings, now: datetime) -> Status:
    with transaction(engine) as session:
        sources = {row.name: row for row in source_health(session)}
        publishes = recent_runs(session, limit=1, stage="publish")
        analyses = recent_runs(session, limit=1, stage="analyse")
        last_publish = (
            (publishes[0].started_at, _result(publishes[0].report, publishes[0].status))
            if publishes
            else None
        )
        last_analyse = (
            (analyses[0].started_at, _result(analyses[0].report, analyses[0].status)) if analyses else None
        )
    jobs = []
    for source in settings.sources:
        if not source.enabled:
            continue
        minutes = collect_minutes(settings, source.interval_minutes)
        row = sources.get(source.name)
        if row is None or row.last_run_at is None:
            jobs.append(JobStatus(f"collect {source.name} every {minutes} min", None, None, "never run"))
            continue
        if row.consecutive_failures:
            result = f"failing ({row.consecutive_failures} in a row): {row.last_error or 'unknown error'}"
        else:
            result = "ok"
        next_run = max(row.last_run_at + timedelta(minutes=minutes), row.backoff_until or row.last_run_at)
        jobs.append(
            JobStatus(f"collect {source.name} every {minutes} min", next_run, row.last_run_at, result)
        )
    if last_analyse:
        jobs.append(JobStatus("analyse (after each collection)", None, last_analyse[0], last_analyse[1]))
    at = settings.schedule.publish
    jobs.append(
        JobStatus(
            f"publish weekly on {at.day_of_week} {at.hour:02d}:{at.minute:02d}",
            next_publish(settings, now),
            last_publish[0] if last_publish else None,
            last_publish[1] if last_publish else "never run",
        )
    )
    return Status(tuple(jobs), missed_publish(engine, settings, now))
