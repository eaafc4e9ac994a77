"""``digestbot serve``: the web app (archive, feeds, subscriptions, staff queues) under uvicorn."""

from __future__ import annotations

import typer

from bot.commands.common import state
from bot.keys import secret_key


def serve(
    ctx: typer.Context,
    host: str | None = typer.Option(None, "--host", help="Listen address (default: web.host, 127.0.0.1)."),
    port: int | None = typer.Option(None, "--port", min=1, max=65535, help="Port (default: web.port, 8080)."),
) -> None:
    """Serve the archive, the feeds, the subscribe pages and the staff queues.

    Sessions and links are signed with $DIGESTBOT_SECRET_KEY or var/secret.key (made on first
    use). Run it behind a TLS proxy when it is reachable from other machines.
    """
    import uvicorn

    from bot.web.app import create_app

    app_state = state(ctx)
    settings = app_state.settings
    app = create_app(settings, app_state.engine, secret=secret_key(settings))
    uvicorn.run(
        app,
        host=host or settings.web.host,
        port=port or settings.web.port,
        proxy_headers=True,
        server_header=False,
        log_level="info",
    )
