"""Bytes to text, with the encoding a polite reader would pick.

Why our own short chain rather than ``requests``' ``.text``: requests assumes ISO-8859-1 for any
``text/*`` without a charset (RFC 2616), which garbles most UTF-8 forum pages, and it never looks
at a BOM or a ``<meta charset>``. The order here is the HTML/XML one: BOM, then the HTTP header,
then the document's own declaration, then statistical detection, then UTF-8 with replacement.
"""

from __future__ import annotations

import codecs
import re
from email.message import Message

import charset_normalizer

from sources.clean import no_surrogates

_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
# <?xml ... encoding="x"?> and <meta charset="x"> / <meta http-equiv content="...; charset=x">
_DECLARED = re.compile(
    rb"""<\?xml[^>]*?encoding\s*=\s*["']([A-Za-z0-9._:-]+)["']"""
    rb"""|<meta[^>]+?charset\s*=\s*["']?([A-Za-z0-9._:-]+)""",
    re.IGNORECASE,
)
_SNIFF_BYTES = 4096
_DETECT_BYTES = 65536


def header_charset(content_type: str | None) -> str | None:
    """The ``charset`` parameter of a Content-Type header, quotes and spaces tolerated."""
    if not content_type:
        return None
    msg = Message()
    msg["content-type"] = content_type
    charset = msg.get_param("charset")
    if not isinstance(charset, str):
        return None
    return _known(charset.strip().strip("'\""))


def _known(name: str | None) -> str | None:
    """A codec Python can decode with, or None for a bogus label (publishers do send them)."""
    if not name:
        return None
    try:
        return codecs.lookup(name).name
    except LookupError:
        return None


def _declared(body: bytes) -> str | None:
    match = _DECLARED.search(body[:_SNIFF_BYTES])
    if match is None:
        return None
    return _known((match.group(1) or match.group(2)).decode("ascii", "replace"))


def decode_body(body: bytes, content_type: str | None = None) -> tuple[str, str]:
    """Decode ``body``; return ``(text, encoding_used)``. Never raises: bad bytes become U+FFFD,
    and so do lone surrogates (UTF-7 and UTF-16 can smuggle them in, and no encoder takes them)."""
    text, name = _decode(body, content_type)
    return no_surrogates(text), name


def _decode(body: bytes, content_type: str | None) -> tuple[str, str]:
    for bom, name in _BOMS:
        if body.startswith(bom):
            return body.decode(name, "replace"), name.removesuffix("-sig")
    for candidate in (header_charset(content_type), _declared(body)):
        if candidate is None:
            continue
        try:
            return body.decode(candidate), candidate
        except UnicodeDecodeError:
            continue  # the label lies; fall through to detection
    try:
        return body.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    sample = body[:_DETECT_BYTES]
    if sum(b > 0x7F for b in sample) < len(sample) // 10:
        # Mostly ASCII with a few accents: Western text, and detectors guess wildly on so
        # little evidence. windows-1252 is what browsers assume for it (WHATWG).
        try:
            return body.decode("cp1252"), "cp1252"
        except UnicodeDecodeError:
            pass
    best = charset_normalizer.from_bytes(sample).best()
    guess = _known(best.encoding) if best is not None else None
    name = guess or "utf-8"
    return body.decode(name, "replace"), name
