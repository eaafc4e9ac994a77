"""A real uvicorn server on 127.0.0.1 in a thread, and Chromium pages that record every dialog,
console error and uncaught exception, so a test fails if anything on a page misbehaves."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import pytest
import uvicorn
from playwright.sync_api import Browser, Page
from starlette.applications import Starlette

CHROMIUM = Path("/usr/bin/chromium")
FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


@contextmanager
def serve(app: Starlette, port: int = 0) -> Iterator[str]:
    """The app on ``port`` (0: a free one); yields its base URL and stops the server afterwards."""
    config = uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning", lifespan="off")
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            pytest.fail("the web server did not start")
        time.sleep(0.05)
    port = server.servers[0].sockets[0].getsockname()[1]
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=10)


@dataclass
class Watched:
    """A page and everything suspicious it did."""

    page: Page
    problems: list[str] = field(default_factory=list)

    def check(self) -> None:
        assert self.problems == [], f"the page misbehaved: {self.problems}"


def watched_page(browser: Browser, *, width: int = 360) -> Watched:
    """A phone-sized page whose dialogs (alert, confirm) and console errors are all recorded."""
    context = browser.new_context(viewport={"width": width, "height": 740}, accept_downloads=True)
    page = context.new_page()
    watched = Watched(page)

    def on_dialog(dialog: object) -> None:
        watched.problems.append(f"dialog: {dialog.message}")  # type: ignore[attr-defined]
        dialog.dismiss()  # type: ignore[attr-defined]

    page.on("dialog", on_dialog)
    page.on("pageerror", lambda exc: watched.problems.append(f"page error: {exc}"))
    page.on("console", lambda msg: msg.type == "error" and watched.problems.append(f"console: {msg.text}"))
    return watched
