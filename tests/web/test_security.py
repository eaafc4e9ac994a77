"""Sessions, CSRF, headers, rate limits and escaping, through the app without a browser."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from sqlalchemy import Engine
from starlette.routing import Route
from starlette.testclient import TestClient

from bot.pipeline import accounts
from bot.web.app import create_app, routes

from .conftest import PASSWORD, SECRET, csrf_of, sign_in, web_settings
from .seed import seed

TEMPLATES = Path(__file__).resolve().parents[2] / "bot" / "web" / "templates"
# The RFC 8058 one-click endpoint is authenticated by the token in its URL: mail clients post
# to it with no session, so it is the one POST without a CSRF token.
NO_CSRF = {"/unsubscribe"}
SIGNED_IN_AS = {"/moderate/flags": "mo", "/editors/papers": "ed"}


def _post_paths() -> list[str]:
    return sorted(
        {r.path for r in routes() if isinstance(r, Route) and "POST" in (r.methods or ())} - NO_CSRF
    )


@pytest.mark.parametrize("path", _post_paths())
def test_every_form_post_needs_the_sessions_csrf_token(client: TestClient, path: str) -> None:
    if path in SIGNED_IN_AS:
        sign_in(client, SIGNED_IN_AS[path])
    client.get("/login")  # the session now has a token; the posts below send none or a wrong one
    assert client.post(path, data={"one": "confirm:1"}).status_code == 403
    assert client.post(path, data={"csrf": "x" * 43, "one": "confirm:1"}).status_code == 403


def test_every_post_form_in_the_templates_carries_the_csrf_field() -> None:
    for template in TEMPLATES.glob("*.j2"):
        text = template.read_text(encoding="utf-8")
        for form in re.findall(r"<form[^>]*method=\"post\".*?</form>", text, flags=re.S):
            assert 'name="csrf"' in form, f"{template.name}: a POST form without the CSRF field"


def test_templates_have_no_inline_script_or_style() -> None:
    for template in TEMPLATES.glob("*.j2"):
        text = template.read_text(encoding="utf-8")
        assert not re.search(r"<script(?![^>]*\bsrc=)", text), f"{template.name}: inline script"
        assert "<style" not in text, f"{template.name}: inline style"
        assert " style=" not in text, f"{template.name}: inline style"
        assert not re.search(r"\son[a-z]+=", text), f"{template.name}: an inline event handler"


def test_every_response_carries_a_strict_content_security_policy(client: TestClient) -> None:
    for path in ("/", "/login", "/nowhere"):
        csp = client.get(path).headers["content-security-policy"]
        assert "script-src 'self'" in csp
        assert "unsafe-inline" not in csp
        assert "object-src 'none'" in csp
    assert client.get("/login").headers["cache-control"] == "no-store"


def test_session_cookie_is_httponly_and_lax_and_not_secure_on_localhost(client: TestClient) -> None:
    sign_in(client, "mo")
    cookie = client.get("/login").headers.get("set-cookie") or ""
    login = client.post(
        "/login", data={"csrf": csrf_of(client.get("/login").text), "username": "mo", "password": PASSWORD}
    )
    header = login.headers["set-cookie"] + cookie
    assert "httponly" in header.lower()
    assert "samesite=lax" in header.lower()
    assert "secure" not in header.lower()


def test_session_cookie_is_secure_outside_localhost(engine: Engine, staff: dict[str, str]) -> None:
    settings = web_settings(digest={"site_url": "https://digest.example.org/"})
    with TestClient(create_app(settings, engine, secret=SECRET), base_url="https://digest.example.org") as c:
        token = csrf_of(c.get("/login").text)
        response = c.post(
            "/login", data={"csrf": token, "username": "mo", "password": PASSWORD}, follow_redirects=False
        )
    assert response.status_code == 303
    assert "; secure" in response.headers["set-cookie"].lower()


def test_a_wrong_password_and_an_unknown_name_get_the_same_answer(client: TestClient) -> None:
    token = csrf_of(client.get("/login").text)
    wrong = client.post("/login", data={"csrf": token, "username": "mo", "password": "not the password"})
    unknown = client.post(
        "/login", data={"csrf": token, "username": "nobody", "password": "not the password"}
    )
    assert wrong.status_code == unknown.status_code == 400
    assert "do not match an account" in wrong.text
    assert "do not match an account" in unknown.text
    assert client.get("/staff").status_code == 303


def test_sign_in_is_rate_limited(engine: Engine, staff: dict[str, str]) -> None:
    settings = web_settings(web={"login_attempts": 3, "login_window_seconds": 600})
    with TestClient(create_app(settings, engine, secret=SECRET), base_url="http://127.0.0.1:8080") as c:
        token = csrf_of(c.get("/login").text)
        codes = [
            c.post(
                "/login", data={"csrf": token, "username": "mo", "password": "guess number " + str(i)}
            ).status_code
            for i in range(3)
        ]
        assert codes == [400, 400, 400]
        # Even the right password waits now: the limit is on attempts, not on failures.
        blocked = c.post("/login", data={"csrf": token, "username": "mo", "password": PASSWORD})
        assert blocked.status_code == 429
        assert "wait" in blocked.text


def test_a_new_password_or_a_removed_account_ends_existing_sessions(
    engine: Engine, client: TestClient
) -> None:
    sign_in(client, "mo")
    assert client.get("/moderate/flags").status_code == 200
    accounts.set_password(engine, "mo", "a brand new password", actor="test")
    assert client.get("/moderate/flags").status_code == 303
    sign_in(client, "mo", "a brand new password")
    assert client.get("/moderate/flags").status_code == 200
    accounts.remove(engine, "mo", actor="test")
    assert client.get("/moderate/flags").status_code == 303


@pytest.mark.parametrize("target", ["//evil.example/", "https://evil.example/", "/\\evil.example"])
def test_sign_in_never_redirects_off_the_site(client: TestClient, target: str) -> None:
    token = csrf_of(client.get("/login").text)
    response = client.post(
        "/login", data={"csrf": token, "username": "mo", "password": PASSWORD, "next": target}
    )
    assert response.headers["location"] == "/staff"


def test_collected_text_is_escaped_in_the_staff_queues(engine: Engine, client: TestClient) -> None:
    seed(engine, posts=6, flags=4, hostile=2)
    sign_in(client, "ad")
    # The paper queue shows the text around the citation, where the claim carries a payload.
    for path in ("/moderate/flags", "/editors/papers"):
        page = client.get(path).text
        for raw in ("<script>alert", "<svg", "<img src=x", "<iframe", '<a href="javascript'):
            assert raw not in page, f"{path}: {raw} reached the page unescaped"
        assert "&lt;script&gt;alert(" in page
        assert 'href="javascript:' not in page
        assert "someone_" not in page  # usernames are replaced in every excerpt
