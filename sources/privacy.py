"""Author names are hashed before they leave a collector."""

from __future__ import annotations

import hashlib
import hmac
import os

_DEFAULT_SALT = "digestbot-author-salt"


def hash_author(source: str, name: str | None) -> str | None:
    """Keyed hash of a username, so the same person can be counted but never named.

    The key comes from ``DIGESTBOT_AUTHOR_SALT`` when set; deleted accounts have no name.
    """
    if not name or name in {"[deleted]", "[removed]"}:
        return None
    key = os.environ.get("DIGESTBOT_AUTHOR_SALT", _DEFAULT_SALT).encode()
    digest = hmac.new(key, f"{source}:{name}".encode(), hashlib.sha256).hexdigest()
    return digest[:32]
