"""The few places where SQLite and PostgreSQL need different SQL.

Why not plain ORM ``session.add`` for upserts: two collectors or analysis workers may write the
same natural key at once on PostgreSQL; ``INSERT … ON CONFLICT`` lets the database settle the
race instead of failing the whole stage's transaction. Both backends speak the same clause,
only the construct lives in a different dialect module.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from storage.errors import StorageError


def dialect_name(session: Session) -> str:
    return session.get_bind().dialect.name


def is_postgres(session: Session) -> bool:
    return dialect_name(session) == "postgresql"


def insert_on_conflict(session: Session, model: Any) -> Any:
    """An INSERT for ``model`` that supports ``on_conflict_do_nothing/_update`` on this backend."""
    name = dialect_name(session)
    if name == "postgresql":
        return postgresql.insert(model)
    if name == "sqlite":
        return sqlite.insert(model)
    raise StorageError(f"database backend {name!r} is not supported (use SQLite or PostgreSQL)")
