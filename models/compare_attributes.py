"""The sentence-attribute heads against the cue patterns they replace, on the lay sentences.

    .venv/bin/python -m models.compare_attributes

For each attribute the overstatement policy reads (what a claim is about, attribution,
negation, question) it prints the cue pattern's accuracy and F1 when the pattern alone
decides, and the head's pooled out-of-fold figures from ``models/weights/<head>.cv.json``
(5 folds over blocks of consecutive sentences, ``make train``), each F1 with a bootstrap 95%
interval over the same sentences. The pattern is not trained, so its figure is on every
sentence; the head's is on sentences it was not trained on. ``bot/evidence/claim_model.py``
takes each attribute from the head only where the head is at least as good. Only lay training
sentences are read: no dev post, no evaluation set.
"""

from __future__ import annotations

import json
import re
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

from models.datasets import DATASETS
from models.features import ATTRIBUTION, NEGATION, QUESTION_END, TREATMENT
from models.training import binary_f1, bootstrap

WEIGHTS = Path(__file__).with_name("weights")

# attribute -> (dataset, cue pattern, which label counts as positive)
CUES: dict[str, tuple[str, re.Pattern[str], str]] = {
    "treatment (about)": ("about", TREATMENT, "treatment_efficacy"),
    "attributed": ("attributed", ATTRIBUTION, "attributed"),
    "negated": ("negated", NEGATION, "negated"),
    "question": ("question", QUESTION_END, "question"),
}


def _accuracy(gold: Sequence[int], pred: Sequence[int]) -> float:
    return sum(g == p for g, p in zip(gold, pred, strict=True)) / len(gold)


def _line(name: str, gold: Sequence[int], pred: Sequence[int], metric: Callable[..., float]) -> str:
    low, high = bootstrap(gold, pred, metric)
    return (
        f"{name}: accuracy {_accuracy(gold, pred):.3f}, F1 {metric(gold, pred):.3f} [{low:.3f}, {high:.3f}]"
    )


def compare(weights: Path = WEIGHTS) -> list[str]:
    lines: list[str] = []
    for attribute, (dataset, pattern, positive) in CUES.items():
        data = DATASETS[dataset]()
        k = data.labels.index(positive)
        gold = [int(y == k) for y in data.y]
        cue = [int(bool(pattern.search(t))) for t in data.texts]
        lines.append(f"{attribute} ({len(gold)} sentences, {sum(gold)} positive)")
        lines.append("  " + _line("cue pattern", gold, cue, binary_f1))
        report = json.loads((weights / f"{dataset}.cv.json").read_text(encoding="utf-8"))
        oof = report.get("out_of_fold")
        if oof is None or len(oof) != len(gold):
            lines.append("  head: no out-of-fold predictions in the cv file (run `make train`)")
            continue
        head = [int(p == k) for p in oof]
        lines.append("  " + _line(f"head, {report['folds']}-fold CV", gold, head, binary_f1))
    return lines


def main(argv: list[str]) -> int:
    del argv
    print("\n".join(compare()))
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
