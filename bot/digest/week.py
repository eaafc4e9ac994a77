"""Which week a digest covers, in the configured timezone: pure functions of dates.

A week runs from local midnight on the configured first weekday (``schedule.publish.day_of_week``)
to the same midnight seven days later. Computed on local calendar dates and only then anchored
in the zone, so a week holding a clock change is 167 or 169 hours long instead of drifting.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta, tzinfo
from zoneinfo import ZoneInfo

from bot.errors import InputError

DAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
DAY_NAMES = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


def _zone(tz: tzinfo | str) -> tzinfo:
    return ZoneInfo(tz) if isinstance(tz, str) else tz


def _midnight(day: date, zone: tzinfo) -> datetime:
    return datetime.combine(day, time(0), tzinfo=zone)


def week_window(now: datetime, tz: tzinfo | str, publish_day: str = "mon") -> tuple[datetime, datetime]:
    """The last complete week before ``now``: [start, end) at local midnights of ``publish_day``."""
    if now.tzinfo is None:
        raise ValueError("week_window needs an aware datetime")
    if publish_day not in DAYS:
        raise ValueError(f"publish_day must be one of {', '.join(DAYS)}, not {publish_day!r}")
    zone = _zone(tz)
    local = now.astimezone(zone)
    end_day = local.date() - timedelta(days=(local.weekday() - DAYS.index(publish_day)) % 7)
    return _midnight(end_day - timedelta(days=7), zone), _midnight(end_day, zone)


def window_starting(day: date, tz: tzinfo | str, publish_day: str = "mon") -> tuple[datetime, datetime]:
    """The week that starts on ``day``; InputError naming the expected weekday when ``day`` is
    not one (a mid-week start would overlap its neighbours and count posts twice)."""
    expected = DAYS.index(publish_day)
    if day.weekday() != expected:
        raise InputError(
            f"--week {day.isoformat()} is a {DAY_NAMES[day.weekday()]}; weeks start on "
            f"{DAY_NAMES[expected]} (schedule.publish.day_of_week), e.g. "
            f"{(day - timedelta(days=(day.weekday() - expected) % 7)).isoformat()}"
        )
    zone = _zone(tz)
    return _midnight(day, zone), _midnight(day + timedelta(days=7), zone)
