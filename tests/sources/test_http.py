"""The polite HTTP layer against a real local server that misbehaves on purpose."""

from __future__ import annotations

import gzip
import tracemalloc
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from servers.replay import ReplayServer, Reply

from bot import clock
from bot.config import HttpSettings
from bot.errors import SourceError
from sources.http import FetchResult, HttpClient, HttpStatusError

FAST = HttpSettings(
    per_host_interval=0,
    retries=3,
    backoff_base=0.5,
    connect_timeout=2,
    read_timeout=0.3,
    max_retry_after=60,
    allow_hosts=("127.0.0.1",),  # the replay server's loopback address, allowed on purpose
)


class Sleeper:
    """Records the waits instead of waiting, so retry tests take milliseconds."""

    def __init__(self) -> None:
        self.calls: list[float] = []

    def __call__(self, seconds: float) -> None:
        self.calls.append(seconds)


@pytest.fixture
def sleeper() -> Sleeper:
    return Sleeper()


@pytest.fixture
def client(sleeper: Sleeper, tmp_path: Path) -> Iterator[HttpClient]:
    with HttpClient(FAST, base_dir=tmp_path, sleep=sleeper, rng=lambda: 0.5) as c:
        yield c


def test_fetch_sends_user_agent_with_contact_and_lowercases_headers(
    client: HttpClient, replay_server: ReplayServer
) -> None:
    replay_server.add(
        "/a", Reply(body="héllo".encode(), headers={"Content-Type": "text/plain; charset=utf-8"})
    )
    result = client.fetch(replay_server.url("/a"), accept="text/plain")
    assert isinstance(result, FetchResult)
    assert (result.status, result.text, result.encoding) == (200, "héllo", "utf-8")
    assert result.headers["content-type"] == "text/plain; charset=utf-8"
    sent = replay_server.hits("/a")[0].headers
    assert "contact:" in sent["user-agent"]
    assert sent["accept"] == "text/plain"


def test_robots_disallow_blocks_and_robots_is_read_once_per_host(
    client: HttpClient, replay_server: ReplayServer
) -> None:
    replay_server.robots("User-agent: *\nDisallow: /private/\n")
    replay_server.add("/public", Reply(body=b"ok"))
    with pytest.raises(SourceError, match=r"blocked by robots\.txt"):
        client.fetch(replay_server.url("/private/x"))
    assert client.fetch(replay_server.url("/public")).body == b"ok"
    assert len(replay_server.hits("/robots.txt")) == 1
    assert replay_server.hits("/private/x") == []


def test_robots_rules_for_our_agent_apply(sleeper: Sleeper, replay_server: ReplayServer) -> None:
    replay_server.robots("User-agent: digestbot\nDisallow: /\n\nUser-agent: *\nAllow: /\n")
    with HttpClient(FAST, sleep=sleeper) as c, pytest.raises(SourceError, match="robots"):
        c.fetch(replay_server.url("/anything"))


def test_robots_server_error_means_assume_disallowed(client: HttpClient, replay_server: ReplayServer) -> None:
    replay_server.add("/robots.txt", Reply(503))
    with pytest.raises(SourceError, match="RFC 9309"):
        client.fetch(replay_server.url("/page"))


def test_crawl_delay_paces_requests(sleeper: Sleeper, replay_server: ReplayServer) -> None:
    replay_server.robots("User-agent: *\nCrawl-delay: 7\n")
    replay_server.add("/p", Reply(body=b"x"))
    ticks = iter(range(100))
    with HttpClient(FAST, sleep=sleeper, clock=lambda: float(next(ticks))) as c:
        c.fetch(replay_server.url("/p"))
        c.fetch(replay_server.url("/p"))
    assert sleeper.calls
    assert max(sleeper.calls) > 3


def test_per_host_interval_spaces_requests(sleeper: Sleeper, replay_server: ReplayServer) -> None:
    replay_server.add("/p", Reply(body=b"x"))
    now = [100.0]
    settings = FAST.model_copy(update={"per_host_interval": 2.0, "respect_robots": False})
    with HttpClient(settings, sleep=sleeper, clock=lambda: now[0]) as c:
        c.fetch(replay_server.url("/p"))
        c.fetch(replay_server.url("/p"))
    assert sleeper.calls == [2.0]


def test_429_with_retry_after_seconds_then_success(
    client: HttpClient, sleeper: Sleeper, replay_server: ReplayServer
) -> None:
    replay_server.add("/busy", Reply(429, headers={"Retry-After": "1"}), Reply(body=b"done"))
    assert client.fetch(replay_server.url("/busy")).body == b"done"
    assert sleeper.calls == [1.0]
    assert len(replay_server.hits("/busy")) == 2


def test_429_with_retry_after_http_date(
    client: HttpClient, sleeper: Sleeper, replay_server: ReplayServer
) -> None:
    clock.set_clock(lambda: datetime(2026, 11, 9, 12, 0, 0, tzinfo=UTC))
    try:
        retry = "Mon, 09 Nov 2026 12:00:30 GMT"
        replay_server.add("/busy", Reply(429, headers={"Retry-After": retry}), Reply(body=b"ok"))
        assert client.fetch(replay_server.url("/busy")).body == b"ok"
    finally:
        clock.set_clock(None)
    assert sleeper.calls == [30.0]


def test_retry_after_longer_than_allowed_gives_up_with_when(
    client: HttpClient, replay_server: ReplayServer
) -> None:
    replay_server.add("/slow-down", Reply(429, headers={"Retry-After": "3600"}))
    with pytest.raises(SourceError, match=r"HTTP 429.*3600 s.*retry after \d{4}-\d\d-\d\d"):
        client.fetch(replay_server.url("/slow-down"))
    assert len(replay_server.hits("/slow-down")) == 1


def test_500_then_success_backs_off_exponentially(
    client: HttpClient, sleeper: Sleeper, replay_server: ReplayServer
) -> None:
    replay_server.add("/flaky", Reply(500), Reply(502), Reply(body=b"fine"))
    assert client.fetch(replay_server.url("/flaky")).body == b"fine"
    assert sleeper.calls == [0.5, 1.0]  # base * 2^n with the jitter factor fixed at 1


def test_500_forever_is_reported_with_status(client: HttpClient, replay_server: ReplayServer) -> None:
    replay_server.add("/down", Reply(500))
    with pytest.raises(HttpStatusError, match=r"HTTP 500 \(gave up after 4 attempts\)") as info:
        client.fetch(replay_server.url("/down"))
    assert info.value.status == 500
    assert info.value.source == replay_server.host
    assert len(replay_server.hits("/down")) == 4


def test_404_is_not_retried(client: HttpClient, replay_server: ReplayServer) -> None:
    replay_server.add("/gone", Reply(404))
    with pytest.raises(HttpStatusError, match="HTTP 404") as info:
        client.fetch(replay_server.url("/gone"))
    assert info.value.status == 404
    assert len(replay_server.hits("/gone")) == 1


def test_timeout_is_retried(client: HttpClient, replay_server: ReplayServer) -> None:
    replay_server.add("/sleepy", Reply(delay=3, body=b"late"), Reply(body=b"prompt"))
    assert client.fetch(replay_server.url("/sleepy")).body == b"prompt"


def test_timeout_forever_is_reported(client: HttpClient, replay_server: ReplayServer) -> None:
    replay_server.add("/sleepy", Reply(delay=3, body=b"late"))
    with pytest.raises(SourceError, match="timed out"):
        client.fetch(replay_server.url("/sleepy"))


def test_connection_reset_then_success(client: HttpClient, replay_server: ReplayServer) -> None:
    replay_server.add("/r", Reply(fault="reset"), Reply(body=b"ok"))
    assert client.fetch(replay_server.url("/r")).body == b"ok"


def test_dropped_mid_body_forever_is_reported(client: HttpClient, replay_server: ReplayServer) -> None:
    replay_server.add("/drop", Reply(body=b"x" * 200_000, fault="drop_mid_body"))
    with pytest.raises(SourceError, match="mid-body"):
        client.fetch(replay_server.url("/drop"))
    assert len(replay_server.hits("/drop")) == 4


def test_truncated_body_is_retried_then_reported(client: HttpClient, replay_server: ReplayServer) -> None:
    replay_server.add("/short", Reply(body=b"<rss>" * 100, fault="short_body"), Reply(body=b"<rss/>"))
    assert client.fetch(replay_server.url("/short")).body == b"<rss/>"
    replay_server.add("/short-always", Reply(body=b"<rss>" * 100, fault="short_body"))
    with pytest.raises(SourceError, match="mid-body"):
        client.fetch(replay_server.url("/short-always"))


def test_50_mb_page_is_cut_at_max_bytes_with_bounded_memory(
    sleeper: Sleeper, replay_server: ReplayServer
) -> None:
    replay_server.add("/huge", Reply(body=b"<p>lorem ipsum</p>\n", stream_bytes=50_000_000))
    settings = FAST.model_copy(update={"max_bytes": 1_000_000, "read_timeout": 5})
    with HttpClient(settings, sleep=sleeper) as c:
        tracemalloc.start()
        try:
            result = c.fetch(replay_server.url("/huge"))
            _, peak = tracemalloc.get_traced_memory()
        finally:
            tracemalloc.stop()
    assert result.truncated
    assert len(result.body) == 1_000_000
    assert peak < 12_000_000, f"peak {peak} bytes: the body was not streamed"


@pytest.mark.parametrize("encoding", ["gzip", "deflate"])
def test_compressed_bodies_are_decoded(
    client: HttpClient, replay_server: ReplayServer, encoding: str
) -> None:
    replay_server.add("/z", Reply(body="ME/CFS ✓".encode(), encoding=encoding))  # type: ignore[arg-type]
    result = client.fetch(replay_server.url("/z"))
    assert result.text == "ME/CFS ✓"
    assert "gzip" in replay_server.hits("/z")[0].headers["accept-encoding"]


def test_gzip_bomb_is_capped_after_decompression(sleeper: Sleeper, replay_server: ReplayServer) -> None:
    bomb = gzip.compress(b"\0" * 20_000_000)
    replay_server.add("/bomb", Reply(body=bomb, headers={"Content-Encoding": "gzip"}))
    with HttpClient(FAST.model_copy(update={"max_bytes": 100_000}), sleep=sleeper) as c:
        result = c.fetch(replay_server.url("/bomb"))
    assert result.truncated
    assert len(result.body) == 100_000


def test_corrupt_gzip_is_a_clear_error(client: HttpClient, replay_server: ReplayServer) -> None:
    replay_server.add("/bad", Reply(body=b"not gzip at all", headers={"Content-Encoding": "gzip"}))
    with pytest.raises(SourceError, match="not valid gzip"):
        client.fetch(replay_server.url("/bad"))


def test_conditional_get_yields_not_modified(client: HttpClient, replay_server: ReplayServer) -> None:
    validators = {"ETag": '"v1"', "Last-Modified": "Mon, 09 Nov 2026 08:00:00 GMT"}
    replay_server.add("/feed", Reply(body=b"<rss/>", headers=validators, conditional=True))
    first = client.fetch(replay_server.url("/feed"))
    assert not first.not_modified
    assert first.headers["etag"] == '"v1"'
    second = client.fetch(
        replay_server.url("/feed"), etag=first.headers["etag"], last_modified=first.headers["last-modified"]
    )
    assert second.not_modified
    assert second.status == 304
    assert second.body == b""
    sent = replay_server.hits("/feed")[1].headers
    assert sent["if-none-match"] == '"v1"'
    assert sent["if-modified-since"] == "Mon, 09 Nov 2026 08:00:00 GMT"


def test_redirects_are_followed_and_reported(client: HttpClient, replay_server: ReplayServer) -> None:
    replay_server.add("/old", Reply(301, headers={"Location": "/new"}))
    replay_server.add("/new", Reply(body=b"moved"))
    result = client.fetch(replay_server.url("/old"))
    assert result.url == replay_server.url("/old")
    assert result.final_url == replay_server.url("/new")
    assert result.body == b"moved"


LATIN = "Patients in the café said the naïve advice about pacing was wrong.".encode("latin-1")
KOI8 = b'<?xml version="1.0" encoding="koi8-r"?><t>' + "ключ".encode("koi8-r") + b"</t>"
CYRILLIC = (
    "Пациенты с синдромом хронической усталости описывают ухудшение после нагрузки. "
    "Исследование показало, что у большинства участников симптомы усиливались через сутки. "
    "Авторы призывают к осторожности при выборе программ реабилитации."
).encode("cp1251")


@pytest.mark.parametrize(
    ("body", "content_type", "expected"),
    [
        pytest.param(LATIN, "text/html; charset=utf-8", LATIN.decode("cp1252"), id="header-lies"),
        pytest.param(b"plain", "text/xml; charset='us-ascii'", "plain", id="quoted-charset"),
        pytest.param("ñ".encode("utf-16"), "text/plain", "ñ", id="bom-wins"),
        pytest.param(KOI8, None, "ключ", id="xml-declaration"),
        pytest.param(b"x", "text/plain; charset=bogus-9", "x", id="bogus-label"),
        pytest.param(CYRILLIC, "text/plain", CYRILLIC.decode("cp1251"), id="detected-cyrillic"),
    ],
)
def test_charsets_are_decoded(
    client: HttpClient, replay_server: ReplayServer, body: bytes, content_type: str | None, expected: str
) -> None:
    headers = {"Content-Type": content_type} if content_type else {}
    replay_server.add("/t", Reply(body=body, headers=headers))
    assert expected in client.fetch(replay_server.url("/t")).text


def test_local_paths_and_file_urls_are_read_from_base_dir(client: HttpClient, tmp_path: Path) -> None:
    (tmp_path / "feeds").mkdir()
    (tmp_path / "feeds" / "a.xml").write_bytes(b"<rss/>")
    assert client.fetch("feeds/a.xml").body == b"<rss/>"
    assert client.fetch((tmp_path / "feeds" / "a.xml").as_uri()).status == 200
    with pytest.raises(SourceError, match=r"missing\.xml: file not found"):
        client.fetch("feeds/missing.xml")


def test_local_file_is_capped_too(sleeper: Sleeper, tmp_path: Path) -> None:
    (tmp_path / "big.txt").write_bytes(b"a" * 5000)
    with HttpClient(FAST.model_copy(update={"max_bytes": 1000}), base_dir=tmp_path, sleep=sleeper) as c:
        result = c.fetch("big.txt")
    assert result.truncated
    assert len(result.body) == 1000


def test_unsupported_scheme_is_refused(client: HttpClient) -> None:
    with pytest.raises(SourceError, match=r"refused: scheme 'ftp' \(only http and https are fetched\)"):
        client.fetch("ftp://example.org/feed")


def test_unreachable_host_is_reported(client: HttpClient) -> None:
    with pytest.raises(SourceError, match="connection failed"):
        client.fetch("http://127.0.0.1:9/nothing-listens-here")
