"""``digestbot demo`` from nothing to a digest, and the CLI's one-line errors."""

from __future__ import annotations

import email
import json
import re
from email.message import EmailMessage
from email.policy import default
from html import unescape
from pathlib import Path
from typing import Any

import feedparser
import pytest
from sqlalchemy import func, select

from bot.cli import app, main
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
    for name in ("feed.atom", "feed.rss"):
        feed = feedparser.parse((out / name).read_bytes())
        assert not feed.bozo, (name, feed.get("bozo_exception"))
        assert len(feed.entries) == 1
        assert "Evidence" in (feed.entries[0].get("content") or [feed.entries[0]])[0].get("value", "")
    assert f"The demo's database is {out / 'demo.sqlite3'}." in " ".join(printed.split())

    # A sample email beside the digest, as a subscriber would get it.
    msg = email.message_from_bytes((out / "sample-email.eml").read_bytes(), policy=default)
    assert isinstance(msg, EmailMessage)
    assert msg["To"] == "reader@example.org"
    https, mailto = re.findall(r"<([^>]+)>", msg["List-Unsubscribe"])
    assert https.startswith("http://localhost:8080/unsubscribe?token=")
    assert mailto.startswith("mailto:digest@example.org?subject=unsubscribe%20")
    assert msg["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    html_part, text_part = msg.get_body(("html",)), msg.get_body(("plain",))
    assert html_part is not None
    assert text_part is not None
    assert len(html_part.get_content().encode()) < 100_000
    assert 'style="' in html_part.get_content()  # CSS inlined for mail clients
    assert "NOT MEDICAL ADVICE" in text_part.get_content()

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
    for command in _commands():
        assert main([*command, "--help"]) == 0, command
        assert "Usage" in capsys.readouterr().out


def _commands() -> list[list[str]]:
    """Every leaf command the CLI has, as argument lists (["atlas", "import"], ["run"])."""
    import typer.main

    def walk(cmd: Any, path: list[str]) -> list[list[str]]:
        if hasattr(cmd, "commands"):  # a group (typer ships its own click)
            found = [path] if cmd.invoke_without_command and path else []
            for name, sub in cmd.commands.items():
                found += walk(sub, [*path, name])
            return found
        return [path]

    return walk(typer.main.get_command(app), [])


def test_the_readme_command_table_covers_every_command() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    rows = [line for line in readme.splitlines() if line.startswith("| `digestbot ")]
    for command in _commands():
        name = "digestbot " + " ".join(command)
        assert any(f"`{name}" in row or f"/ `{' '.join(command[-1:])}" in row for row in rows), name
    assert "demo.sqlite3" in readme  # says where the demo's database is


def test_a_mid_week_start_is_one_line_naming_the_expected_day(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("DIGESTBOT_DATABASE_URL", f"sqlite:///{tmp_path / 'db.sqlite3'}")
    monkeypatch.chdir(tmp_path)
    assert main(["publish", "--week", "2026-11-11"]) == 2
    err = capsys.readouterr().err.strip()
    assert err.startswith("error: --week 2026-11-11 is a Wednesday; weeks start on Monday")
    assert len(err.splitlines()) == 1


def test_a_usage_error_is_a_short_message_and_status_2(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["deliveries", "resend", "not-a-number"]) == 2
    err = capsys.readouterr().err
    assert "Invalid value for 'ids'" in err
    assert "Traceback" not in err


@pytest.mark.slow
def test_demo_names_a_sample_post_it_could_not_analyse_and_still_publishes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from bot.evidence.analyze import Analyzer

    real = Analyzer.analyze
    calls: list[str] = []

    def analyze(self: Analyzer, post_id: str, *args: Any, **kw: Any) -> Any:
        calls.append(post_id)
        if len(calls) == 1:
            raise IndexError("offset out of range")
        return real(self, post_id, *args, **kw)

    monkeypatch.setattr(Analyzer, "analyze", analyze)
    monkeypatch.chdir(tmp_path)
    out = tmp_path / "demo"
    assert main(["demo", "--out", str(out)]) == 0
    printed = capsys.readouterr().out
    assert re.search(rf"post {calls[0]} not analysed: unexpected IndexError: offset out of range", printed)
    assert (out / "digest.html").exists()
