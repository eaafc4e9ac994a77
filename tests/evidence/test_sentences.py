"""Sentence splitting: golden files (saved text beside the sentences a person would cut)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from bot.evidence.sentences import sentence_spans, split_sentences

GOLDEN = Path(__file__).parent / "golden" / "sentences"
CASES = sorted(p.stem for p in GOLDEN.glob("*.txt"))


def test_golden_cases_exist() -> None:
    assert len(CASES) >= 4


@pytest.mark.parametrize("name", CASES)
def test_golden(name: str) -> None:
    text = (GOLDEN / f"{name}.txt").read_text(encoding="utf-8")
    expected = json.loads((GOLDEN / f"{name}.json").read_text(encoding="utf-8"))
    assert split_sentences(text) == expected


def test_spans_are_exact_slices_in_order() -> None:
    text = "  First one.   Second one?\n\n- Third one!  "
    spans = sentence_spans(text)
    assert [text[a:b] for a, b in spans] == ["First one.", "Second one?", "Third one!"]
    assert all(a < b for a, b in spans)
    assert all(spans[i][1] <= spans[i + 1][0] for i in range(len(spans) - 1))


def test_abbreviation_before_a_sentence_opener_does_end_the_sentence() -> None:
    assert split_sentences("It was shown by Park et al. The effect was small.") == [
        "It was shown by Park et al.",
        "The effect was small.",
    ]


def test_a_line_begun_in_lower_case_splits_at_each_full_stop() -> None:
    """Who never capitalises shows a sentence end by the full stop alone (the annotation
    rules cut there too); abbreviations, initials and ellipses still run on."""
    text = (
        "ok so in the 2014 study all 22 patients dropped on day two. that proves it, e.g. the vo2 data. "
        "idk... maybe"
    )
    assert split_sentences(text) == [
        "ok so in the 2014 study all 22 patients dropped on day two.",
        "that proves it, e.g. the vo2 data.",
        "idk... maybe",
    ]


def test_a_capitalised_line_runs_on_before_a_lower_case_word() -> None:
    assert split_sentences("Guo et al. found it. see the PMID 36758... and more") == [
        "Guo et al. found it. see the PMID 36758... and more"
    ]


def test_empty_and_blank_text() -> None:
    assert sentence_spans("") == []
    assert sentence_spans(" \n\t \n") == []


def test_a_line_holding_only_a_bullet_holds_no_sentence() -> None:
    # Found by the property below: a last line of "– " left nothing to read after its bullet.
    assert sentence_spans("– ") == []
    assert split_sentences("Rest helps.\n– ") == ["Rest helps."]


@given(st.text(max_size=400))
@example("– ")
def test_spans_stay_inside_text_and_never_overlap(text: str) -> None:
    spans = sentence_spans(text)
    previous_end = 0
    for start, end in spans:
        assert previous_end <= start < end <= len(text)
        assert text[start:end].strip() == text[start:end]
        previous_end = end


def test_quoted_ranges_cover_quote_lines_and_the_paragraph_after_wrote() -> None:
    from bot.evidence.sentences import quoted_ranges

    text = "> Pacing is pointless.\nI disagree.\nsam_88 wrote:\nRest cures it.\nStill quoted.\n\nMy reply."
    quoted = "".join(text[a:b] for a, b in quoted_ranges(text))
    assert "Pacing is pointless." in quoted
    assert "Rest cures it." in quoted
    assert "Still quoted." in quoted
    assert "I disagree." not in quoted
    assert "My reply." not in quoted
