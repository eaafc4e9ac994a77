"""What crosses the digest → deliver boundary: a built weekly digest, ready to render.

Why snapshots (``CardView``) rather than card ids: a digest is a record of what readers were
sent. Re-importing the atlas must not silently change last month's archive page, so each
entry carries the few card fields it shows. ``to_dict``/``from_dict`` exist for the same
reason: storage keeps the digest as built, and the archive re-renders it from there.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from datetime import date, datetime
from typing import Any

from bot.atlas.types import AtlasCard
from bot.evidence.types import STRENGTHS, Strength
from storage.types import AnalysedPost as AnalysedPost
from storage.types import DigestEntryRecord
from storage.types import FlagStatus as FlagStatus
from storage.types import ReviewedFlag as ReviewedFlag

DISCLAIMER = (
    "A reading aid: each claim is shown beside the study it rests on. "
    "Talk to a clinician you trust before changing any treatment."
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
    # The card's page in the atlas, when ``digest.atlas_card_url`` is configured.
    card_url: str | None = None

    @property
    def link(self) -> str | None:
        """Where the title links: the atlas card's page, else the paper."""
        return self.card_url or self.url

    @classmethod
    def from_card(cls, card: AtlasCard, card_url: str | None = None) -> CardView:
        return cls(
            card_url=card_url,
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
class Place:
    """Where a post was made, by community name ("Reddit r/cfs"), never by person."""

    label: str
    url: str | None = None


@dataclass(frozen=True, slots=True)
class ClaimView:
    """One lay claim as a reader sees it: a short quote, where it was said, how it is worded,
    and what the flag rows and moderators say about it.

    ``flag_reason`` comes from a flag row only (the digest decides no warnings).
    ``flag_checked`` is False while no moderator has confirmed the flag: the page then says the
    note is an automatic reading. ``also_in`` lists the other places a cross-post appeared.
    """

    post_id: str
    quote: str
    place: Place
    also_in: tuple[Place, ...] = ()
    strength: Strength | None = None
    flag_reason: str | None = None
    flag_checked: bool = False
    moderator_note: str | None = None
    paper_label: str | None = None

    @property
    def strength_words(self) -> str | None:
        return STRENGTH_WORDS[self.strength] if self.strength else None


@dataclass(frozen=True, slots=True)
class PaperEntry:
    """One paper discussed this week: its card once, the claims that cite it beneath.

    ``mentions`` are posts that linked or named the paper without a claim sentence about it.
    """

    card: CardView
    claims: tuple[ClaimView, ...] = ()
    mentions: tuple[Place, ...] = ()
    posts: int = 0
    places: int = 0


@dataclass(frozen=True, slots=True)
class DigestCounts:
    posts: int = 0  # posts read this week (cross-posts once)
    papers: int = 0  # papers with a card that were discussed
    discussing_posts: int = 0  # posts that discussed one of those papers
    claims: int = 0  # claims shown beneath the papers
    flagged: int = 0  # claims shown with a note that they outrun their study
    unreviewed: int = 0  # flags on this week's posts no moderator has checked yet
    no_card: int = 0  # claims shown that cite no paper the atlas covers
    uncovered: int = 0  # cited papers the atlas lacks


def _plural(n: int, word: str, plural: str | None = None) -> str:
    return f"{n} {word if n == 1 else plural or word + 's'}"


@dataclass(frozen=True, slots=True)
class Digest:
    """One week's digest. ``week_end`` is the last day included (inclusive), for display."""

    title: str
    week_start: date
    week_end: date
    generated_at: datetime
    papers: tuple[PaperEntry, ...]
    counts: DigestCounts
    no_card: tuple[ClaimView, ...] = ()
    uncovered: tuple[UncoveredPaper, ...] = ()
    disclaimer: str = DISCLAIMER

    @property
    def is_empty(self) -> bool:
        return not (self.papers or self.no_card or self.uncovered)

    @property
    def summary(self) -> tuple[str, str]:
        """The two lines at the top: what was discussed, then what else is in the digest."""
        c = self.counts
        first = (
            f"This week: {_plural(c.papers, 'paper')} discussed in {_plural(c.discussing_posts, 'post')}; "
            f"{_plural(c.flagged, 'claim')} worded more strongly than {'its' if c.flagged == 1 else 'their'}"
            f" study supports."
        )
        second = (
            f"Also: {_plural(c.no_card, 'claim')} citing no paper in the atlas, and "
            f"{_plural(c.uncovered, 'newly cited paper')} the atlas does not cover yet."
        )
        return first, second

    def entry_records(self) -> list[DigestEntryRecord]:
        """Every claim shown, in page order, flattened for storage's ``digest_entries`` rows."""
        shown: list[tuple[str | None, str, ClaimView]] = [
            (e.card.id, e.card.title, c) for e in self.papers for c in e.claims
        ]
        shown += [(None, "Claims without a card", c) for c in self.no_card]
        return [
            DigestEntryRecord(
                card_id=card_id,
                heading=heading,
                post_id=claim.post_id,
                quote=claim.quote,
                source_url=claim.place.url,
                strength=claim.strength,
                moderator_note=claim.moderator_note,
                payload=asdict(claim),
            )
            for card_id, heading, claim in shown
        ]

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form (dates as ISO strings) for storage."""
        data = asdict(self)
        data["version"] = PAYLOAD_VERSION
        data["week_start"] = self.week_start.isoformat()
        data["week_end"] = self.week_end.isoformat()
        data["generated_at"] = self.generated_at.isoformat()
        return data

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Digest:
        if data.get("version") != PAYLOAD_VERSION:
            return _from_v1(data)
        return cls(
            title=data["title"],
            week_start=date.fromisoformat(data["week_start"]),
            week_end=date.fromisoformat(data["week_end"]),
            generated_at=datetime.fromisoformat(data["generated_at"]),
            papers=tuple(
                PaperEntry(
                    card=_card(p["card"]),
                    claims=tuple(_claim(c) for c in p["claims"]),
                    mentions=tuple(Place(**m) for m in p["mentions"]),
                    posts=p["posts"],
                    places=p["places"],
                )
                for p in data["papers"]
            ),
            counts=DigestCounts(**data["counts"]),
            no_card=tuple(_claim(c) for c in data.get("no_card", ())),
            uncovered=tuple(UncoveredPaper(**u) for u in data.get("uncovered", ())),
            disclaimer=data.get("disclaimer", DISCLAIMER),
        )


PAYLOAD_VERSION = 2


def _card(d: dict[str, Any]) -> CardView:
    lists = {k: tuple(d.get(k, ())) for k in ("badges", "method_flags")}
    return CardView(**{**d, **lists})


def _strength(value: Any) -> Strength | None:
    if value is not None and value not in STRENGTHS:
        raise ValueError(f"unknown claim strength {value!r}")
    return value  # type: ignore[no-any-return]


def _claim(d: dict[str, Any]) -> ClaimView:
    return ClaimView(
        **{
            **d,
            "place": Place(**d["place"]),
            "also_in": tuple(Place(**p) for p in d.get("also_in", ())),
            "strength": _strength(d.get("strength")),
        }
    )


def _from_v1(data: dict[str, Any]) -> Digest:
    """A digest stored before one-entry-per-paper (entries grouped by topic), read as papers."""
    papers: dict[str, tuple[CardView, list[ClaimView]]] = {}
    no_card: list[ClaimView] = []
    for group in data["groups"]:
        for e in group["entries"]:
            view = ClaimView(
                post_id=e["post_id"],
                quote=e["quote"],
                place=Place(e["source_label"], e.get("source_url")),
                strength=_strength(e.get("claim_strength")),
                flag_reason=e.get("flag_reason"),
                moderator_note=e.get("moderator_note"),
                paper_label=e.get("uncovered_paper"),
            )
            if e.get("card"):
                papers.setdefault(e["card"]["id"], (_card(e["card"]), []))[1].append(view)
            else:
                no_card.append(view)
    entries = tuple(
        PaperEntry(card, tuple(claims), (), len(claims), len({c.place.label for c in claims}))
        for card, claims in papers.values()
    )
    old = data["counts"]
    return Digest(
        title=data["title"],
        week_start=date.fromisoformat(data["week_start"]),
        week_end=date.fromisoformat(data["week_end"]),
        generated_at=datetime.fromisoformat(data["generated_at"]),
        papers=entries,
        counts=DigestCounts(
            posts=old.get("posts", 0),
            papers=len(entries),
            discussing_posts=sum(p.posts for p in entries),
            claims=sum(len(p.claims) for p in entries),
            flagged=old.get("flagged", 0),
            no_card=len(no_card),
            uncovered=old.get("uncovered", 0),
        ),
        no_card=tuple(no_card),
        uncovered=tuple(UncoveredPaper(**u) for u in data.get("uncovered", ())),
        disclaimer=data.get("disclaimer", DISCLAIMER),
    )


# --- what the digest is built from -------------------------------------------------------------
# ``ReviewedFlag`` and ``AnalysedPost`` are what ``storage.digests.load_week`` returns, so they live
# in ``storage.types`` (storage imports no application code); the digest names them here too.
