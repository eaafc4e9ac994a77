"""Word-level views of text shared by the atlas index and the mention scanner.

Why a shared tokeniser: a title matches only if the card's title and the post's words were
cut and folded the same way. The illness's long name and its abbreviation are folded to one
form ("myalgic encephalomyelitis/chronic fatigue syndrome" and "ME/CFS" both read ``me cfs``)
because patients and papers use them interchangeably, even inside titles.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cached_property

from bot.evidence.identifiers import fold

WORD_RE = re.compile(r"[^\W_]+", re.UNICODE)
_LONG_NAMES: tuple[tuple[tuple[str, ...], tuple[str, ...]], ...] = (
    (("myalgic", "encephalomyelitis"), ("me",)),
    (("myalgic", "encephalopathy"), ("me",)),
    (("chronic", "fatigue", "syndrome"), ("cfs",)),
    (("systemic", "exertion", "intolerance", "disease"), ("seid",)),
)
_STOPWORDS_TEXT = (
    "a an the of and or in on at to for from by with without as is are was were be been being it its "
    "this that these those than then there their they them we our us you your i me my he she his her "
    "not no but if so do does did done has have had will would can could may might must should about "
    "into over under after before between during per via vs versus s also more most less very just "
    "one two three new study studies paper papers patients patient people participants group groups "
    "chronic fatigue syndrome cfs myalgic encephalomyelitis research results result found find "
    "using use used based among both all any each other some such only what which who whom whose"
)
STOPWORDS = frozenset(_STOPWORDS_TEXT.split())


def words(text: str) -> list[str]:
    """Folded lower-case words, the long illness names collapsed."""
    return collapse(WORD_RE.findall(fold(text)))


def collapse(tokens: list[str]) -> list[str]:
    out: list[str] = []
    i = 0
    while i < len(tokens):
        for long, short in _LONG_NAMES:
            if tuple(tokens[i : i + len(long)]) == long:
                out.extend(short)
                i += len(long)
                break
        else:
            out.append(tokens[i])
            i += 1
    return out


def stem(token: str) -> str:
    """A light plural fold ("cytokines" → "cytokine"), enough for topic overlap."""
    if len(token) > 4 and token.endswith("s") and not token.endswith("ss"):
        return token[:-1]
    return token


def content_words(text: str) -> set[str]:
    return {stem(w) for w in words(text) if w not in STOPWORDS and len(w) > 1}


@dataclass
class PostText:
    """One text with its tokens and offsets, computed once and read by every scanner."""

    text: str
    _tokens: list[tuple[str, int, int]] | None = field(default=None, repr=False)

    @property
    def tokens(self) -> list[tuple[str, int, int]]:
        """(raw word, start, end) for every word of the text, case kept."""
        if self._tokens is None:
            self._tokens = [(m.group(0), m.start(), m.end()) for m in WORD_RE.finditer(self.text)]
        return self._tokens

    @cached_property
    def normalised(self) -> tuple[list[str], list[tuple[int, int]]]:
        """Folded, collapsed words with the character span each covers."""
        raw = [(fold(w), s, e) for w, s, e in self.tokens]
        out: list[str] = []
        spans: list[tuple[int, int]] = []
        i = 0
        while i < len(raw):
            for long, short in _LONG_NAMES:
                n = len(long)
                if tuple(t for t, _, _ in raw[i : i + n]) == long:
                    out.extend(short)
                    spans.extend([(raw[i][1], raw[i + n - 1][2])] * len(short))
                    i += n
                    break
            else:
                out.append(raw[i][0])
                spans.append((raw[i][1], raw[i][2]))
                i += 1
        return out, spans

    @cached_property
    def content(self) -> set[str]:
        return {stem(w) for w in self.normalised[0] if w not in STOPWORDS and len(w) > 1}
