"""The labelled sentences each head trains on, read from the corpora in ``../shared/data``.

Each reader returns a ``Dataset``: texts, integer labels, and which rows are *evaluated*
(cross-validated and scored, the benchmark's own items) versus extra training rows that join
every fold's training part but are never scored (other corpora, our lay-language set).
Paths are relative to the repository root, where ``make train`` runs.
"""

from __future__ import annotations

import csv
import json
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from bot.evidence.types import POST_TYPES, STRENGTHS
from models.training import TrainConfig, binary_f1, macro_f1

SHARED = Path("../shared/data")
LAY = Path(__file__).with_name("data")

# The causal-language corpus's codes are NOT in strength order (see its SOURCE.md).
CAUSAL_CODES = {"0": "none", "1": "direct_causal", "2": "conditional_causal", "3": "correlational"}


@dataclass
class Dataset:
    name: str
    labels: tuple[str, ...]
    texts: list[str]
    y: list[int]
    evaluated: list[bool]  # scored in cross-validation; the rest is extra training data
    source: str
    metric_name: str
    config: TrainConfig = field(default_factory=TrainConfig)
    # Extra rows that also join every cross-validation fold's training part (None: all of them).
    # The shipped model is refitted on every row either way.
    in_cv: list[bool] | None = None

    def metric(self, gold: Sequence[int], pred: Sequence[int]) -> float:
        if self.metric_name == "f1":
            return binary_f1(gold, pred)
        return macro_f1(gold, pred, len(self.labels))[0]

    def head(self, n: int) -> Dataset:
        return Dataset(
            self.name,
            self.labels,
            self.texts[:n],
            self.y[:n],
            self.evaluated[:n],
            self.source,
            self.metric_name,
            self.config,
            self.in_cv[:n] if self.in_cv else None,
        )


def _dedupe(rows: list[tuple[str, int, bool]]) -> list[tuple[str, int, bool]]:
    """Drop every sentence that occurs more than once, so none sits in both train and test."""
    counts = Counter(text for text, _, _ in rows)
    return [r for r in rows if counts[r[0]] == 1]


def causal_rows(
    path: Path = SHARED / "causal-language-pubmed/pubmed_causal_language_use.csv",
) -> list[tuple[str, int, bool]]:
    with path.open(encoding="utf-8", newline="") as fh:
        return [
            (r["sentence"].strip(), STRENGTHS.index(CAUSAL_CODES[r["label"].strip()]), True)
            for r in csv.DictReader(fh)
        ]


def lay_sentences(path: Path = LAY / "sentences.jsonl") -> list[dict[str, object]]:
    """Our lay-language sentences (models/data/SOURCE.md); empty until that set is committed."""
    if not path.is_file():
        return []
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def lay_post_sentences(path: Path = LAY / "posts.jsonl") -> list[tuple[str, str | None]]:
    """Every sentence of our lay posts' bodies with its gold strength, or None when not a claim.

    The posts' gold claims are exact sentences as ``split_sentences`` cuts them, so the other
    sentences of each body are labelled non-claims by the same annotation.
    """
    from bot.evidence.sentences import split_sentences

    if not path.is_file():
        return []
    out: list[tuple[str, str | None]] = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        post = json.loads(line)
        gold = {c["text"]: c["strength"] for c in post["gold"]["claims"]}
        out.extend((s, gold.get(s)) for s in split_sentences(post["body"]))
    return out


def strength() -> Dataset:
    rows = causal_rows()
    for s in lay_sentences():
        if s.get("is_claim") and s.get("strength") in STRENGTHS:
            rows.append((str(s["text"]), STRENGTHS.index(s["strength"]), False))
    for text, label in lay_post_sentences():
        if label in STRENGTHS:
            rows.append((text, STRENGTHS.index(label), False))
    rows = _dedupe(rows)
    return Dataset(
        "strength",
        STRENGTHS,
        [r[0] for r in rows],
        [r[1] for r in rows],
        [r[2] for r in rows],
        "causal-language-pubmed (Yu et al. 2019, GPL-3.0)"
        + (" + models/data lay sentences and posts" if lay_sentences() else ""),
        "macro_f1",
        TrainConfig(tuned_layers=1, epochs=4, head_lr=1e-3),
    )


def scitweets_rows(path: Path = SHARED / "scitweets/annotations.tsv") -> list[tuple[str, int, bool]]:
    """Category 1.1 (scientific claim or question); undecided (0.5) tweets dropped."""
    out = []
    with path.open(encoding="utf-8", newline="") as fh:
        for r in csv.DictReader(fh, delimiter="\t"):
            answer = float(r["cat1_final_answer"])
            if answer in (0.0, 1.0):
                out.append((r["text"].strip(), int(answer), True))
    return out


def scifact_rows(folder: Path = SHARED / "scifact", every: int = 3) -> list[tuple[str, int, bool]]:
    """A third of the SciFact claims as extra positives: formal, one claim a sentence."""
    out = []
    for name in ("claims_train.jsonl", "claims_dev.jsonl", "claims_test.jsonl"):
        for i, line in enumerate((folder / name).read_text(encoding="utf-8").splitlines()):
            if line.strip() and i % every == 0:
                out.append((json.loads(line)["claim"].strip(), 1, False))
    return out


def claim() -> Dataset:
    """SciTweets 1.1 (scored), SciFact (extra, in every fold), our lay sentences (shipped model only:
    tripling each of the ten folds' training cost is more than 2 shared CPU cores allow)."""
    rows = scitweets_rows() + scifact_rows()
    benchmark = len(rows)
    for s in lay_sentences():
        rows.append((str(s["text"]), int(bool(s.get("is_claim"))), False))
    rows.extend((text, int(label is not None), False) for text, label in lay_post_sentences())
    keep = set(_dedupe(rows))
    in_cv = [i < benchmark for i, r in enumerate(rows) if r in keep]
    rows = [r for r in rows if r in keep]
    return Dataset(
        "claim",
        ("not_claim", "claim"),
        [r[0] for r in rows],
        [r[1] for r in rows],
        [r[2] for r in rows],
        "SciTweets cat. 1.1 (Hafid et al. 2022, CC BY 4.0) + SciFact claims (CC BY 4.0)"
        + (" + models/data lay sentences and posts" if lay_sentences() else ""),
        "f1",
        TrainConfig(tuned_layers=1, epochs=4, head_lr=1e-3),
        in_cv,
    )


def post_text(title: str, body: str) -> str:
    """What the post-type head reads: the title, a blank line, the body (as the analyzer does)."""
    return f"{title}\n\n{body}" if title else body


def post_type() -> Dataset:
    """Our lay posts (models/data), every one evaluated: the only post-type labels we may train on."""
    rows = []
    path = LAY / "posts.jsonl"
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip():
            post = json.loads(line)
            rows.append(
                (
                    post_text(post.get("title") or "", post["body"]),
                    POST_TYPES.index(post["gold"]["post_type"]),
                    True,
                )
            )
    return Dataset(
        "post_type",
        POST_TYPES,
        [r[0] for r in rows],
        [r[1] for r in rows],
        [r[2] for r in rows],
        "models/data lay posts (CC0-1.0)",
        "macro_f1",
        TrainConfig(tuned_layers=0, epochs=30, batch_size=16, head_lr=1e-3, max_tokens=256),
    )


DATASETS: dict[str, Callable[[], Dataset]] = {"strength": strength, "claim": claim, "post_type": post_type}
