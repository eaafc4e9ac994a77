"""A stage run is never left ``running`` (issue 7, findings 3 and 11).

A stage that fails closes its run ``failed``; a process killed outright cannot close anything,
so the next stage to start marks its run ``interrupted``, and leaves live runs alone.
"""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
from sqlalchemy import Engine, select

from bot.config import parse_settings
from bot.pipeline.analyse import analyse
from bot.pipeline.runs import stage_run, this_process
from storage.db import transaction
from storage.runs import start_run
from storage.schema import Run

ROOT = Path(__file__).resolve().parents[2]


def _runs(engine: Engine) -> dict[int, str]:
    with transaction(engine) as s:
        return {r.id: r.status for r in s.scalars(select(Run))}


def test_a_failing_stage_closes_its_run_as_failed(engine: Engine) -> None:
    with pytest.raises(ZeroDivisionError), stage_run(engine, "analyse"):
        _ = 1 / 0
    with transaction(engine) as s:
        (run,) = s.scalars(select(Run))
        assert run.status == "failed"
        assert run.finished_at is not None
        assert run.report["error"] == "ZeroDivisionError: division by zero"


def test_runs_of_dead_processes_are_marked_interrupted_live_ones_kept(engine: Engine, tmp_path: Path) -> None:
    gone = subprocess.run(
        [sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True
    )
    dead_owner = {"host": socket.gethostname(), "pid": int(gone.stdout), "start": "1"}
    with transaction(engine) as s:
        dead = start_run(s, "analyse", owner=dead_owner)
        live = start_run(s, "collect", owner=this_process())
        elsewhere = start_run(s, "collect", owner={"host": "another-machine", "pid": 1, "start": "1"})
        recycled = start_run(s, "collect", owner={**this_process(), "start": "not-this-process"})
    analyse(engine, parse_settings({}, base_dir=tmp_path))
    runs = _runs(engine)
    assert runs[dead] == "interrupted"
    assert runs[recycled] == "interrupted"  # same pid, another process: the pid was reused
    assert runs[live] == "running"
    assert runs[elsewhere] == "running"  # cannot tell from here: left alone
    assert sorted(runs.values()).count("ok") == 1


@pytest.mark.slow
def test_a_killed_collect_is_interrupted_at_the_next_start(db_url: str, tmp_path: Path) -> None:
    lines = [json.dumps({"id": str(i), "body": f"post {i} cites doi:10.5555/k.{i}"}) for i in range(20_000)]
    (tmp_path / "posts.jsonl").write_text("\n".join(lines) + "\n")
    cfg = tmp_path / "config.yaml"
    cfg.write_text("offline: true\nsources:\n  - {name: big, kind: file, path: posts.jsonl}\n")
    env = {**os.environ, "DIGESTBOT_DATABASE_URL": db_url}
    proc = subprocess.Popen(
        [sys.executable, "-m", "bot.cli", "--config", str(cfg), "collect"], cwd=ROOT, env=env
    )
    from storage.db import open_database

    engine = open_database(db_url)
    try:
        deadline = time.monotonic() + 60
        while "running" not in _runs(engine).values():
            assert proc.poll() is None, "collect finished before it could be killed"
            assert time.monotonic() < deadline
            time.sleep(0.05)
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait()
        (killed,) = _runs(engine)
        assert _runs(engine)[killed] == "running"
        analyse(engine, parse_settings({"offline": True}, base_dir=tmp_path))
        assert _runs(engine)[killed] == "interrupted"
    finally:
        engine.dispose()
