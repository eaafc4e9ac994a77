"""An in-memory index of atlas cards, built once per run and read by the matcher.

Why these keys: people cite a paper by identifier, by title, by "Surname YEAR", or by journal
and year; each route needs its own dictionary so that matching a post costs a few lookups
whatever the atlas's size (the benchmark runs it against 10,000 cards). Titles are indexed by
word trigrams so a title can be found inside a sentence without comparing every card.
"""

from __future__ import annotations

import bisect
import math
import re
from collections import defaultdict
from collections.abc import Iterable

from bot.atlas.types import AtlasCard
from bot.evidence import identifiers as ids
from bot.evidence import publishers
from bot.evidence.research_groups import group_places
from bot.evidence.textnorm import STOPWORDS, content_words, stem, words

_JOURNAL_STOP = frozenset({"the", "of", "and", "for", "in", "on", "de", "la"})
_EMPTY: frozenset[str] = frozenset()
# "the Norwegian trial" names a card whose summary says "in Norway": countries bring their
# adjectives into a card's profile.
_DEMONYMS = {
    "norway": "norwegian",
    "sweden": "swedish",
    "denmark": "danish",
    "finland": "finnish",
    "germany": "german",
    "netherland": "dutch",
    "belgium": "belgian",
    "france": "french",
    "spain": "spanish",
    "italy": "italian",
    "ireland": "irish",
    "britain": "british",
    "england": "english",
    "scotland": "scottish",
    "japan": "japanese",
    "china": "chinese",
    "korea": "korean",
    "australia": "australian",
    "canada": "canadian",
    "america": "american",
    "iceland": "icelandic",
    "israel": "israeli",
    "poland": "polish",
    "austria": "austrian",
    "switzerland": "swiss",
    "brazil": "brazilian",
    "india": "indian",
    "mexico": "mexican",
    "portugal": "portuguese",
    "greece": "greek",
    "russia": "russian",
    "turkey": "turkish",
}
DEMONYMS = frozenset(_DEMONYMS.values())  # "norwegian", "german", …: a country named as an adjective
# A country's name or adjective: a place many groups share, so it tells no one group's papers.
COUNTRY_WORDS = DEMONYMS | frozenset(_DEMONYMS)


def with_demonyms(words: set[str]) -> set[str]:
    """These words with the adjective of each country among them ("norway" brings "norwegian"):
    "patients in Canada and Norway" are a card's "Canadian and Norwegian" patients."""
    countries = words & _DEMONYMS.keys()
    return words | {_DEMONYMS[w] for w in countries} if countries else words


_MAIN_TITLE_CUT = (":", ". ", " - ", " – ", "? ")
# The words of the illness's names, spelt out.
_ILLNESS_NAME = ("myalgic", "encephalomyelitis", "encephalopathy", "chronic", "fatigue", "syndrome")
# The illness's names, as titles' words are read and indexed: a title less these says what it is
# about, and a main title of these alone names no paper.
ILLNESS_WORDS = frozenset(stem(w) for w in (*_ILLNESS_NAME, "me", "cfs", "seid"))


_ORG_GLUE = frozenset({"of", "for", "and", "the", "on", "in"})  # words an organisation's initials skip


def _title_acronyms(title: str) -> set[str]:
    """Initials of every run of 3-6 consecutive capitalised words of a title."""
    found: set[str] = set()
    run: list[str] = []
    for word in [*title.replace("-", " ").replace("/", " ").split(), ""]:
        if word[:1].isupper():
            run.append(word[0].lower())
            continue
        for n in range(3, 7):
            found.update("".join(run[i : i + n]) for i in range(len(run) - n + 1))
        run = []
    return found


# Words that name the illness or a kind of study: a title part made of these alone names no one
# paper ("Chronic Fatigue Syndrome", "A Double-Blind Placebo-Controlled Study").
_NAMELESS = frozenset(
    [
        *_ILLNESS_NAME,
        "disease",
        "illness",
        "covid",
        "long",
        "post",
        "acute",
        "fibromyalgia",
        "patients",
        "study",
        "trial",
        "review",
        "systematic",
        "analysis",
        "randomised",
        "randomized",
        "controlled",
        "placebo",
        "double",
        "blind",
        "clinical",
        "pilot",
        "phase",
        "cohort",
        "case",
        "report",
        "follow",
        "term",
    ]
)
# What a title part must end with to be a document's name: criteria, guidelines and reports
# are called by name; a finding or a topic in capitals ("Postural Orthostatic Tachycardia
# Syndrome") is not a name.
_DOCUMENT_KINDS = frozenset(
    [
        "criteria",
        "guideline",
        "guidelines",
        "definition",
        "definitions",
        "consensus",
        "recommendations",
        "statement",
        "primer",
        "report",
        "protocol",
        "protocols",
    ]
)
_NAME_SEGMENTS = re.compile(r":|\. | - | – |\? ")


def title_names(title: str) -> set[tuple[str, ...]]:
    """The parts of a title that work as its name: a whole segment between its colons, dashes
    or full stops, of two to five significant words (four letters or more) each capitalised,
    ending with a kind of document ("criteria", "report") and not only words for the illness
    or a kind of study. "Myalgic encephalomyelitis:
    International Consensus Criteria" → {("international", "consensus", "criteria")}.

    Why: a consensus document or report is called by that part, unquoted and without its
    author or year ("under the International Consensus Criteria"); a title part written in
    capitals is as good as the title, once only one card's title has it."""
    found: set[tuple[str, ...]] = set()
    for segment in _NAME_SEGMENTS.split(title):
        raw = [t.strip("()[],;'\"") for t in segment.replace("/", " ").split()]
        significant = [t for t in raw if len(t) >= 4]
        if not 2 <= len(significant) <= 5 or not all(t[0].isupper() for t in significant):
            continue
        key = tuple(w for w in words(segment) if len(w) >= 4)
        if len(key) >= 2 and key[-1] in _DOCUMENT_KINDS and not set(key) <= _NAMELESS:
            found.add(key)
    return found


# "(PACE)", "(COVID-OUT)": a name in brackets, capitals (digits, hyphens) of three or more.
_BRACKETED_NAME = re.compile(r"\(([A-Z][A-Z0-9-]{2,})\)")
_TRIAL_TITLE = re.compile(r"\b(?:trial|randomi[sz]ed|study protocol)\b", re.IGNORECASE)


# "ResetME", "DecodeME": one word with a capital after its first letter and a small letter; a
# name in mixed capitals, never an ordinary word (the mention scanner reads posts with it too).
CAMEL_NAME = re.compile(
    r"^[A-Z][A-Za-z0-9]*[a-z][A-Za-z0-9]*[A-Z][A-Za-z0-9]*$|^[A-Z][A-Za-z0-9]*[A-Z][A-Za-z0-9]*[a-z]"
)


# A gene's or a compound's name: capitals, three or more, and digits ("WASF3", "NLRP3",
# "AER002"); capitals alone are most often an abbreviation of common words ("MRI", "USA").
_CODE_NAME = re.compile(r"^(?=(?:[0-9]*[A-Z]){3})(?=[A-Z]*[0-9])[A-Z][A-Z0-9]+$")
_PLURAL_CAPITALS = re.compile(r"^[A-Z]+s$")  # "PBMCs", "GPCRs": an abbreviation's plural
_TITLE_WORD = re.compile(r"[^\W_]+")


def coined_words(title: str) -> set[str]:
    """The words of a title written as names, not as English: a gene's or compound's code
    ("WASF3") or a word in mixed capitals without digits ("EpiSwitch"), as written.

    Why: a coined word that one known title alone holds names that paper when a post writes it
    beside the paper's year or journal ("the 2023 WASF3 paper"); a measure's name with digits
    in mixed capitals ("VO2peak") or an abbreviation's plural ("PBMCs") is no such word."""
    return {
        w
        for w in _TITLE_WORD.findall(title)
        if _CODE_NAME.match(w)
        or (CAMEL_NAME.match(w) and not any(ch.isdigit() for ch in w) and not _PLURAL_CAPITALS.match(w))
    }


# Words after a study's name in a title's opening that say what the paper is.
_PAPER_KINDS = frozenset(("study", "trial", "protocol", "pilot", "cohort"))
_NOT_TRIAL_NAMES = frozenset(("covid", "mecfs", "cfsme", "seid", "pots", "long"))


def declared_names(title: str, first_author: str | None = None) -> set[str]:
    """The names a study's own paper gives itself: in brackets in a trial's title ("... chronic
    fatigue syndrome (PACE): a randomised trial" → {"pace"}), as a trial title's opening word
    ("ResetME: A Randomized, Placebo-controlled Study …" → {"resetme"}), or as the name of the
    collaboration that is its author ("DecodeME Collaboration" → {"decodeme"}).

    Why: people call a study by its name ("the PACE trial", "the DecodeME results"), and the
    later papers about it carry the name too ("long-term follow-up from the PACE trial", "the
    DecodeME patient cohort"); the paper that declares the name is the study itself. A
    bracketed abbreviation of the words before it ("post-COVID-19 syndrome (PCS)") is not a
    name, nor is one in a title that reports no trial; a name is written with mixed capitals
    or in brackets, so an opening "COVID-19:" or "ME/CFS:" is none.
    """
    found = set()
    if first_author and len(first_author.split()) >= 2:
        found |= {w.lower() for w in first_author.split() if CAMEL_NAME.match(w)}
    if not _TRIAL_TITLE.search(title):
        return found
    opening = title.split(":", 1)[0].strip()
    # (the name before the words saying what the paper is: "ACHTSAM study protocol: …")
    first, *kind = opening.split()
    if kind and all(w.lower() in _PAPER_KINDS for w in kind):
        opening = first
    # (or one word in capitals, letters only: "REGAIN: a randomized controlled clinical trial …";
    # "COVID-19:" and "ME/CFS:" are no names, and neither is an illness's initials)
    named_in_capitals = opening.isalpha() and opening.isupper() and len(opening) >= 4
    if (
        opening != title
        and (CAMEL_NAME.match(opening) or named_in_capitals)
        and opening.lower() not in _NOT_TRIAL_NAMES
    ):
        found.add(opening.lower())
    for m in _BRACKETED_NAME.finditer(title):
        letters = [ch for ch in m.group(1).lower() if ch.isalpha()]
        before = title[: m.start()].replace("-", " ").replace("/", " ").split()[-8:]
        initials = "".join(w[0].lower() for w in before if w[:1].isalpha())
        if not _is_subsequence(letters, initials):
            found.add(m.group(1).lower())
    return found


# "the RituxME trial (2019)", "the RituxME trial in 2019": a study's name and its year, as a
# card's own texts give another study (or itself).
_TOLD_NAME = re.compile(
    r"\b([A-Z][A-Za-z0-9-]{3,})\s+(?:trial|study|cohort)\b[^.;]{0,40}?\b((?:19|20)\d\d)\b"
)


def told_names(cards: Iterable[AtlasCard]) -> dict[str, str]:
    """Study names the atlas's own texts give, each with the one card it names: "the RituxME
    trial in 2019 found no benefit", in the limits of an earlier rituximab card, names the
    2019 card whose treatment that earlier card shares.

    Why: a trial is often known by a name its own paper's title never says; the editors who
    wrote the cards knew it. A name counts only when it is written as names are (mixed
    capitals, or capitals of four letters or more), every card telling it points at the same
    card, and exactly one card of that year shares a treatment with the card telling it."""
    cards = list(cards)
    by_year: dict[int, list[AtlasCard]] = defaultdict(list)
    for card in cards:
        if card.year:
            by_year[card.year].append(card)
    found: dict[str, set[str]] = defaultdict(set)
    for card in cards:
        treatments = set(card.tags.get("treatment", ()))
        if not treatments:
            continue
        text = " ".join(
            [
                card.quick_summary or "",
                card.does_not_prove or "",
                *card.observed_findings,
                *card.inferred_conclusions,
            ]
        )
        for m in _TOLD_NAME.finditer(text):
            name = m.group(1)
            if not (CAMEL_NAME.match(name) or (name.isalpha() and name.isupper())):
                continue
            if name.lower() in _NOT_TRIAL_NAMES:
                continue
            fitting = [
                o.id
                for o in by_year.get(int(m.group(2)), ())
                if treatments & set(o.tags.get("treatment", ()))
            ]
            found[name.lower()].add(fitting[0] if len(fitting) == 1 else "")
    return {name: next(iter(cids)) for name, cids in found.items() if len(cids) == 1 and "" not in cids}


def _is_subsequence(letters: list[str], initials: str) -> bool:
    rest = iter(initials)
    return all(ch in rest for ch in letters)


# "106 patients", "91 healthy controls", "45 people with ME/CFS": a group's size and who; also
# the size as an adjective ("the 151-patient trial", "a 22-person study").
# Who a group is: the nouns a size stands before (here and in sizes written in words).
GROUP_NOUNS = (
    r"(?:patients|people|participants|controls|adults|children|adolescents|women|men|cases|subjects|"
    r"individuals|volunteers)"
)
# A word between a figure and its group noun ("151 ME/CFS patients", "22 adult patients"): the
# illness's slashed name counts as one, so every size pattern keeps the figure with its group.
GROUP_WORD = r"(?:[A-Za-z-]+|ME/CFS|CFS/ME)"
# (The look-ahead at a digit comes first so that ``re`` skips to digits: a look-behind first
# makes it try every position.)
GROUP_SIZE = re.compile(
    r"(?=\d)(?<![\w.,-])(\d{1,5})(?!\s*(?:%|per ?cent|million|thousand|billion|[.,]\d))(?:\s+"
    r"(?:" + GROUP_WORD + r"\s+){0,3}?" + GROUP_NOUNS + r"|"
    r"-(?:patient|person|participant|subject|adult|child|case|volunteer))\b"
)
MIN_GROUP = 8  # smaller groups are too common a number to say which study


def telling_size(n: int) -> bool:
    """Whether a group size can say which study it is: not tiny, and not a year."""
    return n >= MIN_GROUP and not 1900 <= n <= 2100


def group_sizes(text: str) -> set[int]:
    """The group sizes a text gives (years and tiny groups left out)."""
    return {n for n in (int(m.group(1)) for m in GROUP_SIZE.finditer(text)) if telling_size(n)}


def counts_of(card: AtlasCard) -> set[int]:
    """The group sizes a card reports in its title, summary and findings, and its sample."""
    sizes = group_sizes(" ".join([card.title, card.quick_summary or "", *card.observed_findings]))
    if card.sample_size and card.sample_size >= MIN_GROUP:
        sizes.add(card.sample_size)
    return sizes


_BRACKETED = re.compile(r"\(([^()]*)\)")
# Standard (NLM) abbreviations of journal-title words, each with one spelling out; an
# abbreviation standing for several words ("sci": science, sciences) is left out.
_NLM_ABBREVIATIONS = {
    "am": "american",
    "j": "journal",
    "respir": "respiratory",
    "crit": "critical",
    "med": "medicine",
    "immunol": "immunology",
    "neurol": "neurology",
    "transl": "translational",
    "clin": "clinical",
    "int": "international",
    "mol": "molecular",
    "biol": "biology",
    "neurosci": "neuroscience",
    "eur": "european",
    "br": "british",
    "ann": "annals",
    "intern": "internal",
    "infect": "infectious",
    "proc": "proceedings",
    "natl": "national",
    "acad": "academy",
    "psychiatr": "psychiatric",
    "physiol": "physiology",
    "pediatr": "pediatrics",
    "rheumatol": "rheumatology",
    "gastroenterol": "gastroenterology",
    "endocrinol": "endocrinology",
    "cardiol": "cardiology",
}


def journal_key(name: str) -> tuple[str, ...]:
    """The journal's name as the index keys it: its words less the glue, without what a list
    puts in brackets after it ("Proceedings of the National Academy of Sciences (PNAS)",
    "Nutrients (MDPI)", "medRxiv (Preprint)"), so that one journal is one key whichever way a
    source wrote it. When the name before the brackets is abbreviated and the brackets spell
    it out ("Front. Neurol. (Frontiers in Neurology)"), the spelt-out name is the key."""
    main = name.split("(", 1)[0]
    inside = _BRACKETED.findall(name)
    if "." in main.strip().rstrip(".") and inside and len(inside[0].split()) >= 2:
        main = inside[0]
    if not words(main):
        main = name
    key = tuple(w for w in words(main.replace("&", " ")) if w not in _JOURNAL_STOP)
    if sum(w in _NLM_ABBREVIATIONS for w in key) >= 2 and not any(w in _JOURNAL_STOP for w in words(main)):
        # "Am J Respir Crit Care Med": a name abbreviated the NLM way is keyed as spelt out, so
        # a post writing it in full (or abbreviated, each word a beginning of the full one) finds it
        key = tuple(_NLM_ABBREVIATIONS.get(w, w) for w in key)
    if len(key) >= 3 and key[-1] == "press" and key[-2] != "university":
        # A publisher is called without its "Press" ("a report from the National Academies");
        # a university's press without it would be the university itself.
        key = key[:-1]
    return key


def journal_initials(key: tuple[str, ...]) -> str:
    """A journal's initials as a post writes them ("pnas"), from its key."""
    return "".join(w[0] for w in key)


def author_surname(author: str) -> str | None:
    """Folded surname of one listed author ("Nath A" → "nath", "Nath, Avindra" → "nath")."""
    author = author.strip()
    if "," in author:
        author = author.split(",", 1)[0]
    else:
        parts = author.split()
        while len(parts) > 1 and parts[-1].isupper() and len(parts[-1]) <= 3:
            parts.pop()
        author = parts[-1] if parts else ""
    return ids.fold(author.split()[-1]) if author.split() else None


def trigrams(tokens: list[str] | tuple[str, ...]) -> set[tuple[str, str, str]]:
    return set(zip(tokens, tokens[1:], tokens[2:], strict=False))


def design_kind(design: str | None) -> str:
    """Coarse design family, for descriptions like "the 2019 trial" or "a 2011 meta-analysis"."""
    d = (design or "").lower()
    if "meta" in d:
        return "meta"
    if "review" in d:
        return "review"
    if "rct" in d or "trial" in d or "randomi" in d:
        return "trial"
    if "consensus" in d or "criteria" in d:
        return "consensus"
    if "case series" in d or "case-series" in d:
        return "series"
    return "study"


# Words that say a design, and the design families (``design_kind``) each allows.
_DESIGN_SAYS = (
    (re.compile(r"\b(?:randomi[sz]ed|placebo|double-blind|rct)\b", re.I), ("trial",)),
    (re.compile(r"\b(?:meta-analys[ie]s|systematic review)\b", re.I), ("review", "meta")),
    (re.compile(r"\b(?:survey|cohort|case-control|cross-sectional)\b", re.I), ("study",)),
)


def designs_said(text: str) -> frozenset[str]:
    """The design families a text's words allow ("a systematic review of …" → review, meta)."""
    return frozenset(f for cue, families in _DESIGN_SAYS if cue.search(text) for f in families)


# How many times over ``fit_weighted`` counts a word near the mention.
_NEAR_WEIGHT = 3.0


class AtlasIndex:
    """Every way a card can be cited, each mapped back to card ids."""

    def __init__(self, cards: Iterable[AtlasCard]) -> None:
        self.cards: dict[str, AtlasCard] = {}
        self.by_doi: dict[str, str] = {}
        self.by_pmid: dict[str, str] = {}
        self.by_pmcid: dict[str, str] = {}
        self.by_url: dict[str, str] = {}
        self.by_pii: dict[str, str] = {}  # punctuation-free Elsevier PII → id
        self.by_mdpi_tail: dict[str, list[str]] = defaultdict(list)  # "23147906" → MDPI cards
        self.journal_words: set[str] = set()  # every word of every journal name, folded
        self.by_surname: dict[str, list[str]] = defaultdict(list)
        # Every listed author's surname: "Nath's study" names the lab's head, rarely first author.
        self.by_any_author: dict[str, list[str]] = defaultdict(list)
        self.org_authors: dict[str, list[str]] = defaultdict(list)  # folded full name → ids
        # An organisation's initials ("iom" for the Institute of Medicine) → ids, and each such
        # card's organisation as written, so "IOM 2015" reads as that organisation's paper.
        self.org_initials: dict[str, list[str]] = defaultdict(list)
        self.org_name: dict[str, str] = {}
        self.titles: dict[str, tuple[str, ...]] = {}
        # A title's words as a post's naming words read them (``stem``, less stop words and
        # numbers, which no naming word is), and each such word → the titles holding it: "a
        # study about solriamfetol" names the one title with that word.
        self.title_stems: dict[str, frozenset[str]] = {}
        self.by_title_stem: dict[str, list[str]] = defaultdict(list)
        self.main_titles: dict[str, tuple[str, ...]] = {}
        self.title_grams: dict[tuple[str, str, str], set[str]] = defaultdict(set)
        self.journal_forms: dict[str, list[tuple[str, ...]]] = defaultdict(list)
        self.journal_initialisms: dict[str, set[tuple[str, ...]]] = defaultdict(set)
        self.by_journal_year: dict[tuple[tuple[str, ...], int], list[str]] = defaultdict(list)
        self.by_journal: dict[tuple[str, ...], list[str]] = defaultdict(list)
        self.by_year: dict[int, list[str]] = defaultdict(list)
        self.profiles: dict[str, frozenset[str]] = {}
        # The place words of each card's authors' groups (``research_groups``), also in its
        # profile: "the 2019 Bergen rituximab trial" names a paper by them as by its title.
        self.places: dict[str, frozenset[str]] = {}
        # Those of the first and last authors' groups only: where the study was led from (a
        # multi-site study's co-authors bring their places too, "the Stanford study" is led
        # at Stanford).
        self.lead_places: dict[str, frozenset[str]] = {}
        self.journal_of: dict[str, tuple[str, ...]] = {}
        # Every word a journal mention can start with ("j", "jo", … "journal", "pnas"): a cheap
        # gate so the scanner tries a journal match at a handful of words per post, not all.
        self.journal_starts: set[str] = set()
        # First words of the journals named in three words or more ("cell host microbe"): a
        # name that long is read even when written all in lower case.
        self.long_journal_starts: set[str] = set()
        # First words of the journals named in two words ("scientific reports"): read in lower
        # case only in a post whose writer capitalises nothing (``lower_case``).
        self.pair_journal_starts: set[str] = set()
        self.design: dict[str, str] = {}
        self.by_word: dict[str, list[str]] = defaultdict(list)  # profile word → cards
        self.by_year_design: dict[tuple[int, str], list[str]] = defaultdict(list)
        # The group sizes a card reports ("106 patients", "91 healthy controls", its sample).
        self.by_count: dict[int, list[str]] = defaultdict(list)
        self.counts: dict[str, frozenset[int]] = {}
        # Criteria and consensus cards by their first author's surname, lower-cased: "the
        # Fukuda criteria" is how people name the paper that set them out.
        self.criteria_by_author: dict[str, list[str]] = defaultdict(list)
        for card in cards:
            self._add(card)
        self._join_initialled_journals()
        # A journal's one-word name ("Cochrane") → its key, for the journals this index holds.
        self.journal_short = {
            short: key
            for short, full in publishers.table().short_names.items()
            if (key := journal_key(full)) in self.by_journal
        }
        self.sorted_pmids = sorted(self.by_pmid)
        self.sorted_dois = sorted(self.by_doi)
        self.sorted_pmcids = sorted(self.by_pmcid)
        self.sorted_urls = sorted(self.by_url)
        df: dict[str, int] = defaultdict(int)
        for profile in self.profiles.values():
            for token in profile:
                df[token] += 1
        n = max(len(self.cards), 1)
        self.idf = {t: math.log((n + 1) / (c + 0.5)) for t, c in df.items()}
        self.rarest = max(self.idf.values(), default=1.0)  # the weight of a word no other card has
        self.gram_keys = frozenset(self.title_grams)
        # Initials of runs of three to six capitalised title words ("International Consensus
        # Criteria" → "icc") → the cards whose titles spell them.
        self.title_acronyms: dict[str, set[str]] = defaultdict(set)
        for cid, card in self.cards.items():
            for acronym in _title_acronyms(card.title):
                self.title_acronyms[acronym].add(cid)
        # A trial's own name, as its title declares it ("pace") → the cards that declare it.
        self.declared: dict[str, set[str]] = defaultdict(set)
        written: set[str] = set()  # the declared names as a post's folded word reads them
        for cid, card in self.cards.items():
            for name in declared_names(card.title, card.first_author_surname):
                self.declared[stem(name)].add(cid)
                written.add(name)
        # Declared names written in mixed capitals ("DecodeME"): coined words, never English,
        # so a post writing one in lower case ("the decodeme study") still names the study.
        self.camel_declared = frozenset(
            w.lower()
            for card in self.cards.values()
            for w in _TITLE_WORD.findall(f"{card.title} {card.first_author_surname or ''}")
            if CAMEL_NAME.match(w) and w.lower() in written
        )
        # (and a name only the cards' texts give, unless a title already declares it)
        for name, cid in told_names(self.cards.values()).items():
            if stem(name) not in self.declared:
                self.declared[stem(name)].add(cid)
                written.add(name)
        # Coined words of titles ("XMRV", "EpiSwitch"), folded → the cards whose titles hold them.
        self.coined: dict[str, set[str]] = defaultdict(set)
        for cid, card in self.cards.items():
            for word in coined_words(card.title):
                self.coined[ids.fold(word)].add(cid)
        self._journals_from: dict[str, list[tuple[str, ...]]] = {}
        # A title part that works as a name ("international consensus criteria") → the cards
        # whose titles have it, and the initials of each such name of three words or more
        # ("icc") → the cards, so the mention scanner can find a name written out or abbreviated.
        self.title_names: dict[tuple[str, ...], set[str]] = defaultdict(set)
        self.name_initials: dict[str, set[str]] = defaultdict(set)
        for cid, card in self.cards.items():
            for part in title_names(card.title):
                self.title_names[part].add(cid)
                if len(part) >= 3:
                    self.name_initials["".join(w[0] for w in part)].add(cid)
        self._names_by_first: dict[str, list[tuple[str, ...]]] = defaultdict(list)
        for part in self.title_names:
            self._names_by_first[part[0]].append(part)
        # The folded words a name mention can start with: a cheap gate, so the name scanner
        # looks further at a handful of a post's capitalised words, not all of them.
        self.declared_gate = frozenset(written)
        self.name_gate = (
            self.declared_gate | set(self.name_initials) | set(self.org_initials) | set(self._names_by_first)
        )

    def names_from(self, word: str) -> list[tuple[str, ...]]:
        """The title names that begin with the folded ``word``."""
        return self._names_by_first.get(word, [])

    def _join_initialled_journals(self) -> None:
        """A journal listed by its initials alone ("PNAS") is the one journal whose name those
        initials spell, when exactly one does: its papers join that journal's key, so "a 2023
        PNAS paper" finds a paper listed under either form."""
        for key in [k for k in self.by_journal if len(k) == 1 and len(k[0]) <= 6]:
            named = {k for k in self.journal_initialisms.get(key[0], ()) if k != key}
            if len(named) != 1:
                continue
            (target,) = named
            for cid in self.by_journal.pop(key):
                self.by_journal[target].append(cid)
                self.journal_of[cid] = target
            for journal, year in [jy for jy in self.by_journal_year if jy[0] == key]:
                self.by_journal_year[(target, year)] += self.by_journal_year.pop((journal, year))
            self.journal_forms[key[0][0]].remove(key)

    def journals_starting(self, word: str) -> list[tuple[str, ...]]:
        """The journal keys whose first word begins with the folded ``word``, in index order.

        Memoised: a post's capitalised words are mostly words seen before, and filtering every
        journal under the initial letter for each of them was the scanner's largest cost."""
        found = self._journals_from.get(word)
        if found is None:
            if len(self._journals_from) > 50_000:  # bounded, whatever the stream of posts
                self._journals_from.clear()
            found = [key for key in self.journal_forms.get(word[:1], ()) if key[0].startswith(word)]
            self._journals_from[word] = found
        return found

    def _add(self, card: AtlasCard) -> None:
        cid = card.id
        self.cards[cid] = card
        keyed = (
            (ids.norm_doi(card.doi), self.by_doi),
            (ids.norm_pmid(card.pmid), self.by_pmid),
            (ids.norm_pmcid(card.pmcid), self.by_pmcid),
            (ids.norm_url(card.url), self.by_url),
        )
        for value, index in keyed:
            if value:
                index.setdefault(value, cid)
        doi = ids.norm_doi(card.doi)
        pii = (publishers.pii_key(doi[8:]) if doi and doi.startswith("10.1016/s") else None) or (
            publishers.pii_in_url(card.url) if card.url else None
        )
        if pii:
            self.by_pii.setdefault(pii, cid)
        if doi and doi.startswith("10.3390/"):
            tail = doi[8:].lstrip("abcdefghijklmnopqrstuvwxyz")
            if tail.isdigit():
                self.by_mdpi_tail[tail].append(cid)
        surname = card.first_author_surname
        if surname:
            if len(surname.split()) > 2:
                self.org_authors[ids.fold(surname)].append(cid)
                named = words(surname)  # "NIH" skips the "of"; "IOM" keeps it
                for initials in {
                    "".join(w[0] for w in named if w not in _ORG_GLUE),
                    "".join(w[0] for w in named),
                }:
                    if len(initials) >= 3:
                        self.org_initials[initials].append(cid)
                        self.org_name[cid] = surname
            else:
                self.by_surname[ids.fold(surname.split()[-1])].append(cid)
        for author in card.authors[1:]:
            last = author_surname(author)
            if last:
                self.by_any_author[last].append(cid)
        title = tuple(words(card.title))
        self.titles[cid] = title
        stems = frozenset(stem(w) for w in title if w not in STOPWORDS and not w.isdigit())
        self.title_stems[cid] = stems
        for w in stems:
            self.by_title_stem[w].append(cid)
        cut = min((card.title.find(c) for c in _MAIN_TITLE_CUT if card.title.find(c) > 10), default=-1)
        main = tuple(words(card.title[:cut])) if cut > 0 else title
        # (a main title that is only the illness's name, "Myalgic encephalomyelitis/chronic
        # fatigue syndrome (ME/CFS): diagnosis and management", names no paper: the whole does)
        self.main_titles[cid] = main if set(main) - ILLNESS_WORDS else title
        for gram in trigrams(title):
            self.title_grams[gram].add(cid)
        if card.journal:
            key = journal_key(card.journal)
            self.journal_words.update(key)
            if key:
                self.journal_of[cid] = key
                if key not in self.by_journal:
                    self.journal_starts.update(key[0][:n] for n in range(1, len(key[0]) + 1))
                    self.journal_starts.add(journal_initials(key))
                    self.journal_forms[key[0][0]].append(key)
                    if len(key) >= 3:
                        self.journal_initialisms[journal_initials(key)].add(key)
                        self.long_journal_starts.add(key[0])
                    elif len(key) == 2:
                        self.pair_journal_starts.add(key[0])
                self.by_journal[key].append(cid)
                if card.year:
                    self.by_journal_year[(key, card.year)].append(cid)
        if card.year:
            self.by_year[card.year].append(cid)
        self.design[cid] = design_kind(card.design)
        surname = card.first_author_surname
        if self.design[cid] == "consensus" and surname and " " not in surname:
            self.criteria_by_author[ids.fold(surname)].append(cid)
        if card.year:
            self.by_year_design[(card.year, self.design[cid])].append(cid)
        self.places[cid] = group_places(card.authors)
        self.lead_places[cid] = group_places(card.authors[:1] + card.authors[-1:])
        self.profiles[cid] = frozenset(self._profile(card) | self.places[cid])
        self.counts[cid] = frozenset(counts_of(card))
        for n in self.counts[cid]:
            self.by_count[n].append(cid)
        for token in self.profiles[cid]:
            self.by_word[token].append(cid)

    @staticmethod
    def _profile(card: AtlasCard) -> set[str]:
        """Words a post about this paper is likely to use: title, summary, findings, tags (the
        index adds the places of its authors' groups, ``places``)."""
        parts = [
            card.title,
            card.quick_summary or "",
            " ".join(journal_key(card.journal or "")),
            card.design or "",
        ]
        parts.extend(card.observed_findings)
        for values in card.tags.values():
            parts.extend(values)
        tokens = content_words(" ".join(parts))
        if card.sample_size:
            tokens.add(str(card.sample_size))
        if card.first_author_surname:
            tokens.add(ids.fold(card.first_author_surname.split()[-1]))
        return {t for t in with_demonyms(tokens) if t not in STOPWORDS}

    # -- look-ups -------------------------------------------------------------------------

    def author_surnames(self, cid: str) -> frozenset[str]:
        """Folded surnames of every listed author of a card."""
        card = self.cards[cid]
        names = {author_surname(a) for a in card.authors}
        if card.first_author_surname:
            names.add(ids.fold(card.first_author_surname.split()[-1]))
        return frozenset(n for n in names if n)

    def by_identifier(self, kind: str, value: str) -> str | None:
        if kind == "doi":
            return self.by_doi.get(value)
        if kind == "pmid":
            return self.by_pmid.get(value)
        if kind == "pmcid":
            return self.by_pmcid.get(value)
        if kind == "url":
            return self.by_url.get(value)
        return None

    def by_prefix(self, space: str, prefix: str) -> list[str]:
        """Cards whose identifier starts with a truncated link's visible part."""
        keys, index = {
            "pmid": (self.sorted_pmids, self.by_pmid),
            "doi": (self.sorted_dois, self.by_doi),
            "pmcid": (self.sorted_pmcids, self.by_pmcid),
            "url": (self.sorted_urls, self.by_url),
        }.get(space, ([], {}))
        out: list[str] = []
        i = bisect.bisect_left(keys, prefix)
        while i < len(keys) and keys[i].startswith(prefix):
            out.append(index[keys[i]])
            i += 1
        return out

    def title_candidates(
        self,
        tokens: list[str] | tuple[str, ...],
        min_share: float = 0.5,
        grams: set[tuple[str, str, str]] | None = None,
    ) -> list[str]:
        """Cards sharing at least ``min_share`` of their title trigrams with the tokens
        (``grams``: the tokens' trigrams, when the caller has them already)."""
        counts: dict[str, int] = defaultdict(int)
        title_grams = self.title_grams
        for gram in self.gram_keys.intersection(trigrams(tokens) if grams is None else grams):
            for cid in title_grams[gram]:
                counts[cid] += 1
        out = []
        for cid, shared in counts.items():
            need = max(1, len(self.main_titles[cid]) - 2)
            if shared >= min_share * need:
                out.append(cid)
        return out

    def fit_weighted(self, cid: str, post: set[str], near: set[str]) -> float:
        """Fit to the whole post, with words near the mention counted three times over."""
        shared = self.profiles.get(cid, _EMPTY) & post
        if not shared:
            return 0.0
        weight = self.idf.__getitem__  # every profile word has an idf
        total = math.fsum(map(weight, shared))
        close = shared & near
        return total + (_NEAR_WEIGHT - 1.0) * math.fsum(map(weight, close)) if close else total

    def fit_weighted_spare(self, cid: str, post: set[str], near: set[str]) -> float:
        """``fit_weighted`` less its one weightiest word: what the fit is worth when that one
        word is left out (a lead resting on a single word may be a word form, not a topic)."""
        shared = self.profiles.get(cid, _EMPTY) & post
        if not shared:
            return 0.0
        parts = [self.idf[w] * (_NEAR_WEIGHT if w in near else 1.0) for w in shared]
        return math.fsum(parts) - max(parts)

    def fit(self, cid: str, context: set[str]) -> float:
        """How much a context talks about this card: summed rarity of the words they share."""
        return math.fsum(map(self.idf.__getitem__, self.profiles.get(cid, _EMPTY) & context))
