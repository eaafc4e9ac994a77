"""``digestbot demo`` from nothing to a digest, and the CLI's one-line errors."""

from __future__ import annotations

import json
from html import unescape
from pathlib import Path

import feedparser
import pytest
from sqlalchemy import func, select

from bot.cli import main
from storage.db import open_database, transaction
from storage.schema import AtlasCardRow, Post

ROOT = Path(__file__).resolve().parents[2]


def _cards() -> list[dict[str, object]]:
    lines = (ROOT / "bot" / "atlas" / "sample" / "cards.jsonl").read_text(encoding="utf-8").splitlines()
    return [json.loads(line) for line in lines if line.strip()]


@pytest.mark.slow
def test_demo_writes_a_digest_with_cards_and_their_limits(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)  # no config.yaml here: defaults, like a fresh install
    out = tmp_path / "demo"
    assert main(["demo", "--out", str(out)]) == 0
    printed = capsys.readouterr().out
    assert str(out / "digest.html") in printed

    html = (out / "digest.html").read_text(encoding="utf-8")
    text = (out / "digest.txt").read_text(encoding="utf-8")
    assert "not medical advice" in html.lower()
    assert "not medical advice" in text.lower()
    flat = " ".join(text.split())  # the text part is wrapped at 72 columns
    shown = [c for c in _cards() if str(c["title"]) in flat]
    assert len(shown) >= 5, "the demo digest should show several atlas cards"
    for card in shown:
        # Every card shown carries its evidence level, design and its limits.
        assert (
            f"Evidence: {card['evidence_level']} {card['evidence_label']}. Design: {card['design']}" in flat
        )
        assert " ".join(str(card["does_not_prove"]).split()) in flat
        assert str(card["title"]) in unescape(html)
    feed = feedparser.parse((out / "feed.atom").read_bytes())
    assert not feed.bozo
    assert len(feed.entries) == 1
    assert "Evidence" in feed.entries[0].content[0].value

    # A second run stores nothing twice.
    engine = open_database(f"sqlite:///{out / 'demo.sqlite3'}")
    with transaction(engine) as session:
        posts = session.scalar(select(func.count()).select_from(Post))
    assert main(["demo", "--out", str(out)]) == 0
    with transaction(engine) as session:
        assert session.scalar(select(func.count()).select_from(Post)) == posts
        assert session.scalar(select(func.count()).select_from(AtlasCardRow)) == len(_cards())
    engine.dispose()


def test_bad_config_is_one_line_and_exit_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    cfg = tmp_path / "config.yaml"
    cfg.write_text("timezone: Europe/London\nschedule:\n  collect_every_minute: 5\n")
    assert main(["--config", str(cfg), "db", "upgrade"]) == 2
    err = capsys.readouterr().err.strip()
    assert err == f"error: {cfg}: unknown key 'schedule.collect_every_minute'"


def test_bad_week_is_one_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("DIGESTBOT_DATABASE_URL", f"sqlite:///{tmp_path / 'db.sqlite3'}")
    monkeypatch.chdir(tmp_path)
    assert main(["publish", "--week", "last tuesday"]) == 2
    assert capsys.readouterr().err.strip() == "error: --week 'last tuesday': expected a date like 2026-11-09"


def test_every_command_has_help(capsys: pytest.CaptureFixture[str]) -> None:
    commands = [
        ["demo"],
        ["collect"],
        ["analyse"],
        ["publish"],
        ["run"],
        ["analyze-file"],
        ["db", "upgrade"],
        ["atlas", "import"],
        ["atlas", "uncovered"],
        ["sources", "check"],
    ]
    for command in commands:
        assert main([*command, "--help"]) == 0
        assert "Usage" in capsys.readouterr().out
