"""Staff accounts: usernames, password hashes and roles.

Storage only keeps what it is given: hashing and role rules live in ``bot.accounts``, so this
module never sees a password.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from storage.errors import StorageError
from storage.schema import UserRow


@dataclass(frozen=True, slots=True)
class User:
    id: int
    username: str
    password_hash: str
    role: str
    created_at: datetime
    password_changed_at: datetime


def _user(row: UserRow) -> User:
    return User(row.id, row.username, row.password_hash, row.role, row.created_at, row.password_changed_at)


def add_user(session: Session, username: str, password_hash: str, role: str, now: datetime) -> User:
    if session.scalar(select(UserRow.id).where(UserRow.username == username)) is not None:
        raise StorageError(f"user {username!r} already exists")
    row = UserRow(
        username=username, password_hash=password_hash, role=role, created_at=now, password_changed_at=now
    )
    session.add(row)
    session.flush()
    return _user(row)


def find_user(session: Session, username: str) -> User | None:
    row = session.scalar(select(UserRow).where(UserRow.username == username))
    return None if row is None else _user(row)


def get_user(session: Session, user_id: int) -> User | None:
    row = session.get(UserRow, user_id)
    return None if row is None else _user(row)


def list_users(session: Session) -> list[User]:
    return [_user(row) for row in session.scalars(select(UserRow).order_by(UserRow.username))]


def remove_user(session: Session, username: str) -> bool:
    """True when a user was removed; their past actions stay in the audit log under their name."""
    result = session.execute(delete(UserRow).where(UserRow.username == username))
    return bool(result.rowcount)  # type: ignore[attr-defined]


def set_password_hash(session: Session, username: str, password_hash: str, now: datetime) -> None:
    row = session.scalar(select(UserRow).where(UserRow.username == username))
    if row is None:
        raise StorageError(f"user {username!r} does not exist")
    row.password_hash = password_hash
    row.password_changed_at = now
