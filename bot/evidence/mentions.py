"""Citations only the atlas can reveal: unquoted titles, "Naviaux (PNAS 2016)", "a 2019 trial".

Why these live apart from ``extract``: a capitalised word is a surname only if some card has
that first author, and "Cell Host & Microbe 2023" is a citation only because the atlas knows
the journal. Scanning for known names keeps false alarms down: "May 2015" is never an author.
Each found mention is a ``Citation``; the matcher then decides which card it means.
"""

from __future__ import annotations

import bisect
import itertools
import re
from collections.abc import Iterator, Sequence
from functools import cache

from rapidfuzz import fuzz

from bot.evidence.atlas_index import (
    CAMEL_NAME,
    DEMONYMS,
    GROUP_NOUNS,
    GROUP_SIZE,
    GROUP_WORD,
    AtlasIndex,
    group_sizes,
    journal_initials,
    telling_size,
    trigrams,
)
from bot.evidence.extract import (
    MONTHS,
    YEAR_RE,
    nearest_year,
    sentence_bounds,
    with_sentence_before,
    years_in,
)
from bot.evidence.identifiers import fold
from bot.evidence.research_groups import INSTITUTION_WORDS, RESEARCH_GROUP_NOUNS, all_places
from bot.evidence.textnorm import (
    STOPWORDS,
    TREATMENTS,
    PostText,
    american_spelling,
    content_words,
    stem,
    words,
)
from bot.evidence.title_echo import WORK_CUE, lay_phrases_as_title_words
from bot.evidence.types import Citation

# Titles shorter than this (in words, read and as written) count only when quoted or alone on a line.
_SHORT_TITLE = 7
# The patterns read over a whole post that would start with ``\b`` or a look-behind start
# with a look-ahead at the letters a match can begin with, ``(?=[AaTt])``: ``re`` then skips
# straight to those letters instead of trying every position (about twice as fast).
_DESIGN_RE = re.compile(
    r"\b(?P<y1>19[5-9]\d|20[0-4]\d)\s+(?:[\w-]+\s+){0,3}?"
    r"(?P<k1>trial|pilot|meta-analysis|review|criteria|definition|case[- ]series)\b"
    r"|\b(?P<k2>trial|pilot|meta-analysis|review|criteria|definition|case[- ]series)\s+"
    r"(?:[\w-]+\s+){0,2}?(?:in|from|of)\s+"
    r"(?P<y2>19[5-9]\d|20[0-4]\d)\b",
    re.IGNORECASE,
)
# Words a work's name never runs across: articles and prepositions, and the words that join or
# open a clause ("welcomed the work but noted that neither study …" names no "work … study"),
# possessives and auxiliary verbs ("the researchers defended their analysis" names no work).
_NOT_IN_A_NAME = (
    r"(?:the|a|an|of|in|on|for|by|with|and|or|to|but|that|neither|nor|which|whose|this|these|those"
    r"|than|because|although|though|while|whereas|unless"
    r"|their|its|his|her|our|my|your|have|has|had|is|are|was|were)\b"
)
# The space between a work's naming words: never a blank line ("… - the metabolic evidence" ending a
# title, then "Every metabolomics paper …" beginning the body, is no "the … paper").
_GAP = r"(?:[^\S\n]|\n(?![^\S\n]*\n))+"
# "the Norwegian rituximab trial", "the PACE trial", "the NIH deep phenotyping study": a known
# work named by what it is about, without a year. Only "the" + a few words + the kind of work.
_NAMED_STUDY = re.compile(
    # (or "that same", "this same": the work told before, by its naming words again)
    r"(?:[Tt]he|[Tt]heir|[Ii]ts|[Tt]h(?:at|is)\s+same)(?<!\w[Tt]he)(?<!\w[Tt]heir)(?<!\w[Ii]ts)\s+((?:(?!"
    + _NOT_IN_A_NAME
    + r")[\w/'’\"“”-]+"
    + _GAP
    + r"){1,5}?)"
    r"(trial|study|paper|review|meta-analysis|re-?analysis|analysis|validation|pilot(?!\s+(?:study|trial)\b)|"
    r"follow-up(?!\s+(?:study|trial|paper)\b)|cohort(?!\s+(?:study|trial|paper)\b)|work|protocol|"
    # (a study repeating another's test: "the big blinded multicentre retest")
    r"re-?test|replication)\b"
)
# "a broader deep phenotyping study, published in 2024": a work introduced with "a", which
# only a year beside it lets the matcher pin down (without one it may be any new paper).
# "Columbia's 2015 immune signature paper": a name's possessive stands for the article (the
# name is a naming word too).
_SOME_STUDY = re.compile(
    r"(?=[A-Za])(?:\b[Aa]n?\s+|(?<![\w'’])(?=[A-Z][\w-]+['’]s\s))"
    # (two capitalised words joined by "and" are one naming: "a Canadian and Norwegian study")
    r"((?:(?!" + _NOT_IN_A_NAME + r")[\w/'’-]+" + _GAP + r"|[A-Z][\w-]+\s+and\s+(?=[A-Z])){1,5}?)"
    r"(trial|study|paper|review|meta-analysis|re-?analysis|analysis|follow-up)\b"
)
# Words that say nothing about which work is meant (sizes and comparisons included).
_VAGUE_TEXT = (
    "big new recent famous latest first original large small same whole other last previous next "
    "early later huge tiny well known landmark main key only second third final actual entire "
    "initial follow up pilot published current bigger larger smaller broad broader wide wider "
    "newer older another earlier upcoming future forthcoming ongoing planned drug treatment research "
    "related similar separate peer reviewed unreviewed unpublished "
    # (how a work came out says how it went, not what it was about: "the big negative trial")
    "negative positive failed null disappointing "
    # (their adverbs: "the originally planned analysis" names no topic either)
    "originally initially previously recently newly finally currently widely formerly "
    # (how much it was noticed, and where it came out: "the journal's first notable paper")
    "notable important influential journal"
)
_VAGUE = frozenset(_VAGUE_TEXT.split())
# Words that say how a study was designed, not what it is about ("randomised", "double-blind").
_HOW_DESIGNED_TEXT = (
    "randomized randomised controlled placebo double single triple blind blinded open label "
    "crossover prospective retrospective observational"
)
_HOW_DESIGNED = frozenset(stem(w) for w in _HOW_DESIGNED_TEXT.split())
# (a pilot is a small trial)
_DESIGN_WORDS = ("trial", "pilot", "meta-analysis", "review", "criteria", "definition", "series")
# "COVID-OUT", "HRV-BF": a trial's name in capitals with a hyphen, which ``words`` would split.
_HYPHENED_NAME = re.compile(r"\b[A-Z][A-Z0-9]*(?:-[A-Z0-9]+)+\b")
# A name in capitals set after a work by a comma ("the … pilot in long covid, COVIVA, …"), with
# at most a short phrase of what it was in between.
_APPOSED_NAME = re.compile(
    r"(?:\s+(?:in|on|of|for|with)(?:\s+[\w/-]+){1,4})?,\s+([A-Z][A-Z0-9]{3,})\b(?=\s*[,;.)])"
)
# "the UK genetics study DecodeME has …": a coined name (a capital inside the word, as a project
# writes its name) set straight after a work; the name is the work's, and says more than the
# words the writer put before it.
_NAME_AFTER_WORK = re.compile(r"\s+([A-Z][a-z]+[A-Z][A-Za-z0-9]*)\b(?![-'’])")
# Kinds of work that a year and what they are about name ("an interim report from 2023 on …").
_ABOUT_KINDS = ("trial", "study", "paper", "review", "meta-analysis", "report", "preprint", "article")
# (and a meeting's abstract, told by its year: "the 2022 conference abstract on …")
_DATED_ABOUT_KINDS = (*_ABOUT_KINDS, "abstract")
# "a 2024 study of two-day exercise testing", "a 2014 paper on brain inflammation": a work
# named by its year and, after it, by what it is about.
_YEAR_WORK_ABOUT = re.compile(
    r"(?=[AaTt])\b(?:[Aa]n?|[Tt]he|[Tt]his|[Tt]hat)\s+(?:[\w'’-]+\s+){0,2}?(?P<year>(?:19|20)\d\d)\s+"
    # (a meeting's name may stand between: "the 2022 American Thoracic Society conference
    # abstract on …", an abstract being a work of that meeting)
    r"(?:(?:[A-Z][\w'’&-]*\s+){1,4}(?:conference|meeting|congress)\s+(?=abstract)|conference\s+(?=abstract))?"
    r"(?P<kind>" + "|".join(_DATED_ABOUT_KINDS) + r")\s+(?:of|on|about|into|looking at|testing|comparing)\s+"
    r"(?P<what>[^.;:!?()\[\]\n]{3,80})"
)
# The same with the year after the kind of work: "the Charité paper from 2025 on hand grip
# strength", "a study in 2019 of ..." (the year no naming word).
_WORK_YEAR_ABOUT = re.compile(
    r"(?=[AaTt])\b(?:[Aa]n?|[Tt]he|[Tt]his|[Tt]hat)\s+(?:[\w'’-]+\s+){0,2}?"
    r"(?P<kind>" + "|".join(_ABOUT_KINDS) + r")\s+(?:from|in)\s+(?P<year>(?:19|20)\d\d),?\s+"
    r"(?:on|about|into|looking at|testing|comparing)\s+(?P<what>[^.;:!?()\[\]\n]{3,80})"
)
# "the 2024 study found …", "that 2014 paper": a work told by its year alone (what it is about
# follows as the sentence's own words, not as "of …", which ``_YEAR_WORK_ABOUT`` reads).
_YEAR_ONLY_KINDS = (
    r"(?:study|paper|preprint|article|publication|follow-up|work|report"
    # ("a 2022 ATS conference abstract": a meeting's abstract, listed as papers are)
    r"|(?:[A-Z]{2,6}\s+)?(?:conference|meeting)\s+abstract)\b"
)
# A word for the sort of work between a year and its kind ("a 2022 opinion paper", "the 2019 gut
# study"): in ``_YEAR_ONLY_WORK`` and in its cheap gate ``_YEAR_THEN_WORK`` alike.
_SORT_OF_WORK = r"(?:[a-z]+\s+)?"
_YEAR_ONLY_WORK = re.compile(
    # (or "its", "their": "Its 2013 follow-up paper claimed …", the work of a trial or team)
    # (a size said before the year names no work: "a big 2015 study", "the large 2019 trial")
    # (or "one", as "a": "One big 2024 study found …")
    r"(?=[TtAaIiOo])\b(?:[Tt]he|[Aa]n?|[Tt]his|[Tt]hat|[Ii]ts|[Tt]heir|[Oo]ne)\s+"
    r"(?:(?:big|bigger|biggest|large|larger|largest|major|huge|small|smaller)\s+)?((?:19|20)\d\d)\s+"
    + _SORT_OF_WORK
    + _YEAR_ONLY_KINDS
    + r"(?!\s+(?:of|on|about|into|looking|testing|comparing|by|from|in)\b)(?!-)"
)
# "the big American report from 2015, the one that …": a work told by its year after the kind
# of work, with a few words of no name before it (a work of a name, "the Bergen paper from
# 2016", is read as that name's work; one told with what it is about, by ``_WORK_YEAR_ABOUT``).
_WORK_FROM_YEAR = re.compile(
    r"(?=[TtAaOo])\b(?:[Tt]he|[Aa]n?|[Tt]his|[Tt]hat|[Oo]ne)\s+(?:[\w'’-]+\s+){0,3}?"
    # (or "of" the year, as Romance languages say it: "a study of 2016 from Cornell", but never
    # "a study of 2016 patients")
    r"(?:study|paper|article|publication|report)\s+"
    r"(?:from|of(?=\s+(?:19|20)\d\d(?:[,.;:)]|\s+(?:from|by|in|at)\b)))\s+((?:19|20)\d\d)\b"
    r"(?!,?\s+(?:on|about|into|looking at|testing|comparing)\b)"
)
# "reported by a Cornell group in 2016", "a Norwegian team in 2011 found", "in 2016 a Berlin
# group found": a work told by who did it (a named group) and its year.
# (Said of a work only: "by" or "from" the group, or the group then reporting something; "the
# Facebook group in 2016" is no work.)
# The nouns a named group is told by (``RESEARCH_GROUP_NOUNS``); ``_names_a_group`` gates every
# group pattern on them.
_GROUP_NOUN = "(?:" + "|".join(RESEARCH_GROUP_NOUNS) + ")"
_NAMED_GROUP = r"(?:[Tt]he|[Aa]n?)\s+(?:[A-Z][\w'’.-]*\s+){1,3}" + _GROUP_NOUN
# What a group did when it did a piece of work: a verb of reporting or doing it, or any other
# verb in the past tense ("the Charité group filtered the antibodies out …"), but not one of
# intending or being ("the Bergen group planned a trial", "the Cornell group needed money").
_GROUP_DID = (
    r"(?:found|showed|reported|published|described|tested|gave|measured|treated|ran|did|took|saw|made|"
    r"(?!(?:planned|hoped|wanted|needed|started|aimed|intended|expected|called|named|based|asked|applied|"
    r"recruited|funded|interested)\b)[a-z]{3,}ed)\b"
)
_YEAR = r"((?:19|20)\d\d)"
_YEAR_GROUP_WORK = re.compile(
    rf"\b(?:(?:by|from)\s+{_NAMED_GROUP}\s+(?:back\s+)?in\s+{_YEAR}\b"
    rf"|{_NAMED_GROUP}\s+(?:back\s+)?in\s+{_YEAR},?\s+{_GROUP_DID}"
    rf"|\b(?:[Bb]ack\s+in|[Ii]n)\s+{_YEAR},?\s+{_NAMED_GROUP}\s+{_GROUP_DID})"
)
# A work not done yet ("the next big trial") and nouns a kind of work may qualify ("the big
# trial registries", "the large study sites"): no work of the past told by its size.
_STILL_TO_COME = r"next|future|upcoming|planned|forthcoming|proposed"
_NOT_YET_DONE = re.compile(rf"\b(?:{_STILL_TO_COME}|new)\b", re.IGNORECASE)
# A work told as one still to come ("the next pathway review", "the upcoming trial"): no paper
# yet. ("new" is not among these words: "the new PACE paper" came out.)
_TO_COME = re.compile(rf"\b(?:{_STILL_TO_COME})\b", re.IGNORECASE)
_COMPOUND_HEAD = re.compile(
    r"\s+(?:registr|sites?\b|centres?\b|centers?\b|networks?\b|designs?\b|protocols?\b|participants?\b|data\b)",
    re.IGNORECASE,
)
# Words that tell a work by its size ("the big trial", "the big rituximab trial").
SIZE_WORD = re.compile(r"\b(?:big|bigger|biggest|large|larger|largest|major|huge)\b", re.IGNORECASE)
_ABOUT_WORDS = 6  # the words after "of" that name the work; more run into the sentence's claim
# Where the naming words end and the sentence goes on ("… testing, and changed the plan").
_ABOUT_ENDS = re.compile(
    r",|\s(?:and(?!\s+[A-Z])|but|that|which|who|where|when|because|so|then|showed|found)\s"
)
_TWO_DIGITS = re.compile(r"\d\d")
# (kinds of work repeating another's test, read as a study)
_REPEATS = ("retest", "re-test", "replication")
_WANTS_A_REPEAT = re.compile(
    r"\b(?:needs?|deserves?|requires?|awaits?|warrants?|merits?|wants?|calls?\s+for|lacks?|without)\s+$",
    re.IGNORECASE,
)
_WORK_KINDS = (
    "trial",
    "study",
    "paper",
    "review",
    "analysis",
    "follow-up",
    "validation",
    "pilot",
    "cohort",
    "work",
    "protocol",
    *_REPEATS,
)
# "the trial's …", "the study's own …": a possessive of a kind of work opening the naming
# words tells a part of a work already named (its protocol, its analysis), not another work.
_A_WORKS_PART = re.compile(r"(?:trial|study|paper|review|analysis|preprint)['’]s\s", re.IGNORECASE)
# "the trial's published recovery analysis": an analysis of a work put out as a paper of its own
_PUBLISHED_WORD = re.compile(r"published\s", re.IGNORECASE)
# "my assessor at the benefits review", "a benefits review every three years": the welfare
# system's review of a claim (British usage), no published work
_WELFARE_WORD = re.compile(r"\bbenefits\b", re.IGNORECASE)
# Kinds of work that are also what the work's title says it is ("Rehabilitative treatments …:
# long-term follow-up from the PACE trial", "… a reanalysis and evaluation of findings …"):
# "the PACE follow-up" names a paper by the trial's name and that word, not the trial itself.
_CAPITALISED_WORD = re.compile(r"\b[A-Z][\w'’-]*")
_TITLED_KINDS = {
    "reanalysis": "reanalysis",
    "re-analysis": "reanalysis",
    "follow-up": "follow-up",
    "validation": "validation",
}
_KIND = {
    "trial": "trial",
    "pilot": "trial",
    "meta-analysis": "meta",
    "review": "review",
    "criteria": "consensus",
    "definition": "consensus",  # "the 1994 case definition": criteria by their other name
    "case series": "series",
    "case-series": "series",
}


def _overlaps(span: tuple[int, int], taken: list[tuple[int, int]]) -> bool:
    """Whether a span overlaps any of ``taken`` (sorted by start, short spans)."""
    i = bisect.bisect_left(taken, (span[1], span[1]))
    return any(span[0] < b and a < span[1] for a, b in taken[max(0, i - 3) : i])


def _context(text: str, start: int, end: int) -> str:
    lo, hi = sentence_bounds(text, start, end)
    return text[max(lo, start - 200) : min(hi, end + 200)].strip()


def _description(text: str, value: str, span: tuple[int, int]) -> Citation:
    """A description mention (``named:…``, ``work:…``, ``phase:…``) with the usual weight and
    its sentence as context: what most scanners here emit."""
    return Citation("description", value, span, 0.5, _context(text, *span))


def scan_titles(index: AtlasIndex, post: PostText) -> list[Citation]:
    candidates = index.title_candidates(post.words, 0.6, post.grams) if len(post.words) >= 3 else []
    if not candidates:
        return []
    tokens, spans = post.normalised
    found: list[Citation] = []
    joined = " ".join(tokens)
    starts: list[int] = []
    pos = 0
    for t in tokens:
        starts.append(pos)
        pos += len(t) + 1
    for cid in candidates:
        best = None
        # (the whole title first, then its main part: on a tie the first read stands, so the
        # order must not depend on how a set hashes)
        for title in dict.fromkeys((index.titles[cid], index.main_titles[cid])):
            if len(title) < 4:
                continue
            target = " ".join(title)
            run = _word_for_word(title, joined, starts) if len(title) < _SHORT_TITLE else None
            if run is not None:
                # (a short title written word for word, its article aside: the letters around
                # it, "… Vink-Niese's overview of severe ME beforehand", lower a fuzzy score)
                score, (first, last), n = 100.0, run, len(title)
            else:
                al = fuzz.partial_ratio_alignment(target, joined, score_cutoff=85)
                if al is None:
                    continue
                score = al.score
                first = max(0, _token_at(starts, al.dest_start))
                last = max(first, _token_at(starts, max(al.dest_end - 1, al.dest_start)))
                n = last - first + 1
            if (
                len(title) < _SHORT_TITLE
                # (as written: "Myalgic Encephalomyelitis/Chronic Fatigue Syndrome" is two
                # words once read, "me cfs", but a long stretch of text as the post spells it)
                and len(post.text[spans[first][0] : spans[last][1]].split()) < _SHORT_TITLE
                and not _alone_on_line(post.text, spans[first][0], spans[last][1])
                and not (score >= 95 and _title_cased(post.text[spans[first][0] : spans[last][1]]))
                and not (score >= 95 and _author_beside(index, cid, post, spans[first][0], spans[last][1]))
            ):
                continue
            if best is None or score * min(1.0, n / len(title)) > best[0]:
                best = (score * min(1.0, n / len(title)), spans[first][0], spans[last][1])
        if best and best[0] >= 85:
            start, end = best[1], best[2]
            # A title cut off with an ellipsis ("Cytokine signature associated with disease
            # severity in..." (PNAS)) ends there: the words after it are the post's, not the
            # title's, and must stay free for what they name ("the systematic review").
            cut = _ELLIPSIS.search(post.text, start, end)
            if cut is not None:
                end = cut.start()
            found.append(
                Citation(
                    "title",
                    index.cards[cid].title,
                    (start, end),
                    round(best[0] / 100, 3),
                    _context(post.text, start, end),
                )
            )
    return _clear_winners(found)


_ARTICLES = frozenset(("a", "an", "the"))


def _word_for_word(title: tuple[str, ...], joined: str, starts: list[int]) -> tuple[int, int] | None:
    """The first and last word of the text's words (``joined``, with each word's offset in
    ``starts``) that give a title word for word, an article opening it aside (kept when the
    text has it too); None if none do."""
    core = title[1:] if title[0] in _ARTICLES and len(title) > 2 else title
    wanted = " ".join(core)
    at = joined.find(wanted)
    while at >= 0:
        end = at + len(wanted)
        if (at == 0 or joined[at - 1] == " ") and (end == len(joined) or joined[end] == " "):
            first = _token_at(starts, at)
            last = first + len(core) - 1
            if core is not title and first > 0 and joined.startswith(f"{title[0]} ", starts[first - 1]):
                first -= 1
            return first, last
        at = joined.find(wanted, at + 1)
    return None


def _author_beside(index: AtlasIndex, cid: str, post: PostText, start: int, end: int) -> bool:
    """Whether the sentence of a short title written in running text names the paper's first
    author ("Vink and Vink-Niese, an overview of severe myalgic encephalomyelitis"): the words
    are then that paper's title, not a phrase any post might use."""
    if not index.cards[cid].first_author_surname or " " not in post.text[start:end]:
        return False  # (no author, or the words of a link's path: "Metabolic-features-of-…")
    lo, hi = sentence_bounds(post.text, start, end)
    return _first_author_written(index, cid, post, lo, hi, skip=(start, end))


def _first_author_written(
    index: AtlasIndex, cid: str, post: PostText, lo: int, hi: int, skip: tuple[int, int] = (0, 0)
) -> bool:
    """Whether the text between two offsets (outside ``skip``) writes the paper's first author's
    surname as a capitalised word: what makes a stretch that might be anything that paper's."""
    surname = index.cards[cid].first_author_surname
    if not surname:
        return False
    key = fold(surname.split()[-1])
    a, b = skip
    return any(fold(w) == key for w, s, _ in post.capitalised if lo <= s < hi and not a <= s < b)


_ELLIPSIS = re.compile(r"\.\.\.|…")

_TITLE_MARGIN = 0.04  # a title found in the text must beat another card's at the same place by this


def _clear_winners(found: list[Citation]) -> list[Citation]:
    """One title per place in the text, and only when it fits clearly better than any other
    card's title there: two papers on one topic often have near-identical titles. A title
    found inside the stretch of a longer one is no rival of it ("Myalgic encephalomyelitis/
    chronic fatigue syndrome", a paper's whole title, inside "Acute Effect of … in Myalgic
    Encephalomyelitis/Chronic Fatigue Syndrome (ME/CFS): …"): the longer one is what is written."""
    if len(found) < 2:
        return found
    kept: list[Citation] = []
    for c in found:
        rivals = [
            o
            for o in found
            if o is not c
            and o.span[0] < c.span[1]
            and c.span[0] < o.span[1]
            and not (c.span[0] <= o.span[0] and o.span[1] <= c.span[1] and o.span != c.span)
        ]
        if all(c.confidence >= o.confidence + _TITLE_MARGIN for o in rivals):
            kept.append(c)
    return kept


_TITLE_JOINERS = frozenset(
    ("a", "an", "and", "as", "at", "by", "for", "from", "in", "of", "on", "or", "the", "to", "vs", "with")
)
_WORD = re.compile(r"[^\W\d_][\w'’/-]*")


def _title_cased(written: str) -> bool:
    """Whether a stretch of text is written as titles are ("An Overview of Severe Myalgic
    Encephalomyelitis"): four words or more, each capitalised but the small joining words. A
    short title named in running text is told apart from the same words in a sentence this way,
    as quotes or a line of its own tell it."""
    found = _WORD.findall(written)
    return len(found) >= 4 and all(w[0].isupper() or w in _TITLE_JOINERS for w in found)


def _token_at(starts: list[int], char: int) -> int:
    return bisect.bisect_right(starts, char) - 1


def _alone_on_line(text: str, start: int, end: int) -> bool:
    """A short title counts when it fills its line or sits in quotes (a headline, a quoted name)."""
    line_start = text.rfind("\n", 0, start) + 1
    line_end = text.find("\n", end)
    line_end = len(text) if line_end < 0 else line_end
    before, after = text[line_start:start].strip(), text[end:line_end].strip()
    quoted = text[max(0, start - 1) : start] in "\"“'‘" and text[end : end + 1] in "\"”'’"
    return quoted or (len(before) <= 2 and len(after) <= 2)


def _free_surnames(
    index: AtlasIndex, post: PostText, taken: list[tuple[int, int]], skip: frozenset[str]
) -> list[tuple[str, str, int, int, list[str]]]:
    """The post's words that are a known first author's surname, outside the spans already read
    as citations and not in ``skip``: where both author scans start."""
    taken = sorted(taken)
    surnames = index.by_surname
    return [
        (key, word, start, end, surnames[key])
        for key, word, start, end in post.name_keys
        if key in surnames and key not in skip and surnames[key] and not _overlaps((start, end), taken)
    ]


# A surname as the subject of a finding or of a piece of work done: "Naviaux found", "Che
# reported", "Wilshire and Kindlon reanalysed" (any past tense but one of intending or being,
# as for a named group).
_FOUND = re.compile(r"\s+" + _GROUP_DID)
# ("the Scheibenbogen group measured …" is the group's, whose papers others may lead)
_THEIR_WORK_FOUND = re.compile(rf"(?:\s+(?!(?:{_GROUP_NOUN}|labs)\b)[a-z][\w-]*){{1,3}}?\s+" + _GROUP_DID)
# A co-author beside it, perhaps with a given name: "Fluge and Mella", "… and Tom Kindlon".
_AND_NAME = re.compile(r"\s+(?:and|&)\s+(?:[A-Z][a-z]+\s+)?([A-Z][\w'’-]+)")


# A document told before the organisation that wrote it: "the off-label list from the Medical
# University of Vienna reference center for …".
_ORG_WORK_BEFORE = re.compile(
    r"\b(?:list|report|guide|guidance|guidelines?|statement|recommendations|document|leaflet)\s+"
    r"(?:published\s+)?(?:from|by)\s+(?:the\s+)?(?:[\w'’-]+\s+){0,5}$",
    re.IGNORECASE,
)
# A statement put down to those who made it: "according to the Institute of Medicine", "…,
# according to researchers at Columbia University" (the finding told before the group); the
# country's initials may come first ("according to the US National Academies").
_ACCORDING_TO = re.compile(r"\b[Aa]ccording\s+to\s+(?:a\s+|the\s+)?(?:[A-Z]{2,3}\s+)?$")
# An organisation announcing its news: "Action for ME announced", "… ME's announcement".
_ANNOUNCED = re.compile(r"(?:['’]s\s+announcement|\s+(?:has\s+|had\s+)?announced)\b")
# An organisation's own report after its name: "the Institute of Medicine('s) report", or the
# committee that wrote it ("an Institute of Medicine committee proposed …", "the Institute of
# Medicine's expert committee"), or what the report concluded ("the Institute of Medicine's
# conclusion that …").
_ORG_REPORT = re.compile(
    r"(?:['’]s)?\s+(?:[a-z]+\s+)?(?:report|committee|panel|conclusions?|findings|recommendations|criteria|definition)\b"
)


# A word right before a year, with "et al." or a bracket between them perhaps: where a surname
# written in lower case is looked for ("pointed me to keller 2024"), the year found first.
_WORD_BEFORE_YEAR = re.compile(r"(?<![\w'’./-])([a-z][a-z'’-]{2,})(?:\s+et\s+al\.?)?,?\s+\(?$")
_YEAR_LIKE = re.compile(r"\b(?:19|20)\d\d\b(?![/-])")


def _lower_case_surnames(
    index: AtlasIndex, post: PostText, taken: list[tuple[int, int]], skip: frozenset[str]
) -> list[Citation]:
    """A known first author's surname written in lower case right before the year of one of
    their papers ("my physio pointed me to keller 2024"), as posts typed in a hurry write it.

    Why only for the curated atlas names, and never a word of a known title or journal name,
    a month or a stop word: a lower-case word is read as a name only when it can be nothing else."""
    text = post.text
    found: list[Citation] = []
    for y in _YEAR_LIKE.finditer(text):
        m = _WORD_BEFORE_YEAR.search(text, max(0, y.start() - 24), y.start())
        if m is None:
            continue
        key = fold(m.group(1))
        cids = index.by_surname.get(key)
        if (
            not cids
            or key in skip
            or key in STOPWORDS
            or key in _MONTHS
            or key in index.journal_words
            or stem(key) in index.by_title_stem
            or _overlaps(m.span(1), taken)
        ):
            continue
        year = int(y.group(0))
        if any(index.cards[c].year == year for c in cids):
            word = m.group(1)[0].upper() + m.group(1)[1:]
            span = (m.start(), y.end())
            found.append(Citation("author_year", f"{word} {year}", span, 0.7, _context(text, *span)))
    return found


# The next sentence opening on a report pointed back to: "That same report", "The report".
_REPORT_POINTED_BACK = re.compile(r"\s*(?:That|This|The|Its|Their)\s+(?:same\s+)?(?:report|document)\b")


def scan_authors(
    index: AtlasIndex,
    post: PostText,
    taken: list[tuple[int, int]],
    skip: frozenset[str] = frozenset(),
    findings: bool = False,
) -> list[Citation]:
    """Known first authors next to a year: "Hornig 2015", "the Naviaux paper (PNAS 2016)".

    ``skip``: folded words never read as a surname here (journal words such as "Science",
    when the index's names are less curated than the atlas's). ``findings``: also a surname
    without a year as the subject of a finding ("Naviaux found …", "The Naviaux metabolite
    panels separated …"), a surname typed in lower case before its year ("keller 2024") and
    an organisation a statement is put down to ("according to the IOM"), for the atlas, whose
    names are curated (a listed paper's surname is too often a plain word)."""
    text = post.text
    found: list[Citation] = []
    taken = sorted(taken)
    for _key, word, start, end, cids in _free_surnames(index, post, taken, skip):
        year = nearest_year(text, start, end)
        if year is None and findings:
            # "Naviaux found a hypometabolic profile": a known first author as the subject of a
            # finding, no year: that author's paper the post's words fit (chosen by context).
            # "Fluge and Mella found …": with a co-author of one of their papers beside them.
            pair = _AND_NAME.match(text, end)
            if pair and any(fold(pair.group(1)) in index.author_surnames(c) for c in cids):
                end = pair.end()
            if _FOUND.match(text, end) or (
                _THE_BEFORE.search(text, max(0, start - 4), start) and _THEIR_WORK_FOUND.match(text, end)
            ):
                # (or "The Naviaux metabolite panels separated patients …": their work, a few
                # words long, as the subject of the finding)
                found.append(Citation("author_year", word, (start, end), 0.55, _context(text, start, end)))
                continue
        if year is None or not any(index.cards[c].year == year for c in cids):
            continue
        found.append(
            Citation("author_year", f"{word} {year}", (start, end), 0.75, _context(text, start, end))
        )
    if findings:
        found += _lower_case_surnames(index, post, taken, skip)
    for key, word, start, end in post.name_keys:
        # "the 2015 IOM report": an organisation's initials beside the year of its one paper.
        orgs = index.org_initials.get(key) if word.isupper() else None
        if not orgs or _overlaps((start, end), taken):
            continue
        year = nearest_year(text, start, end)
        fitting = {index.org_name[c] for c in orgs if index.cards[c].year == year}
        if year is not None and len(fitting) == 1:
            value = f"{fitting.pop()} {year}"
            found.append(Citation("author_year", value, (start, end), 0.75, _context(text, start, end)))
        elif year is None and findings and _ACCORDING_TO.search(text, max(0, start - 22), start):
            # "according to the IOM, …": its initials, as its whole name is read
            named = {index.org_name[c] for c in orgs}
            if len(named) == 1:
                found.append(
                    Citation("author_year", named.pop(), (start, end), 0.55, _context(text, start, end))
                )
    if index.org_authors:
        # (offsets must stay the text's: a non-ASCII post is searched in its plain lower case,
        # where the folded, ASCII names still meet their words; "£" or "é" elsewhere is no bar)
        lowered = fold(text) if text.isascii() else (post.lower if len(post.lower) == len(text) else None)
        for name in index.org_authors:
            if lowered is None:
                break
            at = lowered.find(name)
            while at >= 0:
                end = at + len(name)
                year = nearest_year(text, at, end)
                written = text[at:end]
                if year is not None:
                    found.append(
                        Citation("author_year", f"{written} {year}", (at, end), 0.75, _context(text, at, end))
                    )
                elif _ANNOUNCED.match(text, end) or _ORG_WORK_BEFORE.search(text, max(0, at - 60), at):
                    # "As Action for ME announced, …", "Action for ME's announcement that …": an
                    # organisation's news item, which the words of its title beside it tell
                    found.append(Citation("author_year", written, (at, end), 0.55, _context(text, at, end)))
                elif findings and (
                    _FOUND.match(text, end)
                    or _ORG_REPORT.match(text, end)
                    or _ACCORDING_TO.search(text, max(0, at - 22), at)
                    or _REPORT_POINTED_BACK.match(text, sentence_bounds(text, at, end)[1])
                ):
                    # "The Institute of Medicine estimated …", "the Institute of Medicine report
                    # concluded …": an organisation doing its work, as "Naviaux found …" is; so
                    # is "the Institute of Medicine called it … That same report …", the report
                    # told in the next sentence as the one just spoken of.
                    found.append(Citation("author_year", written, (at, end), 0.55, _context(text, at, end)))
                at = lowered.find(name, end)
    return found


# The words that open an organisation's name before "of" or "for": a journal's name right after
# them is part of that organisation's ("the Institute for Neuroscience", "Centre for Immunity"),
# or of a longer journal's the index does not know ("the Journal of Infection" is not "Infection").
_ORGANISATION_BEFORE = re.compile(
    r"\b(?:Journal|Annals|Archives|Bulletin|Cent(?:er|re)s?|Institutes?|Department|Dept\.?|School|Division|Unit|Laborator(?:y|ies)|"
    r"Society|Foundation|Association|Council|Program(?:me)?|Office|Faculty|Hospital|College|Academy|"
    r"Agency|Network|Consortium|Clinic|Initiative|Alliance|Ministry|Service)[ \t]+(?:of|for|on)[ \t]+"
    r"(?:the[ \t]+)?$"
)


def scan_journals(index: AtlasIndex, post: PostText, yearless: bool = False) -> list[Citation]:
    """Journal names (full, abbreviated or as initials) with a year close by.

    ``yearless``: a journal with no year in reach is a citation too (``journal:KEY|``, "a
    trial published in Oxford Open Immunology"), for the matcher to weigh against every paper
    of that journal."""
    text = post.text
    found: list[Citation] = []
    starts = index.journal_starts
    resume = 0
    lower = _lower_case_journal_starts(index, post)  # (mostly none: the scan is then as it was)
    spelled_at = {start for _, start, _ in lower}
    for word, start, _ in sorted(post.capitalised + lower, key=lambda t: t[1]) if lower else post.capitalised:
        if start < resume or word == "I" or word.lower() not in starts:
            continue  # (the pronoun "I" starts no journal's name, and starts many sentences)
        seq = post.words_from(start)
        hit = _journal_at(index, seq, text)
        if hit is None:
            continue
        key, last = hit
        if start in spelled_at and not _spelled_out(seq, key, last, 2 if post.in_lower_case else 3):
            continue
        # (a journal called by its one word, "Cochrane", is one word as written)
        one_word = len(key) == 1 or (last == 0 and index.journal_short.get(fold(word)) == key)
        if one_word and len(key) > 1 and _THE_BEFORE.search(text, max(0, start - 4), start):
            continue  # "the Cochrane review": a name (``scan_works``), not the journal's one word
        end = seq[last][2]
        resume = end
        year = nearest_year(text, start, end, reach=80)
        if year is not None and (key, year) in index.by_journal_year:
            value = f"journal:{' '.join(key)}|{year}"
            found.append(Citation("description", value, (start, end), 0.6, _context(text, start, end)))
        elif year is None and yearless and _said_of_a_work(text, start, end, not one_word):
            # Only said of a work ("the study, published in …", "a … paper"): a journal's name
            # alone ("I read Nature") cites nothing.
            value = f"journal:{' '.join(key)}|"
            found.append(_description(text, value, (start, end)))
    return found


def _lower_case_journal_starts(index: AtlasIndex, post: PostText) -> list[tuple[str, int, int]]:
    """Where a journal's name may begin besides the capitalised words: a lower-case word that
    begins a name of three words or more ("my mum found it in cell host and microbe": a name
    that long, written out in full, is no ordinary phrase). These must spell the whole name."""
    starts = index.long_journal_starts
    if index.pair_journal_starts.intersection(post.words) and post.in_lower_case:
        # (a writer who capitalises nothing writes "scientific reports" as any name: two words do)
        starts = starts | index.pair_journal_starts
    if not starts.intersection(post.words):
        return []
    text = post.text
    return [
        (w, s, e)
        for w, s, e in post.tokens
        # (after a space or an opening mark: "cell-host-microbe" in a link's path names nothing)
        if w in starts and (s == 0 or text[s - 1].isspace() or text[s - 1] in "(\"'“‘")
    ]


def _spelled_out(seq: list[tuple[str, int, int]], key: tuple[str, ...], last: int, shortest: int = 3) -> bool:
    """Whether the words up to ``last`` spell a journal's name of ``shortest`` words or more in
    full (no word shortened, the joining words aside)."""
    said = [fold(w) for w, _, _ in seq[: last + 1]]
    return len(key) >= shortest and [w for w in said if w not in _JOURNAL_JOINERS] == list(key)


# "in the journal <name>": the name is where a work the sentence tells came out.
_IN_THE_JOURNAL = re.compile(r"\bin\s+the\s+journal\s+$", re.IGNORECASE)


def _said_of_a_work(text: str, start: int, end: int, several_words: bool) -> bool:
    """Whether the sentence around a journal's name speaks of a work, outside the name itself
    (the "Reports" of "Scientific Reports" is no report). A name of several words may also
    follow the sentence that names the work ("A friend sent me a Lund paper. This one is in
    Scientific Reports …"). A one-word name is often an ordinary word ("Viruses that linger
    …", "Trials that mix …"): only inside the sentence that names a work, never as its first
    word."""
    if _REPORTED_IN.search(text, max(0, start - 30), start):
        return True  # "Researchers reported in PNAS that …": where a finding was published
    if _ACCORDING_TO.search(text, max(0, start - 22), start):
        return True  # "… the defining feature, according to the National Academies": its report
    if _IN_THE_JOURNAL.search(text, max(0, start - 20), start):
        return True  # "… set out how care should work, in the journal Fatigue: …": where it came out
    if _AUTHORS_IN.search(text, max(0, start - 40), start):
        return True  # "a team writing in Nature Medicine", "the Oxford group in Brain": its work
    if _HEADING_OF_ITEM.search(text, max(0, start - 90), start) and _ITEM_SOURCE_END.match(text, end):
        return True  # a roundup's item, "High-dose oral cromolyn (Cureus).": the line's paper
    if _HEADING_OF_LISTED_ITEM.search(text, max(0, start - 90), start) and _ITEM_SOURCE_STOP.match(text, end):
        return True  # "3) Pyridostigmine and hand grip, Frontiers in Neuroscience.": the same
    if _TEAM_AFTER.match(text, end) and _ARTICLE_BEFORE_NAME.search(text, max(0, start - 5), start):
        return True  # "A PNAS team described …": the team of a paper in that journal
    if _POSSESSED_WORK.match(text, end):
        return True  # "Cochrane's review of exercise therapy": the journal's own work
    if _PUBLISHED_A_WORK.match(text, end):
        return True  # "Science published a paper reporting …": the journal that published it
    lo, hi = sentence_bounds(text, start, end)
    if _ONE_OF_THE_WORKS.match(text[lo:start]):
        return True  # "Two papers this year … The second, in the Annals of …, looked at …"
    if _IT_IS_IN.search(text, max(lo, start - 30), start) and _PUBLISHED_WORK.search(text, 0, lo):
        return True  # "My mum found a new study … Anyway it's in Oxford Open Immunology"
    if several_words:
        if _POINTED_BACK_TO.match(text, hi):
            return True  # "… the British Journal of Sports Medicine now calls it a myth. That paper …"
        lo = sentence_bounds(text, lo - 2, lo - 1)[0] if lo > 1 else lo
    elif not text[lo:start].strip():
        return False
    # (or the sentence's people who did the work before the name: "A Norwegian group has since
    # charted the circulating proteome in Cell Reports Medicine")
    return bool(
        _PUBLISHED_WORK.search(text, lo, start)
        or _PUBLISHED_WORK.search(text, end, hi)
        or _WORKERS.search(text, lo, start)
    )


_WORKERS = re.compile(rf"\b{_GROUP_NOUN}\b", re.IGNORECASE)


# "Cochrane's review", "Cochrane's exercise review": a journal's name owning a work.
_POSSESSED_WORK = re.compile(
    r"['’]s\s+(?:[a-z][\w-]*\s+){0,2}?(?:review|paper|study|trial|meta-analysis|article|report)s?\b"
)
# "Science published a paper …", "Nature ran a study …": the journal as the one publishing it.
_PUBLISHED_A_WORK = re.compile(
    r"\s+(?:published|printed|ran|carried)\s+(?:a|an|the|this|that|its)\s+(?:[\w-]+\s+){0,2}?"
    r"(?:paper|study|article|report|trial|review|analysis)\b"
)
# "A PNAS team", "the Nature Medicine group": a journal's name before its authors' team.
_TEAM_AFTER = re.compile(r"\s+(?:team|group|researchers|authors)\b")
_ARTICLE_BEFORE_NAME = re.compile(r"\b(?:[Aa]n?|[Tt]he)\s+\Z")
# The next sentence pointing back at a work: "That paper was about long covid", "The article …".
_POINTED_BACK_TO = re.compile(
    r"\s+(?:That|This|The|Their|Its)\s+(?:\w+\s+)?(?:paper|study|article|piece|report|review|editorial|"
    r"trial|analysis|commentary)\b"
)
# A sentence opening on one of several works told before: "The second, in …", "The other one
# appeared in …".
_ONE_OF_THE_WORKS = re.compile(
    r"\W*(?:the\s+(?:first|second|third|fourth|other|latter|former|last)(?:\s+one)?\s*,?|one\s*,)\s*"
    r"(?:(?:was\s+)?(?:published|appeared|appearing|out)\s+)?in\s+(?:the\s+)?\Z",
    re.IGNORECASE,
)
# A work told before, said to be in a journal: "it's in …", "it was published in …".
_IT_IS_IN = re.compile(
    r"\b(?:it|they)(?:'s|’s|'re|’re|\s+is|\s+was|\s+are|\s+were)?\s+(?:(?:published|out|printed)\s+)?in\s+"
    r"(?:the\s+)?\Z",
    re.IGNORECASE,
)
# Words telling where a finding was published, right before the journal's name.
_REPORTED_IN = re.compile(
    r"\b(?:reported|reporting|report|appeared|appearing|appears|appear|written\s+up)\s+in\s+(?:the\s+)?\Z",
    re.IGNORECASE,
)
# A list item's heading, the journal its paper is in closing it: "High-dose oral cromolyn
# (Cureus).", "Age of onset (Oxford Open Immunology):" at a line's start.
_HEADING_OF_ITEM = re.compile(r"(?:^|\n)[ \t]*(?:[-*•][ \t]+)?[A-Z][^.!?\n()]{2,80}\($")
_ITEM_SOURCE_END = re.compile(r"\)[.:]?[ \t]*(?:\n|$|[A-Z])")
# The same in a numbered or bulleted list, the journal after a comma: "2) Solriamfetol, Journal
# of Psychopharmacology. Eight weeks of …".
_HEADING_OF_LISTED_ITEM = re.compile(
    r"(?:^|\n)[ \t]*(?:[-*•]|\d{1,2}[.)])[ \t]+[A-Z][^.!?\n()]{2,80},[ \t]*$"
)
_ITEM_SOURCE_STOP = re.compile(r"\.[ \t]*(?:\n|$|[A-Z])")
# The people who wrote a work, right before the journal it is in.
_AUTHORS_IN = re.compile(
    r"\b(?:group|team|lab|researchers|scientists|authors)(?:,?\s+(?:writing|publishing))?\s+in\s+(?:the\s+)?\Z",
    re.IGNORECASE,
)
_PUBLISHED_WORK = re.compile(
    r"\b(?:stud(?:y|ies)|papers?|trials?|reviews?|overviews?|articles?|reports?|publish(?:ed|es)?|analys[ie]s|"
    r"preprints?|follow-?ups?|surveys?|registr(?:y|ies)|editorials?|pieces?|data|findings|results|pilots?|case\s+series|RCTs?|"
    r"commentar(?:y|ies)|(?:'s|their|his|her|the|this|that|earlier|later|newer)\s+work)\b",
    re.IGNORECASE,
)


# A quoted stretch: opened after a space or bracket, closed before a non-letter, so the
# apostrophes of "colleagues'" and "Schlömer's" open nothing.
_MIN_CUT = 5  # words of a title's beginning that, cut off with an ellipsis, still name it
_MIN_PART = 3  # meaningful words a quoted piece of a title needs to name its paper
# A kind of work right after a quoted piece: the piece qualifies that work ("'…' study").
_QUOTE_THEN_WORK = re.compile(r"""["'’”]\s+(?:study|paper|trial|analysis|review|preprint)\b""", re.IGNORECASE)


def scan_title_parts(index: AtlasIndex, post: PostText) -> list[Citation]:
    """Quoted titles cut short ('A Randomised Trial of Something in…') or quoted pieces of a
    title ('the myth of cardiac deconditioning'): the one paper whose title begins with the
    cut title, or whose title holds the quoted words in order. Several papers fitting is
    silence, not a guess; a piece of one word says too little. A piece of three meaningful
    words also names its paper when the year beside it is that paper's ("the 2012 'multicenter
    blinded analysis'"): three words alone are often a phrase several papers use; so does a
    piece of two that qualifies a work ("that 'multicenter blinded' study in 2012")."""
    found: list[Citation] = []
    for start, end, tokens, cut in post.quoted:
        dated = (
            not cut
            and all(t not in STOPWORDS for t in tokens)
            and (
                len(tokens) == 3
                or (
                    len(tokens) == 2
                    and _QUOTE_THEN_WORK.match(post.text, end) is not None
                    and all(_rare_in_titles(index, t) for t in tokens)
                )
            )
        )
        if len(tokens) < (_MIN_CUT if cut else 4) and not dated:
            continue
        year = nearest_year(post.text, start, end) if dated else None
        fitting = _titles_holding(index, tokens, cut, dated, year)
        if not fitting:
            american = [american_spelling(t) for t in tokens]
            if american != tokens:
                # ("'A Multicentre Blinded Analysis …'": a British writer quoting an American title)
                fitting = _titles_holding(index, american, cut, dated, year)
        if len(fitting) == 1:
            title = index.cards[fitting[0]].title
            found.append(Citation("title", title, (start, end), 0.9, _context(post.text, start, end)))
    return found


def _titles_holding(
    index: AtlasIndex, tokens: list[str], cut: bool, dated: bool, year: int | None
) -> list[str]:
    """The papers whose title begins with a cut quoted title, or holds a quoted piece of one in
    a row (of ``year``, the year beside it, when only that year makes the piece enough:
    ``dated``)."""
    grams = trigrams(tokens)
    if not grams <= index.gram_keys:
        return []
    n = len(tokens)
    if n == 2:  # (no trigram: the papers of the year beside it are the candidates)
        cands = set(index.by_year.get(year, ())) if year is not None else set()
    else:
        cands = set.intersection(*(index.title_grams[g] for g in grams))
    if cut:
        return [cid for cid in cands if index.titles[cid][:n] == tuple(tokens)]
    if sum(t not in STOPWORDS for t in tokens) < min(_MIN_PART, n):
        return []
    fitting = [cid for cid in cands if _holds(index.titles[cid], tokens)]
    if dated:
        fitting = [cid for cid in fitting if year is not None and index.cards[cid].year == year]
    return fitting


def _rare_in_titles(index: AtlasIndex, word: str) -> bool:
    """Whether few of the index's titles hold ``word`` (one in twenty at most): a two-word piece
    of such words ("multicenter blinded") says which paper; "chronic fatigue" says nothing."""
    return len(index.by_title_stem.get(stem(word), ())) <= max(3, len(index.cards) // 20)


def _holds(title: tuple[str, ...], part: list[str]) -> bool:
    """Whether the title has the words of ``part`` in a row."""
    n = len(part)
    first = part[0]
    return any(title[i] == first and list(title[i : i + n]) == part for i in range(len(title) - n + 1))


_NAME_JOURNAL_REACH = 80  # characters after a surname (40 before it) where its journal may stand


def scan_author_journals(
    index: AtlasIndex, post: PostText, taken: list[tuple[int, int]], skip: frozenset[str] = frozenset()
) -> list[Citation]:
    """A known first author with a journal of theirs but no year: "the Lind review in
    Diagnostics", "a Cell Reports paper by Okafor". When the surname and the journal together
    fit exactly one paper of the index, the mention is read as that surname with that paper's
    year, so the usual author-and-year route resolves it (and the journal check still applies).
    A year in reach is left to ``scan_authors``."""
    text = post.text
    found: list[Citation] = []
    for key, word, start, end, cids in _free_surnames(index, post, taken, skip):
        if nearest_year(text, start, end) is not None:
            continue
        lo, hi = sentence_bounds(text, start, end)
        named = journals_in(index, post, max(lo, start - 40), min(hi, end + _NAME_JOURNAL_REACH))
        if not named:
            continue
        fitting = [
            cid
            for cid in cids
            if index.cards[cid].year
            and any(key == index.journal_of.get(cid, ())[: len(key)] for key in named)
        ]
        if len(fitting) == 1:
            year = index.cards[fitting[0]].year
            found.append(
                Citation("author_year", f"{word} {year}", (start, end), 0.8, _context(text, start, end))
            )
    return found


def journals_in(index: AtlasIndex, post: PostText, lo: int, hi: int) -> set[tuple[str, ...]]:
    """The atlas journals named between two offsets, whatever the year beside them."""
    found: set[tuple[str, ...]] = set()
    starts = index.journal_starts
    resume = lo
    capitalised = post.capitalised
    first = bisect.bisect_left(capitalised, (lo,), key=lambda t: (t[1],))
    for word, start, _ in capitalised[first:]:
        if start >= hi:
            break
        if start < resume:
            continue
        if word == "I" or word.lower() not in starts:
            continue
        hit = _journal_at(index, post.words_from(start), post.text)
        if hit is not None:
            found.add(hit[0])
            resume = start + 1
    return found


_THE_BEFORE = re.compile(r"\b[Tt]he\s+$")
_JOURNAL_JOINERS = frozenset(("the", "of", "and", "for", "in", "on"))  # skipped inside a name


def _journal_at(
    index: AtlasIndex, tokens: list[tuple[str, int, int]], text: str
) -> tuple[tuple[str, ...], int] | None:
    """The longest atlas journal the words starting at ``tokens[0]`` spell, and its last word.
    None inside an organisation's name: "Columbia's Center for Infection and Immunity" names no
    journal "Infection"."""
    found = _longest_journal_at(index, tokens)
    # (checked after a name is found: most capitalised words start none)
    if found is not None and _ORGANISATION_BEFORE.search(text, max(0, tokens[0][1] - 40), tokens[0][1]):
        return None
    return found


def _longest_journal_at(
    index: AtlasIndex, tokens: list[tuple[str, int, int]]
) -> tuple[tuple[str, ...], int] | None:
    """``_journal_at`` less the organisation check."""
    word = tokens[0][0]
    lower = fold(word)
    initialism: tuple[tuple[str, ...], int] | None = None
    if word.isupper() and len(word) >= 3 and word.lower() in index.journal_initialisms:
        keys = index.journal_initialisms[word.lower()]
        if len(keys) == 1:
            initialism = next(iter(keys)), 0
    best: tuple[tuple[str, ...], int] | None = None
    candidates = index.journals_starting(lower)
    if not candidates:
        return initialism
    if initialism is None and lower in index.journal_short and word[:1].isupper():
        # "a Cochrane review": the journal's own one-word name, when no longer name is spelt
        initialism = index.journal_short[lower], 0
    # Folded once, not once per candidate journal, and only as far as some candidate reads:
    # most fail at their first or second word.
    folded = [lower]
    n_tokens = len(tokens)
    for key in candidates:
        size = len(key)
        j, k, last = 0, 0, 0
        while k < size and j < n_tokens:
            if j == len(folded):
                folded.append(fold(tokens[j][0]))
            t = folded[j]
            if k > 0 and t in _JOURNAL_JOINERS:
                j += 1
                continue
            part = key[k]
            if not part.startswith(t) or (size == 1 and len(t) < len(part)):
                break
            # (a later word of a name may be written out in lower case, never abbreviated in
            # it: "Nature med" is no "Nature Medicine")
            if k > 0 and t != part and len(part) > 2 and tokens[j][0][:1].islower():
                break
            last, k, j = j, k + 1, j + 1
        if (
            k == size
            and (best is None or len(key) > len(best[0]))
            and sum(len(tokens[x][0]) for x in range(last + 1)) >= 4  # long enough to be a name
        ):
            best = (key, last)
    if initialism is not None and (best is None or best[1] == 0):
        return initialism  # "JCI 2021" is the initials' journal; "JCI Insight" spelt out is not
    return best


# "the only definition anyone used was the 1994 one": a kind of document, then its year with
# "one" standing for it, in the same sentence (criteria, as other works, are told so). Its groups
# are named as ``_DESIGN_RE``'s (k2/y2 empty) so that ``scan_designs`` reads both alike.
_DESIGN_OF_YEAR_ONE = re.compile(
    r"\b(?P<k1>criteria|definition)\b[^.?!;\n]{0,60}?\bthe\s+(?P<y1>19[5-9]\d|20[0-4]\d)\s+(?:one|version)\b"
    r"(?P<k2>)(?P<y2>)",
    re.IGNORECASE,
)


def scan_designs(post: PostText) -> list[Citation]:
    """ "the big placebo-controlled trial in 2019", "a 2011 meta-analysis": design plus year."""
    found: list[Citation] = []
    lower = post.lower
    if not any(k in lower for k in _DESIGN_WORDS):  # a cheap test before the case-blind scan
        # ("the big placebo-controlled one in 2019": a trial told by its design alone)
        return _ones_of_a_year(post.text) if "one" in lower and _TRIAL_DESIGN.search(post.text) else found
    hits = list(_DESIGN_RE.finditer(post.text))
    if "one" in lower or "version" in lower:
        hits += _DESIGN_OF_YEAR_ONE.finditer(post.text)
    for m in sorted(hits, key=lambda m: m.start()):
        year = m.group("y1") or m.group("y2")
        kind = _KIND[" ".join((m.group("k1") or m.group("k2")).lower().split())]
        found.append(
            Citation(
                "description",
                f"design:{kind}|{year}",
                (m.start(), m.end()),
                0.5,
                _context(post.text, m.start(), m.end()),
            )
        )
    if "one" in lower:
        found += _ones_of_a_year(post.text)
        found.sort(key=lambda c: c.span)
    return found


# "the small one in 2011", "the big multicentre one from 2019", "the big 2019 one": one of the
# works of a kind told just before it in its sentence ("the small 2011 trial versus the big 2019
# one", "both of the group's trials, the small one in 2011 and …").
_ONE_OF_YEAR = re.compile(
    r"(?=[Tt])\b[Tt]he\s+(?:[\w-]+\s+){0,3}?"
    r"(?:one\s+(?:in|from)\s+(?P<year>19[5-9]\d|20[0-4]\d)\b|(?P<year2>19[5-9]\d|20[0-4]\d)\s+one\b)"
)
_KINDS_TOLD = re.compile(r"\b(trial|pilot|meta-analys[ie]s|review)s?\b", re.IGNORECASE)
_TRIAL_DESIGN = re.compile(r"\b(?:placebo-controlled|randomi[sz]ed|double-blind)\b", re.IGNORECASE)


def _ones_of_a_year(text: str) -> list[Citation]:
    """``design:<kind>|<year>`` for each "the … one in <year>" after a kind of work in its
    sentence (the kind last told before it)."""
    found = []
    for m in _ONE_OF_YEAR.finditer(text):
        lo, _ = sentence_bounds(text, m.start(), m.end())
        told = _KINDS_TOLD.findall(text, lo, m.start())
        if not told and _TRIAL_DESIGN.search(text, m.start(), m.end()):
            told = ["trial"]  # "the big placebo-controlled one in 2019": a trial by its design
        if not told:
            continue
        word = told[-1].lower()
        kind = _KIND["meta-analysis" if word.startswith("meta") else word]
        found.append(_description(text, f"design:{kind}|{m.group('year') or m.group('year2')}", m.span()))
    return found


# "the Fukuda criteria", "the old Fukuda definition", "Fukuda's case definition": diagnostic
# criteria called by their first author's name, as a document ("the" or a possessive). Criteria
# applied ("patients meeting Fukuda criteria", "meets Fukuda criteria") are a study's or a
# doctor's inclusion rule, not a reference to the paper ("trials that used the Oxford or Fukuda
# criteria"), and mostly written without "the".
_EPONYMOUS_CRITERIA = re.compile(
    r"(?=[TtA-Zcd])\b(?:[Tt]he\s+(?:[\w-]+\s+){0,2}?([A-Z][a-z]+)|([A-Z][a-z]+)['’]s)"
    r"\s+(?:case\s+)?(?:criteria|definition)\b"
    # (or one of several definitions named after them: "older definitions such as Fukuda's")
    r"|\b(?:criteria|definitions)\s+(?:such\s+as|like|including)\s+(?:the\s+)?([A-Z][a-z]+)['’]s\b"
)
_APPLIED = re.compile(
    r"\b(?:meet|meets|meeting|met|fulfil\w*|satisf\w*|use|used|uses|using)\W+(?:\w+\W+){0,2}$", re.IGNORECASE
)


def scan_eponymous_criteria(index: AtlasIndex, post: PostText) -> list[Citation]:
    """ "the Fukuda definition": criteria named by a surname that is the first author of a
    consensus card (``criteria:fukuda``). A capitalised word that is no such author ("the
    Oxford criteria", "the Canadian criteria") names nothing here."""
    lower = post.lower
    if "criteria" not in lower and "definition" not in lower:
        return []
    found: list[Citation] = []
    for m in _EPONYMOUS_CRITERIA.finditer(post.text):
        surname = fold(m.group(1) or m.group(2) or m.group(3))
        if surname in index.criteria_by_author and not _APPLIED.search(
            post.text[max(0, m.start() - 40) : m.start()]
        ):
            span = m.span()
            found.append(_description(post.text, f"criteria:{surname}", span))
    return found


# "Research published in 2024 showed …", "a study published in 2019 found …", "In 2024,
# researchers showed …": a work told by its year of publication and what it showed.
_PUBLISHED_IN_YEAR = re.compile(
    r"(?=[RrWwAaTtFf])\b(?:[Rr]esearch|[Ww]ork|[Ff]indings|(?:[Aa]n?|[Tt]he|[Tt]his|[Tt]hat)\s+(?:[\w-]+\s+){0,2}?"
    r"(?:study|paper|article|trial|review|analysis))\s+(?:that\s+)?(?:was\s+)?published\s+in\s+"
    r"((?:19|20)\d\d)\b(?!\s*(?:in|by)\s)"
)
_YEAR_RESEARCHERS = re.compile(
    rf"\b(?:[Bb]ack\s+in|[Ii]n)\s+{_YEAR},?\s+(?:(?:researchers|scientists|a\s+team|a\s+group)\s+{_GROUP_DID}"
    # (or "they", the researchers as lay writers say it, with a verb of finding only: "In 2009
    # they found XMRV in …", never "In 2019 they moved me to …")
    r"|they\s+(?:found|showed|reported|detected|discovered|identified)\b)"
)
# What every pattern of a work told by "in <year>" holds, and what ``_YEAR_ONLY_WORK`` holds
# (a year before one of its kinds of work).
_IN_A_YEAR = re.compile(r"[Ii]n\s+(?:19|20)\d\d")
# A timeline's line: "2015 - open-label maintenance study", "2019: the phase III trial" (the
# year opens the line, a dash or colon, then a few words ending in the kind of work).
_YEAR_HEADING = re.compile(
    r"(?m)^[ \t]*((?:19|20)\d\d)[ \t]*[-–—:][ \t]*(?:[\w-]+[ \t]+){0,3}?"
    r"(?:study|trial|pilot|paper|review|report|analysis|follow-up)[ \t]*$"
)
_YEAR_THEN_WORK = re.compile(r"(?:19|20)\d\d\s+" + _SORT_OF_WORK + _YEAR_ONLY_KINDS)
# "In 2009 a high-profile paper linked a retrovirus …": a work told by its year and what it did.
_YEAR_A_WORK_DID = re.compile(
    rf"\b(?:[Bb]ack\s+in|[Ii]n)\s+{_YEAR},?\s+an?\s+(?:[\w-]+\s+){{0,2}}?(?:paper|study|article|report)\s+{_GROUP_DID}"
)


# "its phase III trial", "the phase 3 study", "the big Norwegian phase III trial", "its phase III
# result": a trial told by its phase (``phase:3``), which the matcher reads with the treatment
# named before it.
_PHASE_TRIAL = re.compile(
    r"(?=[TtIiAa])\b(?:[Tt]he|[Ii]ts|[Tt]heir|[Aa]|[Tt]his|[Tt]hat)\s+(?:[\w-]+\s+){0,2}?[Pp]hase[\s-]+"
    r"(III|II|IV|I|[1-4])\b(?:\s*/\s*(?:III|II|IV|[1-4])\b)?\s+(?:trial|study|RCT|results?)\b"
)
_PHASES = {"I": 1, "II": 2, "III": 3, "IV": 4}


def phase_number(written: str) -> int:
    """A trial phase as written ("III", "3") as its number."""
    return _PHASES.get(written) or int(written)


def scan_phase_trials(post: PostText) -> list[Citation]:
    """ "Ampligen. Its phase III trial reported …": ``phase:3``, for the one card of the treatment
    named before it whose title or summary says it is a trial of that phase."""
    if "phase" not in post.lower:
        return []
    text = post.text
    return [
        _description(text, f"phase:{phase_number(m.group(1))}", m.span()) for m in _PHASE_TRIAL.finditer(text)
    ]


# "The same lab made headlines in 2023 with a gut study …": a work told as the team's, after
# the team, with the year and the kind of work further on in the clause.
_SAME_TEAM_LATER_WORK = re.compile(
    r"(?=[Tt])\b[Tt]he\s+same\s+(?:(?:first|lead|senior|last)\s+)?"
    r"(?P<team>lab|team|group|researchers|authors?)\b[^.?!;\n]{0,60}?"
    r"\b(?P<year>(?:19|20)\d\d)\b[^.?!;\n]{0,40}?\b(?P<kind>study|paper|trial|preprint|work|follow-up)\b"
)

# "the bigger 2024 paper from the same lab", "the 2014 work by the same lead author": the year and
# kind of work first, the team after.
_WORK_OF_SAME_TEAM = re.compile(
    r"(?=[Tt])\b[Tt]he\s+(?:[\w-]+\s+){0,2}?(?P<year>(?:19|20)\d\d)\s+(?:[\w-]+\s+){0,2}?"
    r"(?P<kind>study|paper|trial|preprint|work)\s+(?:from|by|of)\s+(?:the\s+)?same\s+"
    # ("the 2023 gut work from the same first author")
    r"(?:(?:first|lead|senior|last)\s+)?(?P<team>lab|team|group|researchers|authors?)\b"
)

# "In 2023 the same group reported that …", "the same team showed in 2021 …": a work of the team
# told by what it reported, with its year and no word for the work.
_SAME_TEAM_REPORTED_IN_YEAR = re.compile(
    r"(?=[IiBbTt])\b(?:(?:[Bb]ack\s+)?[Ii]n\s+(?P<year>(?:19|20)\d\d),?\s+the\s+same\s+(?P<team>lab|team|group|researchers)"
    r"\s+(?:had\s+)?(?:reported|showed|found|published|described)\b"
    r"|[Tt]he\s+same\s+(?P<team2>lab|team|group|researchers)\s+(?:had\s+)?(?:reported|showed|found|published|described)"
    r"\s+in\s+(?P<year2>(?:19|20)\d\d)\b)"
)


# "Two years earlier the same group reported …", "the same team, a year later, …": a work of
# the team told by how many years before or after the paper cited before it.
def _years_apart(tag: str) -> str:
    """ "two years earlier", with its count and its way in groups ``n<tag>`` and ``way<tag>`` (a
    pattern may name a group once, and the phrase stands before or after the team)."""
    return (
        rf"(?P<n{tag}>a|an|one|two|three|four|five|six|seven|eight|nine|ten|\d\d?)\s+years?\s+"
        rf"(?P<way{tag}>earlier|before|prior|later|after|on)"
    )


# "… and two years later its recovery paper": how far the work named right after it lies from
# the work told before it, at the end of the words before the naming.
_YEARS_APART_BEFORE = re.compile(rf"(?i:\b{_years_apart('')}\b)[,\s]+(?:\w+\s+){{0,2}}$")


def years_apart_before(text: str, lo: int, start: int) -> int | None:
    """Years after (negative: before) the work told earlier that the words just before
    ``start`` (not before ``lo``) put a work at: "two years later its recovery paper" is 2."""
    m = _YEARS_APART_BEFORE.search(text, max(lo, start - 40), start)
    return None if m is None else _signed_years(m.group("n"), m.group("way"))


def _signed_years(n: str, way: str) -> int:
    """ "two" and "earlier" (the groups of ``_years_apart``) as -2; "a" and "later" as 1."""
    years = int(n) if n.isdigit() else _YEAR_COUNT[n.lower()]
    return years if way.lower() in ("later", "after", "on") else -years


# "… a much smaller Norwegian study of 30 patients, published eight years earlier": how far a
# work told without its year lies from the work told before it, in the words right after it.
_YEARS_APART_AFTER = re.compile(
    r"(?:\s+(?:of|with|on|in)\s+[^.;!?,()]{1,40}?)?,?\s+(?:(?:which|that)\s+(?:was|came)\s+)?"
    rf"(?:published|released|reported|out|came\s+out)\s+(?i:{_years_apart('')})\b"
)


def years_apart_after(text: str, end: int) -> int | None:
    """Years after (negative: before) the work told earlier that the words right after a work's
    own (ending at ``end``) put it at: "…, published eight years earlier" is -8."""
    m = _YEARS_APART_AFTER.match(text, end)
    return None if m is None else _signed_years(m.group("n"), m.group("way"))


_SAME_TEAM_YEARS_APART = re.compile(
    rf"(?i:\b{_years_apart('1')}\b(?:\s+that)?,?\s+(?:the\s+)?same\s+(?:lab|team|group|researchers)\b)"
    rf"|(?i:\bthe\s+same\s+(?:lab|team|group|researchers)\b,?\s+{_years_apart('2')}\b)"
)
# "A later study by the same group …", "an earlier paper from the same lab": the team's work
# after (before) the paper cited before it, no year given.
_LATER_WORDS = frozenset({"later", "newer", "subsequent", "follow-up"})
_SAME_TEAM_LATER_OR_EARLIER = re.compile(
    r"(?=[AaTt])\b(?:[Aa]n?|[Tt]he)\s+(later|newer|subsequent|follow-up|earlier|older|previous)\s+"
    # (a word of what it is between, "a newer observation study", and the group's place,
    # "the same Berlin group")
    r"(?:[a-z][\w-]*\s+)?(?:study|paper|preprint|trial|analysis|report)\s+(?:by|from)\s+the\s+same\s+"
    r"(?:[A-Z][\w-]+\s+)?(?:lab|team|group|researchers)\b"
)
# "The group is known for an earlier study that tracked …", "the (same) team's earlier paper": a work
# of the team of the paper cited before, before (after) that paper.
_THE_TEAMS_LATER_OR_EARLIER = re.compile(
    r"(?=[Tt])\b[Tt]he\s+(?:same\s+)?(?:group|team|lab|researchers)(?:['’]s?\s+|\b[^.?!;\n]{0,40}?\b(?:an?|its|their)\s+)"
    r"(later|newer|subsequent|earlier|older|previous)\s+(?:study|paper|preprint|trial|analysis|work)\b"
)
_TEAM_WORK_KIND = {"follow-up": "study"}
_YEAR_COUNT = {"a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6}
_YEAR_COUNT |= {"seven": 7, "eight": 8, "nine": 9, "ten": 10}


def scan_same_team_works(post: PostText) -> list[Citation]:
    """ "The same lab made headlines in 2023 with a gut study", "the 2024 paper from the same
    lab": ``work:study|lab|2023``, which the matcher reads as "the same team's 2023 study" (the
    team of the paper cited before). "Two years earlier the same group reported …":
    ``team:-2``, the team's work of two years before that paper's."""
    text = post.text
    found = [_team_later_or_earlier(text, m) for m in _THE_TEAMS_LATER_OR_EARLIER.finditer(text)]
    if "same" not in post.lower:
        return found
    hits = [*_SAME_TEAM_LATER_WORK.finditer(text), *_WORK_OF_SAME_TEAM.finditer(text)]
    # ("the same lab's 2024 follow-up": a study of theirs, of a kind no design names)
    found += [
        _description(
            text,
            f"work:{_TEAM_WORK_KIND.get(m.group('kind').lower(), m.group('kind').lower())}"
            f"|{m.group('team').lower()}|{m.group('year')}",
            m.span(),
        )
        for m in hits
    ]
    found += [_team_later_or_earlier(text, m) for m in _SAME_TEAM_LATER_OR_EARLIER.finditer(text)]
    for m in _SAME_TEAM_REPORTED_IN_YEAR.finditer(text):
        if not any(c.span[0] < m.end() and m.start() < c.span[1] for c in found):
            team, year = (m.group("team") or m.group("team2")).lower(), m.group("year") or m.group("year2")
            found.append(_description(text, f"work:study|{team}|{year}", m.span()))
    for m in _SAME_TEAM_YEARS_APART.finditer(text):
        n, way = (m.group("n1"), m.group("way1")) if m.group("n1") else (m.group("n2"), m.group("way2"))
        found.append(_description(text, f"team:{_signed_years(n, way)}", m.span()))
    return sorted(found, key=lambda c: c.span)


# "a separate preprint using the same DecodeME patient cohort": another work of the cohort a
# cited paper studied (the cohort's name, where given, a word written as a name).
_SAME_COHORT = re.compile(
    r"\b(?:same\s+(?:[A-Z][\w-]*[A-Z][\w-]*\s+)?|[A-Z][\w-]*[A-Z][\w-]*\s+)"
    r"(?:patient\s+|study\s+)?(?:cohort|participants|volunteers)\b"
)
_WORK_OF_COHORT = re.compile(
    r"\b(?:preprint|paper|study|analysis|re-?analysis|re-?analy[sz]ed)\b", re.IGNORECASE
)


def scan_same_cohort_works(post: PostText) -> list[Citation]:
    """ "A separate analysis of the same cohort …", "a second preprint, from a company that
    reanalysed the same patient cohort …": ``cohort:``, a work (its sentence says one) on the
    cohort of the paper cited before, which the matcher finds among the papers whose titles
    name that cohort as the cited paper's does."""
    text = post.text
    lower = post.lower
    if "cohort" not in lower and "participants" not in lower and "volunteers" not in lower:
        return []  # (a cheap test first)
    found = []
    for m in _SAME_COHORT.finditer(text):
        lo, hi = sentence_bounds(text, *m.span())
        if _WORK_OF_COHORT.search(text, lo, hi):
            found.append(_description(text, "cohort:", m.span()))
    return found


def _team_later_or_earlier(text: str, m: re.Match[str]) -> Citation:
    """``team:later`` or ``team:earlier``: the way group 1 of a "later/earlier work of the
    team" match tells."""
    way = "later" if m.group(1).lower() in _LATER_WORDS else "earlier"
    return _description(text, f"team:{way}", m.span())


def scan_year_works(post: PostText) -> list[Citation]:
    """ "The 2024 study found that patients could not repeat their results", "reported by a
    Cornell group in 2016": a work told only by its year (``year:2024``), for the matcher to
    weigh the post's words against every paper of that year."""
    text = post.text
    # (cheap tests first: the patterns, tried at every word, cost more than all but a few
    # scanners, and most posts have no year right after a kind of work, or after "in")
    hits = list(_YEAR_ONLY_WORK.finditer(text)) if _YEAR_THEN_WORK.search(text) else []
    if "\n" in text:
        hits += _YEAR_HEADING.finditer(text)
    if _IN_A_YEAR.search(text):
        if "published" in post.lower:
            hits += _PUBLISHED_IN_YEAR.finditer(text)
        hits += _YEAR_A_WORK_DID.finditer(text)
        grouped = _names_a_group(post)
        if grouped:
            hits += _YEAR_GROUP_WORK.finditer(text)
        if grouped or " they " in post.lower:
            hits += _YEAR_RESEARCHERS.finditer(text)
    return [
        _description(text, f"year:{_year_of(m)}", m.span()) for m in sorted(hits, key=lambda m: m.start())
    ]


def scan_works_from_year(post: PostText) -> list[Citation]:
    """ "the big American report from 2015": a work told by its year after its kind
    (``year:2015``, weighed as a year alone is); the matcher drops one that another
    description already names."""
    text = post.text
    if " from " not in text and " of 19" not in text and " of 20" not in text:
        return []
    return [_description(text, f"year:{m.group(1)}", m.span()) for m in _WORK_FROM_YEAR.finditer(text)]


# "The Bergen group found an amino acid pattern ...": a work told by the named group that did
# it, with no year and no kind of work; only with a verb that reports a finding ("the Bergen
# group is recruiting" names no paper).
_GROUP_FOUND = re.compile(
    rf"\b[Tt]he\s+((?:[A-Z][\w'’.-]*\s+){{1,3}}){_GROUP_NOUN}\s+"
    r"(?:also\s+|later\s+|then\s+)?" + _GROUP_DID
)
# "The Bergen group's amino-acid profiles suggest …": the group's work, a few words long, saying
# what it found (in any tense: a finding is told in the present too).
_GROUP_WORK_SAYS = re.compile(
    rf"\b[Tt]he\s+((?:[A-Z][\w.-]*\s+){{1,3}}){_GROUP_NOUN}['’]s\s+(?:[\w-]+\s+){{1,4}}?"
    r"(?:suggest(?:s|ed)?|show(?:s|ed)?|found|find|finds|report(?:s|ed)?|point(?:s|ed)?|indicate[sd]?)\b"
)


# "Researchers at Columbia University found …", "a team from the NIH says …", "Cornell
# scientists reported …", "a Norwegian group that gave 150 patients rituximab found …": a group
# told by its place, reporting a finding later in the same sentence (news tells papers so). A
# possessive is a person's group ("Rekeland's group"), not a place.
_GROUP_AT = re.compile(
    r"\b(?:[Rr]esearchers|[Ss]cientists|[Aa]\s+(?:research\s+)?(?:team|group|lab))\s+(?:at|from|in)\s+(?:the\s+|an?\s+)?"
    r"((?:[A-Z][\w'’.-]*(?:\s+of)?\s+){0,3}[A-Z][\w'’.-]*)"
)
_PLACE_GROUP = re.compile(
    r"(?=[A-Z])(?<![\w'’])((?:[A-Z][\w.-]*\s+){1,3})(?:researchers|scientists|team|group)\b"
)
# "The second study, led by researchers at …": a work the group did, whatever the sentence
# then says of it.
_WORK_LED_BY = re.compile(
    r"\b(?:study|trial|paper|analysis|project|work)\b,?\s+(?:\w+\s+)?(?:led|run|conducted|carried\s+out|done)"
    r"\s+by\s+$",
    re.IGNORECASE,
)
# What a group reporting a finding does, in a news item's words.
_GROUP_REPORTS = re.compile(
    r"\b(?:found|finds|reported|reports|showed|shows|measured|studied|analy[sz]ed|tested|gave|treated|"
    r"published|described|discovered|identified|says?|said|confirmed|examined|investigated|compared|"
    r"replicated|(?:tried|set\s+out|sought)\s+to\s+(?:check|replicate|confirm|repeat|test))\b"
)


@cache
def _places_and_countries() -> frozenset[str]:
    """A known group's place words and the countries' adjectives: the words that tell a work by
    who did it ("a 2016 Cornell study", "a Norwegian trial")."""
    return all_places() | DEMONYMS


# "the Norwegians proved it in 2011": a country's researchers told as its people, doing a work.
_PEOPLES = {
    "norwegians": "norwegian", "swedes": "swedish", "danes": "danish", "finns": "finnish",
    "germans": "german", "dutch": "dutch", "belgians": "belgian", "brits": "british",
    "americans": "american", "canadians": "canadian", "australians": "australian",
    "japanese": "japanese", "koreans": "korean", "italians": "italian", "spaniards": "spanish",
}  # fmt: skip
_PEOPLE_DID = re.compile(
    r"\b[Tt]he\s+("
    + "|".join(p.capitalize() for p in _PEOPLES)
    + r")\s+(?:also\s+|later\s+|then\s+|first\s+)?"
    + r"(?:proved|showed|found|reported|published|tested|treated|ran|did|(?:tried|set\s+out|sought)\s+to)\b"
)

# "the Japanese PET scans showed …", "the Korean MRI scans from 2019 found …": a place's scans
# doing a work's telling are its study (the year they were told in may come between).
_PLACE_SCANS = re.compile(
    r"\b[Tt]he\s+([A-Z][\w-]+(?:\s+(?:PET|MRI|fMRI|SPECT|brain|imaging))?)\s+scans\s+"
    r"(?:(?:from|of|in)\s+(?:19|20)\d\d,?\s+)?(?:also\s+)?"
    r"(?:proved|showed|found|revealed|suggested)\b"
)


def _place_scans(text: str) -> list[Citation]:
    """ "The Japanese PET scans showed …" (``named:study|japanese pet``); a place's scans only:
    "the MRI scans showed nothing" are the writer's own."""
    found = []
    for m in _PLACE_SCANS.finditer(text):
        naming = naming_words(m.group(1))
        if naming and naming[0] in _places_and_countries():
            found.append(_description(text, f"named:study|{' '.join(naming)}", m.span()))
    return found


def scan_group_works(post: PostText) -> list[Citation]:
    """ "The Bergen group found …", "Researchers at Columbia University found …": a named work
    (``named:group|bergen``) whose naming words are the group's; the matcher weighs the post's
    words against the papers holding them (a group's papers hold its place words:
    ``research_groups``)."""
    text = post.text
    found: list[Citation] = [
        _group_work(text, m.span(), [_PEOPLES[m.group(1).lower()]]) for m in _PEOPLE_DID.finditer(text)
    ]
    if " scans " in text:
        found += _place_scans(text)
    if not _names_a_group(post):
        return found
    taken: list[tuple[int, int]] = [c.span for c in found]
    for m in (*_GROUP_FOUND.finditer(text), *_GROUP_WORK_SAYS.finditer(text)):
        naming = naming_words(m.group(1))
        if naming:
            span = (m.start(), m.end())
            taken.append(span)
            found.append(_group_work(text, span, naming))
    for pattern in (_GROUP_AT, _PLACE_GROUP):
        for m in pattern.finditer(text):
            span = (m.start(), m.end())
            if _overlaps(span, taken):
                continue
            if sentence_bounds(text, span[1] - 1, span[1])[0] > span[0]:
                continue  # "… in Nature Medicine. The team reported": no group across a full stop
            lo, hi = sentence_bounds(text, *span)
            if not (
                _GROUP_REPORTS.search(text, span[1], hi)
                or _ACCORDING_TO.search(text, lo, span[0])
                or _WORK_LED_BY.search(text, lo, span[0])
            ):
                continue  # "researchers at Stanford are recruiting": no finding, no paper
            naming = _place_naming(m.group(1))
            if naming:
                taken.append(span)
                found.append(_group_work(text, span, naming))
    return found


# "a big US study": the country's initials in capitals, its adjective (lower case is "us").
_US = re.compile(r"\b(?:US|U\.S\.)(?=[\s,;:)/-]|$)")


# A span of time made an adjective ("years-long", "a decade-long follow-up"): how long a work
# took, never what it is about.
_HOW_LONG = re.compile(r"\b(?:\w+-)?(?:hours?|days?|weeks?|months?|years?|decades?)-long\b", re.IGNORECASE)


def naming_words(written: str, left_out: frozenset[str] = frozenset()) -> list[str]:
    """The words of a mention that may name a work, stemmed: no stop words, vague words ("big",
    "new"), single letters, or words of ``left_out``."""
    if "U" in written:
        written = _US.sub("American", written)
    if "-long" in written:
        written = _HOW_LONG.sub(" ", written)  # "the government's years-long study": no topic
    return [
        stem(w)
        for w in words(lay_phrases_as_title_words(written))
        if w not in STOPWORDS and w not in _VAGUE and w not in left_out and len(w) > 1
    ]


def _place_naming(written: str) -> list[str]:
    """The naming words of a group's place as written ("Columbia University" → "columbia")."""
    return naming_words(written, INSTITUTION_WORDS)


def _group_work(text: str, span: tuple[int, int], naming: list[str]) -> Citation:
    """A work told by the group that did it: ``named:group|<naming words>``."""
    return _description(text, f"named:group|{' '.join(naming)}", span)


_MONTHS = frozenset(month.lower() for month in MONTHS)
# "the first pilot from the Charité", "a trial at Bergen": a work told by the place of the group
# that did it, after the kind of work ("by" is left out: "the paper by McGregor" is a person).
_PLACE_WORK_KINDS = ("trial", "study", "paper", "pilot", "review", "report", "preprint", "article")
# "a newer one from Columbia", "She gave me two papers. In the first, from Berlin in 2016, …":
# words standing for a work told before, by its place (only after a work was told)
_STANDS_FOR_A_WORK = ("one", "first", "second", "third", "other", "former", "latter")
_WORK_OF_PLACE = re.compile(
    r"(?=[TtAa])\b(?:[Tt]he|[Aa]n?|[Tt]his|[Tt]hat)\s+(?:[\w-]+\s+){0,2}?("
    + "|".join((*_PLACE_WORK_KINDS, *_STANDS_FOR_A_WORK))
    + r"),?\s+"
    r"(?:(?:led|run|done|is|was)\s+)?(?:from|at|out\s+of|(in|of))\s+(?:the\s+)?((?:[A-Z][\w'’.-]*(?:\s+of)?\s+){0,2}[A-Z][\w'’.-]*)"
)


def scan_works_of_places(post: PostText) -> list[Citation]:
    """ "the first pilot from the Charité", "the pilot of the Charité": a named work
    (``named:group|charite``) whose naming words are its group's place, read as "the Charité
    group found" would be."""
    text = post.text
    if not any(kind in post.lower for kind in _PLACE_WORK_KINDS) and "studies" not in post.lower:
        return []  # (after "two studies …", "the second" may be one of them)
    # (read as a group's work: a group has papers the atlas lacks, which the matcher weighs
    # before guessing at its card)
    found: list[Citation] = []
    for m in _WORK_OF_PLACE.finditer(text):
        start, end = m.start(), m.end()
        if m.group(1) in _STANDS_FOR_A_WORK and not _A_WORK_BEFORE.search(text, 0, start):
            continue  # "a newer one from Columbia" stands for a work only after one was told
        if _IS_OR_WAS.match(text, m.end(1)) and m.group(1) not in _STANDS_FOR_A_WORK:
            continue  # "The second is from Sweden" (of two works told) but not "the trial was in …"
        # (a place is one sentence's words: "… paper from Columbia. Peroxisomal …" ends there)
        end = min(end, sentence_bounds(text, start, start + 1)[1])
        naming = _place_naming(text[m.start(3) : end]) if end > m.start(3) else []
        if m.group(2) and not set(naming) <= all_places():
            continue  # "a study in Berlin", "the pilot of the Charité" are a place's; "a study
            # in Nature", "in Long COVID", "a trial of Rituximab" are not
        if naming and naming[0] in _MONTHS:
            continue  # "a preprint from January" is a date, not a group's place
        if naming:
            found.append(_group_work(text, (start, end), naming))
    for m in _PLACE_ONE.finditer(text):
        naming = _place_naming(m.group(1))
        if (
            naming
            and set(naming) <= _places_and_countries()
            and _A_WORK_BEFORE.search(text, 0, m.start())
            and not _NOT_BEFORE.search(text, max(0, m.start() - 5), m.start())
            and not _told_before_by_place(text, m.group(1), m.start())
        ):
            # "the Stanford one with the 51 cytokines", "the Jackson Laboratory one", after
            # works were told: "the Stanford study" (not "… is not the NIH one": another work
            # than the one told)
            found.append(_description(text, f"named:study|{' '.join(naming)}", m.span()))
    return found


def _told_before_by_place(text: str, place: str, before: int) -> bool:
    """Whether a work was named by this place earlier in the post ("the Swedish cerebrospinal
    fluid paper … lined up in the Swedish one"): "the Swedish one" is then that work again,
    which its own, fuller name already cites."""
    named = re.compile(rf"\b{re.escape(place)}\s+(?:[\w-]+\s+){{0,4}}?(?:{'|'.join(_PLACE_WORK_KINDS)})\b")
    return named.search(text, 0, before) is not None


# "The second is from Sweden": where a work told before by its place in a list was done.
_IS_OR_WAS = re.compile(r",?\s+(?:is|was)\s")
# A work told before "one" may stand for it ("… a study of 2016 from Cornell. A newer one …").
_A_WORK_BEFORE = re.compile(r"\b(?:stud(?:y|ies)|papers?|trials?|preprints?|articles?)\b", re.IGNORECASE)
_NOT_BEFORE = re.compile(r"\bnot\s+$")
# "the Stanford one", "the Japanese one": a place's work, once works were told.
_PLACE_ONE = re.compile(r"\b[Tt]he\s+((?:[A-Z][\w'’.-]*\s+)?[A-Z][\w'’.-]*)\s+one\b(?!\s+of\b)")


# "the two 2023 gut microbiome papers", "both 2023 studies of the gut microbiome", "the pair
# of gut studies published in 2023": several works told together by what they are about.
_PLURAL_WORKS = re.compile(
    r"(?=[TtBbAa])\b(?:(?:[Tt]he|[Bb]oth|[Aa]ll)\s+)?(?:((?i:two|three|both|pair\s+of))\s+)?"
    r"((?:[\w&'’-]+(?=\s)[ \t\r]*\n?[ \t\r]*){0,4}?)(?:papers|studies|trials|reviews)\b"
    r"(?:\s+(?:of|on|about|into)\s+((?:the\s+)?(?:[\w'’-]+\s+){0,2}[\w'’-]+))?"
)
_PLURAL_COUNT = {"two": "2", "both": "2", "pair of": "2", "three": "3"}
_COUNT_INSIDE = re.compile(r"\b(?:two|three)\s", re.IGNORECASE)
# ("there are two 2023 papers …" says they exist, which ``_told_together`` reads)
_ARE_BEFORE = re.compile(r"(?<!there\s)\b(?:are|were)\s+\Z", re.IGNORECASE)
_ONE_OF_THEM = re.compile(r"\b(?:one|either|which|neither|none|any|each)\s+of\s+$", re.IGNORECASE)


# One to three plain (lower-case) words telling what a work is about: "recovery", "long-term
# follow-up" (shared by the trial-paper patterns below).
_FEW_PLAIN_WORDS = r"([a-z][\w-]*(?:\s+[a-z][\w-]*){0,2}?)"
# "the two later PACE papers, on recovery and on long-term follow-up": a named trial's papers,
# each told by what it is about (a few plain words each, the second ending the clause).
_TRIAL_PAPERS_EACH = re.compile(
    r"\b(?:[Tt]he|[Bb]oth(?:\s+the)?|[Ii]ts)\s+(?:(?:two|three|later|other|main)\s+)*?"
    r"([A-Z]{3,}[\w-]*)\s+(?:papers|reports|publications)\s*[,:]?\s+(?:on|about)\s+"
    + _FEW_PLAIN_WORDS
    + r"\s*,?\s+and\s+(?:(?:on|about)\s+)?"
    + _FEW_PLAIN_WORDS
    + r"(?=\s*[,.;:!?)\n]|\s+(?:were|are|have|had|which|that)\b)"
)


def scan_trial_papers_each(post: PostText) -> list[Citation]:
    """A named trial's papers told together, each by what it is about ("the PACE papers on
    recovery and on long-term follow-up"): one named work per topic (``named:paper|pace
    recovery``), as "the PACE recovery paper" is read."""
    if "papers" not in post.text and "reports" not in post.text and "publications" not in post.text:
        return []
    found: list[Citation] = []
    for m in _TRIAL_PAPERS_EACH.finditer(post.text):
        name = m.group(1).lower()
        for part in (2, 3):
            naming = naming_words(m.group(part))
            if naming:
                found.append(
                    _description(post.text, f"named:paper|{' '.join([name, *naming])}", m.span(part))
                )
    return found


def scan_plural_works(post: PostText) -> list[Citation]:
    """Several works told together by what they are about and a year in or beside the words
    (``several:2|gut microbiome|2023``: how many, naming words, year); the matcher takes each
    of them when exactly that many papers of the year fit."""
    text = post.text
    if not any(kind in post.lower for kind in ("papers", "studies", "trials", "reviews")):
        return []
    found: list[Citation] = []
    for m in _PLURAL_WORKS.finditer(text):
        written = m.group(0)
        count = m.group(1) or ("both" if written[:4].lower() == "both" else None)
        if count is None and not written[:4].lower().startswith(("the ", "all ")):
            # "there are two 2025 papers on …": the words the match opened on hide a count
            counted = _COUNT_INSIDE.search(text, m.start() + 1, m.end())
            inner = _PLURAL_WORKS.match(text, counted.start()) if counted else None
            if inner is None or not inner.group(1):
                continue  # "I read studies on …": which ones is never said
            m, written, count = inner, inner.group(0), inner.group(1)
        if _ARE_BEFORE.search(text, max(0, m.start() - 12), m.start()):
            continue  # "doi … and PMID … are two different reviews": what the works told are
        one_of = _ONE_OF_THEM.search(text, max(0, m.start() - 20), m.start())
        if one_of is not None and not (one_of.group(0).lower().startswith("one") and m.group(1)):
            # "either of the 2023 gut papers": which of them is not said; "one of the most
            # cited papers": of no counted few
            continue
        phrase = f"{m.group(2)} {m.group(3) or ''}"
        naming = naming_words(phrase)
        years = [int(w) for w in naming if YEAR_RE.fullmatch(w)]
        naming = [w for w in naming if not w.isdigit()]
        span = (m.start(), m.end())
        year = years[0] if len(years) == 1 else (nearest_year(text, *span) if not years else None)
        wanted = _PLURAL_COUNT[" ".join(count.lower().split())] if count else "2,3"
        # "two papers from Betsy Keller's group": whose works they are, told after them
        owner_after = _OWNER_AFTER.match(text, m.end()) if count is not None else None
        if owner_after is not None:
            span = (m.start(), owner_after.end())
            naming = [*naming_words(owner_after.group(1)), *naming]
        if not naming and count is not None and not years:
            # "Keller's two studies, from 2014 and 2024": no words of what they are about, but
            # whose they are and one year each
            owner = _OWNER_BEFORE.search(text, max(0, m.start() - 40), m.start())
            if owner is not None and _one_year_each(text, span, wanted) is not None:
                span = (owner.start(), m.end())
                naming = naming_words(owner.group(1))
        if not naming or (year is None and count is None):
            continue
        each_year = _one_year_each(text, span, wanted) if not years else None
        if each_year is not None and not one_of:
            # "the two PLoS ONE rituximab papers from 2011 and 2015", "both Keller CPET papers,
            # the small 2014 one and the big 2024 one": as many years after them in the sentence
            # as papers counted, one paper each
            found.append(_description(text, f"several:{wanted}|{' '.join(naming)}|{each_year}", span))
            continue
        if year is None and owner_after is None:
            # "Fluge's two PLoS ONE rituximab papers": no year, so the count told, whose works
            # they are (a possessive name before them) and their words must pick them out of
            # every year
            # ("two large single studies" says nothing of whose)
            owner = _OWNER_BEFORE.search(text, max(0, m.start() - 40), m.start())
            if owner is not None:
                span = (owner.start(), m.end())
                naming = [*naming_words(owner.group(1)), *naming]
            elif count is None or len(naming) < 3:
                continue
        # ("one of the two 2023 gut papers found …": one of them, which the words may tell)
        value = f"{'oneof' if one_of else 'several'}:{wanted}|{' '.join(naming)}|{year or ''}"
        found.append(_description(text, value, span))
    return found


def _one_year_each(text: str, span: tuple[int, int], wanted: str) -> str | None:
    """The years written after counted works in their sentence ("2011,2015"), when they are as
    many (and all different) as the works counted; else None."""
    if "," in wanted:
        return None  # (a plural alone counts no works)
    _, hi = sentence_bounds(text, *span)
    told = list(dict.fromkeys(m.group(0) for m in YEAR_RE.finditer(text, span[1], hi)))
    return ",".join(told) if len(told) == int(wanted) else None


# "Fluge's " right before "two … papers": whose works they are.
_OWNER_BEFORE = re.compile(r"(?<![\w'’-])([A-Z][\w-]+)['’]s\s+\Z")
# " from Betsy Keller's group", " by Keller and colleagues" right after "two papers": the same.
_OWNER_AFTER = re.compile(
    r"\s+(?:from|by)\s+(?:[A-Z][\w-]+\s+)?([A-Z][\w-]+)"
    r"(?:['’]s\s+(?:group|team|lab)\b|\s+(?:and\s+(?:colleagues|co-workers)|et\s+al)\b)"
)


# "a later reanalysis", "an independent re-analysis": a reanalysis told by nothing else, which
# the matcher takes for the one known paper whose title says it is one, when the words around
# it are about what that paper reanalysed.
_LONE_REANALYSIS = re.compile(
    r"(?=[AaTt])\b(?:[Aa]n?|[Tt]he|[Tt]his|[Tt]hat)\s+(?:(?:later|independent|subsequent|critical|"
    r"published|recent)\s+)?re-?analysis\b"
)


# "a secondary analysis of PACE", "the long-term follow-up of the PACE trial", "a reanalysis of
# PACE": a later paper told by what it is (as the cards' designs say) and the trial's name.
_DERIVED_WORK = re.compile(
    r"(?=[AaTt])\b(?:[Aa]n?|[Tt]he|[Tt]his|[Tt]hat)\s+(?:[\w-]+\s+)?"
    r"((?i:secondary\s+analysis|long-term\s+follow-up|follow-up|re-?analysis))\s+(?:of|from)\s+(?:the\s+)?"
    r"([A-Z][A-Z0-9-]+|[A-Z][a-z]+[A-Z][\w-]*)\b"
)


# "the PACE data were reanalysed", "researchers re-analysed PACE": the same later paper told by
# its verb (a trial's name in capitals, as for ``_DERIVED_WORK``).
_REANALYSED = re.compile(
    r"\b([A-Z][A-Z0-9-]+)(?:\s+(?:trial|trial['’]s|study['’]s))?(?:\s+(?:data|dataset|results|outcomes|findings))?"
    r"\s+(?:were|was|had\s+been|have\s+been|has\s+been|got)\s+(?:\w+\s+)?re-?analy[sz]ed\b"
    r"|\bre-?analy[sz]ed\s+(?:the\s+)?([A-Z][A-Z0-9-]+)\b"
)


# "a later analysis", "the secondary analysis" with no trial named after it ("of PACE"), or
# with the trial told back ("a later analysis from the same trial", "of that trial's data")
_LONE_LATER_ANALYSIS = re.compile(
    r"(?=[AaTt])\b(?:[Aa]|[Tt]he)\s+(?:later|subsequent|secondary)\s+analysis\b"
    r"(?!\s+(?:of|from)\b(?!\s+(?:the\s+same|that|this|the)\s+(?:trial|study)(?:'s)?\b))"
)


def scan_derived_works(post: PostText) -> list[Citation]:
    """ "a secondary analysis of PACE", "the PACE data were reanalysed": ``derived:secondary
    analysis|pace`` (what the later paper is, the trial's name), for the matcher to find the one
    card of that design about it."""
    text = post.text
    lower = post.lower
    if "analy" not in lower and "follow" not in lower:  # (a cheap test first)
        return []
    found = []
    for m in _DERIVED_WORK.finditer(text):
        kind = " ".join(m.group(1).lower().replace("re-analysis", "reanalysis").split())
        value = f"derived:{kind}|{m.group(2).lower()}"
        found.append(_description(text, value, m.span()))
    if "analysis" in lower:
        # "In a later analysis, 22 percent met the recovery criteria": a secondary analysis of
        # the trial the post named before it (the matcher finds which, or nothing)
        for m in _LONE_LATER_ANALYSIS.finditer(text):
            found.append(_description(text, "derived:secondary analysis|", m.span()))
    if "analysed" in lower or "analyzed" in lower:
        for m in _REANALYSED.finditer(text):
            value = f"derived:reanalysis|{(m.group(1) or m.group(2)).lower()}"
            found.append(_description(text, value, m.span()))
    return found


# "independent researchers reanalysed the data", "they redid the analysis the protocol's way": the
# reanalysis told by its verb, with no trial named in it (``_REANALYSED`` reads a named one).
_LONE_REANALYSED = re.compile(
    r"(?=[RrAa])\b(?:re-?analy[sz]ed|re-?(?:did|ran)\s+(?:the|their|all\s+the)\s+analys[ie]s)\b"
)


def scan_lone_reanalyses(post: PostText) -> list[Citation]:
    """ "A later reanalysis went back to the trial's protocol", "independent researchers
    reanalysed the data": ``named:paper|reanalysis``."""
    text = post.text
    lower = post.lower
    if "analysis" not in lower and "analysed" not in lower and "analyzed" not in lower:
        return []
    named = [m.span() for m in _REANALYSED.finditer(text)]
    told = [
        m.span()
        for m in _LONE_REANALYSIS.finditer(text)
        # ("… and to invite an independent reanalysis": one asked for, none done)
        if not _asked_for_before(text, m.start())
    ] + [m.span() for m in _LONE_REANALYSED.finditer(text) if not any(a <= m.start() < b for a, b in named)]
    return [_description(text, "named:paper|reanalysis", span) for span in told]


def _names_a_group(post: PostText) -> bool:
    """Whether the text has a word the group patterns need (most posts have none: a substring
    test is far cheaper than the patterns)."""
    lower = post.lower
    return any(word in lower for word in RESEARCH_GROUP_NOUNS)


def _year_of(m: re.Match[str]) -> str:
    """The year a work pattern captured (whichever of its alternatives matched)."""
    return next(g for g in m.groups() if g)


_TENS = {
    "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50,
    "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90,
}  # fmt: skip
_UNITS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9}
_TEENS = {
    "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15, "sixteen": 16,
    "seventeen": 17, "eighteen": 18, "nineteen": 19,
}  # fmt: skip
# "the ten-person pilot", as "the 151-patient trial" is written in figures.
_SIZE_ADJECTIVE = r"-(?:patient|person|participant|subject|adult|child|case|volunteer)"
# "nine patients and ten healthy controls": sizes a news story writes in words (from eight, as
# for figures: smaller groups say nothing).
_WORD_GROUP_SIZE = re.compile(
    r"\b(?=[EeNnTtFfSs])"  # (every number word's first letter: fails fast elsewhere)
    r"(?:(eight|nine|" + "|".join(_TEENS) + r")"
    r"|(" + "|".join(_TENS) + r")(?:[- ](" + "|".join(_UNITS) + r"))?)"
    r"(?:\s+(?:" + GROUP_WORD + r"\s+){0,3}?" + GROUP_NOUNS + r"|" + _SIZE_ADJECTIVE + r")\b",
    re.IGNORECASE,
)


_NUMBER_WORDS = frozenset(("eight", "nine", *_TEENS, *_TENS))  # the first words _WORD_GROUP_SIZE reads


def _word_number(m: re.Match[str]) -> int:
    small, tens, unit = (g.lower() if g else g for g in m.groups())
    if small:
        return _TEENS.get(small) or _UNITS[small]
    return _TENS[tens] + (_UNITS[unit] if unit else 0)


def sizes_said(text: str) -> set[int]:
    """The group sizes a stretch of text gives, in figures or in words ("ten patients")."""
    found = group_sizes(text)
    if any(w in text.lower() for w in _NUMBER_WORDS):
        found |= {n for n in map(_word_number, _WORD_GROUP_SIZE.finditer(text)) if telling_size(n)}
    return found


# "more than 260 patients", "nearly 300 people": a size said roughly. A reader rounds to a
# figure near the real one, so each wording covers a tenth of its figure on its side.
_ROUGH_SIZE = re.compile(
    r"\b(more than|over|upwards of|above|nearly|almost|just under|close to|about|around|roughly|"
    r"approximately)\s+(\d{2,5})(?:\s+(?:" + GROUP_WORD + r"\s+){0,3}?" + GROUP_NOUNS + r")\b",
    re.IGNORECASE,
)
_ROUGH_ABOVE = frozenset({"more than", "over", "upwards of", "above"})
_ROUGH_BELOW = frozenset({"nearly", "almost", "just under", "close to"})


def rough_sizes(text: str) -> list[tuple[int, int]]:
    """The ranges of group size a stretch of text says roughly ("more than 260 patients":
    260 to 286), for telling a study by its size when no exact figure is given."""
    ranges = []
    for m in _ROUGH_SIZE.finditer(text):
        n, said = int(m.group(2)), m.group(1).lower()
        if not telling_size(n):
            continue
        tenth = max(1, n // 10)
        lo = n if said in _ROUGH_ABOVE else n - tenth
        hi = n if said in _ROUGH_BELOW else n + tenth
        ranges.append((lo, hi))
    return ranges


def scan_group_sizes(index: AtlasIndex, post: PostText) -> list[Citation]:
    """ "stool from 106 patients and 91 healthy controls": a study told by its numbers, one
    citation per sentence giving group sizes some card reports (the matcher then asks which
    of those cards the post's words fit)."""
    text = post.text
    if not index.by_count:
        return []
    figures = GROUP_SIZE.finditer(text) if _TWO_DIGITS.search(text) else ()  # (a cheap test first)
    sizes = [(int(m.group(1)), m.start(), m.end()) for m in figures]
    if not _NUMBER_WORDS.isdisjoint(post.words):  # (a number word is a whole word of the post)
        sizes += [(_word_number(m), m.start(), m.end()) for m in _WORD_GROUP_SIZE.finditer(text)]
    by_sentence: dict[tuple[int, int], list[int]] = {}
    for n, start, end in sizes:
        if not telling_size(n) or n not in index.by_count:
            continue
        by_sentence.setdefault(sentence_bounds(text, start, end), []).append(n)
    return [
        Citation("description", "count:" + " ".join(map(str, sorted(set(sizes)))), (lo, hi), 0.5, text[lo:hi])
        for (lo, hi), sizes in by_sentence.items()
    ]


# "three patients", "5 people": a group too small to tell a study by on its own (``MIN_GROUP``).
_SMALL_GROUP = re.compile(
    r"\b(?=[TtFfSs2-7])(two|three|four|five|six|seven|[2-7])"
    r"(?!\s+(?:halves|thirds?|quarters?|fifths?|sixths?|sevenths?|tenths?|percent|per\s+cent)\b)"  # a share
    r"(?:\s+(?:" + GROUP_WORD + r"\s+){0,2}?" + GROUP_NOUNS + r"|" + _SIZE_ADJECTIVE + r")\b",
    re.IGNORECASE,
)


def scan_small_groups(index: AtlasIndex, post: PostText) -> list[Citation]:
    """ "the first three patients back in 2009": a group too small to name a study alone, with a
    year in its sentence, is the one card of that year reporting exactly that sample
    (``sized:3|2009``); many studies have a handful of patients, few of them in a given year.
    Without a year, a case series or case report said in the sentence ("the three-patient case
    series") is told the same way (``sized:3|``): few papers are case series of one size; so is
    a group told by its number and noun alone ("gave the drug to three patients"), which the
    matcher takes only when the sentence also says a word of that case series' title."""
    text = post.text
    found: list[Citation] = []
    for m in _SMALL_GROUP.finditer(text):
        lo, hi = sentence_bounds(text, m.start(), m.end())
        years = {int(y.group(1)) for y in YEAR_RE.finditer(text, lo, hi)}
        if len(years) > 1:
            continue
        if not (years or CASE_SERIES.search(text, lo, hi) or _ADJACENT_GROUP.match(m.group(0))):
            continue  # "three of ten patients", "for three years people …": no group told
        n = _UNITS.get(m.group(1).lower()) or int(m.group(1))
        # "the three-patient case series": no year, but a case series of that size
        # (``sized:3|``), which few papers are
        value = f"sized:{n}|{years.pop() if years else ''}"
        found.append(_description(text, value, m.span()))
    return found


CASE_SERIES = re.compile(r"\bcase\s+(?:series|reports?)\b", re.IGNORECASE)
# A small group told as one: the number right before its noun ("three patients", "3-patient").
# "three ME/CFS patients", "three Norwegian patients": the illness's name or a country's
# adjective between them keeps them one group
_ADJACENT_GROUP = re.compile(
    r"\w+(?:\s+(?:ME/CFS\s+|CFS/ME\s+|ME\s+|CFS\s+|(?:"
    + "|".join(sorted(DEMONYMS))
    + r")\s+)?"
    + GROUP_NOUNS
    + r"|"
    + _SIZE_ADJECTIVE
    + r")$",
    re.IGNORECASE,
)


def scan_named_studies(post: PostText) -> list[Citation]:
    """ "the Norwegian rituximab trial": the words naming a work, for the matcher to look up."""
    return scan_works(post)[0]


def scan_works_with_years(post: PostText) -> list[Citation]:
    """ "a deep phenotyping study … published in 2024", "the 2024 NIH deep phenotyping study":
    naming words, a kind of work and the year in or beside it, for the matcher to look up among
    that year's titles."""
    return scan_works(post)[1]


# A question asking whether anyone did a work: "Did anyone ever do …?", "Has anybody run …?",
# "Is there a …?" (the work it names may not exist).
_WHETHER_DONE = re.compile(
    r"\s*(?:(?:Did|Has|Have|Had)\s+(?:(?:anyone|anybody|someone|somebody)(?:\s+else)?|they|researchers|any\s+\w+)\s+"
    r"(?:ever\s+|yet\s+|actually\s+)?(?:do|done|run|ran|conduct(?:ed)?|publish(?:ed)?|replicate[ds]?|"
    r"repeat(?:ed)?|tr(?:y|ied)|carr(?:y|ied)\s+out)\b|(?:Is|Was)\s+there\s+(?:ever\s+)?(?:an?|any)\b|"
    r"Are\s+there\s+any\b)"
)


def _asks_whether_done(text: str, start: int) -> bool:
    """Whether the sentence around ``start`` is a question asking whether a work was done."""
    lo, hi = sentence_bounds(text, start, start + 1)
    return text[lo:hi].rstrip().endswith("?") and _WHETHER_DONE.match(text, lo) is not None


# Where a work was done, told after it: "… study across several laboratories", "… trial run
# at five clinics" (the title's "multicenter").
_ACROSS_SITES = re.compile(
    r"\s+(?:(?:run|carried\s+out|conducted|done|performed)\s+)?(?:across|at|in|from|with|by|involving|spanning)\s+"
    r"(?:several|multiple|many|two|three|four|five|six|seven|eight|nine|ten|\d+)\s+"
    r"(?:independent\s+|different\s+|separate\s+)?(?:labs|laboratories|sites|centres|centers|clinics|hospitals)\b",
    re.IGNORECASE,
)


# "That long-term follow-up proves …", "At long-term follow-up, 44% had …": the long-term
# follow-up told without "the".
_THAT_LONG_TERM_FOLLOW_UP = re.compile(r"\b(?:[Aa]t|[Tt]hat|[Tt]his)\s+long-term\s+follow-up\b")
# "the follow-up" with nothing of its own, where a work ends: before punctuation, or before what
# a work does or is ("the follow-up found …", "cite the follow-up as showing …").
_BARE_FOLLOW_UP = re.compile(
    r"\b[Tt]he\s+follow-up(?=\s*[,.;:!?)]|\s+(?:was|found|showed|shows|reported|concluded|claimed|"
    r"suggested|as|itself)\b)"
)


# "it is still ", "that's ": a pronoun and its verb before a work ranked in plain words
# (``_RANKING_WORD``), which then says how the work the pronoun points to ranks.
_RANKING_WORD = re.compile(r"\b(?:largest|biggest|best|only|strongest|most)\b", re.IGNORECASE)
_PRONOUN_IS_BEFORE = re.compile(
    r"\b(?:[Ii]t|[Tt]his|[Tt]hat)(?:['’]s|\s+(?:is|was|remains))\s+(?:(?:still|also|now|probably|arguably|"
    r"perhaps|simply|just)\s+)?\Z"
)


def scan_works(post: PostText) -> tuple[list[Citation], list[Citation]]:
    """Works named by what they are about, in one pass over the text: those named with "the"
    and no year (``named:``) and those whose year stands in or beside the naming words
    (``work:``, with "the" or "a")."""
    named: list[Citation] = []
    dated: list[Citation] = []
    text = post.text
    lower = post.lower
    # (a report or preprint is read only by a year and what it is about, further down)
    named_kinds = any(kind in lower for kind in _WORK_KINDS)
    if not named_kinds and not any(kind in lower for kind in _DATED_ABOUT_KINDS):
        return named, dated
    for definite, pattern in ((True, _NAMED_STUDY), (False, _SOME_STUDY)) if named_kinds else ():
        for m in pattern.finditer(text):
            if not definite and (_asks_whether_done(text, m.start()) or _asked_for_before(text, m.start())):
                # "Did anyone ever do a proper blinded follow-up?", "… to invite an independent
                # reanalysis": a work wished for
                continue
            told = m.group(1)
            if _WELFARE_WORD.search(told):
                continue
            if (
                definite
                and _RANKING_WORD.search(told)
                and not any(ch.isupper() for ch in told)
                and _PRONOUN_IS_BEFORE.search(text, max(0, m.start() - 30), m.start())
            ):
                # "… but it is still the largest pooled analysis we have": how the work just named
                # ranks, not another work ("It was the immunosignature paper" does name one)
                continue
            part = _A_WORKS_PART.match(told)
            published = part is not None and _PUBLISHED_WORD.match(told, part.end()) is not None
            if part and not (definite and (m.group(2).lower() == "paper" or published)):
                continue  # "the trial's originally planned analysis": part of a work told before
            if part:
                # "The trial's own recovery paper", "the trial's published recovery analysis": a
                # later paper of the trial, told by its words as "its recovery paper" is
                told = told[part.end() :]
            if text[m.start()] in "Ii" and _PHASE_TRIAL.match(text, m.start()):
                continue  # "its phase 3 trial": the treatment's, which its phase says (``scan_phase_trials``)
            naming = naming_words(told)
            span, kind = (m.start(), m.end()), m.group(2).lower()
            across = _ACROSS_SITES.match(text, m.end())
            if across is not None:
                # "a blinded study across several laboratories": a multicentre study, as "a
                # blinded multi-lab study" is
                naming += naming_words("multicenter")
                span = (m.start(), across.end())
            apposed = _APPOSED_NAME.match(text, m.end()) if across is None else None
            if apposed is not None:
                # "the German ear stimulation pilot in long covid, COVIVA, …": the name after
                # the comma is the work's
                naming.append(apposed.group(1).lower())
                span = (m.start(), apposed.end(1))
            named_after = (
                _NAME_AFTER_WORK.match(text, m.end()) if definite and not (across or apposed) else None
            )
            if named_after is not None:
                naming = [named_after.group(1).lower()]
                span = (m.start(), named_after.end(1))
            topic = (
                _TOPIC_AFTER.match(text, span[1])
                if definite and kind == "paper" and _ACRONYM.search(told)
                else None
            )
            if topic is not None:
                # "the PACE paper on recovery": a paper of the trial told by its name and what it
                # is about, as "the PACE recovery paper" is
                naming += naming_words(topic.group(1))
                span = (m.start(), topic.end(1))
            if definite and kind in ("trial", "study"):
                if _ITS_DATA.match(text, m.end()):
                    continue  # "when the PACE trial data were released": data a later paper used
                later = _its_later_paper(text, m.end())
                if later is not None:
                    # "the PACE trial's recovery analysis": a later paper of the trial, named by
                    # the trial's name and its own words, as "the PACE recovery paper" is
                    naming += later[0]
                    span, kind = (m.start(), later[1]), "paper"
            # ("the Jackson Laboratory paper", "the Jackson Lab cohort": an institution's word
            # beside its place names no topic)
            places = [w for w in naming if w not in INSTITUTION_WORDS]
            of_a_place = bool(places) and set(places) <= _places_and_countries()
            if kind == "cohort" and not of_a_place:
                continue  # "the Stanford cohort" is that group's study; "the DecodeME cohort" its data
            if of_a_place:
                naming = places
            kind = "trial" if kind == "pilot" else kind  # ("the COVIVA pilot": a pilot trial)
            if kind in _REPEATS:
                if _WANTS_A_REPEAT.search(told):
                    continue  # "the signals will need replication": a repeat wanted, none done
                kind = "study"
            # "the Bergen PDH work from 2016" is a paper; "the Bergen work", "the advocacy work"
            # without a year is as often what people do as what they published
            # (unless a group's place and a topic both name it: "the Stanford cytokine work")
            dated_only = kind == "work" and not (
                len(naming) >= 2 and any(w in _places_and_countries() for w in naming)
            )
            kind = "paper" if kind == "work" else kind
            if kind in _TITLED_KINDS:
                # Only beside a name written in capitals ("the PACE follow-up"): "the long-term
                # follow-up" may be any trial's (the matcher reads it as the follow-up of the
                # trial the post named before it, ``derived:follow-up|`` with no name).
                if definite and not _CAPITALISED_WORD.search(told):
                    if kind == "follow-up":
                        value = "derived:follow-up|"
                        named.append(_description(text, value, span))
                    continue
                naming.append(stem(_TITLED_KINDS[kind]))
                kind = "paper"
            if (
                definite
                and not naming
                and kind == "trial"
                and SIZE_WORD.search(told)
                and not _NOT_YET_DONE.search(told)
                and not _COMPOUND_HEAD.match(text, m.end())
            ):
                # "the big trial", "the later, larger trial": a trial told by its size alone (not
                # "the next big trial", not "the big trial registries"); the matcher looks for
                # the one that studied clearly the most people on the topic around it.
                named.append(_description(text, f"named:{kind}|", span))
                continue
            if definite and _TO_COME.search(told):
                continue  # "before the next pathway review": a work still to come cites nothing
            if definite and naming and not dated_only and not any(w.isdigit() for w in naming):
                # "the 2019 trial" is read with its year elsewhere; a hyphenated name in capitals
                # ("the COVID-OUT trial") is one more naming word, as its paper declares it
                hyphened = [n.lower() for n in _HYPHENED_NAME.findall(told)]
                value = f"named:{kind}|{' '.join(naming + hyphened)}"
                named.append(_description(text, value, span))
            years = [int(w) for w in naming if YEAR_RE.fullmatch(w)]
            naming = [w for w in naming if not w.isdigit()]
            if (
                years
                and naming
                and kind in ("trial", "review", "meta-analysis")
                and all(w in _HOW_DESIGNED for w in naming)
            ):
                # "the 2023 randomised trial": a design and a year, which ``scan_designs`` reads
                # ("the 2011 double-blind study" has no design word of its own to be read by)
                continue
            # A country's adjective ("a German meta-analysis", "a Norwegian trial") or a known
            # group's place ("a 2016 Cornell study") names more than a plain word does: one is
            # enough, as "the" makes one enough beside a year.
            national = (
                len(naming) == 1 and naming[0] in _places_and_countries() and _CAPITALISED_WORD.search(told)
            )
            # (after "a", a treatment's name: what the study tested says more than a topic word)
            tested = years and not definite and any(w in TREATMENTS for w in naming)
            if len(years) > 1 or len(naming) < (1 if (years and definite) or tested or national else 2):
                # One word alone names too little ("the recovery paper, from 2013", "a related
                # 2025 paper", "a 2013 recovery paper" someone wrote); between "the" and the kind
                # of work, beside the year ("the 2013 recovery paper"), or a treatment's name
                # after "a" ("a 2022 pyridostigmine study"), it may name the one known paper of
                # that year with the word in its title. ("a 2019 trial", with no naming word, is
                # a design and a year.)
                continue
            year = years[0] if years else nearest_year(text, *span, others_kept=True)
            if year is not None:
                value = f"work:{kind}|{' '.join(naming)}|{year}"
                dated.append(_description(text, value, span))
            elif not definite and not dated_only:
                # "a small Japanese scan study": any paper, unless the words pick one
                value = f"some:{kind}|{' '.join(naming)}"
                named.append(_description(text, value, span))
    if "follow-up" in lower:
        # "Some cite the follow-up as showing …": the follow-up alone, as a work (not "the
        # follow-up questionnaire"); the matcher reads it as the follow-up of the trial the
        # post named before it, as it reads "the long-term follow-up"
        for m in _BARE_FOLLOW_UP.finditer(text):
            named.append(_description(text, "derived:follow-up|", m.span()))
        # "That long-term follow-up proves …", "At long-term follow-up, 44% had …": the
        # long-term follow-up as a work without "the", read as "the long-term follow-up" is
        for m in _THAT_LONG_TERM_FOLLOW_UP.finditer(text):
            named.append(_description(text, "derived:follow-up|", m.span()))
    for m in (*_YEAR_WORK_ABOUT.finditer(text), *_WORK_YEAR_ABOUT.finditer(text)):
        about = _about_words(_ABOUT_ENDS.split(m.group("what"), maxsplit=1)[0], shortest=2)
        if len(about) >= 2:
            kind = m.group("kind").lower()
            kind = "paper" if kind == "abstract" else kind
            value = f"work:{kind}|{' '.join(about)}|{m.group('year')}"
            span = (m.start(), m.end())
            dated.append(_description(text, value, span))
    return named, dated


def _about_words(what: str, shortest: int) -> list[str]:
    """The naming words of what a work is about ("two-day exercise testing"), stemmed: the
    first few, less stop words, vague words, numbers and words shorter than ``shortest``."""
    about = [stem(w) for w in words(what)[:_ABOUT_WORDS] if w not in STOPWORDS and w not in _VAGUE]
    return [w for w in about if len(w) >= shortest and not w.isdigit()]


# "a study about solriamfetol", "a paper of Schlömer about pyridostigmine": a work told by what
# it is about, with no year; only a word that a single known title holds can name it.
_WORK_ABOUT = re.compile(
    r"(?=[sSpPtTaArR])\b(?i:stud(?:y|ies)|papers?|trials?|pilots?|preprints?|articles?|reports?|abstracts?)\s+(?:of\s+[A-Z][\w'’-]+\s+)?"
    # (or from a named group or place: "a newer report from the same Berlin group about …", "a
    # report from the same centre on …")
    r"(?:from\s+(?:the\s+)?(?:same\s+)?(?:[A-Z][\w'’.-]*\s+){0,3}(?i:group|team|lab|centre|center|clinic|unit|institute)\s+)?"
    r"(?:about|on|of|into|looking at|testing)\s+([^.;:!?()\[\]\n]{3,80})"
)


# "The paper that made most sense was the Norwegian one about pyruvate dehydrogenase": "one"
# standing for the kind of work its sentence named before it.
_ONE_ABOUT = re.compile(
    r"\b(?:[Tt]he|[Aa])\s+(?:[A-Z][\w'’-]+\s+)?one\s+(?:about|on|into|looking at|testing)\s+"
    r"([^.;:!?()\[\]\n]{3,80})"
)
_A_WORK_NAMED = re.compile(r"\b(?:paper|study|trial|article|report|preprint)s?\b", re.IGNORECASE)


# A work's own verb, not a work: "The article reports on clinical course …", "she studies on
# weekends": "reports" and "studies" after the one who does them.
_DOER_BEFORE = re.compile(
    r"\b(?i:article|paper|study|trial|review|preprint|analysis|team|group|lab|author|it|he|she|this|that|"
    r"which|who)\s+(?:(?i:also|then|now|only|mainly|mostly|briefly)\s+)?$"
)
_VERB_FORM = re.compile(r"(?i:reports|studies)\b")


def _works_about(text: str) -> list[re.Match[str]]:
    """The matches of a work told by what it is about: "a study about …", or "the … one about …"
    after a work its sentence named; not "reports on" after the work that reports."""
    hits = [
        m
        for m in _WORK_ABOUT.finditer(text)
        if not (
            _VERB_FORM.match(text, m.start()) and _DOER_BEFORE.search(text, max(0, m.start() - 30), m.start())
        )
    ]
    if " one " in text:
        for m in _ONE_ABOUT.finditer(text):
            lo, _ = sentence_bounds(text, m.start(), m.end())
            if _A_WORK_NAMED.search(text, lo, m.start()):
                hits.append(m)
    return hits


def scan_about_works(post: PostText) -> list[Citation]:
    """Works told by what they are about, without a year ("a study about solriamfetol"): the
    naming words, for the matcher to look for a word only one title holds."""
    found: list[Citation] = []
    text = post.text
    for m in _works_about(text):
        what = _ABOUT_ENDS.split(m.group(1), maxsplit=1)[0]
        if YEAR_RE.search(what):
            continue  # a year in the naming words is read with the year (``scan_works``)
        about = _about_words(what, shortest=4)
        if _asked_for_before(text, m.start()):
            continue  # "… to commission trials of repurposed medicines": work wanted, none done
        if about and not _asks_whether_any(text, m.start(), m.end()):
            span = (m.start(), m.end())
            found.append(_description(text, f"about:{' '.join(about)}", span))
    return found


# Work asked for, not done: "to commission trials of …", "we need more studies on …", "to invite
# an independent reanalysis".
_ASKED_FOR = re.compile(
    r"\b(?:commission(?:ing)?|fund(?:ing)?|launch(?:ing)?|needs?|want(?:s|ing)?|calls?\s+for|calling\s+for|"
    r"demand(?:s|ing)?|ask(?:s|ing)?\s+for|urge[sd]?|invite[sd]?|inviting|request(?:s|ing)?)"
    r"\s+(?:(?:more|new|further|proper|larger|bigger|better)\s+)?$",
    re.IGNORECASE,
)


def _asked_for_before(text: str, start: int) -> bool:
    """Whether the words right before ``start`` ask for the work told there, not report one."""
    return _ASKED_FOR.search(text, max(0, start - 40), start) is not None


# A question whether such works exist at all: "Any decent trials of pacing?", "Are there
# studies on LDN yet?", "Is there a paper about it?".
_ANY_AT_ALL = re.compile(
    r"\W*(?:(?:so|but|and|also|ok|okay),?\s+)?(?:any|are\s+there|is\s+there|were\s+there|has\s+there\s+been|"
    r"have\s+there\s+been|does\s+anyone\s+know\s+(?:of\s+)?(?:any|an?))\b",
    re.IGNORECASE,
)


def _asks_whether_any(text: str, start: int, end: int) -> bool:
    """Whether the work is asked after in a question opening on "any" or "is/are there": it
    names no paper, it asks whether there is one."""
    lo, hi = sentence_bounds(text, start, end)
    return text[lo:hi].rstrip().endswith("?") and _ANY_AT_ALL.match(text, lo, start) is not None


# Words after an organisation's initials that make them its work: "the IOM report", "IOM criteria".
_ORG_WORKS = frozenset(
    [
        "report",
        "reports",
        "criteria",
        "definition",
        "guideline",
        "guidelines",
        "recommendations",
        "statement",
        "review",
        "paper",
        "committee",
        "panel",
    ]
)


def coined_names(indexes: Sequence[AtlasIndex], post: PostText) -> Iterator[tuple[AtlasIndex, str, int, int]]:
    """Each word written as a title writes a coined name (not all lower case, not merely
    capitalised: "WASF3", "EpiSwitch") that exactly one known title holds: that title's index and
    id, and where the word stands."""
    for key, word, start, end in post.name_keys:
        if word.islower() or word.istitle():
            continue
        holders = [(index, cid) for index in indexes for cid in index.coined.get(key, ())]
        if len(holders) == 1:
            ((index, cid),) = holders
            yield index, cid, start, end


def scan_coined_names(indexes: Sequence[AtlasIndex], post: PostText) -> list[Citation]:
    """A paper named by a coined word of its title ("WASF3", "EpiSwitch"; ``coined_words``)
    that no other known title holds, written in capitals as the title writes it, when its
    sentence also gives the paper's year or its journal ("the 2023 WASF3 paper in PNAS"), or
    the sentence before gives its journal.

    Why the year or journal: the word alone often names the subject ("WASF3 is raised in some
    patients"), not the paper; with the paper's own date or journal beside it, the post tells
    that paper."""
    found: list[Citation] = []
    text = post.text
    for index, cid, start, end in coined_names(indexes, post):
        card = index.cards[cid]
        lo, hi = sentence_bounds(text, start, end)
        dated = card.year in years_in(text, lo, hi)
        journal = index.journal_of.get(cid)
        # (or the sentence before: "Researchers writing in PNAS have pointed to a protein. A
        # protein called WASF3 disrupts …" tells the journal, then the paper's name)
        before, _ = with_sentence_before(text, (start, end))
        said = tuple(w for w in words(text[before:hi]) if w not in STOPWORDS)
        # (by its full name or its initials, three letters or more: "in PNAS")
        initials = journal_initials(journal) if journal and len(journal) >= 3 else ""
        if dated or (journal and (_holds(said, list(journal)) or initials in said)):
            found.append(Citation("title", card.title, (start, end), 0.9, _context(text, start, end)))
    return found


# Two people named side by side, each by a capitalised surname, the second perhaps after a
# first name: "Komaroff and Dantzer", "Anthony Komaroff & Robert Dantzer".
_NAME_PAIR = re.compile(r"\b([A-Z][\w'’-]+)\s+(?:and|&)\s+(?:[A-Z][a-z]+\s+)?([A-Z][\w'’-]+)")


_PAIR_LEADS_BEFORE = re.compile(
    r"\b(?:teams?|groups?|labs?|laboratories|people)\s+(?:around|of|under|(?:led|run|headed)\s+by)\s+$",
    re.IGNORECASE,
)
_PAIR_LEADS_AFTER = re.compile(r"(?:['’]s?)?\s+(?:teams?|groups?|labs?|laboratories)\b", re.IGNORECASE)


def scan_author_pairs(
    indexes: Sequence[AtlasIndex], post: PostText, taken: Sequence[tuple[int, int]]
) -> list[Citation]:
    """A paper named by two of its authors side by side and no year ("a review by Anthony
    Komaroff and Robert Dantzer on why symptoms persist"), when exactly one known paper has
    both among its authors; a year in the sentence must be that paper's. Read as that paper's
    title, so the usual checks apply.

    Why: two surnames shared by one paper alone pick it as surely as a surname and a year do;
    a pair two papers share ("Fluge and Mella") is left to the year beside it."""
    found: list[Citation] = []
    text = post.text
    for m in _NAME_PAIR.finditer(text):
        start, end = m.span()
        if any(a < end and start < b for a, b in taken):
            continue
        first, second = fold(m.group(1)), fold(m.group(2))
        if (
            first == second
            or _PAIR_LEADS_BEFORE.search(text, max(0, start - 30), start)
            or _PAIR_LEADS_AFTER.match(text, end)
        ):
            continue  # (the heads of a group, "the team around Unutmaz and Oh", name no paper)
        both = [
            (index, cid)
            for index in indexes
            for cid in {*index.by_surname.get(first, ()), *index.by_any_author.get(first, ())}
            if second in index.author_surnames(cid)
        ]
        if len(both) != 1:
            continue
        ((index, cid),) = both
        card = index.cards[cid]
        lo, hi = sentence_bounds(text, start, end)
        years = years_in(text, lo, hi)
        if years and card.year not in years:
            continue
        found.append(Citation("title", card.title, (start, end), 0.9, _context(text, start, end)))
    return found


# A number of PubMed's length standing alone in brackets ("the 2011 meta-analysis (22034969)",
# "[17693978], full text"), and the label words that make such a number an order's or a ticket's.
_BRACKETED_NUMBER = re.compile(r"[(\[](\d{7,8})(?=[)\],])")
_LABEL_WORD = (
    r"\b(?:numbers?|no\.?|#|references?|ref\.?|codes?|ids?|builds?|versions?|orders?|tracking|tickets?|invoices?|"
    r"accounts?|bookings?|lot|batch|serial)"
)
_NUMBER_LABEL = re.compile(_LABEL_WORD + r"\s*$", re.IGNORECASE)
_CLOSING_QUOTE = re.compile(r"[\"”’']\s*$")


def scan_bracketed_pmids(indexes: Sequence[AtlasIndex], post: PostText) -> list[Citation]:
    """ "the fibromyalgia cytokine meta-analysis (22034969)": a known paper's PMID pasted
    without its label, in brackets right after the work it cites. Taken only where the
    sentence speaks of a work (or a quoted title closes before it) and no label word
    ("order number", "build", "reference") owns the number, and only when a card or a listed
    paper has that PMID: an unlabelled number alone is no identifier. A number with no bracket is
    taken only beside the paper's first author (``_pmids_beside_their_authors``)."""
    text = post.text
    found = _pmids_beside_their_authors(indexes, post)
    if "(" not in text and "[" not in text:
        return found
    for m in _BRACKETED_NUMBER.finditer(text):
        pmid = m.group(1)
        if not any(index.by_pmid.get(pmid) for index in indexes):
            continue
        lo, _ = sentence_bounds(text, m.start(), m.end())
        before = text[lo : m.start()]
        if _NUMBER_LABEL.search(before):
            continue
        if not (WORK_CUE.search(before) or _CLOSING_QUOTE.search(before)):
            continue
        found.append(Citation("pmid", pmid, m.span(1), 0.9, _context(text, *m.span(1))))
    return found


# A number of a PMID's length standing alone in running text (not in a link, a DOI or a
# bracket, which are read elsewhere).
_LONE_NUMBER = re.compile(r"(?<![\w./#:(\[-])(\d{7,8})(?![\w/)\]-]|[.,]\d)")
# A label owning the number, with a verb or colon between: "my order number is 26079000".
_LABEL_SAID_BEFORE = re.compile(_LABEL_WORD + r"(?:\s+(?:is|was|were|are|reads?))?\s*:?\s*$", re.IGNORECASE)
_PMID_LABEL_BEFORE = re.compile(r"\b(?:PMID|PubMed)\W{0,3}$", re.IGNORECASE)


def _pmids_beside_their_authors(indexes: Sequence[AtlasIndex], post: PostText) -> list[Citation]:
    """ "The second one I found is 26079000, from the Hornig group": a known paper's PMID
    pasted without its label or brackets, in a sentence naming that paper's first author. The
    author is what makes the bare number an identifier: order, ticket and build numbers that
    happen to equal some paper's PMID stand beside no author of that paper (and a label word
    before the number still owns it)."""
    text = post.text
    found: list[Citation] = []
    for m in _LONE_NUMBER.finditer(text):
        pmid = m.group(1)
        papers = [(index, cid) for index in indexes if (cid := index.by_pmid.get(pmid))]
        if len(papers) != 1:
            continue
        lo, hi = sentence_bounds(text, m.start(), m.end())
        if _LABEL_SAID_BEFORE.search(text, lo, m.start()) or _PMID_LABEL_BEFORE.search(text, lo, m.start()):
            continue
        if not WORK_CUE.search(text, lo, hi):
            continue  # (a sentence about a work: "one I found", "from the … group")
        index, cid = papers[0]
        if _first_author_written(index, cid, post, lo, hi) or _title_told(index, cid, text[lo:hi]):
            found.append(Citation("pmid", pmid, m.span(1), 0.9, _context(text, *m.span(1))))
    return found


def _title_told(index: AtlasIndex, cid: str, sentence: str) -> bool:
    """Whether a sentence tells two words or more of the paper's title ("someone gave me
    31445522 as the review of cytokine studies" for "A systematic review of cytokines in …"):
    what the paper is about, beside its number, makes the number its PMID as its author does."""
    return len(content_words(sentence) & index.title_stems[cid]) >= 2


def scan_card_names(index: AtlasIndex, post: PostText, declared_only: bool = False) -> list[Citation]:
    """Cards called by a name rather than cited: a title's name part written out in capitals
    ("the International Consensus Criteria"), its initials ("I meet the ICC"), a trial's
    declared name on its own ("critics of PACE say"; see ``_names_the_trial``), or an
    organisation's initials before a word for its work ("the IOM report") when the
    organisation has one card. Each is read as that card's title (or its organisation and
    year), so the usual routes resolve it and its checks still apply.

    Why only names one card has: a name two cards share says nothing about which is meant; and
    only capitals, because a name is written as one ("consensus criteria" in lower case is a
    phrase, not the document). ``declared_only``: declared names alone, for the reference
    list, whose title parts and organisations are not curated as the atlas's are."""
    found: list[Citation] = []
    gate = index.declared_gate if declared_only else index.name_gate
    if not gate:
        return found
    text = post.text

    def named(cid: str, span: tuple[int, int]) -> None:
        found.append(Citation("title", index.cards[cid].title, span, 0.9, _context(text, *span)))

    keys = post.name_keys
    for n, (key, word, start, end) in enumerate(keys):
        if key not in gate:
            continue
        caps = word.isupper()
        camel = not caps and bool(CAMEL_NAME.match(word))
        initials = index.name_initials.get(key, ()) if caps and not declared_only else ()
        if len(initials) == 1:
            named(next(iter(initials)), (start, end))
            continue
        declaring = index.declared.get(stem(key), ()) if caps or camel else ()
        if len(declaring) == 1 and _names_the_trial(post, start, end):
            named(next(iter(declaring)), (start, end))
            continue
        if declared_only or camel:
            continue
        if caps:
            orgs = set(index.org_initials.get(key, ()))
            following = post.words_from(end, 2) if len(orgs) == 1 else []
            nxt = [w.lower() for w, _, _ in following if w.lower() != "s"][:1]
            if nxt and nxt[0] in _ORG_WORKS:
                (cid,) = orgs
                value = f"{index.org_name[cid]} {index.cards[cid].year}"
                found.append(Citation("author_year", value, (start, end), 0.75, _context(text, start, end)))
            continue
        for name in index.names_from(key):
            cids = index.title_names[name]
            run = keys[n : n + len(name)]
            if (
                len(cids) == 1
                and len(run) == len(name)
                and tuple(k for k, _, _, _ in run) == name
                and _adjacent(text, run)
            ):
                named(next(iter(cids)), (start, run[-1][3]))
                break
    if any(name in post.lower for name in index.camel_declared):
        # ("the decodeme study": a coined name in lower case, outside a link, names it too)
        for word, start, end in post.tokens:
            if not word.islower() or word not in index.camel_declared or _in_a_link(text, start, end):
                continue
            declaring = index.declared.get(stem(word), ())
            if len(declaring) == 1 and _names_the_trial(post, start, end):
                named(next(iter(declaring)), (start, end))
    return found


def _in_a_link(text: str, start: int, end: int) -> bool:
    """Whether a word is part of a link or an address ("decodeme.org.uk", "…/a-decodeme-project")."""
    lo = max(text.rfind(" ", 0, start), text.rfind("\n", 0, start)) + 1
    ends = [i for i in (text.find(" ", end), text.find("\n", end)) if i >= 0]
    chunk = text[lo : min(ends) if ends else len(text)]
    return "/" in chunk or "@" in chunk or (text[end : end + 1] == "." and text[end + 1 : end + 2].isalnum())


def _adjacent(text: str, run: list[tuple[str, str, int, int]]) -> bool:
    """Whether capitalised words follow one another with only short glue between them
    ("International Consensus Criteria", "Clinical Working Case Definition")."""
    return all(
        len(text[a[3] : b[2]]) <= 6 and not any(ch in ".:;!?\n" for ch in text[a[3] : b[2]])
        for a, b in itertools.pairwise(run)
    )


# Words after a trial's bare name that keep the trial itself as the subject ("PACE used the
# Oxford criteria", "the PACE authors"); any other word may begin the name of a later paper
# about it ("the PACE recovery paper", "PACE follow-up"), which the name alone does not pick.
_TRIAL_ITSELF = frozenset(
    {"and", "or", "but", "was", "is", "were", "had", "did", "used", "showed", "found", "claimed"}
    | {"reported", "itself", "authors", "investigators", "team", "participants", "patients", "results"}
    | {"trial", "study", "findings", "preprint", "paper", "gwas", "collaboration", "consortium"}
    | {"project", "programme", "program", "genetic", "genetics", "researchers", "scientists", "work"}
    # ("several trials, PACE among them, …": the trial counted among others)
    | {"recruiting", "enrolling", "among"}
    # (the past tense of verbs that do not end in "-ed", as "PACE recruited …" does: "ResetME
    # began recruiting", "the trial ran for a year"; "came" only as "came out", below)
    | {
        "began",
        "ran",
        "took",
        "gave",
        "made",
        "saw",
        "told",
        "led",
        "brought",
        "sought",
        "went",
        "got",
        "kept",
    }
)


_ONE_OF_ITS = re.compile(r"\b[Aa]n?\s+$")
_FIRST_RESULTS = re.compile(
    r"\b(?:first|initial|early|preliminary|main|primary|headline)\s+(?:results?|findings|data)\s+(?:of|from)\s+(?:the\s+)?$",
    re.IGNORECASE,
)
# Words right before a trial's name that make it the trial itself: "who was in PACE", "people
# enrolled into PACE"; the name given to it, "a new trial called ResetME"; a part of it, "the
# graded exercise arm of PACE".
_THE_TRIAL_ITSELF_BEFORE = re.compile(r"\b(?:in|into|called|named|dubbed|arms?\s+of(?:\s+the)?)\s+$")
_OF_THE = re.compile(
    r"\b(?:analys[ie]s|re-?analys[ie]s|follow-?up|data|results?|evaluation|critique"
    # ("a follow-on project from DecodeME", "a spin-off study of the PACE trial")
    r"|(?:follow-?on|spin-?off|successor|stage)(?:\s+(?:project|study|trial|programme|program))?)\s+(?:of|from)\s+"
    r"(?:the\s+)?$",
    re.IGNORECASE,
)

# "the 2013 recovery paper from PACE": a paper with its own year, told as the trial's; the trial
# is where it came from, not a second work cited.
_DATED_PAPER_OF = re.compile(
    r"\b(?:19|20)\d\d\s+(?:[\w-]+\s+){0,3}?(?:paper|report|article|publication)\s+(?:of|from)\s+(?:the\s+)?$",
    re.IGNORECASE,
)

# "… trial's recovery analysis": a paper about a work, told after the work's possessive.
_PART_OF_THE_WORK = re.compile(
    r"['’]s\s+((?:[\w-]+\s+){1,3}?)(?:analysis|paper|follow-up|report)\b", re.IGNORECASE
)


_ITS_DATA = re.compile(r"\s+data\b", re.IGNORECASE)
# What a paper named by its trial is about, right after it: "[the PACE paper] on recovery,", "…
# about long-term outcomes and …" (one to three plain words, ending the clause).
_TOPIC_AFTER = re.compile(
    r"\s+(?:on|about)\s+"
    + _FEW_PLAIN_WORDS
    + r"(?=\s*[,.;:!?)\n]|\s+(?:and|in|from|was|is|which|that|had|has)\b)"
)
_ACRONYM = re.compile(r"\b[A-Z]{3,}\b")


def _its_later_paper(text: str, at: int) -> tuple[list[str], int] | None:
    """The naming words and end of a later paper told by a work's possessive right at ``at``
    ("[the PACE trial]'s recovery analysis"), or None."""
    part = _PART_OF_THE_WORK.match(text, at)
    naming = naming_words(part.group(1)) if part else []
    return (naming, part.end()) if part and naming else None


def _names_the_trial(post: PostText, start: int, end: int) -> bool:
    """Whether a trial's name in capitals, at ``start:end``, stands for the trial itself: not
    the object of a later paper ("a secondary analysis of PACE", "follow-up from the PACE
    trial"), which is that paper's citation."""
    before = post.text[max(0, start - 40) : start]
    if _FIRST_RESULTS.search(before):
        return True  # "the first results from DecodeME" are its own paper's, not a later one's
    if _OF_THE.search(before) or _DATED_PAPER_OF.search(before):
        return False
    if _ONE_OF_ITS.search(post.text[max(0, start - 4) : start]):
        return False  # "a DecodeME project", "an RAPID sub-study": one of its works, not itself
    if _THE_TRIAL_ITSELF_BEFORE.search(before):
        return True  # "who was in PACE", "a trial called ResetME", "the CBT arm of PACE"
    rest = post.text[end : end + 2].lstrip(" ")
    quoted = post.text[end + 1 : end + 3]  # (a quote opening a word after a space, and its first letter)
    opens = post.text[end : end + 1] == " " and quoted[:1] in ("'", '"', "‘", "“") and quoted[1:].isalpha()
    if not rest or (rest[0] in ".,;:!?)\n'\"’”" and not opens):
        return True  # (a quote opening a word names that word: "the PACE 'recovery' figures")
    following = post.words_from(end, 1)
    if not following:
        return False
    word, _, behind = following[0]
    if word.lower() in ("trial", "study") and (
        _its_later_paper(post.text, behind) is not None or _ITS_DATA.match(post.text, behind)
    ):
        # "the PACE trial's recovery analysis" is that later paper's citation; "when the PACE
        # trial data were released", data a later paper used
        return False
    if word.lower() == "paper" and _TOPIC_AFTER.match(post.text, behind):
        return False  # "the PACE paper on recovery": the paper it is about is read by its words
    # (or the trial doing anything, in the past tense: "PACE recruited patients by the Oxford
    # criteria", as "PACE used …" does; or published: "PACE came out in 2011", where "PACE came
    # up in another thread" is the trial as a topic)
    if word == "came":
        return _CAME_OUT.match(post.text, behind) is not None
    return word.lower() in _TRIAL_ITSELF or (word.islower() and len(word) >= 5 and word.endswith("ed"))


_CAME_OUT = re.compile(r"\s+out\b")


# After a name's year, more years of the same name: "Fluge et al. 2011 and 2015", "Keller's
# studies (2014, 2024)", "the 2014 one and the much bigger 2024 one". Each year after the first,
# with the joining words between them.
_FURTHER_YEAR = re.compile(
    r"(?:\s+(?:one|paper|study|trial|preprint|article))?"
    r"(?:\s*,\s*(?:and\s+)?|\s*;\s*|\s+and\s+|\s*&\s*)"
    r"(?:the\s+(?:[a-z-]+\s+){0,3})?" + YEAR_RE.pattern
)
# "Xiong's 2025 paper, which is a different beast from the 2023 one", "unlike their 2019 one":
# the same name's work of another year, set against the one cited in the same sentence.
_CONTRASTED_YEAR = re.compile(
    r"\b(?:from|than|unlike|to|with|versus|vs\.?)\s+(?:the|their|his|her)\s+"
    + YEAR_RE.pattern
    + r"\s+(?:one|paper|study|trial|preprint|article)\b"
)
# "between 2014 and 2024", "from 2014 and on": a span of time, not two works
_TIME_SPAN_BEFORE = re.compile(r"\b(?:between|from|since)\s+\(?\Z", re.IGNORECASE)


def scan_further_years(post: PostText, authors: Sequence[Citation]) -> list[Citation]:
    """A name cited with a year, then further years of it in a list: one author-year citation
    for each further year ("Fluge et al. 2011 and 2015" cites Fluge 2011 and Fluge 2015), or
    for a year set against the cited one ("Keller's 2024 paper, far bigger than the 2014 one");
    the matcher then finds, or vetoes, each. Why: the nearest-year rule gives a name one year, and
    a second work of the same team told in the same breath would be lost."""
    text = post.text
    cited = {c.value for c in authors}
    found: list[Citation] = []
    for c in authors:
        surname, _, year = c.value.rpartition(" ")
        if not year.isdigit():
            continue
        lo, hi = sentence_bounds(text, *c.span)
        at = text.find(year, c.span[1], min(hi, c.span[1] + 60))
        further: list[re.Match[str]] = []
        if at >= 0 and not _TIME_SPAN_BEFORE.search(text, max(lo, at - 9), at):
            end = at + 4
            while (m := _FURTHER_YEAR.match(text, end, hi)) is not None:
                end = m.end()
                further.append(m)
        elif at < 0 and year in text[c.span[0] : c.span[1]]:
            end = c.span[1]  # "Keller's 2024 paper …" (a year before the name, "the 2011
            # Fluge trial", is left alone)
        else:
            continue
        if not further and (m := _CONTRASTED_YEAR.search(text, end, hi)) is not None:
            further.append(m)  # "Xiong's 2025 paper, a different beast from the 2023 one"
        for m in further:
            value = f"{surname} {m.group(1)}"
            if value not in cited:
                cited.add(value)
                found.append(Citation("author_year", value, m.span(1), c.confidence, c.context))
    return found
