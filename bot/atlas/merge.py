"""Combining what several files say about one card.

Why field by field, later non-empty wins: the same card arrives from the JSON-lines export,
its BibTeX and its saved page, each holding part of it. A field one file leaves empty must
not erase what another gave, and the file named last is the editor's latest word.
"""

from __future__ import annotations

from dataclasses import fields, replace
from typing import Any

from bot.atlas.types import AtlasCard


def _empty(value: Any) -> bool:
    return value is None or value == "" or value == () or value == {}


def merge_cards(base: AtlasCard, update: AtlasCard) -> AtlasCard:
    """``base`` with every non-empty field of ``update`` laid over it (tags key by key)."""
    changes: dict[str, Any] = {}
    for f in fields(AtlasCard):
        if f.name == "id":
            continue
        new = getattr(update, f.name)
        if f.name == "tags":
            tags = dict(base.tags)
            tags.update({k: v for k, v in update.tags.items() if v or k not in tags})
            changes["tags"] = tags
        elif not _empty(new):
            changes[f.name] = new
    return replace(base, **changes)
