"""``digestbot publish`` as real processes: killed mid-send, and two at once.

Each subscriber must hold exactly one copy, except at most the one message whose sending was
cut off, which is marked uncertain and shown by ``digestbot deliveries``.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

import pytest
from servers.smtp import RecordingHandler

from bot.cli import main
from storage import deliveries
from storage.db import open_database, transaction

from .weekfixture import WEEK, prepare_week

ROOT = Path(__file__).resolve().parents[2]
Server = tuple[RecordingHandler, int]


def _env(tmp_path: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("DIGESTBOT_")}
    env["DIGESTBOT_SECRET_KEY"] = "k" * 32
    env["PYTHONPATH"] = str(ROOT)
    return env


def _publish(config: Path, tmp_path: Path) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "bot.cli", "-c", str(config), "publish", "--week", WEEK],
        cwd=tmp_path,
        env=_env(tmp_path),
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )


def _copies(handler: RecordingHandler) -> Counter[str]:
    return Counter(str(m["To"]) for m in handler.messages)


def test_sigkill_mid_send_then_restart_sends_each_copy_once(
    db_url: str, smtp_server: Server, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    handler, port = smtp_server
    week = prepare_week(tmp_path, db_url, port, subscribers_count=4)
    victim = week.addresses[2]
    handler.stall.add(victim)

    first = _publish(week.config, tmp_path)
    assert handler.stalled.wait(120), first.communicate()[0] if first.poll() is not None else "no DATA seen"
    os.kill(first.pid, signal.SIGKILL)  # mid-exchange: the server has the message, the sender no answer
    first.communicate(timeout=30)  # reaps it and closes its pipe
    handler.stall.clear()
    assert _copies(handler) == Counter(week.addresses[:3])

    second = _publish(week.config, tmp_path)
    out = second.communicate(timeout=300)[0]
    assert second.returncode == 0, out
    assert "1 message may or may not have arrived: run `digestbot deliveries` to decide" in out
    assert _copies(handler) == Counter(week.addresses)  # exactly one each; the victim's came once

    third = _publish(week.config, tmp_path)
    assert third.communicate(timeout=300)[0]
    assert third.returncode == 0
    assert _copies(handler) == Counter(week.addresses)  # nothing resent by itself

    capsys.readouterr()
    assert main(["-c", str(week.config), "deliveries", "--uncertain"]) == 0
    listed = capsys.readouterr().out
    assert victim in listed
    assert "may or may not have arrived" in listed
    engine = open_database(db_url)
    try:
        with transaction(engine) as s:
            (uncertain,) = deliveries.list_deliveries(s, status="uncertain")
        assert uncertain.email == victim
        assert main(["-c", str(week.config), "deliveries", "mark-sent", str(uncertain.id)]) == 0
        with transaction(engine) as s:
            assert deliveries.list_deliveries(s, status="uncertain") == []
            assert {r.status for r in deliveries.list_deliveries(s)} == {"sent"}
    finally:
        engine.dispose()


def test_resend_sends_an_uncertain_message_again(
    db_url: str, smtp_server: Server, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    handler, port = smtp_server
    week = prepare_week(tmp_path, db_url, port, subscribers_count=2)
    handler.hang_up = True  # every exchange is cut off after DATA: both uncertain
    assert main(["-c", str(week.config), "publish", "--week", WEEK]) == 0
    assert "2 messages may or may not have arrived" in capsys.readouterr().out
    handler.hang_up = False
    engine = open_database(db_url)
    try:
        with transaction(engine) as s:
            ids = [r.id for r in deliveries.list_deliveries(s, status="uncertain")]
    finally:
        engine.dispose()
    assert main(["-c", str(week.config), "deliveries", "resend", str(ids[0])]) == 0
    assert "resent 1" in capsys.readouterr().out
    assert sum(_copies(handler).values()) == 3
    assert main(["-c", str(week.config), "deliveries", "resend", "999"]) == 2
    assert "delivery 999 does not exist" in capsys.readouterr().err


def test_two_publish_processes_at_once_send_one_copy_each_and_both_succeed(
    db_url: str, smtp_server: Server, tmp_path: Path
) -> None:
    handler, port = smtp_server
    week = prepare_week(tmp_path, db_url, port, subscribers_count=4)
    handler.delay = 1.5  # a slow server keeps the first sender busy while the second starts
    procs = [_publish(week.config, tmp_path) for _ in range(2)]
    started = time.monotonic()
    outputs = [p.communicate(timeout=300)[0] for p in procs]
    assert [p.returncode for p in procs] == [0, 0], outputs
    assert _copies(handler) == Counter(week.addresses)
    busy = [o for o in outputs if "another process is publishing right now" in o]
    assert len(busy) == 1, outputs  # one sent, the other said so and stood aside
    assert time.monotonic() - started < 300
