"""Deciding what goes in a week's digest: pure functions of data, no I/O, no clock.

The pipeline hands in a week's analysed posts and the atlas; this module picks, ranks, dedupes
and groups entries. Order of importance: a claim that cites a carded study (the reader most
needs the card beside it), then research news with a matched card, then papers the atlas does
not cover yet. Within that, more-discussed and more-flagged first.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, tzinfo
from typing import Literal
from zoneinfo import ZoneInfo

from rapidfuzz import fuzz

from bot.atlas.types import AtlasCard
from bot.config import Settings
from bot.digest import wording
from bot.digest.types import (
    AnalysedPost,
    CardView,
    Digest,
    DigestCounts,
    DigestEntry,
    TopicGroup,
    UncoveredPaper,
)
from bot.evidence.types import STRENGTHS, Claim, PaperRef

DAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
FlagStatus = Literal["open", "confirmed", "dismissed"]
# Near-identical wording of the same card's claim in two posts is one cross-post, shown once.
_DUPLICATE_SIMILARITY = 90.0
_LEVEL_WEIGHT = {"E1": 0.5, "E2": 0.4, "E3": 0.3, "E4": 0.2, "E5": 0.1}


def week_window(now: datetime, tz: tzinfo | str, publish_day: str = "mon") -> tuple[datetime, datetime]:
    """The last complete week before ``now``: [start, end) at local midnights of ``publish_day``.

    Computed on local calendar dates, then anchored at midnight in ``tz``, so a week that
    contains a clock change is 167 or 169 hours long instead of drifting by an hour.
    """
    if now.tzinfo is None:
        raise ValueError("week_window needs an aware datetime")
    if publish_day not in DAYS:
        raise ValueError(f"publish_day must be one of {', '.join(DAYS)}, not {publish_day!r}")
    zone = ZoneInfo(tz) if isinstance(tz, str) else tz
    local = now.astimezone(zone)
    end_day = local.date() - timedelta(days=(local.weekday() - DAYS.index(publish_day)) % 7)
    start_day = end_day - timedelta(days=7)
    return _midnight(start_day, zone), _midnight(end_day, zone)


def _midnight(day: date, zone: tzinfo) -> datetime:
    return datetime.combine(day, time(0), tzinfo=zone)


@dataclass(frozen=True, slots=True)
class _Candidate:
    tier: int  # 0 claim citing a card, 1 research news with a card, 2 other post with a card, 3 uncovered
    weight: float
    post: AnalysedPost
    claim: Claim | None
    card: AtlasCard | None
    paper_label: str | None
    compare_text: str  # what near-duplicate detection compares

    @property
    def identity(self) -> str:
        return self.card.id if self.card is not None else f"paper:{self.paper_label}"


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
    in_week = _dedupe_posts(p for p in posts if p.created_at is not None and start <= p.created_at < end)
    candidates = sorted(
        (c for p in in_week if p.post_type != "off_topic" for c in _candidates(p, cards)),
        key=lambda c: (c.tier, -c.weight, c.post.post_id),
    )
    chosen = _drop_cross_posts(candidates, settings.digest.max_entries)
    topics = _assign_topics(chosen)
    entries = [_entry(c, topic, settings.digest.quote_chars) for c, topic in zip(chosen, topics, strict=True)]
    uncovered = _uncovered(p for p in in_week if p.post_type != "off_topic")
    return Digest(
        title=settings.digest.title,
        week_start=start.date(),
        week_end=(end - timedelta(days=1)).date(),
        generated_at=now,
        groups=_group(entries),
        counts=DigestCounts(
            posts=len(in_week),
            entries=len(entries),
            with_card=sum(e.card is not None for e in entries),
            flagged=sum(e.flag_reason is not None for e in entries),
            uncovered=len(uncovered),
        ),
        uncovered=uncovered,
    )


def _dedupe_posts(posts: Iterable[AnalysedPost]) -> list[AnalysedPost]:
    """Identical cross-posts: keep the most-discussed copy."""
    best: dict[str, AnalysedPost] = {}
    for post in posts:
        kept = best.get(post.content_key)
        if kept is None or (post.engagement, kept.post_id) > (kept.engagement, post.post_id):
            best[post.content_key] = post
    return sorted(best.values(), key=lambda p: p.post_id)


def _strength_rank(claim: Claim) -> tuple[bool, int]:
    return claim.overstated, STRENGTHS.index(claim.strength)


def _candidates(post: AnalysedPost, cards: Mapping[str, AtlasCard]) -> list[_Candidate]:
    out: list[_Candidate] = []
    # One entry per (post, card): the claim most in need of its card (overstated, then strongest).
    best_claim: dict[str, Claim] = {}
    for claim in post.claims:
        for card_id in claim.cites:
            if card_id in cards and (
                card_id not in best_claim or _strength_rank(claim) > _strength_rank(best_claim[card_id])
            ):
                best_claim[card_id] = claim
    for card_id, claim in best_claim.items():
        out.append(_candidate(0, post, claim, cards[card_id], None))
    matched = [m.card_id for m in post.matches if m.card_id and m.status == "confirmed"]
    for card_id in dict.fromkeys(matched):
        if card_id in cards and card_id not in best_claim:
            tier = 1 if post.post_type == "research_news" else 2
            out.append(_candidate(tier, post, None, cards[card_id], None))
    labels = [_paper_label(m.paper) for m in post.matches if m.card_id is None]
    for label in dict.fromkeys(lbl for lbl in labels if lbl):
        out.append(_candidate(3, post, None, None, label))
    return out


def _candidate(
    tier: int, post: AnalysedPost, claim: Claim | None, card: AtlasCard | None, paper: str | None
) -> _Candidate:
    weight = post.engagement
    if claim is not None:
        weight += 0.5 * (claim.strength in {"direct_causal", "conditional_causal"})
        if card is not None and wording.flag_reason_for(claim, card):
            weight += 1.5
    if card is not None:
        weight += _LEVEL_WEIGHT.get(card.evidence_level or "", 0.0)
    text = claim.text if claim is not None else f"{post.title or ''} {post.text}"
    return _Candidate(tier, weight, post, claim, card, paper, " ".join(text.lower().split())[:500])


def _drop_cross_posts(ranked: Sequence[_Candidate], limit: int) -> list[_Candidate]:
    """The best ``limit`` candidates, skipping near-copies of one already kept."""
    kept: list[_Candidate] = []
    by_identity: dict[str, list[str]] = {}
    for cand in ranked:
        seen = by_identity.setdefault(cand.identity, [])
        if any(fuzz.ratio(cand.compare_text, text) >= _DUPLICATE_SIMILARITY for text in seen):
            continue
        seen.append(cand.compare_text)
        kept.append(cand)
        if len(kept) == limit:
            break
    return kept


def _review(post: AnalysedPost, claim: Claim | None, card: AtlasCard | None) -> tuple[bool, str | None]:
    """(dismissed, moderator note) from the moderators' verdicts on this claim or post."""
    dismissed, notes = False, []
    for reviewed in post.flags:
        flag = reviewed.flag
        if flag.claim_text is not None and (claim is None or flag.claim_text != claim.text):
            continue
        if flag.card_id is not None and (card is None or flag.card_id != card.id):
            continue
        dismissed = dismissed or (reviewed.status == "dismissed" and flag.kind != "uncovered")
        if reviewed.moderator_note:
            notes.append(reviewed.moderator_note.strip())
    return dismissed, " ".join(dict.fromkeys(notes)) or None


def _assign_topics(chosen: Sequence[_Candidate]) -> list[str]:
    """Each entry under the heading it shares with most of the week's entries.

    Picking each entry's own first tag gives a heading per entry on a varied week; preferring
    the tags the week has in common keeps the digest to a few readable sections. Ties go to
    the entry's own order of preference (treatment before mechanism before symptom).
    """
    options = [wording.topic_options(c.card, c.claim, c.post.topics) for c in chosen]
    counts = Counter(t.casefold() for opts in options for t in opts)
    return [min(opts, key=lambda t: (-counts[t.casefold()], opts.index(t))) for opts in options]


def _entry(cand: _Candidate, topic: str, quote_chars: int) -> DigestEntry:
    post, claim, card = cand.post, cand.claim, cand.card
    dismissed, note = _review(post, claim, card)
    reason = None
    if claim is not None and card is not None and not dismissed:
        reason = wording.flag_reason_for(claim, card)
    return DigestEntry(
        topic=topic,
        post_id=post.post_id,
        quote=wording.quote_for(claim, post.title, post.text, quote_chars),
        source_label=wording.source_label(post.source, post.kind, post.url),
        source_url=wording.safe_source_url(post.url),
        claim_text=wording.redact_mentions(claim.text) if claim is not None else None,
        claim_strength=claim.strength if claim is not None else None,
        card=CardView.from_card(card) if card is not None else None,
        flag_reason=reason,
        moderator_note=note,
        uncovered_paper=cand.paper_label,
    )


def _group(entries: Sequence[DigestEntry]) -> tuple[TopicGroup, ...]:
    """Topics in order of their best entry; entries keep their rank inside a topic."""
    groups: dict[str, tuple[str, list[DigestEntry]]] = {}
    for entry in entries:
        groups.setdefault(entry.topic.casefold(), (entry.topic, []))[1].append(entry)
    return tuple(TopicGroup(name, tuple(items)) for name, items in groups.values())


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
