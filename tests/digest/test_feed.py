"""The Atom and RSS feeds: valid, one entry per week, stable ids, escaped content."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from dataclasses import replace
from datetime import timedelta

import feedparser

from bot.digest.build import build_digest
from bot.digest.feed import render_atom, render_rss
from bot.digest.types import Digest

from .factories import HOSTILE, NOW, card, claim, post, settings

ATOM = "{http://www.w3.org/2005/Atom}"


def _weeks() -> list[Digest]:
    cards = {"c1": card("c1")}
    text = f"C1 causes ME {HOSTILE}"
    this_week = build_digest([post("p1", claims=(claim(text, "c1"),))], cards, settings(), NOW)
    last_week = build_digest([], cards, settings(), NOW - timedelta(days=7))
    return [last_week, this_week]


def test_atom_parses_back_with_one_entry_per_week_newest_first() -> None:
    cfg = settings(site_url="https://digest.example.org/me")
    feed = feedparser.parse(render_atom(_weeks(), cfg))
    assert not feed.bozo, feed.get("bozo_exception")
    assert feed.version == "atom10"
    assert feed.feed.title == cfg.digest.title
    assert [e.id for e in feed.entries] == [
        "https://digest.example.org/me/weeks/2025-03-03.html",
        "https://digest.example.org/me/weeks/2025-02-24.html",
    ]
    assert feed.entries[0].link == feed.entries[0].id
    assert "3–9 March 2025" in feed.entries[0].title
    assert "What this study does not prove" in feed.entries[0].content[0].value


def test_rebuilding_a_week_keeps_its_id_and_moves_updated() -> None:
    weeks = _weeks()
    rebuilt = replace(weeks[1], generated_at=NOW + timedelta(hours=3))
    first = feedparser.parse(render_atom(weeks, settings()))
    second = feedparser.parse(render_atom([weeks[0], rebuilt], settings()))
    assert [e.id for e in first.entries] == [e.id for e in second.entries]
    assert first.entries[0].updated != second.entries[0].updated


def test_atom_content_is_escaped_html() -> None:
    root = ET.fromstring(render_atom(_weeks(), settings()))
    contents = [c.text or "" for c in root.iter(f"{ATOM}content")]
    assert len(contents) == 2
    html = contents[0]  # the entry's HTML, as a reader receives it
    assert "<script" not in html
    assert "<img" not in html
    assert "&lt;script&gt;" in html
    assert "onerror=alert(1)&gt;" in html


def test_rss_parses_back() -> None:
    feed = feedparser.parse(render_rss(_weeks(), settings()))
    assert not feed.bozo, feed.get("bozo_exception")
    assert feed.version == "rss20"
    assert len(feed.entries) == 2
    assert feed.feed.link == "http://localhost:8080/"


def test_an_empty_archive_is_still_a_valid_feed() -> None:
    feed = feedparser.parse(render_atom([], settings()))
    assert not feed.bozo
    assert feed.entries == []
