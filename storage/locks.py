"""One process at a time for a named job (publishing and sending a digest).

PostgreSQL: a session-level advisory lock, held on a connection of its own for as long as the
job runs, and released by the server if the process dies. SQLite: an exclusive ``flock`` on a
file beside the database, likewise released by the kernel when the process dies. Either way
a second process learns at once that it is not its turn, rather than waiting.
"""

from __future__ import annotations

import fcntl
import hashlib
import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import Engine, text

from storage.errors import StorageError


def _key(name: str) -> int:
    """A stable signed 64-bit key for ``pg_try_advisory_lock`` from the lock's name."""
    return int.from_bytes(hashlib.sha256(f"digestbot:{name}".encode()).digest()[:8], "big", signed=True)


@contextmanager
def try_lock(engine: Engine, name: str) -> Iterator[bool]:
    """Yields True while this process holds lock ``name``, False when another process has it."""
    backend = engine.url.get_backend_name()
    if backend == "postgresql":
        with engine.connect() as conn:
            got = bool(conn.execute(text("SELECT pg_try_advisory_lock(:k)"), {"k": _key(name)}).scalar())
            conn.commit()
            try:
                yield got
            finally:
                if got:
                    conn.execute(text("SELECT pg_advisory_unlock(:k)"), {"k": _key(name)})
                    conn.commit()
        return
    database = engine.url.database
    if backend != "sqlite" or not database or database == ":memory:":
        yield True  # one process by construction
        return
    path = Path(f"{database}.{name}.lock")
    try:
        fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o600)
    except OSError as exc:
        raise StorageError(f"{path}: cannot open lock file ({exc})") from None
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            yield False
            return
        try:
            yield True
        finally:
            fcntl.flock(fd, fcntl.LOCK_UN)
    finally:
        os.close(fd)
