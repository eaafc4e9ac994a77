"""The publish stage: a week of analysed posts → stored digest → archive, feed and email."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from pathlib import Path

from sqlalchemy import Engine

from bot import clock
from bot.config import Settings
from bot.digest.archive import write_archive
from bot.digest.build import build_digest, week_window
from bot.digest.deliver import DeliveryReport, deliver
from bot.digest.types import Digest
from bot.pipeline.runs import this_process
from storage.cards import load_cards
from storage.db import transaction
from storage.digests import list_digests, load_week, mark_published, save_digest
from storage.runs import finish_run, start_run


@dataclass(frozen=True, slots=True)
class PublishReport:
    digest: Digest
    digest_id: int
    files: tuple[Path, ...]
    delivery: DeliveryReport | None


def window_for(settings: Settings, *, week_start: date | None, now: datetime) -> tuple[datetime, datetime]:
    """The week to publish: the one starting on ``week_start`` (local midnight), else the
    last complete week before ``now``."""
    if week_start is None:
        return week_window(now, settings.zone, settings.schedule.publish.day_of_week)
    start = datetime.combine(week_start, time(0), tzinfo=settings.zone)
    end = datetime.combine(week_start + timedelta(days=7), time(0), tzinfo=settings.zone)
    return start, end


def publish(
    engine: Engine,
    settings: Settings,
    *,
    week_start: date | None = None,
    out_dir: Path | None = None,
    send: bool = True,
    secret: bytes = b"",
) -> PublishReport:
    """Build (or rebuild) one week's digest, write the archive and feed, and send the email.

    Rebuilding a week replaces its entries; sending is safe to repeat because delivery keeps a
    row per (digest, subscriber) and never mails anyone twice.
    """
    now = clock.now()
    start, end = window_for(settings, week_start=week_start, now=now)
    with transaction(engine) as session:
        run_id = start_run(session, "publish", owner=this_process())
        posts = load_week(session, start, end)
        cards = {card.id: card for card in load_cards(session)}
    digest = build_digest(posts, cards, settings, now, window=(start, end))
    with transaction(engine) as session:
        digest_id = save_digest(session, digest)
        archive = [stored.digest for stored in list_digests(session)]
    target = out_dir or settings.resolve(settings.digest.out_dir)
    files = tuple(write_archive(target, archive, settings))
    report = (
        deliver(engine, digest_id, settings, now, secret=secret) if send and settings.email.enabled else None
    )
    with transaction(engine) as session:
        mark_published(session, digest_id, now)
        finish_run(
            session,
            run_id,
            "ok",
            {
                "week_start": start.date().isoformat(),
                "entries": digest.counts.entries,
                "out_dir": str(target),
                "sent": report.sent if report else 0,
                "delivery_failed": report.failed if report else 0,
            },
        )
    return PublishReport(digest, digest_id, files, report)
