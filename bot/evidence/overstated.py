"""Is a claim worded more strongly than the study it rests on can support? One policy table.

``POLICY`` below is the whole judgement, one row per case, read top to bottom. It follows
the annotation rules the dev posts were labelled with:

* only ``direct_causal`` claims can be overstated, except that a retracted paper's finding
  told as fact is overstated at any strength (told as history, "a paper reported … and was
  retracted", it is not; a ``none`` sentence describing its design or sample states no finding);
* a cause or mechanism asserted as fact outruns any single study: observational, imaging,
  review and consensus work shows differences, and a treatment trial tests a treatment, not
  what causes the illness;
* a treatment claim is overstated when it goes beyond what was measured ("cures", "lasting
  recovery"), rests on a trial that found no benefit, on a small, uncontrolled or unreplicated
  trial (E3-E5), or on a study that tested no treatment at all; an accurate report of a
  controlled trial's own result is not: what happened in it, told in the past tense or with its
  figures against placebo ("rintatolimod reduced the use of other drugs"), as against a general
  effect in the present tense drawn from it ("the trial showed rintatolimod works").

What the claim says besides its strength (what it is about, whether it is someone else's words,
negated, or a question) is read by the sentence-attribute heads and arrives with the claim as
``Claim.attributes`` (``bot/evidence/claim_model.py``; measured against the cue patterns they
replace in ``models/MODEL_CARD_attributes.md``); the policy itself runs no model. The cue
patterns that remain here read what the lay set has no labels for (figures, "beyond
what a trial measured", history, the speaker and the answer in a reported claim).

Why the reason is one plain sentence: it is shown to readers in the digest and to moderators
in their queue, next to the claim, so it should explain rather than accuse. Claims with no
cited card are never overstated: there is nothing to judge them against.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Literal

from bot.atlas.types import AtlasCard
from bot.evidence.cues import CAUSAL, META, QUOTE_OF_STUDY, compares_numbers
from bot.evidence.types import Claim, SentenceAttributes
from models.features import ATTRIBUTION, NEGATION

_I = re.IGNORECASE
BEYOND_MEASURED = re.compile(
    r"\b(?:cur(?:e|es|ed|ing)|lasting|permanent\w*|recover\w*(?! rates?)|revers\w*|restor\w*|fix|"
    r"calm(?:s|ed)? the immune|harmful|harms?|dangerous|for good|everyone)\b",
    _I,
)
# The study's own result, reported as such: what happened in it, told in the past tense
# ("rintatolimod reduced the use of other drugs", "stimulation cut symptom scores by 30%"),
# and no general effect in the present tense beside it ("the trial showed rituximab works",
# "rintatolimod works, and a trial proved it": the post generalises from the trial).
PAST_EFFECT = re.compile(
    r"\b(?:improved|reduced|cut|lowered|lessened|relieved|eased|helped|increased|raised|decreased|"
    r"boosted|benefit(?:t)?ed|outperformed|produced|led to|resulted in|responded|did not|didn't|failed)\b",
    _I,
)
PRESENT_EFFECT = re.compile(
    r"\b(?:works?|helps?|cures?|heals?|fix(?:es)?|treats?|reduces?|improves?|relieves?|eases?|"
    r"reverses?|restores?|beats?|(?:is|are) (?:an? )?(?:effective|proven|safe|treatment|cure|answer))\b",
    _I,
)
MEASURED = re.compile(
    r"\d.*\b(?:placebo|control|controls|sham|usual care)\b|\b(?:placebo|sham)\b.*\d|"
    r"\b(?:over|than) placebo\b",
    _I,
)
HISTORY = re.compile(
    r"\b(?:retract\w*|withdrawn|report(?:ed|ing)|claimed|announced|could not (?:be )?reproduc\w*|"
    r"failed to (?:replicate|reproduce)|later)\b",
    _I,
)

WEAK_LEVELS = frozenset({"E3", "E4", "E5"})
About = Literal["cause", "treatment", "finding"]
CardKind = Literal["retracted", "controlled_trial", "uncontrolled_trial", "no_treatment_tested"]

# --- when a sentence is not the post's own causal claim -------------------------------------
# The sentence answers the reported claim: a contrast, a correction or a retraction.
DISPUTE = re.compile(
    r"\b(?:but|yet|however|although|though|whereas|while|actually|in fact|wrong|false|myth|misread\w*|"
    r"only|never|no|not|nothing|retract\w*|withdrawn)\b|n't\b|;",
    _I,
)
CONTRAST = re.compile(r"\b(?:but|yet|however|although|though|whereas|which|when in fact)\b|;", _I)
# A connective that opens the sentence ties it to the one before ("Yet commentators claimed …");
# it does not dispute the words the sentence reports.
_OPENING_CONNECTIVE = re.compile(r"^\W*(?:and|but|yet|however|still|so)\b[\s,]*", _I)
# Causation said not to be shown: "no one has shown that …", "it is not true that …". A cause
# denied as fact ("deconditioning doesn't cause PEM", "a consequence, not a cause") is no such
# commentary: it asserts what does or does not cause the illness, and is judged like any cause.
NOT_SHOWN = re.compile(
    r"\b(?:no one|nobody|never|not|no|nothing|neither|nor|hasn't|haven't|hadn't|isn't|wasn't|aren't|"
    r"weren't|didn't|doesn't|don't)\b[^.;]{0,40}?\b(?:shown?|shows|showed|proven?|proves|proved|established|"
    r"demonstrated|claimed|found|evidence|proof|true|clear|known)\b(?:[^.;]{0,10}\b(?:that|whether|how)\b)?",
    _I,
)
# Another paper named inside the sentence: a year, or "Surname et al.".
_YEAR = re.compile(r"\b(?:19[5-9]\d|20[0-4]\d)\b")
_ET_AL = re.compile(r"\b([A-Z][\w'’-]+)(?:\s+(?:and|&)\s+[A-Z][\w'’-]+)?\s+et\.?\s+al\b")


def _is_retracted(card: AtlasCard) -> bool:
    return "Retracted" in card.badges or "Retracted" in card.method_flags


def _is_trial(card: AtlasCard) -> bool:
    design = (card.design or "").lower()
    return "rct" in design or "trial" in design or "randomi" in design


def _is_review(card: AtlasCard) -> bool:
    design = (card.design or "").lower()
    return "review" in design or "meta-analysis" in design


def _is_controlled(card: AtlasCard) -> bool:
    design = (card.design or "").lower()
    uncontrolled = "No Control Group" in card.method_flags or "single-arm" in design
    return _is_trial(card) and not uncontrolled


def _design_phrase(card: AtlasCard) -> str:
    """'a case-control study', 'a review', … for the reason sentence."""
    design = (card.design or "study").strip()
    lowered = re.sub(r"\brct\b", "randomised controlled trial", design.lower())
    if lowered.endswith("criteria"):
        return f"a set of {lowered}"
    noun = (
        lowered
        if re.search(r"\b(?:study|trial|review|analysis|report|criteria|series)\b", lowered)
        else (f"{lowered} study")
    )
    article = "an" if noun[:1] in "aeiou" else "a"
    return f"{article} {noun}"


def _what_it_shows(card: AtlasCard) -> str:
    lowered = (card.design or "").lower()
    if "review" in lowered or "meta-analysis" in lowered:
        return "it sums up other studies and cannot show a cause"
    if "consensus" in lowered:
        return "it records expert agreement, not a tested cause"
    if "series" in lowered or "no control" in lowered:
        return "it describes a few patients without a comparison group"
    if _is_trial(card):
        return "it tested a treatment, not what causes the illness"
    return "it shows a difference, not a cause"


def weakly_linked(text: str, card: AtlasCard) -> bool:
    """Whether the sentence names another paper than this card: a year that is not the card's,
    or "Surname et al." for someone not among its authors. Such a sentence was linked to the
    wrong paper of the post, and judging it against that paper's design would mislead."""
    years = {int(y) for y in _YEAR.findall(text)}
    if years and card.year and card.year not in years:
        return True
    surnames = {a.split()[0].lower() for a in card.authors if a.split()}
    return any(name.lower() not in surnames for name in _ET_AL.findall(text))


def _reported_and_disputed(text: str, attributes: SentenceAttributes) -> bool:
    """ "Some posts say X cures ME, but the trial found no benefit": the sentence reports X in
    order to correct it. Not when the cause is asserted outside the reported words ("Rituximab
    works, whatever sceptics say") or the answer is itself a cause ("… but gut bacteria cause ME").

    Reported words that the sentence does not dispute are judged like the post's own: "Several
    headlines said the study showed that gut bacteria cause ME" passes the overstatement on to
    readers, and the annotation rules label it by its wording (on the 800 lay training posts,
    every such sentence whose gold label was known was labelled overstated; until 2026-12-02 a
    third-party speaker alone kept a sentence from being judged).

    Whether the sentence passes on someone else's words is the attribution head's reading; the
    attribution cue only says where the reported words start (the whole sentence when it finds
    no speech verb), so that the speaker and the answer can be told apart."""
    if not attributes.attributed:
        return False
    attribution = ATTRIBUTION.search(text)
    before = text[: attribution.start()] if attribution else ""
    after = text[attribution.end() :] if attribution else text
    contrast = CONTRAST.search(after)
    reported, answer = (after[: contrast.start()], after[contrast.end() :]) if contrast else (after, "")
    if not CAUSAL.search(reported):
        return False
    # The post's own claim comes after the "but", unless that answer is itself a denial ("yet
    # the trial found no benefit"): the negation head reads the whole sentence, whose reported
    # half is affirmative, so the negation cue says which half the "no" belongs to.
    if answer and CAUSAL.search(answer) and not (attributes.negated or NEGATION.search(answer)):
        return False
    # Disputed by what follows ("…, yet the trial found no benefit") or by how the speaker is
    # introduced ("Influencers wrongly claim …", "The myth that …").
    return bool(contrast or DISPUTE.search(_OPENING_CONNECTIVE.sub("", before)))


def _not_the_posts_claim(text: str, attributes: SentenceAttributes) -> bool:
    """Sentences that carry causal words without asserting them."""
    return bool(
        attributes.question
        or META.search(text)  # "this does not prove …": commentary on the evidence
        or NOT_SHOWN.search(text)
        or _reported_and_disputed(text, attributes)
    )


@dataclass(frozen=True, slots=True)
class ClaimFacts:
    """What the policy reads from a claim sentence."""

    # worded direct_causal: the strength head reads hedges ("may", "might") itself, and the
    # annotation rules rate a sentence by its causal wording, opinion markers ("I think", "the
    # study suggests") or not
    direct: bool
    finding: bool  # states a result (any strength but none: a design or count is no finding)
    about: About  # a treatment's effect, a cause / mechanism, or a finding / description
    told_as_history: bool  # "a paper reported … and was retracted"
    beyond: str | None  # the words that go beyond what any trial measures ("cures", "lasting")
    numbers_only: bool  # figures set side by side ("35% vs 26%") and nothing beyond them
    negated: bool  # "did not improve": a negative result
    reports_result: bool  # what happened in the trial, in the past tense, or numbers against placebo
    quotes_conclusion: bool  # "the review concluded …"


@dataclass(frozen=True, slots=True)
class CardFacts:
    """What the policy reads from the card the claim rests on."""

    kind: CardKind
    weak: bool  # evidence level E3-E5
    negative_result: bool  # the "Negative result" badge
    review: bool


def _attributes(claim: Claim) -> SentenceAttributes:
    if claim.attributes is None:
        raise ValueError(f"claim has no sentence attributes (the claim reader attaches them): {claim.text!r}")
    return claim.attributes


def claim_facts(claim: Claim) -> ClaimFacts:
    text, attributes = claim.text, _attributes(claim)
    beyond = BEYOND_MEASURED.search(text)
    return ClaimFacts(
        direct=claim.strength == "direct_causal",
        finding=claim.strength != "none",
        # The policy's two kinds: a treatment's effect, or anything else read as cause/mechanism
        # (a biomarker or prevalence sentence worded as direct cause asserts a cause too).
        about=_ABOUT[attributes.about],
        told_as_history=bool(HISTORY.search(text)),
        beyond=beyond.group(0) if beyond else None,
        numbers_only=compares_numbers(text) and not beyond,
        negated=attributes.negated,
        reports_result=bool(
            MEASURED.search(text) or (PAST_EFFECT.search(text) and not PRESENT_EFFECT.search(text))
        ),
        quotes_conclusion=bool(QUOTE_OF_STUDY.search(text)),
    )


def card_facts(card: AtlasCard) -> CardFacts:
    if _is_retracted(card):
        kind: CardKind = "retracted"
    elif _is_controlled(card):
        kind = "controlled_trial"
    elif _is_trial(card):
        kind = "uncontrolled_trial"
    else:
        kind = "no_treatment_tested"
    return CardFacts(
        kind=kind,
        weak=card.evidence_level in WEAK_LEVELS,
        negative_result="Negative result" in card.badges,
        review=_is_review(card),
    )


Reason = Callable[[ClaimFacts, AtlasCard], str]


@dataclass(frozen=True, slots=True)
class Rule:
    """One row of the policy: when it applies, the verdict, and the reason shown to readers."""

    name: str
    applies: Callable[[ClaimFacts, CardFacts], bool]
    overstated: bool
    reason: Reason | None = None


def _kind_phrase(c: ClaimFacts, card: AtlasCard) -> str:
    return f"Worded as cause and effect, but this was {_design_phrase(card)}: {_what_it_shows(card)}."


def _weak_trial(c: ClaimFacts, card: AtlasCard) -> str:
    label = f"{card.evidence_level} {card.evidence_label}".strip() if card.evidence_level else "weak"
    return (
        f"Worded as a proven effect, but this was {_design_phrase(card)} rated {label}; "
        "it needs a larger controlled trial before anyone can say the treatment works."
    )


_TRIAL = ("controlled_trial", "uncontrolled_trial")
# The about head's four labels (models/data/SOURCE.md) as the policy reads them: a biomarker
# finding and a prevalence figure or description both state what was seen.
_ABOUT: dict[str, About] = {
    "cause_mechanism": "cause",
    "treatment_efficacy": "treatment",
    "biomarker_finding": "finding",
    "prevalence_or_description": "finding",
}

# The overstatement policy, read top to bottom; the first row that applies decides. In words:
# a retracted finding told as fact is overstated at any strength (told as history it is not,
# and a description of the study's design or sample is no finding);
# otherwise only direct-causal wording can be overstated; a cause or mechanism
# asserted as fact outruns any single study (a trial tests a treatment, not a cause); a
# treatment's effect asserted as fact is overstated on a study that tested no treatment, beyond
# what a trial measured ("cures"), against a trial that found no benefit, or on a small,
# uncontrolled or unreplicated trial (E3-E5); an accurate report of a controlled trial's own
# result, or of its negative result, is not.
POLICY: tuple[Rule, ...] = (
    Rule(
        "retracted finding told as fact",
        lambda c, k: k.kind == "retracted" and c.finding and (c.direct or not c.told_as_history),
        True,
        lambda c, card: "Presented as fact, but this paper was retracted, so its finding no longer stands.",
    ),
    Rule("retracted finding told as history", lambda c, k: k.kind == "retracted", False),
    Rule("hedged, correlational or descriptive wording", lambda c, k: not c.direct, False),
    Rule("figures set side by side", lambda c, k: c.numbers_only, False),
    Rule(
        "a review's own conclusion on a treatment",
        lambda c, k: k.review and c.about == "treatment" and c.quotes_conclusion and not c.beyond,
        False,
    ),
    Rule(
        "treatment effect on a study that tested no treatment",
        lambda c, k: k.kind == "no_treatment_tested" and c.about == "treatment",
        True,
        lambda c, card: (
            f"Worded as a treatment effect, but this was {_design_phrase(card)} that tested no treatment."
        ),
    ),
    # "Patients had lower X", "there was no difference": a finding or a description states what
    # was seen, whatever verb it uses; only a cause or a treatment effect can outrun its study.
    Rule("a finding or a description, not a cause", lambda c, k: c.about == "finding", False),
    Rule("cause or mechanism as fact", lambda c, k: c.about == "cause", True, _kind_phrase),
    Rule(
        "more than the trial measured",
        lambda c, k: k.kind in _TRIAL and c.beyond is not None,
        True,
        lambda c, card: (
            f'Says more than the trial measured ("{c.beyond}"): it reported changes in '
            "symptom or test scores, not a cure or lasting recovery."
        ),
    ),
    Rule(
        "working, against a trial that found no benefit",
        lambda c, k: k.negative_result and not c.negated,
        True,
        lambda c, card: "Worded as if the treatment works, but this trial found no benefit over placebo.",
    ),
    Rule("the trial's own negative result", lambda c, k: c.negated, False),
    Rule(
        "an accurate report of a controlled trial's result",
        lambda c, k: k.kind == "controlled_trial" and c.reports_result,
        False,
    ),
    Rule(
        "a proven effect on a small or uncontrolled trial",
        lambda c, k: k.weak or k.kind != "controlled_trial",
        True,
        _weak_trial,
    ),
)


def _does_not_prove(card: AtlasCard) -> str:
    """The card's own "What this study does not prove", first sentence, for the reader."""
    text = (card.does_not_prove or "").strip()
    if not text:
        return ""
    first = re.split(r"(?<=[.!?])\s+", text, maxsplit=1)[0]
    return f' Its card says: "{first}"'


def decide(claim: Claim, card: AtlasCard) -> tuple[Rule | None, str | None]:
    """The policy row that decides this claim against this card, and the reason when overstated."""
    text = claim.text
    if _not_the_posts_claim(text, _attributes(claim)) or weakly_linked(text, card):
        return None, None
    facts, kind = claim_facts(claim), card_facts(card)
    for rule in POLICY:
        if rule.applies(facts, kind):
            if rule.overstated and rule.reason is not None:
                return rule, rule.reason(facts, card) + _does_not_prove(card)
            return rule, None
    return None, None


def _judge_card(claim: Claim, card: AtlasCard) -> str | None:
    """The reason this claim overstates this card, or None when it does not."""
    return decide(claim, card)[1]


def judge(claim: Claim, cards: Sequence[AtlasCard]) -> tuple[bool, str | None]:
    """(overstated?, reason) for a claim against the cards it cites."""
    for card in cards:
        reason = _judge_card(claim, card)
        if reason:
            return True, reason
    return False, None


def low_evidence(claim: Claim, cards: Sequence[AtlasCard]) -> str | None:
    """A note when every card the claim rests on is limited (E4) or very limited (E5) evidence."""
    if not cards or any(card.evidence_level not in ("E4", "E5") for card in cards):
        return None
    levels = ", ".join(
        sorted({f"{c.evidence_level} {c.evidence_label or ''}".strip() for c in cards if c.evidence_level})
    )
    designs = " and ".join(sorted({_design_phrase(c) for c in cards}))
    return f"Rests only on {levels} evidence ({designs}); read it as a lead, not a finding."
