"""The scheduler's jobs: one per enabled source at its interval, a weekly publish in local time."""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from apscheduler.triggers.cron import CronTrigger
from apscheduler.triggers.interval import IntervalTrigger
from pipeline.weekfixture import prepare_week
from sqlalchemy import create_engine

from bot import clock
from bot.config import parse_settings
from bot.pipeline.status import Status, status
from bot.scheduler import build_scheduler, due_week, missed_publish, startup_job
from storage.db import open_database


def test_jobs_follow_the_config(tmp_path: Path) -> None:
    settings = parse_settings(
        {
            "timezone": "America/New_York",
            "schedule": {
                "collect_every_minutes": 30,
                "publish": {"day_of_week": "fri", "hour": 18, "minute": 15},
            },
            "sources": [
                {"name": "feed-a", "kind": "feed", "url": "a.xml"},
                {"name": "forum-b", "kind": "forum", "url": "b.html", "interval_minutes": 240},
                {"name": "idle", "kind": "feed", "url": "c.xml", "enabled": False},
            ],
        },
        base_dir=tmp_path,
    )
    engine = create_engine(f"sqlite:///{tmp_path / 'x.sqlite3'}")
    scheduler = build_scheduler(engine, settings, blocking=False)
    jobs = {job.id: job for job in scheduler.get_jobs()}
    assert set(jobs) == {"startup", "collect:feed-a", "collect:forum-b", "publish"}
    feed_trigger = jobs["collect:feed-a"].trigger
    forum_trigger = jobs["collect:forum-b"].trigger
    assert isinstance(feed_trigger, IntervalTrigger)
    assert isinstance(forum_trigger, IntervalTrigger)
    assert feed_trigger.interval.total_seconds() == 30 * 60
    assert forum_trigger.interval.total_seconds() == 240 * 60
    assert jobs["collect:feed-a"].max_instances == 1

    publish = jobs["publish"].trigger
    assert isinstance(publish, CronTrigger)
    # Wednesday 2026-11-18 noon UTC → next Friday 18:15 New York time (EST, UTC-5) = 23:15 UTC.
    fire = publish.get_next_fire_time(None, datetime(2026, 11, 18, 12, 0, tzinfo=UTC))
    assert fire is not None
    assert fire.astimezone(UTC) == datetime(2026, 11, 20, 23, 15, tzinfo=UTC)
    engine.dispose()


@pytest.mark.parametrize(
    ("now", "week"),
    [
        (datetime(2026, 11, 16, 6, 59, tzinfo=UTC), date(2026, 11, 2)),  # Monday before 07:00: not yet due
        (datetime(2026, 11, 16, 7, 0, tzinfo=UTC), date(2026, 11, 9)),
        (datetime(2026, 11, 20, 12, 0, tzinfo=UTC), date(2026, 11, 9)),
    ],
)
def test_the_due_week_is_the_one_whose_publish_time_passed(now: datetime, week: date) -> None:
    assert due_week(parse_settings({"timezone": "Europe/London"}), now) == week


def _started_at(now: datetime, db_url: str, tmp_path: Path) -> Status:
    """Start the bot's start-up pass at ``now`` over the prepared week of 2026-11-09, which is
    due and unpublished: it must be published by the pass. The status read afterwards."""
    week = prepare_week(tmp_path, db_url, enabled=False)
    engine = open_database(db_url)
    clock.set_clock(lambda: now)
    try:
        assert missed_publish(engine, week.settings, clock.now()) == date(2026, 11, 9)
        startup_job(engine, week.settings)
        assert missed_publish(engine, week.settings, clock.now()) is None
        return status(engine, week.settings, clock.now())
    finally:
        clock.set_clock(None)
        engine.dispose()


def test_startup_makes_up_a_missed_publish(db_url: str, tmp_path: Path) -> None:
    result = _started_at(datetime(2026, 11, 18, 9, 0, tzinfo=UTC), db_url, tmp_path)
    assert "Deficient butyrate" in (tmp_path / "site" / "weeks" / "2026-11-09.html").read_text()
    names = [job.name for job in result.jobs]
    assert names == [
        "collect export every 60 min",
        "analyse (after each collection)",
        "publish weekly on mon 07:00",
    ]
    collect_job, _, publish_job = result.jobs
    assert collect_job.last_result == "ok"
    assert collect_job.next_run is not None
    assert publish_job.last_result.startswith("ok (papers 1")
    assert publish_job.next_run == datetime(2026, 11, 23, 7, 0, tzinfo=UTC)
    assert result.missed_week is None


def test_startup_before_the_publish_hour_makes_up_the_due_week_not_the_week_just_ended(
    db_url: str, tmp_path: Path
) -> None:
    """Started on a Monday at 03:00, before the 07:00 publish: the week just ended is not due
    yet, and the missed week is the one before it; that week is the one published."""
    _started_at(datetime(2026, 11, 23, 3, 0, tzinfo=UTC), db_url, tmp_path)
    assert (tmp_path / "site" / "weeks" / "2026-11-09.html").exists()
    assert not (tmp_path / "site" / "weeks" / "2026-11-16.html").exists()
