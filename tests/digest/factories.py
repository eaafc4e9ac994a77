"""Hand-made cards, claims and posts for the digest tests (no analyser, no database)."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from bot.atlas.types import AtlasCard
from bot.config import Settings, parse_settings
from bot.digest.types import AnalysedPost
from bot.evidence.types import Citation, Claim, Match, PaperRef

# Inside the week 3–9 March 2025 (Europe/London, publish on Monday).
NOW = datetime(2025, 3, 10, 9, 0, tzinfo=UTC)
IN_WEEK = datetime(2025, 3, 5, 12, 0, tzinfo=UTC)
HOSTILE = '<script>alert("x")</script> "><img src=x onerror=alert(1)>'


def settings(**digest: Any) -> Settings:
    return parse_settings({"timezone": "Europe/London", "digest": digest})


def card(card_id: str = "maes-2007-mind-but", **fields: Any) -> AtlasCard:
    base: dict[str, Any] = {
        "id": card_id,
        "title": f"Study {card_id}",
        "authors": ("Maes M", "Mihaylova I", "Kubera M"),
        "journal": "Neuro Endocrinology Letters",
        "year": 2007,
        "pmid": "17693978",
        "url": "https://pubmed.ncbi.nlm.nih.gov/17693978/",
        "evidence_level": "E2",
        "evidence_label": "Moderate",
        "badges": ("Preliminary", "PEM unclear"),
        "design": "Case-Control",
        "sample_size": 40,
        "quick_summary": "Immune cells from patients made more COX-2.",
        "does_not_prove": f"It does not show that {card_id} causes ME/CFS.",
        "method_flags": ("Small Sample", "Exploratory Only"),
        "tags": {"mechanism": ("Inflammation",), "treatment": ()},
    }
    base.update(fields)
    return AtlasCard(**base)


def claim(text: str, *cites: str, strength: str = "direct_causal", **fields: Any) -> Claim:
    return Claim(text=text, span=(0, len(text)), strength=strength, cites=cites, **fields)


def match(card_id: str | None, *, status: str = "confirmed", **paper: Any) -> Match:
    cit = Citation(kind="pmid", value=paper.get("pmid") or "0", span=(0, 1), confidence=1.0)
    return Match(
        citation=cit,
        card_id=card_id,
        paper=PaperRef(**paper),
        method="identifier",
        score=1.0,
        status=status,
    )


def post(post_id: str, text: str = "", **fields: Any) -> AnalysedPost:
    base: dict[str, Any] = {
        "post_id": post_id,
        "source": "reddit",
        "kind": "post",
        "url": f"https://www.reddit.com/r/cfs/comments/{post_id}/a_post/",
        "title": f"Post {post_id}",
        "text": text or f"Text of post {post_id}.",
        "created_at": IN_WEEK,
        "score": 1,
        "replies": 0,
        "post_type": "lay_claim",
    }
    base.update(fields)
    return AnalysedPost(**base)
