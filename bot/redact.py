"""Secrets inside URLs, masked before a URL is printed or stored.

Why: operators paste private feed URLs (``https://user:pass@host/feed``, ``…?token=…``) into
the config, and those URLs end up in error messages, the run report, cursor keys and post
links. The URL keeps its shape (so a person can still tell which source it was) with the
password and the values of token-like query parameters replaced by ``***``.
"""

from __future__ import annotations

import re
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

MASK = "***"
_SECRET_NAMES = frozenset(
    {
        "access_token", "api-key", "api_key", "apikey", "auth", "auth_token", "authorization",
        "client_secret", "code", "id_token", "key", "pass", "passwd", "password", "pwd",
        "refresh_token", "secret", "session", "sessionid", "sid", "sig", "signature", "token",
        "x-amz-credential", "x-amz-security-token", "x-amz-signature",
    }
)  # fmt: skip
_SECRET_SUFFIXES = ("token", "secret", "password", "apikey", "api_key", "signature", "_key", "-key")
_URL_IN_TEXT = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*://[^\s<>\"'`]+")


def is_secret_param(name: str) -> bool:
    lowered = name.strip().lower()
    return lowered in _SECRET_NAMES or lowered.endswith(_SECRET_SUFFIXES)


def redact_url(url: str) -> str:
    """``url`` with any password and token-like query values masked; unchanged when clean."""
    try:
        parts = urlsplit(url)
    except ValueError:
        return url
    netloc = parts.netloc
    if "@" in netloc:
        userinfo, _, hostport = netloc.rpartition("@")
        user, has_password, _password = userinfo.partition(":")
        netloc = f"{user}:{MASK}@{hostport}" if has_password and user else f"{MASK}@{hostport}"
    query = parts.query
    if query:
        pairs = parse_qsl(query, keep_blank_values=True)
        if any(is_secret_param(k) and v for k, v in pairs):
            query = urlencode([(k, MASK if is_secret_param(k) and v else v) for k, v in pairs], safe="*")
    if netloc == parts.netloc and query == parts.query:
        return url
    return urlunsplit((parts.scheme, netloc, parts.path, query, parts.fragment))


def redact_text(text: str) -> str:
    """Every URL inside a message redacted."""
    if "://" not in text:
        return text
    return _URL_IN_TEXT.sub(lambda m: redact_url(m.group(0)), text)


__all__ = ["MASK", "is_secret_param", "redact_text", "redact_url"]
