"""The digest page in a real headless Chromium: readable on a phone, hostile text inert.

Uses Debian's chromium (installed by .ci/run) through Playwright; no browser is downloaded.
The demo digest's screenshots and its height in phone screens are kept under
``var/test-artifacts/`` (``ARTIFACTS``) for a person to look at.
"""

from __future__ import annotations

import email
import json
import os
from collections.abc import Iterator
from email.message import EmailMessage
from email.policy import default
from pathlib import Path

import pytest
from playwright.sync_api import Browser, sync_playwright

from bot.cli import main
from bot.digest.build import build_digest
from bot.digest.render import render_html

from .factories import HOSTILE, NOW, card, claim, match, post, settings

CHROMIUM = Path("/usr/bin/chromium")
ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = Path(os.environ.get("DIGESTBOT_TEST_ARTIFACTS", ROOT / "var" / "test-artifacts"))
# A 360 px phone: the Galaxy S8/S9 viewport in Chrome's device list is 360 x 740 CSS pixels;
# the older 360 x 640 is reported too.
PHONE = {"width": 360, "height": 740}
SCREENS_TARGET = 12
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


@pytest.fixture(scope="module")
def demo_digest(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The demo's digest.html, built the way `make demo` builds it."""
    out = tmp_path_factory.mktemp("demo")
    old = Path.cwd()
    os.chdir(out)  # no config.yaml here: defaults, like a fresh install
    try:
        assert main(["demo", "--out", str(out)]) == 0
    finally:
        os.chdir(old)
    return out / "digest.html"


@pytest.mark.slow
def test_demo_digest_fits_a_phone_and_never_scrolls_sideways(browser: Browser, demo_digest: Path) -> None:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    figures: dict[str, float] = {}
    for width in (360, 320):
        page = browser.new_page(viewport={"width": width, "height": PHONE["height"]})
        page.goto(demo_digest.as_uri())
        scroll_width = page.evaluate("document.documentElement.scrollWidth")
        assert scroll_width <= width, f"sideways scroll at {width} px: content is {scroll_width} px wide"
        # Every element stays inside the viewport (a long DOI or link wraps instead of overflowing).
        widest = page.evaluate(
            "Math.max(...[...document.querySelectorAll('body *')].map(e => e.getBoundingClientRect().right))"
        )
        assert widest <= width + 0.5
        height = page.evaluate("document.documentElement.scrollHeight")
        figures[f"height_px_at_{width}"] = height
        page.screenshot(path=str(ARTIFACTS / f"demo-digest-{width}px.png"), full_page=True)
        page.close()
    screens = figures["height_px_at_360"] / PHONE["height"]
    figures["screens_360x740"] = round(screens, 2)
    figures["screens_360x640"] = round(figures["height_px_at_360"] / 640, 2)
    (ARTIFACTS / "demo-digest-phone.json").write_text(json.dumps(figures, indent=2) + "\n", encoding="utf-8")
    print(
        f"demo digest: {figures['height_px_at_360']} px tall at 360 px = {screens:.1f} screens of 360x740 "
        f"({figures['screens_360x640']} of 360x640); screenshots in {ARTIFACTS}"
    )
    assert screens <= SCREENS_TARGET, figures


@pytest.mark.slow
def test_email_html_reads_in_light_and_dark(browser: Browser, demo_digest: Path, tmp_path: Path) -> None:
    """The demo's sample email (inlined CSS) at 320 px, in a light and a dark client."""
    msg = email.message_from_bytes((demo_digest.parent / "sample-email.eml").read_bytes(), policy=default)
    assert isinstance(msg, EmailMessage)
    part = msg.get_body(("html",))
    assert part is not None
    html = str(part.get_content())
    assert len(html.encode()) < 100_000
    page_file = tmp_path / "email.html"
    page_file.write_text(html, encoding="utf-8")
    for scheme, background in (("light", "rgb(251, 251, 248)"), ("dark", "rgb(22, 25, 28)")):
        page = browser.new_page(viewport={"width": 320, "height": 640}, color_scheme=scheme)
        page.goto(page_file.as_uri())
        assert page.evaluate("getComputedStyle(document.body).backgroundColor") == background
        assert page.evaluate("document.documentElement.scrollWidth") <= 320
        page.screenshot(path=str(ARTIFACTS / f"sample-email-320px-{scheme}.png"))
        page.close()
