"""The digest page in a real headless Chromium: readable on a phone, hostile text inert.

Uses Debian's chromium (installed by .ci/run) through Playwright; no browser is downloaded.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, sync_playwright

from bot.digest.build import build_digest
from bot.digest.render import render_html

from .factories import HOSTILE, NOW, card, claim, match, post, settings

CHROMIUM = Path("/usr/bin/chromium")
FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    if not CHROMIUM.exists():
        pytest.fail("Debian chromium is missing: .ci/run installs it (apt-get install -y chromium)")
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(CHROMIUM), args=FLAGS)
        yield b
        b.close()


def _page_file(tmp_path: Path) -> Path:
    long_word = "https://example.org/" + "a" * 300  # a pasted link with no break points
    c = card("walitt-2024-deep-phenotyping", title="Deep phenotyping of post-infectious ME/CFS")
    said = f"{HOSTILE} The study proves it is all in the brain, see {long_word}"
    posts = [
        post(
            "p1",
            said,
            claims=(claim(said, c.id),),
            matches=(match(c.id, pmid="38383456"),),
        )
    ]
    digest = build_digest(posts, {c.id: c}, settings(), NOW)
    path = tmp_path / "digest.html"
    path.write_text(render_html(digest), encoding="utf-8")
    return path


@pytest.mark.slow
def test_digest_fits_a_phone_and_runs_no_collected_script(browser: Browser, tmp_path: Path) -> None:
    page = browser.new_page(viewport={"width": 360, "height": 740})
    dialogs: list[str] = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    page.goto(_page_file(tmp_path).as_uri())
    # No sideways scrolling on a small phone, even with a 300-character unbroken link.
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    # The hostile text is shown as text and nothing in it ran.
    assert dialogs == []
    assert page.locator("script").count() == 0
    assert page.locator("img").count() == 0
    body = page.inner_text("body")
    assert '<script>alert("x")</script>' in body
    # The claim sits beside its card and the card's limits, and the disclaimer is there.
    assert "Deep phenotyping of post-infectious ME/CFS" in body
    assert "does not show that walitt-2024-deep-phenotyping causes ME/CFS" in body
    assert "not medical advice" in body.lower()
    # Body text is at least 16px: readable without zooming.
    size = page.evaluate("parseFloat(getComputedStyle(document.body).fontSize)")
    assert size >= 16
    page.close()
