"""Delivery over a real SMTP server: each subscriber gets the digest once, even across crashes."""

from __future__ import annotations

import re
import smtplib
import socket
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

import pytest
from bs4 import BeautifulSoup
from servers.smtp import RecordingHandler
from sqlalchemy import Engine

from bot.config import Settings, parse_settings
from bot.digest.build import build_digest
from bot.digest.deliver import deliver
from bot.digest.email import message_id
from bot.digest.tokens import make_token, read_token
from bot.errors import DeliveryError
from storage import digests as store
from storage import subscribers
from storage.db import transaction

from .factories import HOSTILE, NOW, card, claim, post

SENT_AT = datetime(2025, 3, 10, 7, 0, tzinfo=UTC)
SECRET = b"d" * 32


def _settings(port: int, **email: Any) -> Settings:
    return parse_settings(
        {
            "timezone": "Europe/London",
            "digest": {"site_url": "https://digest.example.org/"},
            "email": {
                "enabled": True,
                "smtp_host": "127.0.0.1",
                "smtp_port": port,
                "from_address": "digest@example.org",
                **email,
            },
        }
    )


@pytest.fixture(autouse=True)
def _no_smtp_login(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("DIGESTBOT_SMTP_USER", raising=False)
    monkeypatch.delenv("DIGESTBOT_SMTP_PASSWORD", raising=False)


@pytest.fixture
def saved(engine: Engine) -> tuple[int, dict[str, str]]:
    """A saved digest, three confirmed subscribers, one unconfirmed and one who left."""
    text = f"Inflammation causes ME {HOSTILE} says u/jane_doe"
    p = post("p1", text=text, claims=(claim(text, "c1", overstated=True),))
    digest = build_digest([p], {"c1": card("c1")}, parse_settings({"timezone": "Europe/London"}), NOW)
    tokens = {}
    with transaction(engine) as s:
        digest_id = store.save_digest(s, digest)
        for address in ("a@example.org", "b@example.org", "c@example.org", "gone@example.org"):
            record, _ = subscribers.add_confirmed(s, address, NOW)
            tokens[address] = make_token(SECRET, "unsubscribe", record.id, record.nonce)
        subscribers.upsert_pending(s, "new@example.org", NOW)
        subscribers.unsubscribe_email(s, "gone@example.org", NOW)
    return digest_id, tokens


Server = tuple[RecordingHandler, int]


def test_each_confirmed_subscriber_gets_one_multipart_message(
    engine: Engine, smtp_server: Server, saved: tuple[int, dict[str, str]]
) -> None:
    handler, port = smtp_server
    digest_id, tokens = saved
    report = deliver(engine, digest_id, _settings(port), SENT_AT, secret=SECRET)
    assert (report.sent, report.already_sent, report.failed, report.needs_checking) == (3, 0, (), ())
    assert sorted(m["To"] for m in handler.messages) == ["a@example.org", "b@example.org", "c@example.org"]

    (msg,) = handler.to("a@example.org")
    assert msg.get_content_type() == "multipart/alternative"
    text_part = msg.get_body(("plain",))
    html_part = msg.get_body(("html",))
    assert text_part is not None
    assert html_part is not None
    text, html = text_part.get_content(), html_part.get_content()
    # The token names the same subscriber as one made for them here (it also carries its time).
    https, mailto = re.findall(r"<([^>]+)>", msg["List-Unsubscribe"])
    assert https.startswith("https://digest.example.org/unsubscribe?token=")
    assert mailto.startswith("mailto:digest@example.org?subject=unsubscribe%20")
    token = https.split("token=", 1)[1]
    assert read_token(SECRET, "unsubscribe", token) == read_token(
        SECRET, "unsubscribe", tokens["a@example.org"]
    )
    unsubscribe = https
    assert msg["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert unsubscribe in text
    assert f'href="{unsubscribe}"' in html
    with transaction(engine) as s:
        (sub,) = [r for r in subscribers.confirmed_subscribers(s) if r.email == "a@example.org"]
        stored = store.get_digest(s, digest_id)
    assert stored is not None
    assert msg["Message-ID"] == message_id(stored.digest, digest_id, sub.id, "digest@example.org")
    assert msg["From"] == "digest@example.org"
    assert "3–9 March 2025" in msg["Subject"]
    # Both parts carry the card's limits; the HTML part is escaped; no username anywhere.
    assert "What this study does not prove" in text
    assert "What this study does not prove" in html
    soup = BeautifulSoup(html, "html.parser")
    assert soup.find("script") is None
    assert soup.find("img") is None
    assert "&lt;script&gt;" in html
    for part in (text, html, str(msg)):
        assert "jane_doe" not in part


def test_a_second_run_sends_nothing(
    engine: Engine, smtp_server: Server, saved: tuple[int, dict[str, str]]
) -> None:
    handler, port = smtp_server
    digest_id, _ = saved
    deliver(engine, digest_id, _settings(port), SENT_AT, secret=SECRET)
    again = deliver(engine, digest_id, _settings(port), SENT_AT, secret=SECRET)
    assert (again.sent, again.already_sent) == (0, 3)
    assert len(handler.messages) == 3


def test_a_crash_between_sending_and_sent_never_mails_anyone_twice(
    engine: Engine, smtp_server: Server, saved: tuple[int, dict[str, str]], monkeypatch: pytest.MonkeyPatch
) -> None:
    handler, port = smtp_server
    digest_id, _ = saved

    class Crash(Exception):
        """Stands for the process dying after the server accepted the message."""

    real_send: Callable[..., Any] = smtplib.SMTP.send_message

    def send_then_crash(self: smtplib.SMTP, msg: Any, *args: Any, **kwargs: Any) -> Any:
        real_send(self, msg, *args, **kwargs)
        raise Crash

    monkeypatch.setattr(smtplib.SMTP, "send_message", send_then_crash)
    with pytest.raises(Crash):
        deliver(engine, digest_id, _settings(port), SENT_AT, secret=SECRET)
    monkeypatch.undo()
    assert [m["To"] for m in handler.messages] == ["a@example.org"]
    with transaction(engine) as s:
        assert sorted(store.delivery_states(s, digest_id).values()) == ["sending"]

    report = deliver(engine, digest_id, _settings(port), SENT_AT, secret=SECRET)
    assert report.needs_checking == ("a@example.org",)  # reported for a human, not resent
    assert report.sent == 2
    assert not report.ok
    again = deliver(engine, digest_id, _settings(port), SENT_AT, secret=SECRET)
    assert again.sent == 0
    assert sorted(m["To"] for m in handler.messages) == ["a@example.org", "b@example.org", "c@example.org"]


def test_a_refused_recipient_is_recorded_and_retried_next_run(
    engine: Engine, smtp_server: Server, saved: tuple[int, dict[str, str]]
) -> None:
    handler, port = smtp_server
    digest_id, _ = saved
    handler.refuse.add("b@example.org")
    first = deliver(engine, digest_id, _settings(port), SENT_AT, secret=SECRET)
    assert first.sent == 2
    assert len(first.failed) == 1
    assert first.failed[0].startswith("b@example.org: ")
    assert "550" in first.failed[0]
    with transaction(engine) as s:
        assert sorted(store.delivery_states(s, digest_id).values()) == ["failed", "sent", "sent"]
    handler.refuse.clear()
    second = deliver(engine, digest_id, _settings(port), SENT_AT, secret=SECRET)
    assert (second.sent, second.already_sent, second.failed) == (1, 2, ())
    assert sorted(m["To"] for m in handler.messages) == ["a@example.org", "b@example.org", "c@example.org"]


def test_a_connection_lost_after_data_is_left_for_a_human(
    engine: Engine, smtp_server: Server, saved: tuple[int, dict[str, str]]
) -> None:
    handler, port = smtp_server
    digest_id, _ = saved
    handler.hang_up = True
    first = deliver(engine, digest_id, _settings(port), SENT_AT, secret=SECRET)
    assert first.sent == 0
    assert first.needs_checking == ("a@example.org",)
    handler.hang_up = False
    second = deliver(engine, digest_id, _settings(port), SENT_AT, secret=SECRET)
    assert second.sent == 2
    assert second.needs_checking == ("a@example.org",)
    assert sorted(m["To"] for m in handler.messages) == ["a@example.org", "b@example.org", "c@example.org"]


def _closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def test_configuration_problems_are_delivery_errors(
    engine: Engine, saved: tuple[int, dict[str, str]], monkeypatch: pytest.MonkeyPatch
) -> None:
    digest_id, _ = saved
    port = _closed_port()
    with pytest.raises(DeliveryError, match=r"email\.enabled is false"):
        deliver(engine, digest_id, _settings(port, enabled=False), SENT_AT, secret=SECRET)
    with pytest.raises(DeliveryError, match=rf"SMTP server 127.0.0.1:{port}: cannot connect"):
        deliver(engine, digest_id, _settings(port), SENT_AT, secret=SECRET)
    with pytest.raises(DeliveryError, match="digest 999 does not exist"):
        deliver(engine, 999, _settings(port), SENT_AT, secret=SECRET)
    monkeypatch.setenv("DIGESTBOT_SMTP_USER", "bot")
    with pytest.raises(
        DeliveryError, match=r"needs both \$DIGESTBOT_SMTP_USER and \$DIGESTBOT_SMTP_PASSWORD"
    ):
        deliver(engine, digest_id, _settings(port), SENT_AT, secret=SECRET)
    monkeypatch.setenv("DIGESTBOT_SMTP_PASSWORD", "secret")
    with pytest.raises(DeliveryError, match="unencrypted"):
        deliver(engine, digest_id, _settings(port, smtp_host="smtp.example.org"), SENT_AT, secret=SECRET)
    with transaction(engine) as s:
        assert store.delivery_states(s, digest_id) == {}  # nothing recorded, nothing lost
