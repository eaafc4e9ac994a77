"""What crosses the analyse → match → flag boundaries."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

CitationKind = Literal["doi", "pmid", "pmcid", "url", "title", "author_year", "truncated_url", "description"]
CitationRole = Literal["mention", "reference"]
Strength = Literal["none", "correlational", "conditional_causal", "direct_causal"]
STRENGTHS: tuple[Strength, ...] = ("none", "correlational", "conditional_causal", "direct_causal")
MatchMethod = Literal[
    "identifier", "title", "author_year", "truncated_prefix", "description", "semantic", "url"
]
MatchStatus = Literal["suggested", "confirmed"]  # against config thresholds, as fact-checkers do
FlagKind = Literal["overstated", "uncovered", "low_evidence"]
PostType = Literal[
    "research_news",
    "lay_claim",
    "personal_experience",
    "question",
    "treatment_report",
    "advocacy",
    "off_topic",
]
POST_TYPES: tuple[PostType, ...] = (
    "research_news",
    "lay_claim",
    "personal_experience",
    "question",
    "treatment_report",
    "advocacy",
    "off_topic",
)


@dataclass(frozen=True, slots=True)
class Citation:
    """One place in a post's text that refers to a paper.

    ``span`` is (start, end) character offsets into the analysed text, always inside it.
    ``value`` is normalised (bare lower-case DOI, digits-only PMID, ``PMC…`` id, title text,
    "Surname YEAR", or the visible prefix of a truncated link).
    """

    kind: CitationKind
    value: str
    span: tuple[int, int]
    confidence: float
    context: str = ""
    # "mention": the post cites it; "reference": it sits in a page's reference list, so it is
    # evidence of what the cited paper cites, not of what the post cites.
    role: CitationRole = "mention"


@dataclass(frozen=True, slots=True)
class PaperRef:
    """Whatever is known of a cited paper that may have no atlas card."""

    doi: str | None = None
    pmid: str | None = None
    pmcid: str | None = None
    title: str | None = None
    first_author: str | None = None
    year: int | None = None
    url: str | None = None


@dataclass(frozen=True, slots=True)
class Match:
    """A citation resolved to an atlas card, or to an uncovered paper when ``card_id`` is None."""

    citation: Citation
    card_id: str | None
    paper: PaperRef
    method: MatchMethod
    score: float
    status: MatchStatus = "confirmed"
    ambiguous: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Claim:
    """A sentence asserting something general about the illness or about what a study found."""

    text: str
    span: tuple[int, int]
    strength: Strength
    cites: tuple[str, ...] = ()
    topics: tuple[str, ...] = ()
    overstated: bool = False
    overstated_reason: str | None = None


@dataclass(frozen=True, slots=True)
class Flag:
    """Something a moderator or editor should look at, with its reason in plain words."""

    kind: FlagKind
    reason: str
    claim_text: str | None = None
    card_id: str | None = None
    paper: PaperRef | None = None


@dataclass(frozen=True, slots=True)
class PostAnalysis:
    """Everything the analyser says about one post; the stateless output of analyze-file."""

    post_id: str
    post_type: PostType
    topics: tuple[str, ...]
    citations: tuple[Citation, ...]
    matches: tuple[Match, ...]
    claims: tuple[Claim, ...]
    flags: tuple[Flag, ...]
    # What the extractor found before the atlas was consulted: stored, so that a change of the
    # card set re-matches the post without extracting again or running a model (None: unknown).
    extracted: tuple[Citation, ...] | None = None
