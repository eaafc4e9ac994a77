"""Password hashing with argon2id (argon2-cffi's defaults follow RFC 9106's recommendations).

Why a module of its own: the CLI sets passwords and the web app checks them, and both must
agree on one hasher and on when an old hash should be upgraded.
"""

from __future__ import annotations

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError

from bot.errors import InputError

MIN_LENGTH = 10
_HASHER = PasswordHasher()
# Checked against when a username is unknown, so a wrong name costs as long as a wrong password.
_DUMMY = _HASHER.hash("not a real password, only for timing")


def check_strength(password: str) -> None:
    """Refuse passwords too short to resist guessing; length beats composition rules."""
    if len(password) < MIN_LENGTH:
        raise InputError(f"password: use at least {MIN_LENGTH} characters")


def hash_password(password: str) -> str:
    check_strength(password)
    return _HASHER.hash(password)


def verify_password(password_hash: str | None, password: str) -> bool:
    """True when ``password`` matches; an unknown user (None) takes as long and fails."""
    try:
        return _HASHER.verify(password_hash or _DUMMY, password) and password_hash is not None
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return False


def needs_rehash(password_hash: str) -> bool:
    return _HASHER.check_needs_rehash(password_hash)
