"""Claim sentences and their strength, found by the committed heads on the real MiniLM encoder.

Every sentence here was written for these tests (none comes from the dev posts, the lay
training set or an evaluation set). The heads are statistical, so the wording tests ask for
a share of each group right, set before the heads were run on them; what the reader does
around the heads (exact spans, quoted replies, empty text) is asserted exactly.
"""

from __future__ import annotations

import pytest

from bot.evidence.claim_model import ClaimReader
from bot.evidence.types import STRENGTHS
from models.heads import SentenceHeads

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def reader() -> ClaimReader:
    return ClaimReader.default()


def _found(reader: ClaimReader, sentences: list[str]) -> list[bool]:
    return [bool(reader.detect(s)) for s in sentences]


# Rewordings that phrase rules missed (issue 9), and plain claims in lay voices.
CLAIMS = [
    "Gut bacteria are the root of ME.",
    "The virus is to blame for ME.",
    "Low butyrate produces the fatigue.",
    "Rituximab is a miracle for ME.",
    "Exercise makes ME sufferers deteriorate.",
    "Faulty mitochondria are behind the energy crashes in this illness.",
    "Roughly one patient in four ends up housebound.",
    "Patients had lower natural killer cell activity than healthy people.",
    "The trial showed that the drug did no better than placebo.",
    "Long covid and ME are probably the same disease.",
    "Pacing keeps relapses away.",
    "Blood vessels in patients fail to widen properly during exercise.",
]
NOT_CLAIMS = [
    "Has anybody here tried a low-histamine diet for the headaches?",
    "Thanks so much to everyone who replied last week.",
    "Please email your representative before the vote on Tuesday.",
    "I spent the whole weekend in bed with the curtains closed.",
    "Sending gentle hugs to all of you having a rough day.",
    "Will post an update when I have seen the cardiologist.",
    "My daughter managed to sit up for lunch today.",
    "Does anyone know which lab does the tilt table test near Bristol?",
    "Sign the open letter and pass it on to your friends.",
    "Sorry for the long post, my head is foggy.",
]


def test_the_claim_head_finds_reworded_claims(reader: ClaimReader) -> None:
    found = _found(reader, CLAIMS)
    assert sum(found) >= 10, list(zip(CLAIMS, found, strict=True))


def test_the_claim_head_skips_questions_thanks_calls_and_diaries(reader: ClaimReader) -> None:
    found = _found(reader, NOT_CLAIMS)
    assert sum(not f for f in found) >= 8, list(zip(NOT_CLAIMS, found, strict=True))


STRENGTH_CASES = [
    ("Low iron causes the muscle weakness in ME.", "direct_causal"),
    ("The antiviral cured my cousin's friends and it will cure you.", "direct_causal"),
    ("Graded exercise worsens post-exertional malaise.", "direct_causal"),
    ("Poor sleep might drive some of the pain.", "conditional_causal"),
    ("The antibodies could explain the blood flow problems.", "conditional_causal"),
    ("A leaky gut may be what keeps the immune system busy.", "conditional_causal"),
    ("Cortisol was linked with how tired patients felt.", "correlational"),
    ("Patients had smaller heart volumes than the controls.", "correlational"),
    ("Fatigue scores tracked the amount of inflammation in the blood.", "correlational"),
    ("The trial recruited 240 adults in five countries.", "none"),
    ("About two in three patients are women.", "none"),
    ("Researchers took blood samples from 90 volunteers.", "none"),
]


def test_the_strength_head_reads_how_strongly_a_claim_is_worded() -> None:
    # Without the analyzer's claim gate: the strength of every sentence given, claim or not.
    readings = SentenceHeads(heads=("strength",)).classify([s for s, _ in STRENGTH_CASES])
    got = [r["strength"].label for r in readings]
    right = sum(g == want for g, (_, want) in zip(got, STRENGTH_CASES, strict=True))
    assert right >= 9, list(zip(got, STRENGTH_CASES, strict=True))


POST = (
    "Hi everyone, long-time reader here.\n"
    "A new study found that patients had lower oxygen uptake than controls on the second day. "
    "That means exertion itself damages the muscles in ME. "
    "Has anyone else done a two-day test?"
)


def test_claims_come_with_exact_spans_and_a_known_strength(reader: ClaimReader) -> None:
    claims = reader.detect(POST)
    texts = [c.text for c in claims]
    assert "That means exertion itself damages the muscles in ME." in texts
    assert "Has anyone else done a two-day test?" not in texts
    for claim in claims:
        assert POST[claim.span[0] : claim.span[1]] == claim.text
        assert claim.strength in STRENGTHS
        assert claim.cites == ()
        assert claim.overstated is False


def test_quoted_replies_are_never_the_posts_claims(reader: ClaimReader) -> None:
    text = (
        "> Yoga cures ME, my neighbour is proof.\n"
        "someone_else wrote:\n"
        "Cold showers fix the fatigue in everybody.\n"
        "\n"
        "No. Overdoing it makes post-exertional malaise worse for most patients."
    )
    texts = [c.text for c in reader.detect(text)]
    assert not any("Yoga" in t or "Cold showers" in t for t in texts)
    assert texts == ["Overdoing it makes post-exertional malaise worse for most patients."]


def test_empty_text_has_no_claims(reader: ClaimReader) -> None:
    assert reader.detect("") == []
    assert reader.detect("   \n ") == []
