#!/usr/bin/env python3
"""Bootstrap 95% intervals beside every figure the shared scorer reports.

``../shared/eval/score.py --bootstrap N`` gives intervals for its five summary figures only;
the evidence targets are paper precision, recall and uncovered recall, so this resamples the
posts (seeded, with the scorer's own ``score`` function, nothing re-implemented) and prints an
interval beside each figure. Run by ``make score`` after the shared scorer.

Usage: score_intervals.py GOLD_POSTS.jsonl PREDICTIONS.jsonl [--bootstrap N] [--scorer PATH]
"""

from __future__ import annotations

import importlib.util
import random
import sys
from pathlib import Path
from types import ModuleType
from typing import Any

DEFAULT_SCORER = Path(__file__).resolve().parents[1].parent / "shared" / "eval" / "score.py"
FIGURES = (
    ("papers", ("precision", "recall", "f1", "covered_recall", "uncovered_recall")),
    ("post_type", ("accuracy", "macro_f1")),
    ("claims", ("precision", "recall", "f1", "strength_accuracy", "strength_macro_f1")),
    ("overstated", ("precision", "recall", "f1")),
)


def _scorer(path: Path) -> ModuleType:
    spec = importlib.util.spec_from_file_location("shared_score", path)
    if spec is None or spec.loader is None:
        raise SystemExit(f"{path}: cannot load the scorer")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def intervals(
    scorer: ModuleType, gold: list[Any], preds: list[Any], rounds: int, seed: int = 20261201
) -> dict:
    rng = random.Random(seed)
    by_id = {str(p["id"]): p for p in preds}
    samples: dict[tuple[str, str], list[float]] = {(f, k): [] for f, keys in FIGURES for k in keys}
    for _ in range(rounds):
        picked = [rng.choice(gold) for _ in gold]
        renamed = [dict(p, id=f"{p['id']}#{i}") for i, p in enumerate(picked)]
        chosen = [
            dict(by_id[str(p["id"])], id=f"{p['id']}#{i}")
            for i, p in enumerate(picked)
            if str(p["id"]) in by_id
        ]
        result = scorer.score(renamed, chosen)
        for key, values in samples.items():
            value = result[key[0]][key[1]]
            if value is not None:
                values.append(value)
    out = {}
    for key, values in samples.items():
        values.sort()
        out[key] = (
            (values[int(0.025 * (len(values) - 1))], values[int(0.975 * (len(values) - 1))])
            if values
            else None
        )
    return out


def main(argv: list[str]) -> int:
    rounds, scorer_path = 1000, DEFAULT_SCORER
    if "--bootstrap" in argv:
        at = argv.index("--bootstrap")
        rounds = int(argv[at + 1])
        argv = argv[:at] + argv[at + 2 :]
    if "--scorer" in argv:
        at = argv.index("--scorer")
        scorer_path = Path(argv[at + 1])
        argv = argv[:at] + argv[at + 2 :]
    if len(argv) != 2:
        print(__doc__.strip(), file=sys.stderr)
        return 2
    scorer = _scorer(scorer_path)
    gold, preds = scorer.load(argv[0]), scorer.load(argv[1])
    result = scorer.score(gold, preds)
    found = intervals(scorer, gold, preds, rounds)
    print(f"each figure with its 95% interval ({rounds} resamples of the {len(gold)} posts):")
    for family, keys in FIGURES:
        parts = []
        for key in keys:
            value, iv = result[family][key], found[(family, key)]
            shown = "n/a" if value is None else f"{value:.3f}"
            parts.append(f"{key}={shown} [{iv[0]:.3f}, {iv[1]:.3f}]" if iv else f"{key}={shown}")
        print(f"  {family}: " + " ".join(parts))
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
