"""The publish stage: a week of analysed posts → stored digest → archive, feed and email.

One process at a time (``storage.locks``): on PostgreSQL a second ``publish`` finds the lock
taken, reports that another process is publishing, and stops without error. The week defaults
to the last complete one in the configured timezone; an explicit week must start on the
configured first weekday. A week with nothing in it is not archived or sent unless asked.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Literal

from sqlalchemy import Engine

from bot import clock
from bot.config import Settings
from bot.digest.archive import write_archive
from bot.digest.build import build_digest
from bot.digest.deliver import DeliveryReport, Sleep, deliver
from bot.digest.email import build_message, message_id
from bot.digest.outbox import write_eml
from bot.digest.tokens import make_token
from bot.digest.types import Digest
from bot.digest.week import week_window, window_starting
from bot.pipeline.runs import this_process
from storage import subscribers
from storage.cards import load_cards
from storage.db import transaction
from storage.digests import list_digests, load_week, mark_published, save_digest
from storage.locks import try_lock
from storage.runs import finish_run, start_run

PUBLISH_LOCK = "publish"
Outcome = Literal["published", "empty", "busy"]


@dataclass(frozen=True, slots=True)
class PublishReport:
    outcome: Outcome
    week_start: date
    digest: Digest | None = None
    digest_id: int | None = None
    files: tuple[Path, ...] = ()
    delivery: DeliveryReport | None = None
    dry_run_files: tuple[Path, ...] = ()


def window_for(settings: Settings, *, week_start: date | None, now: datetime) -> tuple[datetime, datetime]:
    """The week to publish: the one starting on ``week_start`` (which must be the configured
    first weekday), else the last complete week before ``now``, in the configured timezone."""
    day = settings.schedule.publish.day_of_week
    if week_start is None:
        return week_window(now, settings.zone, day)
    return window_starting(week_start, settings.zone, day)


def publish(
    engine: Engine,
    settings: Settings,
    *,
    secret: bytes,
    week_start: date | None = None,
    out_dir: Path | None = None,
    send: bool = True,
    dry_run: bool = False,
    allow_empty: bool = False,
    sleep: Sleep = time.sleep,
) -> PublishReport:
    """Build (or rebuild) one week's digest, write the archive and feed, and send the email.

    ``dry_run`` writes each subscriber's message as an .eml file under ``email.outbox_dir``
    instead of sending, and records no deliveries. Sending is safe to repeat: a delivery row per
    (digest, subscriber) means nobody is mailed twice.
    """
    now = clock.now()
    start, end = window_for(settings, week_start=week_start, now=now)
    with try_lock(engine, PUBLISH_LOCK) as mine:
        if not mine:
            return PublishReport("busy", start.date())
        with transaction(engine) as session:
            run_id = start_run(session, "publish", owner=this_process())
            posts = load_week(session, start, end)
            cards = {card.id: card for card in load_cards(session)}
        digest = build_digest(posts, cards, settings, now, window=(start, end))
        if digest.is_empty and not allow_empty:
            with transaction(engine) as session:
                finish_run(session, run_id, "ok", {"week_start": start.date().isoformat(), "empty": True})
            return PublishReport("empty", start.date(), digest)
        with transaction(engine) as session:
            digest_id = save_digest(session, digest)
            archive = [stored.digest for stored in list_digests(session, Digest.from_dict)]
        target = out_dir or settings.resolve(settings.digest.out_dir)
        files = tuple(write_archive(target, archive, settings, latest=digest))
        report: DeliveryReport | None = None
        eml: tuple[Path, ...] = ()
        if dry_run:
            eml = _dry_run(engine, digest, digest_id, settings, secret, now)
        elif send and settings.email.enabled:
            report = deliver(engine, digest_id, settings, secret=secret, sleep=sleep)
        with transaction(engine) as session:
            if not dry_run:
                mark_published(session, digest_id, now)
            finish_run(
                session,
                run_id,
                "ok",
                {
                    "week_start": start.date().isoformat(),
                    "papers": digest.counts.papers,
                    "unreviewed_flags": digest.counts.unreviewed,
                    "out_dir": str(target),
                    "sent": report.sent if report else 0,
                    "failed": len(report.failed) if report else 0,
                    "uncertain": len(report.uncertain) if report else 0,
                },
            )
    return PublishReport("published", start.date(), digest, digest_id, files, report, eml)


def _dry_run(
    engine: Engine, digest: Digest, digest_id: int, settings: Settings, secret: bytes, now: datetime
) -> tuple[Path, ...]:
    """Each confirmed subscriber's message as an .eml file, exactly as it would be sent."""
    folder = settings.resolve(settings.email.outbox_dir) / f"dry-run-{digest.week_start.isoformat()}"
    with transaction(engine) as session:
        recipients = subscribers.confirmed_subscribers(session)
    written = []
    for rcpt in recipients:
        msg = build_message(
            digest,
            settings,
            to=rcpt.email,
            unsubscribe_token=make_token(secret, "unsubscribe", rcpt.id, rcpt.nonce),
            msg_id=message_id(digest, digest_id, rcpt.id, settings.email.from_address),
            now=now,
        )
        written.append(write_eml(folder, rcpt.email, msg))
    return tuple(written)
