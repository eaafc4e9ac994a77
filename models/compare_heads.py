"""Two models of one head (claim or strength) on lay sentences neither trained on, with a paired
bootstrap.

    .venv/bin/python -m models.compare_heads BASELINE_DIR CANDIDATE_DIR --head claim [--batch DIR]

Why: the public benchmarks score tweets (claim) and researchers' sentences (strength); what
subscribers read are lay posts. A lay batch written after both models were trained is the
cleanest test of which one reads lay wording better. Each folder holds ``<head>.safetensors``
and ``<head>.json``.

Rows, each distinct text once: for strength, the batch's claim sentences and its posts' gold
claims (macro-F1 over the four strengths); for claim, the batch's sentences and every sentence of
its posts as the analyzer cuts them, a sentence holding a gold claim being a claim (F1 of claim).
"""

from __future__ import annotations

import argparse
import json
import random
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from bot.evidence.types import STRENGTHS
from models.heads import SentenceHeads
from models.training import binary_f1, macro_f1

CLAIM_LABELS = ("not_claim", "claim")


def _jsonl(path: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def _posts(batch: Path) -> list[dict[str, Any]]:
    """A batch's posts; a batch of sentences only (batch 6) has none."""
    path = batch / "posts.jsonl"
    return _jsonl(path) if path.is_file() else []


def claim_rows(batch: Path) -> list[tuple[str, int]]:
    """(text, strength index) of each claim sentence of a batch."""
    rows: dict[str, str] = {}
    for s in _jsonl(batch / "sentences.jsonl"):
        if s.get("is_claim") and s.get("strength") in STRENGTHS:
            rows[str(s["text"])] = str(s["strength"])
    for post in _posts(batch):
        for c in post["gold"]["claims"]:
            rows[str(c["text"])] = str(c["strength"])
    return [(t, STRENGTHS.index(s)) for t, s in rows.items()]


def sentence_rows(batch: Path) -> list[tuple[str, int]]:
    """(text, 1 if a claim else 0) of each sentence of a batch and of its posts."""
    from models.datasets import lay_post_sentences

    rows: dict[str, int] = {}
    for s in _jsonl(batch / "sentences.jsonl"):
        rows[str(s["text"])] = int(bool(s.get("is_claim")))
    for text, label, _ in lay_post_sentences(_posts(batch)):
        rows.setdefault(text, int(label is not None))
    return list(rows.items())


HEADS: dict[str, tuple[Callable[[Path], list[tuple[str, int]]], tuple[str, ...], str]] = {
    "strength": (claim_rows, STRENGTHS, "macro-F1"),
    "claim": (sentence_rows, CLAIM_LABELS, "F1 of claim"),
}


def _score(gold: Sequence[int], pred: Sequence[int], labels: tuple[str, ...]) -> float:
    return binary_f1(gold, pred) if len(labels) == 2 else macro_f1(gold, pred, len(labels))[0]


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("baseline", type=Path)
    parser.add_argument("candidate", type=Path)
    parser.add_argument("--head", choices=sorted(HEADS), default="strength")
    parser.add_argument("--batch", type=Path, default=Path("models/data/fourth"))
    parser.add_argument("--rounds", type=int, default=1000)
    args = parser.parse_args(argv)
    needed = [args.batch / "sentences.jsonl"]
    needed += [folder / f"{args.head}.safetensors" for folder in (args.baseline, args.candidate)]
    missing = [str(path) for path in needed if not path.is_file()]
    if missing:
        parser.error(f"not found: {', '.join(missing)}")  # one line and exit status 2
    import torch

    torch.set_num_threads(1)
    rows_of, labels, metric = HEADS[args.head]
    rows = rows_of(args.batch)
    gold = [y for _, y in rows]
    preds = []
    for folder in (args.baseline, args.candidate):
        readings = SentenceHeads(weights=folder, heads=(args.head,)).classify([t for t, _ in rows])
        preds.append([labels.index(r[args.head].label) for r in readings])

    def score(idx: list[int], pred: list[int]) -> float:
        return _score([gold[i] for i in idx], [pred[i] for i in idx], labels)

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
    print(f"rows: {n} distinct sentences of {args.batch} ({args.head}, {metric})")
    print(f"baseline {args.baseline}: {a:.3f} ({interval([x for x, _ in samples])})")
    print(f"candidate {args.candidate}: {b:.3f} ({interval([y for _, y in samples])})")
    print(f"difference: {b - a:+.3f} ({interval([y - x for x, y in samples])})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
