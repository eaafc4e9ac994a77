"""The digest's own stylesheet, served as a file: the CSP forbids the inline <style> the email uses."""

from __future__ import annotations

from importlib.resources import files

from starlette.requests import Request
from starlette.responses import Response

_DIGEST_CSS = files("bot.digest").joinpath("templates/style.css").read_text(encoding="utf-8")


async def digest_css(request: Request) -> Response:
    return Response(
        _DIGEST_CSS, media_type="text/css; charset=utf-8", headers={"cache-control": "max-age=3600"}
    )
