"""Paper identifiers as people write them: DOIs, PubMed and PMC ids, inside links or bare.

Why one module: the extractor, the atlas index and the output writer must agree on how a DOI
or a PMID is spelt, or a paper cited twice becomes two papers. Every normaliser here is total
(returns None instead of raising) because it runs on arbitrary user text.

Why a PMID needs a cue: an 8-digit number is as often a parcel tracking number, a form
reference or a thread id as a PubMed id. Only a PubMed link or the words "PMID"/"PubMed"
make a number a PMID; PMC ids carry their own ``PMC`` prefix and DOIs their ``10.`` shape.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from urllib.parse import unquote

from bot.evidence import publishers

# A DOI: "10." registrant "/" suffix. The suffix stops at whitespace, quotes and angle brackets;
# trailing punctuation and unbalanced brackets are trimmed afterwards.
# (The word-boundary test sits after the literal "10." so the engine can scan for the literal.)
DOI_RE = re.compile(r"10\.(?<!\w10\.)\d{4,9}/[^\s\"'<>\[\]{}|\\^`]+", re.IGNORECASE)
# Path pieces publishers put after a DOI in their links.
_DOI_URL_TAILS = re.compile(
    r"(?:/(?:full|abstract|fulltext|pdf|epdf|pdfdirect|html|meta|summary|references|figures|"
    r"full-text|supplemental|info|metrics|citedby|tab-[a-z-]+))+$"
    r"|(?:\.full|\.abstract|\.pdf|\.html?|\.supplementary-material)+$",
    re.IGNORECASE,
)
_SCHEME_URL = re.compile(r"(?:https?://|www\.)[^\s<>\"'`]+", re.IGNORECASE)
# A link written without its scheme ("pubmed.ncbi.nlm.nih.gov/123"): found by its ".tld/" and
# widened to the surrounding non-space run, which is far cheaper than trying at every word.
_BARE_TLD = re.compile(
    r"\.(?:gov|org|com|net|edu|int|uk|de|fr|nl|se|no|ca|au|io|cn|jp|info)(?=/)", re.IGNORECASE
)
_URL_STOP = " \t\r\n<>\"'`([{"


def find_urls(text: str) -> list[tuple[int, int]]:
    """Spans of the links in a text, with or without a scheme, in text order."""
    lower = text.lower()
    has_scheme = "http" in lower or "www." in lower  # a cheap test before the case-blind scan
    schemed = [m.span() for m in _SCHEME_URL.finditer(text)] if has_scheme else []
    spans = list(schemed)
    k = 0
    for m in _BARE_TLD.finditer(text):
        while k < len(schemed) and schemed[k][1] <= m.start():
            k += 1
        if k < len(schemed) and schemed[k][0] <= m.start():
            continue  # inside a link that has its scheme
        start = m.start()
        while start > 0 and text[start - 1] not in _URL_STOP:
            start -= 1
        end = m.end()
        while end < len(text) and text[end] not in " \t\r\n<>\"'`":
            end += 1
        if start < m.start() and re.match(r"[a-z0-9-]", text[start], re.IGNORECASE):
            spans.append((start, end))
    return sorted(spans)


TRUNCATION = re.compile(r"(?:\.{3}|…)$")

_PUBMED_PATHS = (
    re.compile(r"pubmed\.ncbi\.nlm\.nih\.gov/(\d{1,9})(?!\d)", re.IGNORECASE),
    re.compile(r"ncbi\.nlm\.nih\.gov/pubmed/(?:\?term=)?(\d{1,9})(?!\d)", re.IGNORECASE),
    re.compile(r"(?:www\.)?pubmed\.gov/(\d{1,9})(?!\d)", re.IGNORECASE),
    re.compile(r"europepmc\.org/(?:abstract|article)/med/(\d{1,9})(?!\d)", re.IGNORECASE),
    re.compile(r"[?&](?:pmid|list_uids|term)=(\d{1,9})(?!\d)", re.IGNORECASE),
)
_PMC_IN_URL = re.compile(r"\bPMC(\d{3,9})(?!\d)", re.IGNORECASE)
_PUBMED_TRUNCATED = re.compile(
    r"(?:pubmed\.ncbi\.nlm\.nih\.gov/|ncbi\.nlm\.nih\.gov/pubmed/|pubmed\.gov/)(\d{1,8})(?:\.{2,}|…)",
    re.IGNORECASE,
)
_PMC_TRUNCATED = re.compile(r"\bPMC(\d{1,8})(?:\.{2,}|…)", re.IGNORECASE)
_DOI_TRUNCATED = re.compile(r"\b(10\.\d{4,9}/[^\s\"'<>]*?)(?:\.{3}|…)", re.IGNORECASE)
# Elsevier "PII" in Lancet/Cell/ScienceDirect links: S + ISSN + (yy) + article number.
PII_RE = re.compile(r"(?:pii/?|PII)?(S\d{4}-?\d{3}[\dX]\(\d{2}\)\d{5}-?[\dX])", re.IGNORECASE)

# A PMID in prose: after "PMID" or "PubMed" (with optional "ID", colon, "#").
PMID_CUE_RE = re.compile(
    r"\b(?:PMID|PubMed(?:\s+ID)?|pubmed\s+id)\s*(?:[:#=]|no\.?)?\s*(\d{4,9})(?!\d|[.,]\d)",
    re.IGNORECASE,
)
# The number first, PubMed named after it ("27573827 on PubMed", "(PubMed: …" is the form above).
PMID_BEFORE_CUE_RE = re.compile(
    r"(?<![\w.,/-])(\d{6,9})\s+(?:(?:on|in|at|via|from)\s+)?PubMed\b(?![-_/.]\w)", re.IGNORECASE
)
PMCID_RE = re.compile(r"PMC(?<!\wPMC)\s?(\d{4,9})(?!\d)")
_PUBMED_HINTS = ("pubmed", "europepmc", "pmid=", "list_uids=", "term=")
# The first hundred thousand PubMed ids went to papers indexed in the mid-1970s, before the
# illness's literature (its papers of the late 1980s have seven digits; today's have eight): an
# id of five digits or fewer in a post is one cut off, resolved by prefix like one running into
# an ellipsis. (Six digits, papers of the late 1970s, are left as written.)
SHORTEST_PMID = 6


def cut_short(pmid: str) -> bool:
    """Whether a PMID has fewer digits than any paper of the illness's literature
    (``SHORTEST_PMID``): one cut off."""
    return len(pmid) < SHORTEST_PMID


_PII_HINTS = ("pii", "/fulltext/", "/abstract/", "/article/")
# A cut-off link that shows less of its path than this says too little to look anything up.
_MIN_TRUNCATED_PATH = 6


def trim_doi(raw: str) -> str | None:
    """A DOI as found in text, without what the text wrapped round it; None when nothing is left."""
    doi = unquote(raw).strip()
    doi = re.split(r"[?#&]", doi, maxsplit=1)[0]
    for _ in range(4):
        before = doi
        doi = doi.rstrip(".,;:!?*_~'\"’”»")
        doi = _DOI_URL_TAILS.sub("", doi)
        for opener, closer in (("(", ")"), ("[", "]"), ("{", "}")):
            while doi.endswith(closer) and doi.count(closer) > doi.count(opener):
                doi = doi[:-1]
        if doi == before:
            break
    if doi.startswith("10.1101/"):  # medRxiv/bioRxiv links add a version the DOI lacks
        doi = re.sub(r"v\d+$", "", doi)
    if not re.fullmatch(r"10\.\d{4,9}/\S+", doi):
        return None
    return doi.lower()


def norm_doi(value: str | None) -> str | None:
    """Bare lower-case DOI from a DOI, a doi: string or a doi.org link."""
    if not value:
        return None
    text = re.sub(r"^\s*(?:https?://)?(?:dx\.)?doi\.org/|^\s*doi:\s*", "", unquote(value), flags=re.I)
    return trim_doi(text)


def norm_pmid(value: str | int | None) -> str | None:
    if value is None:
        return None
    digits = re.sub(r"\D", "", str(value)).lstrip("0")
    return digits if 0 < len(digits) <= 9 else None


def norm_pmcid(value: str | None) -> str | None:
    if not value:
        return None
    digits = re.sub(r"\D", "", str(value)).lstrip("0")
    return f"PMC{digits}" if digits else None


def norm_url(value: str | None) -> str | None:
    """A link reduced to host and path, so http/https, www and trailing slashes do not matter."""
    if not value:
        return None
    url = unquote(value.strip()).lower()
    url = re.sub(r"^(?:https?://)?(?:www\.)?", "", url)
    url = re.split(r"[?#]", url, maxsplit=1)[0].rstrip("/.,;:)")
    return url or None


def fold(text: str) -> str:
    """Lower-case ASCII, so "Üçeyler" and "Uceyler" meet. Typographic hyphens, dashes, quotes
    and spaces become their ASCII forms first: dropped, they would join the words on each side
    ("Diffusion‐Based" with U+2010 read as "diffusionbased")."""
    if text.isascii():
        return text.lower()
    text = text.translate(_TYPOGRAPHIC)
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()


_TYPOGRAPHIC = str.maketrans(
    {
        **dict.fromkeys("\u2010\u2011\u2012\u2013\u2014\u2015\u2212", "-"),
        "\u00ad": "",  # (a soft hyphen only says where a word may break)
        **dict.fromkeys("\u2018\u2019\u201a\u201b\u2032", "'"),
        **dict.fromkeys("\u201c\u201d\u201e\u201f\u2033", '"'),
        **dict.fromkeys("\u00a0\u2002\u2003\u2007\u2009\u200a\u202f", " "),
    }
)


@dataclass(frozen=True, slots=True)
class UrlIds:
    """What one link says about the paper it points to."""

    doi: str | None = None
    pmid: str | None = None
    pmcid: str | None = None
    pii: str | None = None
    truncated: str | None = None  # "pmid:3675", "pmcid:PMC10", "doi:10.1016/j.chom"


def ids_in_url(url: str) -> UrlIds:
    """DOI, PMID, PMCID, PII or a truncated id prefix found in one link.

    Each pattern is tried only when a cheap substring test says it could match: most links in
    posts are forum threads and news pages, and this runs for every one of them.
    """
    decoded = unquote(unquote(url)) if "%" in url else url
    lower = decoded.lower()
    pubmed_like = any(k in lower for k in _PUBMED_HINTS)
    pmc_like = "pmc" in lower
    truncated: str | None = None
    m = _PUBMED_TRUNCATED.search(decoded) if pubmed_like else None
    if m:
        truncated = f"pmid:{m.group(1)}"
    elif pmc_like and (pm_cut := _PMC_TRUNCATED.search(decoded)):
        truncated = f"pmcid:PMC{pm_cut.group(1)}"
    doi = None
    dm = DOI_RE.search(decoded) if "10." in decoded else None
    if dm and truncated is None:
        tm = _DOI_TRUNCATED.match(decoded, dm.start())
        if tm and decoded.rstrip().endswith(("...", "…")) and tm.end() >= len(decoded.rstrip()) - 1:
            truncated = f"doi:{tm.group(1).lower()}"
        else:
            doi = trim_doi(dm.group(0))
    if doi is None and truncated is None and TRUNCATION.search(decoded.rstrip()):
        truncated = _truncated_link(decoded.rstrip())
    if doi is None and truncated is None:
        doi = publishers.doi_from_url(decoded)
    if doi is not None and publishers.is_cut_doi(doi):
        doi, truncated = None, f"doi:{doi}"  # cut off mid-suffix, with no ellipsis to say so
    pmid = None
    if truncated is None and pubmed_like:
        for pattern in _PUBMED_PATHS:
            pm = pattern.search(decoded)
            if pm:
                pmid = norm_pmid(pm.group(1))
                if pmid is not None and cut_short(pmid):
                    pmid, truncated = None, f"pmid:{pmid}"  # ("pubmed.ncbi.nlm.nih.gov/3029": cut off)
                break
    pmc = _PMC_IN_URL.search(decoded) if truncated is None and pmc_like else None
    pii = None
    if doi is None and truncated is None and ("(" in decoded or any(k in lower for k in _PII_HINTS)):
        im = PII_RE.search(decoded)
        pii = publishers.pii_key(im.group(1)) if im else publishers.pii_in_url(decoded)
        if pii and publishers.pii_doi(pii):
            doi, pii = publishers.pii_doi(pii), None
    return UrlIds(
        doi=doi, pmid=pmid, pmcid=norm_pmcid(pmc.group(1)) if pmc else None, pii=pii, truncated=truncated
    )


def _truncated_link(url: str) -> str | None:
    """A link cut short ("www.nature.com/articles/s41467-024-451…"): its visible host and path,
    matched by prefix against the atlas's links and (through the publisher rules) its DOIs."""
    visible = norm_url(TRUNCATION.sub("", url).rstrip("/"))
    if not visible or "/" not in visible:
        return None
    path = visible.split("/", 1)[1]
    return f"url:{visible}" if len(path) >= _MIN_TRUNCATED_PATH else None
