"""APScheduler 3.x wiring: a start-up pass, each source at its interval, a weekly publish.

At start, one pass collects every source once, analyses what is new and, if the bot was down
when a weekly digest was due, publishes that week (checked against the digests table, so the
jobs themselves need no persistent store). Then each source runs at its own interval, one job
per source so a slow forum never delays Reddit, and the publish job runs weekly in the
configured timezone. Jobs coalesce and never overlap themselves. Publishing takes the publish
lock, so a second bot on the same PostgreSQL database stands aside rather than sending twice.
"""

from __future__ import annotations

import logging
from datetime import date, datetime, time, timedelta

from apscheduler.schedulers.background import BackgroundScheduler
from apscheduler.schedulers.base import BaseScheduler
from apscheduler.schedulers.blocking import BlockingScheduler
from apscheduler.triggers.cron import CronTrigger
from apscheduler.triggers.interval import IntervalTrigger
from sqlalchemy import Engine

from bot import clock
from bot.config import Settings
from bot.digest.week import week_window

log = logging.getLogger(__name__)

STARTUP_JOB = "startup"
PUBLISH_JOB = "publish"


def collect_job(engine: Engine, settings: Settings, source: str | None = None) -> None:
    """Collect one source (or every source), then analyse whatever is new (cheap when nothing is)."""
    from bot.pipeline.analyse import analyse
    from bot.pipeline.collect import collect

    for report in collect(engine, settings, only=source):
        for message in report.errors:
            log.warning("%s: %s", report.source, message)
    for post_id, line in analyse(engine, settings).failed:
        log.warning("analyse: post %s: %s", post_id, line)


def publish_job(engine: Engine, settings: Settings, week_start: date | None = None) -> None:
    """Build last week's digest (or the week starting ``week_start``), write the archive and
    feed, send the email; log what happened."""
    from bot.commands.publish import describe
    from bot.keys import secret_key
    from bot.pipeline.publish import publish

    report = publish(engine, settings, secret=secret_key(settings), week_start=week_start)
    for line in describe(report, settings):
        log.info("publish: %s", line)


def due_week(settings: Settings, now: datetime) -> date:
    """The week whose publish time most recently passed (its first day).

    A week is due at ``schedule.publish`` (day, hour, minute) local time right after it ends.
    """
    start, end = week_window(now, settings.zone, settings.schedule.publish.day_of_week)
    at = settings.schedule.publish
    due_at = datetime.combine(end.date(), time(at.hour, at.minute), tzinfo=settings.zone)
    return start.date() if now >= due_at else start.date() - timedelta(days=7)


def missed_publish(engine: Engine, settings: Settings, now: datetime) -> date | None:
    """The due week's first day when its digest was never published, else None."""
    from storage.db import transaction
    from storage.digests import is_published

    week = due_week(settings, now)
    with transaction(engine) as session:
        return None if is_published(session, week) else week


def startup_job(engine: Engine, settings: Settings) -> None:
    """Collect every source once, then publish the due week if it was missed while the bot was down."""
    collect_job(engine, settings)
    week = missed_publish(engine, settings, clock.now())
    if week is not None:
        log.info("the week of %s was not published while the bot was down: publishing it now", week)
        # (that week by name: between the end of a week and its publish time, "last week" is
        # the week just ended, which is not due yet, while the due week is the one before)
        publish_job(engine, settings, week)


def _publish_trigger(settings: Settings) -> CronTrigger:
    at = settings.schedule.publish
    return CronTrigger(day_of_week=at.day_of_week, hour=at.hour, minute=at.minute, timezone=settings.zone)


def collect_minutes(settings: Settings, interval: int | None) -> int:
    return interval or settings.schedule.collect_every_minutes


def configure(scheduler: BaseScheduler, engine: Engine, settings: Settings) -> BaseScheduler:
    """Add the bot's jobs to ``scheduler`` (not started), in the configured timezone."""
    now = clock.now()
    scheduler.add_job(
        startup_job,
        "date",
        run_date=now,
        args=(engine, settings),
        id=STARTUP_JOB,
        name="at start: collect every source once, make up a missed publish",
        misfire_grace_time=None,
        replace_existing=True,
    )
    for source in settings.sources:
        if not source.enabled:
            continue
        minutes = collect_minutes(settings, source.interval_minutes)
        scheduler.add_job(
            collect_job,
            IntervalTrigger(minutes=minutes, timezone=settings.zone, start_date=now),
            args=(engine, settings, source.name),
            id=f"collect:{source.name}",
            name=f"collect {source.name} every {minutes} min",
            next_run_time=now + timedelta(minutes=minutes),  # the start-up pass did the first
            coalesce=True,
            max_instances=1,
            replace_existing=True,
        )
    at = settings.schedule.publish
    scheduler.add_job(
        publish_job,
        _publish_trigger(settings),
        args=(engine, settings),
        id=PUBLISH_JOB,
        name=f"publish weekly on {at.day_of_week} {at.hour:02d}:{at.minute:02d}",
        coalesce=True,
        max_instances=1,
        misfire_grace_time=6 * 3600,
        replace_existing=True,
    )
    return scheduler


def next_publish(settings: Settings, now: datetime) -> datetime | None:
    """When the weekly publish job fires next (what ``digestbot status`` shows)."""
    fire: datetime | None = _publish_trigger(settings).get_next_fire_time(None, now)
    return fire


def build_scheduler(engine: Engine, settings: Settings, *, blocking: bool = True) -> BaseScheduler:
    scheduler: BaseScheduler = (
        BlockingScheduler(timezone=settings.zone) if blocking else BackgroundScheduler(timezone=settings.zone)
    )
    return configure(scheduler, engine, settings)
