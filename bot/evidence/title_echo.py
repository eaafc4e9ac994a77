"""A sentence about a study that retells one paper's title in its own word forms names it.

Why: news items and lay posts often describe a paper by retelling its title: "someone linked a
paper: natural killer cells from long COVID patients had their TRPM3 ion channel function
restored by low-dose naltrexone" for "Low-Dose naltrexone restored TRPM3 ion channel function
in natural killer cells from long COVID patients"; "a confirmation, at large scale, of TRPM3
dysfunction" for "Large-scale investigation confirms TRPM3 ion channel dysfunction". No year,
journal or name is there for the other routes to read, and the words change form ("confirms",
"confirmation"). So words are compared by their first five letters (a long word's "-ing" set
aside first: "testing" is "test"), and each title word weighs
as much as it is rare among every known title (the atlas's and the reference list's together),
so a retelling must hold a title's telling words ("trpm3", "naltrexone"), not only "patients"
and "cells".

Only a sentence that speaks of a piece of work ("paper", "study", "the team", "the authors", "a
lab reported", or a year: "one from 2023 about …") and cites nothing the other routes resolved
is read, and only a clear winner counts: most of its title's weight, several of its words (all
three of a title that has only three), and a clear lead over the next title.
"""

from __future__ import annotations

import math
import re
import tomllib
from collections import Counter, defaultdict
from collections.abc import Iterable
from itertools import chain
from pathlib import Path

from bot.evidence.atlas_index import AtlasIndex
from bot.evidence.textnorm import STOPWORDS, content_words, stem

LAY_TERMS = Path(__file__).with_name("data") / "lay_terms.toml"

# The least share of a title's weight the sentence must hold, the least number of its words,
# and the lead (in share) over the next title.
MIN_SHARE = 0.5
MIN_WORDS = 4
MIN_LEAD = 0.1
# A title of fewer meaningful words than ``MIN_WORDS`` ("Muscle sodium content in patients with
# ME/CFS") is retold by all of them, and by no fewer than this many.
MIN_WHOLE = 3
# A sentence retelling a title's opening words ("described the development and validation of
# blood-based diagnostic biomarkers" for "Development and validation of blood-based diagnostic
# biomarkers for … using …") tells the title as a reader remembers it: its first few meaningful
# words, all of them, with a smaller share of the whole.
OPENING_WORDS = 5
MIN_OPENING_SHARE = 0.35
_PREFIX = 5  # "restored" and "restoring" agree; "ion" stays "ion"
# A prefix held by more titles than this is too common to find candidates by (it still counts
# towards a candidate's share): a 10,000-card atlas has thousands of titles with "patients".
_COMMON = 400
_RARE = 3  # titles at most that hold a word a sentence names one paper by ("TRPM3")
# Words that say a sentence is about a piece of work or the people who did it (the look-ahead
# lists their first letters, so the scan skips ahead to those).
WORK_CUE = re.compile(
    r"(?=[SsPpTtRrMmAaWwGgCcNnEeLl12])\b(?:stud(?:y|ies)|papers?|trials?|reviews?|meta-analys[ie]s|analysis|work|teams?|groups?|collaborations?|"
    r"colleagues|researchers|scientists|authors|preprints?|articles?|publications?|pilot|news\s+features?|editorials?|"
    # (a lab as the people who did a work, "an Australian lab then reported …", not where a
    # test was done, "tested positive at a private lab")
    r"labs?(?=\s+(?:then\s+|also\s+|later\s+|has\s+|have\s+)?(?:reported|found|showed|published|described|measured|identified)\b)|"
    # (a journalist's word for an article, "the piece on specialised care …"; not "a piece of")
    r"pieces?(?!\s+of\b)|"
    r"commentar(?:y|ies)|(?:19[5-9]|20[0-4])\d\b"
    # "The second, from Bergen, charts …": one of several works the post listed before
    r"|the\s+(?:first|second|third|other|latter|former)(?=\s*,))\b",
    re.IGNORECASE,
)

Entry = tuple[AtlasIndex, str]


def prefix(word: str) -> str:
    """The part of a word titles and sentences are compared by: its first ``_PREFIX`` letters,
    after a long word's "-ing" ("testing" agrees with "test", which is shorter than a prefix)."""
    if len(word) > 6 and word.endswith("ing"):
        word = word[:-3]
    return word[:_PREFIX]


# Words of a study's design, which many titles share: a retelling must hold two words of its
# title besides these, words that tell what the paper is about.
_DESIGN_WORDS = (
    "systematic review meta analysis randomized randomised controlled trial study placebo double "
    "blind blinded pilot cohort observational prospective retrospective clinical case series"
)
_DESIGN_PREFIXES = frozenset(prefix(w) for w in _DESIGN_WORDS.split())


def _prefixes(stems: Iterable[str]) -> frozenset[str]:
    return frozenset(prefix(w) for w in stems)


def design_free_prefixes(stems: Iterable[str]) -> frozenset[str]:
    """The prefixes of these words less numbers and words of a study's design, which say what
    kind of study, not which one."""
    return frozenset(prefix(w) for w in stems if not w.isdigit()) - _DESIGN_PREFIXES


def _load_lay_terms(path: Path = LAY_TERMS) -> tuple[re.Pattern[str], dict[str, str], re.Pattern[str]]:
    """One pattern finding every lay wording of ``data/lay_terms.toml``, each wording's title
    word, and a pattern finding the wordings of several words ("multi-lab", "two peaks")."""
    table = tomllib.loads(path.read_text(encoding="utf-8"))["lay"]
    meant = {" ".join(p.lower().split()): word for word, lay in table.items() for p in lay}
    # (longest first, so "two peaks" is read before any shorter wording inside it)
    ordered = sorted(meant, key=len, reverse=True)

    def alternatives(found: list[str]) -> re.Pattern[str]:
        return re.compile(r"\b(?:" + "|".join(r"\s+".join(map(re.escape, w.split())) for w in found) + r")\b")

    phrases = [w for w in ordered if " " in w or "-" in w]
    return alternatives(ordered), meant, alternatives(phrases)


_LAY, _LAY_MEANT, _LAY_PHRASES = _load_lay_terms()


def lay_phrases_as_title_words(written: str) -> str:
    """A mention's words with its lay wordings of several words put as the title word they
    stand for ("a blinded multi-lab study" → "a blinded multicenter study"): what the routes
    reading a work's naming words compare with titles."""
    if "-" not in written and " " not in written.strip():
        return written
    return _LAY_PHRASES.sub(lambda m: _LAY_MEANT[" ".join(m.group(0).lower().split())], written.lower())


def lay_prefixes(sentence: str) -> frozenset[str]:
    """The title words a sentence says in lay wordings ("two peaks" → bimodal). (The title echo
    and then the finding echo read the same sentence: the last answer is kept for the second.)"""
    found = _LAST_LAY.get(sentence)
    if found is None:
        lower = sentence.lower()
        found = frozenset(
            prefix(stem(_LAY_MEANT[" ".join(m.group(0).split())])) for m in _LAY.finditer(lower)
        )
        _LAST_LAY.clear()
        _LAST_LAY[sentence] = found
    return found


_LAST_LAY: dict[str, frozenset[str]] = {}  # the last sentence read, and its lay prefixes


def _said(sentence: str) -> frozenset[str]:
    """The title-word prefixes a sentence says, its lay wordings counted as the words they stand for."""
    return _prefixes(content_words(sentence)) | lay_prefixes(sentence)


def _opening(title: tuple[str, ...]) -> frozenset[str]:
    """The prefixes of a title's first ``OPENING_WORDS`` meaningful words (fewer when the
    title has fewer)."""
    found: list[str] = []
    for w in title:
        if w in STOPWORDS or w.isdigit() or len(w) < 2:
            continue
        start = prefix(stem(w))
        if start not in found:
            found.append(start)
            if len(found) == OPENING_WORDS:
                break
    return frozenset(found)


class TitleEchoes:
    """Every known title's word prefixes, weighted by rarity across all the indexes given."""

    def __init__(self, indexes: Iterable[AtlasIndex]) -> None:
        self.entries: list[Entry] = []
        self.words: list[frozenset[str]] = []
        self.opening: list[frozenset[str]] = []  # the first meaningful words of each title
        self.by_prefix: dict[str, list[int]] = defaultdict(list)
        for index in indexes:
            for cid, stems in index.title_stems.items():
                n = len(self.entries)
                self.entries.append((index, cid))
                # (a title's single letters, the "V" of "Complex V", are no word a sentence is
                # read for, as the opening words skip them)
                self.words.append(_prefixes(w for w in stems if len(w) > 1))
                self.opening.append(_opening(index.titles[cid]))
                for w in self.words[n]:
                    self.by_prefix[w].append(n)
        # The prefixes few enough titles hold to find candidates by, each with those titles.
        self.rare: dict[str, list[int]] = {w: ns for w, ns in self.by_prefix.items() if len(ns) <= _COMMON}
        total = max(len(self.entries), 1)
        self.weight = {w: math.log(total / len(ns)) + 1e-3 for w, ns in self.by_prefix.items()}
        self.full = [math.fsum(self.weight[w] for w in ws) for ws in self.words]
        self.rarest = max(self.weight.values(), default=1.0)  # (the weight of a word no title has)

    def named_in(self, sentence: str) -> Entry | None:
        """The one paper whose title this sentence retells clearly, or None (the sentence's
        lay wordings of title words count as those words: ``data/lay_terms.toml``)."""
        n = self._retold(_said(sentence))
        return None if n is None else self.entries[n]

    def named_across(self, sentences: str, last: str) -> Entry | None:
        """The one paper whose title two sentences retell together ("… re-analysed the same
        cohort … It reports reproducible combinatorial risk factors …"), when ``last``, the
        second of them, says at least ``MIN_WORDS`` of its title's words by itself."""
        n = self._retold(_said(sentences))
        if n is None or len(self.words[n] & _said(last)) < MIN_WORDS:
            return None
        return self.entries[n]

    def _retold(self, said: frozenset[str]) -> int | None:
        """The number of the one title these words retell clearly, or None."""
        if len(said) < MIN_WHOLE:
            return None
        few = self.rare
        shared: Counter[int] = Counter(chain.from_iterable(few[w] for w in said if w in few))
        ranked: list[tuple[float, int, int]] = []
        for n, rare in shared.items():
            if rare < 2 or not self.full[n]:
                continue
            held = self.words[n] & said
            ranked.append((math.fsum(self.weight[w] for w in held) / self.full[n], len(held), n))
        if not ranked:
            return None
        ranked.sort(reverse=True)
        share, count, n = ranked[0]
        if len((self.words[n] & said) - _DESIGN_PREFIXES) < 2:
            return None  # ("Article type: Systematic review and meta-analysis" retells no topic)
        opening = self.opening[n]
        least = MIN_OPENING_SHARE if len(opening) == OPENING_WORDS and opening <= said else MIN_SHARE
        if share < least or count < min(MIN_WORDS, max(len(self.words[n]), MIN_WHOLE)):
            return None
        if len(ranked) > 1 and share - ranked[1][0] < MIN_LEAD:
            return None
        if self._says_what_it_lacks(said, n, ranked):
            return None
        return n

    def _says_what_it_lacks(self, said: frozenset[str], n: int, ranked: list[tuple[float, int, int]]) -> bool:
        """Whether the sentence says a rare word the winning title lacks, which a rival title
        holding as many of the sentence's words holds ("their lab study of low-dose naltrexone
        and TRPM3 in NK cells": the short naltrexone review's title is nearly all said, but the
        lab study's title says as much and TRPM3 besides)."""
        lacks = {w for w in said - self.words[n] if len(self.by_prefix.get(w, ())) <= _RARE}
        if not lacks:
            return False
        held = len(self.words[n] & said)
        return any(rival != n and count >= held and lacks & self.words[rival] for _, count, rival in ranked)

    def retells(self, sentence: str, title: str) -> bool:
        """Whether the sentence retells this title (any title, known to an index or only read
        in the post) as clearly as ``named_in`` asks of a winner: a word no index knows weighs
        as the rarest known word does."""
        said = _prefixes(content_words(sentence))
        words = _prefixes(content_words(title))
        rarest = self.rarest
        full = math.fsum(self.weight.get(w, rarest) for w in words)
        held = words & said
        if not full or len(held) < MIN_WORDS:
            return False
        return math.fsum(self.weight.get(w, rarest) for w in held) / full >= MIN_SHARE
