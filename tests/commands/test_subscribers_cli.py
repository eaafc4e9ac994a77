"""``digestbot subscribers …`` through the real CLI, with confirmation emails caught by aiosmtpd."""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
from servers.smtp import RecordingHandler

from bot.cli import main

Server = tuple[RecordingHandler, int]


@pytest.fixture
def config(tmp_path: Path, smtp_server: Server, monkeypatch: pytest.MonkeyPatch) -> Path:
    _, port = smtp_server
    path = tmp_path / "config.yaml"
    path.write_text(
        "database:\n  url: sqlite:///var/db.sqlite3\n"
        "digest:\n  site_url: https://digest.example.org/\n"
        f"email:\n  enabled: true\n  smtp_port: {port}\n",
        encoding="utf-8",
    )
    monkeypatch.delenv("DIGESTBOT_SECRET_KEY", raising=False)
    return path


def _token(handler: RecordingHandler, address: str) -> str:
    body = handler.to(address)[-1].get_body(("plain",))
    assert body is not None
    (url,) = re.findall(r"https://\S+/subscribe/confirm\?\S+", body.get_content())
    return parse_qs(urlsplit(url).query)["token"][0]


def test_add_confirm_list_remove(
    config: Path, smtp_server: Server, capsys: pytest.CaptureFixture[str]
) -> None:
    handler, _ = smtp_server
    assert main(["-c", str(config), "subscribers", "add", "Ann@Example.org", "bo@example.org"]) == 0
    assert "ann@example.org: confirmation email sent" in capsys.readouterr().out
    assert (
        main(["-c", str(config), "subscribers", "confirm", "--token", _token(handler, "ann@example.org")])
        == 0
    )
    assert capsys.readouterr().out.strip() == "ann@example.org: confirmed"
    # The key that signed the link was made on first use, readable by its owner only.
    key = config.parent / "var" / "secret.key"
    assert key.stat().st_mode & 0o077 == 0

    assert main(["-c", str(config), "subscribers", "list", "--csv"]) == 0
    rows = capsys.readouterr().out.splitlines()
    assert rows[0] == "email,status,created_at,confirmed_at"
    assert [r.split(",")[:2] for r in rows[1:]] == [
        ["ann@example.org", "confirmed"],
        ["bo@example.org", "pending"],
    ]

    assert main(["-c", str(config), "subscribers", "remove", "ann@example.org"]) == 0
    assert capsys.readouterr().out.strip() == "ann@example.org: unsubscribed"
    assert main(["-c", str(config), "subscribers", "list", "--status", "confirmed", "--csv"]) == 0
    assert capsys.readouterr().out.splitlines()[1:] == []


def test_bad_input_is_one_line_and_status_2(config: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["-c", str(config), "subscribers", "add", "not-an-address"]) == 2
    err = capsys.readouterr().err
    assert err.startswith("error: 'not-an-address' is not an e-mail address")
    assert len(err.strip().splitlines()) == 1
    assert main(["-c", str(config), "subscribers", "confirm", "--token", "forged.token"]) == 2
    assert "confirm link is not valid" in capsys.readouterr().err
    assert main(["-c", str(config), "subscribers", "remove", "--token", "forged.token"]) == 2
    assert "unsubscribe link is not valid" in capsys.readouterr().err
    assert main(["-c", str(config), "subscribers", "remove", "nobody@example.org"]) == 2
    assert "'nobody@example.org' is not a subscriber" in capsys.readouterr().err


def test_import_csv_lists_bad_lines_and_imports_the_rest(
    config: Path, smtp_server: Server, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    handler, _ = smtp_server
    csv_file = tmp_path / "list.csv"
    csv_file.write_text("name,email\nAnn,ann@example.org\nBad,nope\nCy,cy@example.org\n", encoding="utf-8")
    assert main(["-c", str(config), "subscribers", "import", str(csv_file), "--confirmed"]) == 2
    captured = capsys.readouterr()
    assert f"{csv_file}:3: 'nope' is not an e-mail address" in captured.err
    assert "ann@example.org: confirmed" in captured.out
    assert "cy@example.org: confirmed" in captured.out
    assert handler.messages == []  # consent given elsewhere: no confirmation emails
    # Double opt-in import: each address gets a confirmation and stays pending.
    plain = tmp_path / "plain.csv"
    plain.write_text("dee@example.org\n", encoding="utf-8")
    assert main(["-c", str(config), "subscribers", "import", str(plain)]) == 0
    assert [m["To"] for m in handler.messages] == ["dee@example.org"]
