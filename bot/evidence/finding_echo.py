"""A sentence about a study that retells what one card says the study found names that paper.

Why: lay posts often tell a paper only by its result: "another study with Canadian and
Norwegian patients found that antibody binding to a set of 256 peptides separated patients from
controls"; "a meta-analysis pooling two-day studies found the same tendency to do worse on day
two". No name, year, journal or title word is there for the other routes (``title_echo`` reads
titles only), but the card's own summary and findings hold those words. So each card's summary,
findings and title are read as one bag of word prefixes (first five letters, as in
``title_echo``: "separated" and "separates" agree), each word weighing as much as it is rare
among the cards, and the numbers they report ("256", "641") and their long words told whole
("immunoadsorption", which five letters make "immune") besides.

Only a clear winner counts, since most sentences that talk about research tell some card's
words: the sentence must hold several of the card's telling words (ones at most a few cards
have, or a number it reports), most of the weight of a retelling, and clearly more than the
next card holds and than any listed paper's title holds (a post about a paper the atlas lacks
retells that paper, and some card always shares a few of its words). Words of a study's design
("open-label", "meta-analysis", "placebo") say what kind of study, not which one, and are left
out. The caller reads only sentences that speak of a piece of work and cite nothing resolved.
"""

from __future__ import annotations

import math
import re
from collections import Counter, defaultdict
from collections.abc import Iterable
from itertools import combinations

from bot.evidence.atlas_index import AtlasIndex, design_kind, designs_said, with_demonyms
from bot.evidence.textnorm import content_words
from bot.evidence.title_echo import design_free_prefixes, lay_prefixes, prefix

# Thresholds in units of the weight of a word only one card has (log of the atlas size), so
# that they mean the same in a 40-card sample and a 10,000-card atlas: the least weight the
# sentence must hold of the winner's words, and its least lead over the next card and over the
# best-fitting listed title.
MIN_WEIGHT = 3.6
MIN_LEAD = 2.1
# The least number of telling words (held by at most ``_TELLING_CARDS`` cards) or reported
# numbers the sentence shares with the winner: a lead built of common words is a topic, not a
# paper.
MIN_TELLING = 2
_TELLING_CARDS = 2
# Verbs that report a finding, as news tells it: "The Norwegians showed that …", "The National
# Academies estimated …". A sentence with one is read for findings (``REPORTED``, for the
# caller); and since any card's summary may use them too, in any tense, they are no card's
# telling words: they say that something was found, not what.
_REPORTED_VERBS = (
    "found",
    "showed",
    "shown",
    "reported",
    "estimated",
    "concluded",
    "demonstrated",
    "observed",
)
# (the look-ahead on the verbs' first letters lets the engine skip most positions at once)
_FIRST_LETTERS = "".join(sorted({c for v in _REPORTED_VERBS for c in (v[0], v[0].upper())}))
REPORTED = re.compile(rf"(?=[{_FIRST_LETTERS}])\b(?:" + "|".join(_REPORTED_VERBS) + r")\b", re.IGNORECASE)
_REPORTING = frozenset(prefix(w) for w in (*_REPORTED_VERBS, "finds", "find", "shows", "reports"))
# A prefix more cards (or listed titles) hold than this is too common to find candidates by (it
# still counts towards a candidate's weight): the weight a winner needs is in its rarer words.
_COMMON = 400
_REVIEWS = frozenset(("review", "meta"))
# A number a card reports, matched in the sentence, weighs half as much again as its rarest
# word: a size or result is told exactly ("151 patients"), a word may be any study's. A number
# written into a name ("16S", "CD38") is part of the name, not a number the study reports.
_NUMBER_WEIGHT = 1.5
_NUMBER = re.compile(r"(?<![\w.,/-])(?:\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?)(?![\w/]|[.,]\d)")
# A word this long that few cards hold, told whole ("immunoadsorption", "inconsistent"), tells
# a study as a number it reports does: its first five letters may be shared with common words
# ("immune") or with other rare ones ("inconclusive"), but the whole word agrees exactly.
_LONG_WORD = 12


# Numbers from ten to ninety-nine written as words ("fifteen", "twenty-one"), as posts and
# summaries often write a small count: the same count as its digits ("10 of 15" is "ten of the
# fifteen").
_TEENS = (
    "ten",
    "eleven",
    "twelve",
    "thirteen",
    "fourteen",
    "fifteen",
    "sixteen",
    "seventeen",
    "eighteen",
    "nineteen",
)
_TENS = ("twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety")
_UNITS = ("one", "two", "three", "four", "five", "six", "seven", "eight", "nine")
_NUMBER_WORD = re.compile(
    rf"\b(?:({'|'.join(_TEENS)})|({'|'.join(_TENS)})(?:[-\s]({'|'.join(_UNITS)}))?)\b", re.IGNORECASE
)


def _number_of(m: re.Match[str]) -> str:
    teen, tens, unit = m.groups()
    if teen:
        return str(10 + _TEENS.index(teen.lower()))
    return str(20 + 10 * _TENS.index(tens.lower()) + (_UNITS.index(unit.lower()) + 1 if unit else 0))


def as_digits(text: str) -> str:
    """The text with its numbers from ten to ninety-nine written in digits ("ten of the fifteen"
    as "10 of the 15"), so that a count reads the same however it was written."""
    lower = text.lower()
    if not any(cue in lower for cue in ("ten", "teen", "ty", "eleven", "twelve")):
        return text
    return _NUMBER_WORD.sub(_number_of, text)


def reported_numbers(text: str) -> frozenset[str]:
    """Numbers that are not years and not single digits ("256", "641", "2.5", "1,200" as
    "1200"): a study's sizes and results, which a retelling repeats (``as_digits`` first)."""
    found = set()
    for raw in _NUMBER.findall(text):
        n = raw.replace(",", "")
        value = float(n)
        if ("." in n or value >= 10) and not (1900 <= value <= 2100 and "." not in n):
            found.add(n)
    return frozenset(found)


def _long_words(words: Iterable[str]) -> frozenset[str]:
    """The words of at least ``_LONG_WORD`` letters, told whole."""
    return frozenset(w for w in words if len(w) >= _LONG_WORD and w.isalpha())


class FindingEchoes:
    """Every card's told words (title, summary, findings), weighted by rarity among the cards,
    with the titles of listed papers as rivals."""

    def __init__(self, index: AtlasIndex, rivals: AtlasIndex | None = None) -> None:
        self.ids: list[str] = []
        self.words: list[frozenset[str]] = []
        self.numbers: list[frozenset[str]] = []
        self.long_words: list[frozenset[str]] = []
        self.designs: list[str] = []  # each card's design family (``design_kind``)
        self.by_prefix: dict[str, list[int]] = defaultdict(list)
        self.by_number: dict[str, list[int]] = defaultdict(list)
        by_long_word: dict[str, list[int]] = defaultdict(list)
        for cid, card in index.cards.items():
            text = as_digits(" ".join([card.title, card.quick_summary or "", *card.observed_findings]))
            n = len(self.ids)
            self.ids.append(cid)
            told = content_words(text)
            self.words.append(design_free_prefixes(told) - _REPORTING)
            self.numbers.append(reported_numbers(text))
            self.long_words.append(_long_words(told))
            for w in self.long_words[n]:
                by_long_word[w].append(n)
            self.designs.append(design_kind(card.design))
            for w in self.words[n]:
                self.by_prefix[w].append(n)
            for number in self.numbers[n]:
                self.by_number[number].append(n)
        total = len(self.ids)
        self.unit = math.log((total + 1) / 1.5)  # (the weight below of a word one card has)
        self.weight = {w: math.log((total + 1) / (len(ns) + 0.5)) for w, ns in self.by_prefix.items()}
        self.telling = frozenset(w for w, ns in self.by_prefix.items() if len(ns) <= _TELLING_CARDS)
        self.by_long_word = {w: ns for w, ns in by_long_word.items() if len(ns) <= _TELLING_CARDS}
        self.few = {w: ns for w, ns in self.by_prefix.items() if len(ns) <= _COMMON}
        self.rivals: list[frozenset[str]] = []
        self.rival_long_words: list[frozenset[str]] = []
        self.rivals_by_prefix: dict[str, list[int]] = defaultdict(list)
        if rivals is not None:
            for stems in rivals.title_stems.values():
                k = len(self.rivals)
                self.rivals.append(design_free_prefixes(stems))
                self.rival_long_words.append(_long_words(stems))
                for w in self.rivals[k]:
                    self.rivals_by_prefix[w].append(k)
        self.few_rivals = {w: ks for w, ks in self.rivals_by_prefix.items() if len(ks) <= _COMMON}

    def _held(self, said: frozenset[str], words: frozenset[str]) -> float:
        """The weight of the sentence's words among these (a word no card has weighs as the
        rarest)."""
        rarest = self.unit
        return math.fsum(self.weight.get(w, rarest) for w in words & said)

    def named_in(self, sentence: str) -> str | None:
        """The one card whose findings this sentence retells clearly, or None."""
        sentence = as_digits(sentence)
        # (a country's name read as its adjective too, as cards mostly write it)
        words = with_demonyms(content_words(sentence))
        # (with the title words its lay wordings stand for: "several labs" is "multicenter")
        said = (design_free_prefixes(words) | lay_prefixes(sentence)) - _REPORTING
        numbers = reported_numbers(sentence)
        long_words = _long_words(words) & self.by_long_word.keys()
        # Only a card holding two telling words or numbers of the sentence (or one and a telling
        # pair of words, below) can win: most sentences have none, and are done with before any
        # card is weighed.
        telling: Counter[int] = Counter(n for w in said & self.telling for n in self.by_prefix[w])
        telling.update(n for number in numbers for n in self.by_number.get(number, ()))
        telling.update(n for w in long_words for n in self.by_long_word[w])
        if not telling:
            return None
        few = self.few
        cands = {n for w in said if w in few for n in few[w]}
        if not cands:
            return None
        unit = self.unit
        # (a review the sentence says, "a systematic review of …", when the card is one, counts
        # as one more word: design words are left out of the words weighed; a trial's words are
        # not, as they tell arms and plans as often as the work: "no placebo group")
        families = designs_said(sentence) & _REVIEWS
        ranked = sorted(
            (
                (
                    self._held(said, self.words[n])
                    + unit
                    * (
                        _NUMBER_WEIGHT * len(self.numbers[n] & numbers)
                        + len(self.long_words[n] & long_words)
                        + (self.designs[n] in families)
                    ),
                    n,
                )
                for n in cands
            ),
            reverse=True,
        )
        top, n = ranked[0]
        if top < MIN_WEIGHT * unit:
            return None
        runner_up = ranked[1][0] if len(ranked) > 1 else 0.0
        listed = {k for w in said if w in self.few_rivals for k in self.few_rivals[w]}
        best_listed = max(
            (
                self._held(said, self.rivals[k]) + unit * len(self.rival_long_words[k] & long_words)
                for k in listed
            ),
            default=0.0,
        )
        lead = MIN_LEAD * unit
        own = len(self.numbers[n] & numbers)
        if own >= 2 and len(ranked) > 1 and len(self.numbers[ranked[1][1]] & numbers) < own:
            # "found in 84 patients and 71 controls": two numbers a card reports, told together,
            # lead by one card's weight over a card sharing fewer of them
            lead = min(lead, unit - 1e-9)  # (a tolerance for the sums of weights)
        if top - max(runner_up, best_listed) < lead:
            return None
        if telling[n] + (telling[n] < MIN_TELLING and self._telling_pair(said, n)) < MIN_TELLING:
            return None  # (the winner's own telling words and numbers, counted above)
        return self.ids[n]

    def _telling_pair(self, said: frozenset[str], n: int) -> bool:
        """Whether two of the sentence's words that card ``n`` holds, neither telling alone,
        are held together by few cards: "Canadian" and "Norwegian" patients, each in several
        cards, are one study's cohorts together, as a telling word is one study's."""
        shared = sorted(w for w in said & self.words[n] if w not in self.telling)
        holders = {w: set(self.by_prefix[w]) for w in shared}
        return any(len(holders[a] & holders[b]) <= _TELLING_CARDS for a, b in combinations(shared, 2))
