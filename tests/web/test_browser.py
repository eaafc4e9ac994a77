"""End to end in Debian's Chromium (Playwright, never a downloaded browser) against a real
uvicorn server: the moderators' and editors' work reaching the digest, and hostile posts
that never run anything on any page.

Every page is phone-sized (360 px) and watched: a dialog, a console error (a CSP violation
included) or an uncaught exception fails the test.
"""

from __future__ import annotations

import csv
import io
import socket
from collections.abc import Iterator
from datetime import date
from email.message import EmailMessage
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser, Page, expect, sync_playwright
from servers.smtp import RecordingHandler
from sqlalchemy import Engine

from bot.config import Settings
from bot.pipeline.publish import publish
from bot.web.app import create_app
from storage import subscribers as subscriber_store
from storage.db import transaction

from .conftest import PASSWORD, SECRET, web_settings
from .live import CHROMIUM, FLAGS, Watched, serve, watched_page
from .seed import seed

pytestmark = pytest.mark.slow
WEEK = date(2026, 11, 23)  # the Monday of the seed's week (posts end on Wednesday 25th)


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    if not CHROMIUM.exists():
        pytest.fail("Debian chromium is missing: .ci/run installs it (apt-get install -y chromium)")
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(CHROMIUM), args=FLAGS)
        yield b
        b.close()


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture
def site(engine: Engine, staff: dict[str, str]) -> Iterator[tuple[str, Settings]]:
    """The app served on a port its own site_url names, so the archive's links are real."""
    port = _free_port()
    # Every claim of a paper shown, so each one the test follows is on the page.
    digest = {"site_url": f"http://127.0.0.1:{port}/", "claims_per_paper": 20}
    settings = web_settings(digest=digest, web={"port": port})
    app = create_app(settings, engine, secret=SECRET)
    with serve(app, port=port) as base:
        yield base, settings


@pytest.fixture
def tab(browser: Browser) -> Iterator[Watched]:
    watched = watched_page(browser)
    yield watched
    watched.page.context.close()
    watched.check()


def fits_a_phone(page: Page) -> None:
    wide = page.evaluate(
        "[...document.querySelectorAll('body *')].filter(e => e.getBoundingClientRect().right > 361)"
        ".map(e => e.tagName + '.' + e.className).slice(0, 5)"
    )
    assert page.evaluate("document.documentElement.scrollWidth") <= 360, (
        f"{page.url} scrolls sideways: {wide}"
    )


def sign_in(page: Page, base: str, username: str) -> None:
    """By keyboard alone: type the name, Tab to the password, Enter."""
    page.goto(f"{base}/login")
    # The name box has autofocus; Chromium skips autofocus on a repeat visit, so make sure.
    page.get_by_label("Name").focus()
    page.keyboard.type(username)
    page.keyboard.press("Tab")
    page.keyboard.type(PASSWORD)
    page.keyboard.press("Enter")
    page.wait_for_url(f"{base}/staff")


def publish_week(engine: Engine, settings: Settings, tmp_path: Path) -> Any:
    return publish(engine, settings, week_start=WEEK, out_dir=tmp_path / "site", send=False, secret=SECRET)


def entry_for(page: Page, claim: str) -> Any:
    """The claim's line under its paper's evidence card in the digest."""
    return page.locator("article.paper li", has_text=claim)


def test_a_confirmed_note_reaches_the_digest_and_a_dismissed_warning_leaves_it(
    engine: Engine, site: tuple[str, Settings], tab: Watched, tmp_path: Path
) -> None:
    base, settings = site
    seed(engine, posts=8, flags=8, spacing_minutes=60)
    page = tab.page
    sign_in(page, base, "mo")
    page.goto(f"{base}/moderate/flags?kind=overstated")
    fits_a_phone(page)
    cards = page.locator("article.flag")
    expect(cards).to_have_count(4)
    first, second = cards.nth(0), cards.nth(1)
    kept_claim = first.locator("mark").inner_text().strip()
    dropped_claim = second.locator("mark").inner_text().strip()
    assert "does not prove" in first.inner_text()  # the matched card and its limits are beside it

    # Confirm the first with a note, by keyboard: j moves to it, n opens its note, Tab reaches Confirm.
    page.keyboard.press("j")
    page.keyboard.press("n")
    page.keyboard.type("A moderator checked this: the trial found no benefit.")
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")
    expect(page.locator(".done")).to_contain_text("1 flag updated")
    # Dismiss the second with the mouse.
    page.locator("article.flag", has_text=dropped_claim).get_by_role("button", name="Dismiss").click()
    expect(page.locator(".done")).to_contain_text("1 flag updated")
    expect(page.locator("article.flag")).to_have_count(2)

    publish_week(engine, settings, tmp_path)
    page.goto(f"{base}/")
    page.get_by_role("link", name="23 Nov 2026", exact=False).click()
    page.wait_for_url(f"{base}/weeks/{WEEK.isoformat()}.html")
    fits_a_phone(page)
    kept = entry_for(page, kept_claim)
    expect(kept).to_contain_text("Moderator's note: A moderator checked this: the trial found no benefit.")
    dropped = entry_for(page, dropped_claim)
    expect(dropped).to_have_count(1)
    expect(dropped.locator(".careful")).to_have_count(0)  # its "Read with care" warning is gone
    # A flag nobody reviewed still carries its warning.
    untouched = page.locator("article.paper .careful")
    assert untouched.count() >= 1

    # The admin reads both verdicts in the audit log.
    page.context.clear_cookies()
    sign_in(page, base, "ad")
    page.goto(f"{base}/admin/audit")
    fits_a_phone(page)
    log = page.locator("table").inner_text()
    assert "flag.confirm" in log
    assert "flag.dismiss" in log
    assert "mo" in log


def test_bulk_actions_and_filters(engine: Engine, site: tuple[str, Settings], tab: Watched) -> None:
    base, _ = site
    seed(engine, posts=8, flags=8, spacing_minutes=60)
    page = tab.page
    sign_in(page, base, "mo")
    page.goto(f"{base}/moderate/flags")
    page.get_by_label("Kind").select_option("uncovered")
    page.get_by_role("button", name="Show").click()
    expect(page.locator("article.flag")).to_have_count(4)
    page.get_by_label("Tick all on this page").check()
    page.get_by_role("button", name="Dismiss ticked").click()
    expect(page.locator(".done")).to_contain_text("4 flags updated")
    expect(page.locator("article.flag")).to_have_count(0)
    page.get_by_label("Status").select_option("dismissed")
    page.get_by_role("button", name="Show").click()
    expect(page.locator("article.flag")).to_have_count(4)


def test_an_editor_marks_a_paper_and_exports_the_queue(
    engine: Engine, site: tuple[str, Settings], tab: Watched
) -> None:
    base, _ = site
    seed(engine, posts=6, flags=0, spacing_minutes=60)
    page = tab.page
    sign_in(page, base, "ed")
    page.get_by_role("link", name="Uncovered papers").click()
    page.wait_for_url(f"{base}/editors/papers")
    fits_a_phone(page)
    papers = page.locator("article.paper")
    expect(papers).to_have_count(6)
    first = papers.nth(0)
    title = first.locator("h2").inner_text().split(". ", 1)[1]
    assert "someone_" not in first.inner_text()  # example posts never name anyone
    first.get_by_label("Note").fill("Ask the authors for the full text.")
    first.get_by_role("button", name="Queued for the atlas").click()
    expect(page.locator(".done")).to_be_visible()
    expect(page.locator("article.paper")).to_have_count(5)
    page.get_by_role("link", name="Show marked papers too").click()
    marked = page.locator("article.paper", has_text=title)
    expect(marked).to_contain_text("queued for the atlas")
    expect(marked).to_contain_text("Ask the authors for the full text.")
    with page.expect_download() as download:
        page.get_by_role("link", name="Download as CSV").click()
    rows = list(csv.DictReader(io.StringIO(Path(download.value.path()).read_text(encoding="utf-8"))))
    assert len(rows) == 6
    chosen = next(r for r in rows if r["title"] == title)
    assert (chosen["mark"], chosen["mark_note"]) == ("queued", "Ask the authors for the full text.")


def test_hostile_posts_never_run_on_any_page(
    engine: Engine, site: tuple[str, Settings], tab: Watched, tmp_path: Path
) -> None:
    base, settings = site
    seed(engine, posts=6, flags=6, hostile=6, spacing_minutes=60)
    publish_week(engine, settings, tmp_path)
    page = tab.page
    sign_in(page, base, "ad")
    for path in (
        "/",
        f"/weeks/{WEEK.isoformat()}.html",
        "/moderate/flags",
        "/moderate/flags?status=any",
        "/editors/papers",
        "/editors/papers?show=all",
        "/editors/disagreements",
        "/admin/audit",
        "/staff",
        "/subscribe",
        "/subscribe/confirm?token=%3Cscript%3Ealert(1)%3C/script%3E",
        "/unsubscribe?token=%22%3E%3Csvg%20onload=alert(1)%3E",
        "/feed.atom",
    ):
        page.goto(base + path)
        fits_a_phone(page)
        # Only our own script may be on a page, and nothing collected became an element.
        scripts = page.eval_on_selector_all("script", "els => els.map(e => e.getAttribute('src'))")
        assert set(scripts) <= {"/static/keys.js"}, f"{path}: {scripts}"
        for selector in ("img", "svg", "iframe", "a[href^='javascript']", "[onerror]", "[onload]"):
            assert page.locator(f"main {selector}").count() == 0, (
                f"{path}: a collected {selector} became live"
            )
    page.goto(base + "/moderate/flags")
    assert '<script>alert("script")</script>' in page.inner_text("main")
    page.goto(f"{base}/weeks/{WEEK.isoformat()}.html")
    assert "<svg onload=" in page.inner_text("main")
    # Clicking around the staff page's links by keyboard runs nothing either.
    page.goto(base + "/moderate/flags")
    for _ in range(5):
        page.keyboard.press("j")
        page.keyboard.press("x")


CONTRAST_JS = """
() => {
  const parse = c => (c.match(/[\\d.]+/g) || []).map(Number);
  const background = el => {
    for (let e = el; e; e = e.parentElement) {
      const c = parse(getComputedStyle(e).backgroundColor);
      if (c.length === 3 || (c.length === 4 && c[3] > 0.99)) return c.slice(0, 3);
    }
    return [255, 255, 255];
  };
  const out = [];
  for (const el of document.querySelectorAll('body *')) {
    const own = [...el.childNodes].some(n => n.nodeType === 3 && n.textContent.trim());
    const box = el.getBoundingClientRect();
    if (!own || box.width === 0 || getComputedStyle(el).visibility === 'hidden') continue;
    const color = parse(getComputedStyle(el).color).slice(0, 3);
    out.push([el.tagName + '.' + el.className, color, background(el)]);
  }
  return out;
}
"""


def _luminance(rgb: list[float]) -> float:
    def channel(v: float) -> float:
        v = v / 255
        return v / 12.92 if v <= 0.03928 else ((v + 0.055) / 1.055) ** 2.4

    r, g, b = (channel(v) for v in rgb)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(fg: list[float], bg: list[float]) -> float:
    high, low = sorted((_luminance(fg), _luminance(bg)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def test_text_meets_wcag_aa_contrast_on_every_page(
    engine: Engine, site: tuple[str, Settings], tab: Watched, tmp_path: Path
) -> None:
    base, settings = site
    seed(engine, posts=6, flags=6, spacing_minutes=60)
    publish_week(engine, settings, tmp_path)
    page = tab.page
    page.goto(f"{base}/login")
    pages = ["/", f"/weeks/{WEEK.isoformat()}.html", "/login"]
    sign_in(page, base, "ad")
    pages += ["/staff", "/moderate/flags", "/editors/papers", "/admin/audit"]
    for path in pages:
        page.goto(base + path)
        texts = page.evaluate(CONTRAST_JS)
        assert len(texts) > 5, f"{path}: no text found to check"
        for where, fg, bg in texts:
            assert contrast(fg, bg) >= 4.5, f"{path} {where}: {fg} on {bg} is {contrast(fg, bg):.2f}:1"


@pytest.fixture
def mail_site(
    engine: Engine, staff: dict[str, str], smtp_server: tuple[RecordingHandler, int]
) -> Iterator[tuple[str, Settings, RecordingHandler]]:
    handler, smtp_port = smtp_server
    port = _free_port()
    settings = web_settings(
        digest={"site_url": f"http://127.0.0.1:{port}/"},
        email={"enabled": True, "smtp_port": smtp_port, "messages_per_minute": 6000},
    )
    with serve(create_app(settings, engine, secret=SECRET), port=port) as base:
        yield base, settings, handler


def _plain(message: EmailMessage) -> str:
    body = message.get_body(("plain",))
    assert body is not None
    return str(body.get_content())


def _status(engine: Engine, address: str) -> str | None:
    with transaction(engine) as s:
        record = subscriber_store.find_by_email(s, address)
    return None if record is None else record.status


def test_subscribe_confirm_receive_and_leave_with_one_click(
    engine: Engine, mail_site: tuple[str, Settings, RecordingHandler], tab: Watched, tmp_path: Path
) -> None:
    base, settings, smtp = mail_site
    address = "reader@example.org"
    page = tab.page
    page.goto(f"{base}/")
    page.get_by_role("link", name="Subscribe", exact=True).click()
    page.wait_for_url(f"{base}/subscribe")
    fits_a_phone(page)
    page.get_by_label("Email address").fill(address)
    page.keyboard.press("Enter")
    expect(page.locator("h1")).to_have_text("Check your inbox")

    (confirmation,) = smtp.to(address)
    link = next(w for w in _plain(confirmation).split() if "/subscribe/confirm?token=" in w)
    assert link.startswith(base)
    page.goto(link)
    assert _status(engine, address) == "pending"  # opening the link (or a scanner) confirms nothing
    page.get_by_role("button", name="Yes, send me the digest").click()
    expect(page.locator("h1")).to_have_text("You are subscribed")
    assert _status(engine, address) == "confirmed"

    seed(engine, posts=4, flags=0, spacing_minutes=60)
    publish(engine, settings, week_start=WEEK, out_dir=tmp_path / "site", send=True, secret=SECRET)
    digests = [m for m in smtp.to(address) if m is not confirmation]
    assert len(digests) == 1
    assert "not medical advice" in _plain(digests[0]).lower()
    assert digests[0]["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    one_click = next(
        part.strip().strip("<>")
        for part in str(digests[0]["List-Unsubscribe"]).split(",")
        if part.strip().startswith(f"<{base}")
    )

    # Following the link shows a button and changes nothing ...
    page.goto(one_click)
    expect(page.get_by_role("button", name="Unsubscribe")).to_be_visible()
    assert _status(engine, address) == "confirmed"
    # ... and the mail client's one-click POST, with no session, unsubscribes.
    page.context.clear_cookies()
    answer = page.context.request.post(
        one_click,
        data="List-Unsubscribe=One-Click",
        headers={"content-type": "application/x-www-form-urlencoded"},
    )
    assert answer.status == 200
    assert _status(engine, address) == "unsubscribed"

    publish(
        engine, settings, week_start=date(2026, 11, 30), out_dir=tmp_path / "site", send=True, secret=SECRET
    )
    assert len(smtp.to(address)) == 2  # the confirmation and one digest: nothing after leaving
