"""What crosses the digest → deliver boundary: a built weekly digest, ready to render.

Why snapshots (``CardView``) rather than card ids: a digest is a record of what readers were
sent. Re-importing the atlas must not silently change last month's archive page, so each
entry carries the few card fields it shows. ``to_dict``/``from_dict`` exist for the same
reason: storage keeps the digest as built, and the archive re-renders it from there.
"""

from __future__ import annotations

import hashlib
import math
from dataclasses import asdict, dataclass
from datetime import date, datetime
from typing import Any, Literal

from bot.atlas.types import AtlasCard
from bot.evidence.types import STRENGTHS, Claim, Flag, Match, PostAnalysis, PostType, Strength
from sources.types import PostKind

DISCLAIMER = (
    "It is a reading aid: each claim from the community is shown "
    "next to a summary of the study it rests on, so you can judge it yourself. Talk to a "
    "clinician you trust before changing any treatment."
)

# Plain words for how a sentence is worded (not whether it is true).
STRENGTH_WORDS: dict[Strength, str] = {
    "direct_causal": "worded as cause and effect",
    "conditional_causal": "hedged: may/might",
    "correlational": "worded as a link, not a cause",
    "none": "no causal wording",
}


def _short_authors(authors: tuple[str, ...]) -> str:
    if not authors:
        return ""
    if len(authors) == 1:
        return authors[0]
    if len(authors) == 2:
        return f"{authors[0]} and {authors[1]}"
    return f"{authors[0]} et al."


@dataclass(frozen=True, slots=True)
class CardView:
    """The part of an atlas card a reader sees beside a claim."""

    id: str
    title: str
    authors_short: str = ""
    journal: str | None = None
    year: int | None = None
    url: str | None = None
    evidence_level: str | None = None
    evidence_label: str | None = None
    design: str | None = None
    sample_size: int | None = None
    badges: tuple[str, ...] = ()
    method_flags: tuple[str, ...] = ()
    does_not_prove: str | None = None
    quick_summary: str | None = None

    @classmethod
    def from_card(cls, card: AtlasCard) -> CardView:
        return cls(
            id=card.id,
            title=card.title,
            authors_short=_short_authors(card.authors),
            journal=card.journal,
            year=card.year,
            # Only web links: an href is the one place escaping alone does not make text safe.
            url=card.url if card.url and card.url.lower().startswith(("http://", "https://")) else None,
            evidence_level=card.evidence_level,
            evidence_label=card.evidence_label,
            design=card.design,
            sample_size=card.sample_size,
            badges=card.badges,
            method_flags=card.method_flags,
            does_not_prove=card.does_not_prove,
            quick_summary=card.quick_summary,
        )

    @property
    def evidence(self) -> str:
        """ "E3 Preliminary" — level and label together, as the atlas shows them."""
        return " ".join(p for p in (self.evidence_level, self.evidence_label) if p) or "not graded"

    @property
    def citation(self) -> str:
        """ "Maes M et al., Neuro Endocrinology Letters, 2007"."""
        return ", ".join(str(p) for p in (self.authors_short, self.journal, self.year) if p)


@dataclass(frozen=True, slots=True)
class UncoveredPaper:
    """A paper people cited that no atlas card covers: a to-do for the atlas editors."""

    label: str
    mentions: int = 1
    doi: str | None = None
    pmid: str | None = None
    pmcid: str | None = None
    title: str | None = None


@dataclass(frozen=True, slots=True)
class DigestEntry:
    """One quote from the week, with the evidence it rests on (or the note that none is carded).

    ``source_label`` names the community ("Reddit r/cfs"), never a person.
    """

    topic: str
    post_id: str
    quote: str
    source_label: str
    source_url: str | None = None
    claim_text: str | None = None
    claim_strength: Strength | None = None
    card: CardView | None = None
    flag_reason: str | None = None
    moderator_note: str | None = None
    uncovered_paper: str | None = None

    @property
    def strength_words(self) -> str | None:
        return STRENGTH_WORDS[self.claim_strength] if self.claim_strength else None


@dataclass(frozen=True, slots=True)
class TopicGroup:
    topic: str
    entries: tuple[DigestEntry, ...]


@dataclass(frozen=True, slots=True)
class DigestCounts:
    posts: int = 0
    entries: int = 0
    with_card: int = 0
    flagged: int = 0
    uncovered: int = 0


@dataclass(frozen=True, slots=True)
class Digest:
    """One week's digest. ``week_end`` is the last day included (inclusive), for display."""

    title: str
    week_start: date
    week_end: date
    generated_at: datetime
    groups: tuple[TopicGroup, ...]
    counts: DigestCounts
    uncovered: tuple[UncoveredPaper, ...] = ()
    disclaimer: str = DISCLAIMER

    @property
    def entries(self) -> tuple[DigestEntry, ...]:
        return tuple(e for g in self.groups for e in g.entries)

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form (dates as ISO strings) for storage."""
        data = asdict(self)
        data["week_start"] = self.week_start.isoformat()
        data["week_end"] = self.week_end.isoformat()
        data["generated_at"] = self.generated_at.isoformat()
        return data

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Digest:
        def card(d: dict[str, Any] | None) -> CardView | None:
            if d is None:
                return None
            lists = {k: tuple(d.get(k, ())) for k in ("badges", "method_flags")}
            return CardView(**{**d, **lists})

        def entry(d: dict[str, Any]) -> DigestEntry:
            strength = d.get("claim_strength")
            if strength is not None and strength not in STRENGTHS:
                raise ValueError(f"unknown claim strength {strength!r}")
            return DigestEntry(**{**d, "card": card(d.get("card"))})

        return cls(
            title=data["title"],
            week_start=date.fromisoformat(data["week_start"]),
            week_end=date.fromisoformat(data["week_end"]),
            generated_at=datetime.fromisoformat(data["generated_at"]),
            groups=tuple(
                TopicGroup(g["topic"], tuple(entry(e) for e in g["entries"])) for g in data["groups"]
            ),
            counts=DigestCounts(**data["counts"]),
            uncovered=tuple(UncoveredPaper(**u) for u in data.get("uncovered", ())),
            disclaimer=data.get("disclaimer", DISCLAIMER),
        )


# --- what the digest is built from (storage.digests.load_week returns these) ---------------

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
