"""Deciding what goes in a week's digest: pure functions of data, no I/O, no clock.

One entry per paper: each card discussed this week appears once, with the lay claims that cite
it beneath, ranked by how many posts and places discussed the paper, then by engagement.
Cross-posts (the same text in several places, or near-identical claim wording under one
card) are shown once with the other places named. Then a short section of claims that cite no
paper the atlas covers, and the cited papers the atlas lacks.

Warnings are not decided here: a claim's note is its flag row's reason, shown as the flag row
and the moderators say (``digest.unreviewed_flags`` decides whether flags nobody has checked
yet appear, marked as an automatic reading).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from urllib.parse import quote

from rapidfuzz import fuzz

from bot.atlas.types import AtlasCard
from bot.config import Settings
from bot.digest import wording
from bot.digest.types import (
    AnalysedPost,
    CardView,
    ClaimView,
    Digest,
    DigestCounts,
    PaperEntry,
    Place,
    UncoveredPaper,
)
from bot.digest.week import DAYS, week_window
from bot.evidence.types import STRENGTHS, Claim, PaperRef

__all__ = ["DAYS", "build_digest", "week_window"]

# Near-identical wording of a claim under one card in two posts is one cross-post, shown once.
_DUPLICATE_SIMILARITY = 90.0
# Claim strengths worth a place in the no-card section: causal claims are the ones a reader
# most needs to know have no study behind them here.
_NO_CARD_STRENGTHS = {"direct_causal", "conditional_causal"}


@dataclass(frozen=True, slots=True)
class _Thread:
    """A post with its cross-posts (identical text elsewhere): shown once, every place named."""

    post: AnalysedPost
    copies: tuple[AnalysedPost, ...]

    @property
    def places(self) -> tuple[Place, ...]:
        return tuple(dict.fromkeys(_place(p) for p in (self.post, *self.copies)))

    @property
    def engagement(self) -> float:
        return sum(p.engagement for p in (self.post, *self.copies))


@dataclass(frozen=True, slots=True)
class _FlagView:
    reason: str | None
    checked: bool
    note: str | None


@dataclass
class _Paper:
    card: AtlasCard
    claims: list[tuple[_Thread, Claim]] = field(default_factory=list)
    mentions: list[_Thread] = field(default_factory=list)

    @property
    def threads(self) -> list[_Thread]:
        return [t for t, _ in self.claims] + self.mentions

    def rank(self) -> tuple[int, int, float, str]:
        threads = self.threads
        posts = sum(1 + len(t.copies) for t in threads)
        places = len({p.label for t in threads for p in t.places})
        return (-posts, -places, -sum(t.engagement for t in threads), self.card.id)


def build_digest(
    posts: Iterable[AnalysedPost],
    cards: Mapping[str, AtlasCard],
    settings: Settings,
    now: datetime,
    *,
    window: tuple[datetime, datetime] | None = None,
) -> Digest:
    """The digest for the last complete week before ``now`` (or for ``window``, [start, end)).

    Posts without a creation time are left out: they cannot be placed in a week.
    """
    start, end = window or week_window(now, settings.zone, settings.schedule.publish.day_of_week)
    threads = _threads(p for p in posts if p.created_at is not None and start <= p.created_at < end)
    on_topic = [t for t in threads if t.post.post_type != "off_topic"]
    cfg = settings.digest
    hide_open = cfg.unreviewed_flags == "hide"

    papers: dict[str, _Paper] = {}
    loose: list[tuple[_Thread, Claim]] = []
    for thread in on_topic:
        cited: set[str] = set()
        best: dict[str, Claim] = {}
        suggested = _only_suggested(thread.post)
        for claim in thread.post.claims:
            carded = [c for c in claim.cites if c in cards]
            known = [c for c in carded if c not in suggested]
            if claim.strength == "none" and not _flagged(thread.post, claim):
                # A sentence with no causal or associative wording adds nothing beside the card:
                # its post is listed as a place the paper was discussed instead.
                cited.update(known)
                continue
            for card_id in known:
                if card_id not in best or _need(claim) > _need(best[card_id]):
                    best[card_id] = claim
            if not carded and claim.strength in _NO_CARD_STRENGTHS:
                loose.append((thread, claim))
            cited.update(known)
        for card_id, claim in best.items():
            papers.setdefault(card_id, _Paper(cards[card_id])).claims.append((thread, claim))
        for card_id in cited - best.keys():
            paper = papers.setdefault(card_id, _Paper(cards[card_id]))
            if thread not in paper.mentions:
                paper.mentions.append(thread)
        for m in thread.post.matches:
            if (
                m.card_id is not None
                and m.card_id in cards
                and m.status == "confirmed"
                and m.card_id not in cited
            ):
                paper = papers.setdefault(m.card_id, _Paper(cards[m.card_id]))
                if thread not in paper.mentions:
                    paper.mentions.append(thread)

    chosen = sorted(papers.values(), key=_Paper.rank)[: cfg.max_papers]
    entries = tuple(
        _entry(p, cfg.claims_per_paper, cfg.quote_words, hide_open, cfg.atlas_card_url) for p in chosen
    )
    no_card = _no_card(loose, cfg.max_no_card, cfg.quote_words, hide_open)
    uncovered = _uncovered(t.post for t in on_topic)
    shown_claims = [c for e in entries for c in e.claims]
    return Digest(
        title=cfg.title,
        week_start=start.date(),
        week_end=(end - timedelta(days=1)).date(),
        generated_at=now,
        papers=entries,
        counts=DigestCounts(
            posts=sum(1 + len(t.copies) for t in threads),
            papers=len(entries),
            discussing_posts=sum(
                1 + len(t.copies) for t in {id(t): t for p in chosen for t in p.threads}.values()
            ),
            claims=len(shown_claims),
            flagged=sum(c.flag_reason is not None for c in shown_claims),
            unreviewed=_unreviewed(on_topic),
            no_card=len(no_card),
            uncovered=len(uncovered),
        ),
        no_card=no_card,
        uncovered=uncovered,
    )


def _threads(posts: Iterable[AnalysedPost]) -> list[_Thread]:
    """Identical cross-posts folded into one thread led by the most-discussed copy."""
    by_key: dict[str, list[AnalysedPost]] = {}
    for post in posts:
        by_key.setdefault(post.content_key, []).append(post)
    threads = []
    for copies in by_key.values():
        ordered = sorted(copies, key=lambda p: (-p.engagement, p.post_id))
        threads.append(_Thread(ordered[0], tuple(ordered[1:])))
    return sorted(threads, key=lambda t: t.post.post_id)


def _place(post: AnalysedPost) -> Place:
    return Place(wording.source_label(post.source, post.kind, post.url), wording.safe_source_url(post.url))


def _only_suggested(post: AnalysedPost) -> set[str]:
    """The cards the post's matches only suggest: a claim resting on one is judged (its flag
    reaches the moderators, ``bot.evidence.analyze.RESTS_ON``) but not shown beside that card,
    nor among the claims citing no card, until the match is confirmed."""
    confirmed = {m.card_id for m in post.matches if m.status == "confirmed"}
    return {m.card_id for m in post.matches if m.card_id and m.card_id not in confirmed}


def _flagged(post: AnalysedPost, claim: Claim) -> bool:
    return any(r.flag.claim_text == claim.text and r.flag.kind != "uncovered" for r in post.flags)


def _need(claim: Claim) -> int:
    """Which of a post's claims about one card to show: the most strongly worded."""
    return STRENGTHS.index(claim.strength)


def _flag(post: AnalysedPost, claim_text: str, card_id: str | None, hide_open: bool) -> _FlagView:
    """What the flag rows say about this claim (beside this card): reason, checked, note."""
    reason, checked, notes = None, False, []
    for reviewed in post.flags:
        flag = reviewed.flag
        if flag.kind == "uncovered" or flag.claim_text != claim_text:
            continue
        if flag.card_id is not None and card_id is not None and flag.card_id != card_id:
            continue
        if reviewed.moderator_note and reviewed.moderator_note.strip():
            notes.append(reviewed.moderator_note.strip())
        if reviewed.status == "dismissed" or (reviewed.status == "open" and hide_open):
            continue
        confirmed = reviewed.status == "confirmed"
        if reason is None or (confirmed and not checked):
            reason, checked = flag.reason, confirmed
    return _FlagView(reason, checked, " ".join(dict.fromkeys(notes)) or None)


def _claim_view(
    thread: _Thread, claim: Claim, card_id: str | None, quote_words: int, hide_open: bool
) -> ClaimView:
    post = thread.post
    flag = _flag(post, claim.text, card_id, hide_open)
    places = thread.places
    return ClaimView(
        post_id=post.post_id,
        quote=wording.quote_for(claim, post.title, post.text, quote_words),
        place=places[0],
        also_in=places[1:],
        strength=claim.strength,
        flag_reason=flag.reason,
        flag_checked=flag.checked,
        moderator_note=flag.note,
    )


def _merge(views: Sequence[ClaimView]) -> list[ClaimView]:
    """Near-identical quotes from different posts shown once, the other places named."""
    kept: list[ClaimView] = []
    for view in views:
        folded = " ".join(view.quote.lower().split())
        for i, other in enumerate(kept):
            if fuzz.ratio(folded, " ".join(other.quote.lower().split())) >= _DUPLICATE_SIMILARITY:
                known = {p.label for p in (other.place, *other.also_in)}
                extra = tuple(p for p in (view.place, *view.also_in) if p.label not in known)
                kept[i] = _with_places(other, other.also_in + extra, view)
                break
        else:
            kept.append(view)
    return kept


def _with_places(view: ClaimView, also_in: tuple[Place, ...], other: ClaimView) -> ClaimView:
    """``view`` naming more places; a flag or note on the merged copy is kept, not lost."""
    return ClaimView(
        post_id=view.post_id,
        quote=view.quote,
        place=view.place,
        also_in=also_in,
        strength=view.strength,
        flag_reason=view.flag_reason or other.flag_reason,
        flag_checked=view.flag_checked if view.flag_reason else other.flag_checked,
        moderator_note=view.moderator_note or other.moderator_note,
        paper_label=view.paper_label,
    )


def _claim_order(view: ClaimView, engagement: float) -> tuple[bool, bool, int, float]:
    """Flagged and moderated claims first (the reader most needs the card beside them)."""
    strength = STRENGTHS.index(view.strength) if view.strength else 0
    return (view.flag_reason is None, view.moderator_note is None, -strength, -engagement)


def _entry(paper: _Paper, limit: int, quote_words: int, hide_open: bool, card_url: str | None) -> PaperEntry:
    card_id = paper.card.id
    scored = [(_claim_view(t, c, card_id, quote_words, hide_open), t.engagement) for t, c in paper.claims]
    scored.sort(key=lambda ve: _claim_order(*ve))
    views = _merge([v for v, _ in scored])
    shown = views[:limit]
    extra_places = [p for v in views[limit:] for p in (v.place, *v.also_in)]
    # One link per community: "Also discussed in Reddit r/cfs" rather than the same name thrice.
    by_label: dict[str, Place] = {}
    for place in [*extra_places, *(p for t in paper.mentions for p in t.places)]:
        by_label.setdefault(place.label, place)
    mentions = tuple(by_label.values())
    threads = paper.threads
    return PaperEntry(
        card=CardView.from_card(paper.card, _card_url(card_url, paper.card.id)),
        claims=tuple(shown),
        mentions=mentions,
        posts=sum(1 + len(t.copies) for t in threads),
        places=len({p.label for t in threads for p in t.places}),
    )


def _card_url(template: str | None, card_id: str) -> str | None:
    if not template or not template.lower().startswith(("https://", "http://")):
        return None
    return template.replace("{id}", quote(card_id, safe=""))


def _no_card(
    loose: Sequence[tuple[_Thread, Claim]], limit: int, quote_words: int, hide_open: bool
) -> tuple[ClaimView, ...]:
    """Claims citing no carded paper: the most-discussed, with the uncovered paper they cite."""
    ranked = sorted(loose, key=lambda tc: (-STRENGTHS.index(tc[1].strength), -tc[0].engagement))
    views = []
    for thread, claim in ranked:
        view = _claim_view(thread, claim, None, quote_words, hide_open)
        labels = [_paper_label(m.paper) for m in thread.post.matches if m.card_id is None]
        label = next((lbl for lbl in labels if lbl), None)
        views.append(_with_paper(view, label))
    return tuple(_merge(views)[:limit])


def _with_paper(view: ClaimView, label: str | None) -> ClaimView:
    return ClaimView(
        post_id=view.post_id,
        quote=view.quote,
        place=view.place,
        also_in=view.also_in,
        strength=view.strength,
        flag_reason=view.flag_reason,
        flag_checked=view.flag_checked,
        moderator_note=view.moderator_note,
        paper_label=label,
    )


def _unreviewed(threads: Iterable[_Thread]) -> int:
    """Flags on this week's posts that no moderator has checked yet (for the publish report)."""
    return sum(
        1
        for t in threads
        for reviewed in t.post.flags
        if reviewed.status == "open" and reviewed.flag.kind != "uncovered"
    )


def _paper_label(paper: PaperRef) -> str | None:
    if paper.title:
        return " ".join(paper.title.split())
    for prefix, value in (("DOI", paper.doi), ("PMID", paper.pmid), ("PMCID", paper.pmcid)):
        if value:
            return f"{prefix} {value}"
    return None


def _paper_key(paper: PaperRef) -> str | None:
    for prefix, value in (("doi", paper.doi), ("pmid", paper.pmid), ("pmcid", paper.pmcid)):
        if value:
            return f"{prefix}:{value.lower()}"
    return f"title:{' '.join(paper.title.lower().split())}" if paper.title else None


def _uncovered(posts: Iterable[AnalysedPost]) -> tuple[UncoveredPaper, ...]:
    """Papers without a card, counted once per post that cites them, most-cited first."""
    seen: dict[str, tuple[PaperRef, int]] = {}
    for post in posts:
        keys: dict[str, PaperRef] = {}
        for match in post.matches:
            key = _paper_key(match.paper) if match.card_id is None else None
            if key:
                keys.setdefault(key, match.paper)
        for key, paper in keys.items():
            old = seen.get(key)
            seen[key] = (old[0] if old else paper, (old[1] if old else 0) + 1)
    papers = [
        UncoveredPaper(
            label=_paper_label(paper) or key,
            mentions=count,
            doi=paper.doi,
            pmid=paper.pmid,
            pmcid=paper.pmcid,
            title=paper.title,
        )
        for key, (paper, count) in seen.items()
    ]
    return tuple(sorted(papers, key=lambda p: (-p.mentions, p.label.lower())))
