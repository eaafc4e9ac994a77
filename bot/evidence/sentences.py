"""Cut post text into sentences, as (start, end) character spans.

Why spans and not strings: claims are stored with their place in the post (the digest quotes
them and the scorer matches them by their words), so a sentence must be an exact slice of the
text. Why hand-made rather than a general-purpose splitter: forum text is full of things that
look like sentence ends but are not, and the rules for them are few and specific:

* a full stop inside a token never ends a sentence (``1.5``, ``doi.org/10.1000/x.y``, ``U.S.``);
* after ``et al.``, ``e.g.``, ``vs.`` and similar, the sentence goes on unless the next word is
  one that typically opens a sentence ("The", "This", "We" …); after ``Dr.`` it always goes on;
* a single capital initial (``F. prausnitzii``, ``B. Walitt``) is never an end;
* a lower-case next word means the sentence goes on (``36758... and``), except before
  identifiers that open a citation line (``doi:``, ``https://``) and in a line its writer began
  in lower case ("ok so im 16 … last year. my mum says …"): who never capitalises a sentence
  start shows a new sentence by the full stop alone, after an ordinary word;
* a line break ends a sentence; bullet and quote markers at a line's start are not part of it.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

# Abbreviations after which a full stop is usually not a sentence end (lower-cased, without
# the final dot). Titles always run on; the rest run on unless a sentence opener follows.
_TITLES = frozenset({"dr", "mr", "mrs", "ms", "prof", "st", "mt", "sr", "jr", "drs", "profs"})
_ABBREVIATIONS = frozenset(
    {
        "al", "e.g", "i.e", "eg", "ie", "vs", "v", "cf", "incl", "esp", "resp", "viz", "n.b",
        "u.s", "u.k", "e.u", "a.m", "p.m", "ph.d", "m.d", "b.sc", "m.sc", "ibid", "op", "cit",
    }
)  # fmt: skip
# Abbreviations that only run on before a number ("Fig. 2", "No. 5", "approx. 30", "Jan. 2020").
_BEFORE_NUMBER = frozenset(
    {
        "no", "nos", "fig", "figs", "vol", "vols", "p", "pp", "ref", "refs", "approx", "ca",
        "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec",
    }
)  # fmt: skip
# Words that open sentences often enough that, after an ambiguous abbreviation, they mean
# the sentence really ended ("… by Guo et al. The study …").
_OPENERS = frozenset(
    {
        "the", "this", "that", "these", "those", "it", "its", "they", "their", "we", "our",
        "i", "my", "he", "she", "his", "her", "in", "on", "at", "but", "and", "so", "however",
        "also", "a", "an", "there", "here", "what", "why", "how", "when", "if", "as", "for",
        "anyone", "has", "is", "are", "was", "were", "does", "do", "did", "can", "could",
        "should", "would", "will", "after", "before", "since", "still", "then", "now", "yet",
    }
)  # fmt: skip
# Lower-case line openers that are still a new sentence: identifiers starting a citation.
_LOWER_STARTS = re.compile(r"(?:doi:|doi\s|https?://|www\.|pmid|pmcid)", re.IGNORECASE)

_BULLET = re.compile(r"[ \t]*(?:[-*•‣▪◦–—>]+|\(?\d{1,2}[.)]|\(?[a-z][.)])[ \t]+")
# A candidate end: terminal punctuation, then any closing quotes or brackets.
_END = re.compile(r"(?:\.{3}|…|[.!?]+)[\"'”’»)\]]*")
_CLOSERS = "\"'”’»)]"


def _word_before(text: str, dot: int, line_start: int) -> str:
    """The token that ends at the full stop at ``dot`` (letters, digits and inner dots)."""
    i = dot
    while i > line_start and (text[i - 1].isalnum() or text[i - 1] == "."):
        i -= 1
    return text[i:dot]


def _next_word(text: str, pos: int) -> str:
    match = re.match(r"\s*([^\s]+)", text[pos:])
    return match.group(1) if match else ""


def _is_boundary(text: str, punct_start: int, end: int, line_start: int, lower_line: bool = False) -> bool:
    """Decide whether the punctuation at text[punct_start:end] closes a sentence.

    ``lower_line``: the line began in lower case, so a lower-case next word may open a sentence.
    """
    if end < len(text) and not text[end].isspace():
        return False  # inside a token: 1.5, a URL, a DOI, "U.S."
    nxt = _next_word(text, end)
    if not nxt:
        return True
    first = nxt[0]
    mark = text[punct_start:end].rstrip(_CLOSERS)
    if first.islower():
        return bool(_LOWER_STARTS.match(nxt)) or (
            lower_line and _ends_plainly(text, punct_start, end, line_start)
        )
    if mark in ("...", "…"):
        return first.isupper() or first in "\"“‘'"
    if mark != ".":
        return True  # ! ? !! ?! end a sentence before anything that is not lower-case
    word = _word_before(text, punct_start, line_start)
    lowered = word.lower()
    if lowered in _TITLES:
        return False
    if len(word) == 1 and word.isupper():
        return False  # an initial, as in "F. prausnitzii" or "B. Walitt"
    if lowered in _BEFORE_NUMBER:
        return not first.isdigit()
    if lowered in _ABBREVIATIONS or (len(word) > 2 and "." in word and word.replace(".", "").isalpha()):
        opener = re.sub(r"\W+$", "", nxt).lower()
        return opener in _OPENERS
    return True


def _ends_plainly(text: str, punct_start: int, end: int, line_start: int) -> bool:
    """Whether ``.``, ``!`` or ``?`` closes an ordinary word: no ellipsis (``36758... and``), no
    abbreviation, title or initial (``e.g. the``, ``approx. ten``, ``B. walitt``)."""
    mark = text[punct_start:end].rstrip(_CLOSERS)
    if mark in ("...", "…"):
        return False
    if mark != ".":
        return True
    word = _word_before(text, punct_start, line_start)
    lowered = word.lower()
    return (
        len(word) > 1
        and "." not in word
        and lowered not in _TITLES
        and lowered not in _ABBREVIATIONS
        and lowered not in _BEFORE_NUMBER
    )


def _line_spans(text: str) -> Iterator[tuple[int, int]]:
    """Non-empty lines, each without its bullet or quote marker."""
    for match in re.finditer(r"[^\r\n]+", text):
        start, end = match.span()
        bullet = _BULLET.match(text, start, end)
        if bullet:
            start = bullet.end()
        if start < end:  # (a line holding only a bullet, "– ", holds no sentence)
            yield start, end


def _trim(text: str, start: int, end: int) -> tuple[int, int] | None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return (start, end) if end > start else None


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of each sentence, in order; ``text[start:end]`` has no outer whitespace."""
    spans: list[tuple[int, int]] = []
    for line_start, line_end in _line_spans(text):
        start = line_start
        lower_line = text[line_start].islower()
        for match in _END.finditer(text, line_start, line_end):
            boundary = _is_boundary(text, match.start(), match.end(), line_start, lower_line)
            if boundary or match.end() == line_end:
                span = _trim(text, start, match.end())
                if span:
                    spans.append(span)
                start = match.end()
        span = _trim(text, start, line_end)
        if span:
            spans.append(span)
    return spans


def split_sentences(text: str) -> list[str]:
    """The sentences themselves, for callers that do not need positions."""
    return [text[a:b] for a, b in sentence_spans(text)]


_QUOTE_LINE = re.compile(r"^[ \t]*(?:>|&gt;)[^\r\n]*", re.MULTILINE)
_QUOTE_INTRO = re.compile(
    r"^[^\r\n]{0,80}\b(?:wrote|writes|said|says|replied|commented|posted|quote)\s*:[ \t]*(?:\r?\n|$)",
    re.MULTILINE | re.IGNORECASE,
)


def quoted_ranges(text: str) -> list[tuple[int, int]]:
    """Character ranges quoted from someone else: "> " lines, and the paragraph after a line
    ending "… wrote:" (forum quoting), so that a reply is not read as its own author's words."""
    ranges = [m.span() for m in _QUOTE_LINE.finditer(text)]
    for intro in _QUOTE_INTRO.finditer(text):
        start = intro.end()
        para_end = re.search(r"\r?\n[ \t]*\r?\n", text[start:])
        ranges.append((start, start + para_end.start() if para_end else len(text)))
    return sorted(ranges)
