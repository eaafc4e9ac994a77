"""A body cut at ``http.max_bytes`` is reported as cut at the size cap, never as a parse error.

Issue 7, finding 11: the 50 MB-body case used to read "not a feed (...)" or "not JSON".
"""

from __future__ import annotations

from servers.replay import ReplayServer, Reply

from bot.config import HttpSettings, Settings, SourceSettings
from bot.errors import SourceError
from sources.base import build_source

CAP = HttpSettings(per_host_interval=0, retries=0, respect_robots=False, max_bytes=100_000)
FIFTY_MB = 50_000_000


class _NoCursors:
    def get(self, key: str) -> None:
        return None


def _outcome(cfg: dict[str, object]) -> str:
    """Everything the source said: its warnings, or the error it stopped with."""
    source_cfg = SourceSettings.model_validate(cfg)
    source = build_source(source_cfg, Settings(http=CAP, sources=(source_cfg,)))
    try:
        return " ".join(w for b in source.collect(_NoCursors()) for w in b.warnings)
    except SourceError as exc:
        return str(exc)


def test_a_50_mb_feed_is_cut_at_the_size_cap(replay_server: ReplayServer) -> None:
    head = b'<?xml version="1.0"?><rss version="2.0"><channel><title>t</title><item><description>'
    xml = {"Content-Type": "text/xml"}
    replay_server.add("/feed", Reply(body=head + b"pacing " * 10, stream_bytes=FIFTY_MB, headers=xml))
    said = _outcome({"name": "big", "kind": "feed", "url": replay_server.url("/feed")})
    assert "cut at the size cap (100000 bytes" in said
    assert "not a feed" not in said
    assert "ill-formed" not in said


def test_a_50_mb_discourse_answer_is_cut_at_the_size_cap(replay_server: ReplayServer) -> None:
    body = b'{"topic_list": {"topics": [' + b'{"id": 1, "slug": "x"},' * 10
    as_json = {"Content-Type": "application/json"}
    replay_server.add("/latest.json", Reply(body=body, stream_bytes=FIFTY_MB, headers=as_json))
    said = _outcome({"name": "d", "kind": "forum", "preset": "discourse", "url": replay_server.url("/")})
    assert "cut at the size cap (100000 bytes" in said
    assert "not JSON" not in said
