"""The scheduler's jobs: one per enabled source at its interval, a weekly publish in local time."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from apscheduler.triggers.cron import CronTrigger
from apscheduler.triggers.interval import IntervalTrigger
from sqlalchemy import create_engine

from bot.config import parse_settings
from bot.scheduler import build_scheduler


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
    assert set(jobs) == {"collect:feed-a", "collect:forum-b", "publish"}
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
