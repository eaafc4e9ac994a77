"""Per-install secret keys, kept in files apart from the database.

Why a file beside (not inside) the database: a copy of the database alone must not be enough
to forge a subscription link. The key is made on first use from the OS's random source,
written once with mode 0600; ``$DIGESTBOT_SECRET_KEY``, when set, overrides the file.
"""

from __future__ import annotations

import contextlib
import os
import secrets
from pathlib import Path

from bot.config import Settings
from bot.errors import ConfigError

KEY_BYTES = 32
MIN_KEY_BYTES = 16
SECRET_KEY_FILE = "var/secret.key"
SECRET_KEY_ENV = "DIGESTBOT_SECRET_KEY"


def load_or_create_key(path: Path, env_var: str | None = None) -> bytes:
    """The key in ``env_var`` if set, else the one in ``path``, made there on first use.

    Two processes starting together get the same key: the file appears atomically (a hard
    link of a finished temporary file) and the loser of the race reads the winner's.
    """
    if env_var and os.environ.get(env_var):
        return os.environ[env_var].encode()
    if not path.exists():
        tmp = path.with_name(f".{path.name}.{os.getpid()}.{secrets.token_hex(4)}.tmp")
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
            with os.fdopen(fd, "w", encoding="ascii") as handle:
                handle.write(secrets.token_bytes(KEY_BYTES).hex() + "\n")
            with contextlib.suppress(FileExistsError):
                os.link(tmp, path)
        except OSError as exc:
            raise ConfigError(f"{path}: cannot create key file ({exc})") from None
        finally:
            tmp.unlink(missing_ok=True)
    try:
        key = bytes.fromhex(path.read_text(encoding="ascii").strip())
    except (OSError, UnicodeDecodeError, ValueError) as exc:
        raise ConfigError(f"{path}: not a readable key file ({exc})") from None
    if len(key) < MIN_KEY_BYTES:
        raise ConfigError(f"{path}: not a key file (expected {KEY_BYTES * 2} hexadecimal digits)")
    return key


def secret_key(settings: Settings) -> bytes:
    """The key tokens are signed with: ``$DIGESTBOT_SECRET_KEY`` or ``var/secret.key``."""
    return load_or_create_key(settings.resolve(SECRET_KEY_FILE), SECRET_KEY_ENV)
