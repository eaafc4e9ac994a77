"""Find the sentences of a post that make claims, and how strongly each is worded.

A claim is a sentence asserting something general about the illness (causes, mechanisms,
biomarkers, prevalence, treatments) or about what a study found. Not claims: questions,
greetings, calls to action, personal diaries and one-person treatment outcomes.

Why cue lists rather than a learned model for *detection*: the only labelled examples of lay
claims are the 60 dev posts we report figures on, so anything learned from them would be
graded on its own homework. The cues below are plain language a moderator can read and
argue with. Strength follows Yu et al.'s scheme for causal language: ``direct_causal``
(unhedged cause/effect or efficacy), ``conditional_causal`` (the same with a hedge),
``correlational`` (association, difference, comparison) and ``none``.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from bot.evidence.sentences import sentence_spans
from bot.evidence.types import Claim, Strength


def _rx(*patterns: str) -> re.Pattern[str]:
    return re.compile("|".join(f"(?:{p})" for p in patterns), re.IGNORECASE)


# --- strength cues -------------------------------------------------------------------------

HEDGE = _rx(
    r"\b(?:may|might|could|possibly|perhaps|probably|likely|potentially|maybe)\b",
    r"\bcan\b(?!'t|not)",
    r"\b(?:seems?|seemed|appears?|appeared)\s+to\b",
    r"\bsuggest(?:s|ed|ing)?\b",
    r"\bin my (?:opinion|view|experience)\b",
    r"\bmy (?:own )?(?:guess|hunch|theory|feeling)\b",
    r"\bI (?:think|believe|suspect|reckon)\b",
    r"\b(?:think|thinks|believe|believes) (?:this|that|it)\b",
    r"\bhypothes[ie]s\w*",
)

CAUSAL = _rx(
    r"\bcaus(?:e|es|ed|ing|al)\b",
    r"\broot cause\b",
    r"\btrigger(?:s|ed|ing)?\b",
    r"\bdriv(?:e|es|en|ing)\b(?! (?:to|home))",
    r"\b(?:lead|leads|led|leading) to\b",
    r"\bresult(?:s|ed)? in\b",
    r"\bresponsible for\b",
    r"\bcur(?:e|es|ed|ing)\b",
    r"\b(?:works?|worked|working) (?:for|on|in)\b",
    r"\b(?:works|worked)\b\s*(?:[.,;!]|$)",
    r"\b(?:in)?effective\b",
    r"\befficacy\b",
    r"\bimprov(?:e|es|ed|ing)\b",
    r"\b(?:prevent|restor|revers|fix|treat)(?:s|es|ed|ing|e)?\b(?! (?:group|arm))",
    r"\b(?:raise[sd]?|lower(?:s|ed)?|increase[sd]?|decrease[sd]?|reduce[sd]?|boost(?:s|ed)?|cut|calm(?:s|ed)?)"
    r"\s+(?:the|their|your|our|his|her|its|symptoms?|fatigue|pain|exercise)\b",
    r"\b(?:beat|beats|outperform(?:s|ed)?)\b",
    r"\b(?:harmful|harms?|harmed|dangerous)\b",
    r"\b(?:helps?|helped|helping)\b",
    r"\b(?:makes?|made|leaves?|left|puts?)\s+(?:\w+\s+){0,3}(?:worse|better|at risk)\b",
    r"\bdo(?:es)? nothing for\b",
    r"\brecover(?:y|ed|s)?\b(?! rates?)",
    r"\bexplain(?:s|ed)?\b",
    r"\bwhy\b",
    r"\binvolved in\b|\bis involved\b",
    r"\breflect(?:s|ed)?\b",
    r"\brespond(?:s|ed)? to\b",
    r"\bprove[sdn]?\b",
    r"\bno (?:significant )?benefit\b|\bbenefit (?:from|over)\b",
    r"\bfirst-line\b",
    r"\bis (?:what|the (?:main |real )?cause)\b",
)
# Phrases that contain a causal word without claiming cause or efficacy.
NOT_CAUSAL = _rx(
    r"\bhow (?:it|they|this|that) works?\b",
    r"\b(?:does not|doesn't|do not|don't|did not|didn't) say\b[^.]*\bcause",
    r"\bcause for (?:concern|hope)\b",
)
# "10 of 15 improved": a count of people who got better is an outcome comparison, not a
# statement that the treatment did it.
COUNT_IMPROVED = _rx(r"\b\d+\s+(?:of|out of|in)\s+\d+\b[^.;]*?\bimprov\w*")

ASSOCIATION = _rx(
    r"\bassociat(?:ed|ion|ions)\b",
    r"\blink(?:s|ed)?\b(?! to (?:the|a) (?:paper|study|article))",
    r"\bcorrelat\w*",
    r"\b(?:went|go|goes|going) (?:along )?with\b",
    r"\b(?:tracked|tracks|lined up with|went up|go up|goes up|rose|fell|dropped)\b",
    r"\b(?:higher|lower|greater|fewer|more|less|smaller|larger|increased|decreased|elevated|reduced|raised)"
    r"\b",
    r"\bdiffer(?:s|ed|ent|ence|ences)?\b",
    r"\bcompared (?:with|to)\b|\bvs\.?\b|\bversus\b|\bthan\b",
    r"\b(?:found|find|finds|detected|observed|showed|shows|reported|report)\b",
    r"\b(?:missing|lost|scarce|depleted|abnormal|altered|normalis\w+|normaliz\w+|inconsistent)\b",
    r"\b(?:is|are|was|were)\s+(?:\w+\s+)?(?:low|high|up|down)\b",
    r"\b(?:pattern|replicat\w*|same result|evidence of|marker|signature)\b",
)


def cue_strength(sentence: str) -> Strength:
    """Strength of one sentence by its wording alone."""
    causal = bool(CAUSAL.search(NOT_CAUSAL.sub(" ", sentence)))
    if causal and COUNT_IMPROVED.search(sentence):
        stripped = COUNT_IMPROVED.sub(" ", sentence)
        causal = bool(CAUSAL.search(NOT_CAUSAL.sub(" ", stripped)))
    if causal:
        return "conditional_causal" if HEDGE.search(sentence) else "direct_causal"
    if ASSOCIATION.search(sentence):
        return "correlational"
    return "none"


# --- is it a claim? -------------------------------------------------------------------------

QUESTION = re.compile(r"\?[\"'”’)\]]*\s*$")
# Calls to action, greetings and sign-offs, at the start of a sentence.
NOT_A_CLAIM_START = _rx(
    r"^(?:please|call|write|ask|share|sign|email|e-mail|contact|join|donate|tell|talk|follow|check|"
    r"let's|don't|do not|remember|read|believe|support|dear|yours|thanks?|thank you|welcome|"
    r"sending|hugs|happy to|will (?:update|see|report)|just venting|cheers|edit:|update:|tl;?dr:?$)\b",
    r"^if you\b",
    r"^(?:mods?|admins?)\b",
)
FIRST_PERSON = re.compile(r"\b(?:I|I'm|I've|I'd|I'll|me|my|myself)\b|\bI’[a-z]+\b")
OPINION = _rx(
    r"\bin my (?:opinion|view)\b",
    r"\bmy (?:own )?(?:guess|hunch|theory|feeling|take) is\b",
    r"\bI (?:think|believe|suspect|reckon) (?:that )?\b",
)
STUDY = _rx(
    r"\b(?:study|studies|paper|papers|trial|trials|review|meta-analysis|pilot|reanalysis|analysis|"
    r"research|researchers|authors|investigators|cohort|abstract|findings?|results?|data|evidence)\b",
    r"\bet al\b|\band colleagues\b",
)
# A study's finding being reported ("found", "showed"), not "I found the paper".
FINDING = re.compile(
    r"(?<!\bI )(?<!\bI’)\b(?:found|finds|showed|showing|shows|reported|reports|report|concluded|conclude|"
    r"concludes|estimated|estimates|estimate|demonstrated|suggests|suggest|says|said|notes|"
    r"proves|confirmed|where)\b",
    re.IGNORECASE,
)
TOPIC = _rx(
    r"\bME\b|\bCFS\b|\bME/CFS\b|\bSEID\b|\bPEM\b|\bfibro\w*|\blong covid\b|\bpost-exertional\b",
    r"\b(?:patients?|controls?|placebo|participants?|adults|people|subjects|cohorts?|volunteers)\b",
    r"\b(?:disease|illness|condition|syndrome|symptoms?|severity|fatigue|pain|brain fog|crash\w*)\b",
    r"\b(?:immune|inflammat\w*|cytokines?|antibod\w*|autoantibod\w*|B[- ]cells?|T[- ]cells?|NK|virus\w*|"
    r"retrovirus|infection|microb\w*|gut|bacteri\w*|butyrate|metabol\w*|mitochondria\w*|brain|blood|"
    r"plasma|biomarkers?|receptors?|genes?|muscles?)\b",
    r"\b(?:treatment|therapy|drug|dose|trial|exercise|GET|CBT|pacing|rituximab|supplements?)\b",
)
# "About a quarter of us", "67% of patients", "17 patients": prevalence and study size.
QUANTITY = _rx(
    r"\b\d[\d,.]*\s*%",
    r"\b(?:a|one) (?:third|quarter|half|fifth)\b|\bmost (?:of|patients|people)\b|\bmajority\b",
    r"\b\d[\d,.]*\s+(?:million|thousand)\b",
    r"\b\d[\d,]*\s+(?:\w+\s+){0,2}(?:patients|adults|people|participants|controls|subjects|children)\b",
)


def is_claim(sentence: str) -> bool:
    """Whether a sentence asserts something general enough to check against evidence."""
    words = re.findall(r"[^\W\d_][\w'’-]*", sentence)
    if len(words) < 3 or QUESTION.search(sentence) or NOT_A_CLAIM_START.search(sentence.strip()):
        return False
    has_relation = cue_strength(sentence) != "none"
    if FIRST_PERSON.search(sentence):
        # Personal narrative, unless the writer generalises ("in my opinion X helps") or
        # reports what a study found ("the trial in 2019 found no benefit").
        return (bool(OPINION.search(sentence)) and has_relation) or (
            bool(STUDY.search(sentence)) and bool(FINDING.search(sentence))
        )
    if not TOPIC.search(sentence):
        return False
    return (
        has_relation
        or bool(QUANTITY.search(sentence))
        or bool(STUDY.search(sentence) and FINDING.search(sentence))
    )


StrengthFn = Callable[[str], Strength]


def detect_claims(text: str, strength: StrengthFn | None = None) -> list[Claim]:
    """Claims in ``text`` in order, each with its exact span and its strength.

    ``strength`` replaces the cue-based wording rules (e.g. with a trained classifier);
    cites and overstated are filled in later, once citations are matched to cards.
    """
    rate = strength or cue_strength
    claims: list[Claim] = []
    for start, end in sentence_spans(text):
        sentence = text[start:end]
        if is_claim(sentence):
            claims.append(Claim(text=sentence, span=(start, end), strength=rate(sentence)))
    return claims
