"""``digestbot analyse [--rematch]`` end to end: an atlas import reaches analysed posts."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from bot.cli import main

ROOT = Path(__file__).resolve().parents[2]
POSTS = [
    {"id": "a", "title": "Gut", "body": "Paper: doi:10.1016/j.chom.2023.01.004, fewer butyrate producers."},
    {"id": "b", "title": "Other", "body": "And https://doi.org/10.5555/not.in.atlas.1 is not carded."},
]


def test_analyse_rematches_after_an_import_and_on_request(
    db_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("DIGESTBOT_DATABASE_URL", db_url)
    (tmp_path / "posts.jsonl").write_text("\n".join(json.dumps(p) for p in POSTS) + "\n")
    cards = [json.loads(line) for line in (ROOT / "bot/atlas/sample/cards.jsonl").read_text().splitlines()]
    (tmp_path / "early.jsonl").write_text(
        "\n".join(json.dumps(c) for c in cards if c["id"] != "guo-2023-deficient-butyrate") + "\n"
    )
    (tmp_path / "late.jsonl").write_text(
        "\n".join(json.dumps(c) for c in cards if c["id"] == "guo-2023-deficient-butyrate") + "\n"
    )
    config = tmp_path / "config.yaml"
    config.write_text("offline: true\nsources:\n  - name: export\n    kind: file\n    path: posts.jsonl\n")
    run = ["--config", str(config)]
    assert main([*run, "atlas", "import", str(tmp_path / "early.jsonl")]) == 0
    assert main([*run, "collect"]) == 0
    assert main([*run, "analyse"]) == 0
    assert "re-matched" not in capsys.readouterr().out
    assert main([*run, "atlas", "import", str(tmp_path / "late.jsonl")]) == 0
    assert main([*run, "analyse"]) == 0
    assert "re-matched 2 posts" in capsys.readouterr().out
    assert main([*run, "analyse"]) == 0
    assert "re-matched" not in capsys.readouterr().out
    assert main([*run, "analyse", "--rematch"]) == 0
    assert "re-matched 2 posts" in capsys.readouterr().out
