"""storage/cards.py: cards round-trip exactly and re-import updates in place by id."""

from __future__ import annotations

import dataclasses
from datetime import UTC, datetime

import pytest
from sqlalchemy import Engine

from bot.atlas.types import AtlasCard
from bot.errors import StorageError
from storage.cards import count_cards, get_card, load_cards, upsert_cards
from storage.db import transaction

NOW = datetime(2025, 5, 1, 9, 0, tzinfo=UTC)

CARD = AtlasCard(
    id="card-2024-walitt",
    title="Deep phenotyping of post-infectious ME/CFS",
    authors=("Walitt B", "Nath A"),
    journal="Nature Communications",
    year=2024,
    doi="10.1038/s41467-024-45107-3",
    pmid="38383456",
    evidence_level="E3",
    evidence_label="Exploratory",
    badges=("Preliminary", "PEM required"),
    design="Cross-sectional deep phenotyping",
    sample_size=17,
    peer_reviewed=True,
    quick_summary="Small intensive study.",
    observed_findings=("Lower effort preference",),
    does_not_prove="That effort preference causes ME/CFS.",
    method_flags=("small sample",),
    tags={"topics": ("immune", "brain")},
)


def test_cards_round_trip_and_reimport_updates_in_place(engine: Engine) -> None:
    other = AtlasCard(id="card-b", title="Another card")
    with transaction(engine) as s:
        assert upsert_cards(s, [CARD, other], "cards.jsonl", NOW) == (2, 0)
    with transaction(engine) as s:
        assert load_cards(s) == [CARD, other]
        assert get_card(s, CARD.id) == CARD
        assert get_card(s, "missing") is None
    changed = dataclasses.replace(CARD, evidence_level="E2", badges=("Preliminary",))
    with transaction(engine) as s:
        # Same other card again: neither created nor updated.
        assert upsert_cards(s, [changed, other], "cards-v2.jsonl", NOW) == (0, 1)
    with transaction(engine) as s:
        assert count_cards(s) == 2
        assert get_card(s, CARD.id) == changed


def test_a_card_repeated_in_one_import_is_stored_once(engine: Engine) -> None:
    newer = dataclasses.replace(CARD, title="Corrected title")
    with transaction(engine) as s:
        assert upsert_cards(s, [CARD, newer], "a.bib", NOW) == (1, 0)
    with transaction(engine) as s:
        card = get_card(s, CARD.id)
        assert card is not None
        assert card.title == "Corrected title"


def test_a_card_without_an_id_is_refused_naming_the_file(engine: Engine) -> None:
    with pytest.raises(StorageError, match=r"from export\.jsonl must be 1-200"), transaction(engine) as s:
        upsert_cards(s, [AtlasCard(id="", title="x")], "export.jsonl", NOW)
