"""What every handler needs, kept on ``app.state``: settings, database, templates, limits."""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlsplit

from jinja2 import Environment, PackageLoader, StrictUndefined
from sqlalchemy import Engine
from starlette.requests import Request
from starlette.templating import Jinja2Templates

from bot.config import Settings
from bot.web import wording
from bot.web.security import RateLimiter, csrf_token

LOCAL_HOSTS = {"localhost", "127.0.0.1", "::1"}


@dataclass
class WebContext:
    settings: Settings
    engine: Engine
    secret: bytes
    templates: Jinja2Templates
    login_limit: RateLimiter
    subscribe_limit: RateLimiter


def secure_cookies(settings: Settings) -> bool:
    """Cookies are Secure unless the site is served on this machine (plain-HTTP development)."""
    return (urlsplit(settings.digest.site_url).hostname or "localhost") not in LOCAL_HOSTS


def _page_context(request: Request) -> dict[str, object]:
    # A callable, so only pages with a form set a session cookie (the archive stays cookie-free).
    return {"csrf": lambda: csrf_token(request), "user": getattr(request.state, "user", None)}


def make_templates(settings: Settings) -> Jinja2Templates:
    env = Environment(
        loader=PackageLoader("bot.web", "templates"),
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.globals["site_title"] = settings.digest.title
    env.filters.update(wording.FILTERS)
    return Jinja2Templates(env=env, context_processors=[_page_context])


def web(request: Request) -> WebContext:
    context: WebContext = request.app.state.web
    return context
