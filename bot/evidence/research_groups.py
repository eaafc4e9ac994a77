"""The places a paper may be named by, from who wrote it (``data/research_groups.toml``).

Why: "a Norwegian group", "the Charité pilot" and "researchers at Columbia" name papers as
surely as a title word does, but cards and the paper list hold no affiliations. The table
says where known ME/CFS groups work; a paper with one of their authors takes the group's place
words into its profile (``AtlasIndex``), so every route that weighs a post's words against a
card weighs those too. A new group is one entry in the table, not code.
"""

from __future__ import annotations

import tomllib
from collections.abc import Iterable
from functools import cache
from pathlib import Path

from bot.evidence import identifiers as ids
from bot.evidence.textnorm import content_words

TABLE = Path(__file__).parent / "data" / "research_groups.toml"
# The nouns a place's people are told by ("the Bergen group", "Columbia researchers"): a group
# named by where it works, not a person.
RESEARCH_GROUP_NOUNS = ("group", "team", "lab", "researchers", "scientists")
# Words of an institution's name that say nothing about which one ("University", "School").
INSTITUTION_WORDS = frozenset(
    (
        "university",
        "universities",
        "school",
        "institute",
        "institutes",
        "college",
        "hospital",
        "centre",
        "center",
        "department",
        "lab",
        "labs",
        "laboratory",
        "laboratories",
    )
)
# Letters that Unicode does not decompose into a base letter and an accent ("Øystein").
_UNDECOMPOSED = str.maketrans("øØæÆåÅðÐłŁ", "oOaAaAdDlL")


def author_key(author: str) -> tuple[str, str] | None:
    """(surname, first initial), folded, of an author written "Surname Initials" ("Fluge Ø")
    or "Given Surname" ("Øystein Fluge")."""
    parts = author.translate(_UNDECOMPOSED).replace(".", " ").replace(",", " ").split()
    if len(parts) < 2:
        return None
    if parts[-1].isupper() and len(parts[-1]) <= 3:
        surname, initial = " ".join(parts[:-1]), parts[-1][0]
    else:
        surname, initial = parts[-1], parts[0][0]
    folded = "".join(ch for ch in ids.fold(surname) if ch.isalpha())
    return (folded, ids.fold(initial)[:1]) if folded and initial.isalpha() else None


@cache
def _places_by_author() -> dict[tuple[str, str], frozenset[str]]:
    table = tomllib.loads(TABLE.read_text(encoding="utf-8"))
    places: dict[tuple[str, str], set[str]] = {}
    for group in table["group"]:
        words = content_words(" ".join(group["places"]))
        for author in group["authors"]:
            key = author_key(author)
            if key is None:
                raise ValueError(f"{TABLE}: cannot read the author {author!r} of {group['name']!r}")
            places.setdefault(key, set()).update(words)
    return {key: frozenset(words) for key, words in places.items()}


def group_places(authors: Iterable[str]) -> frozenset[str]:
    """The place words of every listed group one of ``authors`` belongs to (profile words:
    lower case and stemmed as ``content_words`` gives them)."""
    table = _places_by_author()
    found: set[str] = set()
    for author in authors:
        key = author_key(author)
        if key is not None and key in table:
            found |= table[key]
    return frozenset(found)


@cache
def all_places() -> frozenset[str]:
    """Every listed group's place words (as ``content_words`` gives them): a work told by one
    of them ("a 2016 Cornell study") is told by who did it, as a country's adjective tells it.
    (Every group has authors, so the places read for them are every group's.)"""
    return frozenset().union(*_places_by_author().values())


def places_of_surname(surname: str) -> frozenset[str]:
    """The place words of every listed group with an author of this (folded) surname: "the
    Lipkin lab" is Columbia's, whatever initials the post leaves out."""
    return frozenset().union(*(words for (name, _), words in _places_by_author().items() if name == surname))
