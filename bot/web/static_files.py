"""Files served from code: the digest's stylesheet (the CSP forbids the email's inline <style>), the icon."""

from __future__ import annotations

from importlib.resources import files

from starlette.requests import Request
from starlette.responses import Response

_DIGEST_CSS = files("bot.digest").joinpath("templates/style.css").read_text(encoding="utf-8")
_ICON = files("bot.web").joinpath("static/favicon.svg").read_bytes()


async def digest_css(request: Request) -> Response:
    return Response(
        _DIGEST_CSS, media_type="text/css; charset=utf-8", headers={"cache-control": "max-age=3600"}
    )


async def favicon(request: Request) -> Response:
    """Browsers ask for /favicon.ico whatever the page says; answer rather than log a 404."""
    return Response(_ICON, media_type="image/svg+xml", headers={"cache-control": "max-age=86400"})
