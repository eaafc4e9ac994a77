"""Collect on both databases against bad bytes, deletions at the source and broken settings.

Issue 7, findings 4 (a NUL byte lost a whole batch on PostgreSQL), 5 (deletions honoured only
for Reddit), 10 (a misconfigured source hid its error behind "backing off") and 11 (secrets in
source URLs printed and stored).
"""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

from servers.replay import ReplayServer, Reply
from sqlalchemy import Engine, func, select

from bot.config import Settings, parse_settings
from bot.pipeline.collect import collect
from sources.base import Batch
from sources.types import RawPost
from storage.db import transaction
from storage.posts import store_batch
from storage.schema import Cursor, Post, Run

NOW = datetime(2026, 11, 10, 12, 0, tzinfo=UTC)


def _settings(tmp_path: Path, *sources: dict[str, object], **extra: object) -> Settings:
    return parse_settings(
        {"sources": list(sources), "http": {"per_host_interval": 0, "retries": 0}, **extra},
        base_dir=tmp_path,
    )


def _texts(engine: Engine, source: str) -> dict[str, str]:
    with transaction(engine) as session:
        rows = session.execute(select(Post.external_id, Post.text).where(Post.source == source))
        return {str(i): str(t) for i, t in rows}


# -- finding 4: bad bytes cost nothing, a bad post only itself --------------------------------------


def test_nul_and_control_characters_in_a_file_source_lose_nothing(engine: Engine, tmp_path: Path) -> None:
    lines = [json.dumps({"id": f"p{i}", "body": f"post {i} about pacing"}) for i in range(10)]
    lines[3] = json.dumps(
        {"id": "p3", "body": "a NUL \u0000 here, a bell \u0007, a lone \ud800", "title": "t\u0000"}
    )
    (tmp_path / "posts.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    settings = _settings(tmp_path, {"name": "export", "kind": "file", "path": "posts.jsonl"})
    (report,) = collect(engine, settings)
    assert (report.new, report.failed) == (10, 0)
    stored = _texts(engine, "export")
    assert len(stored) == 10
    assert stored["p3"] == "a NUL  here, a bell , a lone \ufffd"


def test_nul_bytes_through_feeds_lose_nothing(engine: Engine, replay_server: ReplayServer) -> None:
    rss = (
        b'<?xml version="1.0"?><rss version="2.0"><channel><title>t</title>'
        + b"".join(
            f"<item><guid>g{i}</guid><title>item {i}</title><description>text {i}\x00 and more"
            f"</description></item>".encode()
            for i in range(5)
        )
        + b"</channel></rss>"
    )
    json_feed = json.dumps(
        {
            "version": "https://jsonfeed.org/version/1.1",
            "title": "j",
            "items": [{"id": f"j{i}", "content_text": f"json \u0000 item {i}\u0001"} for i in range(5)],
        }
    ).encode()
    replay_server.add("/rss", Reply(body=rss, headers={"Content-Type": "application/rss+xml"}))
    replay_server.add("/json", Reply(body=json_feed, headers={"Content-Type": "application/feed+json"}))
    settings = _settings(
        Path("."),
        {"name": "rss", "kind": "feed", "url": replay_server.url("/rss")},
        {"name": "jf", "kind": "feed", "url": replay_server.url("/json")},
        **{"http": {"per_host_interval": 0, "retries": 0, "respect_robots": False}},
    )
    reports = {r.source: r for r in collect(engine, settings)}
    assert (reports["rss"].new, reports["rss"].failed) == (5, 0)
    assert (reports["jf"].new, reports["jf"].failed) == (5, 0)
    for text in [*_texts(engine, "rss").values(), *_texts(engine, "jf").values()]:
        assert "\x00" not in text
        assert "\x01" not in text


def test_one_bad_post_costs_only_itself_and_is_named(engine: Engine) -> None:
    def raw(external_id: str, score: int | None = None) -> RawPost:
        return RawPost(
            "forum", external_id, "post", None, None, f"text {external_id}", None, NOW, score=score
        )

    batch = Batch((raw("a"), raw("b", score=2**40), raw("c", score=5)), "k", {"page": 1})
    with transaction(engine) as session:
        result = store_batch(session, batch, source="forum")
    assert result.new == 2
    assert result.rejected == [f"forum:b: score {2**40} is out of range"]
    assert sorted(_texts(engine, "forum")) == ["a", "c"]
    with transaction(engine) as session:
        assert session.scalar(select(func.count()).select_from(Cursor)) == 1


# -- finding 5: deletions at the source are honoured, and counted ---------------------------------


def _ids(engine: Engine, source: str) -> list[str]:
    return sorted(_texts(engine, source))


def _run_report(engine: Engine) -> dict[str, object]:
    with transaction(engine) as session:
        run = session.scalars(select(Run).order_by(Run.id.desc())).first()
        assert run is not None
        return {s["source"]: s for s in run.report["sources"]}


def test_a_line_removed_from_a_file_source_purges_its_post(engine: Engine, tmp_path: Path) -> None:
    path = tmp_path / "posts.jsonl"
    lines = [json.dumps({"id": f"p{i}", "body": f"post {i} about pacing"}) for i in range(3)]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    settings = _settings(tmp_path, {"name": "export", "kind": "file", "path": "posts.jsonl"})
    collect(engine, settings)
    path.write_text(lines[0] + "\n" + lines[2] + "\n", encoding="utf-8")
    (report,) = collect(engine, settings)
    assert (report.deleted, report.failed) == (1, 0)
    assert _ids(engine, "export") == ["p0", "p2"]
    assert _run_report(engine)["export"]["deleted"] == 1  # type: ignore[index]

    # An unreadable line hides its id: nothing is purged while it is there, and it says so.
    path.write_text(lines[0] + "\n{not json\n", encoding="utf-8")
    (report,) = collect(engine, settings)
    assert report.deleted == 0
    assert any("deletions not checked" in e for e in report.errors)
    assert _ids(engine, "export") == ["p0", "p2"]


def _thread(*posts: tuple[int, str]) -> str:
    return (
        "<html><body><h1 class='p-title-value'>Pacing</h1>"
        + "".join(
            f'<article class="message message--post" data-author="a{n}" data-content="post-{n}">'
            f'<article class="message-body"><div class="bbWrapper">{text}</div></article></article>'
            for n, text in posts
        )
        + "</body></html>"
    )


def test_a_post_gone_from_a_refetched_forum_page_is_purged(
    engine: Engine, replay_server: ReplayServer
) -> None:
    html = {"Content-Type": "text/html; charset=utf-8"}
    index = (
        '<html><body><div class="structItem structItem--thread"><div class="structItem-title">'
        '<a href="/t/1" data-tp-primary="on">Pacing</a></div></div></body></html>'
    )
    replay_server.add("/forum/", Reply(body=index, headers=html))
    replay_server.add(
        "/t/1",
        Reply(body=_thread((101, "first"), (102, "second, later deleted"), (103, "third")), headers=html),
        Reply(body=_thread((101, "first"), (103, "third"), (104, "fourth")), headers=html),
    )
    settings = _settings(
        Path("."),
        {"name": "forum", "kind": "forum", "preset": "xenforo", "url": replay_server.url("/forum/")},
    )
    collect(engine, settings)
    assert _ids(engine, "forum") == ["101", "102", "103"]
    (report,) = collect(engine, settings)
    assert (report.new, report.deleted, report.failed) == (1, 1, 0)
    assert _ids(engine, "forum") == ["101", "103", "104"]


def test_a_post_gone_from_a_discourse_topic_is_purged(engine: Engine, replay_server: ReplayServer) -> None:
    def topic(*ids: int) -> Reply:
        """Post numbers never shift in Discourse: post 1x is number x."""
        posts = [
            {
                "id": i,
                "post_number": i - 10,
                "username": "u",
                "cooked": f"<p>post {i}</p>",
                "created_at": None,
            }
            for i in ids
        ]
        body = {"title": "T", "post_stream": {"posts": posts, "stream": list(ids)}}
        return Reply(body=json.dumps(body), headers={"Content-Type": "application/json"})

    def latest(highest: int) -> Reply:
        listing = {"topic_list": {"topics": [{"id": 5, "slug": "t", "highest_post_number": highest}]}}
        return Reply(body=json.dumps(listing), headers={"Content-Type": "application/json"})

    replay_server.add("/latest.json", latest(3), latest(4))
    replay_server.add("/t/5.json", topic(11, 12, 13), topic(11, 13, 14))
    settings = _settings(
        Path("."), {"name": "disc", "kind": "forum", "preset": "discourse", "url": replay_server.url("/")}
    )
    collect(engine, settings)
    assert _ids(engine, "disc") == ["11", "12", "13"]
    (report,) = collect(engine, settings)
    assert (report.new, report.deleted) == (1, 1)
    assert _ids(engine, "disc") == ["11", "13", "14"]


def test_gone_from_page_allows_for_posts_moving_to_the_page_before() -> None:
    from sources.forums import gone_from_page

    assert gone_from_page(["1", "2", "3"], ["1", "3"], first_page=True) == ("2",)
    # A later page: "21" may have moved to the page before when an earlier post was deleted.
    assert gone_from_page(["21", "22", "23", "24"], ["22", "24", "25"], first_page=False) == ("23",)
    assert gone_from_page(["21", "22"], ["30", "31"], first_page=False) == ()
