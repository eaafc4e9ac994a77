"""The atlas card: the unit of evidence, as imported (never edited here)."""

from __future__ import annotations

from dataclasses import dataclass, field

from bot.errors import AtlasRecordError
from storage.types import AtlasCard as AtlasCard


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
