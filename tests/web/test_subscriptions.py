"""The subscription pages over the real pipeline: links shown as buttons never act on GET, the
RFC 8058 one-click POST works without a session, and the form tells nobody who subscribes."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import unquote

import pytest
from servers.smtp import RecordingHandler
from sqlalchemy import Engine
from starlette.testclient import TestClient

from bot import clock
from bot.digest.tokens import make_token
from bot.web.app import create_app
from storage import subscribers as store
from storage.db import transaction

from .conftest import SECRET, csrf_of, web_settings


def _status(engine: Engine, email: str) -> str | None:
    with transaction(engine) as s:
        record = store.find_by_email(s, email)
    return None if record is None else record.status


@pytest.fixture
def mail_client(engine: Engine, smtp_server: tuple[RecordingHandler, int], tmp_path: Path) -> TestClient:
    _, port = smtp_server
    settings = web_settings(email={"enabled": True, "smtp_port": port}, web={"subscribe_attempts": 3})
    return TestClient(create_app(settings, engine, secret=SECRET), base_url="http://127.0.0.1:8080")


def _subscribe(client: TestClient, address: str) -> object:
    token = csrf_of(client.get("/subscribe").text)
    return client.post("/subscribe", data={"csrf": token, "email": address})


def test_subscribing_sends_one_confirmation_and_confirming_needs_the_button(
    engine: Engine, mail_client: TestClient, smtp_server: tuple[RecordingHandler, int]
) -> None:
    handler, _ = smtp_server
    response = _subscribe(mail_client, "reader@example.org")
    assert response.status_code == 200  # type: ignore[attr-defined]
    assert "Check your inbox" in response.text  # type: ignore[attr-defined]
    (message,) = handler.to("reader@example.org")
    body = message.get_body(("plain",))
    assert body is not None
    link = next(w for w in str(body.get_content()).split() if "/subscribe/confirm?token=" in w)
    path = link.split("127.0.0.1:8080", 1)[1]
    page = mail_client.get(path)
    assert page.status_code == 200
    assert _status(engine, "reader@example.org") == "pending"  # a GET (a mail scanner) confirms nothing
    token = path.split("token=", 1)[1]
    done = mail_client.post("/subscribe/confirm", data={"csrf": csrf_of(page.text), "token": unquote(token)})
    assert "You are subscribed" in done.text
    assert _status(engine, "reader@example.org") == "confirmed"


def test_the_form_answers_the_same_for_a_subscribed_address(engine: Engine, mail_client: TestClient) -> None:
    with transaction(engine) as s:
        store.add_confirmed(s, "known@example.org", clock.now())
    known = _subscribe(mail_client, "known@example.org")
    new = _subscribe(mail_client, "new@example.org")
    assert known.status_code == new.status_code == 200  # type: ignore[attr-defined]
    assert "Check your inbox" in known.text  # type: ignore[attr-defined]
    assert "Check your inbox" in new.text  # type: ignore[attr-defined]


def test_a_bad_address_is_named_calmly(mail_client: TestClient) -> None:
    response = _subscribe(mail_client, "not an address")
    assert response.status_code == 400  # type: ignore[attr-defined]
    assert "does not look like an email address" in response.text  # type: ignore[attr-defined]


def test_subscribing_is_rate_limited(mail_client: TestClient) -> None:
    codes = [_subscribe(mail_client, f"r{i}@example.org").status_code for i in range(4)]  # type: ignore[attr-defined]
    assert codes == [200, 200, 200, 429]


def test_one_click_unsubscribe_is_a_post_with_the_token_and_a_get_changes_nothing(
    engine: Engine, mail_client: TestClient
) -> None:
    with transaction(engine) as s:
        record, _ = store.add_confirmed(s, "leaving@example.org", clock.now())
    token = make_token(SECRET, "unsubscribe", record.id, record.nonce)
    page = mail_client.get("/unsubscribe", params={"token": token})
    assert page.status_code == 200
    assert "Unsubscribe" in page.text
    assert _status(engine, "leaving@example.org") == "confirmed"
    # What a mail client sends (RFC 8058): no cookie, no CSRF token, only the signed URL.
    fresh = TestClient(mail_client.app, base_url="http://127.0.0.1:8080")
    done = fresh.post(
        "/unsubscribe",
        params={"token": token},
        content=b"List-Unsubscribe=One-Click",
        headers={"content-type": "application/x-www-form-urlencoded"},
    )
    assert done.status_code == 200
    assert _status(engine, "leaving@example.org") == "unsubscribed"
    again = fresh.post("/unsubscribe", params={"token": token}, data={"List-Unsubscribe": "One-Click"})
    assert again.status_code == 200  # repeating it is harmless


@pytest.mark.parametrize("token", ["", "forged.token.value", "x" * 300])
def test_a_bad_unsubscribe_token_changes_nothing(engine: Engine, mail_client: TestClient, token: str) -> None:
    with transaction(engine) as s:
        store.add_confirmed(s, "staying@example.org", clock.now())
    response = mail_client.post(
        "/unsubscribe", params={"token": token}, data={"List-Unsubscribe": "One-Click"}
    )
    assert response.status_code == 400
    assert "did not work" in response.text
    assert _status(engine, "staying@example.org") == "confirmed"
