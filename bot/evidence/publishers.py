"""Publisher and repository schemes: links that name a paper without a literal DOI, and the
shape of a complete DOI at each registrant, read from one table of data
(``data/publishers.toml``), so a new scheme is a line there, not code.

Why a table of URL schemes: most publishers put the DOI in the path ("/doi/10.1126/…"),
which the DOI pattern already reads; a few encode it (nature.com/articles/<suffix> is
10.1038/<suffix>, nap.edu/catalog/<n> is the National Academies' 10.17226/<n>), Elsevier
sites name the paper by its PII, and MDPI by ISSN, volume, issue and article number. Each
row turns one such scheme back into the DOI, so a link to a paper the atlas lacks still
becomes an uncovered paper with its DOI.

Why the shape of a complete DOI: a link cut off mid-suffix ("doi.org/10.1038/s41591-02",
with no ellipsis to say so) would otherwise become a DOI of its own. A suffix that is only
the beginning of its registrant's shape is reported as truncated and resolved by prefix.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, unquote, urlsplit

import regex

TABLE = Path(__file__).parent / "data" / "publishers.toml"
_HOST = r"^(?:https?://)?(?:www\.)?(?:[\w-]+\.)*?"


@dataclass(frozen=True, slots=True)
class UrlScheme:
    name: str
    pattern: re.Pattern[str]
    doi: str
    truncatable: bool
    defaults: dict[str, str]
    # The DOI's beginning a link cut inside its number gives, where the whole DOI goes on past
    # that number ("rs-86063…" is "10.21203/rs.3.rs-86063…", never ".../v1"); empty: ``doi``.
    cut_doi: str = ""

    def build(self, m: re.Match[str], cut: bool = False) -> str:
        groups = {k: v or self.defaults.get(k, "") for k, v in m.groupdict().items()}
        return ((self.cut_doi if cut else "") or self.doi).format(**groups).lower()


@dataclass(frozen=True, slots=True)
class BareScheme:
    """An article number a publisher's readers quote without the DOI prefix ("CD003200.pub8"
    for 10.1002/14651858.CD003200.pub8, "journal.pone.0129898" for 10.1371/…)."""

    name: str
    hints: tuple[str, ...]  # lower-case texts one of which every such number holds (a cheap test first)
    pattern: re.Pattern[str]
    doi: str  # the DOI, with ``{}`` standing for the number as written, lower-cased


@dataclass(frozen=True, slots=True)
class Table:
    doi_shapes: dict[str, Any]  # registrant -> compiled ``regex`` pattern of a whole suffix
    urls: tuple[UrlScheme, ...]
    hosts: tuple[str, ...]  # a cheap substring gate before any URL pattern runs
    mdpi: dict[str, str]
    pii_is_doi: frozenset[str]
    bare: tuple[BareScheme, ...]
    versions: dict[str, re.Pattern[str]]  # registrant -> the suffix of one version of a work
    short_names: dict[str, str]  # folded one-word name of a journal -> its full name
    preprint_servers: tuple[tuple[re.Pattern[str], str], ...]  # a DOI's start -> its server's name


@lru_cache(maxsize=1)
def table() -> Table:
    data = tomllib.loads(TABLE.read_text(encoding="utf-8"))
    shapes = {row["registrant"]: regex.compile(row["suffix"]) for row in data.get("doi", [])}
    urls = tuple(
        UrlScheme(
            row["name"],
            re.compile(_HOST + row["pattern"], re.IGNORECASE),
            row["doi"],
            bool(row.get("truncatable", False) or row.get("cut_doi")),
            {k[len("default_") :]: str(v) for k, v in row.items() if k.startswith("default_")},
            str(row.get("cut_doi", "")),
        )
        for row in data.get("url", [])
    )
    hosts = tuple(dict.fromkeys(str(row["host"]).lower() for row in data.get("url", [])))
    return Table(
        doi_shapes=shapes,
        urls=urls,
        hosts=(*hosts, "mdpi.com"),
        mdpi={k.lower(): v for k, v in data.get("mdpi", {}).items()},
        pii_is_doi=frozenset(data.get("elsevier", {}).get("pii_is_doi", ())),
        bare=tuple(
            BareScheme(row["name"], _hints(row["hint"]), re.compile(row["pattern"]), row["doi"])
            for row in data.get("bare", [])
        ),
        versions={
            row["registrant"]: re.compile(row["versions"]) for row in data.get("doi", []) if "versions" in row
        },
        short_names={k.lower(): v for k, v in data.get("journal_short_names", {}).items()},
        preprint_servers=tuple(
            (re.compile(row["doi"]), row["name"]) for row in data.get("preprint_server", [])
        ),
    )


def preprint_server(doi: str) -> str | None:
    """The preprint server a DOI is on ("medRxiv" for 10.1101/…, eight final digits), or None."""
    return next((name for pattern, name in table().preprint_servers if pattern.match(doi)), None)


def _hints(written: str | list[str]) -> tuple[str, ...]:
    """A row's hint: one text, or a list of them (one per journal code of a publisher)."""
    return tuple(h.lower() for h in ([written] if isinstance(written, str) else written))


def bare_dois(text: str, lower: str) -> list[tuple[str, int, int]]:
    """(DOI, start, end) of every article number written without its DOI prefix."""
    found: list[tuple[str, int, int]] = []
    for scheme in table().bare:
        if any(hint in lower for hint in scheme.hints):
            found += [
                (scheme.doi.format(m.group(0).lower()), *m.span()) for m in scheme.pattern.finditer(text)
            ]
    return found


def is_version_of(doi: str, work: str) -> bool:
    """Whether (lower-case) ``doi`` is one version of the work ``work`` names without a version
    ("…cd003200.pub8" of "…cd003200"), at a registrant that versions its DOIs."""
    shape = table().versions.get(work.partition("/")[0])
    return (
        shape is not None
        and doi.startswith(work)
        and shape.fullmatch(doi, len(work)) is not None
        and shape.search(work) is None
    )


def is_cut_doi(doi: str) -> bool:
    """Whether a (lower-case) DOI is only the beginning of a complete one at its registrant.

    Registrants not in the table are never called cut (an unknown shape proves nothing).
    """
    registrant, _, suffix = doi.partition("/")
    shape = table().doi_shapes.get(registrant)
    if shape is None or not suffix:
        return False
    if shape.fullmatch(suffix):
        return False
    return shape.fullmatch(suffix, partial=True) is not None


MDPI_CODES = table().mdpi
_MDPI = re.compile(r"^(?:https?://)?(?:www\.)?mdpi\.com/(\d{4}-\d{3}[\dx])/(\d+)/(\d+)/(\d+)", re.I)
# Elsevier's PII in a path ("/pii/S0140673611600962", "/PIIS2215-0366(15)00317-X/fulltext",
# "/fulltext/S1931-3128(23)00038-5"), with or without its punctuation.
_PII_IN_PATH = re.compile(r"(?:/pii/|/PII|/fulltext/|/abstract/|/article/)(S[\dX()-]{16,22})", re.I)
_ISSN_PII = re.compile(r"S(\d{4})(\d{3}[\dX])(\d{2})(\d{5})([\dX])")


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
    rules = table()
    if not any(host in lower for host in rules.hosts):
        return None
    for scheme in rules.urls:
        m = scheme.pattern.search(url)
        if m:
            return scheme.build(m)
    mdpi = mdpi_article(url)
    return mdpi.doi if mdpi else None


def mdpi_article(url: str) -> MdpiArticle | None:
    m = _MDPI.search(url)
    return MdpiArticle(m[1], m[2], m[3], m[4]) if m else None


def doi_prefix_from_truncated(url: str) -> str | None:
    """The DOI prefix a cut-off publisher link shows ("nature.com/articles/s41467-02" →
    "10.1038/s41467-02"); None when the visible part is too short to say anything."""
    for scheme in table().urls:
        if not scheme.truncatable:
            continue
        m = scheme.pattern.search(url + "/")  # the cut is not the end of the article's id
        if m and len(m[1]) >= 3:
            return scheme.build(m, cut=True)
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
    if m is None or m[1] + m[2] not in table().pii_is_doi:
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
