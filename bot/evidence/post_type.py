"""What a post is for: reporting research, arguing a claim, telling one's own story, asking,
reporting on a treatment, campaigning, or nothing to do with the illness.

Why an ordered set of plain rules: the post type decides how the digest treats a post (a
research summary is quoted, a personal story is not turned into a claim), so a moderator must
be able to see why a post got its type. The rules look at the post's *purpose*, not at surface
marks: a question mark in a headline does not make a news item a question, a dose does not make
a post a treatment report, numbers do not make a rant research news. In order:

1. off topic: it says so, or nothing in it is about ME/CFS, long COVID or fibromyalgia;
2. advocacy: it asks readers to act (write, sign, call, submit, campaign, share);
3. question: it asks readers for information (not rhetorical "why won't they …?" questions);
4. treatment report: the writer's own use of a treatment runs through it;
5. lay claim, personal experience or research news, by how much of it is the writer asserting
   cause and effect, telling their own story, or relaying what studies found.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from bot.evidence.claims import FIRST_PERSON, ILLNESS, QUOTE_OF_STUDY, detect_claims
from bot.evidence.sentences import split_sentences
from bot.evidence.types import Citation, PostType


def _rx(*patterns: str) -> re.Pattern[str]:
    return re.compile("|".join(f"(?:{p})" for p in patterns), re.IGNORECASE)


OFF_TOPIC = _rx(
    r"\bwrong (?:sub|subreddit|forum|group|thread|board)\b",
    r"\bnot (?:ME|CFS|ME/CFS)[- ]related\b|\boff[- ]topic\b",
    r"\b(?:posted|post) (?:this )?here by mistake\b|\bmeant to post\b",
    r"\bfor sale\b|\bselling my\b|\bor nearest offer\b|\bcollection only\b",
    r"^\s*\[mod\]|\bweekly (?:chat|off-topic|social) thread\b|\brule reminder\b",
)
# Vocabulary of the illnesses this community is about (and of living with them). A post with
# none of it is off topic whatever its form: questions, citations and numbers included.
ILLNESS_WORDS = _rx(
    ILLNESS,
    r"\bmyalgic\b|\bencephalomyelitis\b|\bchronic fatigue\b|\bfibromyalgia\b|\bfibro\b|"
    r"\blong[- ]?covid\b|\bpost[- ]covid\b|\bpost[- ]viral\b|\bpost[- ]exertional\b|\bexertion intolerance\b",
    r"\bcrash(?:es|ed|ing)?\b|\bpacing\b|\bspoons?\b|\bspoonies?\b|\bhousebound\b|\bbedbound\b|"
    r"\benergy envelope\b|\bflare\b|\brelapse\w*\b|\bdysautonomia\b|\bchronically ill\b|\bbrain fog\b",
    r"\b(?:the|this|my|our|your|her|his|their) (?:illness|disease|condition)\b",
)
# Words of illness, medicine and living with it: a post that names no illness is still on topic
# when enough of these run through it (a diary of a bad week, a drug's trial results).
HEALTH_WORDS = _rx(
    r"\b(?:fatigue|exhaust\w*|pain|symptoms?|patients?|immune|infections?|vir(?:us|al)\w*|antibod\w*|"
    r"autoantibod\w*|cytokines?|mitochondria\w*|metabol\w*|placebo|infusions?|doses?|mg|diagnos\w*|GP|"
    r"doctors?|specialist|consultant|neurologist|cardiologist|rheumatologist|bed|wheelchair|ill|illness|"
    r"sick|tired|recover\w*|relapse|treatment|therapy|drug|trial|brain|blood|heart rate|orthostatic|"
    r"tilt|dizz\w*|nausea|migraines?|headaches?|muscles?|sleep|rest(?:ing)?|energy|carer|disability|"
    r"benefits|appointment|clinic|hospital|medication|supplements?|NK|[BT][- ]cells?|cells?|lab|"
    r"blood tests?|scans?|biomarkers?)\b",
)


def _on_topic(whole: str, citations: Sequence[Citation]) -> bool:
    """Named illness, or enough health words (one is enough in a first-person diary)."""
    if ILLNESS_WORDS.search(whole):
        return True
    health = len(HEALTH_WORDS.findall(whole))
    sentences = split_sentences(whole)
    diary = sum(1 for s in sentences if FIRST_PERSON.search(s)) * 2 >= len(sentences) > 0
    return health >= 3 or (health >= 1 and (bool(citations) or diary))


# The writer or their household: a carer's diary is told as "we" and "him".
NARRATOR = re.compile(FIRST_PERSON.pattern + r"|\b(?:we|We|us|our|Our)\b")
# Organisations speaking for patients: a campaign statement, whatever research it cites.
ORGANISATION_VOICE = _rx(
    r"\b(?:charity|charities|campaigners?|patient (?:groups?|organi[sz]ations?)|advocates|advocacy groups?)"
    r"\s+(?:\w+\s+){0,2}(?:welcome[sd]?|call(?:s|ed)? (?:for|on)|urge[sd]?|demand(?:s|ed)?|is asking|"
    r"are asking|has written|wrote to|statement)\b",
)
# Asking readers to do something: the purpose of a campaign post, whatever research it quotes.
CALL_TO_ACTION = _rx(
    r"\b(?:write|writing|email|e-mail|call|phone|contact|message|tweet|tag|lobby) (?:to )?"
    r"(?:your|my|the|our|local|congress\w*)\s*(?:local )?(?:MPs?|MSPs?|MEPs?|TDs?|senators?|"
    r"representatives?|reps?|congress\w*|councillors?|ministers?|government|health secretary|officials?)\b",
    r"\bwrite to congress\b|\b(?:open |template |draft |form )letter\b|\bletter[- ]writing\b",
    r"\bsign (?:the|our|this|my) (?:petition|letter|pledge)\b|\bpetition\b",
    r"\bcampaign\w*\b|\b(?:awareness|action) (?:day|week|month)\b",
    r"#\w*awareness\w*|#\w*(?:MEAction|MillionsMissing)\w*",
    r"\b(?:respond|responding|submit|submission|submissions) (?:to )?(?:the |this |a )?"
    r"(?:consultation|inquiry|call for evidence|survey)\b",
    r"\bsubmit (?:a |your |our )?(?:response|submission|evidence|comments?|story)\b|"
    r"\bconsultation (?:on|closes|ends|deadline)\b",
    r"\b(?:please|do) (?:share|sign|write|email|donate|respond|join|attend|retweet|spread the word)\b",
    r"\bjoin (?:us|the (?:protest|march|rally|vigil))\b|\b(?:protest|rally|vigil|lobby day)\b",
    r"\bask (?:them |your \w+ )?(?:for|to (?:fund|support|back))\b[^.]*\b(?:funding|research|support)\b",
    r"\bmake (?:your|our) voices? heard\b|\bdonate\b|\bfundrais\w*",
)
# Rhetorical questions argue rather than ask.
RHETORICAL = _rx(
    r"^(?:so )?why (?:is(?:n't| nobody| no one| it)|are(?:n't)?|won't|don't|doesn't|do|does|would|can't|"
    r"would(?:n't)?|has(?:n't)?|have(?:n't)?)\b",
    r"^how (?:is|are|can|could|dare)\b[^?]*\b(?:still|allowed|possible|anyone|they)\b",
    r"^how (?:many|much|long) more\b|\bbefore (?:they|anyone|someone) (?:listens?|acts?|cares?)\b",
    r"^(?:who|what) (?:else )?(?:cares|needs|more do)\b|^(?:isn't|aren't|doesn't) (?:it|this|that) obvious\b",
    r"\?\?|!\?|\?!",
)
# Asking for information or advice from readers.
ASKING = _rx(
    r"\b(?:anyone|anybody|someone|somebody|you guys|y'all|people here)\b",
    r"\b(?:should|can|could|do|did|would) (?:I|we)\b|\bis it (?:worth|safe|normal|readable|any good)\b",
    r"^(?:what|which|how|where|when|who|is|are|does|do|did|has|have|can|could|should|would|will|was|were|"
    r"or)\b",
    r"\b(?:recommend\w*|advice|tips?|thoughts|experiences?|explain|ELI5|eli5|any good|worth it|mean)\b",
)
# The writer's own use of a treatment: "I started LDN", "six months on 4.5 mg", "my infusions".
OWN_TREATMENT = _rx(
    r"\bI(?:'ve|’ve| have| had|'m|’m| am| was| also)?\s+(?:been\s+|now\s+|just\s+|finally\s+)?"
    r"(?:taking|took|take|started|begun|began|tried|trying|stopped|quit|titrat\w+|self-funded|"
    r"paid (?:privately )?for|using|used|"
    r"on (?:\d|a |low|high|the)|prescribed|switched to|increased|reduced|upped|dropped|finished|completed|"
    r"having|getting|had (?:\w+ )?(?:infusions?|sessions?|injections?|doses?))\b",
    r"\bmy (?:dose|doses|dosage|infusions?|sessions?|injections?|prescription|course|protocol|treatment)\b",
    r"\b(?:\d+|one|two|three|four|five|six|eight|nine|ten|twelve)[- ](?:days?|weeks?|months?|years?) "
    r"(?:on|of|into|in on|after starting)\b",
    r"\b\d+(?:\.\d+)?\s?(?:mg|mcg|µg|ml|iu)\b",
    r"\bside effects?\b",
    r"^(?:\w+ )?(?:days?|weeks?|months?) in\b",
    r"\b(?:twice|once|three times)[- ](?:a[- ]|per[- ])?(?:day|week)\b|\btwice-weekly\b",
    r"\bI(?:'m|’m| am)\b[^.]{0,50}\bgetting\b",
    r"^(?:self-funded|privately funded|paid privately|stopped|started|quit)\b",
    r"\b(?:\d+|one|two|three|four|five|six|seven|eight|nine|ten|twelve)\s+"
    r"(?:sessions|infusions|injections|doses|treatments|rounds|cycles)\b",
)
TREATMENT_TITLE = _rx(
    r"\b(?:\d+|one|two|three|four|five|six|nine|twelve)[- ](?:day|week|month|year)s?\b[^.]*"
    r"\b(?:update|report|in|on|later)\b",
    r"\bweek \d+\b|\bmonth \d+\b|\bmy (?:\w+ )?(?:story|experience|trial|journey)\b|\bupdate\b",
    r"^(?:tried|trying|started|stopped|taking|took|finished|had|got|did)\b",
)
RHETORIC = _rx(
    r"!",
    r"\bfull stop\b|\bend of (?:discussion|story)\b|\bthat settles it\b|\bfinally proof\b|\bwake up\b",
    r"\bproves?\b|\bclearly\b|\bliterally\b|\bobviously\b|\bbasically\b",
    r"\bcomplete(?:ly)? (?:nonsense|rubbish)\b|\beveryone should\b|\bnobody (?:tells|talks|wants)\b",
    r"\bthey don't want you\b|\bwhy (?:isn't|won't|is nobody)\b",
    r"\ball in (?:our|your|my) heads?\b|\bgaslight\w*",
)
# "CAUSE", "PROOF" (but not the acronyms of the field)
SHOUTING = re.compile(
    r"\b(?!PMID|PMCID|NIH|FDA|NHS|CFS|SEID|XMRV|CPET|PACE|NICE|CDC|COVID|HTTPS?)[A-Z]{4,}\b"
)
RESEARCH = _rx(
    r"\b(?:stud(?:y|ies)|papers?|trials?|reviews?|meta-analys[ie]s|researchers|authors|published|journal|"
    r"abstract|summary|findings|cohorts?|participants|et al|preprint|doi)\b",
)


@dataclass(frozen=True, slots=True)
class _Profile:
    """The handful of measurements the rules look at."""

    sentences: int
    asking: int  # questions in the body that ask readers for something
    title_asking: bool
    rhetorical: int  # questions that argue
    first_person: int
    own_treatment: int
    claims: int
    own_claims: int  # unhedged cause/efficacy assertions in the writer's own voice
    reported: int  # claims told as what a study found
    rhetoric: int
    research: int


def _own_voice(text: str) -> bool:
    return not QUOTE_OF_STUDY.search(text) or bool(RHETORIC.search(text))


def _profile(title: str, text: str) -> _Profile:
    whole = f"{title}\n{text}"
    sentences = split_sentences(text)

    def is_question(s: str) -> bool:
        return s.rstrip("\"'”’)]").endswith("?")

    questions = [s for s in sentences if is_question(s)]
    title_qs = [s for s in split_sentences(title) if is_question(s)]
    rhetorical = [q for q in questions + title_qs if RHETORICAL.search(q)]
    first = [s for s in sentences if NARRATOR.search(s)]
    # The title counts as one more sentence of the writer's own: "Nose stimulation cures ME".
    claims = [c for c in detect_claims(f"{title.strip()}\n{text}") if not FIRST_PERSON.search(c.text)]
    direct = [c for c in claims if c.strength == "direct_causal"]
    return _Profile(
        sentences=len(sentences),
        asking=sum(1 for q in questions if q not in rhetorical and ASKING.search(q)),
        title_asking=any(q not in rhetorical and ASKING.search(q) for q in title_qs),
        rhetorical=len(rhetorical),
        first_person=len(first),
        own_treatment=sum(1 for s in sentences if OWN_TREATMENT.search(s) and not QUOTE_OF_STUDY.search(s)),
        claims=len(claims),
        own_claims=sum(1 for c in direct if _own_voice(c.text)),
        reported=sum(1 for c in claims if QUOTE_OF_STUDY.search(c.text)),
        rhetoric=len(RHETORIC.findall(whole)) + len(SHOUTING.findall(whole)) + len(rhetorical),
        research=len(RESEARCH.findall(whole)),
    )


def classify_post(title: str, text: str, citations: Sequence[Citation] = ()) -> PostType:
    """The post's purpose, one of ``bot.evidence.types.POST_TYPES``."""
    whole = f"{title}\n{text}"
    if OFF_TOPIC.search(whole) or not _on_topic(whole, citations):
        return "off_topic"
    if CALL_TO_ACTION.search(whole) or ORGANISATION_VOICE.search(whole):
        return "advocacy"
    p = _profile(title, text)
    arguing = p.own_claims >= 2 or (p.own_claims >= 1 and p.rhetoric >= 1)
    # A headline ending in "?" over a third-person report is news; asking needs the writer to
    # ask in the body, or to ask in the title about something of their own.
    # One closing question under a summary of several findings does not make the post a question.
    summary = p.claims >= 3 and p.asking <= 1
    if not arguing and not summary and (p.asking or (p.title_asking and p.first_person)):
        return "question"
    narrative = p.first_person * 3 >= p.sentences > 0
    # The writer's own use of a treatment runs through the post (diary style drops the "I").
    treatment_title = bool(TREATMENT_TITLE.search(title.strip()))
    own_use = p.own_treatment >= 2 or (p.own_treatment >= 1 and treatment_title)
    if p.first_person and own_use and not arguing:
        return "treatment_report"
    if arguing and (p.rhetoric >= 1 or p.own_claims > p.reported):
        return "lay_claim"
    if narrative and (p.first_person >= 2 or not p.reported):
        return "personal_experience"
    if arguing or (p.rhetorical and p.own_claims):
        return "lay_claim"
    if p.research or citations or p.reported:
        return "research_news"
    return "personal_experience" if p.first_person else "lay_claim"
