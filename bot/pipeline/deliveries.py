"""Deliveries a person has to decide about: list them, resend them, or record them as sent.

A message whose sending was cut off may or may not have arrived. The bot never guesses: it
marks the row 'uncertain' and waits for someone who can ask the subscriber (or read the mail
server's log) to choose ``resend`` or ``mark-sent``.
"""

from __future__ import annotations

import time
from dataclasses import dataclass

from sqlalchemy import Engine

from bot import clock
from bot.config import Settings
from bot.digest.deliver import DeliveryReport, Sleep, deliver
from bot.errors import InputError
from storage import deliveries as rows
from storage.db import transaction
from storage.locks import try_lock

LOCK = "publish"


@dataclass(frozen=True, slots=True)
class ResendResult:
    queued: tuple[rows.DeliveryRecord, ...]
    reports: tuple[DeliveryReport, ...]
    busy: bool = False


def list_deliveries(engine: Engine, *, uncertain_only: bool = False) -> list[rows.DeliveryRecord]:
    with transaction(engine) as session:
        return rows.list_deliveries(session, status="uncertain" if uncertain_only else None)


def _known(records: list[rows.DeliveryRecord], ids: list[int], allowed: set[str]) -> None:
    found = {r.id: r for r in records}
    for delivery_id in ids:
        record = found.get(delivery_id)
        if record is None:
            raise InputError(f"delivery {delivery_id} does not exist (see `digestbot deliveries`)")
        if record.status not in allowed:
            wanted = " or ".join(sorted(allowed))
            raise InputError(f"delivery {delivery_id} to {record.email} is '{record.status}', not {wanted}")


def resend(
    engine: Engine, settings: Settings, ids: list[int], *, secret: bytes, sleep: Sleep = time.sleep
) -> ResendResult:
    """Send the given uncertain or failed deliveries again, now (under the publish lock)."""
    with try_lock(engine, LOCK) as mine:
        if not mine:
            return ResendResult((), (), busy=True)
        with transaction(engine) as session:
            _known(rows.get_deliveries(session, ids), ids, {"uncertain", "failed"})
            queued = rows.queue_resend(session, ids, clock.now())
        reports = [
            deliver(engine, digest_id, settings, secret=secret, sleep=sleep)
            for digest_id in sorted({r.digest_id for r in queued})
        ]
    return ResendResult(tuple(queued), tuple(reports))


def mark_sent(engine: Engine, ids: list[int]) -> list[rows.DeliveryRecord]:
    """Record the given uncertain, failed or retrying deliveries as sent (a person checked)."""
    with transaction(engine) as session:
        _known(rows.get_deliveries(session, ids), ids, {"uncertain", "failed", "retry"})
        return rows.mark_sent(session, ids, clock.now())
