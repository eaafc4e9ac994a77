"""The HTML page and the plain-text body: escaping, the card beside the claim, no usernames."""

from __future__ import annotations

import re
from datetime import date

import pytest
from bs4 import BeautifulSoup

from bot.digest.build import build_digest
from bot.digest.render import TEXT_WIDTH, render_email_html, render_html, render_text, week_range
from bot.digest.types import Digest, DigestCounts, ReviewedFlag
from bot.evidence.types import Flag

from .factories import HOSTILE, NOW, card, claim, match, post, settings

CLAIM = f"Inflammation causes ME {HOSTILE}, says u/jane_doe."


@pytest.fixture
def digest() -> Digest:
    cards = {"maes": card("maes"), "hostile": card("hostile", title=f"Card {HOSTILE}", tags={})}
    posts = [
        post(
            "p1",
            text=f"{CLAIM} Thanks @JaneD!",
            claims=(claim(CLAIM, "maes"),),
            flags=(
                ReviewedFlag(
                    Flag("overstated", f"Worded more strongly than this study {HOSTILE}", claim_text=CLAIM),
                    "open",
                    f"Note {HOSTILE}",
                ),
            ),
        ),
        post("p2", post_type="research_news", topics=(HOSTILE,), matches=(match("hostile"),)),
        post(
            "p3",
            title=HOSTILE,
            text=f"See {HOSTILE}",
            claims=(claim(f"{HOSTILE} causes ME.", strength="direct_causal"),),
            matches=(match(None, title=f"Paper {HOSTILE}"),),
        ),
    ]
    return build_digest(posts, cards, settings(), NOW)


def test_html_escapes_every_piece_of_collected_text(digest: Digest) -> None:
    html = render_html(digest, unsubscribe_url="https://example.org/unsubscribe?token=t&x=1")
    soup = BeautifulSoup(html, "html.parser")
    assert soup.find("script") is None
    assert soup.find("img") is None
    assert not any(tag.has_attr("onerror") for tag in soup.find_all(True))
    assert "&lt;script&gt;" in html
    assert "&lt;img src=x onerror=alert(1)&gt;" in html
    assert "<script>" not in html
    assert "<img" not in html
    # The visible text is what the post said, unchanged.
    assert HOSTILE in soup.get_text()


def test_each_claim_sits_beside_its_card_and_limits(digest: Digest) -> None:
    soup = BeautifulSoup(render_html(digest), "html.parser")
    article = next(a for a in soup.find_all("article") if "Inflammation causes ME" in a.get_text())
    text = " ".join(article.get_text(" ").split())
    assert "Study maes" in text
    assert "Evidence: E2 Moderate" in text
    assert "Case-Control" in text
    assert "Preliminary" in text
    assert "PEM unclear" in text
    assert "Small Sample, Exploratory Only" in text
    assert "What this study does not prove" in text
    assert "It does not show that maes causes ME/CFS." in text
    assert "worded as cause and effect" in text
    assert "Worded more strongly than this study" in text
    assert "An automatic reading, not yet checked by a moderator." in text
    assert f"Moderator's note: Note {HOSTILE}" in text
    # Each card once: the same card is never printed twice.
    assert sum("Study maes" in a.get_text() for a in soup.find_all("article")) == 1


def test_not_medical_advice_at_top_and_bottom(digest: Digest) -> None:
    soup = BeautifulSoup(render_html(digest), "html.parser")
    header, footer = soup.find("header"), soup.find("footer")
    assert header is not None
    assert "This is not medical advice." in header.get_text()
    assert footer is not None
    assert "This is not medical advice." in footer.get_text()
    text = render_text(digest)
    assert text.count("NOT MEDICAL ADVICE") == 2
    assert text.index("NOT MEDICAL ADVICE") < text.index("Inflammation causes ME")
    assert text.rindex("NOT MEDICAL ADVICE") > text.index("does not prove")


def test_no_username_anywhere(digest: Digest) -> None:
    for out in (render_html(digest), render_text(digest)):
        assert "jane_doe" not in out
        assert "JaneD" not in out


def test_page_is_phone_friendly_and_calm(digest: Digest) -> None:
    html = render_html(digest)
    assert '<meta name="viewport" content="width=device-width, initial-scale=1">' in html
    assert "max-width: 40rem" in html
    assert "-apple-system" in html
    lowered = BeautifulSoup(html, "html.parser").get_text().lower()
    for word in ("warning", "danger", "alert!", "misinformation", "fake"):
        assert word not in lowered
    assert not re.search(r"(background|color):\s*(red|#f00\b|#ff0000|#c00\b|#d00\b)", html, re.I)


def test_text_is_plain_and_wrapped(digest: Digest) -> None:
    text = render_text(digest, unsubscribe_url="https://example.org/unsubscribe?token=t")
    assert HOSTILE.split(" ")[0] in text  # plain text: shown as written, nothing to interpret
    assert "&lt;" not in text
    long_lines = [ln for ln in text.splitlines() if len(ln) > TEXT_WIDTH]
    assert all("://" in ln or " " not in ln.strip() for ln in long_lines), long_lines
    assert "What this study does not prove: It does not show that maes causes ME/CFS." in " ".join(
        ln.strip() for ln in text.splitlines()
    )
    assert text.rstrip().endswith("Unsubscribe: https://example.org/unsubscribe?token=t")


def test_an_empty_week_still_renders() -> None:
    empty = build_digest([], {}, settings(), NOW)
    assert "Nothing this week" in render_text(empty)
    assert "Nothing this week" in render_html(empty)


@pytest.mark.parametrize(
    ("start", "end", "label"),
    [
        (date(2025, 3, 3), date(2025, 3, 9), "3–9 March 2025"),
        (date(2025, 2, 24), date(2025, 3, 2), "24 February – 2 March 2025"),
        (date(2025, 12, 29), date(2026, 1, 4), "29 December 2025 – 4 January 2026"),
    ],
)
def test_week_range(start: date, end: date, label: str) -> None:
    d = Digest("t", start, end, NOW, (), DigestCounts())
    assert d.is_empty
    assert week_range(d) == label


def test_two_line_summary_and_sections_in_both_parts(digest: Digest) -> None:
    html, text = render_html(digest), render_text(digest)
    soup = BeautifulSoup(html, "html.parser")
    summary = soup.find(class_="summary")
    assert summary is not None
    assert summary.get_text("\n").splitlines() == list(digest.summary)
    flat = " ".join(text.split())
    for line in digest.summary:
        assert line in flat
    for heading in ("Claims with no evidence card", "Newly cited papers the atlas lacks"):
        assert heading in soup.get_text()
        assert heading in text
    assert f"Paper {HOSTILE}" in soup.get_text()


def test_email_html_has_inlined_css_and_keeps_dark_mode(digest: Digest) -> None:
    html = render_email_html(digest, unsubscribe_url="https://example.org/u?token=t")
    soup = BeautifulSoup(html, "html.parser")
    body = soup.find("body")
    assert body is not None
    assert "font" in str(body.get("style", ""))  # inlined for clients that drop <style>
    assert "prefers-color-scheme: dark" in html
    assert len(html.encode()) < 100_000
