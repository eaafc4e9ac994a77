"""The collect stage end to end on a real database: idempotent, crash-safe, failures contained."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from sqlalchemy import Engine, func, select

from bot.config import Settings, parse_settings
from bot.pipeline.collect import collect
from storage.db import transaction
from storage.schema import Cursor, Post, Run, SourceRow


def _settings(tmp_path: Path, *sources: dict[str, object]) -> Settings:
    return parse_settings({"sources": list(sources)}, base_dir=tmp_path)


def _write_posts(path: Path, ids: list[str]) -> None:
    path.write_text(
        "\n".join(json.dumps({"id": i, "body": f"post {i} cites PMID 17693978"}) for i in ids) + "\n"
    )


def _count_posts(engine: Engine) -> int:
    with transaction(engine) as session:
        return int(session.scalar(select(func.count()).select_from(Post)) or 0)


def test_second_run_adds_nothing_and_failures_do_not_stop_others(engine: Engine, tmp_path: Path) -> None:
    _write_posts(tmp_path / "a.jsonl", ["1", "2", "3"])
    settings = _settings(
        tmp_path,
        {"name": "broken", "kind": "file", "path": "missing.jsonl"},
        {"name": "export", "kind": "file", "path": "a.jsonl"},
        {"name": "misconfigured", "kind": "feed", "no_such_option": True},
    )
    first = {r.source: r for r in collect(engine, settings)}
    assert first["export"].new == 3
    assert first["export"].failed == 0
    assert first["broken"].failed == 1
    assert "missing.jsonl" in first["broken"].errors[-1]
    assert first["misconfigured"].failed == 1
    assert _count_posts(engine) == 3

    # Unchanged file: skipped by its cursor. Touched file: re-read, nothing new or duplicated.
    second = {r.source: r for r in collect(engine, settings, only="export")}
    assert (second["export"].new, second["export"].unchanged) == (0, 0)
    (tmp_path / "a.jsonl").write_text((tmp_path / "a.jsonl").read_text() + "\n")
    third = {r.source: r for r in collect(engine, settings, only="export")}
    assert (third["export"].new, third["export"].unchanged) == (0, 3)
    assert _count_posts(engine) == 3

    with transaction(engine) as session:
        health = {row.name: row for row in session.scalars(select(SourceRow))}
        runs = session.scalars(select(Run).order_by(Run.id)).all()
    assert health["broken"].consecutive_failures == 1
    assert health["broken"].backoff_until is not None
    assert health["export"].consecutive_failures == 0
    assert runs[0].status == "partial"
    assert sorted(runs[0].report["failed"]) == ["broken", "misconfigured"]


def test_backing_off_source_is_reported_not_dropped(engine: Engine, tmp_path: Path) -> None:
    settings = _settings(tmp_path, {"name": "broken", "kind": "file", "path": "missing.jsonl"})
    collect(engine, settings)
    (report,) = collect(engine, settings)
    # Still failing while it backs off (issue 7, finding 10), and still saying why.
    assert report.failed == 1
    assert "backing off" in report.errors[0]
    assert "missing.jsonl: file not found" in report.errors[0]
    # Naming the source forces a try even while it backs off.
    (forced,) = collect(engine, settings, only="broken")
    assert forced.failed == 1


def test_crash_while_storing_keeps_cursor_and_posts_consistent(
    engine: Engine, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _write_posts(tmp_path / "a.jsonl", ["1", "2"])
    settings = _settings(tmp_path, {"name": "export", "kind": "file", "path": "a.jsonl"})
    import bot.pipeline.collect as stage

    real_store = stage.store_batch

    def crash_after_store(session: object, batch: object) -> object:
        real_store(session, batch)  # type: ignore[arg-type]
        raise RuntimeError("killed mid-run")

    monkeypatch.setattr(stage, "store_batch", crash_after_store)
    (report,) = collect(engine, settings)
    assert report.failed == 1
    with transaction(engine) as session:
        assert session.scalar(select(func.count()).select_from(Cursor)) == 0
    assert _count_posts(engine) == 0

    monkeypatch.setattr(stage, "store_batch", real_store)
    (report,) = collect(engine, settings, only="export")
    assert report.new == 2
    assert _count_posts(engine) == 2


def test_unknown_source_name_is_one_line(engine: Engine, tmp_path: Path) -> None:
    from bot.errors import SourceError

    with pytest.raises(SourceError, match="no such source in the config"):
        collect(engine, _settings(tmp_path), only="nope")
