"""storage/runs.py: a run is visible while running and carries its report when finished."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import Engine

from bot.errors import StorageError
from storage.db import transaction
from storage.runs import finish_run, recent_runs, start_run

NOW = datetime(2025, 5, 1, 9, 0, tzinfo=UTC)


def test_start_finish_and_list_newest_first(engine: Engine) -> None:
    with transaction(engine) as s:
        collect = start_run(s, "collect", NOW)
    with transaction(engine) as s:
        (running,) = recent_runs(s, 5)
        assert (running.id, running.status, running.finished_at) == (collect, "running", None)
    report = {"sources": {"feed": {"new": 3, "failed": 0}}, "errors": ["phoenix: HTTP 503"]}
    with transaction(engine) as s:
        finish_run(s, collect, "partial", report, NOW + timedelta(minutes=2))
        analyse = start_run(s, "analyse", NOW + timedelta(minutes=3))
    with transaction(engine) as s:
        runs = recent_runs(s, 5)
        assert [r.id for r in runs] == [analyse, collect]
        assert runs[1].status == "partial"
        assert runs[1].report == report
        assert runs[1].finished_at == NOW + timedelta(minutes=2)
        assert [r.id for r in recent_runs(s, 5, stage="collect")] == [collect]
        assert len(recent_runs(s, 1)) == 1


def test_finishing_an_unknown_run_or_with_a_bad_report_fails_by_name(engine: Engine) -> None:
    with pytest.raises(StorageError, match="run 999 does not exist"), transaction(engine) as s:
        finish_run(s, 999, "ok", {})
    with transaction(engine) as s:
        run_id = start_run(s, "digest", NOW)
    with (
        pytest.raises(StorageError, match=rf"run {run_id} \(digest\): report is not JSON"),
        transaction(engine) as s,
    ):
        finish_run(s, run_id, "ok", {"when": NOW})
