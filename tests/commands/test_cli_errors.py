"""Every failure is one line on stderr naming the input, exit status 2 (issue 7, finding 9).

Usage mistakes (no command, unknown command or option, a bad --format), a posts file written
into a missing folder, a corrupted or locked SQLite database and a full disk. ``--debug``
brings the traceback back.
"""

from __future__ import annotations

import json
import os
import re
import sqlite3
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from bot.cli import main

ROOT = Path(__file__).resolve().parents[2]


def _one_error_line(err: str) -> str:
    lines = [line for line in err.splitlines() if line.strip()]
    assert "Traceback" not in err
    assert len(lines) == 1, lines
    assert lines[0].startswith("error: ")
    return lines[0]


def _cli(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "bot.cli", *args],
        cwd=ROOT,
        env={**os.environ, **(env or {})},
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_plain_digestbot_shows_help_and_one_line() -> None:
    done = _cli()
    assert done.returncode == 2
    assert "Usage:" in done.stdout
    assert _one_error_line(done.stderr) == "error: no command given (see digestbot --help)"


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["bogus"], "error: No such command 'bogus'. (see digestbot --help)"),
        (["--bogus", "collect"], "error: No such option: --bogus (see digestbot --help)"),
        (
            ["collect", "--nope"],
            "error: No such option: --nope (Possible options: --force) (see digestbot --help)",
        ),
    ],
)
def test_usage_mistakes_are_one_line(
    args: list[str], expected: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(args) == 2
    assert _one_error_line(capsys.readouterr().err) == expected


def test_a_bad_format_value_names_the_option(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["atlas", "uncovered", "--format", "xml"]) == 2
    line = _one_error_line(capsys.readouterr().err)
    assert "--format" in line
    assert "'xml'" in line


def test_debug_shows_the_traceback() -> None:
    done = _cli("--debug", "bogus")
    assert done.returncode != 0
    assert "Traceback" in done.stderr


def test_analyze_file_into_a_missing_folder(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    posts = tmp_path / "posts.jsonl"
    posts.write_text(json.dumps({"id": "1", "body": "doi:10.1/x"}) + "\n")
    target = tmp_path / "missing" / "pred.jsonl"
    args = [
        "analyze-file",
        str(posts),
        "--atlas",
        str(ROOT / "bot/atlas/sample/cards.jsonl"),
        "-o",
        str(target),
    ]
    assert main(args) == 2
    assert (
        _one_error_line(capsys.readouterr().err) == f"error: {target}: folder {target.parent} does not exist"
    )


def _analyze_with_a_fault_in_post_b(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, error: Exception
) -> tuple[int, Path, Path]:
    """analyze-file over posts a, b and c, where analysing b raises ``error``."""
    from bot.evidence.analyze import Analyzer

    posts, target = tmp_path / "posts.jsonl", tmp_path / "pred.jsonl"
    posts.write_text(
        "".join(json.dumps({"id": pid, "body": f"Post {pid} cites doi:10.1/x{pid}."}) + "\n" for pid in "abc")
    )
    real = Analyzer.analyze

    def analyze(self: Analyzer, post_id: str, *args: object, **kwargs: object) -> object:
        if post_id == "b":
            raise error
        return real(self, post_id, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(Analyzer, "analyze", analyze)
    cards = str(ROOT / "bot/atlas/sample/cards.jsonl")
    return main(["analyze-file", str(posts), "--atlas", cards, "-o", str(target)]), posts, target


def test_a_fault_in_one_post_costs_only_that_post(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    status, posts, target = _analyze_with_a_fault_in_post_b(tmp_path, monkeypatch, KeyError("meta analysis"))
    assert status == 1
    assert [json.loads(line)["id"] for line in target.read_text().splitlines()] == ["a", "c"]
    errors = [line for line in capsys.readouterr().err.splitlines() if line.startswith("error:")]
    assert errors[0] == (
        f"error: {posts}: post b: unexpected KeyError: 'meta analysis' "
        "(skipped; run with --debug for the traceback)"
    )
    assert errors[1:] == ["error: 1 post(s) could not be analysed and were skipped"]


def test_a_model_error_still_stops_the_whole_run_in_one_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from bot.errors import ModelError

    error = ModelError("claim head: weights file unreadable")
    status, _, _ = _analyze_with_a_fault_in_post_b(tmp_path, monkeypatch, error)
    assert status == 2
    assert _one_error_line(capsys.readouterr().err) == "error: claim head: weights file unreadable"


@pytest.fixture
def sqlite_config(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    (tmp_path / "posts.jsonl").write_text(
        "".join(json.dumps({"id": str(i), "body": f"post {i} cites doi:10.1/p{i}"}) + "\n" for i in range(40))
    )
    cfg = tmp_path / "config.yaml"
    cfg.write_text("offline: true\nsources:\n  - {name: export, kind: file, path: posts.jsonl}\n")
    monkeypatch.setenv("DIGESTBOT_DATABASE_URL", f"sqlite:///{tmp_path / 'db.sqlite3'}")
    return cfg


def test_a_file_that_is_not_a_database(
    sqlite_config: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "db.sqlite3").write_bytes(b"this is a text file, not SQLite\n" * 200)
    assert main(["--config", str(sqlite_config), "analyse"]) == 2
    line = _one_error_line(capsys.readouterr().err)
    assert str(tmp_path / "db.sqlite3") in line
    assert "file is not a database" in line


def test_a_corrupted_page(sqlite_config: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--config", str(sqlite_config), "collect"]) == 0
    db = tmp_path / "db.sqlite3"
    with sqlite3.connect(db) as conn:
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        page_size = conn.execute("PRAGMA page_size").fetchone()[0]
        pages = conn.execute("PRAGMA page_count").fetchone()[0]
    raw = bytearray(db.read_bytes())
    for page in range(2, pages):  # every page but the header page: b-tree pages full of noise
        raw[page * page_size : page * page_size + 64] = b"\xa5" * 64
    db.write_bytes(bytes(raw))
    capsys.readouterr()
    assert main(["--config", str(sqlite_config), "analyse"]) == 2
    line = _one_error_line(capsys.readouterr().err)
    assert str(db) in line
    assert "malformed" in line


def test_database_is_locked(sqlite_config: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--config", str(sqlite_config), "collect"]) == 0
    capsys.readouterr()
    url = f"sqlite:///{tmp_path / 'db.sqlite3'}?timeout=0.1"
    holder = sqlite3.connect(tmp_path / "db.sqlite3", isolation_level=None)
    try:
        holder.execute("BEGIN IMMEDIATE")  # another process in the middle of a long write
        os.environ["DIGESTBOT_DATABASE_URL"] = url
        assert main(["--config", str(sqlite_config), "analyse"]) == 2
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    line = _one_error_line(capsys.readouterr().err)
    assert "db.sqlite3" in line
    assert "database is locked" in line
    assert main(["--config", str(sqlite_config), "analyse"]) == 0  # nothing was lost meanwhile
    assert "analysed 40 posts" in capsys.readouterr().out


def test_analyse_names_a_post_it_could_not_analyse_and_keeps_the_rest(
    sqlite_config: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from bot.evidence.analyze import Analyzer

    assert main(["--config", str(sqlite_config), "collect"]) == 0
    real = Analyzer.analyze

    def analyze(self: Analyzer, post_id: str, title: str, text: str, *args: object, **kw: object) -> object:
        if text == "post 7 cites doi:10.1/p7":
            raise ValueError("bad offset\nsecond line")
        return real(self, post_id, title, text, *args, **kw)  # type: ignore[arg-type]

    monkeypatch.setattr(Analyzer, "analyze", analyze)
    capsys.readouterr()
    assert main(["--config", str(sqlite_config), "analyse"]) == 1
    out, err = capsys.readouterr()
    assert "analysed 39 posts" in out
    errors = [line for line in err.splitlines() if line.strip()]
    assert len(errors) == 1
    assert re.fullmatch(
        r"error: post \d+: unexpected ValueError: bad offset "
        r"\(left for the next run; --debug shows the traceback\)",
        errors[0],
    )
    monkeypatch.setattr(Analyzer, "analyze", real)
    assert main(["--config", str(sqlite_config), "analyse"]) == 0  # the next run reaches it
    assert "analysed 1 posts" in capsys.readouterr().out


@pytest.fixture
def tiny_disk(tmp_path: Path) -> Iterator[Path]:
    """A real 4 MiB filesystem (tmpfs), so the disk really fills up."""
    if os.geteuid() != 0:
        pytest.skip("mounting a small tmpfs to fill a disk needs root (CI runs as root)")
    mount = tmp_path / "disk"
    mount.mkdir()
    subprocess.run(["mount", "-t", "tmpfs", "-o", "size=4m", "tmpfs", str(mount)], check=True)
    try:
        yield mount
    finally:
        subprocess.run(["umount", "-l", str(mount)], check=False)


def test_disk_full_during_analyse(
    tiny_disk: Path, sqlite_config: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    db = tiny_disk / "db.sqlite3"
    monkeypatch.setenv("DIGESTBOT_DATABASE_URL", f"sqlite:///{db}")
    assert main(["--config", str(sqlite_config), "collect"]) == 0
    capsys.readouterr()
    with (tiny_disk / "filler").open("wb") as filler:  # take every byte left
        try:
            while True:
                filler.write(b"\0" * 65536)
                filler.flush()
        except OSError:
            pass
    assert main(["--config", str(sqlite_config), "analyse"]) == 2
    line = _one_error_line(capsys.readouterr().err)
    assert str(db) in line
    assert "is full" in line
    (tiny_disk / "filler").unlink()
    assert main(["--config", str(sqlite_config), "analyse"]) == 0  # the posts were all kept
    assert "analysed 40 posts" in capsys.readouterr().out
