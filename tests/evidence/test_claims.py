"""Claim detection and strength wording, on sentences written for these tests."""

from __future__ import annotations

import pytest

from bot.evidence.claims import cue_strength, detect_claims, is_claim


@pytest.mark.parametrize(
    ("sentence", "strength"),
    [
        ("Low vitamin D causes chronic fatigue.", "direct_causal"),
        ("Valganciclovir works for this illness, no doubt about it.", "direct_causal"),
        ("The drug did not improve sleep quality compared with placebo.", "direct_causal"),
        ("Ketotifen cures mast cell symptoms.", "direct_causal"),
        ("Statins may reduce the inflammation seen in these patients.", "conditional_causal"),
        ("It seems to explain why some people relapse.", "conditional_causal"),
        ("In my opinion magnesium helps the cramps.", "conditional_causal"),
        ("Interleukin-8 was higher in patients than in controls.", "correlational"),
        ("Lactate levels were associated with symptom severity.", "correlational"),
        ("12 of 20 on the drug improved vs 5 of 20 on placebo.", "correlational"),
        ("The team found no trace of the virus in any sample.", "correlational"),
        ("Sixty adults with the illness were enrolled at three clinics.", "none"),
    ],
)
def test_cue_strength(sentence: str, strength: str) -> None:
    assert cue_strength(sentence) == strength


def test_how_it_works_is_not_a_causal_claim() -> None:
    sentence = "Scores fell by a fifth, though the authors admit they do not know how it works."
    assert cue_strength(sentence) == "correlational"


@pytest.mark.parametrize(
    "sentence",
    [
        "Does anyone know whether low-dose aripiprazole helps brain fog?",
        "Please write to your senator about research funding for ME.",
        "Thank you all for the kind messages this week.",
        "I slept badly again and my legs ached all afternoon.",
        "Last spring I tried the elimination diet for a month.",
        "Will update next week.",
    ],
)
def test_not_claims(sentence: str) -> None:
    assert not is_claim(sentence)


@pytest.mark.parametrize(
    "sentence",
    [
        "Mast cell activation causes most of the symptoms in ME.",
        "Orthostatic intolerance was more common in patients than in controls.",
        "In my view pacing helps people with ME avoid crashes.",
        "I read the 2021 trial, which found no benefit of the drug over placebo.",
        "Roughly a third of patients are housebound.",
    ],
)
def test_claims(sentence: str) -> None:
    assert is_claim(sentence)


def test_detect_claims_gives_exact_spans_and_skips_the_chatter() -> None:
    text = (
        "Hi all, long time lurker.\n"
        "A 2022 study found lower heart rate variability in patients than in controls. "
        "Honestly I think low HRV causes the crashes. "
        "Has anyone tried biofeedback?"
    )
    claims = detect_claims(text)
    assert [c.text for c in claims] == [
        "A 2022 study found lower heart rate variability in patients than in controls.",
        "Honestly I think low HRV causes the crashes.",
    ]
    assert [c.strength for c in claims] == ["correlational", "conditional_causal"]
    for claim in claims:
        assert text[claim.span[0] : claim.span[1]] == claim.text
        assert claim.cites == ()
        assert claim.overstated is False


def test_detect_claims_uses_a_given_strength_function() -> None:
    claims = detect_claims("Gut bacteria cause ME.", strength=lambda _s: "none")
    assert [c.strength for c in claims] == ["none"]


def test_no_claims_in_empty_or_personal_text() -> None:
    assert detect_claims("") == []
    assert detect_claims("My week was rough. I stayed in bed most days.") == []
