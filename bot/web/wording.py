"""How the staff pages put things into words: calm labels, dates, a claim in its context.

Pure functions, used as Jinja filters. Collected text leaves here still as plain text (the
templates escape it) and with usernames replaced, since no page ever names a community member.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from typing import Any

from bot.atlas.queue import MARK_WORDS
from bot.digest.types import STRENGTH_WORDS
from bot.digest.wording import redact_mentions, safe_source_url

KIND_WORDS = {
    "overstated": "Worded more strongly than the study supports",
    "low_evidence": "Leans on weak evidence",
    "uncovered": "Cites a paper the atlas does not have yet",
}
STATUS_WORDS = {"open": "Waiting for review", "confirmed": "Confirmed", "dismissed": "Dismissed"}


def kind_words(kind: str) -> str:
    return KIND_WORDS.get(kind, kind.replace("_", " "))


def status_words(status: str) -> str:
    return STATUS_WORDS.get(status, status)


def strength_words(strength: str | None) -> str:
    return STRENGTH_WORDS.get(strength, strength or "") if strength else ""  # type: ignore[call-overload]


def mark_words(mark: str | None) -> str:
    return MARK_WORDS.get(mark or "", "not decided yet")


def day(value: date | datetime | None) -> str:
    if value is None:
        return "date unknown"
    return value.strftime("%-d %b %Y")


def moment(value: datetime | None) -> str:
    return "" if value is None else value.strftime("%-d %b %Y, %H:%M UTC")


def private(text: str | None) -> str:
    """Collected text with usernames replaced."""
    return redact_mentions(text or "")


def in_context(text: str | None, span: tuple[int, int] | None, width: int = 220) -> tuple[str, str, str]:
    """(before, the claim or cited part, after): up to ``width`` characters either side,
    cut at a space, with an ellipsis where the post goes on. Usernames are replaced."""
    body = text or ""
    if span is None or not (0 <= span[0] <= span[1] <= len(body)):
        short = body[: width * 2]
        return "", private(short + ("…" if len(body) > len(short) else "")), ""
    start, end = span
    before, after = body[max(0, start - width) : start], body[end : end + width]
    if start > width and " " in before:
        before = "…" + before[before.index(" ") + 1 :]
    if end + width < len(body) and " " in after:
        after = after[: after.rindex(" ")] + "…"
    return private(before), private(body[start:end]), private(after)


def identifiers(doi: str | None, pmid: str | None, pmcid: str | None) -> list[str]:
    return [f"{label} {value}" for label, value in (("DOI", doi), ("PMID", pmid), ("PMCID", pmcid)) if value]


FILTERS: dict[str, Callable[..., Any]] = {
    "kind_words": kind_words,
    "status_words": status_words,
    "strength_words": strength_words,
    "mark_words": mark_words,
    "day": day,
    "moment": moment,
    "private": private,
    # Links from collected posts: only http(s), so a javascript: URL never becomes a link.
    "safe_url": safe_source_url,
}
