"""Surface cues a head may read beside the encoder's tokens: inputs to a model, never a decision.

Why: a small head on frozen MiniLM states misses cues that are plain on the surface (a
question mark at the end, "did not", "the headline says"): on the lay sentences a frozen-state
head found questions with F1 0.75 where the question mark alone scores 0.99. The issue allows
a cue list to survive only as a model feature; here each cue is one 0/1 input that the head
weighs against what the encoder read, and the head, trained and cross-validated on the lay
sentences, makes the decision. The patterns are the ones the overstatement policy used to
decide with (none was taken from an evaluation post).

A head names its features in its ``<name>.json``; ``values`` computes them at training and at
run time from the same functions, so the two never drift apart.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence

_I = re.IGNORECASE

QUESTION_END = re.compile(r"\?[\"'”’)\]]*\s*$")
ANY_QUESTION_MARK = re.compile(r"\?")
NEGATION = re.compile(
    r"\b(?:not|no(?! (?:matter|doubt|question|wonder)\b)|didn't|doesn't|don't|failed to|ineffective|nothing|"
    r"neither|nor)\b|n't\b|n’t\b",
    _I,
)
ATTRIBUTION = re.compile(
    r"\b(?:say|says|said|saying|claim|claims|claimed|claiming|insist\w*|argu(?:e|es|ed|ing)|wrote|writes|"
    r"tell you|told|tells|promis\w*|swear|assert\w*|believe|believes)\b|"
    r"\b(?:read|hear|heard|seen|see) (?:that|it said|people say)\b|\bheadlines?\b|\brumou?rs?\b|"
    r"\b(?:the|a|this) (?:idea|notion|myth|claim|story|belief|narrative) that\b|"
    r"\bit is (?:often|widely) said\b",
    _I,
)
TREATMENT = re.compile(
    r"\b(?:works|worked|work for|cur(?:e|es|ed|ing)|effective|efficacy|improv\w*|helps?|helped|beat|beats|"
    r"treatments?|therapy|harm\w*|benefit\w*|recover\w*|restor\w*|revers\w*|fix|reduc\w*|cut|"
    r"first-line|prescrib\w*|taking|supplements?|drug|placebo)\b",
    _I,
)


def _cue(pattern: re.Pattern[str]) -> Callable[[str], float]:
    return lambda text: 1.0 if pattern.search(text) else 0.0


FEATURES: dict[str, Callable[[str], float]] = {
    "question_end": _cue(QUESTION_END),
    "question_mark": _cue(ANY_QUESTION_MARK),
    "negation_cue": _cue(NEGATION),
    "attribution_cue": _cue(ATTRIBUTION),
    "treatment_cue": _cue(TREATMENT),
}


def values(names: Sequence[str], texts: Sequence[str]) -> list[list[float]]:
    """One row of feature values per text, in the order of ``names``; an unknown name raises KeyError."""
    fns = [FEATURES[n] for n in names]
    return [[fn(text) for fn in fns] for text in texts]
