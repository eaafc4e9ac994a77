"""Author names are hashed before they leave a collector.

Two schemes, both keyed, never a key built into the code:

- ``DIGESTBOT_AUTHOR_SALT`` set: ``HMAC(salt, "source:name")``, the original one-step hash,
  kept so an install that always set its own salt keeps its hashes.
- otherwise the per-install key from ``var/author.key`` (``bot.keys``), layered:
  ``"k1:" + HMAC(key, HMAC(LEGACY_KEY, "source:name"))``. The inner hash is what the bot
  stored before it had a per-install key, so old rows are re-keyed exactly (``rekey_hash``)
  and the ``k1:`` prefix says which rows already are.
"""

from __future__ import annotations

import hashlib
import hmac
import os
from dataclasses import dataclass

from bot.errors import ConfigError

AUTHOR_SALT_ENV = "DIGESTBOT_AUTHOR_SALT"
# The key early versions used when no salt was set; only ever the inner, public layer now.
LEGACY_KEY = b"digestbot-author-salt"
KEYED_PREFIX = "k1:"
_HEX_CHARS = 32


@dataclass(frozen=True, slots=True)
class AuthorKey:
    """A secret for author hashes; ``layered`` is False only for a salt from the environment."""

    secret: bytes
    layered: bool = True

    def __repr__(self) -> str:  # never print the secret
        return f"AuthorKey(layered={self.layered})"


_installed: AuthorKey | None = None


def use_author_key(key: AuthorKey | None) -> None:
    """Install the key collectors hash with in this process (the collect stage does it from
    ``bot.keys.author_key``); ``None`` removes it."""
    global _installed
    _installed = key


def current_author_key() -> AuthorKey:
    """The environment's salt if set, else the installed per-install key; never a default."""
    salt = os.environ.get(AUTHOR_SALT_ENV)
    if salt:
        return AuthorKey(salt.encode(), layered=False)
    if _installed is None:
        raise ConfigError(
            f"no key for hashing author names: set {AUTHOR_SALT_ENV} or run through digestbot, "
            "which keeps a per-install key under var/"
        )
    return _installed


def _hmac(key: bytes, text: str) -> str:
    return hmac.new(key, text.encode(), hashlib.sha256).hexdigest()[:_HEX_CHARS]


def hash_author(source: str, name: str | None) -> str | None:
    """Keyed hash of a username, so the same person can be counted but never named.

    Deleted accounts have no name.
    """
    if not name or name in {"[deleted]", "[removed]"}:
        return None
    key = current_author_key()
    if not key.layered:
        return _hmac(key.secret, f"{source}:{name}")
    return KEYED_PREFIX + _hmac(key.secret, _hmac(LEGACY_KEY, f"{source}:{name}"))


def require_layered(key: AuthorKey) -> None:
    """Re-keying only makes sense towards the per-install key, never towards a salt."""
    if not key.layered:
        raise ConfigError(f"{AUTHOR_SALT_ENV} is set: author hashes are keyed by it, nothing to re-key")


def rekey_hash(old: str, key: AuthorKey) -> str | None:
    """The layered hash for a row stored under the built-in key, or None if it already is one.

    Exact because the layered scheme's inner hash is the old one-step hash with the built-in key.
    """
    require_layered(key)
    if old.startswith(KEYED_PREFIX):
        return None
    return KEYED_PREFIX + _hmac(key.secret, old)
