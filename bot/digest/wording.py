"""The words a reader sees: quotes and community names.

Kept apart from selection so the privacy rules (no usernames, ever) live in one small file a
moderator can read. No warnings are decided here: a claim's note comes from its flag row
(``bot/evidence`` decides flags; moderators review them).
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from bot.evidence.types import Claim

# Reddit-style "u/name" / "/u/name" and "@handle" mentions inside collected text. The look-behinds
# keep e-mail addresses and URLs' paths (".../u/...") from being treated as mentions.
_USER_MENTION = re.compile(r"(?<![\w/])/?u/[A-Za-z0-9_-]{2,30}\b|(?<![\w.@])@[A-Za-z0-9_]{2,30}\b")
_SPACES = re.compile(r"\s+")
_QUOTE_MARKS = "\"'“”‘’«»„"

# Hosts whose community has a name readers know.
_KNOWN_HOSTS = {
    "s4me.info": "Science for ME forum",
    "scienceforme.info": "Science for ME forum",
    "forums.phoenixrising.me": "Phoenix Rising forum",
    "healthunlocked.com": "HealthUnlocked",
    "pubmed.ncbi.nlm.nih.gov": "PubMed",
}
_NEWS_KINDS = {"article", "feed_item"}


def redact_mentions(text: str) -> str:
    """Replace username mentions: the digest names communities, never people."""
    return _USER_MENTION.sub("[a member]", text)


def shorten(text: str, max_words: int) -> str:
    """Whitespace-folded text cut to at most ``max_words`` words, with an ellipsis when cut."""
    words = _SPACES.sub(" ", text).strip().split(" ")
    if len(words) <= max_words:
        return " ".join(words)
    return " ".join(words[:max_words]).rstrip(" ,;:.-—–") + "…"


def quote_for(claim: Claim | None, title: str | None, text: str, max_words: int) -> str:
    """The claim sentence when there is one; otherwise the post's title, or its opening."""
    body = claim.text if claim is not None else (title or text.strip())
    return _unquoted(shorten(redact_mentions(body), max_words))


def _unquoted(text: str) -> str:
    """Without marks quoting the whole sentence (the page adds its own); inner quotes stay."""
    inner = text[1:].rstrip("…") if text[:1] in _QUOTE_MARKS else ""
    if inner and not any(c in _QUOTE_MARKS for c in inner.rstrip(_QUOTE_MARKS)):
        return text[1:].replace(text[-1], "") if text[-1:] in _QUOTE_MARKS else text[1:]
    return text


def _host(url: str | None) -> str:
    if not url:
        return ""
    try:
        host = (urlsplit(url).hostname or "").lower()
    except ValueError:
        return ""
    return host.removeprefix("www.").removeprefix("old.")


def source_label(source: str, kind: str, url: str | None) -> str:
    """A community's name for the reader ("Reddit r/cfs", "Science for ME forum", "news (…)")."""
    host = _host(url)
    if host.endswith("reddit.com") or host == "redd.it":
        match = re.match(r"/r/([A-Za-z0-9_]{2,21})(/|$)", urlsplit(url or "").path)
        return f"Reddit r/{match.group(1)}" if match else "Reddit"
    if host in _KNOWN_HOSTS:
        return _KNOWN_HOSTS[host]
    if kind in _NEWS_KINDS:
        return f"news ({host})" if host else "news"
    if host:
        return f"forum ({host})" if kind in {"post", "comment"} else host
    return source


def safe_source_url(url: str | None) -> str | None:
    """The post's link, unless it is a person's profile page or not a web link."""
    if not url:
        return None
    parts = urlsplit(url)
    if parts.scheme not in {"http", "https"}:
        return None
    if re.search(r"/(user|u|members|profile)/", parts.path, re.IGNORECASE):
        return None
    return url
