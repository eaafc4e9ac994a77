"""Delivery rows: one per (digest, subscriber), the guard against mailing anyone twice.

Statuses: ``sending`` (claimed; the SMTP exchange is under way), ``sent``, ``retry`` (a
temporary refusal; tried again from ``next_attempt_at``), ``failed`` (a permanent refusal, or
too many temporary ones) and ``uncertain`` (the exchange was cut off mid-message, or the
process died during it: a person decides). Each helper runs in the caller's short
transaction; the sender commits 'sending' BEFORE talking to the server.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Literal, cast

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from storage.schema import Delivery, DigestRow, Subscriber

DeliveryStatus = Literal["sending", "sent", "retry", "failed", "uncertain"]


@dataclass(frozen=True, slots=True)
class DeliveryRecord:
    id: int
    digest_id: int
    week_start: date
    subscriber_id: int
    email: str
    status: DeliveryStatus
    attempts: int
    attempted_at: datetime
    next_attempt_at: datetime | None
    sent_at: datetime | None
    error: str | None


def _records(session: Session, *conditions: object) -> list[DeliveryRecord]:
    rows = session.execute(
        select(Delivery, DigestRow.week_start, Subscriber.email)
        .join(DigestRow, Delivery.digest_id == DigestRow.id)
        .join(Subscriber, Delivery.subscriber_id == Subscriber.id)
        .where(*conditions)  # type: ignore[arg-type]
        .order_by(DigestRow.week_start.desc(), Delivery.id)
    )
    return [
        DeliveryRecord(
            d.id,
            d.digest_id,
            week,
            d.subscriber_id,
            address,
            cast(DeliveryStatus, d.status),
            d.attempts,
            d.attempted_at,
            d.next_attempt_at,
            d.sent_at,
            d.error,
        )
        for d, week, address in rows
    ]


def list_deliveries(
    session: Session, *, status: DeliveryStatus | None = None, digest_id: int | None = None
) -> list[DeliveryRecord]:
    """Delivery rows, newest week first (optionally one status, one digest)."""
    conditions = []
    if status is not None:
        conditions.append(Delivery.status == status)
    if digest_id is not None:
        conditions.append(Delivery.digest_id == digest_id)
    return _records(session, *conditions)


def get_deliveries(session: Session, ids: list[int]) -> list[DeliveryRecord]:
    return _records(session, Delivery.id.in_(ids)) if ids else []


def states(session: Session, digest_id: int) -> dict[int, DeliveryRecord]:
    """subscriber id → this digest's delivery row to them."""
    return {r.subscriber_id: r for r in list_deliveries(session, digest_id=digest_id)}


def mark_interrupted(session: Session, digest_id: int | None = None) -> int:
    """Rows left 'sending' by a process that is gone become 'uncertain'; returns how many.

    Only call this while holding the publish lock: then no live sender owns a 'sending' row.
    """
    query = update(Delivery).where(Delivery.status == "sending")
    if digest_id is not None:
        query = query.where(Delivery.digest_id == digest_id)
    result = session.execute(
        query.values(status="uncertain", error="the sending process stopped during the exchange")
    )
    return int(result.rowcount)  # type: ignore[attr-defined]


def claim(session: Session, digest_id: int, subscriber_id: int, message_id: str, now: datetime) -> bool:
    """Claim one (digest, subscriber) for sending: True when this caller may send now.

    A new row is inserted 'sending'; a 'retry' row is flipped to 'sending' by one conditional
    UPDATE, so two senders cannot both win. A concurrent insert surfaces as IntegrityError at
    flush, which the caller treats as "someone else has it". Any other status is not claimed.
    """
    existing = session.scalars(
        select(Delivery).where(Delivery.digest_id == digest_id, Delivery.subscriber_id == subscriber_id)
    ).one_or_none()
    if existing is None:
        session.add(
            Delivery(
                digest_id=digest_id,
                subscriber_id=subscriber_id,
                status="sending",
                message_id=message_id,
                attempted_at=now,
                attempts=1,
            )
        )
        session.flush()
        return True
    result = session.execute(
        update(Delivery)
        .where(Delivery.id == existing.id, Delivery.status == "retry")
        .values(
            status="sending",
            attempted_at=now,
            message_id=message_id,
            attempts=Delivery.attempts + 1,
            next_attempt_at=None,
        )
    )
    return bool(result.rowcount)  # type: ignore[attr-defined]


def _set(session: Session, digest_id: int, subscriber_id: int, **values: object) -> None:
    session.execute(
        update(Delivery)
        .where(Delivery.digest_id == digest_id, Delivery.subscriber_id == subscriber_id)
        .values(**values)
    )


def finish(session: Session, digest_id: int, subscriber_id: int, now: datetime) -> None:
    _set(session, digest_id, subscriber_id, status="sent", sent_at=now, error=None, next_attempt_at=None)


def retry_later(session: Session, digest_id: int, subscriber_id: int, error: str, at: datetime) -> None:
    _set(session, digest_id, subscriber_id, status="retry", error=error[:2000], next_attempt_at=at)


def fail(session: Session, digest_id: int, subscriber_id: int, error: str) -> None:
    _set(session, digest_id, subscriber_id, status="failed", error=error[:2000], next_attempt_at=None)


def mark_uncertain(session: Session, digest_id: int, subscriber_id: int, error: str) -> None:
    _set(session, digest_id, subscriber_id, status="uncertain", error=error[:2000])


def queue_resend(session: Session, ids: list[int], now: datetime) -> list[DeliveryRecord]:
    """Uncertain or failed rows made 'retry' now (a person decided to send again)."""
    if ids:
        session.execute(
            update(Delivery)
            .where(Delivery.id.in_(ids), Delivery.status.in_(("uncertain", "failed")))
            .values(status="retry", next_attempt_at=now, attempts=0)
        )
    return get_deliveries(session, ids)


def mark_sent(session: Session, ids: list[int], now: datetime) -> list[DeliveryRecord]:
    """Uncertain, failed or retry rows recorded as sent (a person checked it arrived)."""
    if ids:
        session.execute(
            update(Delivery)
            .where(Delivery.id.in_(ids), Delivery.status.in_(("uncertain", "failed", "retry")))
            .values(status="sent", sent_at=now, next_attempt_at=None, error="marked sent by hand")
        )
    return get_deliveries(session, ids)
