"""The weekly e-mail: one multipart/alternative message per subscriber.

Why the Message-ID is derived rather than random: it names the (digest, subscriber) pair, so
if a message ever is sent twice despite the delivery rows, mail clients and servers that
de-duplicate by Message-ID still show it once.
"""

from __future__ import annotations

import hashlib
from datetime import datetime
from email.message import EmailMessage
from email.policy import SMTP
from email.utils import format_datetime
from urllib.parse import quote

from bot.config import Settings
from bot.digest.feed import site_base
from bot.digest.render import render_html, render_text, week_range
from bot.digest.types import Digest


def unsubscribe_url(settings: Settings, token: str) -> str:
    """The one-click unsubscribe link the web app serves (``/unsubscribe?token=…``)."""
    return f"{site_base(settings)}unsubscribe?token={quote(token, safe='')}"


def message_id(digest: Digest, digest_id: int, subscriber_id: int, from_address: str) -> str:
    """Stable per (digest, subscriber): the same pair always gets the same id."""
    domain = from_address.rsplit("@", 1)[-1] or "localhost"
    tag = hashlib.sha256(f"{digest_id}:{subscriber_id}".encode()).hexdigest()[:16]
    return f"<digest-{digest.week_start.isoformat()}-{digest_id}.{tag}@{domain}>"


def build_message(
    digest: Digest,
    settings: Settings,
    *,
    to: str,
    token: str,
    msg_id: str,
    now: datetime,
) -> EmailMessage:
    """Text part first, HTML second: clients show the last part they can render."""
    unsubscribe = unsubscribe_url(settings, token)
    archive = site_base(settings)
    msg = EmailMessage(policy=SMTP)
    msg["From"] = settings.email.from_address
    msg["To"] = to
    msg["Subject"] = f"{settings.digest.title}: {week_range(digest)}"
    msg["Date"] = format_datetime(now)
    msg["Message-ID"] = msg_id
    msg["List-Unsubscribe"] = f"<{unsubscribe}>"
    msg["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click"
    msg["Auto-Submitted"] = "auto-generated"
    msg["Precedence"] = "bulk"
    msg.set_content(render_text(digest, unsubscribe_url=unsubscribe, archive_url=archive))
    msg.add_alternative(render_html(digest, unsubscribe_url=unsubscribe, archive_url=archive), subtype="html")
    return msg
