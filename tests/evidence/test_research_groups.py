"""The research-groups table: who works where, read into the cards' profiles."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest

from bot.atlas.types import AtlasCard
from bot.evidence.atlas_index import AtlasIndex
from bot.evidence.research_groups import TABLE, author_key, group_places


@pytest.mark.parametrize(
    ("author", "key"),
    [
        ("Fluge O", ("fluge", "o")),
        ("Øystein Fluge", ("fluge", "o")),  # Ø has no decomposition: read as O, not dropped
        ("Fluge Ø", ("fluge", "o")),
        ("Sonya Marshall-Gradisnik", ("marshallgradisnik", "s")),
        ("Marshall-Gradisnik S", ("marshallgradisnik", "s")),
        ("Neil R. McGregor", ("mcgregor", "n")),
        ("Institute", None),
    ],
)
def test_an_author_is_keyed_by_surname_and_first_initial_in_either_order(
    author: str, key: tuple[str, str] | None
) -> None:
    assert author_key(author) == key


def test_every_author_in_the_table_can_be_read() -> None:
    table = tomllib.loads(TABLE.read_text(encoding="utf-8"))
    authors = [a for group in table["group"] for a in group["authors"]]
    assert authors
    assert [a for a in authors if author_key(a) is None] == []
    assert all(group["places"] for group in table["group"])
    # (every group has an author: a group without one would add no place to any profile, and
    # ``all_places`` reads the places through the authors)
    assert all(group["authors"] for group in table["group"])


def test_a_groups_places_reach_a_paper_with_one_of_its_authors_anywhere_in_the_list() -> None:
    assert {"bergen", "norwegian"} <= group_places(["Someone A", "Mella O"])
    assert group_places(["Someone A", "Nobody B"]) == frozenset()
    # Same surname, another initial: another person.
    assert group_places(["Fluge K"]) == frozenset()


def test_a_card_profile_holds_its_groups_places_as_its_own_words() -> None:
    card = AtlasCard(
        id="x-2020", title="Plasma proteins in chronic fatigue", authors=("Tronstad KJ", "Other P"), year=2020
    )
    other = AtlasCard(
        id="y-2020", title="Plasma proteins in chronic fatigue", authors=("Other P",), year=2020
    )
    index = AtlasIndex([card, other])
    assert "bergen" in index.profiles["x-2020"]
    assert "bergen" not in index.profiles["y-2020"]
    assert index.fit("x-2020", {"bergen"}) > index.fit("y-2020", {"bergen"})


def test_a_listed_paper_written_with_full_names_takes_its_groups_places_too() -> None:
    # The CC0 list writes "Øystein Fluge"; the reference index reads it as "Fluge Ø".
    from bot.atlas.importer import read_atlas
    from bot.evidence.reference import reference_index

    sample = Path(__file__).resolve().parents[2] / "bot" / "atlas" / "sample" / "cards.jsonl"
    reference = reference_index(AtlasIndex(read_atlas([sample]).cards))
    assert reference is not None
    daratumumab = [cid for cid, card in reference.cards.items() if "daratumumab" in card.title.lower()]
    assert daratumumab
    assert all("bergen" in reference.profiles[cid] for cid in daratumumab)
