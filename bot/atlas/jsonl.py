"""The atlas's JSON-lines export (one card per line), and JSON arrays of the same records.

Why pydantic: every field's type and shape is checked in one declaration, and a bad record
becomes one line naming the file, the line and the field, while the other records import.
Unknown keys are ignored on purpose: a newer export that adds a field must still import.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path
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
from bot.atlas.types import AtlasCard, AtlasReadResult
from bot.errors import AtlasRecordError

_SLUG = r"^[a-z0-9][a-z0-9-]*[a-z0-9]$"


class CardRecord(BaseModel):
    """One record of the export, validated and normalised (identifiers bare, lists as tuples)."""

    model_config = ConfigDict(extra="ignore", str_strip_whitespace=True)

    id: str = Field(max_length=200)
    title: str = Field(min_length=1)
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

    @field_validator("pmid", mode="before")
    @classmethod
    def _pmid_as_text(cls, value: Any) -> Any:
        return str(value) if isinstance(value, int) and not isinstance(value, bool) else value

    @field_validator("id")
    @classmethod
    def _slug(cls, value: str) -> str:
        if not re.match(_SLUG, value):
            raise ValueError(f"expected a slug of lower-case letters, digits and hyphens, got {value!r}")
        return value

    @field_validator("evidence_level")
    @classmethod
    def _level(cls, value: str | None) -> str | None:
        if value is not None and value not in EVIDENCE_LABELS:
            raise ValueError(f"expected one of E1..E5, got {value!r}")
        return value

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

    @field_validator("title")
    @classmethod
    def _title(cls, value: str) -> str:
        title = clean_title(value)
        if not title:
            raise ValueError("must not be empty")
        return title

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


def _describe(exc: ValidationError) -> str:
    """The first problem in one line, naming the field ("evidence_level: …")."""
    first = exc.errors()[0]
    where = ".".join(str(p) for p in first.get("loc", ())) or "record"
    message = str(first.get("msg", "invalid")).removeprefix("Value error, ")
    more = f" (and {exc.error_count() - 1} more)" if exc.error_count() > 1 else ""
    return f"{where}: {message}{more}"


def card_from_mapping(data: Any, path: str, line: int) -> AtlasCard:
    """Validate one decoded record; AtlasRecordError names the file, line and field."""
    if not isinstance(data, dict):
        raise AtlasRecordError(path, line, f"expected a JSON object, got {type(data).__name__}")
    try:
        return CardRecord.model_validate(data).to_card()
    except ValidationError as exc:
        card_id = data.get("id")
        prefix = f"card {card_id!r}: " if isinstance(card_id, str) and card_id else ""
        raise AtlasRecordError(path, line, prefix + _describe(exc)) from None


def _json_lines(text: str, path: str) -> Iterator[tuple[int, Any] | AtlasRecordError]:
    for number, raw in enumerate(text.splitlines(), start=1):
        if not raw.strip():
            continue
        try:
            yield number, json.loads(raw)
        except json.JSONDecodeError as exc:
            yield AtlasRecordError(path, number, f"not valid JSON ({exc.msg} at column {exc.colno})")


def _json_array(text: str, path: str) -> Iterator[tuple[int, Any] | AtlasRecordError]:
    """Items of a top-level JSON array, each with the line it starts on."""
    decoder = json.JSONDecoder()
    try:
        items = json.loads(text)
    except json.JSONDecodeError as exc:
        yield AtlasRecordError(path, exc.lineno, f"not valid JSON ({exc.msg} at column {exc.colno})")
        return
    if not isinstance(items, list):
        yield AtlasRecordError(path, 1, "expected a JSON array of cards or one card per line")
        return
    pos = text.index("[") + 1
    for _ in items:
        while text[pos] in " \t\r\n,":
            pos += 1
        item, end = decoder.raw_decode(text, pos)
        yield text.count("\n", 0, pos) + 1, item
        pos = end


def parse_json_cards(text: str, path: str) -> AtlasReadResult:
    """Cards from JSON lines or a JSON array; bad records are collected, the rest kept."""
    records = _json_array(text, path) if text.lstrip().startswith("[") else _json_lines(text, path)
    cards: list[AtlasCard] = []
    errors: list[AtlasRecordError] = []
    first_line: dict[str, int] = {}
    for entry in records:
        if isinstance(entry, AtlasRecordError):
            errors.append(entry)
            continue
        line, data = entry
        try:
            card = card_from_mapping(data, path, line)
        except AtlasRecordError as exc:
            errors.append(exc)
            continue
        if card.id in first_line:
            message = f"duplicate card id {card.id!r} (first on line {first_line[card.id]})"
            errors.append(AtlasRecordError(path, line, message))
            continue
        first_line[card.id] = line
        cards.append(card)
    return AtlasReadResult(tuple(cards), tuple(errors), {c.id: (path,) for c in cards})


def read_json_cards(path: Path) -> AtlasReadResult:
    return parse_json_cards(path.read_text(encoding="utf-8"), str(path))
