"""The web app over a real database (SQLite, and PostgreSQL where marked), with staff accounts.

Requests go through Starlette's TestClient (httpx, no socket) for the route and security
tests; the browser tests in ``test_browser.py`` run a real uvicorn server instead.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import pytest
from sqlalchemy import Engine
from starlette.testclient import TestClient

from bot import clock
from bot.accounts.passwords import hash_password
from bot.config import Settings, parse_settings
from bot.web.app import create_app
from storage.db import transaction
from storage.users import add_user

PASSWORD = "correct horse battery"
SECRET = b"0123456789abcdef0123456789abcdef"
STAFF = {"mo": "moderator", "ed": "editor", "ad": "admin"}


def web_settings(**overrides: Any) -> Settings:
    data: dict[str, Any] = {"timezone": "Europe/London", "digest": {"site_url": "http://127.0.0.1:8080/"}}
    data.update(overrides)
    return parse_settings(data)


@pytest.fixture
def db_url(sqlite_url: str) -> str:
    """The pages on SQLite; the queries behind them run on both backends in tests/pipeline."""
    return sqlite_url


@pytest.fixture(scope="session")
def password_hash() -> str:
    """One argon2 hash for every test account: hashing is slow on purpose, once is enough."""
    return hash_password(PASSWORD)


@pytest.fixture
def staff(engine: Engine, password_hash: str) -> dict[str, str]:
    with transaction(engine) as session:
        for name, role in STAFF.items():
            add_user(session, name, password_hash, role, clock.now())
    return STAFF


@pytest.fixture
def client(engine: Engine, staff: dict[str, str]) -> Iterator[TestClient]:
    app = create_app(web_settings(), engine, secret=SECRET)
    with TestClient(app, base_url="http://127.0.0.1:8080", follow_redirects=False) as c:
        yield c


def csrf_of(page: str) -> str:
    found = re.search(r'name="csrf" value="([^"]+)"', page)
    assert found, "the page has no CSRF field"
    return found.group(1)


def sign_in(client: TestClient, username: str, password: str = PASSWORD) -> None:
    token = csrf_of(client.get("/login").text)
    response = client.post(
        "/login", data={"csrf": token, "username": username, "password": password, "next": "/staff"}
    )
    assert response.status_code == 303, response.text
