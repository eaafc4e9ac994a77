"""The one URL policy, through the real fetch paths, against real local servers.

Every server here listens on 127.0.0.1, which is itself an internal address: a configured
source's own host and port are trusted (so the sources work), and everything else on the
loopback is exactly what the policy must refuse (issue 7, findings 1 and 2).
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from servers.replay import ReplayServer, Reply

from bot.config import HttpSettings, Settings, SourceSettings, parse_settings
from bot.errors import ConfigError, SourceError
from sources.articles import ArticleFetcher
from sources.base import Batch
from sources.forums import ForumSource
from sources.http import HttpClient
from sources.url_policy import Authority, UrlPolicy, UrlRefused, is_public

HTML = {"Content-Type": "text/html; charset=utf-8"}
FAST = HttpSettings(per_host_interval=0, retries=0, read_timeout=5, respect_robots=False)
CANARY = "CANARY-local-secret-text"


@pytest.fixture
def other_server() -> Iterator[ReplayServer]:
    """A second server on another loopback port: an internal service nobody configured."""
    with ReplayServer() as server:
        yield server
        server.verify()


def thread_page(post_id: int, text: str) -> str:
    return (
        '<html><body><h1 class="p-title-value">A thread</h1>'
        f'<article class="message message--post" data-author="someone" data-content="post-{post_id}">'
        f'<article class="message-body"><div class="bbWrapper">{text}</div></article></article>'
        "</body></html>"
    )


def thread_index(*links: str) -> str:
    rows = "".join(
        '<div class="structItem structItem--thread"><div class="structItem-title">'
        f'<a href="{link}" data-tp-primary="on">Thread {n}</a></div></div>'
        for n, link in enumerate(links)
    )
    return f"<html><body>{rows}</body></html>"


def _forum(url: str, **http: object) -> ForumSource:
    cfg = SourceSettings.model_validate({"name": "forum", "kind": "forum", "url": url, "preset": "xenforo"})
    settings = Settings(http=FAST.model_copy(update=http), sources=(cfg,))
    return ForumSource(cfg, settings)


def _collect(source: ForumSource) -> list[Batch]:
    return list(source.collect(_NoCursors()))


class _NoCursors:
    def get(self, key: str) -> None:
        return None


def _texts(batches: list[Batch]) -> str:
    return " ".join(p.text for b in batches for p in b.posts)


def _warnings(batches: list[Batch]) -> str:
    return " ".join(w for b in batches for w in b.warnings)


# -- finding 1: forum crawling stays on the configured forum -------------------------------------


def test_forum_thread_links_to_local_files_and_other_ports_are_refused(
    replay_server: ReplayServer, other_server: ReplayServer, tmp_path: Path
) -> None:
    secret = tmp_path / "secret.html"
    secret.write_text(thread_page(9001, CANARY), encoding="utf-8")
    other_server.add("/internal", Reply(body=thread_page(9002, CANARY), headers=HTML), required=False)
    replay_server.add(
        "/forum/",
        Reply(
            body=thread_index(secret.as_uri(), other_server.url("/internal"), "/forum/t/1"),
            headers=HTML,
        ),
    )
    replay_server.add("/forum/t/1", Reply(body=thread_page(1, "our own thread"), headers=HTML))
    batches = _collect(_forum(replay_server.url("/forum/")))
    assert _texts(batches) == "our own thread"
    assert CANARY not in repr(batches)
    assert other_server.requests == []
    warnings = _warnings(batches)
    assert warnings.count("refused: outside the configured forum") == 2


def test_a_forum_thread_redirecting_off_the_forum_is_refused(
    replay_server: ReplayServer, other_server: ReplayServer
) -> None:
    other_server.add("/x", Reply(body=thread_page(7, CANARY), headers=HTML), required=False)
    replay_server.add("/forum/", Reply(body=thread_index("/forum/t/1"), headers=HTML))
    replay_server.add("/forum/t/1", Reply(302, headers={"Location": other_server.url("/x")}))
    batches = _collect(_forum(replay_server.url("/forum/")))
    assert _texts(batches) == ""
    assert other_server.requests == []
    assert "refused" in _warnings(batches)


def test_a_local_forum_stays_in_its_folder(tmp_path: Path) -> None:
    forum = tmp_path / "forum"
    forum.mkdir()
    outside = tmp_path / "outside.html"
    outside.write_text(thread_page(9001, CANARY), encoding="utf-8")
    (forum / "t1.html").write_text(thread_page(1, "a thread beside the index"), encoding="utf-8")
    (forum / "index.html").write_text(
        thread_index("t1.html", "../outside.html", outside.as_uri(), "/etc/hostname"), encoding="utf-8"
    )
    batches = _collect(_forum(str(forum / "index.html")))
    assert _texts(batches) == "a thread beside the index"
    assert CANARY not in repr(batches)
    assert _warnings(batches).count("refused") == 3


# -- finding 2: linked pages never reach internal addresses -------------------------------------


def _fetcher(settings: Settings, **kwargs: object) -> ArticleFetcher:
    return ArticleFetcher(HttpClient.for_settings(settings, **kwargs), settings)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    "url",
    [
        "http://10.0.0.8/admin",
        "http://172.16.5.4/",
        "http://192.168.1.1/router",
        "http://169.254.169.254/latest/meta-data/",
        "http://[fd00::1]/",
        "http://[::1]/",
        "http://0.0.0.0/",
        "http://224.0.0.251/",
        "http://[::ffff:127.0.0.1]/",
        "http://127.0.0.2/",
    ],
)
def test_linked_pages_on_internal_addresses_are_refused_before_connecting(url: str) -> None:
    # Were a connection attempted, the test guard would fail it with "tried to reach the internet"
    # (or reach the loopback): the error must be the policy's, naming the address.
    article = _fetcher(Settings(http=FAST)).fetch(url)
    assert article.error is not None
    assert "non-public address" in article.error
    assert "http.allow_hosts" in article.error


def test_a_linked_page_on_another_loopback_port_is_refused_unless_allowed(
    replay_server: ReplayServer, other_server: ReplayServer
) -> None:
    other_server.add("/page", Reply(body="<html><title>internal</title></html>", headers=HTML))
    # The configured forum lives on replay_server; the link goes to another port.
    cfg = SourceSettings.model_validate(
        {"name": "f", "kind": "forum", "url": replay_server.url("/forum/"), "preset": "xenforo"}
    )
    refused = _fetcher(Settings(http=FAST, sources=(cfg,))).fetch(other_server.url("/page"))
    assert refused.error is not None
    assert "non-public address (127.0.0.1)" in refused.error
    assert other_server.requests == []
    by_name = _fetcher(Settings(http=FAST, sources=(cfg,))).fetch(
        other_server.url("/page").replace("127.0.0.1", "localhost")
    )
    assert by_name.error is not None
    assert "non-public address" in by_name.error
    assert other_server.requests == []
    allowed_host = other_server.host  # "127.0.0.1:PORT": that one port, on purpose
    allowed = _fetcher(Settings(http=FAST.model_copy(update={"allow_hosts": (allowed_host,)}))).fetch(
        other_server.url("/page")
    )
    assert allowed.error is None
    assert allowed.title == "internal"


@pytest.mark.parametrize(
    "target",
    ["internal", "http://169.254.169.254/latest/meta-data/", "file:///etc/passwd", "gopher://x/"],
)
def test_redirects_are_checked_again(
    replay_server: ReplayServer, other_server: ReplayServer, target: str
) -> None:
    other_server.add("/secret", Reply(body=CANARY, headers=HTML), required=False)
    location = other_server.url("/secret") if target == "internal" else target
    replay_server.add("/news", Reply(301, headers={"Location": location}))
    # replay_server stands for a public news site: allowed, as a public host would be.
    settings = Settings(http=FAST.model_copy(update={"allow_hosts": (replay_server.host,)}))
    article = _fetcher(settings).fetch(replay_server.url("/news"))
    assert article.error is not None
    assert "refused" in article.error
    assert other_server.requests == []


def test_the_address_actually_connected_to_is_checked(other_server: ReplayServer) -> None:
    """DNS rebinding: the name looked public when checked, then connected to the loopback."""
    other_server.add("/page", Reply(body=CANARY, headers=HTML), required=False)
    lying = UrlPolicy(resolver=lambda _host, _port: ["93.184.216.34"])
    with (
        HttpClient(FAST, policy=lying) as client,
        pytest.raises(UrlRefused, match=r"non-public address \(127\.0\.0\.1\)"),
    ):
        client.fetch(other_server.url("/page").replace("127.0.0.1", "localhost"))
    assert other_server.requests == []


def test_http_and_https_only_for_what_a_page_links_to(tmp_path: Path) -> None:
    (tmp_path / "x.html").write_text(CANARY, encoding="utf-8")
    with HttpClient(FAST) as client:
        for url in (f"file://{tmp_path}/x.html", str(tmp_path / "x.html"), "ftp://example.org/x"):
            with pytest.raises(UrlRefused, match="refused"):
                client.fetch(url)


# -- the pure parts ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("address", "public"),
    [
        ("8.8.8.8", True),
        ("2606:4700::1111", True),
        ("127.0.0.1", False),
        ("10.1.2.3", False),
        ("100.64.0.1", False),
        ("169.254.169.254", False),
        ("fe80::1", False),
        ("ff02::1", False),
        ("239.255.255.250", False),
        ("::", False),
        ("::ffff:10.0.0.1", False),
        ("2002:7f00:1::", False),  # 6to4 around 127.0.0.1
        ("64:ff9b::a00:1", False),  # NAT64 around 10.0.0.1
    ],
)
def test_is_public(address: str, public: bool) -> None:
    import ipaddress

    assert is_public(ipaddress.ip_address(address)) is public


def test_allow_hosts_entries_mean_any_port_or_one_port() -> None:
    assert Authority.of_entry("intranet.example") == Authority("intranet.example", None)
    assert Authority.of_entry("10.0.0.5:8080") == Authority("10.0.0.5", 8080)
    assert Authority.of_entry("[fd00::5]:81") == Authority("fd00::5", 81)
    assert Authority.of_entry("intranet.example").covers(Authority("intranet.example", 9))
    assert not Authority.of_entry("10.0.0.5:8080").covers(Authority("10.0.0.5", 8081))


@pytest.mark.parametrize("entry", ["http://x.example", "x.example/path", "", "::1"])
def test_a_bad_allow_hosts_entry_is_one_config_line(entry: str) -> None:
    with pytest.raises(ConfigError, match=r"config: 'http.allow_hosts.0'|http\.allow_hosts"):
        parse_settings({"http": {"allow_hosts": [entry]}})


# -- finding 7: a total deadline per request -------------------------------------------------------


@pytest.mark.parametrize("drip_head", [False, True], ids=["body", "head"])
def test_a_dripping_server_is_cut_off_at_the_total_deadline(
    replay_server: ReplayServer, drip_head: bool
) -> None:
    # One byte every 0.2 s never trips a 5 s read timeout; 100 bytes would take 20 s.
    replay_server.add("/drip", Reply(body=b"<rss>", drip=0.2, stream_bytes=100, drip_head=drip_head))
    settings = FAST.model_copy(update={"total_timeout": 1.0, "retries": 3, "allow_hosts": ("127.0.0.1",)})
    started = time.monotonic()
    with (
        HttpClient(settings, sleep=lambda _s: None) as client,
        pytest.raises(SourceError, match=r"no complete answer within total_timeout 1 s"),
    ):
        client.fetch(replay_server.url("/drip"))
    assert time.monotonic() - started < 4
    assert len(replay_server.hits("/drip")) == 1  # not retried: it would only drip again


def test_total_timeout_is_configurable_and_checked() -> None:
    assert parse_settings({"http": {"total_timeout": 7.5}}).http.total_timeout == 7.5
    with pytest.raises(ConfigError, match=r"'http.total_timeout'"):
        parse_settings({"http": {"total_timeout": 0}})
