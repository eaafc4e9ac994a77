"""APScheduler 3.x wiring: each source at its interval, analysis after collection, weekly publish.

Why one job per source: a slow or failing forum must not delay Reddit, and each source can
have its own interval. Jobs coalesce and never overlap themselves, so a run that overruns its
interval is simply followed by the next one rather than stacking up.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from apscheduler.schedulers.background import BackgroundScheduler
from apscheduler.schedulers.base import BaseScheduler
from apscheduler.schedulers.blocking import BlockingScheduler
from apscheduler.triggers.cron import CronTrigger
from apscheduler.triggers.interval import IntervalTrigger
from sqlalchemy import Engine

from bot.config import Settings

log = logging.getLogger(__name__)

StageFn = Callable[[], object]


def collect_job(engine: Engine, settings: Settings, source: str) -> None:
    """Collect one source, then analyse whatever is new (cheap when nothing is)."""
    from bot.pipeline.analyse import analyse
    from bot.pipeline.collect import collect

    reports = collect(engine, settings, only=source)
    for report in reports:
        for message in report.errors:
            log.warning("%s: %s", report.source, message)
    analyse(engine, settings)


def publish_job(engine: Engine, settings: Settings) -> None:
    """Build last week's digest, write the archive and feed, and send the email."""
    from bot.keys import secret_key
    from bot.pipeline.publish import publish

    publish(engine, settings, secret=secret_key(settings))


def configure(scheduler: BaseScheduler, engine: Engine, settings: Settings) -> BaseScheduler:
    """Add the bot's jobs to ``scheduler`` (not started), in the configured timezone."""
    for source in settings.sources:
        if not source.enabled:
            continue
        minutes = source.interval_minutes or settings.schedule.collect_every_minutes
        scheduler.add_job(
            collect_job,
            IntervalTrigger(minutes=minutes, timezone=settings.zone),
            args=(engine, settings, source.name),
            id=f"collect:{source.name}",
            name=f"collect {source.name} every {minutes} min",
            coalesce=True,
            max_instances=1,
            replace_existing=True,
        )
    publish_at = settings.schedule.publish
    scheduler.add_job(
        publish_job,
        CronTrigger(
            day_of_week=publish_at.day_of_week,
            hour=publish_at.hour,
            minute=publish_at.minute,
            timezone=settings.zone,
        ),
        args=(engine, settings),
        id="publish",
        name=f"publish weekly on {publish_at.day_of_week} {publish_at.hour:02d}:{publish_at.minute:02d}",
        coalesce=True,
        max_instances=1,
        misfire_grace_time=6 * 3600,
        replace_existing=True,
    )
    return scheduler


def build_scheduler(engine: Engine, settings: Settings, *, blocking: bool = True) -> BaseScheduler:
    scheduler: BaseScheduler = (
        BlockingScheduler(timezone=settings.zone) if blocking else BackgroundScheduler(timezone=settings.zone)
    )
    return configure(scheduler, engine, settings)
