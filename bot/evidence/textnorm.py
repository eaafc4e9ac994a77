"""Word-level views of text shared by the atlas index and the mention scanner.

Why a shared tokeniser: a title matches only if the card's title and the post's words were
cut and folded the same way. The illness's long name and its abbreviation are folded to one
form ("myalgic encephalomyelitis/chronic fatigue syndrome" and "ME/CFS" both read ``me cfs``)
because patients and papers use them interchangeably, even inside titles.
"""

from __future__ import annotations

import bisect
import re
import tomllib
from dataclasses import dataclass, field
from functools import cached_property
from itertools import islice
from pathlib import Path

from bot.evidence.identifiers import fold

TREATMENT_NAMES = Path(__file__).parent / "data" / "treatment_names.toml"
SPELLINGS = Path(__file__).parent / "data" / "spellings.toml"

WORD_RE = re.compile(r"[^\W_]+", re.UNICODE)
_CAPITALISED = re.compile(r"(?<![^\W_])(?:[^\W\d_a-z]|[a-z]{1,4}(?=[A-Z][a-z]))[^\W_]*")
# The same for plain ASCII text without a name whose capital comes after a short lower-case
# start ("mBio", "eLife", "medRxiv", "bioRxiv"): a pattern that starts at a capital lets the
# engine jump between capitals, three times faster on a typical post.
_INNER_CAPITAL = re.compile(r"\b[a-z]{1,4}[A-Z][a-z]")
_CAPITALISED_ASCII = re.compile(r"[A-Z](?<![^\W_].)[^\W_]*")
# One pass that reads a long illness name as one token, so spans survive the collapsing.
_TOKEN_RE = re.compile(
    r"myalgic[\W_]+encephalo(?:myelitis|pathy)|chronic[\W_]+fatigue[\W_]+syndrome"
    r"|systemic[\W_]+exertion[\W_]+intolerance[\W_]+disease|[^\W_]+"
)
_SHORT_BY_FIRST = {"myalgic": "me", "chronic": "cfs", "systemic": "seid"}


# A sentence's first letter: at the start, after an end mark and a space, or after a line break.
_SENTENCE_START = re.compile(r"(?:^|[.!?]\s+|\n\s*)([^\W\d_])")
# How many sentence starts a text needs, and the share of them in lower case, before its missing
# capitals are read as the writer's habit rather than as words.
_FEWEST_STARTS = 4
_LOWER_SHARE = 0.6


def written_in_lower_case(text: str) -> bool:
    """Whether the writer starts most sentences in lower case (four starts at least): then a
    word without its capital may still be a name (``lower_case``)."""
    starts = _SENTENCE_START.findall(text)
    if len(starts) < _FEWEST_STARTS:
        return False
    return sum(1 for s in starts if s.islower()) >= _LOWER_SHARE * len(starts)


class _Shorts(dict[str, str]):
    """Long illness names (however spaced) to their short forms."""

    def __missing__(self, key: str) -> str:
        first = key.split()[0] if " " in key else re.split(r"[\W_]", key, maxsplit=1)[0]
        return _SHORT_BY_FIRST.get(first, key)


_SHORT = _Shorts()


def _short(word: str) -> str:
    return _SHORT[word]


def _collapse_spans(found: list[tuple[str, int, int]]) -> list[tuple[str, int, int]]:
    """Collapse long names in a word list that keeps spans (the non-ASCII path)."""
    out: list[tuple[str, int, int]] = []
    i = 0
    while i < len(found):
        if found[i][0] not in _LONG_FIRST:  # (no long name starts with this word)
            out.append(found[i])
            i += 1
            continue
        for long in _LONG_NAMES:
            n = len(long[0])
            if tuple(w for w, _, _ in found[i : i + n]) == long[0]:
                out.append((" ".join(long[0]), found[i][1], found[i + n - 1][2]))
                i += n
                break
        else:
            out.append(found[i])
            i += 1
    return out


_LONG_NAMES: tuple[tuple[tuple[str, ...], tuple[str, ...]], ...] = (
    (("myalgic", "encephalomyelitis"), ("me",)),
    (("myalgic", "encephalopathy"), ("me",)),
    (("chronic", "fatigue", "syndrome"), ("cfs",)),
    (("systemic", "exertion", "intolerance", "disease"), ("seid",)),
)
_LONG_FIRST = frozenset(long[0][0] for long in _LONG_NAMES)
_STOPWORDS_TEXT = (
    "a an the of and or in on at to for from by with without as is are was were be been being it its "
    "this that these those than then there their they them we our us you your i me my he she his her "
    "not no but if so do does did done has have had will would can could may might must should about "
    "into over under after before between during per via vs versus s also more most less very just "
    "one two three new study studies paper papers patients patient people participants group groups "
    "chronic fatigue syndrome cfs myalgic encephalomyelitis research results result found find "
    "using use used based among both all any each other some such only what which who whom whose"
    # The rest of English's function words and light verbs: they say nothing about which paper
    # (a card whose summary says "probably" must not win a post for that word).
    " few many much several every either neither another own same lot lots whether because since "
    "until while though although yet how when where why here now still even already again ever never "
    "always often sometimes too quite rather almost really probably perhaps maybe likely "
    "him hers ours itself themselves myself yourself anyone someone something anything nothing "
    "everyone everything nobody somebody against through throughout within across along around "
    "upon toward towards onto come comes came coming get gets got getting make makes made making "
    "take takes took taken say says said go goes went gone seem seems seemed know knew known think "
    "thought look looks looked see saw seen give gave given keep kept let lets put"
)
STOPWORDS = frozenset(_STOPWORDS_TEXT.split())


def words(text: str) -> list[str]:
    """Folded lower-case words, the long illness names collapsed."""
    found = _TOKEN_RE.findall(fold(text))
    if max(map(len, found), default=0) <= 15:
        return found
    return [_SHORT[w] if len(w) > 15 else w for w in found]


def collapse(tokens: list[str]) -> list[str]:
    """The same collapsing for words already split (joined and re-read, which is cheap)."""
    return words(" ".join(tokens))


def _load_aliases(paths: tuple[Path, ...]) -> dict[str, str]:
    """Each alias word → the word titles use (``data/treatment_names.toml``: brand names to
    generic names; ``data/spellings.toml``: British to American spellings)."""
    out: dict[str, str] = {}
    for path in paths:
        table = tomllib.loads(path.read_text(encoding="utf-8"))["aliases"]
        out.update({alias: word for word, aliases in table.items() for alias in aliases})
    return out


_TREATMENT_ALIASES = _load_aliases((TREATMENT_NAMES,))
_AMERICAN = _load_aliases((SPELLINGS,))
_ALIASES = {**_TREATMENT_ALIASES, **_AMERICAN}  # (read in that order: a spelling wins a clash)


def american_spelling(word: str) -> str:
    """A folded word in the American spelling most titles use ("multicentre" → "multicenter"),
    without the treatment names ``stem`` also reads: for comparing words as written."""
    return _AMERICAN.get(word, word)


# The generic names of the treatments the table knows ("pyridostigmine", "rituximab"): a word
# that names what a study tested, which few papers of one year share. (Every row of the table
# has an alias, so its generic names are the aliases' targets.)
TREATMENTS = frozenset(_TREATMENT_ALIASES.values())


def stem(token: str) -> str:
    """A light plural fold ("cytokines" → "cytokine", "antibodies" → "antibody"), enough for
    topic overlap; a treatment's brand or short name reads as its generic name ("ampligen" →
    "rintatolimod"), a British spelling as the American one titles mostly use ("multicentre" →
    "multicenter")."""
    token = _ALIASES.get(token, token)
    if len(token) > 4 and token.endswith(("us", "is")):
        return token  # a Latin or Greek singular ("virus", "analysis"), not a plural in "-s"
    if (len(token) > 5 and token.endswith(("viruses", "yses"))) or token in _US_PLURALS:
        # "herpesviruses" → "herpesvirus", "analyses" → "analysis", "statuses" → "status"
        return token[:-4] + "ysis" if token.endswith("yses") else token[:-2]
    if len(token) > 5 and token.endswith("ies") and token not in _IES_KEPT:
        return token[:-3] + "y"  # "antibodies" → "antibody", as the singular reads
    if len(token) > 4 and token.endswith("s") and not token.endswith("ss"):
        return _ALIASES.get(token[:-1], token[:-1])  # "centres" → "centre" → "center"
    return token


# Plurals in "-uses" of nouns in "-us" (the other "-uses" are plurals of "-use": "causes").
_US_PLURALS = frozenset(("statuses", "focuses", "sinuses", "fetuses", "foetuses", "consensuses", "campuses"))
# Words ending in "ies" whose singular is not "-y": a singular of its own ("series") or a
# singular in "-ie" ("calories" → "calorie").
_IES_KEPT = frozenset(("series", "species", "calories", "cookies", "movies", "zombies", "selfies", "rookies"))


def content_words(text: str) -> set[str]:
    return _content(words(text))


class _Stems(dict[str, str]):
    """Words already stemmed: a post's words are mostly words seen before."""

    def __missing__(self, key: str) -> str:
        if len(self) > 200_000:  # bounded, whatever the stream of posts
            self.clear()
        value = self[key] = stem(key)
        return value


_STEMS = _Stems()


def _content(tokens: list[str]) -> set[str]:
    """Stemmed words that carry meaning."""
    meaningful = set(tokens).difference(STOPWORDS)
    return set(map(_STEMS.__getitem__, (w for w in meaningful if len(w) > 1)))


# A quoted stretch: opened after a space or bracket, closed before a non-letter, so the
# apostrophes of "colleagues'" and "Schlömer's" open nothing.
# (The quote comes first in the pattern, so the engine skips ahead to the next quote.)
_QUOTED_PART = re.compile(r"['‘\"“](?<![^\s(\[]['‘\"“])([^'‘’\"“”\n]{12,300}?)['’\"”](?!\w)")
_CUT_MARK = re.compile(r"(?:\.\.\.|…)\s*$")


@dataclass
class PostText:
    """One text with its tokens and offsets, computed once and read by every scanner."""

    text: str
    _tokens: list[tuple[str, int, int]] | None = field(default=None, repr=False)

    @property
    def tokens(self) -> list[tuple[str, int, int]]:
        """(raw word, start, end) for every word of the text, case kept."""
        if self._tokens is None:
            text = self.text
            spans = [m.span() for m in WORD_RE.finditer(text)]
            self._tokens = [(text[start:end], start, end) for start, end in spans]
        return self._tokens

    @cached_property
    def in_lower_case(self) -> bool:
        """Whether the writer capitalises nothing (``written_in_lower_case``)."""
        return written_in_lower_case(self.text)

    @cached_property
    def lower(self) -> str:
        """The text lower-cased once, for every scanner's cheap "is the word there at all" test."""
        return self.text.lower()

    @cached_property
    def normalised(self) -> tuple[list[str], list[tuple[int, int]]]:
        """Folded, collapsed words with the character span each covers."""
        text = self.text
        if text.isascii():
            lower = self.lower
            found = [(lower[s:e], s, e) for s, e in (m.span() for m in _TOKEN_RE.finditer(lower))]
        else:
            # (an ASCII word is its own lower case, which ``words`` would return at more cost)
            found = []
            for w, s, e in self.tokens:
                if w.isascii():
                    found.append((w.lower(), s, e))
                else:
                    found.extend((f, s, e) for f in words(w)[:1])
            found = _collapse_spans(found)
        out = [_short(w) if len(w) > 15 else w for w, _, _ in found]
        return out, [(s, e) for _, s, e in found]

    @cached_property
    def grams(self) -> set[tuple[str, str, str]]:
        """Word trigrams of ``words``: what title look-ups in the atlas and the reference share."""
        w = self.words
        return set(zip(w, w[1:], w[2:], strict=False))

    @cached_property
    def words(self) -> list[str]:
        """Folded, collapsed words without spans: the cheap view most scanners need."""
        return words(self.text)

    @cached_property
    def capitalised(self) -> list[tuple[str, int, int]]:
        """Words starting with a capital (names, journals, acronyms), with spans."""
        text = self.text
        plain = text.isascii() and not _INNER_CAPITAL.search(text)
        pattern = _CAPITALISED_ASCII if plain else _CAPITALISED
        return [(m.group(0), m.start(), m.end()) for m in pattern.finditer(text)]

    @cached_property
    def quoted(self) -> list[tuple[int, int, list[str], bool]]:
        """(start, end, words, cut short) of each quoted stretch: a title or a piece of one,
        perhaps cut off with an ellipsis (the words then stop before it)."""
        found = []
        for m in _QUOTED_PART.finditer(self.text):
            inner = m.group(1)
            cut = _CUT_MARK.search(inner)
            tokens = words(inner[: cut.start()] if cut else inner)
            found.append((m.start(1), m.end(1), tokens, cut is not None))
        return found

    @cached_property
    def name_keys(self) -> list[tuple[str, str, int, int]]:
        """(folded word, word, start, end) for capitalised words of three letters or more: what
        surname look-ups in the atlas and the reference index both read."""
        return [(fold(w), w, s, e) for w, s, e in self.capitalised if len(w) >= 3]

    @cached_property
    def _token_starts(self) -> list[int]:
        return [start for _, start, _ in self.tokens]

    def words_from(self, start: int, limit: int = 8) -> list[tuple[str, int, int]]:
        """The next few words from an offset, case kept.

        Read from ``tokens``, which the text's words are split into once: the journal scans ask
        this at every capitalised word, and a fresh regex scan each time cost more than the
        rest of the look-up. An offset inside a word starts with the rest of that word."""
        tokens = self.tokens
        i = bisect.bisect_left(self._token_starts, start)
        if i and tokens[i - 1][2] > start:
            rest = islice(WORD_RE.finditer(self.text, start), limit)
            return [(m.group(0), m.start(), m.end()) for m in rest]
        return tokens[i : i + limit]

    @cached_property
    def content(self) -> set[str]:
        return _content(self.words)
