"""The emails: the weekly digest (one per subscriber) and the subscription confirmation.

Why the Message-ID is derived rather than random: it names the (digest, subscriber) pair, so
if a message ever is sent twice despite the delivery rows, mail clients and servers that
de-duplicate by Message-ID still show it once.

Every digest email carries RFC 8058 one-click unsubscribe headers: ``List-Unsubscribe`` with
an https URL (the web app's POST endpoint) and a mailto, and ``List-Unsubscribe-Post``.
"""

from __future__ import annotations

import hashlib
from datetime import datetime
from email.message import EmailMessage
from email.policy import SMTP
from email.utils import format_datetime, make_msgid
from urllib.parse import quote

from bot.config import Settings
from bot.digest.feed import site_base
from bot.digest.render import render_confirmation, render_email_html, render_text, week_range
from bot.digest.types import Digest

CONFIRM_PATH = "subscribe/confirm"
UNSUBSCRIBE_PATH = "unsubscribe"


def confirm_url(settings: Settings, token: str) -> str:
    """The link in a confirmation email: ``{site_url}subscribe/confirm?token=…``."""
    return f"{site_base(settings)}{CONFIRM_PATH}?token={quote(token, safe='')}"


def unsubscribe_url(settings: Settings, token: str) -> str:
    """The unsubscribe link and RFC 8058 one-click target: ``{site_url}unsubscribe?token=…``.

    A GET shows a page with a button; a POST with ``List-Unsubscribe=One-Click`` (what mail
    clients send) unsubscribes at once.
    """
    return f"{site_base(settings)}{UNSUBSCRIBE_PATH}?token={quote(token, safe='')}"


def unsubscribe_mailto(settings: Settings, token: str) -> str:
    """The mailto half of List-Unsubscribe: a message to this address with the token as subject."""
    address = settings.email.unsubscribe_address or settings.email.from_address
    return f"mailto:{address}?subject={quote('unsubscribe ' + token, safe='')}"


def message_id(digest: Digest, digest_id: int, subscriber_id: int, from_address: str) -> str:
    """Stable per (digest, subscriber): the same pair always gets the same id."""
    domain = from_address.rsplit("@", 1)[-1] or "localhost"
    tag = hashlib.sha256(f"{digest_id}:{subscriber_id}".encode()).hexdigest()[:16]
    return f"<digest-{digest.week_start.isoformat()}-{digest_id}.{tag}@{domain}>"


def subject(digest: Digest, settings: Settings) -> str:
    return f"{settings.digest.title}: {week_range(digest)}"


def build_message(
    digest: Digest,
    settings: Settings,
    *,
    to: str,
    unsubscribe_token: str,
    msg_id: str,
    now: datetime,
) -> EmailMessage:
    """Text part first, HTML second: clients show the last part they can render."""
    unsubscribe = unsubscribe_url(settings, unsubscribe_token)
    archive = site_base(settings)
    msg = EmailMessage(policy=SMTP)
    msg["From"] = settings.email.from_address
    msg["To"] = to
    msg["Subject"] = subject(digest, settings)
    msg["Date"] = format_datetime(now)
    msg["Message-ID"] = msg_id
    msg["List-Id"] = f"<digest.{settings.email.from_address.rsplit('@', 1)[-1]}>"
    msg["List-Unsubscribe"] = f"<{unsubscribe}>, <{unsubscribe_mailto(settings, unsubscribe_token)}>"
    msg["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click"
    msg["Auto-Submitted"] = "auto-generated"
    msg["Precedence"] = "bulk"
    msg.set_content(render_text(digest, unsubscribe_url=unsubscribe, archive_url=archive))
    msg.add_alternative(
        render_email_html(digest, unsubscribe_url=unsubscribe, archive_url=archive), subtype="html"
    )
    return msg


def build_confirmation(settings: Settings, *, to: str, confirm_link: str, now: datetime) -> EmailMessage:
    """The double opt-in email: one link, what it is for, and what to do if it was not you."""
    msg = EmailMessage(policy=SMTP)
    msg["From"] = settings.email.from_address
    msg["To"] = to
    msg["Subject"] = f"Please confirm: {settings.digest.title}"
    msg["Date"] = format_datetime(now)
    msg["Message-ID"] = make_msgid(domain=settings.email.from_address.rsplit("@", 1)[-1] or "localhost")
    msg["Auto-Submitted"] = "auto-generated"
    text, html = render_confirmation(settings.digest.title, confirm_link)
    msg.set_content(text)
    msg.add_alternative(html, subtype="html")
    return msg
