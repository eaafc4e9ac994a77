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

from bot.evidence.sentences import quoted_ranges, sentence_spans
from bot.evidence.types import Claim, Strength


def _rx(*patterns: str) -> re.Pattern[str]:
    return re.compile("|".join(f"(?:{p})" for p in patterns), re.IGNORECASE)


# --- strength cues -------------------------------------------------------------------------

HEDGE = _rx(
    r"\b(?:may|might|could|possibly|perhaps|probably|likely|unlikely|potentially|maybe|presumably|"
    r"plausibl[ey]|arguably)\b",
    r"\bcan\b(?!'t|not)",
    r"\b(?:seems?|seemed|appears?|appeared)\s+to\b",
    r"\bsuggest(?:s|ed|ing)?\b",
    r"\bin my (?:opinion|view|experience)\b",
    r"\bmy (?:own )?(?:guess|hunch|theory|feeling|suspicion|bet|money)\b",
    r"\bI (?:think|believe|suspect|reckon|guess|wonder|feel)\b|\bI'd (?:guess|bet|say)\b",
    r"\b(?:would|should) (?:explain|help|account|make)\b",
    r"\b(?:think|thinks|believe|believes) (?:this|that|it)\b",
    r"\bhypothes[ie]s\w*",
)

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
# Phrases that contain a causal word without claiming cause or efficacy.
NOT_CAUSAL = _rx(
    r"\bhow (?:it|they|this|that) works?\b",
    r"\b(?:does not|doesn't|do not|don't|did not|didn't) say\b[^.]*\bcause",
    r"\bcause for (?:concern|hope)\b",
    r"\bcan(?:'t| ?not)? (?:tell|say|see|read|find|get|access|afford|remember|imagine)\b",
    r"\bit (?:helps?|helped) (?:me )?to (?:see|know|read|hear|understand|talk)\b",
)
# A number in digits or words ("12", "1,500", "twelve", "twenty-one").
NUMBER = (
    r"(?:\d[\d,]*(?:\.\d+)?|(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|"
    r"fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|sixty|seventy|"
    r"eighty|ninety)(?:-(?:one|two|three|four|five|six|seven|eight|nine))?)"
)
# A modal hedge in front of a verb ("may keep", "could disrupt", "might help"): hedged cause
# in Yu et al.'s scheme, whatever the verb, unless the verb only states an association.
MODAL_VERB = _rx(
    r"\b(?:may|might|could|can|probably|possibly|likely)\s+(?:also\s+|well\s+|partly\s+|even\s+|still\s+)?"
    r"(?!be\b|not\b|never\b|have\s+been\b|not\s+be\b|correlat|associat|link|differ|vary|go\s+with|reflect)[a-z]{3,}\b",
)
# People or a count as the subject of an outcome verb ("10 of 15 improved", "most participants
# recovered", "patients improved after receiving X"): who got better, not what made them.
OUTCOME_OF_PEOPLE = _rx(
    rf"\b(?:{NUMBER}\s*%?|{NUMBER}\s+(?:of|out of|in)\s+{NUMBER}|half|most|many|some|few|several|none|"
    r"patients|participants|people|subjects|responders|those)\b[^.;]{0,50}?"
    r"\b(?:improv\w*|recover\w*|respond\w*|got better|got worse|worsened|deteriorated)",
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

RESULT = _rx(
    r"\bassociat(?:ed|ion|ions)\b",
    r"\blink(?:s|ed)?\b(?! to (?:the|a) (?:paper|study|article))",
    r"\bcorrelat\w*",
    r"\b(?:went|go|goes|going) (?:along )?with\b",
    r"\b(?:tracked|tracks|lined up with|went up|go up|goes up|rose|fell|dropped)\b",
    r"\b(?:higher|lower|greater|fewer|more|less|smaller|larger|increased|decreased|elevated|reduced|raised)"
    r"\b",
    r"\bdiffer(?:s|ed|ent|ence|ences)?\b",
    r"\bvs\.?\b|\bversus\b|\bthan\b",
    r"\b(?:found|find|finds|detected|observed|showed|shows|reported|report)\b",
    r"\b(?:missing|lost|scarce|depleted|abnormal|altered|normalis\w+|normaliz\w+|inconsistent)\b",
    r"\b(?:is|are|was|were)\s+(?:\w+\s+)?(?:low|high|up|down)\b",
    r"\b(?:pattern|replicat\w*|same result|evidence of|marker|signature)\b",
)
ASSOCIATION = _rx(RESULT.pattern, r"\bcompared (?:with|to)\b")
# How a study was run: who took part, what they received, how long they were followed.
DESIGN_VERB = _rx(
    r"\b(?:enrol+(?:ed|s)?|recruit(?:ed|s)?|randomi[sz]ed|allocated|assigned|followed|included|"
    r"(?:were|was) (?:given|offered|tested|measured|scanned)|received|took part|participated|"
    r"took (?:blood|samples?|stool|biopsies)|measured|sampled|screened|surveyed|interviewed)\b",
    r"\b(?:study|trial|cohort|sample|review|analysis) "
    r"(?:had|has|involved|included|covered|looked at|pooled)\b",
)
DESIGN = _rx(
    DESIGN_VERB.pattern,
    r"\b(?:had|with|of|from|in) \d[\d,]*\s+(?:\w+\s+){0,2}(?:patients|adults|people|participants|controls|"
    r"subjects|children|volunteers|studies|trials)\b",
)


# "84 patients and 71 controls": the size of each group, which is design, not a result.
_GROUP_SIZE = _rx(
    rf"(?<!of )(?<!in )\b{NUMBER}\s+(?:[\w/()-]+\s+){{0,3}}(?:patients|adults|people|participants|controls|"
    r"subjects|children|volunteers|women|men|pairs|sites|centres|centers|studies|trials)\b",
)


def compares_numbers(sentence: str) -> bool:
    """Two quantities set side by side (group sizes aside): a comparison, not a cause."""
    return bool(NUMERIC_COMPARISON.search(_GROUP_SIZE.sub(" ", sentence)))


_HAS_NUMBER = _rx(rf"\b{NUMBER}\b")


def _without_outcome_counts(sentence: str) -> str:
    """Drop "10 of 15 improved"-style outcomes so only causal wording about the treatment counts."""
    if OUTCOME_OF_PEOPLE.search(sentence) and (
        NUMERIC_COMPARISON.search(sentence) or _HAS_NUMBER.search(sentence)
    ):
        return OUTCOME_OF_PEOPLE.sub(" ", sentence)
    return sentence


# --- causal words that assert nothing ------------------------------------------------------
# A causal -ing form right after a noun describes that noun ("symptoms affecting many organs",
# "a virus triggering outbreak data set"): a reduced relative clause, not a finite verb.
_PARTICIPLE = re.compile(
    r"(?<!\bis )(?<!\bare )(?<!\bwas )(?<!\bwere )(?<!\bbe )(?<!\bbeen )(?<!\bkeeps )(?<!\bkeep )"
    r"(?<!\bkept )(?<!\bby )(?<!\bof )(?<!\bfrom )(?<!\bnot )(?<!\bstop )(?<!\bstarts )(?<!\bstart )"
    r"(?<=[a-z] )(?:affecting|involving|triggering|causing|driving|inducing|mediating|damaging|"
    r"impairing|improving|harming)\b",
    re.IGNORECASE,
)
# A document or people describing content ("It lists …", "The review covers …", "The paper
# describes …"): the object is what the text is about, not something the post asserts.
_DESCRIBES = re.compile(
    r"^(?:it|this|that|they|(?:the|this|that|its|their|a|an|our)\s+(?:\w+\s+){0,3}?(?:paper|study|review|article|report|guideline|"
    r"guidance|document|criteria|definition|book|chapter|page|website|site|leaflet|survey|authors?|"
    r"team|list|section|abstract|piece|post|thread))\s+(?:also\s+)?"
    r"(?:lists|listed|covers|covered|describes|described|outlines|outlined|summari[sz]es|discusses|"
    r"discussed|mentions|mentioned|catalogues|details|includes|included|looks at|looked at|"
    r"reviews|reviewed|examines|examined|sets out)\b(?!\s+(?:that|how|why)\b)",
    re.IGNORECASE,
)
# People reporting ("Critics note that …"): the reported words count only if causal on their own.
_PEOPLE_NOTE = re.compile(
    r"^(?:(?:the\s+)?(?:critics|commenters|reviewers|patients|members|people|others|authors|"
    r"researchers|moderators|mods|some)\s+(?:have\s+)?(?:note|noted|notes|point out|pointed out|"
    r"mention|mentioned|describe|described|observe|observed)\s+(?:that\s+)?)",
    re.IGNORECASE,
)
# "… which is why people share it": why the community does something, not what causes the illness.
_WHY_COMMUNITY = re.compile(
    r"\b(?:which|that|this)(?:\s+is|'s|’s)\s+why\b(?=[^.;]{0,60}\b(?:post\w*|shar\w+|ask\w*|recommend\w*|"
    r"mention\w*|talk\w*|discuss\w*|writ\w+|wrote|advice|advis\w+|tips?|threads?|subs?|forums?|"
    r"groups?|upvot\w+|link\w*|pinned|repeat\w*|quot\w+)\b)[^.;]*",
    re.IGNORECASE,
)
# "The gut flora had mostly recovered": a state seen, with nothing named as making it happen.
_AGENTLESS_RECOVERY = re.compile(
    r"\b(?:had|has|have)\s+(?:\w+ly\s+)?(?:recovered|improved|normali[sz]ed)\b"
    r"|\b(?:recovered|improved)\b(?=\s*(?:[,;.]|$|\s+(?:but|and|while|whereas|somewhat|slightly)\b))",
    re.IGNORECASE,
)
_AGENT = re.compile(
    r"\b(?:after|with|on|thanks to|because of|due to|following|by|than|placebo|control|sham|treat\w*|"
    r"therap\w*|drugs?|interventions?|supplements?|pacing|exercise|GET|CBT|rest)\b"
    r"|\b[a-z]+(?:mab|mod|ine|ide|vir)\b",
    re.IGNORECASE,
)


def _asserted_wording(text: str) -> str:
    """The sentence with causal words that assert nothing blanked out: participles describing
    a noun, the objects of describing verbs, why the community does something, and recovery
    told as a state with no cause named. Direct cause needs a finite verb with a doer."""
    core = _OPENER.sub("", text.strip())
    described = _DESCRIBES.search(core)
    if described:
        return core[: described.end()] + " " + CAUSAL.sub(" ", core[described.end() :])
    core = _PEOPLE_NOTE.sub("", core)
    core = _WHY_COMMUNITY.sub(" ", core)
    core = _PARTICIPLE.sub(" ", core)
    if not _AGENT.search(core):
        core = _AGENTLESS_RECOVERY.sub(" ", core)
    return core


def cue_strength(sentence: str) -> Strength:
    """Strength of one sentence by its wording alone."""
    text = NOT_CAUSAL.sub(" ", _asserted_wording(sentence))
    agent = _treatment_as_agent(sentence)
    if not agent:
        text = _without_outcome_counts(text)
    if compares_numbers(sentence) and not agent:
        return "correlational"
    causal = bool(CAUSAL.search(text))
    if causal:
        return "conditional_causal" if HEDGE.search(sentence) else "direct_causal"
    if MODAL_VERB.search(text):
        return "conditional_causal"
    if OPINION.search(sentence) and not ASSOCIATION.search(sentence):
        return "conditional_causal"  # "my theory is that X starts it off": a hedged cause
    if DESIGN_VERB.search(sentence) and not RESULT.search(sentence):
        return "none"
    if re.search(r"\b(?:more|fewer|less) than \d|\bat least \d", sentence) and not RESULT.search(
        re.sub(r"\b(?:more|fewer|less) than\b", " ", sentence)
    ):
        return "none"  # "more than 200 symptoms": a count, not a comparison
    if ASSOCIATION.search(sentence):
        return "correlational"
    return "none"


# A treatment named as the doer of a causal verb ("rintatolimod improved exercise tolerance",
# "the drug cut symptom scores"): efficacy wording even with numbers around it.
_TREATMENT_AS_AGENT = _rx(
    r"\b(?:drug|treatment|therapy|it|which|this|infusions?|[a-z]+(?:mab|mod|ine|ide|one|ol|in|ex))\s+"
    r"(?:\w+\s+)?(?:improved|cut|reduced|lowered|raised|increased|cured|reversed|beat|fixed)\b",
)


# "on the drug", "taking it": the treatment arm, not the treatment acting.
_ARM = re.compile(r"\b(?:on|with|taking|receiving|given)\s+(?:the\s+|a\s+|an\s+)?$", re.IGNORECASE)


def _treatment_as_agent(sentence: str) -> bool:
    return any(not _ARM.search(sentence[: m.start()]) for m in _TREATMENT_AS_AGENT.finditer(sentence))


# --- is it a claim? -------------------------------------------------------------------------

QUESTION = re.compile(r"\?[\"'”’)\]]*\s*$")
# Discourse openers that do not change what the rest of the sentence is ("With respect, read …").
_OPENER = re.compile(
    r"^(?:(?:with (?:all )?respect|honestly|seriously|again|so|and|but|also|now|please|just|guys|folks|"
    r"friends|everyone|ok(?:ay)?|look|listen|instead|first|then|finally|anyway|fwiw|psa)\b[,:!]?\s*)+",
    re.IGNORECASE,
)
# Calls to action, greetings and sign-offs, at the start of a sentence: imperative mood.
NOT_A_CLAIM_START = _rx(
    # (an acronym is a name, not a verb: "GET harmed us" is not "get …")
    r"^(?-i:(?![A-Z]{2,}\b))(?:please|call|write|ask|share|sign|email|e-mail|contact|join|donate|tell|talk|follow|check|"
    r"let's|let|don't|do not|remember|read|believe|support|dear|yours|thanks?|thank you|welcome|"
    r"sending|hugs|happy to|will (?:update|see|report)|just venting|cheers|edit:|update:|tl;?dr:?$|"
    r"look|see|go|stop|try|consider|note|keep|avoid|give|get|make sure|think about|imagine|listen|"
    r"watch|search|google|find|bring|come|trust|start|learn|never|be (?:kind|careful|aware|gentle)|"
    r"don’t|send|post|reply|comment|vote|register|attend|tag|spread|wish me)\b",
    r"^if you\b",
    r"^(?:mods?|admins?)\b",
)
# Statements about what a study or article does NOT show: commentary on the evidence, not a
# claim about the illness ("it shows a difference rather than a cause", "this does not prove …").
META = _rx(
    r"\b(?:does|do|did|can|could|would|is|was)(?:n't|n’t| not|not)\s+(?:\w+\s+)?"
    r"(?:say|prove|mean|establish|tell us|claim|imply)\b",
    r"\b(?:does|do|did|can|could|would)(?:n't|n’t| not|not)\s+(?:\w+\s+)?(?:show|demonstrate|test)\s+"
    r"(?:that|whether|why|a caus\w*|caus\w*|it caus\w*|anything)\b",
    r"\b(?:rather than|not) (?:a |an |any )?(?:cause|causation|causal link|proof)\b",
    r"\bcorrelation (?:is not|isn't|isn’t|does not (?:equal|mean)|≠) causation\b",
    r"\bnot (?:proof|evidence) (?:of|that)\b|\bno proof (?:of|that)\b",
    r"\b(?:isn't|isn’t|is not|aren't|are not|wasn't|was not) (?:\w+ )?(?:proof|evidence)\b",
    r"\bnone of (?:this|that|it|these)\b[^.]*\b(?:proof|proves?|evidence|shows?|means?)\b",
)
# Framing of the post or news about people and organisations, not about the illness.
FRAMING = _rx(
    r"\bcoming up\b|\b(?:is|are) (?:around the corner|next (?:week|month))\b",
    r"\bawareness (?:week|day|month)\b",
    r"\b(?:charity|charities|association|foundation|society|campaigners?|MPs?|minister|government|"
    r"council|petition|journalist|newspaper|moderators?|mods)\s+(?:\w+\s+){0,2}(?:has|have|had|is|are|will|"
    r"wrote|published|launched|announced|called|asked|sent)\b",
    r"\b(?:has|have) (?:written|launched|sent|set up|organi[sz]ed|announced)\b",
)
FIRST_PERSON = re.compile(r"\b(?:I|I'm|I've|I'd|I'll|me|my|myself|My|Me)\b|\bI’[a-z]+\b")
OPINION = _rx(
    r"\bin my (?:opinion|view)\b",
    r"\bmy (?:own )?(?:guess|hunch|theory|feeling|take|suspicion|bet|view|belief) is\b",
    r"\bI (?:think|believe|suspect|reckon|guess|bet|am convinced|'m convinced) (?:that )?\b",
    r"\bI(?:'m| am) (?:pretty |fairly |quite )?(?:sure|certain) (?:that )?\b",
)
STUDY = _rx(
    r"\b(?:study|studies|paper|papers|trial|trials|review|meta-analysis|pilot|reanalysis|analysis|"
    r"research|researchers|authors|investigators|cohort|abstract|findings?|results?|data|evidence|"
    r"committee|panel|report|guidelines?|consensus|institute)\b",
    r"\bet al\b|\band colleagues\b",
)
# A study's finding being reported ("found", "showed"), not "I found the paper".
FINDING = re.compile(
    r"(?<!\bI )(?<!\bI’)\b(?:found|finds|showed|showing|shows|reported|reports|report|concluded|conclude|"
    r"concludes|estimated|estimates|estimate|demonstrated|suggests|suggest|says|said|notes|"
    r"proves|confirmed|where|lists|listed|describes|defines|defined)\b",
    re.IGNORECASE,
)
# Case-sensitive: "ME" the illness, not "me" the pronoun.
ILLNESS = r"(?-i:\bME\b|\bCFS\b|\bSEID\b|\bPEM\b|\bPESE\b|\bPOTS\b|\bMCAS\b|\bPASC\b)"
TOPIC = _rx(
    ILLNESS,
    r"\bfibro\w*|\blong covid\b|\bpost-exertional\b|\bmyalgic\b|\bencephalomyelitis\b",
    r"\b(?:patients?|controls?|placebo|participants?|adults|people|subjects|cohorts?|volunteers)\b",
    r"\b(?:disease|illness|condition|syndrome|symptoms?|severity|fatigue|pain|brain fog|crash\w*)\b",
    r"\b(?:immune|inflammat\w*|cytokines?|antibod\w*|autoantibod\w*|B[- ]cells?|T[- ]cells?|NK|virus\w*|"
    r"retrovirus|infection|microb\w*|gut|bacteri\w*|butyrate|metabol\w*|mitochondria\w*|brain|blood|"
    r"plasma|biomarkers?|receptors?|genes?|muscles?|nerves?|exertion|housebound|bedbound|sufferers)\b",
    r"\b(?:treatment|therapy|drug|dose|trial|exercise|GET|CBT|pacing|rituximab|supplements?|"
    r"medication|pills?)\b",
)
# The study as the subject of a reporting verb: "the 2019 trial found", "the authors concluded".
STUDY_FINDING = re.compile(
    "(?:" + STUDY.pattern + r")[^.;:]{0,60}?" + FINDING.pattern,
    re.IGNORECASE,
)
# The claim told as a study's own words: "the review concluded …", "according to the trial".
QUOTE_OF_STUDY = re.compile(
    r"(?:" + STUDY.pattern + r")[^.;:]{0,40}?\b(?:found|concluded|concludes|reported|reports|showed|"
    r"shows|says|said|estimated|demonstrated)\b|\baccording to (?:the|a|this|that)\b",
    re.IGNORECASE,
)
# "There is still no approved treatment": a statement about the state of the evidence.
NO_TREATMENT = _rx(
    r"^there (?:is|are) (?:still |currently |now )?(?:no|not a single|not one|only one|only two|few)\b"
    r"[^.]{0,30}"
    r"\b(?:treatments?|cures?|tests?|biomarkers?|drugs?|medications?|therap(?:y|ies)|trials?|studies)\b",
)
# "About a quarter of us", "67% of patients", "17 patients": prevalence and study size.
QUANTITY = _rx(
    r"\b\d[\d,.]*\s*%",
    r"\b(?:a|one) (?:third|quarter|half|fifth)\b|\bmost (?:of|patients|people)\b|\bmajority\b",
    r"\b\d[\d,.]*\s+(?:million|thousand)\b",
    r"\b\d[\d,]*\s+(?:\w+\s+){0,2}(?:patients|adults|people|participants|controls|subjects|children)\b",
)
# An unhedged verdict on a named thing, short and to the point: "Drug X fixes that.",
# "A and B do nothing for PEM." A claim even without the illness named in the sentence.
VERDICT = _rx(
    r"^[A-Z][\w'’/-]*(?:\s+(?:and|or|&)\s+[A-Z][\w'’/-]*)?(?:\s+[\w'’/-]+){0,3}\s+"
    r"(?:fix(?:es)?|cures?|works?|helps?|do(?:es)? nothing|do(?:es)?n't work|is useless|are useless|"
    r"makes? (?:\w+ )?worse|is harmful|are harmful|causes?|triggers?)\b",
)


_PARENTHESES = re.compile(r"\([^()]*\)|\bhttps?://\S+|(?<=\bal)\.")


def _words(sentence: str) -> list[str]:
    return re.findall(r"[^\W\d_][\w'’-]*", sentence)


_OUTCOME_NOUN = re.compile(r"\b(?:recovery|harms)\b", re.IGNORECASE)


def is_claim(sentence: str) -> bool:
    """Whether a sentence asserts something general enough to check against evidence."""
    stripped = sentence.strip()
    core = _OPENER.sub("", stripped)
    if len(_words(sentence)) < (2 if VERDICT.search(core) else 3) or QUESTION.search(sentence):
        return False
    if NOT_A_CLAIM_START.search(stripped) or NOT_A_CLAIM_START.search(core):
        return False
    if META.search(sentence) or FRAMING.search(sentence):
        return False
    strength = cue_strength(sentence)
    # Causal words that assert nothing ("the recovery analysis", "symptoms affecting the gut")
    # lower the strength, but a sentence about them is still about the illness or a study.
    has_relation = strength != "none" or bool(
        CAUSAL.search(NOT_CAUSAL.sub(" ", sentence)) or _OUTCOME_NOUN.search(sentence)
    )
    head, colon, tail = sentence.partition(": ")
    if colon and FIRST_PERSON.search(head) and not FIRST_PERSON.search(tail) and len(_words(tail)) >= 5:
        return is_claim(tail)  # "Then I read the reanalysis: <what it found>"
    if FIRST_PERSON.search(sentence):
        # Personal narrative, unless the writer generalises ("in my opinion X helps", "my theory
        # is that …") or reports what a study found ("the trial in 2019 found no benefit").
        return (bool(OPINION.search(sentence)) and has_relation) or (
            bool(STUDY_FINDING.search(_PARENTHESES.sub(" ", sentence)))
        )
    if VERDICT.search(core) and re.search(r"[.!]?$", stripped):
        return True
    if NO_TREATMENT.search(core) or compares_numbers(sentence):
        return True
    if not TOPIC.search(sentence):
        # Cause or efficacy asserted about something unnamed here ("Deconditioning alone doesn't
        # seem to explain it") is still a claim; bare narrative without a relation is not.
        return strength in ("direct_causal", "conditional_causal")
    return (
        has_relation
        or bool(QUANTITY.search(sentence))
        or bool(STUDY.search(sentence) and (FINDING.search(sentence) or DESIGN.search(sentence)))
        or bool(DESIGN_VERB.search(sentence))
    )


StrengthFn = Callable[[str], Strength]


def detect_claims(text: str, strength: StrengthFn | None = None) -> list[Claim]:
    """Claims in ``text`` in order, each with its exact span and its strength.

    ``strength`` replaces the cue-based wording rules (e.g. with a trained classifier);
    cites and overstated are filled in later, once citations are matched to cards.
    Sentences quoted from someone else (a "> …" line, or lines after "… wrote:") are the
    other person's words, answered by the post, so they are not the post's claims.
    """
    rate = strength or cue_strength
    quoted = quoted_ranges(text)
    claims: list[Claim] = []
    for start, end in sentence_spans(text):
        if any(a <= start < b for a, b in quoted):
            continue
        sentence = text[start:end]
        if is_claim(sentence):
            claims.append(Claim(text=sentence, span=(start, end), strength=rate(sentence)))
    return claims
