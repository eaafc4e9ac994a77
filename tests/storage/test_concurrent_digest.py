"""Two publishers saving one week's digest at once (issue 7, finding 9: concurrent publish).

The second used to see no row, insert its own and fail on the unique week with a traceback;
now it waits for the first, then replaces the entries of the one row.
"""

from __future__ import annotations

import threading
from datetime import UTC, datetime, timedelta

from sqlalchemy import Engine, func, select

from bot.config import parse_settings
from bot.digest.build import build_digest
from storage import digests as store
from storage.db import transaction
from storage.schema import DigestRow

NOW = datetime(2025, 3, 10, 9, tzinfo=UTC)
SETTINGS = parse_settings({"timezone": "Europe/London"})


def test_a_second_publisher_of_the_week_waits_and_replaces(engine: Engine) -> None:
    first = build_digest((), {}, SETTINGS, NOW)
    second = build_digest((), {}, SETTINGS, NOW + timedelta(hours=1))
    outcome: dict[str, object] = {}

    def publish_second() -> None:
        try:
            with transaction(engine) as session:
                outcome["id"] = store.save_digest(session, second)
        except Exception as exc:
            outcome["error"] = exc

    with transaction(engine) as session:
        first_id = store.save_digest(session, first)  # written, not yet committed
        rival = threading.Thread(target=publish_second)
        rival.start()
        rival.join(timeout=1.0)
        assert rival.is_alive(), "the second publisher must wait for the first"
    rival.join(timeout=30)
    assert "error" not in outcome, outcome.get("error")
    assert outcome["id"] == first_id
    with transaction(engine) as session:
        assert session.scalar(select(func.count()).select_from(DigestRow)) == 1
        row = session.scalars(select(DigestRow)).one()
        assert row.built_at.replace(tzinfo=UTC) == second.generated_at.astimezone(UTC)
