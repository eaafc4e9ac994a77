"""The atlas's JSON-lines export (one card per line), and JSON arrays of the same records.

Each record is validated by ``CardRecord``; a bad one becomes one error naming the file and
line, and the other records still import.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from bot.atlas.record import card_from_fields
from bot.atlas.types import AtlasCard, AtlasReadResult
from bot.errors import AtlasRecordError


def card_from_mapping(data: Any, path: str, line: int) -> AtlasCard:
    """Validate one decoded record; AtlasRecordError names the file, line and field."""
    if not isinstance(data, dict):
        raise AtlasRecordError(path, line, f"expected a JSON object, got {type(data).__name__}")
    return card_from_fields(data, path, line)


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
