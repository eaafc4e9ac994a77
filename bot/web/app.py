"""The Starlette application: routes, middleware and error pages (``digestbot serve``).

Why Starlette with server-rendered Jinja pages and no single-page app: the readers are ill
and tired and the staff are volunteers; plain pages load fast on old phones, work with the
keyboard and screen readers, and leave no script for a hostile post to hijack.
"""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import Engine
from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.middleware import Middleware
from starlette.middleware.sessions import SessionMiddleware
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import BaseRoute, Mount, Route
from starlette.staticfiles import StaticFiles

from bot.config import Settings
from bot.web import admin, auth, editors, moderation, public, subscriptions
from bot.web.context import WebContext, make_templates, secure_cookies, web
from bot.web.security import RateLimiter, SecurityHeaders
from bot.web.static_files import digest_css, favicon

# Form posts are small; anything bigger is not ours.
MAX_BODY = 256 * 1024

ERROR_WORDS = {
    404: ("Not found", "There is nothing at this address. The archive lists every published week."),
    405: ("Not available", "This address does not take that kind of request."),
    403: ("Not allowed", "That request was refused."),
    429: (
        "Please slow down",
        "Too many requests from your address. Please wait a few minutes and try again.",
    ),
}


def routes() -> list[BaseRoute]:
    return [
        Route("/", public.index, name="index"),
        Route("/weeks/{week}.html", public.week, name="week"),
        Route("/feed.atom", public.atom, name="atom"),
        Route("/feed.rss", public.rss, name="rss"),
        Route("/static/digest.css", digest_css, name="digest_css"),
        Route("/favicon.ico", favicon, name="favicon"),
        Route("/subscribe", subscriptions.subscribe_page, methods=["GET"], name="subscribe_page"),
        Route("/subscribe", subscriptions.subscribe, methods=["POST"], name="subscribe"),
        Route("/subscribe/confirm", subscriptions.confirm_page, methods=["GET"], name="confirm_page"),
        Route("/subscribe/confirm", subscriptions.confirm, methods=["POST"], name="confirm"),
        # RFC 8058: a GET only shows a button; a POST with the signed token unsubscribes.
        Route("/unsubscribe", subscriptions.unsubscribe_page, methods=["GET"], name="unsubscribe_page"),
        Route("/unsubscribe", subscriptions.unsubscribe, methods=["POST"], name="unsubscribe"),
        Route("/login", auth.login_page, methods=["GET"], name="login_page"),
        Route("/login", auth.login, methods=["POST"], name="login"),
        Route("/logout", auth.logout, methods=["POST"], name="logout"),
        Route("/staff", auth.staff_home, name="staff"),
        Route("/moderate/flags", moderation.flag_queue, methods=["GET"], name="flags"),
        Route("/moderate/flags", moderation.flag_action, methods=["POST"], name="flag_action"),
        Route("/editors/papers", editors.paper_queue, methods=["GET"], name="papers"),
        Route("/editors/papers", editors.paper_action, methods=["POST"], name="paper_action"),
        Route("/editors/papers.csv", editors.paper_csv, name="papers_csv"),
        Route("/editors/disagreements", editors.disagreements, name="disagreements"),
        Route("/admin/audit", admin.audit_log, name="audit"),
        Mount("/static", StaticFiles(packages=[("bot.web", "static")]), name="static"),
    ]


async def _error_page(request: Request, exc: Exception) -> Response:
    status = exc.status_code if isinstance(exc, HTTPException) else 500
    title, message = ERROR_WORDS.get(status, ("Something went wrong", "Please try again in a moment."))
    if isinstance(exc, HTTPException) and exc.detail and status in (403, 404):
        message = str(exc.detail) if exc.detail not in ("Not Found", "Forbidden") else message
    return web(request).templates.TemplateResponse(
        request,
        "message.html.j2",
        {"title": title, "message": message, "link": ("/", "Go to the archive")},
        status_code=status,
    )


def create_app(settings: Settings, engine: Engine, *, secret: bytes) -> Starlette:
    """The app for ``settings`` and ``engine``; ``secret`` signs session cookies."""
    if len(secret) < 16:
        raise ValueError("the session secret must be at least 16 bytes")
    middleware = [
        Middleware(SecurityHeaders),
        Middleware(
            SessionMiddleware,
            secret_key=secret.hex(),
            session_cookie="digestbot_session",
            max_age=int(timedelta(hours=settings.web.session_hours).total_seconds()),
            same_site="lax",
            https_only=secure_cookies(settings),
        ),
    ]
    app = Starlette(
        routes=routes(),
        middleware=middleware,
        exception_handlers={HTTPException: _error_page, 500: _error_page},
        max_body_size=MAX_BODY,
    )
    app.state.web = WebContext(
        settings=settings,
        engine=engine,
        secret=secret,
        templates=make_templates(settings),
        login_limit=RateLimiter(settings.web.login_attempts, settings.web.login_window_seconds),
        subscribe_limit=RateLimiter(settings.web.subscribe_attempts, settings.web.subscribe_window_seconds),
    )
    return app
