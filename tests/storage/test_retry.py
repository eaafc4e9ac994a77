"""``storage.db.run_transaction``: a transaction that loses a race is run again, a bounded
number of times, and then stops with one line (issue 7, findings 3 and 9).

The race here is real: another connection holds SQLite's write lock.
"""

from __future__ import annotations

import sqlite3
import threading
from pathlib import Path

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from storage.db import open_database, run_transaction
from storage.errors import StorageError
from storage.runs import start_run
from storage.schema import Run


def _start(session: Session) -> int:
    return start_run(session, "analyse")


def test_a_lost_race_is_retried_until_the_lock_is_released(tmp_path: Path) -> None:
    path = tmp_path / "db.sqlite3"
    engine = open_database(f"sqlite:///{path}?timeout=0.05")
    holder = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
    holder.execute("BEGIN IMMEDIATE")
    release = threading.Timer(0.15, lambda: holder.execute("ROLLBACK"))
    release.start()
    try:
        run_id = run_transaction(engine, _start, what="starting a run")
    finally:
        release.join()
        holder.close()
    with engine.connect() as conn:
        assert conn.scalar(select(func.count()).select_from(Run)) == 1
    assert run_id == 1
    engine.dispose()


def test_it_gives_up_with_one_line(tmp_path: Path) -> None:
    path = tmp_path / "db.sqlite3"
    engine = open_database(f"sqlite:///{path}?timeout=0.01")
    holder = sqlite3.connect(path, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")
    try:
        with pytest.raises(StorageError) as caught:
            run_transaction(engine, _start, what="starting a run", attempts=3)
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert str(caught.value) == "starting a run: gave up after 3 tries (database is locked)"
    engine.dispose()
