"""Cross-validate and train one fine-tuned sentence head; ``make train`` calls it once per head.

    .venv/bin/python -m models.train_head strength --cv 5       # folds, scores, then the final model
    .venv/bin/python -m models.train_head claim --cv 10
    .venv/bin/python -m models.train_head strength --cv 0       # final model only

Seeded and deterministic on one machine. The cross-validated figures (with bootstrap 95%
intervals over the pooled out-of-fold predictions) are printed and written to
``models/weights/<head>.cv.json``; the model cards quote them. The final model is fitted on
every training sentence and written to ``models/weights/<head>.safetensors`` + ``.json``.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

from models.datasets import DATASETS, Dataset
from models.finetuned import READS_SENTENCE_VECTORS, HeadSpec, input_layer, load_base, save_head
from models.training import (
    TrainConfig,
    binary_f1,
    bootstrap,
    cache_bottom,
    cache_sentence_vectors,
    fit,
    grouped_folds,
    macro_f1,
    predict_proba,
    stratified_folds,
)

WEIGHTS = Path(__file__).with_name("weights")


def cross_validate(
    data: Dataset, cfg: TrainConfig, k: int, base: object, cached: object
) -> tuple[dict[str, object], object]:
    """Pooled out-of-fold predictions over k stratified folds of the evaluated part.

    Extra training sentences (other corpora) join every fold's training part and are never
    tested on.
    """
    n_labels = len(data.labels)
    evaluated = [i for i in range(len(data.texts)) if data.evaluated[i]]
    extra = [
        i for i in range(len(data.texts)) if not data.evaluated[i] and (data.in_cv is None or data.in_cv[i])
    ]
    if data.cv_by_group and data.groups is not None:
        groups = [str(data.groups[i]) for i in evaluated]
        folds = grouped_folds([data.y[i] for i in evaluated], groups, k, cfg.seed)
    else:
        folds = stratified_folds([data.y[i] for i in evaluated], k, cfg.seed)
    pred: dict[int, int] = {}
    per_fold: list[float] = []
    first: object = None
    for f, test_pos in enumerate(folds):
        test = [evaluated[p] for p in test_pos]
        held = set(test)
        train = [i for i in evaluated if i not in held] + extra
        top = fit(base, cached, data.y, train, n_labels, cfg, log=f"{data.name} fold {f + 1}/{k}")  # type: ignore[arg-type]
        first = first if first is not None else top
        probs = predict_proba(top, cached, test)  # type: ignore[arg-type]
        fold_pred = [int(p.argmax()) for p in probs]
        pred.update(zip(test, fold_pred, strict=True))
        score = data.metric([data.y[i] for i in test], fold_pred)
        per_fold.append(score)
        print(f"{data.name} fold {f + 1}/{k}: {data.metric_name} {score:.4f}", file=sys.stderr, flush=True)
    gold = [data.y[i] for i in evaluated]
    got = [pred[i] for i in evaluated]
    overall = data.metric(gold, got)
    low, high = bootstrap(gold, got, data.metric)
    _, per_class = macro_f1(gold, got, n_labels)
    report: dict[str, object] = {
        "folds": k,
        "folds_over": "blocks of consecutive lay sentences" if data.cv_by_group else "sentences",
        "evaluated_sentences": len(evaluated),
        "extra_training_sentences": len(extra),
        "metric": data.metric_name,
        "score": round(overall, 4),
        "ci95": [round(low, 4), round(high, 4)],
        "per_fold": [round(s, 4) for s in per_fold],
        "per_class_f1": {lab: round(v, 4) for lab, v in zip(data.labels, per_class, strict=True)},
        "accuracy": round(sum(g == p for g, p in zip(gold, got, strict=True)) / len(gold), 4),
        # rows: gold label, columns: predicted label, in the order of "per_class_f1"
        "confusion": [
            [sum(1 for g, p in zip(gold, got, strict=True) if g == r and p == c) for c in range(n_labels)]
            for r in range(n_labels)
        ],
        "config": cfg.__dict__,
        "features": list(data.features),
        # pooled out-of-fold label indices, in the order of the evaluated rows (for comparisons
        # such as models/compare_attributes.py, without training again)
        "out_of_fold": got,
    }
    return report, first


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("head", choices=sorted(DATASETS))
    parser.add_argument("--cv", type=int, default=5, help="folds; 0 trains the final model only")
    parser.add_argument("--epochs", type=int, default=None)
    parser.add_argument("--tuned-layers", type=int, default=None)
    parser.add_argument(
        "--features", default=None, help="comma-separated cue features (models.features); '' for none"
    )
    parser.add_argument("--limit", type=int, default=0, help="first N sentences only (smoke runs)")
    parser.add_argument("--out", type=Path, default=WEIGHTS)
    parser.add_argument("--threads", type=int, default=1, help="1 is fastest on a shared machine")
    parser.add_argument(
        "--final",
        choices=("fold1", "all"),
        default=None,
        help="ship fold 1's model (saves a training run on 2 CPU cores) or refit on everything "
        "(default: fold1, or all when some training rows sit out of cross-validation)",
    )
    parser.add_argument(
        "--every-fold-all-extra",
        action="store_true",
        help="every extra training row joins each fold (as the shipped model is trained), even "
        "those the dataset keeps out of cross-validation to save time",
    )
    args = parser.parse_args(argv)

    import torch

    torch.set_num_threads(args.threads)
    data = DATASETS[args.head]()
    if args.limit:
        data = data.head(args.limit)
    if args.every_fold_all_extra:
        data.in_cv = None
    if args.features is not None:
        data.features = tuple(f for f in args.features.split(",") if f)
    cfg = data.config
    if args.epochs is not None:
        cfg = TrainConfig(**{**cfg.__dict__, "epochs": args.epochs})
    if args.tuned_layers is not None:
        cfg = TrainConfig(**{**cfg.__dict__, "tuned_layers": args.tuned_layers})
    tokenizer, base = load_base()
    started = time.time()
    frozen = input_layer(len(base.encoder.layer), cfg.tuned_layers, cfg.reads_layer)
    if data.parts is not None:
        cached = cache_sentence_vectors(tokenizer, base, data.parts, cfg.max_tokens, layer=frozen)
    else:
        cached = cache_bottom(tokenizer, base, data.texts, frozen, cfg.max_tokens, features=data.features)
    print(f"{data.name}: {len(data.texts)} rows cached in {time.time() - started:.0f}s", file=sys.stderr)
    if args.final is None:
        args.final = "all" if data.in_cv is not None and not all(data.in_cv) else "fold1"
    top = None
    if args.cv:
        report, top = cross_validate(data, cfg, args.cv, base, cached)
        report["shipped"] = "fold 1 model" if args.final == "fold1" else "refit on every sentence"
        report["seconds"] = round(time.time() - started)
        print(json.dumps(report, indent=2))
        args.out.mkdir(parents=True, exist_ok=True)
        (args.out / f"{data.name}.cv.json").write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
    trained_on = "every sentence except cross-validation fold 1's test part"
    if top is None or args.final == "all":
        trained_on = "every sentence"
        top = fit(
            base,
            cached,
            data.y,
            list(range(len(data.texts))),
            len(data.labels),
            cfg,
            log=f"{data.name} final",
        )
    spec = HeadSpec(
        data.name, data.labels, cfg.tuned_layers, cfg.max_tokens, data.features, reads_layer=cfg.reads_layer
    )
    extra = {"data": data.source, "trained_on": trained_on, "config": cfg.__dict__}
    if data.parts is not None:
        extra["reads"] = READS_SENTENCE_VECTORS
    save_head(args.out, spec, top, extra)
    print(f"{data.name}: wrote {args.out / (data.name + '.safetensors')}", file=sys.stderr)
    return 0


__all__ = ["binary_f1", "main"]

if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
