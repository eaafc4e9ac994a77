"""Subscriptions: double opt-in, confirm and unsubscribe, for the CLI and the web app alike.

The flow (each step one short transaction; the email is sent outside any transaction):

1. ``request_subscription(engine, settings, email, secret=...)``: validates the address,
   records it as *pending*, and emails a confirmation link
   (``{site_url}subscribe/confirm?token=…``, valid for 7 days). When ``email.enabled`` is false
   the message is written as an .eml file under ``email.outbox_dir`` instead.
2. ``confirm_subscription(engine, token, secret=...)`` → the address, now *confirmed*.
3. ``unsubscribe(engine, token, secret=...)`` → the address, now *unsubscribed*. The token is
   the one in every digest's unsubscribe link and List-Unsubscribe header
   (``{site_url}unsubscribe?token=…``); ``unsubscribe_token(engine, email, secret=...)`` makes one.

``secret`` is the install's signing key: ``bot.keys.secret_key(settings)``
(``$DIGESTBOT_SECRET_KEY`` or ``var/secret.key``). Bad input (not an address, a forged,
mangled or expired token) raises ``bot.errors.InputError`` (``TokenError`` for tokens) with
a sentence fit to show the person.

For the web form: show the same page whatever ``request_subscription`` returns (it may say
"already_confirmed"), so the form cannot be used to learn who subscribes.
"""

from __future__ import annotations

import smtplib
from dataclasses import dataclass
from datetime import timedelta
from email.message import EmailMessage
from pathlib import Path
from typing import Literal

from sqlalchemy import Engine

from bot import clock
from bot.config import Settings
from bot.digest import smtp as smtp_conn
from bot.digest.addresses import normalise_email
from bot.digest.email import build_confirmation, confirm_url
from bot.digest.outbox import write_eml
from bot.digest.tokens import TokenError, make_token, read_token
from bot.errors import DeliveryError
from storage import subscribers as store
from storage.db import transaction

# A second request within this time sends nothing: a web form must not become a way to
# flood someone's mailbox with confirmation emails.
RESEND_AFTER = timedelta(minutes=10)

RequestStatus = Literal["confirmation_sent", "confirmation_written", "already_confirmed", "recently_sent"]


@dataclass(frozen=True, slots=True)
class SubscriptionRequest:
    """What ``request_subscription`` did: ``eml_path`` is set when the email went to a file."""

    email: str
    status: RequestStatus
    eml_path: Path | None = None


def request_subscription(
    engine: Engine, settings: Settings, email: str, *, secret: bytes
) -> SubscriptionRequest:
    """Record ``email`` as pending and send it a confirmation link (double opt-in).

    An address already confirmed gets nothing (it is told nothing new); one that asked less
    than ``RESEND_AFTER`` ago gets nothing more; one that had unsubscribed starts over.
    InputError when ``email`` is not an address; DeliveryError when the SMTP server cannot
    take the message (the address stays pending, and asking again retries).
    """
    address = normalise_email(email)
    now = clock.now()
    with transaction(engine) as session:
        record = store.upsert_pending(session, address, now)
    if record.status == "confirmed":
        return SubscriptionRequest(address, "already_confirmed")
    if record.confirmation_sent_at is not None and now - record.confirmation_sent_at < RESEND_AFTER:
        return SubscriptionRequest(address, "recently_sent")
    link = confirm_url(settings, make_token(secret, "confirm", record.id, record.nonce))
    msg = build_confirmation(settings, to=address, confirm_link=link, now=now)
    path: Path | None = None
    if settings.email.enabled:
        _send_one(settings, msg)
    else:
        path = write_eml(settings.resolve(settings.email.outbox_dir), f"confirm-{address}", msg)
    with transaction(engine) as session:
        store.mark_confirmation_sent(session, record.id, now)
    return SubscriptionRequest(address, "confirmation_written" if path else "confirmation_sent", path)


def confirm_subscription(engine: Engine, token: str, *, secret: bytes) -> str:
    """Confirm the subscription a confirmation token names; returns the address.

    Idempotent (a second click confirms nothing new and still succeeds). TokenError for a
    forged, mangled or expired token, or one from before the address unsubscribed.
    """
    data = read_token(secret, "confirm", token)
    with transaction(engine) as session:
        record = store.confirm(session, data.subscriber_id, data.nonce, clock.now())
    if record is None:
        raise TokenError("this confirmation link is no longer valid: subscribe again to get a fresh one")
    return record.email


def unsubscribe(engine: Engine, token: str, *, secret: bytes) -> str:
    """Unsubscribe the address an unsubscribe token names; returns the address.

    Idempotent, so a mail client's one-click POST and a person's click can both arrive.
    TokenError for a forged or mangled token, or one whose subscriber row is gone.
    """
    data = read_token(secret, "unsubscribe", token)
    with transaction(engine) as session:
        record = store.unsubscribe(session, data.subscriber_id, data.nonce, clock.now())
    if record is None:
        raise TokenError("this unsubscribe link is no longer valid; the address may already be removed")
    return record.email


def unsubscribe_token(engine: Engine, email: str, *, secret: bytes) -> str | None:
    """The token of ``email``'s unsubscribe link (None when the address is unknown)."""
    with transaction(engine) as session:
        record = store.find_by_email(session, normalise_email(email))
    return None if record is None else make_token(secret, "unsubscribe", record.id, record.nonce)


def _send_one(settings: Settings, msg: EmailMessage) -> None:
    login = smtp_conn.check_settings(settings.email)
    conn = smtp_conn.connect(settings.email, login)
    try:
        conn.send_message(msg)
    except (smtplib.SMTPException, OSError) as exc:
        raise DeliveryError(f"the confirmation email to {msg['To']} was not sent ({exc})") from None
    finally:
        smtp_conn.close(conn)


# --- what an operator does from the command line ---------------------------------------------


def add_confirmed(engine: Engine, email: str) -> tuple[str, bool]:
    """Add an address whose consent was given elsewhere, confirmed at once: (address, added).

    An address that unsubscribed is not re-added (leaving sticks): ``added`` is then False.
    """
    address = normalise_email(email)
    with transaction(engine) as session:
        record, changed = store.add_confirmed(session, address, clock.now())
    return record.email, changed


def remove(engine: Engine, email: str, *, erase: bool = False) -> bool:
    """Unsubscribe ``email`` (or, with ``erase``, delete it and its delivery history).

    False when the address is unknown.
    """
    address = normalise_email(email)
    with transaction(engine) as session:
        if erase:
            return store.erase(session, address)
        return store.unsubscribe_email(session, address, clock.now()) is not None


def list_subscribers(
    engine: Engine, status: store.SubscriberStatus | None = None
) -> list[store.SubscriberRecord]:
    with transaction(engine) as session:
        return store.list_subscribers(session, status)
