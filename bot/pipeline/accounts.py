"""Staff accounts between the CLI / web app and storage: hashing, roles, the audit log.

Why every change is audited here rather than by the callers: adding, removing or re-keying an
account is exactly what an admin later needs to trace, whichever door it came through.
"""

from __future__ import annotations

from sqlalchemy import Engine

from bot import clock
from bot.accounts.passwords import hash_password, needs_rehash, verify_password
from bot.accounts.roles import check_role, check_username
from bot.errors import InputError
from storage import audit
from storage.db import transaction
from storage.users import User, add_user, find_user, get_user, list_users, remove_user, set_password_hash


def add(engine: Engine, username: str, password: str, role: str, *, actor: str) -> User:
    name, checked_role = check_username(username), check_role(role)
    hashed = hash_password(password)
    now = clock.now()
    with transaction(engine) as session:
        user = add_user(session, name, hashed, checked_role, now)
        audit.append(
            session,
            actor=actor,
            action="user.add",
            target=f"user:{name}",
            before={},
            after={"role": role},
            at=now,
        )
    return user


def users(engine: Engine) -> list[User]:
    with transaction(engine) as session:
        return list_users(session)


def remove(engine: Engine, username: str, *, actor: str) -> None:
    now = clock.now()
    with transaction(engine) as session:
        user = find_user(session, username)
        if user is None or not remove_user(session, username):
            raise InputError(f"user {username!r} does not exist")
        audit.append(
            session,
            actor=actor,
            action="user.remove",
            target=f"user:{username}",
            before={"role": user.role},
            after={},
            at=now,
        )


def set_password(engine: Engine, username: str, password: str, *, actor: str) -> None:
    """A new password; every session signed with the old one stops working."""
    hashed = hash_password(password)
    now = clock.now()
    with transaction(engine) as session:
        if find_user(session, username) is None:
            raise InputError(f"user {username!r} does not exist")
        set_password_hash(session, username, hashed, now)
        audit.append(
            session, actor=actor, action="user.passwd", target=f"user:{username}", before={}, after={}, at=now
        )


def authenticate(engine: Engine, username: str, password: str) -> User | None:
    """The user when the password matches; an old-parameter hash is upgraded on the way."""
    with transaction(engine) as session:
        user = find_user(session, username)
        if not verify_password(user.password_hash if user else None, password) or user is None:
            return None
        if needs_rehash(user.password_hash):
            set_password_hash(session, username, hash_password(password), user.password_changed_at)
        return user


def session_user(engine: Engine, user_id: int, stamp: str) -> User | None:
    """The signed-in user, if they still exist and their password has not changed since."""
    with transaction(engine) as session:
        user = get_user(session, user_id)
    if user is None or password_stamp(user) != stamp:
        return None
    return user


def password_stamp(user: User) -> str:
    return user.password_changed_at.isoformat()
