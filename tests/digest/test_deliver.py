"""Delivery over a real SMTP server: each subscriber gets the digest once, even across crashes."""

from __future__ import annotations

import re
import smtplib
import socket
import time
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
from bot.digest.types import Digest
from bot.errors import DeliveryError
from storage import deliveries as rows
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
                "messages_per_minute": 60_000,
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
    report = deliver(engine, digest_id, _settings(port), secret=SECRET)
    assert (report.sent, report.already_sent, report.failed, report.uncertain) == (3, 0, (), ())
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
        stored = store.get_digest(s, digest_id, Digest.from_dict)
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
    deliver(engine, digest_id, _settings(port), secret=SECRET)
    again = deliver(engine, digest_id, _settings(port), secret=SECRET)
    assert (again.sent, again.already_sent) == (0, 3)
    assert len(handler.messages) == 3


def _record(waits: list[float], seconds: float) -> None:
    waits.append(seconds)
    time.sleep(seconds)


def _statuses(engine: Engine, digest_id: int) -> list[str]:
    with transaction(engine) as s:
        return sorted(r.status for r in rows.states(s, digest_id).values())


def test_a_crash_between_sending_and_sent_never_mails_anyone_twice(
    engine: Engine, smtp_server: Server, saved: tuple[int, dict[str, str]], monkeypatch: pytest.MonkeyPatch
) -> None:
    handler, port = smtp_server
    digest_id, _ = saved

    class Crash(BaseException):
        """Stands for the process dying after the server accepted the message."""

    real_send: Callable[..., Any] = smtplib.SMTP.send_message

    def send_then_crash(self: smtplib.SMTP, msg: Any, *args: Any, **kwargs: Any) -> Any:
        real_send(self, msg, *args, **kwargs)
        raise Crash

    monkeypatch.setattr(smtplib.SMTP, "send_message", send_then_crash)
    with pytest.raises(Crash):
        deliver(engine, digest_id, _settings(port), secret=SECRET)
    monkeypatch.undo()
    assert [m["To"] for m in handler.messages] == ["a@example.org"]
    assert _statuses(engine, digest_id) == ["sending"]

    report = deliver(engine, digest_id, _settings(port), secret=SECRET)
    assert report.uncertain == ("a@example.org",)  # reported for a person, not resent
    assert report.sent == 2
    assert not report.ok
    assert _statuses(engine, digest_id) == ["sent", "sent", "uncertain"]
    again = deliver(engine, digest_id, _settings(port), secret=SECRET)
    assert again.sent == 0
    assert sorted(m["To"] for m in handler.messages) == ["a@example.org", "b@example.org", "c@example.org"]


def test_a_permanent_refusal_is_recorded_and_never_retried(
    engine: Engine, smtp_server: Server, saved: tuple[int, dict[str, str]]
) -> None:
    handler, port = smtp_server
    digest_id, _ = saved
    handler.refuse.add("b@example.org")
    first = deliver(engine, digest_id, _settings(port), secret=SECRET)
    assert first.sent == 2
    (problem,) = first.failed
    assert problem.startswith("b@example.org: ")
    assert "550" in problem
    assert _statuses(engine, digest_id) == ["failed", "sent", "sent"]
    handler.refuse.clear()
    second = deliver(engine, digest_id, _settings(port), secret=SECRET)
    assert (second.sent, second.already_sent) == (0, 2)
    assert len(handler.to("b@example.org")) == 0


def test_a_temporary_refusal_is_retried_with_backoff(
    engine: Engine, smtp_server: Server, saved: tuple[int, dict[str, str]]
) -> None:
    handler, port = smtp_server
    digest_id, _ = saved
    handler.busy["b@example.org"] = 2
    waits: list[float] = []
    settings = _settings(port, retry_base_seconds=0.3, max_attempts=5)
    report = deliver(engine, digest_id, settings, secret=SECRET, sleep=lambda s: _record(waits, s))
    assert report.ok
    assert report.sent == 3
    assert len(handler.to("b@example.org")) == 1
    # Two refusals: waited up to 0.3 s, then about 0.6 s (doubling), before the third try.
    retry_waits = [w for w in waits if w > 0.1]
    assert len(retry_waits) == 2
    assert retry_waits[1] > retry_waits[0]
    with transaction(engine) as s:
        b = next(r for r in rows.states(s, digest_id).values() if r.email == "b@example.org")
    assert (b.status, b.attempts) == ("sent", 3)


def test_temporary_refusals_give_up_after_max_attempts(
    engine: Engine, smtp_server: Server, saved: tuple[int, dict[str, str]]
) -> None:
    handler, port = smtp_server
    digest_id, _ = saved
    handler.busy["c@example.org"] = 99
    settings = _settings(port, retry_base_seconds=0.01, max_attempts=3)
    report = deliver(engine, digest_id, settings, secret=SECRET)
    (problem,) = report.failed
    assert problem.startswith("c@example.org: gave up after 3 tries")
    assert handler.busy["c@example.org"] == 96


def test_a_retry_due_later_waits_for_the_next_run(
    engine: Engine, smtp_server: Server, saved: tuple[int, dict[str, str]]
) -> None:
    handler, port = smtp_server
    digest_id, _ = saved
    handler.busy["a@example.org"] = 1
    settings = _settings(port, retry_base_seconds=3600)
    report = deliver(engine, digest_id, settings, secret=SECRET)
    assert report.sent == 2
    assert report.retrying[0].startswith("a@example.org: ")
    assert _statuses(engine, digest_id) == ["retry", "sent", "sent"]


def test_a_connection_lost_after_data_is_left_for_a_person_and_the_rest_still_go(
    engine: Engine, smtp_server: Server, saved: tuple[int, dict[str, str]]
) -> None:
    handler, port = smtp_server
    digest_id, _ = saved
    handler.hang_up = True
    first = deliver(engine, digest_id, _settings(port), secret=SECRET)
    assert first.sent == 0
    assert first.uncertain == ("a@example.org", "b@example.org", "c@example.org")
    handler.hang_up = False
    second = deliver(engine, digest_id, _settings(port), secret=SECRET)
    assert second.sent == 0
    assert len(handler.messages) == 3


def test_batches_and_pace(engine: Engine, smtp_server: Server, saved: tuple[int, dict[str, str]]) -> None:
    handler, port = smtp_server
    digest_id, _ = saved
    waits: list[float] = []
    now = [1000.0]  # a clock that moves only while the sender waits: SMTP takes no time here

    def sleep(seconds: float) -> None:
        waits.append(seconds)
        now[0] += seconds

    report = deliver(
        engine,
        digest_id,
        _settings(port, batch_size=2, messages_per_minute=120),
        secret=SECRET,
        sleep=sleep,
        monotonic=lambda: now[0],
    )
    assert report.sent == 3
    assert waits == [0.5, 0.5]  # the 2nd and 3rd message each wait their turn (120 a minute)
    assert len(set(handler.peers)) == 2  # two messages on the first connection, one on the next


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
        deliver(engine, digest_id, _settings(port, enabled=False), secret=SECRET)
    with pytest.raises(DeliveryError, match=rf"SMTP server 127.0.0.1:{port}: cannot connect"):
        deliver(engine, digest_id, _settings(port), secret=SECRET)
    with pytest.raises(DeliveryError, match="digest 999 does not exist"):
        deliver(engine, 999, _settings(port), secret=SECRET)
    monkeypatch.setenv("DIGESTBOT_SMTP_USER", "bot")
    with pytest.raises(
        DeliveryError, match=r"needs both \$DIGESTBOT_SMTP_USER and \$DIGESTBOT_SMTP_PASSWORD"
    ):
        deliver(engine, digest_id, _settings(port), secret=SECRET)
    monkeypatch.setenv("DIGESTBOT_SMTP_PASSWORD", "secret")
    with pytest.raises(DeliveryError, match="unencrypted"):
        deliver(engine, digest_id, _settings(port, smtp_host="smtp.example.org"), secret=SECRET)
    with transaction(engine) as s:
        assert rows.states(s, digest_id) == {}  # nothing recorded, nothing lost
