"""The committed claim-strength n-gram model: loads, predicts sensibly, fails clearly."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from bot.errors import ModelError
from bot.evidence.types import STRENGTHS
from models.strength import DEFAULT_WEIGHTS, StrengthModel, default_model, features, tokens


def test_tokens_fold_numbers_and_case() -> None:
    assert tokens("IL-6 rose 2.5-fold in 40 patients") == [
        "il",
        "<num>",
        "rose",
        "<num>",
        "fold",
        "in",
        "<num>",
        "patients",
    ]


def test_features_include_edge_bigrams() -> None:
    grams = features("May reduce pain")
    assert {"may", "reduce", "pain", "<s> may", "may reduce", "reduce pain", "pain </s>"} <= grams


def test_weights_are_small_and_complete() -> None:
    assert DEFAULT_WEIGHTS.stat().st_size < 2_000_000
    data = json.loads(DEFAULT_WEIGHTS.read_text(encoding="utf-8"))
    assert data["labels"] == list(STRENGTHS)
    assert data["training"]["test_macro_f1"] >= 0.65


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("Serum ferritin was significantly associated with fatigue scores in these women.", "correlational"),
        (
            "Vitamin D supplementation may improve muscle strength in older adults with deficiency.",
            "conditional_causal",
        ),
        (
            "Aerobic exercise training is effective in reducing blood pressure in hypertensive adults.",
            "direct_causal",
        ),
        ("We enrolled 120 outpatients from two hospitals between 2015 and 2017.", "none"),
    ],
)
def test_predicts_research_register_sentences(sentence: str, expected: str) -> None:
    model = default_model()
    assert model.predict(sentence) == expected
    scores = model.scores(sentence)
    assert abs(sum(scores.values()) - 1.0) < 1e-9


def test_missing_or_broken_weights_give_model_error(tmp_path: Path) -> None:
    with pytest.raises(ModelError, match=r"no-such\.json"):
        StrengthModel.load(tmp_path / "no-such.json")
    broken = tmp_path / "broken.json"
    broken.write_text(
        '{"labels": ["none", "maybe"], "vocabulary": [], "coef": [[], []], "intercept": [0, 0], "max_n": 2}'
    )
    with pytest.raises(ModelError):
        StrengthModel.load(broken)
