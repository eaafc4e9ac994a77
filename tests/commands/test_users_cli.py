"""``digestbot users add | list | remove | passwd`` and ``atlas uncovered`` respecting editors'
marks, through the real CLI entry point on SQLite and PostgreSQL."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
from web.seed import seed

from bot.accounts.passwords import verify_password
from bot.cli import main
from bot.pipeline import review
from storage import audit
from storage.db import open_database, transaction
from storage.users import find_user


@pytest.fixture
def cli(db_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    monkeypatch.setenv("DIGESTBOT_DATABASE_URL", db_url)
    monkeypatch.chdir(tmp_path)
    return db_url


def _stdin(monkeypatch: pytest.MonkeyPatch, text: str) -> None:
    monkeypatch.setattr("sys.stdin", io.StringIO(text))


def test_add_list_passwd_remove(
    cli: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    _stdin(monkeypatch, "first password here\n")
    assert main(["users", "add", "alex", "--role", "moderator", "--password-stdin"]) == 0
    assert main(["users", "list"]) == 0
    assert "alex" in capsys.readouterr().out
    engine = open_database(cli)
    try:
        with transaction(engine) as s:
            user = find_user(s, "alex")
            assert user is not None
            assert user.role == "moderator"
            assert user.password_hash.startswith("$argon2id$")
            assert verify_password(user.password_hash, "first password here")
        _stdin(monkeypatch, "second password here\n")
        assert main(["users", "passwd", "alex", "--password-stdin"]) == 0
        with transaction(engine) as s:
            user = find_user(s, "alex")
            assert user is not None
            assert verify_password(user.password_hash, "second password here")
            assert not verify_password(user.password_hash, "first password here")
        assert main(["users", "remove", "alex"]) == 0
        with transaction(engine) as s:
            assert find_user(s, "alex") is None
            actions = [e.action for e in audit.entries(s)]
        assert actions == ["user.remove", "user.passwd", "user.add"]
    finally:
        engine.dispose()


@pytest.mark.parametrize(
    ("args", "stdin", "says"),
    [
        (
            ["users", "add", "sam", "--role", "boss", "--password-stdin"],
            "long enough password\n",
            "role 'boss'",
        ),
        (["users", "add", "sam", "--role", "editor", "--password-stdin"], "short\n", "at least 10"),
        (
            ["users", "add", "<sam>", "--role", "editor", "--password-stdin"],
            "long enough password\n",
            "username",
        ),
        (["users", "remove", "nobody"], "", "does not exist"),
        (["users", "passwd", "nobody", "--password-stdin"], "long enough password\n", "does not exist"),
    ],
)
def test_bad_input_is_one_line_and_status_2(
    cli: str,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    args: list[str],
    stdin: str,
    says: str,
) -> None:
    _stdin(monkeypatch, stdin)
    assert main(args) == 2
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1
    assert says in err
    assert "Traceback" not in err


def test_a_second_account_with_the_same_name_is_refused(cli: str, monkeypatch: pytest.MonkeyPatch) -> None:
    _stdin(monkeypatch, "long enough password\n")
    assert main(["users", "add", "sam", "--role", "editor", "--password-stdin"]) == 0
    _stdin(monkeypatch, "long enough password\n")
    assert main(["users", "add", "sam", "--role", "admin", "--password-stdin"]) == 2


def test_atlas_uncovered_leaves_out_marked_papers_unless_asked(
    cli: str, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    engine = open_database(cli)
    try:
        seed(engine, posts=4, flags=0)
        queue = review.papers_page(engine, include_marked=False, limit=None).papers
        assert len(queue) == 4
        review.mark_paper(engine, queue[0].id, "not_relevant", note="a conference poster", actor="ed")
        review.mark_paper(engine, queue[1].id, "queued", note=None, actor="ed")
    finally:
        engine.dispose()
    assert main(["atlas", "uncovered", "--format", "csv"]) == 0
    rows = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
    assert [r["doi"] for r in rows] == [p.doi for p in queue[2:]]
    assert main(["atlas", "uncovered", "--format", "csv", "--include-marked"]) == 0
    rows = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
    marks = {r["doi"]: (r["mark"], r["mark_note"]) for r in rows}
    assert marks[queue[0].doi] == ("not_relevant", "a conference poster")
    assert marks[queue[1].doi] == ("queued", "")
    monkeypatch.setenv("COLUMNS", "300")  # rich wraps to the terminal; keep each cell on one line
    assert main(["atlas", "uncovered", "--include-marked"]) == 0
    table = capsys.readouterr().out
    assert "not relevant: a conference poster" in table
    assert "queued for the atlas" in table
