"""The subscribe, confirm and unsubscribe pages, on top of ``bot.pipeline.subscriptions``.

Why a button on every link's page rather than acting on GET: mail scanners and link previews
follow links, and must neither confirm nor cancel anyone. The one exception is the RFC 8058
one-click POST a mail client sends to the List-Unsubscribe address: it carries the signed
token in its URL and no session, so it is the one POST here without a CSRF check.

The subscribe form answers the same whatever the address's state, so it cannot be used to
learn who subscribes.
"""

from __future__ import annotations

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import Response

from bot.errors import DeliveryError, InputError
from bot.pipeline import subscriptions
from bot.web.context import web
from bot.web.security import checked_form, client_key


def _message(
    request: Request, title: str, message: str, *, status: int = 200, link: tuple[str, str] | None = None
) -> Response:
    return web(request).templates.TemplateResponse(
        request,
        "message.html.j2",
        {"title": title, "message": message, "link": link or ("/", "Go to the archive")},
        status_code=status,
    )


async def subscribe_page(request: Request) -> Response:
    return web(request).templates.TemplateResponse(request, "subscribe.html.j2", {"error": None, "email": ""})


async def subscribe(request: Request) -> Response:
    ctx = web(request)
    form = await checked_form(request)
    address = str(form.get("email", "")).strip()
    if not ctx.subscribe_limit.allow(f"subscribe:{client_key(request)}"):
        return _message(
            request,
            "Please try again later",
            "Many sign-ups have come from your address. Please wait a few minutes and try again.",
            status=429,
        )
    try:
        await run_in_threadpool(
            subscriptions.request_subscription, ctx.engine, ctx.settings, address, secret=ctx.secret
        )
    except DeliveryError:
        return _message(
            request,
            "The email could not be sent",
            "Nothing is wrong with your address; our mail server did not answer. Please try later.",
            status=503,
        )
    except InputError:
        return ctx.templates.TemplateResponse(
            request,
            "subscribe.html.j2",
            {
                "error": "That does not look like an email address. Please check it and try again.",
                "email": address,
            },
            status_code=400,
        )
    return _message(
        request,
        "Check your inbox",
        "If that address is not subscribed yet, an email with a confirmation link is on its way. "
        "The link works for 7 days. Nothing is sent until you confirm.",
    )


async def confirm_page(request: Request) -> Response:
    token = request.query_params.get("token", "")
    return web(request).templates.TemplateResponse(request, "confirm.html.j2", {"token": token})


async def confirm(request: Request) -> Response:
    ctx = web(request)
    form = await checked_form(request)
    try:
        address = await run_in_threadpool(
            subscriptions.confirm_subscription, ctx.engine, str(form.get("token", "")), secret=ctx.secret
        )
    except InputError as exc:
        return _message(
            request, "This link did not work", str(exc), status=400, link=("/subscribe", "Subscribe again")
        )
    return _message(
        request,
        "You are subscribed",
        f"The weekly digest will come to {address}. Every email has a link to stop it.",
    )


async def unsubscribe_page(request: Request) -> Response:
    token = request.query_params.get("token", "")
    return web(request).templates.TemplateResponse(request, "unsubscribe.html.j2", {"token": token})


async def unsubscribe(request: Request) -> Response:
    """Both the page's button and a mail client's one-click POST (token in the URL)."""
    ctx = web(request)
    token = request.query_params.get("token", "")
    if not token:
        form = await request.form()
        token = str(form.get("token", ""))
    try:
        address = await run_in_threadpool(subscriptions.unsubscribe, ctx.engine, token, secret=ctx.secret)
    except InputError as exc:
        return _message(request, "This link did not work", str(exc), status=400)
    return _message(
        request,
        "You are unsubscribed",
        f"No more digests will be sent to {address}. You can still read every week here.",
    )
