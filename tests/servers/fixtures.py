"""pytest fixtures for the replay server, registered in tests/conftest.py via ``pytest_plugins``."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from servers.replay import ReplayServer


@pytest.fixture
def replay_server() -> Iterator[ReplayServer]:
    """A fresh server per test; after the test, any recording that was not replayed fails it."""
    with ReplayServer() as server:
        yield server
        server.verify()
