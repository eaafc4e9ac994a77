"""Headers, CSRF tokens, rate limits and HTML sanitising for the web app.

Why a Content-Security-Policy with no inline script at all: every page shows text that
strangers wrote. Escaping is the first wall; the policy is the second, so a mistake in one
template still cannot run anything. Scripts come only from /static.
"""

from __future__ import annotations

import secrets
import threading
import time
from collections import deque
from collections.abc import Callable

import nh3
from starlette.datastructures import FormData, MutableHeaders
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.types import ASGIApp, Message, Receive, Scope, Send

CSP = "; ".join(
    [
        "default-src 'none'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self'",
        "font-src 'self'",
        "connect-src 'self'",
        "form-action 'self'",
        "base-uri 'none'",
        "frame-ancestors 'none'",
        "object-src 'none'",
    ]
)
HEADERS = {
    "content-security-policy": CSP,
    "x-content-type-options": "nosniff",
    "referrer-policy": "same-origin",
    "x-frame-options": "DENY",
    "cross-origin-opener-policy": "same-origin",
    "permissions-policy": "camera=(), microphone=(), geolocation=(), interest-cohort=()",
}
# Pages behind a login must never be kept by a shared cache or the browser's back button.
PRIVATE_PREFIXES = ("/staff", "/moderate", "/editors", "/admin", "/login")


class SecurityHeaders:
    """Pure ASGI middleware: the same protective headers on every response, errors included."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        private = str(scope.get("path", "")).startswith(PRIVATE_PREFIXES)

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                for name, value in HEADERS.items():
                    headers[name] = value
                if private:
                    headers["cache-control"] = "no-store"
            await send(message)

        await self.app(scope, receive, send_with_headers)


# --- CSRF --------------------------------------------------------------------------------------

CSRF_FIELD = "csrf"


def csrf_token(request: Request) -> str:
    """The session's CSRF token, made on first use (anonymous visitors get one too: subscribe)."""
    token = request.session.get(CSRF_FIELD)
    if not isinstance(token, str) or len(token) < 32:
        token = secrets.token_urlsafe(32)
        request.session[CSRF_FIELD] = token
    return token


async def checked_form(request: Request) -> FormData:
    """The posted form, only if it carries this session's CSRF token (403 otherwise)."""
    form = await request.form()
    sent = form.get(CSRF_FIELD)
    expected = request.session.get(CSRF_FIELD)
    if (
        not isinstance(sent, str)
        or not isinstance(expected, str)
        or not secrets.compare_digest(sent, expected)
    ):
        raise HTTPException(403, "This form has expired. Please go back, reload the page and try again.")
    return form


# --- rate limits -------------------------------------------------------------------------------


class RateLimiter:
    """At most ``limit`` attempts per key in a sliding ``window`` of seconds (in memory).

    In memory is enough for one server process; behind several, put the limit in the proxy.
    """

    def __init__(self, limit: int, window: float, clock: Callable[[], float] = time.monotonic) -> None:
        self.limit, self.window, self._clock = limit, window, clock
        self._hits: dict[str, deque[float]] = {}
        self._lock = threading.Lock()

    def allow(self, key: str) -> bool:
        now = self._clock()
        with self._lock:
            hits = self._hits.setdefault(key, deque())
            while hits and now - hits[0] >= self.window:
                hits.popleft()
            if len(hits) >= self.limit:
                return False
            hits.append(now)
            if len(self._hits) > 10_000:  # forget idle keys so memory stays bounded
                for stale in [k for k, v in self._hits.items() if not v or now - v[-1] >= self.window]:
                    del self._hits[stale]
            return True


def client_key(request: Request) -> str:
    return request.client.host if request.client else "unknown"


# --- HTML from elsewhere -----------------------------------------------------------------------

_TAGS = {
    "a", "article", "b", "blockquote", "br", "code", "div", "em", "h1", "h2", "h3", "h4", "header",
    "i", "li", "mark", "ol", "p", "q", "section", "small", "span", "strong", "ul", "footer",
}  # fmt: skip
_ATTRIBUTES = {"*": {"class"}, "a": {"href"}}


def sanitise_html(html: str) -> str:
    """Only plain structure and links survive (nh3): no script, no handlers, no SVG, no styles."""
    return nh3.clean(
        html,
        tags=_TAGS,
        attributes=_ATTRIBUTES,
        url_schemes={"http", "https", "mailto"},
        link_rel="nofollow noopener",
    )
