"""Engine, sessions and migrations.

Why migrations run on first use: the newcomer's two commands must work with no separate
``db upgrade`` step, and an upgraded bot must not run against an old schema.
"""

from __future__ import annotations

import fcntl
import random
import shutil
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import TypeVar

from alembic import command
from alembic.config import Config
from sqlalchemy import Engine, create_engine, event, inspect
from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import ArgumentError, DBAPIError, SQLAlchemyError
from sqlalchemy.orm import Session, sessionmaker

from storage.errors import StorageError

MIGRATIONS = Path(__file__).parent / "migrations"
# PostgreSQL: deadlock_detected, serialization_failure. Both mean "your transaction lost a race,
# run it again"; nothing it wrote was kept.
RETRYABLE_SQLSTATES = frozenset({"40P01", "40001"})
RETRY_ATTEMPTS = 6
LOW_DISK_BYTES = 1 << 20
T = TypeVar("T")


DEFAULT_SQLITE_BUSY_MS = 10_000


def _sqlite_pragmas(busy_ms: int) -> Callable[[object, object], None]:
    """Foreign keys on, WAL (readers never wait for the writer), and how long a writer waits
    for another before "database is locked": ``?timeout=SECONDS`` on the URL, else 10 s."""

    def on_connect(dbapi_conn: object, _record: object) -> None:
        cur = dbapi_conn.cursor()  # type: ignore[attr-defined]
        cur.execute("PRAGMA foreign_keys=ON")
        cur.execute("PRAGMA journal_mode=WAL")
        cur.execute(f"PRAGMA busy_timeout={busy_ms:d}")
        cur.close()

    return on_connect


def _busy_ms(timeout: object) -> int:
    if not isinstance(timeout, str):
        return DEFAULT_SQLITE_BUSY_MS
    try:
        return max(0, int(float(timeout) * 1000))
    except ValueError:
        raise StorageError(f"database url: timeout={timeout!r} is not a number of seconds") from None


def make_engine(url: str) -> Engine:
    """An engine for the URL; SQLite gets its folder created and foreign keys switched on."""
    try:
        parsed = make_url(url)
    except ArgumentError:
        raise StorageError(f"database url {url!r} is not a valid SQLAlchemy URL") from None
    if parsed.get_backend_name() == "sqlite" and parsed.database not in (None, "", ":memory:"):
        Path(parsed.database).parent.mkdir(parents=True, exist_ok=True)
    try:
        engine = create_engine(url, future=True)
    except (SQLAlchemyError, ImportError) as exc:
        raise StorageError(
            f"cannot open database {parsed.render_as_string(hide_password=True)}: {_first_line(str(exc))}"
        ) from None
    if parsed.get_backend_name() == "sqlite":
        event.listen(engine, "connect", _sqlite_pragmas(_busy_ms(parsed.query.get("timeout"))))
    return engine


def alembic_config(engine: Engine) -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    cfg.attributes["engine"] = engine
    return cfg


@contextmanager
def _sqlite_migration_lock(engine: Engine) -> Iterator[None]:
    """Two processes starting on a new SQLite file take turns creating it (PostgreSQL takes an
    advisory lock inside the migration itself, see migrations/env.py)."""
    database = engine.url.database
    if engine.url.get_backend_name() != "sqlite" or database in (None, "", ":memory:"):
        yield
        return
    with open(f"{database}.migrate-lock", "a+b") as handle:
        fcntl.flock(handle.fileno(), fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle.fileno(), fcntl.LOCK_UN)


def upgrade(engine: Engine, revision: str = "head") -> None:
    """Apply migrations up to ``revision`` (idempotent, and safe to start from two processes)."""
    try:
        with _sqlite_migration_lock(engine):
            command.upgrade(alembic_config(engine), revision)
    except SQLAlchemyError as exc:
        raise StorageError(f"database migration failed: {describe_error(exc, engine.url)}") from None


def is_current(engine: Engine) -> bool:
    from alembic.runtime.migration import MigrationContext
    from alembic.script import ScriptDirectory

    script = ScriptDirectory.from_config(alembic_config(engine))
    with engine.connect() as conn:
        heads = set(MigrationContext.configure(conn).get_current_heads())
    return heads == set(script.get_heads())


def open_database(url: str, *, migrate: bool = True) -> Engine:
    """Engine for ``url``, migrated to head unless already there."""
    engine = make_engine(url)
    try:
        if migrate and not is_current(engine):
            upgrade(engine)
    except SQLAlchemyError as exc:
        raise StorageError(f"cannot use {describe_error(exc, make_url(url))}") from None
    return engine


def table_names(engine: Engine) -> list[str]:
    return sorted(inspect(engine).get_table_names())


@contextmanager
def transaction(engine: Engine) -> Iterator[Session]:
    """One stage write = one transaction: commit on success, roll back everything on error."""
    factory = sessionmaker(engine, expire_on_commit=False)
    with factory() as session, session.begin():
        yield session


def _first_line(text: str) -> str:
    lines = [line.strip() for line in text.strip().splitlines() if line.strip()]
    return lines[0] if lines else ""


def describe_error(exc: SQLAlchemyError, url: URL | str) -> str:
    """``database URL: reason`` in one line, password hidden; a full disk said in plain words
    (SQLite often reports it as a bare "disk I/O error")."""
    parsed = make_url(url) if isinstance(url, str) else url
    orig = getattr(exc, "orig", None)
    reason = _first_line(str(orig) if orig is not None else str(exc)) or type(exc).__name__
    if parsed.get_backend_name() == "sqlite" and parsed.database not in (None, "", ":memory:"):
        folder = Path(parsed.database).parent
        with suppress(OSError):
            if "full" not in reason and shutil.disk_usage(folder).free < LOW_DISK_BYTES:
                reason += f" (the disk holding {folder} is full)"
    return f"database {parsed.render_as_string(hide_password=True)}: {reason}"


def is_retryable(exc: BaseException) -> bool:
    """A lost race (deadlock, serialization failure, SQLite busy past its timeout): the
    transaction was rolled back whole and running it again is safe."""
    if not isinstance(exc, DBAPIError):
        return False
    if getattr(exc.orig, "sqlstate", None) in RETRYABLE_SQLSTATES:
        return True
    return "database is locked" in str(exc.orig)


def run_transaction(
    engine: Engine, work: Callable[[Session], T], *, what: str, attempts: int = RETRY_ATTEMPTS
) -> T:
    """``work`` in one transaction, run again (after a short random pause) when it loses a race.

    ``work`` must be safe to repeat: everything it wrote was rolled back. After ``attempts``
    losses the error is a StorageError naming ``what`` (one line, no traceback).
    """
    for attempt in range(1, attempts + 1):
        try:
            with transaction(engine) as session:
                return work(session)
        except DBAPIError as exc:
            if not is_retryable(exc):
                raise
            if attempt == attempts:
                reason = str(exc.orig).strip().splitlines()[0] if exc.orig else type(exc).__name__
                raise StorageError(f"{what}: gave up after {attempts} tries ({reason})") from None
            time.sleep(random.uniform(0.01, 0.05 * 2**attempt))
    raise AssertionError("unreachable")
