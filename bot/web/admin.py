"""The audit log, for admins: every staff action with who, when, and the values before and after."""

from __future__ import annotations

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import Response

from bot.pipeline import review
from bot.web.auth import staff
from bot.web.context import web

PAGE_SIZE = 100


@staff("admin")
async def audit_log(request: Request) -> Response:
    ctx = web(request)
    try:
        page = max(1, int(request.query_params.get("page") or 1))
    except ValueError:
        page = 1
    entries, total = await run_in_threadpool(
        review.audit_page, ctx.engine, limit=PAGE_SIZE, offset=(page - 1) * PAGE_SIZE
    )
    return ctx.templates.TemplateResponse(
        request,
        "audit.html.j2",
        {"entries": entries, "total": total, "page": page, "pages": max(1, -(-total // PAGE_SIZE))},
    )
