"""Signing in and out, and the guard every staff page passes through.

Why the guard re-reads the user on every request: a removed account or a changed password
must end existing sessions at once, not when the cookie expires. The session keeps the user
id and the time their password was last set; either changing signs them out.
"""

from __future__ import annotations

import functools
from collections.abc import Awaitable, Callable
from typing import Any
from urllib.parse import quote

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response

from bot.accounts.roles import ROLES, Role, allows
from bot.pipeline import accounts
from bot.web.context import web
from bot.web.security import checked_form, client_key

Endpoint = Callable[[Request], Awaitable[Response]]


def staff(*roles: Role) -> Callable[[Endpoint], Endpoint]:
    """Only signed-in staff with one of ``roles`` (admins always) get past; others are sent to
    the sign-in page (anonymous) or shown a 403 page (signed in with the wrong role).

    The roles are kept on the endpoint (``required_roles``) so tests can list every guarded route.
    """

    def decorate(endpoint: Endpoint) -> Endpoint:
        @functools.wraps(endpoint)
        async def guarded(request: Request) -> Response:
            user = await current_user(request)
            if user is None:
                target = request.url.path + (f"?{request.url.query}" if request.url.query else "")
                if request.method != "GET":
                    target = request.url.path
                return RedirectResponse(f"/login?next={quote(target, safe='')}", status_code=303)
            request.state.user = user
            if not any(allows(user.role, role) for role in roles):
                return web(request).templates.TemplateResponse(
                    request,
                    "message.html.j2",
                    {
                        "title": "Not part of your role",
                        "message": "This page belongs to another role. Your pages are on the staff page.",
                        "link": ("/staff", "Go to the staff page"),
                    },
                    status_code=403,
                )
            return await endpoint(request)

        guarded.required_roles = tuple(roles)  # type: ignore[attr-defined]
        return guarded

    return decorate


async def current_user(request: Request) -> Any:
    uid, stamp = request.session.get("uid"), request.session.get("stamp")
    if not isinstance(uid, int) or not isinstance(stamp, str):
        return None
    user = await run_in_threadpool(accounts.session_user, web(request).engine, uid, stamp)
    if user is None:
        request.session.pop("uid", None)
        request.session.pop("stamp", None)
    return user


def _safe_next(target: str | None) -> str:
    """Only a path on this site: never an open redirect to somewhere else."""
    if target and target.startswith("/") and not target.startswith("//") and "\\" not in target:
        return target
    return "/staff"


async def login_page(request: Request) -> Response:
    return web(request).templates.TemplateResponse(
        request, "login.html.j2", {"next": _safe_next(request.query_params.get("next")), "error": None}
    )


async def login(request: Request) -> Response:
    ctx = web(request)
    form = await checked_form(request)
    username = str(form.get("username", "")).strip()
    password = str(form.get("password", ""))
    target = _safe_next(str(form.get("next", "")))
    if not ctx.login_limit.allow(f"login:{client_key(request)}"):
        return ctx.templates.TemplateResponse(
            request,
            "login.html.j2",
            {"next": target, "error": "Too many attempts. Please wait a few minutes before trying again."},
            status_code=429,
        )
    user = await run_in_threadpool(accounts.authenticate, ctx.engine, username, password)
    if user is None:
        return ctx.templates.TemplateResponse(
            request,
            "login.html.j2",
            {"next": target, "error": "That name and password do not match an account."},
            status_code=400,
        )
    # A fresh session at sign-in: nothing set before it (a planted CSRF token) carries over.
    request.session.clear()
    request.session["uid"] = user.id
    request.session["stamp"] = accounts.password_stamp(user)
    return RedirectResponse(target, status_code=303)


async def logout(request: Request) -> Response:
    await checked_form(request)
    request.session.clear()
    return RedirectResponse("/", status_code=303)


@staff(*ROLES)
async def staff_home(request: Request) -> Response:
    return web(request).templates.TemplateResponse(request, "staff.html.j2", {})
