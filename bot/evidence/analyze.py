"""One post in, its whole reading out: ``extract | match | claims | link | judge | flag | type``.

Why the analysed text is the title, a blank line, then the body: people cite in titles
("Fluge et al 2021 JCI review?") as often as in bodies, and one text keeps every span in one
coordinate system. Claims are looked for in the body only (a headline is not a sentence of
the post), and their spans are shifted into the same coordinates.

Claims, their strength and the post's type come from the fine-tuned heads
(``claim_model.ClaimReader`` and ``PostTypeReader``; why models and not phrase rules is
measured there); the heads are loaded once per process when the analyzer is built, and a
model that cannot load stops the run with one line naming it, rather than quietly falling
back to something weaker. The same
``Analyzer`` serves ``digestbot analyze-file`` and the ``analyse`` stage, and everything that
changes its answers (the semantic tie-breaker included) comes from the settings both read, so
the two give identical claims and flags for the same post.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import replace
from typing import Any

from bot.atlas.types import AtlasCard
from bot.config import Settings
from bot.evidence.atlas_index import AtlasIndex
from bot.evidence.claim_model import ClaimReader, PostTypeReader
from bot.evidence.extract import extract_citations
from bot.evidence.match import Matcher, TieBreaker, is_unresolved
from bot.evidence.overstated import judge
from bot.evidence.reference import reference_index
from bot.evidence.semantic import SemanticTieBreaker
from bot.evidence.textnorm import content_words, stem
from bot.evidence.types import Citation, Claim, Flag, Match, PostAnalysis, PostType
from models.encoder import encoder_folder

_LOW_LEVELS = ("E4", "E5")
# Words by which a sentence talks about a work rather than the world: the work itself, its
# authors, or what it reports.
_REFERS_TO_A_WORK = re.compile(
    r"\b(?:stud(?:y|ies)|papers?|preprints?|trials?|review|analysis|title|abstract|authors?|researchers?|"
    r"team|group|cohort|sample|its|they|their|report(?:s|ed)?|found|finds|show(?:s|ed)|suggests?)\b",
    re.IGNORECASE,
)
# What may stand between a citation and the sentence that follows it at once: closing marks and
# one line break, not a blank line (a new paragraph is the writer's own).
_RIGHT_AFTER = re.compile(r"[ \t.:;,)\]>]*(?:\n[ \t]*)?")
_CAUSAL = ("direct_causal", "conditional_causal")
# The match statuses a claim may rest on. A suggested match (scored between the suggest and the
# confirm threshold, most often a description) is not shown to subscribers as the paper's card,
# but a claim about it is still judged against it, so that an overstated claim reaches the
# moderators' queue instead of passing unjudged: on our own development sets 52 of 53 suggested
# matches named the right card. The digest places claims beside confirmed cards only.
RESTS_ON = ("confirmed", "suggested")


def compose_text(title: str, body: str) -> tuple[str, int]:
    """The analysed text and the offset at which the body starts in it."""
    if not title:
        return body, 0
    return f"{title}\n\n{body}", len(title) + 2


class Analyzer:
    """Holds the atlas index (built once) and analyses posts one at a time, statelessly.

    ``semantic`` (default: the ``models.semantic_ties`` setting) lets the encoder break ties
    between equally fitting cards (loaded at the first tie only); without it ties are reported
    as ambiguous. ``claims`` and ``types`` replace the claim and post-type readers (the
    benchmark passes int8 ones; the lay-post cross-validation passes each fold's).
    """

    def __init__(
        self,
        cards: Iterable[AtlasCard],
        settings: Settings | None = None,
        tie_breaker: TieBreaker | None = None,
        semantic: bool | None = None,
        claims: ClaimReader | None = None,
        types: PostTypeReader | None = None,
    ) -> None:
        self.settings = settings or Settings()
        self.index = AtlasIndex(cards)
        models = self.settings.models
        self.claims = claims or ClaimReader.default(models.encoder_path)
        self.types = types or PostTypeReader.default(models.encoder_path)
        if semantic is None:
            semantic = models.semantic_ties
        if tie_breaker is None and semantic:
            encoder_folder(models.encoder_path)  # a wrong setting fails now, in one line
            tie_breaker = SemanticTieBreaker(self.index.cards, models.encoder_path, models.batch_size)
        reference = reference_index(self.index) if self.settings.matching.reference_index else None
        self.matcher = Matcher(self.index, self.settings.matching, tie_breaker, reference)

    def papers(
        self, title: str, text: str, meta: Mapping[str, Any] | None = None, links: Sequence[str] = ()
    ) -> tuple[str, int, list[Any], list[Match]]:
        """Extraction and matching only: what the benchmark times and the paper figures measure."""
        whole, offset = compose_text(title, text)
        citations = extract_citations(whole, meta, links)
        found, matches = self.matcher.match(whole, citations)
        return whole, offset, found, matches

    def rematch(
        self,
        post_id: str,
        title: str,
        text: str,
        extracted: Sequence[Citation] | None,
        claims: Sequence[Claim],
        post_type: PostType,
        links: Sequence[str] = (),
    ) -> PostAnalysis:
        """A stored analysis matched again against this (changed) card set.

        The stored extraction and claim sentences (with their strengths) are reused, so no
        extraction and no model runs; what depends on the cards (matches, which cards each
        claim rests on, overstated judgements, flags, topics) is decided afresh. ``claims``
        carry spans in the analysed text's coordinates, as stored. A post stored before
        extractions were kept (``extracted`` None) is extracted once more.
        """
        whole, _ = compose_text(title, text)
        if extracted is None:
            extracted = extract_citations(whole, None, links)
        found, matches = self.matcher.match(whole, list(extracted))
        cited, rests = _carded(matches, ("confirmed",)), _carded(matches, RESTS_ON)
        bare = [Claim(c.text, c.span, c.strength, (), c.topics, attributes=c.attributes) for c in claims]
        missing = [c.text for c in bare if c.attributes is None]
        if missing:  # stored before attributes were: read them once (the only model time here)
            read = dict(zip(missing, self.claims.attributes(missing), strict=True))
            bare = [c if c.attributes else replace(c, attributes=read[c.text]) for c in bare]
        linked = [self._judge(self._link(c, 0, whole, rests, _uncovered(matches))) for c in bare]
        return PostAnalysis(
            post_id=post_id,
            post_type=post_type,
            topics=self._topics(cited),
            citations=tuple(found),
            matches=tuple(matches),
            claims=tuple(linked),
            flags=tuple(_flags(linked, matches, self.index)),
            extracted=tuple(extracted),
        )

    def _topics(self, cited: Sequence[Match]) -> tuple[str, ...]:
        return tuple(
            sorted(
                {
                    t
                    for m in cited
                    for k in ("mechanism", "treatment")
                    for t in self.index.cards[m.card_id or ""].tags.get(k, ())
                }
            )
        )

    def prefetch(self, posts: Sequence[tuple[str, str]]) -> None:
        """Read many (title, body) posts' sentences in one length-sorted batched encoder run, so
        that ``analyze`` on each of them then finds every reading in the heads' cache.

        Why: one post at a time gives the encoder batches of a few sentences of mixed length,
        about a third of its batched speed (``bench/classify.py``). The readings do not depend
        on which posts share a batch (fp32, padding masked), so a post reads the same alone.
        """
        if posts:
            self.types.prefetch(posts)
            self.claims.prefetch([body for _, body in posts])

    def analyze(
        self,
        post_id: str,
        title: str,
        text: str,
        meta: Mapping[str, Any] | None = None,
        links: Sequence[str] = (),
    ) -> PostAnalysis:
        whole, offset = compose_text(title, text)
        extracted = extract_citations(whole, meta, links)
        found, matches = self.matcher.match(whole, extracted)
        cited, rests = _carded(matches, ("confirmed",)), _carded(matches, RESTS_ON)
        # The type first: it sends the title and every sentence through the encoder in one
        # batch, and the claim reader then finds the same sentences in the shared cache.
        post_type = self.types.classify(title, text)
        others = _uncovered(matches)
        claims = [self._judge(self._link(c, offset, whole, rests, others)) for c in self.claims.detect(text)]
        flags = _flags(claims, matches, self.index)
        return PostAnalysis(
            post_id=post_id,
            post_type=post_type,
            topics=self._topics(cited),
            citations=tuple(found),
            matches=tuple(matches),
            claims=tuple(claims),
            flags=tuple(flags),
            extracted=tuple(extracted),
        )

    def _link(
        self, claim: Claim, offset: int, whole: str, cited: list[Match], others: Sequence[Match] = ()
    ) -> Claim:
        """The cards a claim rests on: cited inside it, else the one the post is about, else the
        nearest earlier citation unless another card's topic fits the sentence much better.

        ``others`` are the post's papers without a card: a sentence citing one of them, or
        talking about a work ("the newer study reports …") right after one, is about that paper,
        and there is no card to judge it against ("Mancini and colleagues (PMID …) reported …"
        in a post that also links a card is not about the card); so is a sentence retelling one
        of their titles far better than any card's topic fits it)."""
        start, end = claim.span[0] + offset, claim.span[1] + offset
        moved = replace(claim, span=(start, end))
        if not cited:
            return moved
        inside = [m.card_id for m in cited if m.card_id and start <= m.citation.span[0] < end]
        if not inside:
            # "PACE proved that …": a study's own name, written in capitals inside the sentence,
            # for a card the post cites (its match may hold an earlier mention of the name)
            named = {
                cid
                for w in _CAPITALS.findall(claim.text)
                for cid in self.index.declared.get(stem(w.lower()), ())
            }
            inside = [m.card_id for m in cited if m.card_id in named]
        if inside:
            return _with_cites(moved, inside)
        if any(start <= m.citation.span[0] < end for m in others):
            return moved
        cards = list(dict.fromkeys(m.card_id for m in cited if m.card_id))
        words = content_words(claim.text)
        fits = {cid: self.index.fit(cid, words) for cid in cards}
        best = max(cards, key=lambda cid: fits[cid])
        last = _nearest_before([*cited, *others], start)
        if (
            last is not None
            and last.card_id is None
            and (
                _REFERS_TO_A_WORK.search(claim.text)
                or _RIGHT_AFTER.fullmatch(whole, last.citation.span[1], start)
            )
        ):
            # Unless a card's topic fits the sentence much better than that paper's title does.
            # (A sentence naming no work is the post's own conclusion, read with the cards, unless
            # it follows that paper's citation at once: "… a preprint: <link>" and on the next
            # line what the preprint showed. A blank line before it starts the post's own words.)
            own = self._title_fit(last, words)
            return _with_cites(moved, [best]) if fits[best] >= 2 * max(own, 1.0) else moved
        if others and max(self._title_fit(m, words) for m in others) >= 2 * max(fits[best], 1.0):
            # "A multi-strain probiotic improved tryptophan metabolism …": the sentence retells
            # the title of a paper without a card far better than any card's topic fits it
            return moved
        if len(cards) == 1:
            return _with_cites(moved, cards)
        last_card = _nearest_before(cited, start)
        nearest = last_card.card_id if last_card else None
        if nearest and not (fits[best] >= 2 * max(fits[nearest], 1.0) and best != nearest):
            return _with_cites(moved, [nearest])
        return _with_cites(moved, [best]) if fits[best] > 0 else moved

    def _title_fit(self, match: Match, words: set[str]) -> float:
        """How much a sentence talks about an uncovered paper: the rarity of the words it shares
        with the paper's title, weighed as the card fit weighs them (a word no card has counts
        as the rarest)."""
        title = content_words(match.paper.title or "") if match.paper else set()
        idf, rarest = self.index.idf, self.index.rarest
        return math.fsum(idf.get(w, rarest) for w in title & words)

    def _judge(self, claim: Claim) -> Claim:
        if not claim.cites:
            return claim
        overstated, reason = judge(claim, [self.index.cards[c] for c in claim.cites])
        return replace(claim, overstated=overstated, overstated_reason=reason)


_CAPITALS = re.compile(r"\b[A-Z][A-Za-z0-9-]*[A-Z][A-Za-z0-9-]*\b")  # "PACE", "DecodeME", "COVID-OUT"


def _nearest_before(matches: Sequence[Match], start: int) -> Match | None:
    """The match whose citation ends last before ``start`` (one placed in the text)."""
    before = [m for m in matches if m.citation.span != (0, 0) and m.citation.span[1] <= start]
    return max(before, key=lambda m: m.citation.span[1]) if before else None


def _carded(matches: Sequence[Match], statuses: Sequence[str]) -> list[Match]:
    """The post's matches to a card with one of ``statuses``."""
    return [m for m in matches if m.card_id and m.status in statuses]


def _uncovered(matches: Sequence[Match]) -> list[Match]:
    """The post's papers without a card (found, not merely suggested or unresolved)."""
    return [m for m in matches if m.card_id is None and not is_unresolved(m) and m.paper is not None]


def _with_cites(claim: Claim, cites: Sequence[str]) -> Claim:
    return replace(claim, cites=tuple(dict.fromkeys(cites)))


def _flags(claims: list[Claim], matches: list[Match], index: AtlasIndex) -> list[Flag]:
    flags: list[Flag] = []
    for claim in claims:
        if claim.overstated:
            reason = claim.overstated_reason or "the claim says more than the study shows"
            flags.append(Flag("overstated", reason, claim.text, claim.cites[0] if claim.cites else None))
        levels = [index.cards[c].evidence_level for c in claim.cites]
        if claim.strength in _CAUSAL and levels and all(lv in _LOW_LEVELS for lv in levels):
            shown = ", ".join(str(lv) for lv in levels)
            reason = f"a causal claim resting only on limited or very limited evidence ({shown})"
            flags.append(Flag("low_evidence", reason, claim.text, claim.cites[0]))
    for m in matches:
        if m.card_id is None and not is_unresolved(m):
            flags.append(Flag("uncovered", "the post cites a paper the atlas has no card for", paper=m.paper))
    return flags
