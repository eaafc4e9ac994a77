"""Saved atlas card pages (plain text as a browser copies it, or the HTML), turned into cards.

A copied page loses its markup: the header's badges run together ("E2 ModeratePreliminaryPEM
unclearCase-Control…"), as do tag values ("Cognitive DysfunctionPainFatigue"), and a shorter
capture loses its section headings too. So the parser leans on what the atlas fixes: the
evidence labels, the badge vocabulary, the section names, the " · " byline, and a BibTeX block
when the page carries one, which wins for the bibliographic fields.
"""

from __future__ import annotations

import re
from dataclasses import replace

from bs4 import BeautifulSoup
from bs4.element import NavigableString, Tag

from bot.atlas.bibtex import parse_bibtex
from bot.atlas.merge import merge_cards
from bot.atlas.normalise import (
    EVIDENCE_LABELS,
    canonical_url,
    card_id_from_url,
    clean_title,
    derive_card_id,
    normalise_doi,
    normalise_pmcid,
    normalise_pmid,
    split_surname_given_list,
)
from bot.atlas.record import card_from_fields
from bot.atlas.types import AtlasCard, AtlasReadResult
from bot.errors import AtlasRecordError

BADGES = (
    "PEM not required",
    "PEM required",
    "PEM unclear",
    "Negative result",
    "Preliminary",
    "Retracted",
    "Contested",
    "Hypothesis",
    "Consensus",
    "Fibromyalgia",
    "Long COVID",
)
_PEER = {"Peer-reviewed": True, "Not peer-reviewed": False, "Preprint": False}
_REVIEW_STATUSES = ("Machine draft", "Human reviewed", "Expert reviewed", "Editor reviewed", "Reviewed")
_SECTIONS = {
    "quick summary": "quick_summary",
    "why it matters": "why",
    "observed findings": "observed_findings",
    "inferred conclusions": "inferred_conclusions",
    "remaining questions": "questions",
    "what this study does not prove": "does_not_prove",
    "tags": "tags",
    "metadata": "metadata",
    "primary citation": "citation",
    "bibtex": "bibtex",
    "atlas snapshot reference": "snapshot",
    "contribute": "contribute",
}
# Page chrome after the card's content: never part of a field.
_CHROME = ("About the PEM badge", "Spotted an error", "The first block is for the primary paper")
_TAG_KEYS = {
    "symptom": "symptom",
    "biomarker": "biomarker",
    "mechanism": "mechanism",
    "treatment": "treatment",
}
_HEADER = re.compile(r"^(E[1-5])\s*")
_BIBTEX_START = re.compile(r"^@[A-Za-z]+\s*\{", re.MULTILINE)
_DOI_URL = re.compile(r"https?://(?:dx\.)?doi\.org/(\S+)")
_YEAR = re.compile(r"^(1[89]\d\d|2[01]\d\d)$")


_BLOCK_TAGS = frozenset(
    {"p", "div", "section", "article", "main", "header", "footer", "aside", "nav", "ul", "ol", "li"}
    | {"h1", "h2", "h3", "h4", "h5", "h6", "br", "tr", "table", "dl", "dt", "dd", "pre", "blockquote"}
)
_SKIPPED_TAGS = frozenset({"head", "script", "style", "noscript", "template", "svg"})


def _copy_text(node: Tag, out: list[str]) -> None:
    for child in node.children:
        if isinstance(child, NavigableString):
            # Comments, the doctype and the like are NavigableString subclasses: not page text.
            if type(child) is NavigableString:
                out.append(re.sub(r"\s+", " ", str(child)))
            continue
        if not isinstance(child, Tag) or child.name in _SKIPPED_TAGS:
            continue
        block = child.name in _BLOCK_TAGS
        if block:
            out.append("\n- " if child.name == "li" else "\n")
        _copy_text(child, out)
        if block:
            out.append("\n")


def html_to_text(html: str) -> tuple[str, str | None]:
    """A saved HTML page as the text a browser copy gives (block elements on their own lines,
    list items as "- ", inline elements run together), and its canonical URL if it names one."""
    soup = BeautifulSoup(html, "lxml")
    canonical = soup.find("link", rel="canonical") or soup.find("meta", property="og:url")
    url = None
    if isinstance(canonical, Tag):
        url = str(canonical.get("href") or canonical.get("content") or "") or None
    out: list[str] = []
    _copy_text(soup, out)
    lines = (line.strip() for line in "".join(out).splitlines())
    return "\n".join(line for line in lines if line and line != "-"), url


def parse_html_page(html: str, path: str) -> AtlasReadResult:
    text, url = html_to_text(html)
    return parse_page(text, path, url=url)


def split_run_together(text: str) -> tuple[str, ...]:
    """ "Cognitive DysfunctionPainFatigue" → ("Cognitive Dysfunction", "Pain", "Fatigue").

    Splits where a lower-case letter, digit or ")" meets an upper-case letter that starts a
    word (next letter lower-case), so "iNOS" and "COVID" stay whole.
    """
    pieces, start = [], 0
    for i in range(1, len(text)):
        prev, cur = text[i - 1], text[i]
        nxt = text[i + 1] if i + 1 < len(text) else ""
        if (prev.islower() or prev.isdigit() or prev == ")") and cur.isupper() and nxt.islower():
            pieces.append(text[start:i])
            start = i
    pieces.append(text[start:])
    return tuple(p.strip() for p in pieces if p.strip())


def _take_badge(rest: str, *, from_end: bool) -> tuple[str | None, str]:
    for badge in BADGES:
        if from_end and rest.endswith(badge):
            before = rest[: -len(badge)]
            if not before or not before.endswith(" "):
                return badge, before
        if not from_end and rest.startswith(badge):
            after = rest[len(badge) :]
            # A badge is followed by the next run-together token, never by a space:
            # "Consensus Criteria" is a design, "ConsensusPEM required" a badge.
            if not after or not after[0].isspace():
                return badge, after
    return None, rest


def parse_header(line: str) -> dict[str, object]:
    """The card header: evidence level and label, badges, design, peer review, review status."""
    match = _HEADER.match(line)
    if not match:
        return {}
    level = match.group(1)
    rest = line[match.end() :]
    fields: dict[str, object] = {"evidence_level": level}
    label = EVIDENCE_LABELS[level]
    if rest.startswith(label):
        fields["evidence_label"], rest = label, rest[len(label) :]
    for status in _REVIEW_STATUSES:
        if rest.endswith(status):
            fields["review_status"], rest = status, rest[: -len(status)]
            break
    for marker, value in _PEER.items():
        if rest.endswith(marker):
            fields["peer_reviewed"], rest = value, rest[: -len(marker)]
            break
    leading: list[str] = []
    trailing: list[str] = []
    for from_end, found in ((False, leading), (True, trailing)):
        badge, rest = _take_badge(rest, from_end=from_end)
        while badge is not None:
            found.insert(len(found) if not from_end else 0, badge)
            badge, rest = _take_badge(rest, from_end=from_end)
    fields["badges"] = (*leading, *trailing)
    if rest.strip():
        fields["design"] = rest.strip()
    return fields


def _parse_byline(line: str) -> dict[str, object]:
    parts = [p.strip() for p in line.split(" · ")]
    fields: dict[str, object] = {"authors": split_surname_given_list(parts[0])}
    for part in parts[1:]:
        if _YEAR.match(part):
            fields["year"] = int(part)
        elif part.upper() not in ("DOI", "PMID", "PUBMED", "PMC") and "journal" not in fields:
            fields["journal"] = part
    return fields


def _is_byline(line: str) -> bool:
    parts = line.split(" · ")
    return len(parts) >= 2 and any(_YEAR.match(p.strip()) for p in parts[1:])


def _sections(lines: list[str]) -> dict[str, list[str]]:
    """Lines grouped under the section heading above them ("" = before the first heading)."""
    grouped: dict[str, list[str]] = {"": []}
    current = ""
    for line in lines:
        if line.startswith(_CHROME):
            current = "chrome"
            grouped.setdefault(current, [])
            continue
        key = _SECTIONS.get(line.strip().lower())
        if key:
            current = key
            grouped.setdefault(current, [])
        else:
            grouped.setdefault(current, []).append(line)
    return grouped


def _bullets(lines: list[str]) -> tuple[str, ...]:
    return tuple(line[2:].strip() for line in lines if line.startswith("- ") and line[2:].strip())


def _paragraph(lines: list[str]) -> str | None:
    text = " ".join(line.strip() for line in lines if line.strip())
    return text or None


def _metadata(lines: list[str]) -> dict[str, str]:
    """ "- PMID", "- 17693978", … read as key/value pairs."""
    items = [line[2:].strip() for line in lines if line.startswith("- ")]
    return {items[i].lower(): items[i + 1] for i in range(0, len(items) - 1, 2)}


def _tags(lines: list[str]) -> tuple[dict[str, tuple[str, ...]], tuple[str, ...]]:
    tags: dict[str, tuple[str, ...]] = {}
    flags: tuple[str, ...] = ()
    for line in lines:
        name, sep, values = line.partition(":")
        if not sep:
            continue
        key = name.strip().lower()
        if key == "method flag":
            flags = split_run_together(values)
        elif key in _TAG_KEYS:
            tags[_TAG_KEYS[key]] = split_run_together(values)
    return tags, flags


def _bibtex_block(text: str) -> tuple[str, int] | None:
    """The first BibTeX entry in the page, brace-matched, with the line it starts on."""
    match = _BIBTEX_START.search(text)
    if not match:
        return None
    depth = 0
    for i in range(match.end() - 1, len(text)):
        depth += (text[i] == "{") - (text[i] == "}")
        if depth == 0:
            return text[match.start() : i + 1], text.count("\n", 0, match.start()) + 1
    return text[match.start() :], text.count("\n", 0, match.start()) + 1


def _identifiers(meta: dict[str, str], citation_lines: list[str]) -> dict[str, str | None]:
    doi_url = next((m.group(1) for m in map(_DOI_URL.search, citation_lines) if m), None)
    return {
        "doi": normalise_doi(meta.get("doi") or doi_url),
        "pmid": normalise_pmid(meta.get("pmid") or meta.get("pubmed")),
        "pmcid": normalise_pmcid(meta.get("pmcid")),
    }


def parse_page(text: str, path: str, *, url: str | None = None) -> AtlasReadResult:
    """One saved card page; its BibTeX block, when present, supplies the bibliographic fields."""
    bib_block = _bibtex_block(text)
    bib_cards: tuple[AtlasCard, ...] = ()
    errors: list[AtlasRecordError] = []
    if bib_block:
        bib = parse_bibtex(bib_block[0], path, first_line=bib_block[1])
        bib_cards, errors = bib.cards, list(bib.errors)
        text = text.replace(bib_block[0], "\n")
    lines = [line.strip() for line in text.splitlines()]
    lines = [line for line in lines if line]
    byline_at = next((i for i, line in enumerate(lines) if _is_byline(line)), None)
    fields: dict[str, object] = {}
    header_at = next((i for i, line in enumerate(lines[:5]) if _HEADER.match(line)), None)
    if header_at is not None:
        fields.update(parse_header(lines[header_at]))
    body_from = 0
    if byline_at is not None:
        fields.update(_parse_byline(lines[byline_at]))
        if byline_at > 0 and byline_at - 1 != header_at:
            fields["title"] = clean_title(lines[byline_at - 1])
        body_from = byline_at + 1
    sections = _sections(lines[body_from:])
    _fill_sections(fields, sections)
    meta = _metadata(sections.get("metadata", []))
    try:
        fields.update({k: v for k, v in _identifiers(meta, sections.get("citation", [])).items() if v})
    except ValueError as exc:
        errors.append(AtlasRecordError(path, 1, f"card page: {exc}"))
    if "review status" in meta:
        fields["review_status"] = meta["review status"]
    page_card = _page_card(fields, f"{url or ''}\n{text}", bib_cards, path)
    if isinstance(page_card, AtlasRecordError):
        return AtlasReadResult((), (*errors, page_card), {})
    return AtlasReadResult((page_card,), tuple(errors), {page_card.id: (path,)})


def _fill_sections(fields: dict[str, object], sections: dict[str, list[str]]) -> None:
    if any(k in sections for k in ("quick_summary", "observed_findings", "does_not_prove")):
        fields["quick_summary"] = _paragraph(sections.get("quick_summary", []))
        fields["observed_findings"] = _bullets(sections.get("observed_findings", []))
        fields["inferred_conclusions"] = _bullets(sections.get("inferred_conclusions", []))
        fields["does_not_prove"] = _paragraph(sections.get("does_not_prove", []))
        fields["tags"], fields["method_flags"] = _tags(sections.get("tags", []))
        return
    # A short capture without headings: the summary comes first, the limits paragraph says so.
    paragraphs = sections.get("", [])
    if paragraphs:
        fields["quick_summary"] = paragraphs[0]
    limits = [p for p in paragraphs if p.lower().startswith("this study does not prove")]
    if limits:
        fields["does_not_prove"] = limits[0]


def _page_card(
    fields: dict[str, object], text: str, bib_cards: tuple[AtlasCard, ...], path: str
) -> AtlasCard | AtlasRecordError:
    title = str(fields.get("title") or (bib_cards[0].title if bib_cards else ""))
    if not title:
        return AtlasRecordError(
            path,
            1,
            'not an atlas card page: no title above an "authors · journal · year" line, no BibTeX entry',
        )
    authors = fields.get("authors")
    first_author = authors[0] if isinstance(authors, tuple) and authors else None
    year = fields.get("year")
    card_id = (
        bib_cards[0].id
        if bib_cards
        else card_id_from_url(text)
        or derive_card_id(first_author, year if isinstance(year, int) else None, title)
    )
    try:
        page_card = card_from_fields({**fields, "id": card_id, "title": title}, path, 1)
    except AtlasRecordError as exc:
        return exc
    page_card = replace(page_card, url=canonical_url(page_card.doi, page_card.pmid, page_card.url))
    if not bib_cards:
        return page_card
    # The BibTeX block is the fuller bibliographic record (all authors, identifiers):
    # let it win for those fields, the page text for the curated reading.
    merged = merge_cards(page_card, bib_cards[0])
    return replace(merged, url=bib_cards[0].url or page_card.url)
