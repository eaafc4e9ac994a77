"""Per-install secret keys, kept in files apart from the database.

Why files beside (not inside) the database: a copy of the database alone (a backup, a dump
handed to someone to debug) must not be enough to re-identify authors or forge a token. Each
key is made on first use from the OS's random source, written once with mode 0600, and an
environment variable, when set, overrides the file (deployments that keep secrets elsewhere).
"""

from __future__ import annotations

import contextlib
import os
import secrets
import stat
from pathlib import Path
from typing import TYPE_CHECKING

from bot.errors import ConfigError
from sources.privacy import AUTHOR_SALT_ENV, AuthorKey

if TYPE_CHECKING:
    from bot.config import Settings

KEY_BYTES = 32
MIN_KEY_BYTES = 16
AUTHOR_KEY_FILE = "author.key"
SECRET_KEY_FILE = "secret.key"
SECRET_KEY_ENV = "DIGESTBOT_SECRET_KEY"


def key_path(settings: Settings, filename: str) -> Path:
    """Where a key file lives: ``keys_dir`` (default ``var/``) beside the config file."""
    return settings.resolve(settings.keys_dir) / filename


def load_or_create_key(path: Path, env_var: str | None = None) -> bytes:
    """The key in ``env_var`` if set, else the one in ``path``, made there on first use.

    Two processes starting together get the same key: the file appears atomically (a hard link
    of a finished temporary file), and the loser of the race reads the winner's.
    """
    if env_var:
        value = os.environ.get(env_var)
        if value:
            return value.encode()
    if not path.exists():
        _create(path)
    return _read(path)


def author_key(settings: Settings) -> AuthorKey:
    """The key author names are hashed with: ``DIGESTBOT_AUTHOR_SALT`` or ``var/author.key``."""
    salt = os.environ.get(AUTHOR_SALT_ENV)
    if salt:
        return AuthorKey(salt.encode(), layered=False)
    return AuthorKey(load_or_create_key(key_path(settings, AUTHOR_KEY_FILE)), layered=True)


def secret_key(settings: Settings) -> bytes:
    """The key tokens and sessions are signed with: ``DIGESTBOT_SECRET_KEY`` or ``var/secret.key``."""
    return load_or_create_key(key_path(settings, SECRET_KEY_FILE), SECRET_KEY_ENV)


def _read(path: Path) -> bytes:
    try:
        mode = path.stat().st_mode
        text = path.read_text(encoding="ascii").strip()
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{path}: cannot read key file ({exc})") from None
    if os.name == "posix" and mode & (stat.S_IRWXG | stat.S_IRWXO):
        raise ConfigError(
            f"{path}: key file is open to other users (mode {stat.S_IMODE(mode):o}); run: chmod 600 {path}"
        )
    try:
        key = bytes.fromhex(text)
    except ValueError:
        key = b""
    if len(key) < MIN_KEY_BYTES:
        raise ConfigError(f"{path}: not a key file (expected {KEY_BYTES * 2} hexadecimal digits)")
    return key


def _create(path: Path) -> None:
    tmp = path.with_name(f".{path.name}.{os.getpid()}.{secrets.token_hex(4)}.tmp")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w", encoding="ascii") as handle:
            os.fchmod(handle.fileno(), 0o600)
            handle.write(secrets.token_bytes(KEY_BYTES).hex() + "\n")
            handle.flush()
            os.fsync(handle.fileno())
        with contextlib.suppress(FileExistsError):  # another process made it first: use theirs
            os.link(tmp, path)
    except OSError as exc:
        raise ConfigError(f"{path}: cannot create key file ({exc})") from None
    finally:
        tmp.unlink(missing_ok=True)


__all__ = [
    "AUTHOR_KEY_FILE",
    "SECRET_KEY_ENV",
    "SECRET_KEY_FILE",
    "author_key",
    "key_path",
    "load_or_create_key",
    "secret_key",
]
