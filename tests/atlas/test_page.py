"""Saved atlas card pages, as text copied from a browser and as saved HTML."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from bot.atlas.page import html_to_text, parse_header, parse_html_page, parse_page, split_run_together
from bot.atlas.types import AtlasReadResult


@pytest.mark.parametrize("name", ["000_c4faae00f233621d.txt", "003_0a76c008a94b5d9d.txt"])
def test_seed_pages_golden(
    name: str, golden_dir: Path, check_golden: Callable[[str, AtlasReadResult], None]
) -> None:
    result = parse_page((golden_dir / name).read_text(encoding="utf-8"), name)
    check_golden(name, result)


def test_html_page_golden(golden_dir: Path, check_golden: Callable[[str, AtlasReadResult], None]) -> None:
    name = "hornig-card.html"
    check_golden(name, parse_html_page((golden_dir / name).read_text(encoding="utf-8"), name))


def test_full_page_reads_the_curated_reading(golden_dir: Path) -> None:
    card = parse_page((golden_dir / "000_c4faae00f233621d.txt").read_text(encoding="utf-8"), "p").cards[0]
    # No URL or BibTeX on this page: the id is derived with the atlas's slug convention.
    assert card.id == "maes-2007-mind-but"
    assert (card.evidence_level, card.evidence_label, card.design) == ("E2", "Moderate", "Case-Control")
    assert card.badges == ("Preliminary", "PEM unclear")
    assert card.pmid == "17693978"
    assert card.does_not_prove is not None
    assert card.does_not_prove.startswith("This study does not prove")
    assert "About the PEM badge" not in (card.does_not_prove or "")
    assert card.method_flags == ("Weak Case Definition", "Small Sample", "Exploratory Only")


def test_short_page_takes_bibliography_from_its_bibtex(golden_dir: Path) -> None:
    card = parse_page((golden_dir / "003_0a76c008a94b5d9d.txt").read_text(encoding="utf-8"), "p").cards[0]
    assert card.id == "rodriguez-2023-achieving-symptom"
    assert (card.doi, card.pmid) == ("10.1093/oxfimm/iqad003", "37255930")
    assert len(card.authors) == 14  # the BibTeX's full list, not the page's "et al."
    assert card.quick_summary is not None
    assert card.quick_summary.startswith("Researchers tested")
    assert card.does_not_prove is not None
    assert "intranasal stimulation" in card.does_not_prove


def test_header_with_badges_after_the_design() -> None:
    fields = parse_header("E4 LimitedConsensusPEM requiredConsensus CriteriaRetractedNot peer-reviewed")
    assert fields["evidence_label"] == "Limited"
    assert fields["badges"] == ("Consensus", "PEM required", "Retracted")
    assert fields["design"] == "Consensus Criteria"
    assert fields["peer_reviewed"] is False


def test_run_together_values_split_at_word_starts_only() -> None:
    assert split_run_together("Cognitive DysfunctionPainFatigue") == (
        "Cognitive Dysfunction",
        "Pain",
        "Fatigue",
    )
    assert split_run_together("iNOS ActivityLong COVID") == ("iNOS Activity", "Long COVID")


def test_page_without_title_is_a_record_error() -> None:
    result = parse_page("Quick Summary\nSomething happened.\n", "empty.txt")
    assert result.cards == ()
    assert [str(e) for e in result.errors] == [
        "empty.txt:1: not an atlas card page:"
        ' no title above an "authors · journal · year" line, no BibTeX entry'
    ]


def test_pages_that_are_not_cards_are_refused(shared_dir: Path) -> None:
    """A PubMed page, a forum post and a reader app's abstract are not atlas card pages."""
    for name in ("001_13b96a76aa9c5a59.txt", "002_b38e0e260db0c5b7.txt", "004_94293249e6958046.txt"):
        text = (shared_dir / "data" / "seed-pages" / name).read_text(encoding="utf-8")
        result = parse_page(text, name)
        assert result.cards == ()
        assert [e.line for e in result.errors] == [1]


def test_html_copy_skips_head_scripts_and_comments() -> None:
    text, url = html_to_text(
        "<!DOCTYPE html><html><head><title>T</title><link rel='canonical' href='https://x.org/evidence/a-1'>"
        "</head><body><!-- hidden --><script>var x = 1;</script>"
        "<p>One<b>Two</b></p><ul><li>A</li></ul></body></html>"
    )
    assert text == "OneTwo\n- A"
    assert url == "https://x.org/evidence/a-1"
