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
from storage.schema import Cursor, Post

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
