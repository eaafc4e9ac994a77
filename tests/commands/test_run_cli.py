"""``digestbot run`` as a real process: collects at start, makes up a missed publish, stops
cleanly on SIGTERM; ``digestbot status`` then shows each job's last result and next run."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from bot.cli import main
from bot.config import parse_settings
from bot.scheduler import due_week

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.slow
def test_run_collects_at_start_makes_up_the_missed_publish_and_stops_on_sigterm(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # (the post sits in the week now due: on a Monday before 07:00 that is not the week just
    # ended, which is not due yet, but the one before it)
    due = due_week(parse_settings({"timezone": "Europe/London"}), datetime.now(UTC))
    day = datetime.combine(due + timedelta(days=2), datetime.min.time()).strftime("%Y-%m-%dT12:00:00Z")
    post = {
        "id": "p1",
        "title": "Gut study",
        "created_at": day,
        "body": "New paper, doi:10.1016/j.chom.2023.01.004. Gut bacteria cause ME, full stop.",
    }
    (tmp_path / "posts.jsonl").write_text(json.dumps(post) + "\n", encoding="utf-8")
    atlas = ROOT / "bot" / "atlas" / "sample" / "cards.jsonl"
    config = tmp_path / "config.yaml"
    config.write_text(
        "offline: true\n"
        "database:\n  url: sqlite:///var/db.sqlite3\n"
        "digest:\n  out_dir: site\n"
        f"atlas:\n  paths: [{atlas}]\n"
        "sources:\n  - name: export\n    kind: file\n    path: posts.jsonl\n",
        encoding="utf-8",
    )
    assert main(["-c", str(config), "atlas", "import"]) == 0
    env = {k: v for k, v in os.environ.items() if not k.startswith("DIGESTBOT_")}
    env["PYTHONPATH"] = str(ROOT)
    proc = subprocess.Popen(
        [sys.executable, "-m", "bot.cli", "-c", str(config), "run"],
        cwd=tmp_path,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    latest = tmp_path / "site" / "digest.html"
    deadline = time.monotonic() + 240
    while not latest.exists() and proc.poll() is None and time.monotonic() < deadline:
        time.sleep(0.5)
    time.sleep(1.0)  # let the start-up job record its run
    proc.send_signal(signal.SIGTERM)
    out = proc.communicate(timeout=120)[0]
    assert proc.returncode == 0, out
    assert latest.exists(), out  # nobody ran publish: the start-up pass made up the missed week
    assert "Deficient butyrate-producing capacity" in latest.read_text(encoding="utf-8")
    assert "received SIGTERM: stopping after the jobs under way" in out
    assert out.rstrip().endswith("stopped")

    capsys.readouterr()
    assert main(["-c", str(config), "status"]) == 0
    shown = capsys.readouterr().out
    assert "collect export every 60 min" in shown
    assert "publish weekly on mon 07:00" in shown
    assert "last: " in shown
    assert "ok (papers 1" in shown
    assert "was not published" not in shown
