"""The rules every card obeys, whichever file it came from.

Why pydantic: every field's type and shape is checked in one declaration, and a bad record
becomes one line naming the file, the line and the field. Unknown keys are ignored on
purpose: a newer atlas export that adds a field must still import.
"""

from __future__ import annotations

import re
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from bot.atlas.normalise import (
    EVIDENCE_LABELS,
    clean_title,
    evidence_label,
    normalise_doi,
    normalise_pmcid,
    normalise_pmid,
)
from bot.atlas.types import AtlasCard
from bot.errors import AtlasRecordError

_SLUG = re.compile(r"^[a-z0-9](?:[a-z0-9-]*[a-z0-9])?$")


class CardRecord(BaseModel):
    """One card, validated and normalised (identifiers bare, lists as tuples)."""

    model_config = ConfigDict(extra="ignore", str_strip_whitespace=True)

    id: str = Field(max_length=200)
    title: str
    authors: tuple[str, ...] = ()
    journal: str | None = None
    year: int | None = Field(default=None, ge=1800, le=2200)
    doi: str | None = None
    pmid: str | None = None
    pmcid: str | None = None
    url: str | None = None
    evidence_level: str | None = None
    evidence_label: str | None = None
    badges: tuple[str, ...] = ()
    design: str | None = None
    sample_size: int | None = Field(default=None, ge=0)
    peer_reviewed: bool | None = None
    review_status: str | None = None
    quick_summary: str | None = None
    observed_findings: tuple[str, ...] = ()
    inferred_conclusions: tuple[str, ...] = ()
    does_not_prove: str | None = None
    method_flags: tuple[str, ...] = ()
    tags: dict[str, tuple[str, ...]] = Field(default_factory=dict)

    @field_validator("id")
    @classmethod
    def _slug(cls, value: str) -> str:
        if not _SLUG.match(value):
            raise ValueError(f"expected a slug of lower-case letters, digits and hyphens, got {value!r}")
        return value

    @field_validator("title")
    @classmethod
    def _title(cls, value: str) -> str:
        title = clean_title(value)
        if not title:
            raise ValueError("must not be empty")
        return title

    @field_validator("evidence_level")
    @classmethod
    def _level(cls, value: str | None) -> str | None:
        if value is not None and value not in EVIDENCE_LABELS:
            raise ValueError(f"expected one of E1..E5, got {value!r}")
        return value

    @field_validator("pmid", mode="before")
    @classmethod
    def _pmid_as_text(cls, value: Any) -> Any:
        return str(value) if isinstance(value, int) and not isinstance(value, bool) else value

    @field_validator("doi")
    @classmethod
    def _doi(cls, value: str | None) -> str | None:
        return normalise_doi(value)

    @field_validator("pmid")
    @classmethod
    def _pmid(cls, value: str | None) -> str | None:
        return normalise_pmid(value)

    @field_validator("pmcid")
    @classmethod
    def _pmcid(cls, value: str | None) -> str | None:
        return normalise_pmcid(value)

    @field_validator("authors", "badges", "observed_findings", "inferred_conclusions", "method_flags")
    @classmethod
    def _no_blank_items(cls, value: tuple[str, ...]) -> tuple[str, ...]:
        return tuple(item for item in value if item)

    @model_validator(mode="after")
    def _default_label(self) -> CardRecord:
        if self.evidence_label is None:
            self.evidence_label = evidence_label(self.evidence_level)
        return self

    def to_card(self) -> AtlasCard:
        return AtlasCard(**self.model_dump())


def describe(exc: ValidationError) -> str:
    """The first problem in one line, naming the field ("evidence_level: …")."""
    first = exc.errors()[0]
    where = ".".join(str(p) for p in first.get("loc", ())) or "record"
    message = str(first.get("msg", "invalid")).removeprefix("Value error, ")
    more = f" (and {exc.error_count() - 1} more)" if exc.error_count() > 1 else ""
    return f"{where}: {message}{more}"


def card_from_fields(data: dict[str, Any], path: str, line: int) -> AtlasCard:
    """Validate one record's fields; AtlasRecordError names the file, line, card and field."""
    try:
        return CardRecord.model_validate(data).to_card()
    except ValidationError as exc:
        card_id = data.get("id")
        prefix = f"card {card_id!r}: " if isinstance(card_id, str) and card_id else ""
        raise AtlasRecordError(path, line, prefix + describe(exc)) from None
