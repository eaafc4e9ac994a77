"""The records that cross the storage boundary: analyses (citations, matches, claims, flags)
and atlas cards.

Why here: storage is the bottom layer and imports no application code, yet it writes and reads
these. They are plain frozen dataclasses with no behaviour beyond describing themselves; the
application imports them under their old names from ``bot.evidence.types`` and
``bot.atlas.types``.
"""

from __future__ import annotations

import hashlib
import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any, Literal, Protocol

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


# What a claim is about, as the lay training set labels it (models/data/SOURCE.md).
About = Literal["cause_mechanism", "treatment_efficacy", "biomarker_finding", "prevalence_or_description"]
ABOUTS: tuple[About, ...] = (
    "cause_mechanism",
    "treatment_efficacy",
    "biomarker_finding",
    "prevalence_or_description",
)


@dataclass(frozen=True, slots=True)
class SentenceAttributes:
    """What a claim sentence says besides its strength, as the sentence-attribute heads read it.

    Stored with the claim, so that a re-match after an atlas change judges it again without
    running a model.
    """

    about: About
    attributed: bool  # someone else's words passed on: "the headline says …"
    negated: bool  # the proposition denied: "did not improve"
    question: bool  # asked, not asserted


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
    # None: read before attributes were stored (a re-match reads them once, see Analyzer.rematch)
    attributes: SentenceAttributes | None = None


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


@dataclass(frozen=True, slots=True)
class AtlasCard:
    """One curated evidence card; field names follow the atlas's JSON-lines export."""

    id: str
    title: str
    authors: tuple[str, ...] = ()
    journal: str | None = None
    year: int | None = None
    doi: str | None = None
    pmid: str | None = None
    pmcid: str | None = None
    url: str | None = None
    evidence_level: str | None = None
    evidence_label: str | None = None
    badges: tuple[str, ...] = ()
    design: str | None = None
    sample_size: int | None = None
    peer_reviewed: bool | None = None
    review_status: str | None = None
    quick_summary: str | None = None
    observed_findings: tuple[str, ...] = ()
    inferred_conclusions: tuple[str, ...] = ()
    does_not_prove: str | None = None
    method_flags: tuple[str, ...] = ()
    tags: dict[str, tuple[str, ...]] = field(default_factory=dict)

    @property
    def first_author_surname(self) -> str | None:
        """Surname of the first listed author ("Maes M" → "Maes"; organisations as given)."""
        if not self.authors:
            return None
        first = self.authors[0].strip()
        if "," in first:
            return first.split(",", 1)[0].strip()
        parts = first.split()
        # "Surname Initials": drop trailing all-caps initials of at most three letters.
        while len(parts) > 1 and parts[-1].isupper() and len(parts[-1]) <= 3:
            parts.pop()
        return " ".join(parts) or None

    def to_dict(self) -> dict[str, Any]:
        """Plain JSON-ready dict in the export's layout (lists, not tuples)."""
        return {
            "id": self.id,
            "title": self.title,
            "authors": list(self.authors),
            "journal": self.journal,
            "year": self.year,
            "doi": self.doi,
            "pmid": self.pmid,
            "pmcid": self.pmcid,
            "url": self.url,
            "evidence_level": self.evidence_level,
            "evidence_label": self.evidence_label,
            "badges": list(self.badges),
            "design": self.design,
            "sample_size": self.sample_size,
            "peer_reviewed": self.peer_reviewed,
            "review_status": self.review_status,
            "quick_summary": self.quick_summary,
            "observed_findings": list(self.observed_findings),
            "inferred_conclusions": list(self.inferred_conclusions),
            "does_not_prove": self.does_not_prove,
            "method_flags": list(self.method_flags),
            "tags": {k: list(v) for k, v in self.tags.items()},
        }


# What storage accepts as a post's kind; ``sources.types.PostKind`` names the same four (a test
# holds the two together).
PostKind = Literal["post", "comment", "article", "feed_item"]
POST_KINDS: tuple[PostKind, ...] = ("post", "comment", "article", "feed_item")


class IncomingPost(Protocol):
    """What the store stage reads from a collected post (``sources.types.RawPost`` is one).

    A Protocol rather than the class itself so storage depends on no collector code.
    """

    @property
    def source(self) -> str: ...
    @property
    def external_id(self) -> str: ...
    @property
    def kind(self) -> str: ...
    @property
    def url(self) -> str | None: ...
    @property
    def title(self) -> str | None: ...
    @property
    def text(self) -> str: ...
    @property
    def created_at(self) -> datetime | None: ...
    @property
    def fetched_at(self) -> datetime: ...
    @property
    def author_hash(self) -> str | None: ...
    @property
    def links(self) -> tuple[str, ...]: ...
    @property
    def score(self) -> int | None: ...
    @property
    def replies(self) -> int | None: ...
    @property
    def parent_id(self) -> str | None: ...
    @property
    def deleted(self) -> bool: ...
    @property
    def content_hash(self) -> str: ...


class IncomingBatch(Protocol):
    """What the store stage reads from a collected batch (``sources.base.Batch`` is one)."""

    @property
    def posts(self) -> Sequence[IncomingPost]: ...
    @property
    def cursor_key(self) -> str: ...
    @property
    def cursor(self) -> dict[str, Any] | None: ...
    @property
    def deleted(self) -> tuple[str, ...]: ...


# --- a week of analysed posts, as storage.digests.load_week returns them ------------------------

FlagStatus = Literal["open", "confirmed", "dismissed"]


@dataclass(frozen=True, slots=True)
class ReviewedFlag:
    """A flag with the moderators' verdict: a dismissed flag is not shown; a note always is."""

    flag: Flag
    status: FlagStatus = "open"
    moderator_note: str | None = None


@dataclass(frozen=True, slots=True)
class AnalysedPost:
    """One post with its analysis: the digest's whole input per post."""

    post_id: str
    source: str
    kind: PostKind
    url: str | None
    title: str | None
    text: str
    created_at: datetime | None
    score: int | None = None
    replies: int | None = None
    post_type: PostType | None = None
    topics: tuple[str, ...] = ()
    claims: tuple[Claim, ...] = ()
    matches: tuple[Match, ...] = ()
    flags: tuple[ReviewedFlag, ...] = ()

    @classmethod
    def from_analysis(
        cls,
        analysis: PostAnalysis,
        *,
        source: str,
        kind: PostKind,
        url: str | None,
        title: str | None,
        text: str,
        created_at: datetime | None,
        score: int | None = None,
        replies: int | None = None,
    ) -> AnalysedPost:
        """From analyze-file's stateless output (its flags are unreviewed, so 'open')."""
        return cls(
            post_id=analysis.post_id,
            source=source,
            kind=kind,
            url=url,
            title=title,
            text=text,
            created_at=created_at,
            score=score,
            replies=replies,
            post_type=analysis.post_type,
            topics=analysis.topics,
            claims=analysis.claims,
            matches=analysis.matches,
            flags=tuple(ReviewedFlag(f) for f in analysis.flags),
        )

    @property
    def engagement(self) -> float:
        """Replies count double: a discussed post spreads further than an up-voted one."""
        return math.log1p(max(self.score or 0, 0) + 2 * max(self.replies or 0, 0))

    @property
    def content_key(self) -> str:
        folded = " ".join(f"{self.title or ''} {self.text}".lower().split())
        return hashlib.sha256(folded.encode("utf-8")).hexdigest()


# --- a built digest, as storage.digests saves it ---------------------------------------------------


@dataclass(frozen=True, slots=True)
class DigestEntryRecord:
    """One claim shown in a digest, flattened for the ``digest_entries`` table (what the web
    pages and moderators query); ``payload`` is the claim as the digest holds it."""

    card_id: str | None
    heading: str
    post_id: str
    quote: str
    source_url: str | None
    strength: str | None
    moderator_note: str | None
    payload: dict[str, Any]


class StorableDigest(Protocol):
    """What ``storage.digests.save_digest`` reads from a built digest (``bot.digest.types.Digest``
    is one): a Protocol so storage depends on no digest code."""

    @property
    def title(self) -> str: ...
    @property
    def week_start(self) -> date: ...
    @property
    def week_end(self) -> date: ...
    @property
    def generated_at(self) -> datetime: ...
    def to_dict(self) -> dict[str, Any]: ...
    def entry_records(self) -> list[DigestEntryRecord]: ...
