"""Betamax cassettes (PRAW's recordings) loaded into the replay server on 127.0.0.1.

Why a loader over ``servers.replay`` rather than a server of its own: the HTTP side (a real
socket, scripted sequences, a log of what was asked) is the same for every source; what is
Reddit's is the cassette format and how a request is matched to a recording:

* method + path + query string with parameters in any order (PRAW's order changed between
  versions) and ``raw_json`` ignored (PRAW always adds it; the recordings differ on it);
* the token call ``POST /api/v1/access_token`` is served whenever asked and is not counted as
  replayed: every cassette starts with one, and a test that only fetched a token tested nothing;
* interactions recorded for the same request are served in order (a 429, then the 200), the
  last one again once they run out;
* placeholders (``<TEST_SUBREDDIT>``) can be substituted when a cassette is loaded.

``verify()`` fails when a loaded cassette replayed nothing, or a request matched no recording.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import parse_qsl, urlsplit

from servers.replay import RecordedRequest, ReplayServer, Reply, Route

TOKEN_PATH = "/api/v1/access_token"
IGNORED_PARAMS = frozenset({"raw_json"})
# Hop-by-hop or body-shape headers that no longer describe the stored (decoded, plain) body.
DROPPED_HEADERS = frozenset({"content-length", "content-encoding", "transfer-encoding", "connection"})

Key = tuple[str, str, tuple[tuple[str, str], ...]]


def query_key(pairs: Sequence[tuple[str, str]]) -> tuple[tuple[str, str], ...]:
    return tuple(sorted((k, v) for k, v in pairs if k not in IGNORED_PARAMS))


def _reply(response: Mapping[str, object]) -> Reply:
    status = response["status"]
    assert isinstance(status, dict)
    raw_headers = response.get("headers") or {}
    assert isinstance(raw_headers, dict)
    headers = {
        name: ", ".join(values) if isinstance(values, list) else str(values)
        for name, values in raw_headers.items()
        if name.lower() not in DROPPED_HEADERS
    }
    body = response.get("body") or {}
    assert isinstance(body, dict)
    return Reply(status=int(status["code"]), headers=headers, body=str(body.get("string") or ""))


@dataclass
class Cassette:
    name: str
    routes: list[Route] = field(default_factory=list)

    @property
    def replayed(self) -> int:
        return sum(r.served for r in self.routes)


class RedditReplay:
    """Cassettes mounted on one ``ReplayServer``; praw is pointed at it with ``urls``."""

    def __init__(self, server: ReplayServer) -> None:
        self.server = server
        self.cassettes: list[Cassette] = []
        self._token_added = False

    @property
    def urls(self) -> dict[str, str]:
        """praw's ``oauth_url`` / ``reddit_url`` / ``short_url``, all on the local server."""
        base = self.server.base_url
        return {"oauth_url": base, "reddit_url": base, "short_url": base}

    def load(self, path: Path, substitutions: Mapping[str, str] | None = None) -> Cassette:
        text = path.read_text(encoding="utf-8")
        for placeholder, value in (substitutions or {}).items():
            text = text.replace(placeholder, value)
        data = json.loads(text)
        cassette = Cassette(path.name)
        grouped: dict[Key, list[Reply]] = {}
        for interaction in data["interactions"]:
            request = interaction["request"]
            parts = urlsplit(request["uri"])
            if parts.path == TOKEN_PATH:
                self._add_token(_reply(interaction["response"]))
                continue
            key = (request["method"].upper(), parts.path, query_key(parse_qsl(parts.query, True)))
            grouped.setdefault(key, []).append(_reply(interaction["response"]))
        for (method, route_path, query), replies in grouped.items():
            cassette.routes.append(
                self.server.add(
                    route_path,
                    *replies,
                    method=method,
                    match=_same_query(query),
                    required=False,
                )
            )
        self.cassettes.append(cassette)
        return cassette

    def _add_token(self, reply: Reply) -> None:
        if not self._token_added:
            self.server.add(TOKEN_PATH, reply, method="POST", required=False)
            self._token_added = True

    def replayed(self) -> list[str]:
        """Every non-token request that was answered from a recording, in order."""
        served = [
            r
            for r in self.server.requests
            if (r.method, r.path) != ("POST", TOKEN_PATH) and r not in self.server.unexpected
        ]
        return [f"{r.method} {r.path}?{'&'.join(f'{k}={v}' for k, v in query_key(r.query))}" for r in served]

    def verify(self) -> None:
        """AssertionError when a cassette replayed nothing or a request matched no recording."""
        idle = [c.name for c in self.cassettes if c.replayed == 0]
        if idle:
            raise AssertionError(f"cassette(s) replayed nothing: {', '.join(idle)}")
        self.server.verify()


def _same_query(expected: tuple[tuple[str, str], ...]) -> Callable[[RecordedRequest], bool]:
    def match(req: RecordedRequest) -> bool:
        return query_key(req.query) == expected

    return match
