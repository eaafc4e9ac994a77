"""Claim-strength classifier: logistic regression over word n-grams, plain Python at run time.

Why n-grams and not the encoder: on the causal-language corpus (Yu et al. 2019) a linear
head on frozen MiniLM embeddings scores far lower than word n-grams, because strength lives
in a few function words ("may", "associated with", "leads to") that mean-pooling blurs.
Why plain Python: the weights are a small JSON file committed beside this module (see
MODEL_CARD_strength.md); predicting needs no scikit-learn, which only the training script uses.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Iterable, Sequence
from functools import lru_cache
from pathlib import Path
from typing import cast

from bot.errors import ModelError
from bot.evidence.types import STRENGTHS, Strength

DEFAULT_WEIGHTS = Path(__file__).with_name("strength_ngram.json")
_TOKEN = re.compile(r"[a-z]+(?:['’-][a-z]+)*|\d+(?:[.,]\d+)*|[%<>=]")


def tokens(text: str) -> list[str]:
    """Lower-case words; every number becomes ``<num>`` so sizes and p-values generalise."""
    return ["<num>" if t[0].isdigit() else t for t in _TOKEN.findall(text.lower())]


def features(text: str, max_n: int = 2) -> set[str]:
    """Binary bag of 1..max_n-grams, with sentence-edge markers on the longer ones."""
    toks = tokens(text)
    grams = set(toks)
    padded = ["<s>", *toks, "</s>"]
    for n in range(2, max_n + 1):
        grams.update(" ".join(padded[i : i + n]) for i in range(len(padded) - n + 1))
    return grams


class StrengthModel:
    """Weights as written by ``models/train_strength.py``; ``predict`` gives a Strength label."""

    def __init__(
        self,
        labels: Sequence[str],
        vocabulary: dict[str, int],
        coef: Sequence[Sequence[float]],
        intercept: Sequence[float],
        max_n: int,
    ) -> None:
        unknown = [label for label in labels if label not in STRENGTHS]
        if unknown or len(coef) != len(labels) or len(intercept) != len(labels):
            raise ModelError(f"strength weights are inconsistent (labels {list(labels)})")
        self.labels = [cast(Strength, label) for label in labels]
        self.vocabulary = vocabulary
        self.coef = [list(row) for row in coef]
        self.intercept = list(intercept)
        self.max_n = max_n

    @classmethod
    def load(cls, path: str | Path = DEFAULT_WEIGHTS) -> StrengthModel:
        path = Path(path)
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
            return cls(
                labels=data["labels"],
                vocabulary={gram: i for i, gram in enumerate(data["vocabulary"])},
                coef=data["coef"],
                intercept=data["intercept"],
                max_n=int(data["max_n"]),
            )
        except (OSError, ValueError, KeyError, TypeError) as exc:
            raise ModelError(f"cannot read strength weights {path}: {exc}") from exc

    def scores(self, sentence: str) -> dict[Strength, float]:
        """Class probabilities (softmax of the linear scores)."""
        index = [self.vocabulary[g] for g in features(sentence, self.max_n) if g in self.vocabulary]
        norm = math.sqrt(len(index)) or 1.0  # rows are L2-normalised binary vectors, as in training
        logits = [
            b + sum(row[i] for i in index) / norm for row, b in zip(self.coef, self.intercept, strict=True)
        ]
        top = max(logits)
        exps = [math.exp(v - top) for v in logits]
        total = sum(exps)
        return {label: e / total for label, e in zip(self.labels, exps, strict=True)}

    def predict(self, sentence: str) -> Strength:
        scores = self.scores(sentence)
        return max(scores, key=lambda label: scores[label])

    def predict_many(self, sentences: Iterable[str]) -> list[Strength]:
        return [self.predict(s) for s in sentences]


@lru_cache(maxsize=1)
def default_model() -> StrengthModel:
    """The committed model, loaded once per process."""
    return StrengthModel.load(DEFAULT_WEIGHTS)
