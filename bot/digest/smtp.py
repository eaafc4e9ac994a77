"""Opening an SMTP connection from the settings, and sorting SMTP failures into kinds.

Why the failure kinds matter: a temporary refusal (4xx) is retried later, a permanent one
(5xx) is recorded and never retried, and a connection lost while the message was being
handed over means nobody knows whether it arrived, which is neither.
"""

from __future__ import annotations

import os
import smtplib
import ssl
from typing import Literal

from bot.config import EmailSettings
from bot.errors import DeliveryError

_LOOPBACK = {"127.0.0.1", "::1", "localhost"}
SMTP_TIMEOUT = 30.0

Outcome = Literal["temporary", "permanent", "uncertain"]


def check_settings(cfg: EmailSettings) -> tuple[str, str] | None:
    """Refuse settings that cannot work or would leak a password; returns the login, if any."""
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


def connect(cfg: EmailSettings, login: tuple[str, str] | None) -> smtplib.SMTP:
    """A ready connection (TLS or STARTTLS and login done); DeliveryError naming the server."""
    where = f"SMTP server {cfg.smtp_host}:{cfg.smtp_port}"
    context = ssl.create_default_context()
    try:
        if cfg.security == "tls":
            smtp: smtplib.SMTP = smtplib.SMTP_SSL(
                cfg.smtp_host, cfg.smtp_port, timeout=SMTP_TIMEOUT, context=context
            )
        else:
            smtp = smtplib.SMTP(cfg.smtp_host, cfg.smtp_port, timeout=SMTP_TIMEOUT)
    except (OSError, smtplib.SMTPException) as exc:
        raise DeliveryError(f"{where}: cannot connect ({exc})") from None
    step = "STARTTLS"
    try:
        if cfg.security == "starttls":
            smtp.starttls(context=context)
        if login is not None:
            step = "login"
            smtp.login(*login)
    except (OSError, smtplib.SMTPException) as exc:
        smtp.close()
        raise DeliveryError(f"{where}: {step} failed ({exc})") from None
    return smtp


def close(smtp: smtplib.SMTP) -> None:
    """QUIT politely; a connection that is already gone is simply closed."""
    try:
        smtp.quit()
    except (smtplib.SMTPException, OSError):
        smtp.close()


def classify(exc: BaseException) -> Outcome:
    """What a failed ``send_message`` means for the message.

    A refusal with a code is the server's answer: 4xx temporary, 5xx permanent (a refused
    recipient counts by its own code). Anything else (a dropped connection, a timeout) came
    while the message was in flight, so it may have been accepted: uncertain.
    """
    if isinstance(exc, smtplib.SMTPRecipientsRefused):
        codes = [code for code, _ in exc.recipients.values()]
        return "temporary" if codes and all(400 <= c < 500 for c in codes) else "permanent"
    if isinstance(exc, smtplib.SMTPSenderRefused | smtplib.SMTPDataError | smtplib.SMTPResponseException):
        code = exc.smtp_code
        if 400 <= code < 500:
            return "temporary"
        if 500 <= code < 600:
            return "permanent"
    return "uncertain"
