"""``digestbot collect`` and ``digestbot sources check`` from the command line."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.cli import main


@pytest.fixture
def config(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("DIGESTBOT_DATABASE_URL", f"sqlite:///{tmp_path / 'db.sqlite3'}")
    (tmp_path / "posts.jsonl").write_text(
        '{"id": "1", "body": "PMID: 17693978"}\n{"id": "2", "body": "hello"}\n'
    )
    cfg = tmp_path / "config.yaml"
    cfg.write_text(
        "sources:\n"
        "  - {name: export, kind: file, path: posts.jsonl}\n"
        "  - {name: gone, kind: file, path: nowhere.jsonl}\n"
        "  - {name: later, kind: file, path: nowhere.jsonl, enabled: false}\n"
    )
    return cfg


def test_collect_prints_a_summary_and_fails_softly(config: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--config", str(config), "collect"]) == 1  # one source failed; the other was stored
    out = capsys.readouterr().out
    assert "export" in out
    assert "gone" in out
    assert "nowhere.jsonl: file not found" in out
    assert "later" not in out
    assert main(["--config", str(config), "collect", "--source", "export"]) == 0
    row = next(line for line in capsys.readouterr().out.splitlines() if "export" in line)
    cells = [c for c in row.replace("│", " ").split() if c]
    assert cells == ["export", "0", "0", "0", "0", "0"]  # unchanged file: skipped by its cursor


def test_sources_check_one_line_each(config: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--config", str(config), "sources", "check"]) == 1
    lines = capsys.readouterr().out.splitlines()
    assert any(line.startswith("✓ export (file)") for line in lines)
    assert any(line.startswith("✗ gone (file)") and "file not found" in line for line in lines)
    assert any(line.startswith("- later (file): disabled") for line in lines)
