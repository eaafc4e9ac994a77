"""Double opt-in end to end, through a real SMTP server on 127.0.0.1 (aiosmtpd).

The links are taken from the emails that arrived, as a person would click them.
"""

from __future__ import annotations

import email
import re
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from email.message import EmailMessage
from email.policy import default
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlsplit

import pytest
from servers.smtp import RecordingHandler
from sqlalchemy import Engine

from bot import clock
from bot.config import Settings, parse_settings
from bot.digest.build import build_digest
from bot.digest.deliver import deliver
from bot.digest.tokens import CONFIRM_MAX_AGE, TokenError
from bot.errors import InputError
from bot.pipeline import subscriptions as subs
from storage import digests as digest_store
from storage import subscribers as store
from storage.db import transaction

SECRET = b"s" * 32
T0 = datetime(2025, 3, 10, 9, 0, tzinfo=UTC)
Server = tuple[RecordingHandler, int]


@pytest.fixture
def at() -> Iterator[list[datetime]]:
    now = [T0]
    clock.set_clock(lambda: now[0])
    yield now
    clock.set_clock(None)


def _settings(port: int, tmp_path: Path, *, enabled: bool = True) -> Settings:
    return parse_settings(
        {
            "timezone": "Europe/London",
            "digest": {"site_url": "https://digest.example.org/", "title": "Weekly evidence digest"},
            "email": {"enabled": enabled, "smtp_port": port, "from_address": "digest@example.org"},
        },
        base_dir=tmp_path,
    )


def _text(msg: EmailMessage) -> str:
    part = msg.get_body(("plain",))
    assert part is not None
    return str(part.get_content())


def _link(msg: EmailMessage, path: str) -> str:
    """The token of the first https link to ``path`` in the message's text part."""
    urls = re.findall(r"https://\S+", _text(msg))
    (url,) = [u for u in urls if urlsplit(u).path == f"/{path}"]
    return parse_qs(urlsplit(url).query)["token"][0]


def test_subscribe_confirm_receive_and_unsubscribe(
    engine: Engine, smtp_server: Server, tmp_path: Path, at: list[datetime]
) -> None:
    handler, port = smtp_server
    settings = _settings(port, tmp_path)
    result = subs.request_subscription(engine, settings, "  Reader@Example.org ", secret=SECRET)
    assert (result.email, result.status) == ("reader@example.org", "confirmation_sent")
    (confirmation,) = handler.to("reader@example.org")
    assert confirmation["Subject"] == "Please confirm: Weekly evidence digest"
    assert confirmation.get_body(("html",)) is not None
    token = _link(confirmation, "subscribe/confirm")
    html_part = confirmation.get_body(("html",))
    assert html_part is not None
    assert "subscribe/confirm?token=" + token in html_part.get_content()
    with transaction(engine) as s:
        assert store.confirmed_subscribers(s) == []  # pending until the link is used

    assert subs.confirm_subscription(engine, token, secret=SECRET) == "reader@example.org"
    assert subs.confirm_subscription(engine, token, secret=SECRET) == "reader@example.org"  # twice is fine

    digest = build_digest([], {}, settings, T0)
    with transaction(engine) as s:
        digest_id = digest_store.save_digest(s, digest)
    report = deliver(engine, digest_id, settings, secret=SECRET)
    assert report.sent == 1
    weekly = handler.to("reader@example.org")[-1]
    header = weekly["List-Unsubscribe"]
    https, mailto = re.findall(r"<([^>]+)>", header)
    assert https.startswith("https://digest.example.org/unsubscribe?token=")
    assert mailto.startswith("mailto:digest@example.org?subject=")
    assert weekly["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    leave = parse_qs(urlsplit(https).query)["token"][0]
    assert unquote(mailto.split("subject=", 1)[1]) == f"unsubscribe {leave}"
    assert _link(weekly, "unsubscribe") == leave  # the body's link is the header's

    assert subs.unsubscribe(engine, leave, secret=SECRET) == "reader@example.org"
    with transaction(engine) as s:
        assert store.confirmed_subscribers(s) == []
    # Coming back starts over: the old links are void, a new confirmation arrives.
    at[0] = T0 + timedelta(hours=1)
    again = subs.request_subscription(engine, settings, "reader@example.org", secret=SECRET)
    assert again.status == "confirmation_sent"
    with pytest.raises(TokenError):
        subs.confirm_subscription(engine, token, secret=SECRET)
    with pytest.raises(TokenError):
        subs.unsubscribe(engine, leave, secret=SECRET)
    fresh = _link(handler.to("reader@example.org")[-1], "subscribe/confirm")
    assert subs.confirm_subscription(engine, fresh, secret=SECRET) == "reader@example.org"


def test_no_flood_and_no_news_for_the_already_confirmed(
    engine: Engine, smtp_server: Server, tmp_path: Path, at: list[datetime]
) -> None:
    handler, port = smtp_server
    settings = _settings(port, tmp_path)
    subs.request_subscription(engine, settings, "a@example.org", secret=SECRET)
    assert (
        subs.request_subscription(engine, settings, "a@example.org", secret=SECRET).status == "recently_sent"
    )
    assert len(handler.messages) == 1
    at[0] = T0 + subs.RESEND_AFTER + timedelta(seconds=1)
    assert subs.request_subscription(engine, settings, "a@example.org", secret=SECRET).status == (
        "confirmation_sent"
    )
    subs.confirm_subscription(engine, _link(handler.messages[-1], "subscribe/confirm"), secret=SECRET)
    assert subs.request_subscription(engine, settings, "a@example.org", secret=SECRET).status == (
        "already_confirmed"
    )
    assert len(handler.messages) == 2


def test_an_expired_or_forged_link_confirms_nothing(
    engine: Engine, smtp_server: Server, tmp_path: Path, at: list[datetime]
) -> None:
    handler, port = smtp_server
    settings = _settings(port, tmp_path)
    subs.request_subscription(engine, settings, "late@example.org", secret=SECRET)
    token = _link(handler.messages[-1], "subscribe/confirm")
    with pytest.raises(TokenError, match="not valid"):
        subs.confirm_subscription(engine, token, secret=b"another secret, long enough!!")
    at[0] = T0 + CONFIRM_MAX_AGE + timedelta(hours=1)
    with pytest.raises(TokenError, match="expired"):
        subs.confirm_subscription(engine, token, secret=SECRET)
    with transaction(engine) as s:
        assert store.confirmed_subscribers(s) == []


def test_bad_addresses_are_refused_by_name(engine: Engine, smtp_server: Server, tmp_path: Path) -> None:
    handler, port = smtp_server
    for bad in ("", "no-at-sign", "a@b", "two@@example.org", "x@example.org\r\nBcc: y@z.org"):
        with pytest.raises(InputError, match="is not an e-mail address"):
            subs.request_subscription(engine, _settings(port, tmp_path), bad, secret=SECRET)
    assert handler.messages == []


def test_with_email_off_the_confirmation_is_written_to_the_outbox(
    engine: Engine, tmp_path: Path, at: list[datetime]
) -> None:
    settings = _settings(1, tmp_path, enabled=False)
    result = subs.request_subscription(engine, settings, "b@example.org", secret=SECRET)
    assert result.status == "confirmation_written"
    assert result.eml_path is not None
    assert result.eml_path.parent == tmp_path / "var" / "outbox"
    msg = email.message_from_bytes(result.eml_path.read_bytes(), policy=default)
    assert isinstance(msg, EmailMessage)
    assert (
        subs.confirm_subscription(engine, _link(msg, "subscribe/confirm"), secret=SECRET) == "b@example.org"
    )
