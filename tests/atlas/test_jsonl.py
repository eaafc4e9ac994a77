"""The atlas's JSON-lines export, and JSON arrays of the same records."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

from bot.atlas.jsonl import parse_json_cards, read_json_cards
from bot.atlas.types import AtlasReadResult


def test_real_sample_imports_every_card_unchanged(shared_dir: Path) -> None:
    path = shared_dir / "data" / "atlas-sample" / "cards.jsonl"
    result = read_json_cards(path)
    assert result.errors == ()
    assert len(result.cards) == 41
    # Validation leaves every record as it was, but for DOIs, which are stored lower-case
    # (DOIs are case-insensitive; the matcher compares them lower-cased).
    records = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    for record in records:
        record["doi"] = record["doi"].lower() if record["doi"] else None
    assert [c.to_dict() for c in result.cards] == records
    assert sum(1 for c in result.cards if c.doi) == 36


def test_bad_records_golden(golden_dir: Path, check_golden: Callable[[str, AtlasReadResult], None]) -> None:
    name = "bad-records.jsonl"
    check_golden(name, parse_json_cards((golden_dir / name).read_text(encoding="utf-8"), name))


def test_bad_records_report_file_and_line_and_good_ones_import(golden_dir: Path) -> None:
    result = parse_json_cards((golden_dir / "bad-records.jsonl").read_text(encoding="utf-8"), "b.jsonl")
    assert [c.id for c in result.cards] == ["maes-2007-mind-but", "rodriguez-2023-achieving-symptom"]
    assert [e.line for e in result.errors] == [2, 3, 4, 7, 8, 9, 10]
    assert str(result.errors[0]).startswith("b.jsonl:2: not valid JSON")
    assert str(result.errors[1]) == "b.jsonl:3: card 'guo-2023-deficient-butyrate': title: Field required"
    assert "expected one of E1..E5, got 'E7'" in str(result.errors[2])
    # Identifiers are normalised: bare lower-case DOI, digits-only PMID, PMC-prefixed PMCID.
    rodriguez = result.cards[1]
    assert (rodriguez.doi, rodriguez.pmid, rodriguez.pmcid) == (
        "10.1093/oxfimm/iqad003",
        "37255930",
        "PMC10148714",
    )


def test_json_array_reports_the_line_each_record_starts_on() -> None:
    text = '[\n  {"id": "a-1", "title": "One"},\n  {"id": "b-2",\n   "title": "Two", "year": "soon"}\n]\n'
    result = parse_json_cards(text, "cards.json")
    assert [c.id for c in result.cards] == ["a-1"]
    assert [str(e) for e in result.errors] == [
        "cards.json:3: card 'b-2': year: Input should be a valid integer,"
        " unable to parse string as an integer"
    ]


def test_evidence_label_defaults_from_level() -> None:
    card = parse_json_cards('{"id": "x-2020", "title": "T.", "evidence_level": "E5"}', "c.jsonl").cards[0]
    assert (card.title, card.evidence_label) == ("T", "Very limited")
