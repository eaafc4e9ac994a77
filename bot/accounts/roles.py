"""Roles and what each may open: moderators the flag queue, editors the paper queue, admins all.

One table, so the web app's guards and the tests' route list read the same rule.
"""

from __future__ import annotations

import re
from typing import Literal

from bot.errors import InputError

Role = Literal["moderator", "editor", "admin"]
ROLES: tuple[Role, ...] = ("moderator", "editor", "admin")
_USERNAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]{1,39}$")


def allows(role: str, needed: Role) -> bool:
    """An admin may do everything; the others only their own work."""
    return role == "admin" or role == needed


def check_role(role: str) -> Role:
    for known in ROLES:
        if role == known:
            return known
    raise InputError(f"role {role!r}: use one of {', '.join(ROLES)}")


def check_username(username: str) -> str:
    if not _USERNAME.match(username):
        raise InputError(
            f"username {username!r}: use 2-40 letters, digits, dots, dashes or underscores,"
            " starting with a letter or digit"
        )
    return username
