"""Reading atlas files of every form, merged by card id."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from bot.atlas.importer import read_atlas
from bot.errors import AtlasError


def test_same_card_from_export_and_pages_is_merged_field_by_field(shared_dir: Path, golden_dir: Path) -> None:
    export = shared_dir / "data" / "atlas-sample" / "cards.jsonl"
    page = golden_dir / "003_0a76c008a94b5d9d.txt"
    result = read_atlas([export, page])
    assert result.errors == ()
    assert len(result.cards) == 41
    card = next(c for c in result.cards if c.id == "rodriguez-2023-achieving-symptom")
    # From the export (the page has none of these) ...
    assert (card.evidence_level, card.design, card.pmcid) == ("E3", "RCT", "PMC10148714")
    # ... and from the page, named later, where it has something to say.
    assert card.quick_summary is not None
    assert card.quick_summary.startswith("Researchers tested")
    assert result.origins[card.id] == (str(export), str(page))
    assert result.origins["maes-2007-mind-but"] == (str(export),)


def test_parser_chosen_by_extension_then_by_content(tmp_path: Path, golden_dir: Path) -> None:
    shutil.copy(golden_dir / "atlas-export.bib", tmp_path / "export.dat")  # BibTeX, sniffed by "@"
    shutil.copy(golden_dir / "hornig-card.html", tmp_path / "card.htm")
    (tmp_path / "one.ndjson").write_text('{"id": "x-2020-one", "title": "One"}\n', encoding="utf-8")
    (tmp_path / "notes.pdf").write_bytes(b"%PDF")  # not an atlas file: a folder import skips it
    result = read_atlas([tmp_path / "export.dat", tmp_path])
    ids = {c.id for c in result.cards}
    assert {"rodriguez-2023-achieving-symptom", "hornig-2015-distinct-plasma", "x-2020-one"} <= ids
    assert {e.line for e in result.errors} == {38, 42, 47}


def test_unreadable_file_stops_before_anything_is_returned(tmp_path: Path, golden_dir: Path) -> None:
    with pytest.raises(AtlasError, match=r"missing\.jsonl: atlas file not found"):
        read_atlas([golden_dir / "bad-records.jsonl", tmp_path / "missing.jsonl"])
    (tmp_path / "latin1.txt").write_bytes("Caf\xe9".encode("latin-1"))
    with pytest.raises(AtlasError, match=r"latin1\.txt: not UTF-8 text"):
        read_atlas([tmp_path / "latin1.txt"])
