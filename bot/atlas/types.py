"""The atlas card: the unit of evidence, as imported (never edited here)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from bot.errors import AtlasRecordError


@dataclass(frozen=True, slots=True)
class AtlasCard:
    """One curated evidence card; field names follow the atlas's JSON-lines export."""

    id: str
    title: str
    authors: tuple[str, ...] = ()
    journal: str | None = None
    year: int | None = None
    doi: str | None = None
    pmid: str | None = None
    pmcid: str | None = None
    url: str | None = None
    evidence_level: str | None = None
    evidence_label: str | None = None
    badges: tuple[str, ...] = ()
    design: str | None = None
    sample_size: int | None = None
    peer_reviewed: bool | None = None
    review_status: str | None = None
    quick_summary: str | None = None
    observed_findings: tuple[str, ...] = ()
    inferred_conclusions: tuple[str, ...] = ()
    does_not_prove: str | None = None
    method_flags: tuple[str, ...] = ()
    tags: dict[str, tuple[str, ...]] = field(default_factory=dict)

    @property
    def first_author_surname(self) -> str | None:
        """Surname of the first listed author ("Maes M" → "Maes"; organisations as given)."""
        if not self.authors:
            return None
        first = self.authors[0].strip()
        if "," in first:
            return first.split(",", 1)[0].strip()
        parts = first.split()
        # "Surname Initials": drop trailing all-caps initials of at most three letters.
        while len(parts) > 1 and parts[-1].isupper() and len(parts[-1]) <= 3:
            parts.pop()
        return " ".join(parts) or None

    def to_dict(self) -> dict[str, Any]:
        """Plain JSON-ready dict in the export's layout (lists, not tuples)."""
        return {
            "id": self.id,
            "title": self.title,
            "authors": list(self.authors),
            "journal": self.journal,
            "year": self.year,
            "doi": self.doi,
            "pmid": self.pmid,
            "pmcid": self.pmcid,
            "url": self.url,
            "evidence_level": self.evidence_level,
            "evidence_label": self.evidence_label,
            "badges": list(self.badges),
            "design": self.design,
            "sample_size": self.sample_size,
            "peer_reviewed": self.peer_reviewed,
            "review_status": self.review_status,
            "quick_summary": self.quick_summary,
            "observed_findings": list(self.observed_findings),
            "inferred_conclusions": list(self.inferred_conclusions),
            "does_not_prove": self.does_not_prove,
            "method_flags": list(self.method_flags),
            "tags": {k: list(v) for k, v in self.tags.items()},
        }


@dataclass(frozen=True, slots=True)
class AtlasReadResult:
    """What reading atlas files gave: the good cards, and every bad record with file and line.

    Why errors are collected rather than raised: one bad record must not stop the rest of an
    export from importing; the caller reports each error and still stores the cards.
    ``origins`` maps a card id to the files it was read from (for ``imported_from``).
    """

    cards: tuple[AtlasCard, ...] = ()
    errors: tuple[AtlasRecordError, ...] = ()
    origins: dict[str, tuple[str, ...]] = field(default_factory=dict)
