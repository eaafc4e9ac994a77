"""What a post is for: reporting research, arguing a claim, telling one's own story, asking,
reporting on a treatment, campaigning, or nothing to do with the illness.

Why an ordered set of plain rules: the post type decides how the digest treats a post (a
research summary is quoted, a personal story is not turned into a claim), so a moderator must
be able to see why a post got its type. The rules run from the most explicit signals (a post
that says it is off topic or asks readers to write to their MP) to the most diffuse (how much
of it is first-person narrative, how strongly it asserts cause and effect).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from bot.evidence.claims import FIRST_PERSON, TOPIC, detect_claims
from bot.evidence.sentences import split_sentences
from bot.evidence.types import Citation, PostType


def _rx(*patterns: str) -> re.Pattern[str]:
    return re.compile("|".join(f"(?:{p})" for p in patterns), re.IGNORECASE)


OFF_TOPIC = _rx(
    r"\bwrong (?:sub|forum|group|thread)\b",
    r"\bnot (?:ME|CFS|ME/CFS)[- ]related\b",
    r"\b(?:posted|post) (?:this )?here by mistake\b|\bmeant to post\b",
    r"\bfor sale\b|\bselling my\b|\bor nearest offer\b|\bcollection only\b",
    r"^\s*\[mod\]|\bweekly chat thread\b|\brule reminder\b",
)
ADVOCACY = _rx(
    r"\bwrite to (?:your|my|the) (?:MP|MPs|senator|congress\w*|representatives?|MEP|minister)\b",
    r"\bwrite to congress\b|\bletter to (?:my|your|the) (?:MP|senator|representative|minister)\b",
    r"\bcall your (?:representatives?|senators?|MPs?)\b",
    r"^\s*dear \[?(?:MP|senator|minister|representative)",
    r"\bpetition\b|\bcampaign\b|\bawareness ?day\b|#\w*awareness\w*",
    r"\b(?:press|ask|lobby) (?:you |them )?(?:to press )?for\b[^.]*\bfunding\b",
    r"\bcharity (?:welcomes|has welcomed|is asking|calls)\b",
    r"\bplease share\b|\btemplate letter\b",
)
TREATMENT_TITLE = _rx(
    r"\b(?:\d+|one|two|three|six|nine)[- ](?:day|week|month|year)s?\b[^.]*\b(?:update|report|in|on)\b",
    r"\bweek \d+\b|\bmonth \d+\b|\bmy experience\b|\bmy \w+ story\b",
    r"^(?:tried|trying|started|stopped|had|taking|took)\b",
)
TREATMENT_WORDS = _rx(
    r"\b(?:mg|dose|doses|dosing|infusions?|sessions?|titrat\w+|side effects?|tablets?|capsules?|"
    r"supplements?|took|taking|tried|trying|started|stopped|prescribed|treatment|therapy|protocol|"
    r"pacing|self-funded|paid privately)\b",
)
RHETORIC = _rx(
    r"!{1,}",
    r"\bfull stop\b|\bend of (?:discussion|story)\b|\bthat settles it\b|\bfinally proof\b",
    r"\bproves?\b|\bclearly\b|\bliterally\b|\bconfirmed\b",
    r"\beveryone should\b|\bwhy (?:isn't|won't|is nobody|aren't|don't)\b",
)
# A study's own voice ("the researchers concluded", "did not improve"): reported, not argued.
REPORTED = re.compile(
    r"\b(?:not|no|didn't|did not|doesn't|researchers|authors|concluded)\b",
    re.IGNORECASE,
)
SHOUTING = re.compile(r"\b(?!PMID|PMCID|NIH|FDA|NHS|CFS|SEID|XMRV|CPET|PACE)[A-Z]{4,}\b")  # "CAUSE", "PROOF"
RESEARCH = _rx(
    r"\b(?:stud(?:y|ies)|papers?|trials?|reviews?|meta-analys[ie]s|researchers|authors|published|journal|"
    r"abstract|summary|findings|cohorts?|participants|et al)\b",
)
QUESTION_START = _rx(r"^(?:why|how|what|which|is|are|does|do|did|can|could|has|have|anyone|should)\b")


@dataclass(frozen=True, slots=True)
class _Profile:
    """The handful of measurements the rules look at."""

    sentences: int
    questions: int
    first_person: int
    treatment_first_person: int
    direct_claims: int  # unhedged cause/efficacy assertions in the writer's own voice
    rhetoric: int
    research: int
    topical: bool


def _profile(title: str, text: str) -> _Profile:
    whole = f"{title}\n{text}"
    sentences = split_sentences(text)
    first = [s for s in sentences if FIRST_PERSON.search(s)]
    # The title counts as one more sentence of the writer's own: "Nose stimulation cures ME".
    claims = [c for c in detect_claims(f"{title.strip()}\n{text}") if not FIRST_PERSON.search(c.text)]
    return _Profile(
        sentences=len(sentences),
        questions=sum(1 for s in sentences if s.rstrip("\"'”’)]").endswith("?")),
        first_person=len(first),
        treatment_first_person=sum(1 for s in first if TREATMENT_WORDS.search(s)),
        direct_claims=sum(1 for c in claims if c.strength == "direct_causal" and not REPORTED.search(c.text)),
        rhetoric=len(RHETORIC.findall(whole)) + len(SHOUTING.findall(whole)),
        research=len(RESEARCH.findall(whole)),
        topical=bool(TOPIC.search(title) or TOPIC.search(text)),
    )


def _is_question_title(title: str) -> bool:
    stripped = title.strip()
    return stripped.endswith("?") or bool(QUESTION_START.search(stripped) and "?" in stripped)


def classify_post(title: str, text: str, citations: Sequence[Citation] = ()) -> PostType:
    """The post's purpose, one of ``bot.evidence.types.POST_TYPES``."""
    whole = f"{title}\n{text}"
    if OFF_TOPIC.search(whole):
        return "off_topic"
    if ADVOCACY.search(whole):
        return "advocacy"
    p = _profile(title, text)
    narrative = p.first_person * 3 >= p.sentences > 0
    if not p.topical and not citations:
        # A community member's diary needs no medical words to belong here; anything else does.
        return "personal_experience" if narrative else "off_topic"
    if _is_question_title(title) and p.direct_claims <= 1:
        return "question"
    if p.sentences and p.questions >= 2 and p.questions * 3 >= p.sentences:
        return "question"
    if TREATMENT_TITLE.search(title.strip()) or (narrative and p.treatment_first_person >= 3):
        return "treatment_report"
    strong_claims = p.direct_claims >= 2 or (p.direct_claims >= 1 and p.rhetoric >= 1)
    if strong_claims and p.rhetoric >= 1:
        return "lay_claim"
    if narrative and p.first_person >= 3:
        return "personal_experience"
    if strong_claims:
        return "lay_claim"
    if p.research or citations:
        return "research_news"
    return "personal_experience" if p.first_person else "lay_claim"
