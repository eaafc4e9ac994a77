"""storage/sources.py: a failing source backs off exponentially (capped), stays listed, recovers."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlalchemy import Engine

from storage.db import transaction
from storage.sources import (
    DEFAULT_BACKOFF_BASE,
    MAX_BACKOFF,
    backoff_delay,
    is_backing_off,
    record_failure,
    record_success,
    source_health,
)

NOW = datetime(2025, 5, 1, 9, 0, tzinfo=UTC)


def test_backoff_doubles_and_is_capped_at_a_day() -> None:
    base = timedelta(minutes=15)
    assert [backoff_delay(n, base) for n in (0, 1, 2, 3)] == [
        timedelta(0),
        timedelta(minutes=15),
        timedelta(minutes=30),
        timedelta(hours=1),
    ]
    assert backoff_delay(8, base) == timedelta(hours=24)
    assert backoff_delay(10_000, base) == MAX_BACKOFF


def test_failures_back_off_and_success_clears(engine: Engine) -> None:
    with transaction(engine) as s:
        first = record_failure(s, "phoenix", "forum", "HTTP 503 from forums.phoenixrising.me", NOW)
        second = record_failure(s, "phoenix", "forum", "timeout", NOW + timedelta(minutes=20))
    assert first == NOW + DEFAULT_BACKOFF_BASE
    assert second == NOW + timedelta(minutes=20) + 2 * DEFAULT_BACKOFF_BASE
    with transaction(engine) as s:
        assert is_backing_off(s, "phoenix", NOW + timedelta(minutes=21)) == second
        assert is_backing_off(s, "phoenix", second) is None
        assert is_backing_off(s, "never-seen", NOW) is None
        (row,) = source_health(s)
        assert (row.name, row.kind, row.consecutive_failures, row.last_error) == (
            "phoenix",
            "forum",
            2,
            "timeout",
        )
    with transaction(engine) as s:
        record_success(s, "phoenix", "forum", NOW + timedelta(hours=2))
    with transaction(engine) as s:
        (row,) = source_health(s)
        assert row.consecutive_failures == 0
        assert row.backoff_until is None
        assert row.last_success_at == NOW + timedelta(hours=2)
        assert is_backing_off(s, "phoenix", NOW + timedelta(hours=2)) is None


def test_a_long_failing_source_is_still_listed_never_disabled(engine: Engine) -> None:
    with transaction(engine) as s:
        record_success(s, "feed-a", "feed", NOW)
        for day in range(30):
            until = record_failure(s, "reddit", "reddit", "401 Unauthorized", NOW + timedelta(days=day))
    assert until == NOW + timedelta(days=29) + MAX_BACKOFF
    with transaction(engine) as s:
        health = {row.name: row for row in source_health(s)}
    assert sorted(health) == ["feed-a", "reddit"]
    assert health["reddit"].consecutive_failures == 30
    assert health["feed-a"].consecutive_failures == 0
