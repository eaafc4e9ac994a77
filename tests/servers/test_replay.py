"""The replay server's own guarantees: strictness about unreplayed recordings and query order."""

from __future__ import annotations

import pytest
import requests

from servers.replay import ReplayServer, Reply


def test_a_recording_that_replays_nothing_fails_verify() -> None:
    with ReplayServer() as server:
        server.add("/never", Reply(body=b"x"))
        with pytest.raises(AssertionError, match=r"GET /never: served 0 of 1"):
            server.verify()


def test_a_partly_replayed_sequence_fails_verify() -> None:
    with ReplayServer() as server, requests.Session() as http:
        server.add("/seq", Reply(429, headers={"Retry-After": "1"}), Reply(body=b"ok"))
        assert http.get(server.url("/seq")).status_code == 429
        with pytest.raises(AssertionError, match=r"served 1 of 2"):
            server.verify()
        assert http.get(server.url("/seq")).text == "ok"
        server.verify()


def test_unexpected_requests_fail_verify_but_robots_does_not() -> None:
    with ReplayServer() as server, requests.Session() as http:
        assert http.get(server.url("/robots.txt")).status_code == 404
        server.verify()
        assert http.get(server.url("/nope")).status_code == 404
        with pytest.raises(AssertionError, match="unexpected GET /nope"):
            server.verify()


def test_query_matches_regardless_of_parameter_order(replay_server: ReplayServer) -> None:
    replay_server.add("/api", Reply(body=b"first"), query={"limit": "5", "after": "t3_x"})
    replay_server.add("/api", Reply(body=b"other"), query="after=t3_y&limit=5")
    with requests.Session() as http:
        assert http.get(replay_server.url("/api?after=t3_x&limit=5")).text == "first"
        assert http.get(replay_server.url("/api?limit=5&after=t3_y")).text == "other"
    assert replay_server.requests[0].param("after") == "t3_x"


def test_method_and_body_matcher(replay_server: ReplayServer) -> None:
    replay_server.add("/token", Reply(body=b'{"ok": 1}'), method="POST", match=lambda r: b"grant" in r.body)
    with requests.Session() as http:
        assert http.post(replay_server.url("/token"), data={"grant_type": "x"}).json() == {"ok": 1}
    assert replay_server.hits("/token")[0].method == "POST"
