"""The editors' queue: cited papers no atlas card covers, ranked by mentions and recency.

Each paper shows its identifiers, title and a short excerpt of the posts that cite it (usernames
replaced, never the poster's name); an editor marks it "queued for the atlas" or "not relevant"
with a note, and the mark is kept for ``digestbot atlas uncovered`` too.
"""

from __future__ import annotations

from urllib.parse import urlencode

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response

from bot.atlas.queue import queue_rows, to_csv
from bot.errors import InputError
from bot.pipeline import review
from bot.web.auth import staff
from bot.web.context import web
from bot.web.security import checked_form
from bot.web.wording import identifiers, in_context

PAGE_SIZE = 50
MARK_ACTIONS = {"queued": "queued", "not_relevant": "not_relevant", "clear": None}


def _show(request: Request) -> str:
    return "all" if request.query_params.get("show") == "all" else "open"


@staff("editor")
async def paper_queue(request: Request) -> Response:
    ctx = web(request)
    show = _show(request)
    try:
        page = max(1, int(request.query_params.get("page") or 1))
    except ValueError:
        page = 1
    result = await run_in_threadpool(
        review.papers_page,
        ctx.engine,
        include_marked=show == "all",
        limit=PAGE_SIZE,
        offset=(page - 1) * PAGE_SIZE,
    )
    rows = [
        (
            paper,
            identifiers(paper.doi, paper.pmid, paper.pmcid),
            [
                (example, in_context(example.text, example.span, 160))
                for example in result.examples.get(paper.id, [])
            ],
        )
        for paper in result.papers
    ]
    return ctx.templates.TemplateResponse(
        request,
        "papers.html.j2",
        {
            "rows": rows,
            "total": result.total,
            "show": show,
            "page": page,
            "rank0": (page - 1) * PAGE_SIZE,
            "pages": max(1, -(-result.total // PAGE_SIZE)),
            "back": f"/editors/papers?{urlencode({'show': show, 'page': page})}",
            "done": request.query_params.get("done"),
        },
    )


@staff("editor")
async def paper_csv(request: Request) -> Response:
    """The whole queue as CSV (the same columns as ``digestbot atlas uncovered --format csv``)."""
    ctx = web(request)
    result = await run_in_threadpool(
        review.papers_page, ctx.engine, include_marked=_show(request) == "all", limit=None
    )
    body = to_csv(queue_rows(result.papers))
    return Response(
        body,
        media_type="text/csv; charset=utf-8",
        headers={"content-disposition": 'attachment; filename="uncovered-papers.csv"'},
    )


@staff("editor")
async def paper_action(request: Request) -> Response:
    ctx = web(request)
    form = await checked_form(request)
    action, _, raw_id = str(form.get("one", "")).partition(":")
    back = str(form.get("back") or "")
    if not back.startswith("/editors/papers"):
        back = "/editors/papers"
    if action not in MARK_ACTIONS or not raw_id.isdigit():
        return RedirectResponse(back, status_code=303)
    note = str(form.get(f"note-{raw_id}", ""))
    try:
        await run_in_threadpool(
            review.mark_paper,
            ctx.engine,
            int(raw_id),
            MARK_ACTIONS[action],
            note=note,
            actor=request.state.user.username,
        )
    except InputError as exc:
        return ctx.templates.TemplateResponse(
            request,
            "message.html.j2",
            {"title": "Nothing was changed", "message": str(exc), "link": (back, "Back to the queue")},
            status_code=400,
        )
    joiner = "&" if "?" in back else "?"
    return RedirectResponse(f"{back}{joiner}{urlencode({'done': action})}", status_code=303)


@staff("editor")
async def disagreements(request: Request) -> Response:
    """Where a card and its PubMed/Crossref record disagree, from the audit's cached answers."""
    ctx = web(request)
    report = await run_in_threadpool(review.atlas_disagreements, ctx.engine, ctx.settings)
    return ctx.templates.TemplateResponse(request, "disagreements.html.j2", {"report": report})
