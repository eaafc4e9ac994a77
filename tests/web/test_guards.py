"""Every staff route refuses anonymous visitors (to the sign-in page) and the wrong role (403).

The list below is explicit, and ``test_every_route_is_listed`` fails when the app gains a route
that is neither here nor in ``PUBLIC``: a new page cannot ship without its refusal tests.
"""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

import pytest
from starlette.routing import Mount, Route
from starlette.testclient import TestClient

from bot.accounts.roles import ROLES
from bot.web.app import routes

from .conftest import sign_in

# (method, path, roles that may use it besides admin)
STAFF_ROUTES = [
    ("GET", "/staff", ("moderator", "editor")),
    ("GET", "/moderate/flags", ("moderator",)),
    ("POST", "/moderate/flags", ("moderator",)),
    ("GET", "/editors/papers", ("editor",)),
    ("POST", "/editors/papers", ("editor",)),
    ("GET", "/editors/papers.csv", ("editor",)),
    ("GET", "/editors/disagreements", ("editor",)),
    ("GET", "/admin/audit", ()),
]
PUBLIC = {
    ("GET", "/"),
    ("GET", "/weeks/{week}.html"),
    ("GET", "/feed.atom"),
    ("GET", "/feed.rss"),
    ("GET", "/static/digest.css"),
    ("GET", "/favicon.ico"),
    ("GET", "/login"),
    ("POST", "/login"),
    ("POST", "/logout"),
    ("GET", "/subscribe"),
    ("POST", "/subscribe"),
    ("GET", "/subscribe/confirm"),
    ("POST", "/subscribe/confirm"),
    ("GET", "/unsubscribe"),
    ("POST", "/unsubscribe"),
}
PUBLIC_MOUNTS = {"/static"}
NAMES = {"moderator": "mo", "editor": "ed", "admin": "ad"}


def _app_routes() -> list[tuple[str, str, tuple[str, ...] | None]]:
    found = []
    for route in routes():
        if isinstance(route, Mount):
            assert route.path in PUBLIC_MOUNTS, f"unexpected mount {route.path}"
            continue
        assert isinstance(route, Route)
        for method in sorted((route.methods or set()) - {"HEAD"}):
            found.append((method, route.path, getattr(route.endpoint, "required_roles", None)))
    return found


def test_every_route_is_listed_as_public_or_tested_staff() -> None:
    listed = {(m, p): roles for m, p, roles in STAFF_ROUTES}
    for method, path, roles in _app_routes():
        if roles is None:
            assert (method, path) in PUBLIC, f"{method} {path} has no guard and is not listed as public"
        else:
            assert (method, path) in listed, f"{method} {path} has no refusal test in STAFF_ROUTES"
            assert set(listed[(method, path)]) == set(roles) - {"admin"}, f"{method} {path}: roles differ"
    served = {(m, p) for m, p, _ in _app_routes()}
    assert set(listed) <= served, f"STAFF_ROUTES lists routes the app lacks: {set(listed) - served}"


@pytest.mark.parametrize(("method", "path", "roles"), STAFF_ROUTES)
def test_anonymous_visitors_are_sent_to_sign_in(
    client: TestClient, method: str, path: str, roles: object
) -> None:
    response = client.request(method, path)
    assert response.status_code == 303
    target = urlsplit(response.headers["location"])
    assert target.path == "/login"
    assert parse_qs(target.query)["next"] == [path]


@pytest.mark.parametrize(("method", "path", "roles"), STAFF_ROUTES)
def test_the_wrong_role_is_refused(
    client: TestClient, method: str, path: str, roles: tuple[str, ...]
) -> None:
    wrong = [r for r in ROLES if r not in roles and r != "admin"]
    if not wrong:
        assert set(roles) | {"admin"} == set(ROLES)  # every role may open it: nothing to refuse
        return
    for role in wrong:
        client.cookies.clear()
        sign_in(client, NAMES[role])
        response = client.request(method, path)
        assert response.status_code == 403, f"{role} reached {method} {path}"
        assert "another role" in response.text


@pytest.mark.parametrize(("method", "path", "roles"), [r for r in STAFF_ROUTES if r[0] == "GET"])
def test_the_right_roles_and_admins_get_in(
    client: TestClient, method: str, path: str, roles: tuple[str, ...]
) -> None:
    for role in (*roles, "admin"):
        client.cookies.clear()
        sign_in(client, NAMES[role])
        assert client.get(path).status_code == 200, f"{role} was refused {path}"
