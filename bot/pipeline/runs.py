"""A stage run's row from start to finish, whatever happens in between.

Why a context manager: a stage that fails (a lost database race, a full disk, Ctrl-C) must
leave its run ``failed`` or ``interrupted``, never ``running`` for ever; and a run whose process
was killed outright (no chance to write anything) is found at the next start by its owner: the
host, the process id and the process's start time, so a recycled pid is not taken for it.
"""

from __future__ import annotations

import os
import socket
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import Engine

from bot import clock
from storage.db import transaction
from storage.runs import finish_run, interrupt_dead_runs, start_run


def _process_start(pid: int) -> str | None:
    """The kernel's start time of ``pid`` (Linux), or None where /proc is unavailable."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text(encoding="ascii")
    except OSError:
        return None
    # Field 22; the command name (field 2) may contain spaces, so split after its ')'.
    return stat.rsplit(")", 1)[1].split()[19]


def this_process() -> dict[str, Any]:
    """Who is running: enough for a later process on this host to tell whether it still is."""
    return {"host": socket.gethostname(), "pid": os.getpid(), "start": _process_start(os.getpid())}


def is_alive(owner: dict[str, Any]) -> bool | None:
    """False when the owner's process is certainly gone; None when it ran on another host."""
    if owner.get("host") != socket.gethostname():
        return None
    pid = owner.get("pid")
    if not isinstance(pid, int):
        return None
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        pass  # exists, owned by someone else
    started = owner.get("start")
    return started is None or _process_start(pid) in (None, started)


@dataclass
class RunHandle:
    """What the stage fills in as it goes: the final status and report."""

    run_id: int
    status: str = "ok"
    report: dict[str, Any] = field(default_factory=dict)


def _one_line(exc: BaseException) -> str:
    text = str(exc).strip().splitlines()
    return f"{type(exc).__name__}: {text[0] if text else ''}"[:500]


@contextmanager
def stage_run(engine: Engine, stage: str) -> Iterator[RunHandle]:
    """Open a run of ``stage`` (first marking runs of dead processes interrupted) and always close it."""
    with transaction(engine) as session:
        interrupt_dead_runs(session, is_alive, clock.now())
        run_id = start_run(session, stage, owner=this_process())
    handle = RunHandle(run_id)
    try:
        yield handle
    except BaseException as exc:
        status = "failed" if isinstance(exc, Exception) else "interrupted"
        # Best effort: when the database itself is what failed, the original error matters more.
        with suppress(Exception), transaction(engine) as session:
            finish_run(session, run_id, status, {**handle.report, "error": _one_line(exc)})
        raise
    with transaction(engine) as session:
        finish_run(session, run_id, handle.status, handle.report)


__all__ = ["RunHandle", "is_alive", "stage_run", "this_process"]
