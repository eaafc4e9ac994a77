"""Publisher article links whose path names the paper without a literal DOI.

Why a table: most publishers put the DOI in the path ("/doi/10.1126/…"), which the DOI
pattern already reads; a few encode it (nature.com/articles/<suffix> is 10.1038/<suffix>,
jci.org/articles/view/<n> is 10.1172/JCI<n>), Elsevier sites name the paper by its PII, and
MDPI by ISSN, volume, issue and article number. Each rule turns one such scheme back into
the DOI, so a link to a paper the atlas lacks still becomes an uncovered paper with its DOI.
The same rules read a link cut short ("www.nature.com/articles/s41467-024-451…") into a DOI
prefix, so truncated publisher links are resolved like truncated DOIs.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import parse_qs, unquote, urlsplit

# MDPI journals patients cite, by the ISSN in their links → the DOI's journal code.
MDPI_CODES = {
    "1422-0067": "ijms",
    "2077-0383": "jcm",
    "2072-6643": "nu",
    "2227-9059": "biomedicines",
    "2073-4409": "cells",
    "1999-4915": "v",
    "2227-9032": "healthcare",
    "1660-4601": "ijerph",
    "2218-1989": "metabo",
    "2075-1729": "life",
    "2076-3425": "brainsci",
    "2075-4418": "diagnostics",
    "2076-3921": "antiox",
    "1648-9144": "medicina",
    "2076-0817": "pathogens",
    "2218-273x": "biom",
    "2076-2607": "microorganisms",
    "2075-4426": "jpm",
    "2227-9067": "children",
    "2076-393x": "vaccines",
    "1424-8220": "s",
    "2079-7737": "biology",
}

_Rule = tuple[re.Pattern[str], Callable[[re.Match[str]], str]]
_HOST = r"^(?:https?://)?(?:www\.)?"
# Each pattern runs on the decoded link; the suffix group stops before a query or fragment.
_RULES: tuple[_Rule, ...] = (
    (
        re.compile(_HOST + r"nature\.com/articles/([a-z][\w.-]*?)(?:\.pdf)?(?:[/?#]|$)", re.I),
        lambda m: f"10.1038/{m[1]}",
    ),
    (
        re.compile(_HOST + r"insight\.jci\.org/articles/view/(\d+)", re.I),
        lambda m: f"10.1172/jci.insight.{m[1]}",
    ),
    (re.compile(_HOST + r"jci\.org/articles/view/(\d+)", re.I), lambda m: f"10.1172/jci{m[1]}"),
    (
        re.compile(_HOST + r"researchsquare\.com/article/rs-(\d+)(?:/v(\d+))?", re.I),
        lambda m: f"10.21203/rs.3.rs-{m[1]}/v{m[2] or 1}",
    ),
    (
        re.compile(_HOST + r"elifesciences\.org/articles/(\d+)", re.I),
        lambda m: f"10.7554/elife.{m[1]}",
    ),
)
_HOSTS = ("nature.com", "jci.org", "researchsquare.com", "elifesciences.org", "mdpi.com")
_MDPI = re.compile(_HOST + r"mdpi\.com/(\d{4}-\d{3}[\dx])/(\d+)/(\d+)/(\d+)", re.I)
# Elsevier's PII in a path ("/pii/S0140673611600962", "/PIIS2215-0366(15)00317-X/fulltext",
# "/fulltext/S1931-3128(23)00038-5"), with or without its punctuation.
_PII_IN_PATH = re.compile(r"(?:/pii/|/PII|/fulltext/|/abstract/|/article/)(S[\dX()-]{16,22})", re.I)
_ISSN_PII = re.compile(r"S(\d{4})(\d{3}[\dX])(\d{2})(\d{5})([\dX])")
# Elsevier journals whose DOI is the PII itself (the Lancet family); others (Cell Press,
# ScienceDirect titles) have DOIs like 10.1016/j.chom.… that the PII does not reveal.
_PII_DOI_ISSNS = frozenset({"01406736", "22150366", "14744422", "14733099", "22132600", "24681253"})


@dataclass(frozen=True, slots=True)
class MdpiArticle:
    issn: str
    volume: str
    issue: str
    article: str

    @property
    def doi_tail(self) -> str:
        """The digits MDPI puts after the journal code: volume, 2-digit issue, 4-digit article."""
        return f"{int(self.volume)}{int(self.issue):02d}{int(self.article):04d}"

    @property
    def doi(self) -> str | None:
        code = MDPI_CODES.get(self.issn.lower())
        return f"10.3390/{code}{self.doi_tail}" if code else None


def doi_from_url(url: str) -> str | None:
    """The DOI a publisher link encodes in its path, lower-case; None for any other link."""
    lower = url.lower()
    if not any(host in lower for host in _HOSTS):
        return None
    for pattern, build in _RULES:
        m = pattern.search(url)
        if m:
            return build(m).lower()
    mdpi = mdpi_article(url)
    return mdpi.doi if mdpi else None


def mdpi_article(url: str) -> MdpiArticle | None:
    m = _MDPI.search(url)
    return MdpiArticle(m[1], m[2], m[3], m[4]) if m else None


def doi_prefix_from_truncated(url: str) -> str | None:
    """The DOI prefix a cut-off publisher link shows ("nature.com/articles/s41467-02" →
    "10.1038/s41467-02"); None when the visible part is too short to say anything."""
    for pattern, build in _RULES[:3]:
        m = pattern.search(url + "/")  # the cut is not the end of the article's id
        if m and len(m[1]) >= 3:
            return build(m).lower()
    return None


def pii_key(text: str) -> str | None:
    """A PII without punctuation, upper-case ("S0140673611600962"), or None if not one."""
    key = re.sub(r"[^0-9A-Za-z]", "", text).upper()
    return key if _ISSN_PII.fullmatch(key) else None


def pii_in_url(url: str) -> str | None:
    m = _PII_IN_PATH.search(url)
    return pii_key(m[1]) if m else None


def pii_doi(key: str) -> str | None:
    """The DOI of a PII whose journal uses the PII as its DOI (the Lancet family), else None."""
    m = _ISSN_PII.fullmatch(key)
    if m is None or m[1] + m[2] not in _PII_DOI_ISSNS:
        return None
    return f"10.1016/s{m[1]}-{m[2]}({m[3]}){m[4]}-{m[5]}".lower()


# Search and profile sites that name a paper by its title: Google Scholar's query, a
# ResearchGate publication slug, a Semantic Scholar paper slug.
_SCHOLAR = re.compile(r"scholar\.google\.[a-z.]+/scholar(?:_lookup)?\?", re.I)
_RESEARCHGATE = re.compile(r"researchgate\.net/publication/\d+_([^/?#]+)", re.I)
_SEMANTIC_SCHOLAR = re.compile(r"semanticscholar\.org/paper/([^/?#]*[A-Za-z][^/?#]*)/[0-9a-f]{10,}", re.I)
_MIN_TITLE_WORDS = 4


def title_in_url(url: str) -> str | None:
    """The paper title a search or profile link spells out, or None."""
    lower = url.lower()
    title = None
    if "scholar.google" in lower and _SCHOLAR.search(url):
        query = parse_qs(urlsplit(url).query)
        title = next((query[k][0] for k in ("title", "q", "as_q") if query.get(k)), None)
        if title and title.lower().startswith(("author:", "cites:")):
            title = None
    elif "researchgate.net" in lower and (m := _RESEARCHGATE.search(url)):
        title = unquote(m[1]).replace("_", " ")
    elif "semanticscholar.org" in lower and (m := _SEMANTIC_SCHOLAR.search(url)):
        words = unquote(m[1]).split("-")
        if len(words) > _MIN_TITLE_WORDS + 2 and all(w[:1].isupper() for w in words[-2:]):
            words = words[:-2]  # the slug ends with the first and last authors' surnames
        title = " ".join(words)
    if not title:
        return None
    title = " ".join(title.replace('"', " ").split())
    return title if len(title.split()) >= _MIN_TITLE_WORDS else None
