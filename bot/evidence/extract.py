"""Find every place a text cites a paper, before knowing which papers exist.

The pipeline is ``links and identifiers | bare identifiers | cued PMIDs | author mentions |
quoted titles | page meta tags``. Everything here works without the atlas; what needs the
atlas to be found at all (unquoted titles, "Naviaux 2016", "a 2023 Cell Host & Microbe
study") is scanned for by ``bot.evidence.mentions`` at match time.

Why spans are checked against overlaps: a DOI inside a doi.org link must count once, and a
"PMC" id inside a PMC link is the link's, not a second citation.
"""

from __future__ import annotations

import bisect
import re
import threading
from collections.abc import Iterable, Mapping
from typing import Any, Literal
from urllib.parse import unquote

from bot.evidence import identifiers as ids
from bot.evidence import publishers
from bot.evidence.atlas_index import COUNTRY_WORDS
from bot.evidence.page import meta_citations, reference_section_start
from bot.evidence.publishers import title_in_url
from bot.evidence.research_groups import INSTITUTION_WORDS, RESEARCH_GROUP_NOUNS, all_places
from bot.evidence.types import Citation, CitationKind, CitationRole

# A year not inside a longer number, date or dose; the look-behind follows the digits so the
# engine can jump between "19"/"20" instead of testing every position.
YEAR_RE = re.compile(r"(19[5-9]\d|20[0-4]\d)(?<![\d.,/-]\d{4})(?![\d%])")


def years_in(text: str, lo: int, hi: int) -> set[int]:
    """The years written in ``text[lo:hi]``."""
    return {int(y) for y in YEAR_RE.findall(text, lo, hi)}


_PARTICLE = r"(?:[Vv]an|[Vv]on|[Dd]e|[Dd]er|[Dd]en|[Dd]a|[Dd]i|[Dd]u|[Ll]e|[Ll]a|[Dd]el|dos|ten|ter)"
# A capital, then letters holding a small one. (Written split at the first small letter, so that
# each name matches one way: two runs of any letters around "a small letter" let the engine try
# every split of every name of a long comma-separated author list without "and", "Wang, Ma,
# Kim, Son, …", which took seconds.)
_UP = "A-ZÀ-ÖØ-Þ'’-"  # a name's letters that are not small
_CORE_NAME = rf"[A-ZÀ-ÖØ-Þ][{_UP}]*[a-zß-ÿ][A-Za-zÀ-ÖØ-öø-ÿ'’-]*"
_NAME = rf"(?:{_PARTICLE}\s+)*{_CORE_NAME}"
# "Surname et al.", "Surname and colleagues", "Surname & Other", "Surname's (NIH) study".
# The pattern starts at a capital (tested for a word start only after it) so the engine jumps
# from capital to capital; particles before the name ("De Meirleir", "van der Berg") are
# taken back in by ``_PARTICLES_BEFORE``. This halves the cost of the scan.
AUTHOR_RE = re.compile(
    rf"(?P<name>[A-ZÀ-ÖØ-Þ](?<![^\W\d_].)[{_UP}]*[a-zß-ÿ][A-Za-zÀ-ÖØ-öø-ÿ'’-]*)(?:"
    r"(?P<etal>\s+et\.?\s*al\b\.?)"
    r"|(?P<colleagues>\s+(?:and|&)\s+(?:colleagues|co-?workers|co-?authors|team)\b)"
    rf"|(?P<pair>(?:,\s*{_NAME})*,?\s+(?:&|and)\s+{_NAME}\b)"
    r"|(?P<group>['’]s\s+(?:[\w-]+\s+){0,2}?(?:group|lab|team|paper|study|trial|review|follow[- ]?up|"
    r"findings?|work|data|results|analysis|preprint|article|idea|hypothesis|theory)\b)"
    r")"
)
_PARTICLES_BEFORE = re.compile(rf"(?<![^\W\d_])(?:{_PARTICLE}\s+)+$")
# A byline before "et al." / "and colleagues": "Martini Sasso, Er, Eaton-Fitch and colleagues"
# at a line's start, three names at least: the cited first author is the list's first name.
# (Two could be an opening word and a name: "Later, Keller and colleagues".)
_BYLINE_BEFORE = re.compile(
    rf"(?:^|(?<=\n))[ \t]*(?P<first>{_NAME}(?:[ \t]+{_NAME})?)[ \t]*,"
    rf"(?:[ \t]*{_NAME}(?:[ \t]+{_NAME})?[ \t]*,)+[ \t]*$"
)
# After "by" or "from" a name list is a byline, so two names are enough: "a preprint from
# Davenport, Stevens and colleagues" is Davenport's (no opening word stands after "by").
_BYLINE_AFTER_BY = re.compile(
    rf"(?<![^\W\d_])(?:[Bb]y|[Ff]rom)[ \t]+(?P<first>{_NAME}(?:[ \t]+{_NAME})?)[ \t]*,"
    rf"(?:[ \t]*{_NAME}(?:[ \t]+{_NAME})?[ \t]*,)*[ \t]*$"
)
# The same inside brackets: "(Guo, Che, Lipkin and colleagues)". A bracket opening on a name
# list is a byline, so two names are enough: "(Xiong, Unutmaz and colleagues)" is Xiong's.
_BRACKETED_BYLINE_BEFORE = re.compile(
    rf"\([ \t]*(?P<first>{_NAME}(?:[ \t]+{_NAME})?)[ \t]*,(?:[ \t]*{_NAME}(?:[ \t]+{_NAME})?[ \t]*,)*[ \t]*$"
)
# A line opening on two full names, the second the cited one's: "Fereshteh Jahanbani, Justin
# Cyril Sing and colleagues" is Jahanbani's paper. Each name has a given name, so no opening
# word ("Later, Keller and colleagues") reads as one.
_FULL_NAMES_BEFORE = re.compile(
    rf"(?:^|(?<=\n))[ \t]*(?P<first>{_CORE_NAME}(?:[ \t]+{_NAME}){{1,2}})[ \t]*,"
    rf"[ \t]*(?P<given>(?:{_CORE_NAME}[ \t]+){{1,2}})$"
)
# A feed item's byline of full names, given names first, after the line's start or a "|"
# between the journal and the date: "… | Suzanne D. Vernon, Candace Rond, Yifei Sun and
# colleagues". The cited first author is the first name's surname (its last word).
_GIVEN_FIRST = rf"{_CORE_NAME}(?:[ \t]+[A-Z]\.)*[ \t]+"
_GIVEN_FIRST_BYLINE_BEFORE = re.compile(
    rf"(?:^|(?<=\n)|(?<=\|))[ \t]*{_GIVEN_FIRST}(?P<first>{_CORE_NAME})[ \t]*,"
    rf"(?:[ \t]*{_GIVEN_FIRST}{_CORE_NAME}[ \t]*,)+[ \t]*{_GIVEN_FIRST}$"
)
MONTHS = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)  # fmt: skip
_NOT_NAMES_TEXT = (
    "The This That These Those A An In On At Of For From By With And But Or Nor So Yet If When While "
    "Our Their My Your His Her Its We They I You He She It Dr Prof Professor Mr Mrs Ms Doctor Sister "
    "Brother Mum Mom Dad Mother Father Pacing Rest Sleep Diet Exercise Science Nature Cell Lancet "
    "Monday Tuesday Wednesday Thursday Friday Saturday Sunday Long Covid Reddit Twitter Facebook Google "
    # ("Here's what the trial people point to", "Let's see the study": no one's paper or group)
    "Here There What Who Where Why How Let Today Yesterday Everyone Everybody Someone Somebody Anyone Nobody"
)
_NOT_NAMES = frozenset(_NOT_NAMES_TEXT.split()) | frozenset(MONTHS)
# Words of journal names: "Host & Microbe", "Brain, Behavior, and Immunity" and "Immunology &
# Microbiology" read like author pairs, but a pair made of these words is a journal.
_JOURNAL_WORDS_TEXT = (
    "Host Microbe Microbiome Cell Cells Medicine Medical Immunology Immunity Immune Behavior "
    "Behaviour Brain Psychology Psychiatry Psychological Neurology Neuroscience Neurobiology "
    "Research Reports Communications Translational Clinical Journal Frontiers Biology Biological "
    "Sciences Science Health Disease Diseases Disorders Therapy Therapeutics Pharmacology "
    "Molecular Genetics Genomics Infection Infectious Microbiology Virology Metabolism "
    "Endocrinology Nutrition Nutrients Fatigue Rheumatology Cardiology Physiology Biomedicine "
    "Annals Archives Letters Review Reviews Trends Systems Signal Transduction Public "
    "Internal Experimental Allergy Biochemistry Pathology Oncology Gastroenterology Reproductive "
    "Rehabilitation Epidemiology Inflammation Metabolites Nuclear Neuroimmunology Neurological"
)
_JOURNAL_WORDS = frozenset(_JOURNAL_WORDS_TEXT.split())
_JOINER = "\x00"
# A line break inside a link: after a character no link ends with, or before the next piece of
# a DOI ("2023.\n01.004", "doi.org/\n10.1186/…"; not "…09.013.\n2016 was a good year").
_LINK_BREAK = re.compile(r"\n(?:(?<=[/.]\n)(?=\d+[./-]\w)|(?<=[\-_=&?]\n)(?=[\w%]))")
_QUOTED = re.compile(r"[\"“”«]([^\"“”«»\n]{12,300}?)[\"“”»]")
# A stop ends a sentence only when what follows does not go on in lower case or with a number:
# "Chojnacki et al. 2026, Nutrients" and "e.g. the trial" are one sentence each.
# Nor does the stop of an initial or of "et al." ("Elahi S. (2026)", "Smith et al. (2020)").
# (The stop comes first in the pattern and the look-behinds after it, so the engine can skip
# ahead to the next stop instead of trying the look-behinds at every character.)
_SENTENCE_END = re.compile(r"[.!?\n](?<!\b[A-Z][.!?])(?<!\bal[.!?])(?:(?<=\n)|(?=\s)(?![ \t]+[a-z0-9]))")
_SENTENCE_GOES_ON = re.compile(r"[ \t]*[a-z0-9]")  # what, after a stop and a space, continues

# A "sentence" longer than this is no sentence (a pasted page without stops): reading further
# for context would make extraction quadratic in the text's length.
_SENTENCE_REACH = 400


class _LastText(threading.local):
    """Sentence bounds already found in the text analysed last (and only that text, so a
    1 MB post is not kept alive): the extractor, the year finder and the matcher each ask for
    the sentence of the same citation in turn. Per thread, so analysers may run in parallel."""

    def __init__(self) -> None:
        self.text: str | None = None
        self.bounds: dict[tuple[int, int], tuple[int, int]] = {}


_LAST = _LastText()


def sentence_bounds(text: str, start: int, end: int) -> tuple[int, int]:
    """The sentence (or line) around a span: the context a citation is read in."""
    last = _LAST
    if text is not last.text:
        last.text, last.bounds = text, {}
    found = last.bounds.get((start, end))
    if found is None:
        found = last.bounds[(start, end)] = _sentence_bounds(text, start, end)
    return found


def with_sentence_before(text: str, span: tuple[int, int]) -> tuple[int, int]:
    """Where the sentence before a mention's starts and where the mention's own sentence ends:
    the words around a mention that refers back ("Then the big trial found nothing")."""
    lo, hi = sentence_bounds(text, *span)
    before, _ = sentence_bounds(text, max(0, lo - 2), max(0, lo - 1))
    return min(before, lo), hi


def _initial_or_al(text: str, stop: int) -> bool:
    """Whether the full stop at ``stop`` closes an initial ("S.") or "al." (not a sentence)."""
    if stop >= 1 and text[stop - 1].isupper() and (stop < 2 or not text[stop - 2].isalnum()):
        return True
    return text[max(0, stop - 2) : stop] == "al" and (stop < 3 or not text[stop - 3].isalnum())


def _sentence_bounds(text: str, start: int, end: int) -> tuple[int, int]:
    floor = max(0, start - _SENTENCE_REACH)
    lo = text.rfind("\n", floor, start)
    for stop in (". ", "? ", "! "):
        at = text.rfind(stop, max(floor, lo), start)
        while at > lo and (
            _SENTENCE_GOES_ON.match(text, at + 2, start) or (stop == ". " and _initial_or_al(text, at))
        ):
            at = text.rfind(stop, max(floor, lo), at)
        lo = max(lo, at)
    lo = floor if lo < 0 else lo + 1
    ceiling = min(len(text), end + _SENTENCE_REACH)
    m = _SENTENCE_END.search(text, end, ceiling)
    hi = m.start() + 1 if m else ceiling
    return lo, min(hi, len(text))


def _context(text: str, start: int, end: int) -> str:
    lo, hi = sentence_bounds(text, start, end)
    lo, hi = max(lo, start - 200), min(hi, end + 200)
    return text[lo:hi].strip()


class _Collector:
    """Citations found so far, refusing a second one over characters already claimed."""

    def __init__(self, text: str, reference_start: int, with_context: bool = True) -> None:
        self.text = text
        self.with_context = with_context
        # Links and DOIs read in a copy where a line break that cannot end a link is a joiner
        # ("https://doi.org/\n10.1016/…", "…/2023.\n01.004"): same length, so spans agree.
        self.scan_text = _LINK_BREAK.sub(_JOINER, text) if "\n" in text else text
        self.reference_start = reference_start
        self.found: list[Citation] = []
        self.claimed: list[tuple[int, int]] = []  # sorted, never overlapping

    def taken(self, start: int, end: int) -> bool:
        i = bisect.bisect_left(self.claimed, (end, end))
        return any(start < b and a < end for a, b in self.claimed[max(0, i - 2) : i + 1])

    def add(self, kind: CitationKind, value: str, start: int, end: int, confidence: float) -> None:
        role: CitationRole = "reference" if start >= self.reference_start else "mention"
        if role == "reference":
            confidence *= 0.5
        context = _context(self.text, start, end) if self.with_context else ""
        self.found.append(Citation(kind, value, (start, end), round(confidence, 3), context, role))

    def claim(self, start: int, end: int) -> None:
        if not self.taken(start, end):
            bisect.insort(self.claimed, (start, end))


# An ellipsis closing a link, with whatever punctuation follows it.
_CUT_END = re.compile(r"(\.\.\.|…)[)\]}'\"”’,;:!?.]*$")


def _scan_urls(col: _Collector) -> None:
    for url_start, url_end in ids.find_urls(col.scan_text):
        raw = col.scan_text[url_start:url_end]
        # A cut-off link keeps its ellipsis (it marks the link as truncated) even when a
        # bracket, comma or full stop follows it: "(… nature.com/articles/s41467-024-451...).".
        cut = _CUT_END.search(raw)
        trimmed = raw[: cut.start()] + cut.group(1) if cut else raw.rstrip(".,;:!?)]}'\"”’")
        if trimmed.count("(") > trimmed.count(")") and raw[len(trimmed) :].startswith(")"):
            trimmed += ")"  # Lancet/Cell PIIs carry brackets of their own
        start, end = url_start, url_start + len(trimmed)
        trimmed = trimmed.replace(_JOINER, "")
        found = ids.ids_in_url(trimmed)
        col.claim(start, end)
        if found.truncated:
            col.add("truncated_url", found.truncated, start, end, 0.5)
            continue
        said_cut = _said_cut_id(found)
        if said_cut and _cut(col.text, start, end):
            # ".../articles/PMC1018" in a list of links "that both got cut off": the writer's
            # words make the identifier at its end a beginning, as they do for a bare one
            col.add("truncated_url", said_cut, start, end, 0.5)
            continue
        if found.doi:
            col.add("doi", found.doi, start, end, 0.99)
            if not ids.DOI_RE.search(trimmed) and not ids.DOI_RE.search(unquote(trimmed)):
                # A DOI read from a publisher's path: the link itself may be what a card records.
                url = ids.norm_url(trimmed)
                if url:
                    col.add("url", url, start, end, 0.6)
        if found.pmid:
            col.add("pmid", found.pmid, start, end, 0.99)
        if found.pmcid:
            col.add("pmcid", found.pmcid, start, end, 0.99)
        if found.pii and not found.doi:
            col.add("url", f"pii:{found.pii}", start, end, 0.8)
        if not (found.doi or found.pmid or found.pmcid or found.pii) and not trimmed.endswith(("...", "…")):
            url = ids.norm_url(trimmed)
            if url and "/" in url:
                col.add("url", url, start, end, 0.6)
            title = title_in_url(trimmed)
            if title:
                col.add("title", title, start, end, 0.6)


def _scan_identifiers(col: _Collector) -> None:
    text = col.text
    for m in ids.DOI_RE.finditer(col.scan_text):
        if col.taken(m.start(), m.end()):
            continue
        raw = m.group(0).replace(_JOINER, "")
        bare = raw.rstrip(",;:!?)]}'\"")  # "12-1...," : the cut comes before the punctuation
        claimed_to = m.end()
        # "10.1016/j.chom.2023.01.00-something": a word standing for the rest, which a DOI's
        # own characters let the pattern run on into
        placeholder = _PLACEHOLDER_TAIL.search(bare)
        if placeholder is not None:
            bare = bare[: placeholder.start()] + "..."
        # (an ellipsis may be followed by the bracket and stop that close the sentence:
        # "(… doi 10.1371/journal.pone.00313…).")
        cut_end = _CUT_END.search(bare)
        if cut_end is not None or _cut(text, m.start(), m.end()):
            prefix = (bare[: cut_end.start()] if cut_end is not None else bare).rstrip(".…").lower()
            col.add("truncated_url", f"doi:{prefix}", m.start(), m.end(), 0.5)
        else:
            doi = ids.trim_doi(raw)
            # A suffix without a digit is no whole DOI ("10.1126/sciadv"): the rest may stand
            # after a space ("10.1126/sciadv .1400121"), else the writer gave its beginning.
            digitless = doi is not None and not any(ch.isdigit() for ch in doi.partition("/")[2])
            rest = _SPACED_DOI_REST.match(col.scan_text, m.end()) if digitless else None
            joined = ids.trim_doi(raw + rest.group(1)) if rest is not None else None
            if rest is not None and joined is not None:
                claimed_to = rest.end()
                col.add("doi", joined, m.start(), claimed_to, 0.9)
            elif doi and (digitless or publishers.is_cut_doi(doi)):
                col.add("truncated_url", f"doi:{doi}", m.start(), m.end(), 0.5)
            elif doi:
                shown = m.group(0).lower()
                end = m.start() + shown.rfind(doi[-4:]) + 4 if doi[-4:] in shown else m.end()
                col.add("doi", doi, m.start(), min(max(end, m.start() + 1), m.end()), 0.97)
        col.claim(m.start(), claimed_to)
    lower = text.lower()
    for doi, start, end in publishers.bare_dois(text, lower):
        if not col.taken(start, end):
            col.add("doi", doi, start, end, 0.9)
            col.claim(start, end)
    cued = "pmid" in lower or "pubmed" in lower  # a cheap test before the case-blind scan
    # "PMID: 27573827", and "27573827 on PubMed" with the cue after the number (a long one:
    # "2016 on PubMed" is a year), whose label before it may make it no paper's
    after = "pubmed" in lower
    for m, cue_after in (
        *((m, False) for m in (ids.PMID_CUE_RE.finditer(text) if cued else ())),
        *((m, True) for m in (ids.PMID_BEFORE_CUE_RE.finditer(text) if after else ())),
    ):
        if col.taken(m.start(), m.end()):
            continue
        if cue_after and _LABELLED_NOT_A_PAPER.search(text, max(0, m.start() - 30), m.start()):
            continue  # "order number 27573827 in PubMed's format": a label's number
        pmid = ids.norm_pmid(m.group(1))
        if pmid:
            _add_id(col, "pmid", pmid, m.start(), m.end())
    for m in ids.PMCID_RE.finditer(text):
        if col.taken(m.start(), m.end()):
            continue
        if _LABELLED_NOT_A_PAPER.search(text, max(0, m.start() - 30), m.start()):
            continue  # "a seed packet stamped with lot number PMC…": a label's number, no citation
        pmcid = ids.norm_pmcid(m.group(1))
        if pmcid:
            _add_id(col, "pmcid", pmcid, m.start(), m.end())


# A word written in place of an identifier's end the writer lacks ("…01.00-something",
# "…/s41591-whatever"), run into it with a hyphen.
_PLACEHOLDER_TAIL = re.compile(r"[-_](?:something|whatever|smth)$", re.IGNORECASE)
# The rest of a DOI a stray space split ("10.1126/sciadv .1400121"): it opens with the
# punctuation DOIs join their parts with and holds a digit.
_SPACED_DOI_REST = re.compile(r" ([./-][\w.()/-]*\d[\w.()/-]*)")


# A number's own label before it: an order, lot, ticket or build number only looks like an
# identifier.
_LABELLED_NOT_A_PAPER = re.compile(
    r"\b(?:lot|batch|serial|order|ticket|invoice|tracking|case|claim|build|account|booking|parcel|part|model|"
    r"item|product|sku|pattern|kit)"
    r"\s*(?:number|no\.?|#|code|id)?\s*[:#]?\s*$",
    re.IGNORECASE,
)


def _add_id(col: _Collector, kind: Literal["pmid", "pmcid"], value: str, start: int, end: int) -> None:
    """A bare PMID or PMCID; one running into an ellipsis ("PMC101487…"), or a PMID too short
    for the illness's literature ("PMID: 3675", ``ids.cut_short``), is a prefix to resolve, not
    a paper."""
    if _cut(col.text, start, end) or (kind == "pmid" and ids.cut_short(value)):
        col.add("truncated_url", f"{kind}:{value}", start, end, 0.5)
    else:
        col.add(kind, value, start, end, 0.95)
    col.claim(start, end)


def _said_cut_id(found: ids.UrlIds) -> str | None:
    """The one identifier a link holds, as a prefix to resolve (``kind:value``), or None."""
    held = [(k, v) for k, v in (("doi", found.doi), ("pmid", found.pmid), ("pmcid", found.pmcid)) if v]
    return f"{held[0][0]}:{held[0][1]}" if len(held) == 1 else None


def _cut(text: str, start: int, end: int) -> bool:
    """Whether the identifier at ``start:end`` was cut off by the writer, so it is a prefix to
    resolve, never a whole one: it runs straight into an ellipsis ("12-1...", "12-1..",
    "PMC101487…"), is said to go on ("PMC44651 something", "PMID 3675-something", "… (cut
    off)"), its sentence says it is only a beginning ("the start of its link, PMC65055, and
    the rest is smudged"), or it stands in a list of links said to be cut off ("both got cut
    off:" and a link a line); a short identifier may be whole, early PMCIDs had five digits, so
    only the writer's words make it a prefix."""
    # (two full stops too: "PMID 302983.. (my screenshot cuts off the end)"; one ends a sentence)
    return (
        text.startswith(("..", "…"), end)
        or _SAID_CUT.match(text, end) is not None
        or _BEGINNING_BEFORE.search(text, max(0, start - 60), start) is not None
        or _REST_LOST_AFTER.match(text, end) is not None
        or _CUT_LIST_HEAD.search(text, max(0, start - 300), start) is not None
    )


# An identifier told as only its beginning: "PMC44651 something", "3675-something", "(cut off)".
_SAID_CUT = re.compile(r"(?:-|\s+)something\b|\s*\((?:cut\s+off|truncated)\)", re.IGNORECASE)
# Told so before it, in its sentence: "the start of the link", "the first few digits of its PMID".
_BEGINNING_BEFORE = re.compile(
    r"\b(?:start|beginning|first\s+(?:few\s+)?(?:digits|numbers|characters|part))\s+of\s+"
    r"(?:the|its|this|that|a|an)\s+(?:\w+\s+)?(?:link|url|address|id|identifier|number|doi|pmid|pmcid)s?\b"
    r"[^.!?\n]{0,16}$",
    re.IGNORECASE,
)
# Or after it: "…, and the rest is smudged", "(the rest got cut off)".
_REST_LOST_AFTER = re.compile(
    r"[^.!?\n]{0,30}?\bthe\s+rest\s+(?:of\s+it\s+)?(?:is|was|got|has\s+been)\s+"
    r"(?:missing|cut|gone|smudged|illegible|unreadable|cropped|lost|blurred|torn)",
    re.IGNORECASE,
)


# Or on the line that opens a list of links, the identifier's line among them: "… and both got
# cut off:" then one link a line (lines of links hold no spaces).
_CUT_LIST_HEAD = re.compile(
    r"\b(?:cut\s+off|truncated|cropped|incomplete)\b[^.!?\n]{0,40}:[ \t]*\n(?:[ \t]*\S*\n)*?[ \t]*\S*$",
    re.IGNORECASE,
)


# A year written as a name's own, straight after it: "Germain et al. (2025", "Smith et al., 2019",
# "Fluge and colleagues (2019", or inside the brackets of a citation: "(Sotzny, 2018".
_OWN_YEAR_OF_NAME = re.compile(
    r"(?:\bet\.?\s*al\.?|\band\s+colleagues|\bet\s+al\.?,)\s*[(,]?\s*$"
    r"|\(\s*[A-Z][\w'’-]+(?:\s+(?:and|&)\s+[A-Z][\w'’-]+)?,?\s*$"
)
# A comma or semicolon opening a new clause ("…, in 2023 the …"): a year beyond it belongs to
# that clause, not to the name before it ("Smith et al., 2019" and "(Nature, 2019)" go on).
_NEW_CLAUSE = re.compile(r"[,;]\s+[a-z]")
_ACROSS_CLAUSE = 60  # characters a year across a clause boundary counts as farther away
# "In 2019 a friend sent me the Naviaux paper", "Back in 2018 I read …": a year that dates what
# the writer or someone near them did is no work's year (the authors' own doings, "In 2016
# Naviaux published …", keep theirs).
_READERS_YEAR = re.compile(r"(?:[Bb]ack\s+)?(?:[Ii]n|[Ss]ince)\s+(?:(?:early|late|mid-?)\s*)?$")
_READER_AFTER = re.compile(
    r",?\s+(?:I(?:['’](?:d|ve|m))?|we|my|our|me|a\s+friend|someone|somebody|(?:a|an|the)\s+(?:new\s+)?"
    r"(?:consultant|doctor|GP|neurologist|specialist|physio\w*|nurse|p(?:a)?ediatrician|clinic))\b"
)

# "… privately in 2017 after reading the Bergen group's papers": the year of what the writer did
# on reading about a work, not the work's
_UPON_READING = re.compile(
    r",?\s+(?:after|before|when|while|on)\s+(?:I\s+)?(?:read(?:ing)?|see(?:ing)?|saw|hear(?:ing)?|heard|found|finding)\b"
)

# A year in a later clause opening a work of its own ("…, and there's the 2020 meta-analysis"):
# the article before it, the kind of work after it.
# (or whose it is: "…, builds on the same team's 2023 study", "… and their 2019 trial")
_ARTICLE_BEFORE = re.compile(r"(?:\b(?:the|a|an|this|that|their|its)|\w['’]s)\s+$", re.IGNORECASE)
# "… and a 2025 paper": another work joined on by "and" (with an article before its year)
_AND_ANOTHER = re.compile(r"\s(?:and|or|plus)\s+(?:to\s+|also\s+)?(?:the|a|an|this|that)\s+$")
# "… from 2011 and the US …": what lies between a year and a name after it when the year is
# the work's before "and" (the name's own year is elsewhere)
_AND_ANOTHER_AFTER = re.compile(r"\)?\s+(?:and|or|plus)\s+(?:the|a|an)\s+(?:[\w-]+\s+){0,2}")
_WORK_OF_ITS_OWN = re.compile(
    r"\s+(?:[\w-]+\s+){0,2}?(?:meta-analys[ie]s|stud(?:y|ies)|papers?|trials?|reviews?|overviews?|preprints?|"
    r"reports?)\b",
    re.IGNORECASE,
)


def writers_year(text: str, start: int, end: int, floor: int) -> bool:
    """Whether the year at ``start:end`` dates the writer's doings ("In 2019 a friend sent me")."""
    return bool(
        (_READER_AFTER.match(text, end) or _UPON_READING.match(text, end))
        and _READERS_YEAR.search(text, max(floor, start - 16), start)
    )


def nearest_year(text: str, start: int, end: int, reach: int = 110, others_kept: bool = False) -> int | None:
    """The year closest to a span within its sentence, preferring one that follows it and one
    in the same clause ("In 2016 it was Giloteaux and colleagues, in 2023 the gut pair").
    ``others_kept``: a year written as another name's own ("Germain et al. (2025) … and Azcue
    et al. on …", "Heng and colleagues and … by Hoel and colleagues, 2026") is not this span's."""
    lo, hi = sentence_bounds(text, start, end)
    lo, hi = max(lo, start - reach), min(hi, end + reach)
    best: tuple[int, int] | None = None
    for m in YEAR_RE.finditer(text, lo, hi):
        if writers_year(text, m.start(), m.end(), lo):
            continue  # the writer's year, not the work's
        if (
            others_kept
            and m.end() <= start
            and _OWN_YEAR_OF_NAME.search(text, max(lo, m.start() - 40), m.start())
        ):
            continue  # "Germain et al. (2025)": that name's year
        distance: float
        if m.start() >= end:
            if others_kept and _OWN_YEAR_OF_NAME.search(text, max(end, m.start() - 40), m.start()):
                continue  # "Heng and colleagues and … by Hoel and colleagues, 2026": Hoel's year
            distance = m.start() - end
            if _NEW_CLAUSE.search(text, end, m.start()) or _AND_ANOTHER.search(text, end, m.start()):
                if _WORK_OF_ITS_OWN.match(text, m.end()) and _ARTICLE_BEFORE.search(text, lo, m.start()):
                    # "…, and there's the 2020 meta-analysis", "… in the Journal of Clinical
                    # Medicine and a 2025 paper in …": that work's year
                    continue
                distance += _ACROSS_CLAUSE
        else:
            if _AND_ANOTHER_AFTER.fullmatch(text, m.end(), start):
                continue  # "the consensus criteria from 2011 and the US IOM criteria": the other's
            distance = (start - m.end()) * 1.5
        if best is None or distance < best[0]:
            best = (int(distance), int(m.group(1)))
    return best[1] if best else None


# A year told relative to the writer's time, in the name's own clause: "a paper this year from
# Hoel and colleagues", "Hoel et al. last year".
_RELATIVE_YEAR_BEFORE = re.compile(r"\b(?:this|last|next)\s+year\b[^,;()\d]{0,25}$", re.IGNORECASE)
_RELATIVE_YEAR_AFTER = re.compile(r"[ \t]*,?[ \t]*(?:this|last|next)\s+year\b", re.IGNORECASE)


def _after_a_comma(text: str, start: int) -> bool:
    """Whether a comma (then spaces, perhaps a line end) comes right before ``start``: what each
    byline pattern ends with. Tested first because the patterns, tried at every place of the
    120 characters before a name, cost about as much as the rest of extraction and matching
    together, and most names follow no comma."""
    at = start
    if at > 0 and text[at - 1] == "\n":
        at -= 1  # (``$`` also matches before a line end at the end of the searched span)
    while at > 0 and text[at - 1] in " \t":
        at -= 1
    return at > 0 and text[at - 1] == ","


# "a team led by Sardell", "the review, led by Donna Mancini, …": a work's lead author, after
# "led by" (a given name and a title may come first; not a name followed by another capitalised
# word, "led by Columbia University", nor a possessive, "led by Lipkin's group", read above; nor
# a place followed by its people, "led by Columbia researchers").
_LED_BY = re.compile(
    rf"\bled\s+by\s+(?:(?:Dr|Prof(?:essor)?)\.?\s+)?(?:[A-Z][a-zß-ÿ]+\s+)?(?P<name>{_CORE_NAME})"
    r"(?![\w'’-])(?!\s+[A-Z])(?!\s+(?:investigators|(?:" + "|".join(RESEARCH_GROUP_NOUNS) + r")s?)\b)"
)


def _scan_authors(col: _Collector) -> None:
    _scan_named_authors(col)
    text = col.text
    for m in _LED_BY.finditer(text) if "led by" in text else ():
        name, start = m.group("name"), m.start("name")
        if name in _NOT_NAMES or name.lower() in INSTITUTION_WORDS or col.taken(start, m.end()):
            continue  # ("led by Columbia University": a place, whose last word reads like a name)
        year = nearest_year(text, start, m.end(), others_kept=True)
        col.add("author_year", f"{name} {year}" if year else name, start, m.end(), 0.85 if year else 0.55)


def _scan_named_authors(col: _Collector) -> None:
    text = col.text
    for m in AUTHOR_RE.finditer(text):
        name, start = m.group("name"), m.start()
        if name in _NOT_NAMES:
            continue
        particles = _PARTICLES_BEFORE.search(text, max(0, start - 40), start)
        if particles:
            name, start = text[particles.start() : start] + name, particles.start()
        strong = m.group("etal") or m.group("colleagues")
        byline = (
            _BYLINE_BEFORE.search(text, max(0, start - 120), start)
            or _BYLINE_AFTER_BY.search(text, max(0, start - 120), start)
            or _BRACKETED_BYLINE_BEFORE.search(text, max(0, start - 120), start)
            if strong and _after_a_comma(text, start)
            else None
        )
        if (
            byline is None
            and strong
            and text[start - 1 : start] in (" ", "\t")
            and "," in text[max(0, start - 120, text.rfind("\n", 0, start) + 1) : start]
        ):
            full = _FULL_NAMES_BEFORE.search(text, max(0, start - 120), start)
            if full and not any(word in _NOT_NAMES for word in full.group("given").split()):
                byline = full
            else:
                byline = _GIVEN_FIRST_BYLINE_BEFORE.search(text, max(0, start - 160), start)
        if (
            byline
            and not any(word in _NOT_NAMES for word in byline.group("first").split())
            and not _place_not_author(text, byline)
        ):
            name, start = byline.group("first"), byline.start("first")
        if col.taken(start, m.end()):
            continue
        year = nearest_year(text, start, m.end(), others_kept=True)
        if year is not None and (
            _RELATIVE_YEAR_BEFORE.search(text, max(0, start - 45), start)
            or _RELATIVE_YEAR_AFTER.match(text, m.end())
        ):
            year = None  # "… this year from Hoel and colleagues": its year is told, not a number near it
        if m.group("pair") and (
            year is None or _journal_like(name, m.group("pair")) or _countries(name, m.group("pair"))
        ):
            continue
        # Particles stay with the name ("De Meirleir", "van Elzakker"): they are part of it.
        surname = name
        confidence = (0.85 if strong else 0.7) if year else (0.55 if strong else 0.45)
        value = f"{surname} {year}" if year else surname
        col.add("author_year", value, start, m.end(), confidence)


def _place_not_author(text: str, byline: re.Match[str]) -> bool:
    """Whether a byline's first name, after "from", is a research group's place ("later work
    from Columbia, Che et al. 2022"): where the work came from, the author list starting after
    it."""
    first = byline.group("first")
    return (
        text[max(0, byline.start("first") - 5) : byline.start("first")].lower().endswith("from ")
        and " " not in first
        and ids.fold(first) in all_places()
    )


def _countries(name: str, pair: str) -> bool:
    """Whether a pair of names is two countries or their adjectives: "samples from Canadian and
    Norwegian patients", "patients in Canada and Norway" name no authors."""
    last = pair.rsplit(None, 1)[-1]
    return name.lower() in COUNTRY_WORDS and last.lower() in COUNTRY_WORDS


# "walitt et al 2024": a surname typed in lower case is still a surname before "et al." (which
# nothing but a name stands before).
_LOWER_CASE_ET_AL = re.compile(r"(?=[a-zß-ÿ])(?<![\w'’-])([a-zß-ÿ][a-zß-ÿ'’-]{2,})\s+et\.?\s*al\b\.?")
_NOT_LOWER_NAMES_TEXT = "the and a an of in on at by for with from to see also our their his her its"
_NOT_LOWER_NAMES = frozenset(_NOT_LOWER_NAMES_TEXT.split())


def _scan_lower_case_authors(col: _Collector) -> None:
    text = col.text
    if "et al" not in text and "et. al" not in text:
        return
    for m in _LOWER_CASE_ET_AL.finditer(text):
        name = m.group(1)
        if name in _NOT_LOWER_NAMES or col.taken(m.start(), m.end()):
            continue
        year = nearest_year(text, m.start(), m.end())
        surname = name[0].upper() + name[1:]
        col.add(
            "author_year",
            f"{surname} {year}" if year else surname,
            m.start(),
            m.end(),
            0.7 if year else 0.45,
        )


# "their follow-up", "the same group's later paper": a work by the authors cited just before.
_FOLLOW_UP = re.compile(
    r"(?=[tThH])"  # (a look-ahead at the first letters lets ``re`` skip to them; ``\b`` does not)
    r"\b(?:their|the same (?:group|team|lab|authors)(?:'s|’s)?|(?:his|her) (?:group|team|lab)(?:'s|’s)?)"
    r"\s+(?:own\s+)?(?:follow[- ]?up|later|newer|next|second|subsequent)\b"
    r"(?:\s+(?:paper|study|analysis|trial|preprint|article|work))?",
    re.IGNORECASE,
)


def _scan_follow_ups(col: _Collector) -> None:
    """ "Guo et al. (2023) … Their follow-up in 2025 …": the same first author in the year beside
    the phrase, read as an author-year citation (the matcher then finds, or vetoes, that paper).

    Why only with a year of its own, different from the earlier one: without it "their later
    work" may be any paper of the group, and a guess would put a wrong paper in the queue.
    """
    authors = [c for c in col.found if c.kind == "author_year" and c.value.rsplit(" ", 1)[-1].isdigit()]
    if not authors:
        return
    text = col.text
    for m in _FOLLOW_UP.finditer(text):
        before = [c for c in authors if c.span[1] <= m.start()]
        year = nearest_year(text, m.start(), m.end())
        if not before or year is None or col.taken(m.start(), m.end()):
            continue
        surname, earlier = before[-1].value.rsplit(" ", 1)
        if int(earlier) != year:
            col.add("author_year", f"{surname} {year}", m.start(), m.end(), 0.7)


def _journal_like(name: str, pair: str) -> bool:
    """Whether an "A & B" pair is words of a journal's name rather than two surnames."""
    words = [name.split()[-1], *(w for w in re.findall(r"[^\W\d_]+", pair) if w[0].isupper())]
    return any(w in _JOURNAL_WORDS for w in words)


def _scan_quoted_titles(col: _Collector) -> None:
    for m in _QUOTED.finditer(col.text):
        inner = m.group(1).strip()
        if len(inner.split()) < 4 or col.taken(m.start(1), m.end(1)):
            continue
        col.add("title", inner, m.start(1), m.start(1) + len(m.group(1).rstrip()), 0.6)


def extract_citations(
    text: str, meta: Mapping[str, Any] | None = None, links: Iterable[str] = ()
) -> list[Citation]:
    """Every citation in ``text`` (plus a fetched page's meta tags and links), in text order.

    Spans index ``text``; citations from meta tags and links carry the empty span (0, 0).
    """
    col = _Collector(text, reference_section_start(text))
    _scan_urls(col)
    _scan_identifiers(col)
    _scan_authors(col)
    _scan_lower_case_authors(col)
    _scan_follow_ups(col)
    _scan_quoted_titles(col)
    found = sorted(col.found, key=lambda c: c.span)
    seen = {(c.kind, c.value) for c in found}
    for link in links:
        link_col = _Collector(link, len(link) + 1, with_context=False)
        _scan_urls(link_col)
        for c in link_col.found:
            if (c.kind, c.value) not in seen and c.kind in ("doi", "pmid", "pmcid", "url"):
                seen.add((c.kind, c.value))
                found.append(Citation(c.kind, c.value, (0, 0), round(c.confidence * 0.95, 3), f"link:{link}"))
    if meta:
        found.extend(c for c in meta_citations(meta) if (c.kind, c.value) not in seen)
    return found
