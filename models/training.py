"""Fine-tuning and cross-validation of a sentence head, seeded and re-runnable (``make train``).

Why the frozen lower layers are run once and cached: on 2 CPU cores the forward pass through
the frozen part would otherwise be repeated every epoch; caching it makes a fold cost only the
tuned top. Why length-sorted batches: padding a 10-word sentence to 57 words triples its cost.
Why class weights: the heads are judged on macro-F1, and the rare classes (conditional causal,
claims) matter as much as the common ones.
"""

from __future__ import annotations

import math
import random
import sys
import time
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, cast

import numpy as np

from models.finetuned import bottom_states, build_top, mean_pool


@dataclass(frozen=True)
class TrainConfig:
    tuned_layers: int = 3
    epochs: int = 4
    batch_size: int = 32
    lr: float = 8e-5
    head_lr: float = 2e-3
    weight_decay: float = 0.01
    seed: int = 13
    class_weighted: bool = True
    max_tokens: int = 96
    # An untuned head's input: this frozen base layer's output (None: the last); see HeadSpec.
    reads_layer: int | None = None


@dataclass
class Cached:
    """Frozen-part outputs per sentence, trimmed to its real length."""

    states: list[Any]  # each (tokens, dim)
    features: Any = None  # (sentences, n_features) surface cues, when the head reads any

    def cues(self, idx: Sequence[int]) -> Any:
        """The cue features of ``idx`` (None when the head reads none)."""
        return None if self.features is None else self.features[list(idx)]

    def batch(self, idx: Sequence[int]) -> tuple[Any, Any]:
        import torch

        longest = max(self.states[i].shape[0] for i in idx)
        dim = self.states[idx[0]].shape[1]
        hidden = torch.zeros(len(idx), longest, dim)
        attention = torch.zeros(len(idx), longest, dtype=torch.long)
        for row, i in enumerate(idx):
            n = self.states[i].shape[0]
            hidden[row, :n] = self.states[i]
            attention[row, :n] = 1
        return hidden, attention


def cache_bottom(
    tokenizer: Any,
    base: Any,
    texts: Sequence[str],
    frozen_layers: int,
    max_tokens: int = 96,
    chunk: int = 64,
    features: Sequence[str] = (),
) -> Cached:
    """Run the frozen layers once over every text (length-sorted chunks) and keep the results,
    with the named cue features (``models.features``) of every text."""
    import torch

    from models.features import values

    order = sorted(range(len(texts)), key=lambda i: len(texts[i]))
    states: list[Any] = [None] * len(texts)
    for start in range(0, len(order), chunk):
        idx = order[start : start + chunk]
        hidden, attention = bottom_states(tokenizer, base, [texts[i] for i in idx], frozen_layers, max_tokens)
        for row, i in enumerate(idx):
            n = int(attention[row].sum())
            states[i] = hidden[row, :n].clone()
    cues = torch.tensor(values(features, texts), dtype=torch.float32) if features else None
    return Cached(states, cues)


def cache_sentence_vectors(
    tokenizer: Any,
    base: Any,
    parts: Sequence[Sequence[str]],
    max_tokens: int = 96,
    chunk: int = 64,
    layer: int | None = None,
) -> Cached:
    """Each row (a post) as its sentences' vectors: the frozen base's ``layer`` (default: the
    last), mean-pooled per sentence, exactly as ``models.heads.SentenceHeads`` computes them at
    run time.

    Why: a post-level head that reads these costs the analyzer nothing beyond the sentence pass
    it runs anyway (``models/MODEL_CARD_post_type.md``). A row with no sentence gets one of an
    empty string, as at run time.
    """
    import torch

    rows = [list(p) or [""] for p in parts]
    flat = [(r, j, s) for r, sents in enumerate(rows) for j, s in enumerate(sents)]
    order = sorted(range(len(flat)), key=lambda i: len(flat[i][2]))
    vectors: list[Any] = [None] * len(flat)
    depth = len(base.encoder.layer) if layer is None else layer
    for start in range(0, len(order), chunk):
        idx = order[start : start + chunk]
        hidden, attention = bottom_states(tokenizer, base, [flat[i][2] for i in idx], depth, max_tokens)
        pooled = mean_pool(hidden, attention)
        for row, i in enumerate(idx):
            vectors[i] = pooled[row].clone()
    states: list[Any] = []
    at = 0
    for sents in rows:
        states.append(torch.stack(vectors[at : at + len(sents)]))
        at += len(sents)
    return Cached(states)


def _batches(
    indices: Sequence[int], lengths: Sequence[int], size: int, rng: random.Random
) -> list[list[int]]:
    """Shuffle, group neighbours of similar length into batches, shuffle the batches."""
    pool = list(indices)
    rng.shuffle(pool)
    out: list[list[int]] = []
    for start in range(0, len(pool), size * 8):
        chunk = sorted(pool[start : start + size * 8], key=lambda i: lengths[i])
        out.extend(chunk[j : j + size] for j in range(0, len(chunk), size))
    rng.shuffle(out)
    return out


def fit(
    base: Any,
    cached: Cached,
    labels: Sequence[int],
    train_idx: Sequence[int],
    n_labels: int,
    cfg: TrainConfig,
    log: str = "",
) -> Any:
    """Fine-tune a fresh copy of the top layers plus a head on ``train_idx``; returns it in eval mode."""
    import torch

    torch.manual_seed(cfg.seed)
    rng = random.Random(cfg.seed)
    n_features = 0 if cached.features is None else int(cached.features.shape[1])
    top = build_top(base, cfg.tuned_layers, n_labels, n_features)
    top.train()
    for p in top.parameters():
        p.requires_grad = True
    layer_params = [p for n, p in top.named_parameters() if n.startswith("layers.")]
    cue_params = [p for n, p in top.named_parameters() if n.startswith("cue.")]
    head_params = [p for n, p in top.named_parameters() if not n.startswith(("layers.", "cue."))]
    groups: list[dict[str, Any]] = [{"params": head_params, "lr": cfg.head_lr}]
    if cue_params:
        # The cue skip learns fast: a few 0/1 inputs, before the MLP can memorise the training
        # sentences from the encoder's 768 numbers and leave the cues no gradient.
        groups.append({"params": cue_params, "lr": cfg.head_lr * 20, "weight_decay": 0.0})
    if layer_params:
        groups.append({"params": layer_params, "lr": cfg.lr})
    opt = torch.optim.AdamW(groups, weight_decay=cfg.weight_decay)
    counts = np.bincount([labels[i] for i in train_idx], minlength=n_labels).astype(np.float64)
    weights = None
    if cfg.class_weighted:
        w = np.sqrt(counts.sum() / (n_labels * np.maximum(counts, 1.0)))
        weights = torch.tensor(w / w.mean(), dtype=torch.float32)
    lengths = [s.shape[0] for s in cached.states]
    steps_per_epoch = math.ceil(len(train_idx) / cfg.batch_size)
    total = steps_per_epoch * cfg.epochs
    warmup = max(1, total // 10)
    sched = torch.optim.lr_scheduler.LambdaLR(
        opt, lambda s: min((s + 1) / warmup, max(0.0, (total - s) / max(1, total - warmup)))
    )
    y = torch.tensor(list(labels), dtype=torch.long)
    step, started = 0, time.time()
    for epoch in range(cfg.epochs):
        running = 0.0
        for batch in _batches(train_idx, lengths, cfg.batch_size, rng):
            hidden, attention = cached.batch(batch)
            logits = top(hidden, attention, cached.cues(batch))
            loss = torch.nn.functional.cross_entropy(logits, y[batch], weight=weights)
            cast(Any, loss).backward()
            torch.nn.utils.clip_grad_norm_(top.parameters(), 1.0)
            opt.step()
            sched.step()
            opt.zero_grad()
            running += loss.item()
            step += 1
        if log:
            print(
                f"{log} epoch {epoch + 1}/{cfg.epochs} loss {running / steps_per_epoch:.4f} "
                f"({time.time() - started:.0f}s)",
                file=sys.stderr,
                flush=True,
            )
    top.eval()
    return top


def predict_proba(top: Any, cached: Cached, idx: Sequence[int], batch_size: int = 64) -> np.ndarray:
    """Class probabilities for the cached sentences ``idx``, in that order."""
    import torch

    lengths = [cached.states[i].shape[0] for i in idx]
    order = sorted(range(len(idx)), key=lambda j: lengths[j])
    out = np.zeros((len(idx), top.head.out_features), dtype=np.float32)
    with torch.inference_mode():
        for start in range(0, len(order), batch_size):
            rows = order[start : start + batch_size]
            chosen = [idx[j] for j in rows]
            hidden, attention = cached.batch(chosen)
            out[rows] = torch.softmax(top(hidden, attention, cached.cues(chosen)), dim=-1).numpy()
    return out


def stratified_folds(labels: Sequence[int], k: int, seed: int) -> list[list[int]]:
    """k disjoint test folds, each with about the same share of every label."""
    rng = random.Random(seed)
    folds: list[list[int]] = [[] for _ in range(k)]
    by_label: dict[int, list[int]] = {}
    for i, lab in enumerate(labels):
        by_label.setdefault(lab, []).append(i)
    offset = 0
    for lab in sorted(by_label):
        members = by_label[lab]
        rng.shuffle(members)
        for j, i in enumerate(members):
            folds[(j + offset) % k].append(i)
        offset += len(members)
    return [sorted(f) for f in folds]


def grouped_folds(labels: Sequence[int], groups: Sequence[str], k: int, seed: int) -> list[list[int]]:
    """k disjoint test folds that never split a group, each with about the same share of every label.

    Groups are placed one at a time (shuffled, those holding the most of a rare label first)
    into the fold where their labels are scarcest so far.
    """
    rng = random.Random(seed)
    members: dict[str, list[int]] = {}
    for i, g in enumerate(groups):
        members.setdefault(g, []).append(i)
    totals = Counter(labels)
    order = list(members)
    rng.shuffle(order)
    rarity = {g: max(1.0 / totals[labels[i]] for i in members[g]) for g in order}
    order.sort(key=lambda g: -rarity[g])
    folds: list[list[int]] = [[] for _ in range(k)]
    counts: list[Counter[int]] = [Counter() for _ in range(k)]
    for g in order:
        mine = Counter(labels[i] for i in members[g])

        def load(f: int, mine: Counter[int] = mine) -> tuple[float, int]:
            return sum(n * counts[f][c] / totals[c] for c, n in mine.items()), len(folds[f])

        best = min(range(k), key=load)
        folds[best].extend(members[g])
        counts[best].update(mine)
    return [sorted(f) for f in folds]


def macro_f1(gold: Sequence[int], pred: Sequence[int], n_labels: int) -> tuple[float, list[float]]:
    per: list[float] = []
    for c in range(n_labels):
        tp = sum(1 for g, p in zip(gold, pred, strict=True) if g == c and p == c)
        fp = sum(1 for g, p in zip(gold, pred, strict=True) if g != c and p == c)
        fn = sum(1 for g, p in zip(gold, pred, strict=True) if g == c and p != c)
        per.append(2 * tp / (2 * tp + fp + fn) if tp else 0.0)
    return sum(per) / n_labels, per


def binary_f1(gold: Sequence[int], pred: Sequence[int]) -> float:
    return macro_f1(gold, pred, 2)[1][1]


def bootstrap(
    gold: Sequence[int], pred: Sequence[int], metric: Any, n: int = 1000, seed: int = 7
) -> tuple[float, float]:
    """95% percentile interval of ``metric(gold, pred)`` over resampled items."""
    rng = random.Random(seed)
    size = len(gold)
    values = []
    for _ in range(n):
        idx = [rng.randrange(size) for _ in range(size)]
        values.append(metric([gold[i] for i in idx], [pred[i] for i in idx]))
    values.sort()
    return values[int(0.025 * n)], values[int(0.975 * n) - 1]
