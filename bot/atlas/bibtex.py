"""The atlas's BibTeX export: bibliographic fields only, keyed ``mecfsatlas-<card id>``.

Why bibtexparser for the entries but our own author and LaTeX handling: the library splits
entries robustly and reports the line where a broken one starts, but its name middleware
decodes LaTeX before splitting names, which breaks braced organisation names such as
``{Institute of Medicine}``; splitting first and decoding each name after keeps them whole.
"""

from __future__ import annotations

import logging
import re
from pathlib import Path

from bibtexparser import model
from bibtexparser.entrypoint import parse_string
from bibtexparser.middlewares import NormalizeFieldKeys
from pylatexenc.latex2text import LatexNodes2Text

from bot.atlas.normalise import (
    abbreviate_author,
    canonical_url,
    card_id_from_bibtex_key,
    card_id_from_url,
    clean_title,
    derive_card_id,
    normalise_doi,
    normalise_pmcid,
    normalise_pmid,
)
from bot.atlas.types import AtlasCard, AtlasReadResult
from bot.errors import AtlasRecordError

# We report broken entries ourselves, with file and line; keep the library's log quiet unless
# the application configures logging.
logging.getLogger("bibtexparser").addHandler(logging.NullHandler())
_LATEX = LatexNodes2Text()
_PMID_IN_NOTE = re.compile(r"\b(?:PubMed|PMID)\s*:?\s*(\d{1,9})\b", re.IGNORECASE)
_PMCID_IN_NOTE = re.compile(r"\b(PMC\d{1,9})\b")
_YEAR = re.compile(r"\b(1[89]\d\d|2[01]\d\d)\b")


def _decode(value: str) -> str:
    return " ".join(_LATEX.latex_to_text(value).split())


def _split_top_level_and(value: str) -> list[str]:
    """Names separated by `` and `` outside braces ("{Smith and Sons}" stays one name)."""
    names, depth, start, i = [], 0, 0, 0
    while i < len(value):
        ch = value[i]
        depth += (ch == "{") - (ch == "}")
        if depth == 0 and value[i : i + 5].lower() == " and ":
            names.append(value[start:i])
            start = i = i + 5
            continue
        i += 1
    names.append(value[start:])
    return [n.strip() for n in names if n.strip()]


def parse_bibtex_author(name: str) -> str:
    """One BibTeX name as "Surname Initials"; a fully braced name is an organisation."""
    if name.startswith("{") and name.endswith("}"):
        return _decode(name)
    if "," in name:
        surname, given = name.split(",", 1)
        return abbreviate_author(_decode(surname), _decode(given))
    words = _decode(name).split()
    return abbreviate_author(words[-1], " ".join(words[:-1])) if words else ""


def _field(entry: model.Entry, key: str) -> str | None:
    found = entry.fields_dict.get(key)
    if found is None:
        return None
    text = _decode(str(found.value))
    return text or None


def card_from_entry(entry: model.Entry, path: str, line: int) -> AtlasCard:
    """One entry as a card holding only bibliographic fields; AtlasRecordError when unusable."""
    title = clean_title(_field(entry, "title") or "")
    if not title:
        raise AtlasRecordError(path, line, f"BibTeX entry {entry.key!r} has no title")
    raw_authors = entry.fields_dict.get("author")
    authors = (
        tuple(a for a in (parse_bibtex_author(n) for n in _split_top_level_and(str(raw_authors.value))) if a)
        if raw_authors is not None
        else ()
    )
    note = _field(entry, "note") or ""
    year_match = _YEAR.search(_field(entry, "year") or "")
    year = int(year_match.group(1)) if year_match else None
    try:
        doi = normalise_doi(_field(entry, "doi"))
        pmid_note = _PMID_IN_NOTE.search(note)
        pmid = normalise_pmid(_field(entry, "pmid") or (pmid_note.group(1) if pmid_note else None))
        pmcid_note = _PMCID_IN_NOTE.search(note)
        pmcid = normalise_pmcid(_field(entry, "pmcid") or (pmcid_note.group(1) if pmcid_note else None))
    except ValueError as exc:
        raise AtlasRecordError(path, line, f"BibTeX entry {entry.key!r}: {exc}") from None
    url = _field(entry, "url")
    card_id = (
        card_id_from_bibtex_key(entry.key)
        if entry.key.startswith("mecfsatlas-")
        else card_id_from_url(url) or derive_card_id(authors[0] if authors else None, year, title)
    )
    journal = _field(entry, "journal") or _field(entry, "booktitle") or _field(entry, "publisher")
    return AtlasCard(
        id=card_id,
        title=title,
        authors=authors,
        journal=journal,
        year=year,
        doi=doi,
        pmid=pmid,
        pmcid=pmcid,
        url=canonical_url(doi, pmid, url),
    )


def _reason(error: Exception) -> str:
    detail = getattr(error, "abort_reason", None) or getattr(error, "message", None) or str(error)
    return " ".join(str(detail).split()) or type(error).__name__


def parse_bibtex(text: str, path: str, *, first_line: int = 1) -> AtlasReadResult:
    """Cards from BibTeX text; ``first_line`` is where the text starts in its file."""
    library = parse_string(text, append_middleware=[NormalizeFieldKeys()])
    cards: list[AtlasCard] = []
    errors: list[AtlasRecordError] = []
    for block in library.blocks:
        line = (block.start_line or 0) + first_line
        if isinstance(block, model.ParsingFailedBlock):
            errors.append(AtlasRecordError(path, line, f"BibTeX entry not read: {_reason(block.error)}"))
        elif isinstance(block, model.Entry):
            try:
                cards.append(card_from_entry(block, path, line))
            except AtlasRecordError as exc:
                errors.append(exc)
    return AtlasReadResult(tuple(cards), tuple(errors), {c.id: (path,) for c in cards})


def read_bibtex(path: Path) -> AtlasReadResult:
    return parse_bibtex(path.read_text(encoding="utf-8"), str(path))
