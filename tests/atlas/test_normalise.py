"""Identifier, author and card-id conventions shared by every atlas parser."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from bot.atlas.normalise import (
    card_id_from_bibtex_key,
    card_id_from_url,
    derive_card_id,
    normalise_doi,
    normalise_pmcid,
    normalise_pmid,
    split_surname_given_list,
)

# Ids the atlas's editors chose by hand rather than by the slug rule (see the sample's SOURCE.md).
HAND_CHOSEN_IDS = {
    "naviaux-2016-metabolomics",
    "loebel-2016-antibodies-adrenergic",
    "lombardi-2009-retracted-detection",
    "nakatomi-2014-neuroinflammation-japan",
}


def test_slug_rule_reproduces_the_sample_ids(shared_dir: Path) -> None:
    lines = (shared_dir / "data" / "atlas-sample" / "cards.jsonl").read_text(encoding="utf-8").splitlines()
    mismatched = set()
    for record in map(json.loads, lines):
        first = record["authors"][0] if record["authors"] else None
        if derive_card_id(first, record["year"], record["title"]) != record["id"]:
            mismatched.add(record["id"])
    assert mismatched == HAND_CHOSEN_IDS


@pytest.mark.parametrize(
    ("author", "year", "title", "expected"),
    [
        ("Maes M", 2007, "Not in the mind but in the cell", "maes-2007-mind-but"),
        ("Maes, Michael", 2007, "Not in the mind but in the cell", "maes-2007-mind-but"),
        ("Uçeyler N", 2011, "Systematic review with meta-analysis", "uceyler-2011-systematic-review"),
        ("Institute of Medicine", 2015, "Beyond Myalgic Encephalomyelitis", "iom-2015-beyond-myalgic"),
        (None, None, "Cytokine and immune system abnormalities", "unknown-nd-cytokine-immune"),
    ],
)
def test_derive_card_id(author: str | None, year: int | None, title: str, expected: str) -> None:
    assert derive_card_id(author, year, title) == expected


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("10.1093/OXFIMM/iqad003", "10.1093/oxfimm/iqad003"),
        ("https://doi.org/10.1172/JCI150377", "10.1172/jci150377"),
        ("doi: 10.1371/journal.pone.0129898.", "10.1371/journal.pone.0129898"),
        ("https://dx.doi.org/10.1016%2FS0140-6736(11)60096-2", "10.1016/s0140-6736(11)60096-2"),
        ("", None),
        (None, None),
    ],
)
def test_normalise_doi(raw: str | None, expected: str | None) -> None:
    assert normalise_doi(raw) == expected


def test_identifier_errors_name_the_value() -> None:
    with pytest.raises(ValueError, match="not a DOI: 'pubmed'"):
        normalise_doi("pubmed")
    with pytest.raises(ValueError, match="not a PubMed ID"):
        normalise_pmid("12a4")
    with pytest.raises(ValueError, match="not a PMCID"):
        normalise_pmcid("PMCX1")


def test_pmid_and_pmcid_forms() -> None:
    assert normalise_pmid("PMID: 037255930") == "37255930"
    assert normalise_pmid(17693978) == "17693978"
    assert normalise_pmcid("pmc10148714") == "PMC10148714"
    assert normalise_pmcid("10148714") == "PMC10148714"


def test_ids_from_urls_keys_and_bylines() -> None:
    assert card_id_from_url("see https://www.mecfsatlas.com/evidence/maes-2007-mind-but today") == (
        "maes-2007-mind-but"
    )
    assert card_id_from_url("https://example.org/papers/1") is None
    assert card_id_from_bibtex_key("mecfsatlas-maes-2007-mind-but") == "maes-2007-mind-but"
    assert split_surname_given_list("Maes, Michael, Mihaylova, Ivana, Kubera, Marta et al.") == (
        "Maes M",
        "Mihaylova I",
        "Kubera M",
    )
