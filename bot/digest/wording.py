"""The words a reader sees: quotes, community names, flag reasons and topic names.

Kept apart from selection so the privacy rules (no usernames, ever) and the calm tone live in
one small file that a moderator can read and adjust.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from bot.atlas.types import AtlasCard
from bot.evidence.types import Claim

# Reddit-style "u/name" / "/u/name" and "@handle" mentions inside collected text. The look-behinds
# keep e-mail addresses and URLs' paths (".../u/...") from being treated as mentions.
_USER_MENTION = re.compile(r"(?<![\w/])/?u/[A-Za-z0-9_-]{2,30}\b|(?<![\w.@])@[A-Za-z0-9_]{2,30}\b")
_SPACES = re.compile(r"\s+")

# Hosts whose community has a name readers know.
_KNOWN_HOSTS = {
    "s4me.info": "Science for ME forum",
    "scienceforme.info": "Science for ME forum",
    "forums.phoenixrising.me": "Phoenix Rising forum",
    "healthunlocked.com": "HealthUnlocked",
    "pubmed.ncbi.nlm.nih.gov": "PubMed",
}
_NEWS_KINDS = {"article", "feed_item"}
_CAUSAL = {"direct_causal", "conditional_causal"}


def redact_mentions(text: str) -> str:
    """Replace username mentions: the digest names communities, never people."""
    return _USER_MENTION.sub("[a member]", text)


def shorten(text: str, limit: int) -> str:
    """Whitespace-folded text cut at ``limit`` characters on a word boundary, with an ellipsis."""
    folded = _SPACES.sub(" ", text).strip()
    if len(folded) <= limit:
        return folded
    cut = folded[: limit - 1]
    if " " in cut:
        cut = cut.rsplit(" ", 1)[0]
    return cut.rstrip(" ,;:.-—–") + "…"


def quote_for(claim: Claim | None, title: str | None, text: str, limit: int) -> str:
    """The claim sentence when there is one; otherwise the opening of the post."""
    body = claim.text if claim is not None else (text.strip() or title or "")
    return shorten(redact_mentions(body), limit)


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


def flag_reason_for(claim: Claim, card: AtlasCard) -> str | None:
    """Why a reader should read this claim carefully, in calm words; None when it is fair."""
    evidence = " ".join(p for p in (card.evidence_level, card.evidence_label) if p)
    if "Retracted" in card.badges and claim.strength != "none":
        return "The study this rests on was retracted, so its findings should not be relied on."
    if claim.overstated:
        if claim.overstated_reason:
            return claim.overstated_reason
        design = card.design or "study"
        grade = f" ({evidence})" if evidence else ""
        return f"Worded more strongly than this {design} study{grade} can support."
    if card.evidence_level in {"E4", "E5"} and claim.strength in _CAUSAL:
        return f"Rests on {evidence or 'limited'} evidence: a lead worth following, not a settled finding."
    return None


_TAG_ORDER = ("treatment", "mechanism", "biomarker", "symptom")
OTHER_TOPIC = "Other research talk"


def topic_options(card: AtlasCard | None, claim: Claim | None, post_topics: tuple[str, ...]) -> list[str]:
    """Headings an entry could go under: the card's curated tags of the most telling kind it
    has (a treatment says more than "Fatigue", which nearly every card carries), else the
    analyser's claim and post topics."""
    if card is not None:
        for kind in _TAG_ORDER:
            tags = [t for t in card.tags.get(kind, ()) if t.strip()]
            if tags:
                return list(dict.fromkeys(tags))
    topics = [topic_title(t) for t in (*(claim.topics if claim else ()), *post_topics) if t.strip()]
    return list(dict.fromkeys(topics)) or [OTHER_TOPIC]


def topic_title(slug: str) -> str:
    """ "gut_microbiome" → "Gut microbiome"; curated names are kept as written."""
    if slug.islower() or "_" in slug:
        words = slug.replace("_", " ").replace("-", " ").strip()
        return words[:1].upper() + words[1:]
    return slug
