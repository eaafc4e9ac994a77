"""``digestbot collect`` keeps saying what is wrong, and never prints or stores a URL's secret.

Issue 7, findings 10 (a misconfigured source said only "backing off" and exited 0) and 11
(a password inside a source URL was printed and stored).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from servers.replay import ReplayServer, Reply
from sqlalchemy import create_engine, select

from bot.cli import main
from storage.schema import Cursor, Post, Run, SourceRow

SECRET = "s3cr3t-pass"
TOKEN = "tok-123456"


@pytest.fixture
def db_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    path = tmp_path / "db.sqlite3"
    monkeypatch.setenv("DIGESTBOT_DATABASE_URL", f"sqlite:///{path}")
    return path


def _config(tmp_path: Path, sources: str) -> Path:
    cfg = tmp_path / "config.yaml"
    cfg.write_text("http: {per_host_interval: 0, retries: 0, respect_robots: false}\nsources:\n" + sources)
    return cfg


def test_a_misconfigured_source_fails_every_run_with_its_reason(
    tmp_path: Path, db_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "posts.jsonl").write_text('{"id": "1", "body": "hello there"}\n')
    bad = _config(tmp_path, "  - {name: export, kind: file, path: posts.jsonl, colour: blue}\n")
    for _ in range(3):
        assert main(["--config", str(bad), "collect"]) == 1
        out = capsys.readouterr().out
        assert "option 'colour'" in out
    good = _config(tmp_path, "  - {name: export, kind: file, path: posts.jsonl}\n")
    assert main(["--config", str(good), "collect"]) == 0  # fixed: runs at once, no backoff to wait out


def test_a_source_backing_off_still_fails_and_repeats_why(
    tmp_path: Path, db_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    cfg = _config(tmp_path, "  - {name: gone, kind: file, path: nowhere.jsonl}\n")
    assert main(["--config", str(cfg), "collect"]) == 1
    capsys.readouterr()
    assert main(["--config", str(cfg), "collect"]) == 1
    out = " ".join(capsys.readouterr().out.split())
    assert "backing off" in out
    assert "nowhere.jsonl: file not found" in out


def test_secrets_in_source_urls_are_neither_printed_nor_stored(
    tmp_path: Path, db_file: Path, replay_server: ReplayServer, capsys: pytest.CaptureFixture[str]
) -> None:
    item = "<item><guid>g1</guid><title>A study</title><link>{link}</link><description>x</description></item>"
    rss = f'<rss version="2.0"><channel><title>t</title>{item}</channel></rss>'
    link = replay_server.url(f"/item?id=1&amp;token={TOKEN}")
    replay_server.add(
        "/feed", Reply(body=rss.format(link=link), headers={"Content-Type": "application/rss+xml"})
    )
    replay_server.add("/down", Reply(500))
    base = replay_server.url("/").replace("http://", f"http://reader:{SECRET}@")
    cfg = _config(
        tmp_path,
        f"  - {{name: private, kind: feed, url: '{base}feed?token={TOKEN}'}}\n"
        f"  - {{name: failing, kind: feed, url: '{base}down?api_key={TOKEN}'}}\n",
    )
    assert main(["--config", str(cfg), "collect"]) == 1
    captured = capsys.readouterr()
    printed = captured.out + captured.err
    assert "failing" in printed
    assert "HTTP 500" in printed
    engine = create_engine(f"sqlite:///{db_file}")
    with engine.connect() as conn:
        stored = [
            *conn.execute(select(Cursor.key)).scalars(),
            *conn.execute(select(Post.url)).scalars(),
            *conn.execute(select(SourceRow.last_error)).scalars(),
            *(json.dumps(r) for r in conn.execute(select(Run.report)).scalars()),
        ]
    engine.dispose()
    assert len(stored) >= 4
    for text in (printed, *map(str, stored)):
        assert SECRET not in text
        assert TOKEN not in text
    assert any("reader:***@" in str(s) for s in stored)
