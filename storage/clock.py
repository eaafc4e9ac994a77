"""The one place the bot reads the clock, so weekly windows are testable.

Kept in storage (the bottom layer) because storage stamps rows with it and imports no
application code; ``bot.clock`` is the same clock under the name the rest of the bot uses.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime

_now: Callable[[], datetime] = lambda: datetime.now(UTC)  # noqa: E731


def now() -> datetime:
    """Current time, timezone-aware UTC."""
    return _now()


def set_clock(fn: Callable[[], datetime] | None) -> None:
    """Replace the clock (tests, replaying a past week); ``None`` restores the real one."""
    global _now
    _now = fn if fn is not None else (lambda: datetime.now(UTC))
