"""The atlas's BibTeX export (and BibTeX as other tools write it)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from bot.atlas.bibtex import parse_bibtex, parse_bibtex_author
from bot.atlas.types import AtlasReadResult


def test_export_golden(golden_dir: Path, check_golden: Callable[[str, AtlasReadResult], None]) -> None:
    name = "atlas-export.bib"
    check_golden(name, parse_bibtex((golden_dir / name).read_text(encoding="utf-8"), name))


def test_bad_entries_name_their_line_and_the_rest_import(golden_dir: Path) -> None:
    result = parse_bibtex((golden_dir / "atlas-export.bib").read_text(encoding="utf-8"), "x.bib")
    assert [c.id for c in result.cards] == [
        "rodriguez-2023-achieving-symptom",
        "uceyler-2011-systematic-review",
        "iom-2015-beyond-myalgic",
        "fukuda-1994-chronic-fatigue",
    ]
    assert [(e.path, e.line) for e in result.errors] == [("x.bib", 38), ("x.bib", 42), ("x.bib", 47)]


def test_bibtex_only_card_has_just_bibliographic_fields(golden_dir: Path) -> None:
    card = parse_bibtex((golden_dir / "atlas-export.bib").read_text(encoding="utf-8"), "x.bib").cards[1]
    assert (card.doi, card.pmid, card.pmcid) == ("10.1186/1471-2474-12-245", "22034969", "PMC3234198")
    assert card.authors[0] == "Üçeyler N"
    assert card.evidence_level is None
    assert card.badges == ()
    assert card.does_not_prove is None


def test_line_numbers_are_offset_within_a_larger_file() -> None:
    result = parse_bibtex("@article{k, author = {A, B}}\n", "page.txt", first_line=40)
    assert [str(e) for e in result.errors] == ["page.txt:40: BibTeX entry 'k' has no title"]


def test_author_forms() -> None:
    assert parse_bibtex_author("Mugabo, Constantin Habimana") == "Mugabo CH"
    assert parse_bibtex_author("Stephen E. Straus") == "Straus SE"
    assert parse_bibtex_author("{World Health Organization}") == "World Health Organization"
    assert parse_bibtex_author("van der Berg, Jan-Erik") == "van der Berg JE"
