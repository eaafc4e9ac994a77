"""Collected text made safe to store: no NUL or other C0 control characters, no lone surrogates.

Why at the ``RawPost`` boundary (and for linked pages before they are stored): PostgreSQL
refuses a NUL byte in text, and a lone UTF-16 surrogate (``"\\ud800"`` in a JSON line) cannot
be encoded by either database driver, so one such character used to cost its whole batch.
Tab and newline carry meaning in posts and are kept; a carriage return becomes a newline.
"""

from __future__ import annotations

import re

_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f]")
_SURROGATE = re.compile(r"[\ud800-\udfff]")


def clean_text(text: str) -> str:
    """``text`` without C0 controls other than tab and newline, surrogates replaced by U+FFFD."""
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = _CONTROL.sub("", text)
    return _SURROGATE.sub("\ufffd", text)


def no_surrogates(text: str) -> str:
    """Lone surrogates replaced by U+FFFD: what every parser and database driver can take."""
    return _SURROGATE.sub("\ufffd", text)


def clean_optional(text: str | None) -> str | None:
    return None if text is None else clean_text(text)


__all__ = ["clean_optional", "clean_text", "no_surrogates"]
