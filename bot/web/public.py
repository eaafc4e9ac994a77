"""The public pages: the archive of published weeks and its Atom and RSS feeds.

A week's page shows the digest exactly as subscribers got it (rendered by ``bot.digest``),
passed through nh3 on the way so nothing but plain structure and links could reach a reader
even if a template ever let something through.
"""

from __future__ import annotations

from datetime import date

from markupsafe import Markup
from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import Response

from bot.digest.feed import render_atom, render_rss, site_base, week_path
from bot.digest.render import render_html_fragment
from bot.pipeline import archive
from bot.web.context import web
from bot.web.security import sanitise_html


async def index(request: Request) -> Response:
    ctx = web(request)
    digests = await run_in_threadpool(archive.published, ctx.engine)
    weeks = [(digest, "/" + week_path(digest)) for digest in digests]
    return ctx.templates.TemplateResponse(request, "index.html.j2", {"weeks": weeks})


async def week(request: Request) -> Response:
    ctx = web(request)
    try:
        start = date.fromisoformat(str(request.path_params["week"]))
    except ValueError:
        raise HTTPException(404, "There is no digest for that week.") from None
    digest = await run_in_threadpool(archive.published_week, ctx.engine, start)
    if digest is None:
        raise HTTPException(404, "There is no digest for that week.")
    body = Markup(sanitise_html(render_html_fragment(digest, archive_url=site_base(ctx.settings))))
    return ctx.templates.TemplateResponse(request, "week.html.j2", {"digest": digest, "body": body})


async def atom(request: Request) -> Response:
    ctx = web(request)
    digests = await run_in_threadpool(archive.published, ctx.engine)
    return Response(render_atom(digests, ctx.settings), media_type="application/atom+xml; charset=utf-8")


async def rss(request: Request) -> Response:
    ctx = web(request)
    digests = await run_in_threadpool(archive.published, ctx.engine)
    return Response(render_rss(digests, ctx.settings), media_type="application/rss+xml; charset=utf-8")
