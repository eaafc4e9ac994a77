"""The moderators' flag queue: filter, read each claim in context beside its card, decide.

One form holds the whole page so a verdict on one flag and a bulk verdict on the ticked ones
both work without JavaScript; ``static/keys.js`` only adds keyboard shortcuts on top.
"""

from __future__ import annotations

from datetime import date
from urllib.parse import urlencode

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response

from bot.errors import InputError
from bot.pipeline import review
from bot.web.auth import staff
from bot.web.context import web
from bot.web.security import checked_form
from bot.web.wording import in_context
from storage.review import FlagFilters

PAGE_SIZE = 50
FILTER_KEYS = ("status", "kind", "topic", "source", "week")
STATUSES = ("open", "confirmed", "dismissed", "any")


def _int(value: str | None, default: int) -> int:
    try:
        return max(1, int(value or default))
    except ValueError:
        return default


def _filters(request: Request) -> tuple[FlagFilters, dict[str, str]]:
    """The filters from the query string; anything unexpected is ignored, never an error page."""
    ctx = web(request)
    chosen = {k: request.query_params.get(k, "").strip() for k in FILTER_KEYS}
    status = chosen["status"] or "open"
    if status not in STATUSES:
        status = "open"
    chosen["status"] = status
    since = until = None
    if chosen["week"]:
        try:
            since, until = review.week_bounds(ctx.settings, date.fromisoformat(chosen["week"]))
        except ValueError:
            chosen["week"] = ""
    topic = chosen["topic"] or None
    if topic is not None and not topic.replace("_", "").replace("-", "").isalnum():
        topic = chosen["topic"] = ""
    filters = FlagFilters(
        status=None if status == "any" else status,
        kind=chosen["kind"] or None,
        topic=topic or None,
        source=chosen["source"] or None,
        since=since,
        until=until,
    )
    return filters, chosen


@staff("moderator")
async def flag_queue(request: Request) -> Response:
    ctx = web(request)
    filters, chosen = _filters(request)
    page = _int(request.query_params.get("page"), 1)
    result = await run_in_threadpool(
        review.flags_page, ctx.engine, ctx.settings, filters, limit=PAGE_SIZE, offset=(page - 1) * PAGE_SIZE
    )
    query = {k: v for k, v in chosen.items() if v}
    shown = [(flag, in_context(flag.post_text, flag.claim_span)) for flag in result.flags]
    return ctx.templates.TemplateResponse(
        request,
        "flags.html.j2",
        {
            "flags": shown,
            "total": result.total,
            "facets": result.facets,
            "weeks": result.weeks,
            "chosen": chosen,
            "statuses": STATUSES,
            "page": page,
            "pages": max(1, -(-result.total // PAGE_SIZE)),
            "query": urlencode(query),
            "back": request.url.path + (f"?{urlencode({**query, 'page': page})}"),
            "done": request.query_params.get("done"),
        },
    )


def _back(value: object) -> str:
    text = str(value or "")
    return text if text.startswith("/moderate/flags") else "/moderate/flags"


@staff("moderator")
async def flag_action(request: Request) -> Response:
    """One verdict (``one=action:id``, the note from ``note-<id>``) or a bulk one (``bulk=action``
    on the ticked ``ids``, with ``bulk_note`` when written)."""
    ctx = web(request)
    form = await checked_form(request)
    user = request.state.user
    note: str | None
    if form.get("one"):
        action, _, raw_id = str(form["one"]).partition(":")
        ids = [int(raw_id)] if raw_id.isdigit() else []
        # The box starts with the flag's note, so what it holds now is the note wanted
        # (emptied means no note).
        note = str(form.get(f"note-{raw_id}", ""))
    else:
        action = str(form.get("bulk", ""))
        ids = [int(v) for v in form.getlist("ids") if isinstance(v, str) and v.isdigit()]
        note = str(form.get("bulk_note", "")).strip() or None
    if not ids:
        return _redirect(_back(form.get("back")), "none")
    try:
        changed = await run_in_threadpool(
            review.review_flags, ctx.engine, ids, action, note=note, actor=user.username
        )
    except InputError as exc:
        return ctx.templates.TemplateResponse(
            request,
            "message.html.j2",
            {
                "title": "Nothing was changed",
                "message": str(exc),
                "link": (_back(form.get("back")), "Back to the queue"),
            },
            status_code=400,
        )
    return _redirect(_back(form.get("back")), f"{action}:{changed}")


def _redirect(back: str, done: str) -> Response:
    joiner = "&" if "?" in back else "?"
    return RedirectResponse(f"{back}{joiner}{urlencode({'done': done})}", status_code=303)
