"""The publish stage on a real database (SQLite and PostgreSQL): which week, empty weeks,
dry runs, the archive's latest page and the report of unreviewed flags."""

from __future__ import annotations

import email
from collections.abc import Iterator
from datetime import UTC, date, datetime
from email.message import EmailMessage
from email.policy import default
from pathlib import Path

import pytest
from sqlalchemy import Engine, func, select

from bot import clock
from bot.commands.publish import describe
from bot.config import PublishTime, ScheduleSettings
from bot.errors import InputError
from bot.pipeline.publish import publish
from storage.db import transaction
from storage.schema import Delivery, DigestRow

from .weekfixture import prepare_week

SECRET = b"p" * 32


@pytest.fixture
def at() -> Iterator[list[datetime]]:
    now = [datetime(2026, 11, 18, 9, 0, tzinfo=UTC)]
    clock.set_clock(lambda: now[0])
    yield now
    clock.set_clock(None)


def test_the_default_week_is_the_last_complete_one_in_the_configured_timezone(
    engine: Engine, db_url: str, tmp_path: Path, at: list[datetime]
) -> None:
    # Sunday 15 November 2026 at 12:00 UTC is already Monday 16 November in Auckland.
    at[0] = datetime(2026, 11, 15, 12, 0, tzinfo=UTC)
    auckland = prepare_week(tmp_path, db_url, enabled=False, timezone="Pacific/Auckland").settings
    report = publish(engine, auckland, secret=SECRET, allow_empty=True)
    assert report.week_start == date(2026, 11, 9)
    london = auckland.model_copy(update={"timezone": "Europe/London"})
    assert publish(engine, london, secret=SECRET, allow_empty=True).week_start == date(2026, 11, 2)


def test_a_week_not_starting_on_the_configured_day_is_refused_by_name(
    engine: Engine, db_url: str, tmp_path: Path, at: list[datetime]
) -> None:
    settings = prepare_week(tmp_path, db_url, enabled=False).settings
    with pytest.raises(
        InputError, match=r"2026-11-11 is a Wednesday; weeks start on Monday .* e\.g\. 2026-11-09"
    ):
        publish(engine, settings, secret=SECRET, week_start=date(2026, 11, 11))
    sunday = settings.model_copy(
        update={"schedule": ScheduleSettings(publish=PublishTime(day_of_week="sun"))}
    )
    with pytest.raises(InputError, match="weeks start on Sunday"):
        publish(engine, sunday, secret=SECRET, week_start=date(2026, 11, 9))


def test_an_empty_week_is_not_archived_unless_asked(
    engine: Engine, db_url: str, tmp_path: Path, at: list[datetime]
) -> None:
    settings = prepare_week(tmp_path, db_url, enabled=False).settings
    empty = publish(engine, settings, secret=SECRET, week_start=date(2026, 11, 2))
    assert empty.outcome == "empty"
    assert not (tmp_path / "site").exists()
    assert "nothing in it: not archived, not sent" in describe(empty, settings)[0]
    with transaction(engine) as s:
        assert s.scalar(select(func.count()).select_from(DigestRow)) == 0
    forced = publish(engine, settings, secret=SECRET, week_start=date(2026, 11, 2), allow_empty=True)
    assert forced.outcome == "published"
    assert (tmp_path / "site" / "weeks" / "2026-11-02.html").is_file()


def test_digest_html_is_the_week_just_published(
    engine: Engine, db_url: str, tmp_path: Path, at: list[datetime]
) -> None:
    settings = prepare_week(tmp_path, db_url, enabled=False).settings
    publish(engine, settings, secret=SECRET, week_start=date(2026, 11, 9))
    publish(engine, settings, secret=SECRET, week_start=date(2026, 11, 2), allow_empty=True)
    site = tmp_path / "site"
    assert (site / "digest.html").read_text() == (site / "weeks" / "2026-11-02.html").read_text()
    assert "Deficient butyrate-producing capacity" in (site / "weeks" / "2026-11-09.html").read_text()
    assert (site / "digest.html").stat().st_mode & 0o777 == 0o644


def test_dry_run_writes_each_message_and_records_no_delivery(
    engine: Engine, db_url: str, tmp_path: Path, at: list[datetime]
) -> None:
    week = prepare_week(tmp_path, db_url, subscribers_count=2)
    report = publish(engine, week.settings, secret=SECRET, week_start=date(2026, 11, 9), dry_run=True)
    assert [p.name for p in report.dry_run_files] == ["reader0@example.org.eml", "reader1@example.org.eml"]
    msg = email.message_from_bytes(report.dry_run_files[0].read_bytes(), policy=default)
    assert isinstance(msg, EmailMessage)
    assert msg["To"] == "reader0@example.org"
    assert msg["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    with transaction(engine) as s:
        assert s.scalar(select(func.count()).select_from(Delivery)) == 0
        assert s.scalar(select(DigestRow.published_at)) is None  # a dry run publishes nothing
    assert any(line.startswith("dry run: 2 messages written to") for line in describe(report, week.settings))


def test_publish_reports_unreviewed_flags(
    engine: Engine, db_url: str, tmp_path: Path, at: list[datetime]
) -> None:
    settings = prepare_week(tmp_path, db_url, enabled=False).settings
    report = publish(engine, settings, secret=SECRET, week_start=date(2026, 11, 9))
    assert report.digest is not None
    unreviewed = report.digest.counts.unreviewed
    assert unreviewed >= 1  # "Gut bacteria cause ME, full stop." beside a case-control study
    lines = describe(report, settings)
    assert f"{unreviewed} flag{'s' if unreviewed != 1 else ''} left unreviewed by a moderator" in " ".join(
        lines
    )
    hidden = settings.model_copy(
        update={"digest": settings.digest.model_copy(update={"unreviewed_flags": "hide"})}
    )
    again = publish(engine, hidden, secret=SECRET, week_start=date(2026, 11, 9))
    assert again.digest is not None
    assert again.digest.counts.flagged == 0
    assert "(not shown: digest.unreviewed_flags)" in " ".join(describe(again, hidden))
