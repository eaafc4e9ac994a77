"""Sending a saved digest to confirmed subscribers over SMTP, at most once each.

The order of writes is the whole design: a 'sending' row is committed BEFORE the SMTP call and
'sent' after it, each in its own transaction. So:

- a re-run skips every 'sent' row (nobody gets the digest twice);
- a refusal by the server ('failed', with the error) is retried on the next run;
- a row left 'sending' means the outcome is unknown (a crash, or the connection dropped
  mid-message): it is reported for a human to check and never resent automatically, because
  a possibly-duplicated e-mail is worse than a possibly-missed one that someone looks into.
"""

from __future__ import annotations

import os
import smtplib
import ssl
from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import Engine
from sqlalchemy.exc import IntegrityError

from bot import clock
from bot.config import EmailSettings, Settings
from bot.digest.email import build_message, message_id
from bot.digest.tokens import make_token
from bot.errors import DeliveryError
from storage import digests as store
from storage import subscribers
from storage.db import transaction

_LOOPBACK = {"127.0.0.1", "::1", "localhost"}
SMTP_TIMEOUT = 30.0


@dataclass(frozen=True, slots=True)
class DeliveryReport:
    digest_id: int
    sent: int = 0
    already_sent: int = 0
    failed: tuple[str, ...] = ()  # "address: error" — refused by the server, retried next run
    needs_checking: tuple[str, ...] = field(default_factory=tuple)  # left 'sending': check by hand

    @property
    def ok(self) -> bool:
        return not self.failed and not self.needs_checking


def _check(cfg: EmailSettings) -> tuple[str, str] | None:
    """Refuse settings that cannot work or would leak a password; returns the login, if any."""
    if not cfg.enabled:
        raise DeliveryError("email.enabled is false in the config: not sending the digest")
    if "@" not in cfg.from_address or any(c in cfg.from_address for c in "\r\n <>"):
        raise DeliveryError(f"email.from_address {cfg.from_address!r} is not an e-mail address")
    login = cfg.credentials()
    if login is None and (os.environ.get(cfg.username_env) or os.environ.get(cfg.password_env)):
        raise DeliveryError(
            f"SMTP login needs both ${cfg.username_env} and ${cfg.password_env}; only one is set"
        )
    if login is not None and cfg.security == "none" and cfg.smtp_host not in _LOOPBACK:
        raise DeliveryError(
            f"email.security is none: refusing to send the SMTP password to {cfg.smtp_host} unencrypted"
        )
    return login


def _connect(cfg: EmailSettings, login: tuple[str, str] | None) -> smtplib.SMTP:
    where = f"SMTP server {cfg.smtp_host}:{cfg.smtp_port}"
    try:
        smtp = smtplib.SMTP(cfg.smtp_host, cfg.smtp_port, timeout=SMTP_TIMEOUT)
    except (OSError, smtplib.SMTPException) as exc:
        raise DeliveryError(f"{where}: cannot connect ({exc})") from None
    try:
        if cfg.security == "starttls":
            smtp.starttls(context=ssl.create_default_context())
        if login is not None:
            smtp.login(*login)
    except (OSError, smtplib.SMTPException) as exc:
        smtp.close()
        raise DeliveryError(f"{where}: {'login' if login else 'STARTTLS'} failed ({exc})") from None
    return smtp


def deliver(
    engine: Engine, digest_id: int, settings: Settings, now: datetime | None = None, *, secret: bytes
) -> DeliveryReport:
    """Send digest ``digest_id`` to every confirmed subscriber not yet sent it."""
    login = _check(settings.email)
    with transaction(engine) as session:
        stored = store.get_digest(session, digest_id)
        if stored is None:
            raise DeliveryError(f"digest {digest_id} does not exist: build it before delivering")
        recipients = subscribers.confirmed_subscribers(session)
        states = store.delivery_states(session, digest_id)
    digest = stored.digest
    already = sum(states.get(r.id) == "sent" for r in recipients)
    unknown = [r.email for r in recipients if states.get(r.id) == "sending"]
    todo = [r for r in recipients if states.get(r.id) in (None, "failed")]
    sent, failed = 0, []
    if todo:
        smtp = _connect(settings.email, login)
        try:
            for rcpt in todo:
                when = now or clock.now()
                mid = message_id(digest, digest_id, rcpt.id, settings.email.from_address)
                try:
                    with transaction(engine) as session:
                        claimed = store.begin_delivery(session, digest_id, rcpt.id, mid, when)
                except IntegrityError:
                    claimed = False  # another sender inserted it first
                if not claimed:
                    continue
                token = make_token(secret, "unsubscribe", rcpt.id, rcpt.nonce)
                msg = build_message(
                    digest, settings, to=rcpt.email, unsubscribe_token=token, msg_id=mid, now=when
                )
                try:
                    smtp.send_message(msg)
                except (smtplib.SMTPRecipientsRefused, smtplib.SMTPResponseException) as exc:
                    with transaction(engine) as session:
                        store.fail_delivery(session, digest_id, rcpt.id, f"{type(exc).__name__}: {exc}")
                    failed.append(f"{rcpt.email}: {exc}")
                    continue
                except (smtplib.SMTPException, OSError) as exc:
                    # Connection lost mid-message: it may have been accepted. Leave 'sending'.
                    problem = f"{type(exc).__name__}: {exc}"
                    with transaction(engine) as session:
                        store.note_delivery_problem(session, digest_id, rcpt.id, problem)
                    unknown.append(rcpt.email)
                    break
                with transaction(engine) as session:
                    store.finish_delivery(session, digest_id, rcpt.id, now or clock.now())
                sent += 1
        finally:
            try:
                smtp.quit()
            except (smtplib.SMTPException, OSError):
                smtp.close()
    return DeliveryReport(digest_id, sent, already, tuple(failed), tuple(unknown))
