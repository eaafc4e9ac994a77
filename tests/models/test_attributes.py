"""The sentence-attribute heads, run on the real MiniLM encoder and the committed weights.

The sentences are written for these tests (none from an evaluation set or the training set).
Each group allows one miss: the heads are statistical, and the CV figures live in the card.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from models.heads import ATTRIBUTE_HEADS, WEIGHTS, SentenceHeads

pytestmark = pytest.mark.slow
ROOT = Path(__file__).resolve().parents[2]

ATTRIBUTED = [
    "The authors argue that a faulty energy switch in muscle explains the crashes.",
    "A headline claims that a parasite is behind every case of ME.",
    "My neurologist insists that the brain fog is just stress.",
    "According to the press release, the drug restored stamina in most patients.",
]
OWN = [
    "A faulty energy switch in muscle explains the crashes.",
    "A parasite is behind every case of ME.",
    "Brain fog in ME comes from reduced blood flow to the brain.",
    "The drug restored stamina in most patients.",
]
NEGATED = [
    "Valganciclovir did not reduce fatigue compared with placebo.",
    "Stress does not cause ME.",
    "The trial found no difference in step counts between the two groups.",
    "Nobody in the sample had detectable virus in their blood.",
]
AFFIRMED = [
    "Valganciclovir reduced fatigue compared with placebo.",
    "Stress causes ME.",
    "The trial found a large difference in step counts between the two groups.",
    "Most people in the sample had detectable virus in their blood.",
]
QUESTIONS = [
    "Does anyone know whether the Oslo trial ever published its results?",
    "Could low iron be behind my dizziness?",
    "Is it true that magnesium helps with the cramps?",
]
STATEMENTS = [
    "The Oslo trial published its results last spring.",
    "Low iron can be behind dizziness.",
    "Magnesium helps with the cramps.",
]
TREATMENT = [
    "Low-dose naltrexone eases pain in ME.",
    "Coenzyme Q10 supplements give patients more energy.",
    "Pacing prevents crashes better than graded exercise does.",
]
CAUSE = [
    "Damaged mitochondria cause the exhaustion in ME.",
    "A reactivated herpes virus triggers the illness.",
    "Autoantibodies against nerve receptors drive the symptoms.",
]


@pytest.fixture(scope="module")
def heads() -> SentenceHeads:
    loaded = SentenceHeads(heads=ATTRIBUTE_HEADS)
    loaded.load()
    return loaded


def _share(heads: SentenceHeads, head: str, label: str, sentences: list[str]) -> int:
    return sum(r[head].label == label for r in heads.classify(sentences))


def test_the_attribute_weights_are_small_and_have_a_card() -> None:
    assert (ROOT / "models/MODEL_CARD_attributes.md").is_file()
    for name in ATTRIBUTE_HEADS:
        assert (WEIGHTS / f"{name}.safetensors").stat().st_size <= 25 * 1024 * 1024
        meta = json.loads((WEIGHTS / f"{name}.json").read_text(encoding="utf-8"))
        assert meta["tuned_layers"] == 0
        assert meta["features"]
        report = json.loads((WEIGHTS / f"{name}.cv.json").read_text(encoding="utf-8"))
        assert report["folds_over"].startswith("blocks")
        assert len(report["ci95"]) == 2


def test_attribution_is_told_from_the_writers_own_words(heads: SentenceHeads) -> None:
    assert _share(heads, "attributed", "attributed", ATTRIBUTED) >= len(ATTRIBUTED) - 1
    assert _share(heads, "attributed", "own", OWN) >= len(OWN) - 1


def test_negation_is_read(heads: SentenceHeads) -> None:
    assert _share(heads, "negated", "negated", NEGATED) >= len(NEGATED) - 1
    assert _share(heads, "negated", "affirmed", AFFIRMED) >= len(AFFIRMED) - 1


def test_questions_are_told_from_statements(heads: SentenceHeads) -> None:
    assert _share(heads, "question", "question", QUESTIONS) >= len(QUESTIONS) - 1
    assert _share(heads, "question", "statement", STATEMENTS) >= len(STATEMENTS) - 1


def test_cause_is_told_from_treatment(heads: SentenceHeads) -> None:
    assert _share(heads, "about", "treatment_efficacy", TREATMENT) >= len(TREATMENT) - 1
    assert _share(heads, "about", "cause_mechanism", CAUSE) >= len(CAUSE) - 1


def test_heads_sharing_one_run_read_as_each_would_alone(heads: SentenceHeads) -> None:
    sentences = ATTRIBUTED[:2] + NEGATED[:2] + QUESTIONS[:1]
    together = heads.classify(sentences)
    for name in ATTRIBUTE_HEADS:
        alone = SentenceHeads(heads=(name,)).classify(sentences)
        for a, b in zip(together, alone, strict=True):
            assert a[name].label == b[name].label
            assert a[name].probability == pytest.approx(b[name].probability, abs=1e-4)
