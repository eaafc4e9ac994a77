"""A post's topics (atlas tag values) from its pooled MiniLM embedding: one linear layer, multi-label.

    .venv/bin/python -m models.topics --cv 5     # folds over posts, scores, then the final model

Why so small: 400 labelled posts (the lay set, both halves) and 55 tag values, most with a
handful of posts; anything with more parameters than one weight per (dimension, tag) only
memorises. Why the pooled post embedding (``models.encoder.Encoder``: mean-pooled, unit length,
the title, a blank line and the body, 256 tokens): it is what the encoder already computes for
a post, so topics cost one matrix product. Only tags that at least ``MIN_POSTS`` lay posts carry
are learned: a tag seen in two posts cannot be learned or measured.

Seeded and deterministic on one machine. Figures (micro- and macro-F1 over posts, bootstrap
95% intervals) go to ``models/weights/topics.cv.json``; the card is ``MODEL_CARD_topics.md``.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt

from bot.errors import ModelError
from models.datasets import lay_posts, post_text

WEIGHTS = Path(__file__).with_name("weights")
ATLAS_CARDS = Path(__file__).resolve().parents[1] / "bot/atlas/sample/cards.jsonl"
MIN_POSTS = 5
THRESHOLD = 0.5

Matrix = npt.NDArray[np.float32]


def atlas_tags(path: Path = ATLAS_CARDS) -> set[str]:
    """Every tag value of the bundled atlas cards (symptom, biomarker, mechanism, treatment)."""
    tags: set[str] = set()
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip():
            for values in (json.loads(line).get("tags") or {}).values():
                tags.update(values)
    return tags


@dataclass
class TopicData:
    texts: list[str]
    labels: tuple[str, ...]
    y: Matrix  # (posts, labels) 0/1
    dropped: dict[str, int]  # gold tags too rare to learn, with their post counts


def tagged_posts(posts: Sequence[dict[str, Any]]) -> list[dict[str, Any]]:
    """The posts whose gold topics are atlas tags (or none)."""
    tags = atlas_tags()
    return [p for p in posts if all(t in tags for t in p["gold"].get("topics") or ())]


def topic_data(posts: Sequence[dict[str, Any]] | None = None, min_posts: int = MIN_POSTS) -> TopicData:
    """The lay posts' texts and their gold topics, restricted to atlas tags carried by enough posts.

    A post whose topics are not atlas tags was labelled in another scheme (batch 4 names the
    tag groups, "symptom" or "treatment"), so it is left out rather than read as having none."""
    posts = tagged_posts(lay_posts() if posts is None else posts)
    tags = atlas_tags()
    counts = Counter(t for p in posts for t in set(p["gold"].get("topics") or ()) if t in tags)
    labels = tuple(sorted(t for t, n in counts.items() if n >= min_posts))
    y = np.zeros((len(posts), len(labels)), dtype=np.float32)
    for i, post in enumerate(posts):
        for t in post["gold"].get("topics") or ():
            if t in labels:
                y[i, labels.index(t)] = 1.0
    texts = [post_text(p.get("title") or "", p["body"]) for p in posts]
    return TopicData(texts, labels, y, {t: n for t, n in sorted(counts.items()) if t not in labels})


def fit(
    x: Matrix, y: Matrix, seed: int = 13, epochs: int = 400, lr: float = 0.02, decay: float = 1e-3
) -> Any:
    """One linear layer, full-batch AdamW on binary cross-entropy; rare tags' positives weighted up
    (square root of the negative-to-positive ratio) so that they are not simply never predicted."""
    import torch

    torch.manual_seed(seed)
    layer = torch.nn.Linear(x.shape[1], y.shape[1])
    xs, ys = torch.from_numpy(x), torch.from_numpy(y)
    pos = ys.sum(0).clamp(min=1.0)
    weight = torch.sqrt((len(ys) - pos) / pos)
    opt = torch.optim.AdamW(layer.parameters(), lr=lr, weight_decay=decay)
    for _ in range(epochs):
        opt.zero_grad()
        loss = torch.nn.functional.binary_cross_entropy_with_logits(layer(xs), ys, pos_weight=weight)
        loss.backward()  # type: ignore[no-untyped-call]
        opt.step()
    return layer.eval()


def probabilities(layer: Any, x: Matrix) -> Matrix:
    import torch

    with torch.inference_mode():
        return np.asarray(torch.sigmoid(layer(torch.from_numpy(x))).numpy(), dtype=np.float32)


def _f1(tp: float, fp: float, fn: float) -> float:
    return 2 * tp / (2 * tp + fp + fn) if tp else 0.0


def micro_f1(gold: Matrix, pred: Matrix) -> float:
    tp = float((gold * pred).sum())
    return _f1(tp, float(((1 - gold) * pred).sum()), float((gold * (1 - pred)).sum()))


def macro_f1(gold: Matrix, pred: Matrix) -> float:
    """Mean per-tag F1 over the tags present in ``gold`` (a resample may lack a rare tag)."""
    scores = [
        _f1(float((g * p).sum()), float(((1 - g) * p).sum()), float((g * (1 - p)).sum()))
        for g, p in zip(gold.T, pred.T, strict=True)
        if g.sum() > 0
    ]
    return sum(scores) / len(scores) if scores else 0.0


def bootstrap(gold: Matrix, pred: Matrix, metric: Any, n: int = 1000, seed: int = 7) -> tuple[float, float]:
    """95% percentile interval of ``metric`` over posts resampled with replacement."""
    rng = random.Random(seed)
    values = []
    for _ in range(n):
        idx = [rng.randrange(len(gold)) for _ in range(len(gold))]
        values.append(metric(gold[idx], pred[idx]))
    values.sort()
    return values[int(0.025 * n)], values[int(0.975 * n) - 1]


def folds(n: int, k: int, seed: int) -> list[list[int]]:
    order = list(range(n))
    random.Random(seed).shuffle(order)
    return [sorted(order[f::k]) for f in range(k)]


def cross_validate(x: Matrix, data: TopicData, k: int, seed: int = 13) -> dict[str, Any]:
    """Pooled out-of-fold predictions over k folds of posts, scored micro and macro."""
    pred = np.zeros_like(data.y)
    for test in folds(len(data.texts), k, seed):
        train = [i for i in range(len(data.texts)) if i not in set(test)]
        layer = fit(x[train], data.y[train], seed)
        pred[test] = (probabilities(layer, x[test]) >= THRESHOLD).astype(np.float32)
    micro, macro = micro_f1(data.y, pred), macro_f1(data.y, pred)
    per_tag = {t: round(macro_f1(data.y[:, [j]], pred[:, [j]]), 4) for j, t in enumerate(data.labels)}
    none_gold = int((data.y.sum(1) == 0).sum())
    return {
        "folds": k,
        "folds_over": "posts",
        "posts": len(data.texts),
        "posts_without_a_learned_topic": none_gold,
        "labels": len(data.labels),
        "micro_f1": round(micro, 4),
        "micro_ci95": [round(v, 4) for v in bootstrap(data.y, pred, micro_f1)],
        "macro_f1": round(macro, 4),
        "macro_ci95": [round(v, 4) for v in bootstrap(data.y, pred, macro_f1)],
        "per_tag_f1": per_tag,
        "gold_positives": {t: int(data.y[:, j].sum()) for j, t in enumerate(data.labels)},
        "not_learned_too_few_posts": data.dropped,
        "threshold": THRESHOLD,
    }


def cited_card_tags(
    posts: Sequence[dict[str, Any]], labels: Sequence[str], kinds: Sequence[str], cards: Path = ATLAS_CARDS
) -> Matrix:
    """A baseline with no model: the tags (of the given kinds) of the cards each post's gold
    papers have. It is what the analyzer reports as topics today, given perfect matching."""
    by_id = {}
    for line in cards.read_text(encoding="utf-8").splitlines():
        if line.strip():
            card = json.loads(line)
            by_id[card["id"]] = card.get("tags") or {}
    pred = np.zeros((len(posts), len(labels)), dtype=np.float32)
    for i, post in enumerate(posts):
        for paper in post["gold"].get("papers") or ():
            tags = by_id.get(paper.get("atlas_id") or "", {})
            for kind in kinds:
                for t in tags.get(kind, ()):
                    if t in labels:
                        pred[i, list(labels).index(t)] = 1.0
    return pred


def baselines(data: TopicData, posts: Sequence[dict[str, Any]]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for name, kinds in (
        ("cited_cards_mechanism_treatment_tags", ("mechanism", "treatment")),
        ("cited_cards_all_tags", ("symptom", "biomarker", "mechanism", "treatment")),
    ):
        pred = cited_card_tags(posts, data.labels, kinds)
        out[name] = {
            "micro_f1": round(micro_f1(data.y, pred), 4),
            "micro_ci95": [round(v, 4) for v in bootstrap(data.y, pred, micro_f1)],
            "macro_f1": round(macro_f1(data.y, pred), 4),
            "macro_ci95": [round(v, 4) for v in bootstrap(data.y, pred, macro_f1)],
        }
    return out


def save(folder: Path, layer: Any, labels: Sequence[str], extra: dict[str, Any]) -> None:
    from safetensors.torch import save_file

    folder.mkdir(parents=True, exist_ok=True)
    save_file(
        {k: v.detach().contiguous() for k, v in layer.state_dict().items()},
        str(folder / "topics.safetensors"),
    )
    meta = {"name": "topics", "labels": list(labels), "threshold": THRESHOLD, **extra}
    (folder / "topics.json").write_text(json.dumps(meta, indent=2) + "\n", encoding="utf-8")


class TopicHead:
    """The committed topic layer on the encoder's pooled post embedding; ``topics(texts)``."""

    def __init__(self, encoder: Any, weights: Path = WEIGHTS) -> None:
        """``encoder``: a ``models.encoder.Encoder`` (its cache serves every other caller too)."""
        from safetensors.torch import load_file

        meta_path, path = weights / "topics.json", weights / "topics.safetensors"
        if not meta_path.is_file() or not path.is_file():
            raise ModelError(f"model weights missing: {path} (run `make train`)")
        import torch

        try:
            meta = json.loads(meta_path.read_text(encoding="utf-8"))
            self.labels: tuple[str, ...] = tuple(meta["labels"])
            self.threshold = float(meta["threshold"])
            state = load_file(str(path))
            self.layer = torch.nn.Linear(int(state["weight"].shape[1]), len(self.labels))
            self.layer.load_state_dict(state)
        except Exception as exc:
            raise ModelError(f"cannot load model {path}: {str(exc).splitlines()[0]}") from exc
        self.layer.eval()
        self.encoder = encoder

    def topics(self, texts: Sequence[str]) -> list[tuple[str, ...]]:
        """Each text's topics, in the atlas's spelling, sorted; possibly none."""
        if not texts:
            return []
        probs = probabilities(self.layer, self.encoder.embed(list(texts)))
        return [
            tuple(t for t, p in zip(self.labels, row, strict=True) if p >= self.threshold) for row in probs
        ]


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cv", type=int, default=5, help="folds over posts; 0 trains the final model only")
    parser.add_argument("--out", type=Path, default=WEIGHTS)
    args = parser.parse_args(argv)

    import torch

    from models.encoder import Encoder

    torch.set_num_threads(1)
    posts = tagged_posts(lay_posts())
    data = topic_data(posts)
    x = Encoder().embed(data.texts)
    if args.cv:
        report = cross_validate(x, data, args.cv)
        report["baselines_on_gold_papers"] = baselines(data, posts)
        print(json.dumps(report, indent=2))
        args.out.mkdir(parents=True, exist_ok=True)
        (args.out / "topics.cv.json").write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
    layer = fit(x, data.y)
    save(
        args.out,
        layer,
        data.labels,
        {
            "data": f"models/data lay posts labelled with atlas tags ({len(data.texts)}; CC0-1.0)",
            "trained_on": "every post",
            "min_posts": MIN_POSTS,
        },
    )
    print(f"topics: wrote {args.out / 'topics.safetensors'}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
