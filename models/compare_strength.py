"""Two strength models on lay claim sentences neither trained on, with a paired bootstrap.

    .venv/bin/python -m models.compare_strength BASELINE_DIR CANDIDATE_DIR [--batch models/data/third]

Why: the corpus cross-validation scores researchers' sentences; what subscribers read are lay
claims. A lay batch written after both models were trained is the cleanest test of which one
reads lay wording better. Each folder holds a ``strength.safetensors`` and ``strength.json``.
Rows are the batch's claim sentences and its posts' gold claims, each distinct text once.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
from pathlib import Path

from bot.evidence.types import STRENGTHS
from models.heads import SentenceHeads
from models.training import macro_f1


def claim_rows(batch: Path) -> list[tuple[str, int]]:
    rows: dict[str, str] = {}
    for line in (batch / "sentences.jsonl").read_text(encoding="utf-8").splitlines():
        s = json.loads(line)
        if s.get("is_claim") and s.get("strength") in STRENGTHS:
            rows[str(s["text"])] = str(s["strength"])
    for line in (batch / "posts.jsonl").read_text(encoding="utf-8").splitlines():
        for c in json.loads(line)["gold"]["claims"]:
            rows[str(c["text"])] = str(c["strength"])
    return [(t, STRENGTHS.index(s)) for t, s in rows.items()]


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("baseline", type=Path)
    parser.add_argument("candidate", type=Path)
    parser.add_argument("--batch", type=Path, default=Path("models/data/third"))
    parser.add_argument("--rounds", type=int, default=1000)
    args = parser.parse_args(argv)
    import torch

    torch.set_num_threads(1)
    rows = claim_rows(args.batch)
    gold = [y for _, y in rows]
    preds = []
    for folder in (args.baseline, args.candidate):
        readings = SentenceHeads(weights=folder, heads=("strength",)).classify([t for t, _ in rows])
        preds.append([STRENGTHS.index(r["strength"].label) for r in readings])

    def score(idx: list[int], pred: list[int]) -> float:
        return macro_f1([gold[i] for i in idx], [pred[i] for i in idx], len(STRENGTHS))[0]

    rng = random.Random(13)
    n = len(rows)
    samples: list[tuple[float, float]] = []
    for _ in range(args.rounds):
        idx = [rng.randrange(n) for _ in range(n)]
        samples.append((score(idx, preds[0]), score(idx, preds[1])))

    def interval(values: list[float]) -> str:
        v = sorted(values)
        return f"{v[int(0.025 * len(v))]:.3f}-{v[int(0.975 * len(v)) - 1]:.3f}"

    full = list(range(n))
    a, b = score(full, preds[0]), score(full, preds[1])
    print(f"rows: {n} distinct claim sentences of {args.batch}")
    print(f"baseline {args.baseline}: macro-F1 {a:.3f} ({interval([x for x, _ in samples])})")
    print(f"candidate {args.candidate}: macro-F1 {b:.3f} ({interval([y for _, y in samples])})")
    print(f"difference: {b - a:+.3f} ({interval([y - x for x, y in samples])})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
