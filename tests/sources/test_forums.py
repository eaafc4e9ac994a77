"""The forum source against a real local server: walking, cursors, crashes and faults."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from servers.replay import ReplayServer, Reply
from sqlalchemy import Engine, func, select

from bot.config import HttpSettings, Settings, SourceSettings, parse_settings
from bot.errors import SourceNotConfigured
from bot.pipeline.collect import EngineCursorStore
from sources.base import Batch, build_source
from sources.forums import ForumSource
from sources.http import HttpClient
from storage.db import transaction
from storage.posts import store_batch
from storage.schema import Cursor, Post

PAGES = Path(__file__).parent / "pages"
ROOT = Path(__file__).resolve().parents[2]
HTML = {"Content-Type": "text/html; charset=utf-8"}
FAST = HttpSettings(per_host_interval=0, retries=1, backoff_base=0, read_timeout=2)
ALL_XF_POSTS = {"50101", "50108", "50117", "50140", "50152", "50201", "50209", "50011", "50019"}


def _serve_xenforo(server: ReplayServer, **overrides: tuple[Reply, ...]) -> None:
    """Every saved XenForo page; an override is a sequence of replies, served in order."""
    for page in sorted((PAGES / "xenforo").glob("*.html")):
        replies = overrides.get(page.name) or (Reply.file(page, HTML),)
        server.add(f"/forum/{page.name}", *replies)


def _source(url: str, name: str = "test-forum", **options: Any) -> ForumSource:
    cfg = SourceSettings.model_validate(
        {"name": name, "kind": "forum", "url": url, "preset": "xenforo", **options}
    )
    # Built as the bot builds it: the configured forum's own host (127.0.0.1:port) is trusted.
    settings = Settings(http=FAST, sources=(cfg,))
    return ForumSource(cfg, settings, client=HttpClient.for_settings(settings, sleep=lambda _s: None))


def _run(engine: Engine, source: ForumSource, crash_after: int | None = None) -> list[Batch]:
    """What the collect stage does: each batch stored with its cursor in one transaction."""
    done: list[Batch] = []
    for batch in source.collect(EngineCursorStore(engine, source.name)):
        with transaction(engine) as session:
            store_batch(session, batch, source=source.name)
        done.append(batch)
        if crash_after is not None and len(done) >= crash_after:
            raise RuntimeError("killed mid-source")
    return done


def _ids(batches: list[Batch]) -> list[str]:
    return [p.external_id for b in batches for p in b.posts]


def _stored(engine: Engine) -> list[str]:
    with transaction(engine) as session:
        return sorted(session.scalars(select(Post.external_id)))


def test_walks_list_pages_threads_and_thread_pages(engine: Engine, replay_server: ReplayServer) -> None:
    _serve_xenforo(replay_server)
    batches = _run(engine, _source(replay_server.url("/forum/forum.html")))
    posts = {p.external_id: p for b in batches for p in b.posts}
    assert set(posts) == ALL_XF_POSTS  # both list pages, three threads, thread 310's second page
    assert {p.external_id for p in posts.values() if p.kind == "post"} == {"50101", "50201", "50011"}
    assert posts["50152"].parent_id == "50101"
    assert posts["50152"].title == "Low-dose naltrexone: anyone tried it?"
    assert posts["50152"].links == ("https://www.omf.ngo/ldn-overview",)
    assert posts["50140"].url == replay_server.url("/forum/thread-310-page-2.html#post-50140")
    assert all(p.author_hash and "Oatcake" not in p.author_hash for p in posts.values())
    assert _stored(engine) == sorted(ALL_XF_POSTS)
    with transaction(engine) as session:
        cursor = session.scalars(select(Cursor).where(Cursor.key.like("%thread-310.html"))).one()
    assert cursor.state["last_post_id"] == "50152"
    assert cursor.state["resume_url"].endswith("thread-310-page-2.html")


def test_second_run_yields_nothing_and_fetches_no_thread(engine: Engine, replay_server: ReplayServer) -> None:
    _serve_xenforo(replay_server)
    source = _source(replay_server.url("/forum/forum.html"))
    _run(engine, source)
    before = len(replay_server.requests)
    assert _ids(_run(engine, source)) == []
    again = [r.path for r in replay_server.requests[before:]]
    assert again == ["/forum/forum.html", "/forum/forum-page-2.html"]  # unchanged threads are not fetched


def test_a_new_reply_is_read_from_the_page_the_cursor_stopped_on(
    engine: Engine, replay_server: ReplayServer
) -> None:
    page2 = (PAGES / "xenforo/thread-310-page-2.html").read_text(encoding="utf-8")
    listing = (PAGES / "xenforo/forum.html").read_text(encoding="utf-8")
    start = page2.index('<article class="message message--post')
    newer = page2[
        start : page2.index("</article>\n", page2.rindex('<article class="message message--post')) + 11
    ]
    newer = newer[newer.rindex('<article class="message message--post') :]
    added = (
        newer.replace("50152", "50170")
        .replace("2026-10-09T07:05:45+0000", "2026-10-12T10:00:00+0000")
        .replace("Good luck.", "One more thing:")
    )
    page2_v2 = page2.replace(
        "</article>\n</div>\n</div>\n</div>", "</article>\n" + added + "</div>\n</div>\n</div>", 1
    )
    listing_v2 = listing.replace('datetime="2026-10-09T07:05:45+0000"', 'datetime="2026-10-12T10:00:00+0000"')
    assert page2_v2 != page2
    assert listing_v2 != listing
    _serve_xenforo(
        replay_server,
        **{
            "thread-310-page-2.html": (Reply(body=page2, headers=HTML), Reply(body=page2_v2, headers=HTML)),
            "forum.html": (Reply(body=listing, headers=HTML), Reply(body=listing_v2, headers=HTML)),
        },
    )
    source = _source(replay_server.url("/forum/forum.html"))
    _run(engine, source)
    before = len(replay_server.requests)
    batches = _run(engine, source)
    assert _ids(batches) == ["50170"]
    assert batches[0].posts[0].text.startswith("One more thing:")
    fetched = [r.path for r in replay_server.requests[before:]]
    assert "/forum/thread-310.html" not in fetched  # resumed on page 2
    assert len(_stored(engine)) == len(ALL_XF_POSTS) + 1


def test_killed_mid_source_and_restarted_loses_and_duplicates_nothing(
    engine: Engine, replay_server: ReplayServer
) -> None:
    _serve_xenforo(replay_server)
    source = _source(replay_server.url("/forum/forum.html"))
    with pytest.raises(RuntimeError, match="killed"):
        _run(engine, source, crash_after=1)
    first = _stored(engine)
    assert first == ["50101", "50108", "50117"]  # the first thread's first page, with its cursor
    again = _ids(_run(engine, source))
    assert sorted(again) == sorted(ALL_XF_POSTS - set(first))  # nothing re-yielded
    with transaction(engine) as session:
        assert session.scalar(select(func.count()).select_from(Post)) == len(ALL_XF_POSTS)


def test_a_500_on_one_thread_page_loses_only_that_thread(engine: Engine, replay_server: ReplayServer) -> None:
    fixed = Reply.file(PAGES / "xenforo/thread-322.html", HTML)
    _serve_xenforo(replay_server, **{"thread-322.html": (Reply(500), Reply(500), fixed)})
    source = _source(replay_server.url("/forum/forum.html"))
    batches = _run(engine, source)
    assert set(_ids(batches)) == ALL_XF_POSTS - {"50201", "50209"}
    warnings = [w for b in batches for w in b.warnings]
    assert len(warnings) == 1
    assert "thread-322.html" in warnings[0]
    assert "HTTP 500" in warnings[0]
    assert sorted(_ids(_run(engine, source))) == ["50201", "50209"]  # recovered next run


def test_wrong_charset_is_decoded_by_what_the_bytes_are(engine: Engine, replay_server: ReplayServer) -> None:
    html = (PAGES / "xenforo/thread-305.html").read_text(encoding="utf-8")
    html = html.replace("Same here.", "Même chose ici — café.")
    _serve_xenforo(replay_server, **{"thread-305.html": (Reply(body=html.encode("cp1252"), headers=HTML),)})
    posts = {
        p.external_id: p
        for b in _run(engine, _source(replay_server.url("/forum/forum.html")))
        for p in b.posts
    }
    assert posts["50019"].text.startswith("Même chose ici — café.")


def test_the_bundled_sample_works_offline(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)
    settings = parse_settings(
        {
            "sources": [
                {
                    "name": "sample-forum",
                    "kind": "forum",
                    "preset": "xenforo",
                    "url": "sources/samples/forum/index.html",
                }
            ]
        },
        base_dir=ROOT,
    )

    class NoCursors:
        def get(self, key: str) -> dict[str, Any] | None:
            return None

    batches = list(build_source(settings.sources[0], settings).collect(NoCursors()))
    posts = [p for b in batches for p in b.posts]
    assert len(posts) == 12
    assert all(
        p.created_at and "2026-11-09" <= p.created_at.date().isoformat() <= "2026-11-15" for p in posts
    )
    seed = (ROOT.parent / "shared/data/seed-pages/002_b38e0e260db0c5b7.txt").read_text(encoding="utf-8")
    first = next(p for p in posts if p.external_id == "880101")
    assert first.kind == "post"
    assert first.text.split() == seed.split()


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ({"preset": "vbulletin"}, "option 'preset'"),
        ({"preset": "xenforo", "colour": "blue"}, "unknown option 'colour'"),
        ({"preset": "xenforo", "selectors": {"posts": "div"}}, "unknown option 'selectors.posts'"),
        ({"preset": "xenforo", "max_pages": 0}, "option 'max_pages'"),
        ({}, "option 'selectors.thread_item' is required"),
        ({"preset": "discourse", "selectors": {"post": "div"}}, "option 'selectors'"),
    ],
)
def test_bad_options_name_themselves(options: dict[str, Any], message: str) -> None:
    settings = parse_settings({"sources": [{"name": "f", "kind": "forum", "url": "x", **options}]})
    with pytest.raises(SourceNotConfigured, match=message) as caught:
        build_source(settings.sources[0], settings)
    assert str(caught.value).startswith("f: ")


@pytest.fixture
def discourse(replay_server: ReplayServer) -> ReplayServer:
    d = PAGES / "discourse"
    json_headers = {"Content-Type": "application/json; charset=utf-8"}
    replay_server.add_file("/latest.json", d / "latest.json", json_headers)
    replay_server.add(
        "/latest.json", Reply.file(d / "latest-page-1.json", json_headers), query="no_definitions=true&page=1"
    )
    replay_server.add_file("/t/7781.json", d / "t-7781.json", json_headers)
    replay_server.add(
        "/t/7781/posts.json",
        Reply.file(d / "t-7781-posts.json", json_headers),
        query=[("post_ids[]", "90031"), ("post_ids[]", "90036")],
    )
    replay_server.add_file("/t/7790.json", d / "t-7790.json", json_headers)
    return replay_server


def test_discourse_is_read_through_its_json_api(engine: Engine, discourse: ReplayServer) -> None:
    source = _source(discourse.url("/latest"), name="disc", preset="discourse")
    posts = {p.external_id: p for b in _run(engine, source) for p in b.posts}
    assert sorted(posts) == ["90001", "90004", "90011", "90015", "90020", "90031", "90036"]
    assert posts["90011"].kind == "post"
    assert posts["90011"].links == ("https://www.nih.gov/news-events/news-releases/example-recover-mecfs",)
    assert "Preview text" not in posts["90011"].text  # the onebox is the linked page's words
    assert posts["90020"].text.startswith("Worth remembering")  # the quote of post 1 removed
    assert posts["90020"].parent_id == "90011"
    assert posts["90036"].url == discourse.url("/t/long-covid-and-me-cfs-overlap-in-the-recover-data/7781/5")
    assert _ids(_run(engine, source)) == []
    assert len(discourse.hits("/t/7781.json")) == 1  # unchanged topics are not fetched again
