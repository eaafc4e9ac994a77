"""Identifier, author and slug conventions shared by every atlas parser.

Why one module: a card imported from JSON lines, from BibTeX and from a saved page must come
out identical, so the three parsers must agree on how a DOI is written, how an author is
abbreviated and how a card id is derived. Each rule lives here once.
"""

from __future__ import annotations

import re
import unicodedata
from urllib.parse import unquote

EVIDENCE_LABELS: dict[str, str] = {
    "E1": "Strong",
    "E2": "Moderate",
    "E3": "Preliminary",
    "E4": "Limited",
    "E5": "Very limited",
}

_DOI_PREFIX = re.compile(r"^(?:https?://(?:dx\.)?doi\.org/|doi:\s*)", re.IGNORECASE)
_DOI_SHAPE = re.compile(r"^10\.\d{4,9}/\S+$")
_PMID_PREFIX = re.compile(r"^(?:pmid|pubmed)\s*:?\s*", re.IGNORECASE)
_PMCID_SHAPE = re.compile(r"^(?:pmc)?\s*(\d{1,9})$", re.IGNORECASE)


def normalise_doi(value: str | None) -> str | None:
    """Bare, lower-case DOI (DOIs are case-insensitive); ValueError when it is not a DOI."""
    if value is None or not value.strip():
        return None
    doi = _DOI_PREFIX.sub("", unquote(value.strip())).strip().rstrip(".,;")
    doi = doi.lower()
    if not _DOI_SHAPE.match(doi):
        raise ValueError(f"not a DOI: {value!r}")
    return doi


def normalise_pmid(value: str | int | None) -> str | None:
    """PubMed ID as digits without leading zeros; ValueError when it is not one."""
    if value is None:
        return None
    text = _PMID_PREFIX.sub("", str(value).strip())
    if not text:
        return None
    if not text.isdigit() or len(text) > 9 or int(text) == 0:
        raise ValueError(f"not a PubMed ID: {value!r}")
    return str(int(text))


def normalise_pmcid(value: str | None) -> str | None:
    """PubMed Central ID written ``PMC1234567``; ValueError when it is not one."""
    if value is None or not value.strip():
        return None
    match = _PMCID_SHAPE.match(value.strip())
    if not match:
        raise ValueError(f"not a PMCID: {value!r}")
    return f"PMC{match.group(1)}"


def canonical_url(doi: str | None, pmid: str | None, fallback: str | None = None) -> str | None:
    """The export's canonical link: doi.org when a DOI exists, else PubMed, else what was given."""
    if doi:
        return f"https://doi.org/{doi}"
    if pmid:
        return f"https://pubmed.ncbi.nlm.nih.gov/{pmid}/"
    return fallback


def evidence_label(level: str | None) -> str | None:
    return EVIDENCE_LABELS.get(level) if level else None


# --- authors ------------------------------------------------------------------------------


def _initials(given: str) -> str:
    parts = [p for p in re.split(r"[\s\-.]+", given) if p]
    return "".join(p[0].upper() for p in parts)


def abbreviate_author(surname: str, given: str = "") -> str:
    """ "Rodriguez", "Lucie" → "Rodriguez L": the export's "Surname Initials" form."""
    surname = " ".join(surname.split())
    initials = _initials(given)
    return f"{surname} {initials}" if initials else surname


def split_surname_given_list(text: str) -> tuple[str, ...]:
    """ "Maes, Michael, Mihaylova, Ivana et al." → ("Maes M", "Mihaylova I").

    Card pages list authors as alternating surname and given name separated by commas, so
    the pairs are taken two by two; a lone trailing name is kept as a surname.
    """
    cleaned = re.sub(r",?\s*et al\.?\s*$", "", text.strip())
    pieces = [p.strip() for p in cleaned.split(",") if p.strip()]
    authors = []
    for i in range(0, len(pieces), 2):
        given = pieces[i + 1] if i + 1 < len(pieces) else ""
        authors.append(abbreviate_author(pieces[i], given))
    return tuple(authors)


# --- card ids -----------------------------------------------------------------------------

# Words the atlas's slugs skip. "but" is deliberately absent: the atlas keeps it
# ("maes-2007-mind-but" from "Not in the mind but in the cell").
_SLUG_STOPWORDS = frozenset(
    {"a", "an", "and", "are", "as", "at", "by", "for", "from", "in", "into", "is", "its", "not"}
    | {"of", "on", "or", "the", "to", "via", "vs", "with", "without"}
)


def ascii_fold(text: str) -> str:
    """ "Üçeyler" → "Uceyler": slugs and surnames compared without accents."""
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")


def _slug_words(text: str) -> list[str]:
    return [w for w in re.split(r"[^a-z0-9]+", ascii_fold(text).lower()) if w]


def _author_token(first_author: str | None) -> str:
    if not first_author:
        return "unknown"
    name = first_author.strip()
    words = name.split()
    # An organisation ("Institute of Medicine") is cited by its acronym, as the atlas does.
    if len(words) >= 3 and any(w.islower() for w in words):
        return "".join(w[0] for w in _slug_words(name)).lower() or "unknown"
    if "," in name:
        name = name.split(",", 1)[0]
    else:
        while len(words) > 1 and words[-1].isupper() and len(words[-1]) <= 3:
            words.pop()
        name = " ".join(words)
    return "".join(_slug_words(name)) or "unknown"


def derive_card_id(first_author: str | None, year: int | None, title: str) -> str:
    """The atlas's slug: ``firstauthor-year-word-word`` (``unknown``/``nd`` when not known).

    The two words are the first two of the title that are not stopwords and longer than one
    character ("B-Lymphocyte Depletion" gives "lymphocyte-depletion").
    """
    words = [w for w in _slug_words(title) if len(w) > 1 and w not in _SLUG_STOPWORDS][:2]
    parts = [_author_token(first_author), str(year) if year else "nd", *words]
    return "-".join(parts)


_ATLAS_ID_IN_URL = re.compile(r"/evidence/([a-z0-9][a-z0-9-]*)")
_BIBTEX_KEY_PREFIX = "mecfsatlas-"


def card_id_from_url(url: str | None) -> str | None:
    """The id in an atlas card URL (``…/evidence/<id>``), if it is one."""
    if not url:
        return None
    match = _ATLAS_ID_IN_URL.search(url)
    return match.group(1) if match else None


def card_id_from_bibtex_key(key: str) -> str:
    """The atlas's BibTeX keys are ``mecfsatlas-<card id>``."""
    return key[len(_BIBTEX_KEY_PREFIX) :] if key.startswith(_BIBTEX_KEY_PREFIX) else key


def clean_title(title: str) -> str:
    """Titles are stored without the trailing period(s) that pages and BibTeX add."""
    return " ".join(title.split()).rstrip(". ")
