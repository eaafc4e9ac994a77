"""What a fetched article page says about its own paper, apart from the papers it cites.

Why: a PubMed or journal page lists dozens of references with DOIs. A post that shares the
page cites the page's paper, not its 40 references; counting them would bury the one paper
under noise. Publishers state the page's own paper in Highwire/Dublin Core/PRISM meta tags,
and the reference list starts under a heading we can recognise.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from bot.evidence import identifiers as ids
from bot.evidence.types import Citation

_REFERENCE_HEADING = re.compile(
    r"^[ \t#*]*(?:(?P<own>references?(?:\s+cited)?|bibliography|literature\s+cited|works\s+cited)|cited\s+by|"
    r"similar\s+articles|related\s+articles|further\s+reading)[ \t:*]*$",
    re.IGNORECASE | re.MULTILINE,
)
# A paper's own identifier in the text above a reference list: the text is that paper's page.
_IDENTIFIER_ABOVE = re.compile(r"\b10\.\d{4,9}/|\bPMID\b|\bPMC\d{5,}|pubmed\.ncbi|doi\.org/", re.IGNORECASE)
# Highwire (Google Scholar), Dublin Core and PRISM tags, by what they carry.
_DOI_KEYS = ("citation_doi", "dc.identifier", "prism.doi", "bepress_citation_doi", "doi")
_PMID_KEYS = ("citation_pmid", "pmid")
_PMCID_KEYS = ("citation_pmcid", "pmcid")
_TITLE_KEYS = ("citation_title", "dc.title", "prism.title", "og:title")
_AUTHOR_KEYS = ("citation_author", "dc.creator", "citation_authors")
_DATE_KEYS = (
    "citation_publication_date",
    "citation_date",
    "citation_year",
    "dc.date",
    "prism.publicationdate",
)
_URL_KEYS = ("citation_abstract_html_url", "citation_fulltext_html_url", "og:url", "canonical")


def reference_section_start(text: str) -> int:
    """Offset where a reference list begins (after the page's own header), or len(text).

    A "References" list under a text that names no paper by identifier above it is the post's
    own list of sources ("Four studies worth knowing about … References: Hoel et al. 2026 …"),
    not a pasted paper's bibliography, so its papers are the post's citations; lists of
    similar, related or citing articles are always the page's furniture."""
    for m in _REFERENCE_HEADING.finditer(text):
        if m.start() > 0:
            if m.group("own") and not _IDENTIFIER_ABOVE.search(text, 0, m.start()):
                continue
            return m.start()
    return len(text)


def _values(meta: Mapping[str, Any], keys: tuple[str, ...]) -> list[str]:
    lowered = {str(k).lower(): v for k, v in meta.items()}
    out: list[str] = []
    for key in keys:
        value = lowered.get(key)
        if value is None:
            continue
        out.extend(str(v) for v in value) if isinstance(value, list | tuple) else out.append(str(value))
    return [v.strip() for v in out if v and v.strip()]


def _surname(author: str) -> str:
    author = author.strip()
    if "," in author:
        return author.split(",", 1)[0].strip()
    parts = author.split()
    while len(parts) > 1 and parts[-1].replace(".", "").isupper() and len(parts[-1].replace(".", "")) <= 3:
        parts.pop()
    return parts[-1] if len(parts) > 1 and parts[0][0].isupper() and not parts[0].isupper() else parts[0]


def meta_citations(meta: Mapping[str, Any]) -> list[Citation]:
    """The page's own paper as citations (span (0, 0): meta tags are not in the text)."""
    found: list[Citation] = []

    def add(kind: Any, value: str | None, key: str, confidence: float = 0.98) -> None:
        if value:
            found.append(Citation(kind, value, (0, 0), confidence, f"meta:{key}"))

    for raw in _values(meta, _DOI_KEYS)[:1]:
        add("doi", ids.norm_doi(raw), "doi")
    for raw in _values(meta, _PMID_KEYS)[:1]:
        add("pmid", ids.norm_pmid(raw), "pmid")
    for raw in _values(meta, _PMCID_KEYS)[:1]:
        add("pmcid", ids.norm_pmcid(raw), "pmcid")
    for raw in _values(meta, _TITLE_KEYS)[:1]:
        add("title", raw.rstrip("."), "title", 0.9)
    authors, dates = _values(meta, _AUTHOR_KEYS), _values(meta, _DATE_KEYS)
    year = next((m.group(0) for d in dates if (m := re.search(r"(19|20)\d\d", d))), None)
    if authors:
        first = re.split(r";", authors[0])[0]
        add("author_year", f"{_surname(first)} {year}" if year else _surname(first), "author", 0.8)
    for raw in _values(meta, _URL_KEYS)[:1]:
        found_ids = ids.ids_in_url(raw)
        if found_ids.doi and not any(c.kind == "doi" for c in found):
            add("doi", found_ids.doi, "url")
        if found_ids.pmid and not any(c.kind == "pmid" for c in found):
            add("pmid", found_ids.pmid, "url")
        add("url", ids.norm_url(raw), "url", 0.9)
    return found
