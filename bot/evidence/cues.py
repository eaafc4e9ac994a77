"""Wording cues the overstatement policy (``overstated.py``) reads beside a claim's strength.

These are what survives of the old phrase rules for claims and strength, which the fine-tuned
heads replaced after the lay-post cross-validation (``models/LAY_CV.md``). Nothing here decides
whether a sentence is a claim or how strong it is: the policy uses these lists only as features
of a claim the models already found and rated (a causal verb, a numeric comparison, commentary
on the evidence, a study's own words quoted). Hedges are the strength head's to read: a list of
them overruled its rating until 2026-12-02.
"""

from __future__ import annotations

import re


def _rx(*patterns: str) -> re.Pattern[str]:
    return re.compile("|".join(f"(?:{p})" for p in patterns), re.IGNORECASE)


CAUSAL = _rx(
    r"\bcaus(?:e|es|ed|ing|al)\b",
    r"\broot cause\b|\bthe reason (?:for|why)\b|\bdue to\b|\bbehind (?:it|this|the)\b",
    r"\btrigger(?:s|ed|ing)?\b",
    r"\bdriv(?:e|es|en|ing)\b(?! (?:to|home))",
    # (not "leads to follow up": clues to chase, the noun)
    r"(?<!\bas )(?<!\bnew )(?<!\bgood )\b(?:lead|leads|led|leading) to\b"
    r"(?! (?:follow|chase|pursue|explore|check))",
    r"(?<!\bthe )(?<!\ba )(?<!\btheir )\bresult(?:s|ed)? in\b",
    r"\bresponsible for\b|\bcontribut(?:e|es|ed|ing) to\b|\bplays? an? (?:\w+ )?(?:role|part)\b",
    r"\bunderl(?:ie|ies|ying|ay)\b|\bmediat(?:e|es|ed|ing)\b|\binduc(?:e|es|ed|ing)\b",
    r"\bcur(?:e|es|ed|ing)\b",
    r"\b(?:works?|worked|working) (?:for|on|in|wonders)\b",
    r"\b(?:works|worked)\b\s*(?:[.,;!]|$)",
    r"\b(?:do|does|did|doesn't|don't|didn't|never) (?:not )?(?:work|help)\b",
    r"\b(?:in)?effective\b|\befficacy\b|\buseless\b|\bpointless\b|\bwaste of (?:time|money)\b",
    r"\bimprov(?:e|es|ed|ing)\b",
    r"\b(?:prevent|restor|revers|fix|treat)(?:s|es|ed|ing|e)?\b(?! (?:group|arm))",
    # Verbs only: "lower symptom scores" and "reduced fatigue" are often comparisons.
    r"\b(?:raises|lowers|increases|decreases|reduces|boosts|cuts|calms|cut)\s+(?:the|their|your|our|his|her|"
    r"its|symptoms?|symptom|fatigue|pain|exercise)\b",
    r"\b(?:raise|lower|increase|decrease|reduce|boost|calm)\s+(?:the|their|your|our|his|her|its)\b",
    r"\b(?:raised|lowered|increased|decreased|reduced|boosted|cut|calmed)\s+(?:the|their|your|our|his|her|its)\b",
    # Verbs, not the nouns ("gut disruption", "impairment" name a difference, not what made it).
    r"\b(?:disrupt|damag|block|attack|impair|worsen|exacerbat|suppress|protect|stabilis|stabiliz)"
    r"(?:e|es|s|ed|ing)?\b",
    r"\bkeep(?:s|ing)?\b[^.;]{0,40}\b(?:on|going|active|alive|switched|inflamed|primed)\b",
    r"\bswitch(?:es|ed|ing)? (?:on|off)\b|\bturn(?:s|ed|ing)? (?:on|off)\b",
    r"\b(?:effects?|impact) on\b",
    r"\b(?:positive|negative|beneficial|protective|real|big) (?:effect|impact)\b",
    # "X affects Y", not "Americans are affected" (prevalence)
    r"\baffect(?:s|ing)?\b|(?<!are )(?<!is )(?<!were )(?<!was )(?<!be )\baffected\b",
    r"\b(?:beat|beats|outperform(?:s|ed)?)\b",
    r"\b(?:harmful|harmed|dangerous)\b",
    # "harms" the verb, with someone harmed; not "the evidence on serious harms" (the noun)
    r"\bharms?\b(?=\s+(?:patients|people|them|us|you|him|her|those|everyone|many|most|some|sufferers|"
    r"children|the|their|our|your|his|[\w-]+\s+(?:patients|people|sufferers)))",
    r"\b(?:do|does|did|doing|done)\s+(?:\w+\s+)?harm\b",
    r"\b(?:helps?|helped|helping)\b",
    r"\b(?:makes?|made|leaves?|left|puts?)\s+(?:\w+\s+){0,3}(?:worse|better|at risk)\b",
    r"\bdo(?:es)? nothing (?:for|to)\b",
    r"\brecover(?:ed|s|ing)?\b",
    r"\bexplain(?:s|ed)?\b(?!\s+(?:what|how|to)\b)",
    r"\bwhy\b",
    r"\binvolved in\b|\bis involved\b",
    r"\breflect(?:s|ed)?\b",
    r"\brespond(?:s|ed)? to\b",
    r"\bprove[sdn]?\b",
    r"\bno (?:significant )?benefit\b|\bbenefit (?:from|over)\b",
    r"\bfirst-line\b",
    r"\bis (?:what|the (?:main |real )?cause)\b",
)
# A number in digits or words ("12", "1,500", "twelve", "twenty-one").
NUMBER = (
    r"(?:\d[\d,]*(?:\.\d+)?|(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|"
    r"fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|sixty|seventy|"
    r"eighty|ninety)(?:-(?:one|two|three|four|five|six|seven|eight|nine))?)"
)
# Two quantities set against each other: "26% vs 35%", "10 of 15 ... against 2 of 15".
QUANTITY_TERM = (
    rf"(?:\b{NUMBER}\s*(?:%|percent|per cent)|\b{NUMBER}\s+(?:\w+\s+)?(?:of|out of|in)\s+{NUMBER}\b)"
)
_VERSUS = r"\b(?:vs\.?|versus|against|compared (?:with|to)|than|and|while|whereas|but)\b"
NUMERIC_COMPARISON = _rx(
    QUANTITY_TERM + r"[^.;]{0,80}?" + _VERSUS + r"[^.;]{0,40}?" + QUANTITY_TERM,
    rf"\b{NUMBER}\b[^.;]{{0,40}}{_VERSUS}[^.;]{{0,10}}\b{NUMBER}\b[^.;]{{0,30}}"
    r"\b(?:placebo|control|controls|sham|usual care|comparison)\b",
)

# "84 patients and 71 controls": the size of each group, which is design, not a result.
_GROUP_SIZE = _rx(
    rf"(?<!of )(?<!in )\b{NUMBER}\s+(?:[\w/()-]+\s+){{0,3}}(?:patients|adults|people|participants|controls|"
    r"subjects|children|volunteers|women|men|pairs|sites|centres|centers|studies|trials)\b",
)


def compares_numbers(sentence: str) -> bool:
    """Two quantities set side by side (group sizes aside): a comparison, not a cause."""
    return bool(NUMERIC_COMPARISON.search(_GROUP_SIZE.sub(" ", sentence)))


# Statements about what a study or article does NOT show: commentary on the evidence, not a
# claim about the illness ("it shows a difference rather than a cause", "this does not prove …").
META = _rx(
    r"\b(?:does|do|did|can|could|would|is|was)(?:n't|n’t| not|not)\s+(?:\w+\s+)?"
    r"(?:say|prove|mean|establish|tell us|claim|imply)\b",
    r"\b(?:does|do|did|can|could|would)(?:n't|n’t| not|not)\s+(?:\w+\s+)?(?:show|demonstrate|test)\s+"
    r"(?:that|whether|why|a caus\w*|caus\w*|it caus\w*|anything)\b",
    r"\b(?:rather than|not) (?:a |an |any )?(?:causation|causal link|proof)\b",
    # "it shows a difference rather than a cause" speaks of the evidence; "the gut is a
    # consequence, not a cause" asserts what causes what, and is judged as a cause.
    r"\b(?:associations?|correlations?|links?|differences?|markers?|signals?|patterns?|clues?|findings?)"
    r",? (?:rather than|not) (?:a |an |any )?cause\b",
    r"\bcorrelation (?:is not|isn't|isn’t|does not (?:equal|mean)|≠) causation\b",
    r"\bnot (?:proof|evidence) (?:of|that)\b|\bno proof (?:of|that)\b",
    r"\b(?:isn't|isn’t|is not|aren't|are not|wasn't|was not) (?:\w+ )?(?:proof|evidence)\b",
    r"\bnone of (?:this|that|it|these)\b[^.]*\b(?:proof|proves?|evidence|shows?|means?)\b",
)
STUDY = _rx(
    r"\b(?:study|studies|paper|papers|trial|trials|review|meta-analysis|pilot|reanalysis|analysis|"
    r"research|researchers|authors|investigators|cohort|abstract|findings?|results?|data|evidence|"
    r"committee|panel|report|guidelines?|consensus|institute)\b",
    r"\bet al\b|\band colleagues\b",
)
# The claim told as a study's own words: "the review concluded …", "according to the trial".
QUOTE_OF_STUDY = re.compile(
    r"(?:" + STUDY.pattern + r")[^.;:]{0,40}?\b(?:found|concluded|concludes|reported|reports|showed|"
    r"shows|says|said|estimated|demonstrated)\b|\baccording to (?:the|a|this|that)\b",
    re.IGNORECASE,
)
