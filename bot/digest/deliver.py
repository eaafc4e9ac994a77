"""Sending a saved digest to confirmed subscribers over SMTP, at most once each.

The order of writes is the whole design: a 'sending' row is committed BEFORE the SMTP call and
'sent' after it, each in its own transaction. So:

- a re-run skips every 'sent' row (nobody gets the digest twice);
- a temporary refusal (4xx) becomes 'retry' with a backoff, tried again in this run when the
  wait is short, else on the next run; after ``email.max_attempts`` tries it is 'failed';
- a permanent refusal (5xx) is 'failed' at once and never retried;
- an exchange cut off mid-message becomes 'uncertain', and so does a row still 'sending' when
  the next run starts (the process died): it may have arrived, so it is never resent by
  itself. A person decides with ``digestbot deliveries resend|mark-sent``.

Callers hold the publish lock (``storage.locks``) so no live sender owns a 'sending' row.
"""

from __future__ import annotations

import smtplib
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta

from sqlalchemy import Engine
from sqlalchemy.exc import IntegrityError

from bot import clock
from bot.config import Settings
from bot.digest import smtp as smtp_conn
from bot.digest.email import build_message, message_id
from bot.digest.tokens import make_token
from bot.digest.types import Digest
from bot.errors import DeliveryError
from storage import deliveries as rows
from storage import digests as digest_store
from storage import subscribers
from storage.db import transaction
from storage.subscribers import SubscriberRecord

# A retry due within this long is waited for in the same run; later ones wait for the next run.
MAX_WAIT_IN_RUN = timedelta(minutes=10)
Sleep = Callable[[float], None]


@dataclass(frozen=True, slots=True)
class DeliveryReport:
    digest_id: int
    sent: int = 0
    already_sent: int = 0
    failed: tuple[str, ...] = ()  # "address: error": refused for good
    retrying: tuple[str, ...] = ()  # "address: error": refused for now, tried again next run
    uncertain: tuple[str, ...] = ()  # may or may not have arrived: a person decides

    @property
    def ok(self) -> bool:
        return not (self.failed or self.retrying or self.uncertain)


def _backoff(settings: Settings, attempts: int) -> timedelta:
    return timedelta(seconds=settings.email.retry_base_seconds * 2 ** max(attempts - 1, 0))


class _Sender:
    """One run's SMTP work: connections in batches, paced, each outcome written as it happens."""

    def __init__(
        self,
        engine: Engine,
        digest_id: int,
        settings: Settings,
        secret: bytes,
        sleep: Sleep,
        monotonic: Callable[[], float] = time.monotonic,
    ) -> None:
        self.engine, self.digest_id, self.settings, self.secret, self.sleep = (
            engine,
            digest_id,
            settings,
            secret,
            sleep,
        )
        self.monotonic = monotonic
        self.login = smtp_conn.check_settings(settings.email)
        self.conn: smtplib.SMTP | None = None
        self.in_batch = 0
        self.last_send = 0.0
        self.sent = 0
        self.failed: list[str] = []
        self.uncertain: list[str] = []

    def close(self) -> None:
        if self.conn is not None:
            smtp_conn.close(self.conn)
            self.conn = None

    def _connection(self) -> smtplib.SMTP:
        if self.conn is not None and self.in_batch >= self.settings.email.batch_size:
            self.close()
        if self.conn is None:
            self.conn = smtp_conn.connect(self.settings.email, self.login)
            self.in_batch = 0
        return self.conn

    def _pace(self) -> None:
        gap = 60.0 / self.settings.email.messages_per_minute
        wait = self.last_send + gap - self.monotonic()
        if wait > 0:
            self.sleep(wait)
        self.last_send = self.monotonic()

    def send(self, digest: digest_store.StoredDigest[Digest], rcpt: SubscriberRecord) -> None:
        conn = self._connection()
        self._pace()
        now = clock.now()
        mid = message_id(digest.digest, self.digest_id, rcpt.id, self.settings.email.from_address)
        try:
            with transaction(self.engine) as session:
                claimed = rows.claim(session, self.digest_id, rcpt.id, mid, now)
        except IntegrityError:
            claimed = False  # another sender inserted it first
        if not claimed:
            return
        token = make_token(self.secret, "unsubscribe", rcpt.id, rcpt.nonce)
        msg = build_message(
            digest.digest, self.settings, to=rcpt.email, unsubscribe_token=token, msg_id=mid, now=now
        )
        self.in_batch += 1
        try:
            conn.send_message(msg)
        except (smtplib.SMTPException, OSError) as exc:
            self._record_failure(rcpt, exc)
            return
        with transaction(self.engine) as session:
            rows.finish(session, self.digest_id, rcpt.id, clock.now())
        self.sent += 1

    def _record_failure(self, rcpt: SubscriberRecord, exc: BaseException) -> None:
        problem = f"{type(exc).__name__}: {exc}"
        kind = smtp_conn.classify(exc)
        with transaction(self.engine) as session:
            if kind == "uncertain":
                rows.mark_uncertain(session, self.digest_id, rcpt.id, problem)
            elif kind == "permanent":
                rows.fail(session, self.digest_id, rcpt.id, problem)
            else:
                attempts = rows.states(session, self.digest_id)[rcpt.id].attempts
                if attempts >= self.settings.email.max_attempts:
                    rows.fail(session, self.digest_id, rcpt.id, f"gave up after {attempts} tries: {problem}")
                else:
                    at = clock.now() + _backoff(self.settings, attempts)
                    rows.retry_later(session, self.digest_id, rcpt.id, problem, at)
        if kind == "uncertain":
            self.uncertain.append(rcpt.email)
            self.close()  # the connection is in an unknown state: start a fresh one
        elif isinstance(exc, smtplib.SMTPServerDisconnected):
            self.close()


def deliver(
    engine: Engine,
    digest_id: int,
    settings: Settings,
    *,
    secret: bytes,
    sleep: Sleep = time.sleep,
    monotonic: Callable[[], float] = time.monotonic,
) -> DeliveryReport:
    """Send digest ``digest_id`` to every confirmed subscriber not yet sent it.

    ``sleep`` and ``monotonic`` pace the messages; tests pass a clock that moves only when
    the sender waits, so the pacing is checked without depending on how fast SMTP answers.

    DeliveryError for configuration problems (email off, half a login, a password without
    encryption, an unreachable server, an unknown digest); nothing is recorded then.
    """
    if not settings.email.enabled:
        raise DeliveryError("email.enabled is false in the config: not sending the digest")
    sender = _Sender(engine, digest_id, settings, secret, sleep, monotonic)
    with transaction(engine) as session:
        stored = digest_store.get_digest(session, digest_id, Digest.from_dict)
        if stored is None:
            raise DeliveryError(f"digest {digest_id} does not exist: build it before delivering")
        rows.mark_interrupted(session, digest_id)
        already = sum(r.status == "sent" for r in rows.states(session, digest_id).values())
    try:
        while True:
            with transaction(engine) as session:
                recipients = subscribers.confirmed_subscribers(session)
                states = rows.states(session, digest_id)
            now = clock.now()
            due = [
                r
                for r in recipients
                if r.id not in states
                or (states[r.id].status == "retry" and (states[r.id].next_attempt_at or now) <= now)
            ]
            for rcpt in due:
                sender.send(stored, rcpt)
            if due:
                continue
            waits = [
                s.next_attempt_at
                for s in states.values()
                if s.status == "retry" and s.next_attempt_at is not None and s.next_attempt_at > now
            ]
            if not waits or min(waits) - now > MAX_WAIT_IN_RUN:
                break
            sender.close()
            sleep((min(waits) - now).total_seconds())
    finally:
        sender.close()
    with transaction(engine) as session:
        final = rows.states(session, digest_id)
        confirmed = {r.id for r in subscribers.confirmed_subscribers(session)}

    def listed(status: str) -> tuple[str, ...]:
        return tuple(
            f"{r.email}: {r.error or status}"
            for r in final.values()
            if r.status == status and r.subscriber_id in confirmed
        )

    return DeliveryReport(
        digest_id,
        sent=sender.sent,
        already_sent=already,
        failed=listed("failed"),
        retrying=listed("retry"),
        uncertain=tuple(r.email for r in final.values() if r.status == "uncertain"),
    )
