"""Field-wise merging of one card read from several files."""

from __future__ import annotations

from bot.atlas.merge import merge_cards
from bot.atlas.types import AtlasCard


def test_later_non_empty_fields_win_and_empty_ones_keep_what_was_there() -> None:
    base = AtlasCard(
        id="a-2020-x",
        title="Old title",
        authors=("A B", "C D"),
        evidence_level="E2",
        badges=("PEM unclear",),
        tags={"symptom": ("Fatigue",), "treatment": ("Rest",)},
    )
    update = AtlasCard(
        id="a-2020-x",
        title="New title",
        doi="10.1/x",
        tags={"symptom": ("Pain",), "treatment": (), "mechanism": ()},
    )
    merged = merge_cards(base, update)
    assert merged.title == "New title"
    assert merged.doi == "10.1/x"
    assert merged.authors == ("A B", "C D")
    assert merged.evidence_level == "E2"
    assert merged.badges == ("PEM unclear",)
    assert merged.tags == {"symptom": ("Pain",), "treatment": ("Rest",), "mechanism": ()}
