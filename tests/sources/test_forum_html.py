"""Forum page parsing: golden files for every preset, and pages that only half parse.

Each saved page under ``pages/<engine>/`` sits beside ``<page>.expected.json``: the RawPosts (or
thread list) it must yield. After a deliberate parser change, regenerate them with
``DIGESTBOT_UPDATE_GOLDEN=1 .venv/bin/pytest tests/sources/test_forum_html.py`` and review the diff.
"""

from __future__ import annotations

import dataclasses
import json
import os
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from sources.forum_html import parse_thread_list, parse_thread_page, parse_when, select_value, soup_of
from sources.forum_presets import HEALTHUNLOCKED, PHPBB, XENFORO, ForumSelectors
from sources.forums import to_raw_post

PAGES = Path(__file__).parent / "pages"
FETCHED = datetime(2026, 11, 16, 6, 0, tzinfo=UTC)
UPDATE = os.environ.get("DIGESTBOT_UPDATE_GOLDEN") == "1"


@pytest.fixture(autouse=True)
def _default_salt(monkeypatch: pytest.MonkeyPatch) -> None:
    """Author hashes in the golden files are made with the default key."""
    monkeypatch.delenv("DIGESTBOT_AUTHOR_SALT", raising=False)


def _jsonable(value: Any) -> Any:
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, tuple | list):
        return [_jsonable(v) for v in value]
    if isinstance(value, dict):
        return {k: _jsonable(v) for k, v in value.items()}
    return value


def _check_golden(page: Path, actual: dict[str, Any]) -> None:
    expected_path = page.with_name(page.name + ".expected.json")
    data = _jsonable(actual)
    if UPDATE:
        expected_path.write_text(json.dumps(data, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    assert expected_path.exists(), f"{expected_path.name} missing: run with DIGESTBOT_UPDATE_GOLDEN=1"
    assert data == json.loads(expected_path.read_text(encoding="utf-8"))


LISTS = [
    ("xenforo/forum.html", "https://forum.example.org/forums/research.3/", XENFORO),
    ("xenforo/forum-page-2.html", "https://forum.example.org/forums/research.3/page-2", XENFORO),
    ("phpbb/viewforum.html", "https://board.example.org/viewforum.php?f=3", PHPBB),
    ("healthunlocked/posts.html", "https://hu.example.org/meassociation/posts", HEALTHUNLOCKED),
]
# (page, its URL, selectors, the id of the thread's first post)
THREADS = [
    ("xenforo/thread-310.html", "https://forum.example.org/threads/ldn.310/", XENFORO, "50101"),
    ("xenforo/thread-310-page-2.html", "https://forum.example.org/threads/ldn.310/page-2", XENFORO, "50101"),
    ("xenforo/thread-322.html", "https://forum.example.org/threads/cytokines.322/", XENFORO, "50201"),
    ("xenforo/thread-305.html", "https://forum.example.org/threads/pacing.305/", XENFORO, "50011"),
    ("phpbb/viewtopic-4412.html", "https://board.example.org/viewtopic.php?t=4412", PHPBB, "44120"),
    (
        "phpbb/viewtopic-4412-start-3.html",
        "https://board.example.org/viewtopic.php?t=4412&start=3",
        PHPBB,
        "44120",
    ),
    ("phpbb/viewtopic-4419.html", "https://board.example.org/viewtopic.php?t=4419", PHPBB, "44190"),
    (
        "healthunlocked/post-150012345.html",
        "https://hu.example.org/meassociation/posts/150012345/gut-bacteria-and-me-cfs-two-new-studies",
        HEALTHUNLOCKED,
        "150012345",
    ),
]


@pytest.mark.parametrize(("name", "url", "sel"), LISTS, ids=[n for n, *_ in LISTS])
def test_thread_list_golden(name: str, url: str, sel: ForumSelectors) -> None:
    page = PAGES / name
    listed = parse_thread_list(page.read_text(encoding="utf-8"), url, sel)
    assert listed.threads, "a saved list page must list threads"
    _check_golden(
        page, {"threads": [dataclasses.asdict(t) for t in listed.threads], "next_url": listed.next_url}
    )


@pytest.mark.parametrize(("name", "url", "sel", "first_id"), THREADS, ids=[n for n, *_ in THREADS])
def test_thread_page_golden(name: str, url: str, sel: ForumSelectors, first_id: str) -> None:
    page = PAGES / name
    parsed = parse_thread_page(page.read_text(encoding="utf-8"), url, sel)
    assert parsed.posts
    assert not parsed.warnings
    posts = [
        to_raw_post(
            "test-forum", p, title=parsed.title, page_url=url, first_post_id=first_id, fetched_at=FETCHED
        )
        for p in parsed.posts
    ]
    _check_golden(
        page,
        {"title": parsed.title, "next_url": parsed.next_url, "posts": [dataclasses.asdict(p) for p in posts]},
    )


def test_quotes_signatures_and_forum_links_stay_out_of_a_post() -> None:
    html = (PAGES / "xenforo/thread-310-page-2.html").read_text(encoding="utf-8")
    quoting = parse_thread_page(html, "https://forum.example.org/threads/ldn.310/page-2", XENFORO).posts[0]
    # The quoted post and XenForo's "Click to expand..." are gone.
    assert quoting.text == "Thanks both. I will report back in a few weeks."
    html = (PAGES / "xenforo/thread-310.html").read_text(encoding="utf-8")
    mention = parse_thread_page(html, "https://forum.example.org/threads/ldn.310/", XENFORO).posts[1]
    assert mention.links == ()  # the @mention is forum-internal, the signature's blog is not the body
    assert "@Fernleaf start low" in mention.text


def test_seed_post_keeps_its_truncated_links_as_text() -> None:
    """The seed post (HealthUnlocked) shows links cut short: the analyser needs them verbatim."""
    html = (PAGES / "healthunlocked/post-150012345.html").read_text(encoding="utf-8")
    first = parse_thread_page(html, "https://hu.example.org/p/1", HEALTHUNLOCKED).posts[0]
    assert "pubmed.ncbi.nlm.nih.gov/296..." in first.text
    assert first.text.splitlines()[0].startswith("Though not a ME/ CFS patient")


def test_unclosed_tags_and_a_cut_page_still_yield_what_parsed() -> None:
    html = (PAGES / "xenforo/thread-310.html").read_text(encoding="utf-8")
    cut = html[: html.index('data-content="post-50117"')]  # mid-tag, nothing closed after it
    parsed = parse_thread_page(cut, "https://forum.example.org/t/310", XENFORO)
    assert [p.post_id for p in parsed.posts] == ["50101", "50108"]
    unclosed = html.replace("</div>", "").replace("</article>", "")
    posts = parse_thread_page(unclosed, "https://f/t", XENFORO).posts
    assert [p.post_id for p in posts] == ["50101", "50108", "50117"]
    assert posts[0].text.endswith("about something else.")  # no later post swallowed into the first


def test_a_post_without_a_body_is_skipped_with_a_warning_naming_page_and_selector() -> None:
    html = (PAGES / "xenforo/thread-305.html").read_text(encoding="utf-8")
    broken = html.replace(
        '<div class="bbWrapper">I use a heart-rate', '<div class="bbWrapperX">I use a heart-rate'
    )
    parsed = parse_thread_page(broken, "https://forum.example.org/t/305", XENFORO)
    assert [p.post_id for p in parsed.posts] == ["50019"]
    assert parsed.warnings == (
        "https://forum.example.org/t/305: post-50011 has no body "
        "('article.message-body div.bbWrapper'); skipped",
    )


def test_a_page_in_another_theme_warns_instead_of_failing_silently() -> None:
    html = (PAGES / "phpbb/viewtopic-4419.html").read_text(encoding="utf-8")
    parsed = parse_thread_page(html, "https://board.example.org/t", XENFORO)
    assert parsed.posts == ()
    assert parsed.warnings == (
        "https://board.example.org/t: no posts matched selector 'article.message--post'",
    )
    listed = parse_thread_list(html, "https://board.example.org/t", XENFORO)
    assert listed.threads == ()
    assert "no threads matched" in listed.warnings[0]


def test_posts_without_ids_get_stable_hash_ids() -> None:
    sel = ForumSelectors(thread_item="li", post="div.p", post_id="@data-missing", post_body="div.b")
    html = '<div class="p"><span class="u">ann</span><div class="b">same words</div></div>'
    first = parse_thread_page(html, "https://f/t", sel).posts[0].post_id
    assert first.startswith("h")
    assert first == parse_thread_page(html, "https://f/t", sel).posts[0].post_id


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2026-11-09T08:14:02+0000", datetime(2026, 11, 9, 8, 14, 2, tzinfo=UTC)),
        ("2026-11-09T09:14:02+01:00", datetime(2026, 11, 9, 8, 14, 2, tzinfo=UTC)),
        ("2026-10-22T07:00:05.120Z", datetime(2026, 10, 22, 7, 0, 5, 120000, tzinfo=UTC)),
        ("2026-11-09 08:14", datetime(2026, 11, 9, 8, 14, tzinfo=UTC)),
        ("1794212042", datetime.fromtimestamp(1794212042, UTC)),
        ("yesterday", None),
        (None, None),
    ],
)
def test_dates_become_aware_utc(value: str | None, expected: datetime | None) -> None:
    assert parse_when(value) == expected


def test_selector_specs() -> None:
    soup = soup_of('<div id="x" data-a="1"><a href="/u">  Ann  Smith </a></div>')
    div = soup.select_one("div")
    assert div is not None
    assert select_value(div, "@data-a") == "1"
    assert select_value(div, "a@href") == "/u"
    assert select_value(div, "a") == "Ann Smith"
    assert select_value(div, "span") is None
    assert select_value(div, None) is None
