"""Subscribers in the database: pending, confirmed, unsubscribed.

Storage only records; the decisions (is this an address, is this link valid, may a fresh
confirmation be sent) are made in ``bot/digest`` and ``bot/pipeline/subscriptions.py``. Each
helper runs inside the caller's transaction.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import datetime
from typing import Literal

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from storage.schema import Subscriber

SubscriberStatus = Literal["pending", "confirmed", "unsubscribed"]


@dataclass(frozen=True, slots=True)
class SubscriberRecord:
    id: int
    email: str
    nonce: str
    status: SubscriberStatus
    created_at: datetime
    confirmation_sent_at: datetime | None
    confirmed_at: datetime | None
    unsubscribed_at: datetime | None


def _record(row: Subscriber) -> SubscriberRecord:
    status: SubscriberStatus = (
        "unsubscribed" if row.unsubscribed_at is not None else "confirmed" if row.confirmed else "pending"
    )
    return SubscriberRecord(
        row.id,
        row.email,
        row.nonce,
        status,
        row.created_at,
        row.confirmation_sent_at,
        row.confirmed_at,
        row.unsubscribed_at,
    )


def _new_nonce() -> str:
    return secrets.token_urlsafe(24)


def find_by_email(session: Session, email: str) -> SubscriberRecord | None:
    row = session.scalars(select(Subscriber).where(Subscriber.email == email)).one_or_none()
    return None if row is None else _record(row)


def get_subscriber(session: Session, subscriber_id: int) -> SubscriberRecord | None:
    row = session.get(Subscriber, subscriber_id)
    return None if row is None else _record(row)


def upsert_pending(session: Session, email: str, now: datetime) -> SubscriberRecord:
    """The row for ``email``, created pending if new.

    A confirmed or pending row is returned unchanged. One that had unsubscribed starts over as
    pending with a fresh nonce, so links from before it left stop working.
    """
    row = session.scalars(select(Subscriber).where(Subscriber.email == email)).one_or_none()
    if row is None:
        row = Subscriber(email=email, nonce=_new_nonce(), confirmed=False, created_at=now)
        session.add(row)
    elif row.unsubscribed_at is not None:
        row.nonce, row.confirmed, row.unsubscribed_at = _new_nonce(), False, None
        row.confirmed_at = row.confirmation_sent_at = None
    session.flush()
    return _record(row)


def mark_confirmation_sent(session: Session, subscriber_id: int, now: datetime) -> None:
    row = session.get(Subscriber, subscriber_id)
    if row is not None:
        row.confirmation_sent_at = now


def confirm(session: Session, subscriber_id: int, nonce: str, now: datetime) -> SubscriberRecord | None:
    """Confirm the row if ``nonce`` is still its nonce and it has not unsubscribed.

    Idempotent: confirming twice keeps the first confirmation time. None when the row is gone,
    the nonce is stale or the address has unsubscribed since.
    """
    row = session.get(Subscriber, subscriber_id, with_for_update=True)
    if row is None or row.nonce != nonce or row.unsubscribed_at is not None:
        return None
    if not row.confirmed:
        row.confirmed, row.confirmed_at = True, now
    session.flush()
    return _record(row)


def unsubscribe(session: Session, subscriber_id: int, nonce: str, now: datetime) -> SubscriberRecord | None:
    """Unsubscribe the row if ``nonce`` is still its nonce (idempotent); None otherwise."""
    row = session.get(Subscriber, subscriber_id, with_for_update=True)
    if row is None or row.nonce != nonce:
        return None
    if row.unsubscribed_at is None:
        row.unsubscribed_at = now
    session.flush()
    return _record(row)


def add_confirmed(session: Session, email: str, now: datetime) -> tuple[SubscriberRecord, bool]:
    """Record an address whose consent was given elsewhere (an imported list): confirmed at once.

    Returns (record, changed). An address that unsubscribed is NOT re-added: leaving must stick,
    whatever an old spreadsheet says.
    """
    row = session.scalars(select(Subscriber).where(Subscriber.email == email)).one_or_none()
    if row is None:
        row = Subscriber(email=email, nonce=_new_nonce(), confirmed=True, created_at=now, confirmed_at=now)
        session.add(row)
        session.flush()
        return _record(row), True
    if row.unsubscribed_at is not None or row.confirmed:
        return _record(row), False
    row.confirmed, row.confirmed_at = True, now
    session.flush()
    return _record(row), True


def unsubscribe_email(session: Session, email: str, now: datetime) -> SubscriberRecord | None:
    """Unsubscribe by address (an operator acting on a request); None when unknown."""
    row = session.scalars(select(Subscriber).where(Subscriber.email == email)).one_or_none()
    if row is None:
        return None
    if row.unsubscribed_at is None:
        row.unsubscribed_at = now
    session.flush()
    return _record(row)


def erase(session: Session, email: str) -> bool:
    """Delete every trace of the address (its delivery rows go with it); False when unknown."""
    result = session.execute(delete(Subscriber).where(Subscriber.email == email))
    return bool(result.rowcount)  # type: ignore[attr-defined]


def list_subscribers(session: Session, status: SubscriberStatus | None = None) -> list[SubscriberRecord]:
    """Every subscriber (or those with ``status``), oldest first."""
    rows = [_record(r) for r in session.scalars(select(Subscriber).order_by(Subscriber.id))]
    return [r for r in rows if status is None or r.status == status]


def confirmed_subscribers(session: Session) -> list[SubscriberRecord]:
    """Who receives the digest: confirmed and not unsubscribed, oldest first."""
    rows = session.scalars(
        select(Subscriber)
        .where(Subscriber.confirmed.is_(True), Subscriber.unsubscribed_at.is_(None))
        .order_by(Subscriber.id)
    )
    return [_record(r) for r in rows]
