"""A bibliographic index beyond the atlas: papers with identifiers but no card.

Why: "Missailidis et al. 2020 on complex V" names a paper the atlas lacks; without its DOI
the editors' queue shows an anonymous "Missailidis 2020" nobody can act on. The bundled
CC0 list of ME/CFS papers (``data/reference/``, with its licence and provenance) is read
into the same kind of index as the atlas, so the same routes (author and year, title,
identifier, identifier prefix) find a paper in it. It never decides that a card is cited:
it only tells what an uncovered paper's identifiers and title are. Rows an atlas card
already covers are left out, so the index can never shadow a card.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterable
from dataclasses import replace
from functools import lru_cache
from pathlib import Path

from bot.atlas.types import AtlasCard
from bot.evidence import identifiers as ids
from bot.evidence import publishers
from bot.evidence.atlas_index import AtlasIndex, journal_initials, journal_key
from bot.evidence.textnorm import words

BUNDLED = Path(__file__).parent / "data" / "reference" / "mecfs_research_items.csv"
_LABEL = re.compile(r"^\s*(.+?)\s+(?:et al\.?|&|and)\b")
_NAMED_AS = re.compile(r"^\s*(.+?)\s*\(")  # the name a label cites a row by, before its year


def _surname_first(author: str) -> str:
    """ "Neil R. McGregor" → "McGregor NR": the form the atlas index reads surnames from."""
    parts = author.replace(".", " ").split()
    if len(parts) < 2:
        return author.strip()
    initials = "".join(p[0].upper() for p in parts[:-1] if p[:1].isalpha())
    return f"{parts[-1]} {initials}".strip()


def read_items(path: Path = BUNDLED) -> tuple[AtlasCard, ...]:
    """The list's rows as cards with only bibliographic fields: those with an identifier, and
    those without one that still have a title, an author and a year (a report, a paper whose
    listed DOI is cut off, a paper known only by its publisher's link), so a post naming one
    by author and year or by its link gets its title and link, not an anonymous entry."""
    items: list[AtlasCard] = []
    seen: set[str] = set()  # identifiers and titles of the rows kept: a paper listed twice is one
    with path.open(encoding="utf-8", newline="") as handle:
        for n, row in enumerate(csv.DictReader(handle), start=2):
            doi, pmid, pmcid = (
                ids.norm_doi(row.get("doi")),
                ids.norm_pmid(row.get("pmid")),
                ids.norm_pmcid(row.get("pmcid")),
            )
            url = (row.get("url") or "").strip() or None
            if doi and publishers.is_cut_doi(doi):
                # A few rows carry a DOI cut at a bracket: never a complete identifier, nor
                # is the doi.org link made of it.
                doi = None
                url = None if url and "doi.org/" in url.lower() else url
            title = (row.get("title") or "").strip()
            authors = [a.strip() for a in (row.get("authors") or "").split(",") if a.strip()]
            year_text = (row.get("year") or "").strip()
            if not title or not (doi or pmid or pmcid or (authors and year_text.isdigit())):
                continue  # kept without an identifier: its title, author and year still name it
            ids_given = (("doi", doi), ("pmid", pmid), ("pmcid", pmcid))
            keys = {f"{kind}:{value}" for kind, value in ids_given if value}
            keys.add("title:" + " ".join(words(title)))
            if keys & seen:
                # The list holds a few papers twice (another date, another spelling of an
                # author): two entries for one paper would tie every description of it.
                continue
            seen |= keys
            label = _LABEL.match(row.get("citation_label") or "")
            first = [_surname_first(a) for a in authors[:1]]
            if label and authors and not _surname_first(authors[0]).lower().startswith(label[1].lower()):
                first = [label[1]]  # the label knows the surname better than a split name does
            named = _NAMED_AS.match(row.get("citation_label") or "")
            if authors and named and named[1] == authors[0] and " " in authors[0]:
                # "Institute of Medicine (2015)": an organisation, cited by its whole name; its
                # last word ("Medicine") is no surname.
                first = [f"{authors[0]},"]  # (the comma keeps the whole name as its surname)
            items.append(
                AtlasCard(
                    id=f"ref:{n}",
                    title=title,
                    authors=tuple(first + [_surname_first(a) for a in authors[1:]]),
                    journal=_server_named(row.get("journal") or "", doi),
                    year=int(year_text) if year_text.isdigit() else None,
                    doi=doi,
                    pmid=pmid,
                    pmcid=pmcid,
                    url=url,
                )
            )
    return tuple(items)


def _server_named(journal: str, doi: str | None) -> str | None:
    """A row's journal, with a bare "Preprint" named as the server its DOI is on: "the initial
    results were posted on medRxiv" names a medRxiv paper, which the list may call a preprint."""
    journal = journal.strip()
    if journal.lower() in ("", "preprint") and doi:
        return publishers.preprint_server(doi) or journal or None
    return journal or None


@lru_cache(maxsize=4)
def _bundled(path: Path) -> tuple[AtlasCard, ...]:
    return read_items(path)


def reference_index(atlas: AtlasIndex, items: Iterable[AtlasCard] | None = None) -> AtlasIndex:
    """The reference items no atlas card covers (by identifier or exact title), indexed."""
    titles = {" ".join(t) for t in atlas.titles.values()}
    kept = []
    for item in _bundled(BUNDLED) if items is None else items:
        covered = (
            (item.doi and item.doi in atlas.by_doi)
            or (item.pmid and item.pmid in atlas.by_pmid)
            or (item.pmcid and item.pmcid in atlas.by_pmcid)
        )
        if covered or " ".join(words(item.title)) in titles:
            continue
        kept.append(item)
    return AtlasIndex(_journals_spelt_out(kept, atlas))


def _journals_spelt_out(items: list[AtlasCard], atlas: AtlasIndex) -> list[AtlasCard]:
    """The list writes some journals as their initials ("PNAS") and others in full: a journal
    written as initials that spell exactly one journal name of three words or more (the
    atlas's or the list's) takes that name, so that "a PNAS paper" and "a paper in the
    Proceedings of the National Academy of Sciences" weigh the same papers."""
    spelt: dict[str, set[str]] = {}
    names = [c.journal for c in atlas.cards.values()] + [i.journal for i in items]
    for name in names:
        key = journal_key(name) if name else ()
        if name and len(key) >= 3:
            spelt.setdefault(journal_initials(key), set()).add(name.split("(", 1)[0].strip())
    out = []
    for item in items:
        written = item.journal or ""
        key = journal_key(written) if written else ()
        full = spelt.get(key[0], set()) if len(key) == 1 and written == written.upper() else set()
        out.append(replace(item, journal=full.pop()) if len(full) == 1 else item)
    return out
