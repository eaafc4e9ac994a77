"""The static archive on disk."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import feedparser
import pytest
from bs4 import BeautifulSoup

from bot.digest.archive import write_archive
from bot.digest.build import build_digest
from bot.errors import DeliveryError

from .factories import NOW, card, post, settings


def test_archive_has_index_week_pages_feeds_and_latest(tmp_path: Path) -> None:
    cards = {"c1": card("c1")}
    newest = build_digest([post("p", post_type="research_news", matches=())], cards, settings(), NOW)
    older = build_digest([], cards, settings(), NOW - timedelta(days=7))
    written = write_archive(tmp_path / "site", [older, newest], settings())
    site = tmp_path / "site"
    names = sorted(str(p.relative_to(site)) for p in written)
    assert names == sorted(
        [
            "weeks/2025-03-03.html",
            "weeks/2025-03-03.txt",
            "weeks/2025-02-24.html",
            "weeks/2025-02-24.txt",
            "digest.html",
            "digest.txt",
            "index.html",
            "feed.atom",
            "feed.rss",
        ]
    )
    assert (site / "digest.html").read_text() == (site / "weeks/2025-03-03.html").read_text()
    index = BeautifulSoup((site / "index.html").read_text(), "html.parser")
    links = [a["href"] for a in index.find_all("a") if str(a["href"]).startswith("weeks/")]
    assert links == ["weeks/2025-03-03.html", "weeks/2025-02-24.html"]
    assert all((site / str(href)).is_file() for href in links)
    assert len(feedparser.parse((site / "feed.atom").read_bytes()).entries) == 2
    assert not list(site.rglob(".*"))  # no temporary files left behind
    # Public files: a web server running as another user can read every one of them.
    for path in (site, site / "weeks", *written):
        mode = path.stat().st_mode & 0o777
        assert mode == (0o755 if path.is_dir() else 0o644), (path, oct(mode))


def test_digest_html_is_the_week_just_published_not_the_newest(tmp_path: Path) -> None:
    cards = {"c1": card("c1")}
    newest = build_digest([], cards, settings(), NOW)
    older = build_digest([], cards, settings(), NOW - timedelta(days=7))
    write_archive(tmp_path, [older, newest], settings(), latest=older)
    assert (tmp_path / "digest.html").read_text() == (tmp_path / "weeks/2025-02-24.html").read_text()


def test_unwritable_archive_is_a_clear_error(tmp_path: Path) -> None:
    blocker = tmp_path / "site"
    blocker.write_text("a file where the folder should be")
    with pytest.raises(DeliveryError, match=f"{blocker}: cannot create the archive folder"):
        write_archive(blocker, [build_digest([], {}, settings(), NOW)], settings())
