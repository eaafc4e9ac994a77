"""The heads on our 400 lay posts, by K-fold cross-validation over posts.

    .venv/bin/python -m models.lay_cv --folds 5 --out var/lay_cv          # train, predict, score
    python3 ../shared/eval/score.py var/lay_cv/gold.jsonl var/lay_cv/models.jsonl --bootstrap 1000

Why these posts: the old phrase rules were written while looking at the dev posts, so the dev
posts flattered them; the lay posts (``models/data``, every batch) were written blind, and
neither the rules nor any cue ever saw them. Because the heads train on them, they are used
only cross-validated: for each fold (posts, stratified by post type, seeded) the claim,
strength and post-type heads are trained as ``make train`` trains them (``models.datasets``
recipes) on the public corpora plus the lay data of the other folds, with every sentence of a
held-out post kept out of training; the held-out posts are then analysed by the analyzer
with that fold's heads, and the predictions for all 400 posts are scored by
``../shared/eval/score.py --bootstrap 1000``.

The comparison with the rules that decided the switch to the models (``models/lay_cv.json``,
``models/LAY_CV.md``) was run by this script at commit db83954, which also analysed every post
with the rules and with each decision swapped alone, and bootstrapped the paired differences;
the rules were deleted afterwards, so only the models' figures can be measured again. Stages
are resumable: a fold whose weights exist is not trained again.
"""

from __future__ import annotations

import argparse
import json
import re
import subprocess
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from bot.evidence.claim_model import post_text
from models.datasets import Dataset, Post, lay_posts
from models.datasets import claim as claim_data
from models.datasets import post_type as post_type_data
from models.datasets import strength as strength_data
from models.finetuned import READS_SENTENCE_VECTORS
from models.training import TrainConfig, cache_bottom, cache_sentence_vectors, fit, stratified_folds

SCORER = Path("../shared/eval/score.py")
ATLAS = Path("../shared/data/atlas-sample/cards.jsonl")


def post_folds(posts: Sequence[Post], k: int, seed: int) -> list[list[str]]:
    """k disjoint sets of post ids, each with about the same share of every post type."""
    types = sorted({p["gold"]["post_type"] for p in posts})
    labels = [types.index(p["gold"]["post_type"]) for p in posts]
    return [[str(posts[i]["id"]) for i in fold] for fold in stratified_folds(labels, k, seed)]


def held_out_sentences(posts: Sequence[Post]) -> set[str]:
    """Every sentence of the held-out posts' bodies (titles too): none may be trained on."""
    from bot.evidence.sentences import split_sentences

    return {s for p in posts for s in split_sentences(p["body"])} | {
        post_text(p.get("title") or "", p["body"]) for p in posts
    }


def train_rows(data: Dataset, held_ids: set[str], held_texts: set[str]) -> list[int]:
    """Rows of ``data`` that come from no held-out post and repeat none of its sentences."""
    groups = data.groups or [None] * len(data.texts)
    return [i for i, t in enumerate(data.texts) if groups[i] not in held_ids and t not in held_texts]


def train_folds(
    posts: Sequence[Post], folds: list[list[str]], out: Path, epochs: int | None, log: Callable[[str], None]
) -> dict[str, Any]:
    """Fit and save each fold's three heads (skipping folds already saved); returns the counts."""
    from models.finetuned import HeadSpec, input_layer, load_base, save_head

    tokenizer, base = load_base()
    by_id = {str(p["id"]): p for p in posts}
    counts: dict[str, Any] = {}
    for name, make in (("claim", claim_data), ("strength", strength_data), ("post_type", post_type_data)):
        data = make()
        cfg = data.config
        if epochs is not None and cfg.tuned_layers:
            cfg = TrainConfig(**{**cfg.__dict__, "epochs": epochs})
        todo = [f for f in range(len(folds)) if not (out / f"fold{f + 1}" / f"{name}.safetensors").is_file()]
        counts[name] = {"rows": len(data.texts), "config": cfg.__dict__, "train_rows": {}}
        cached = None
        for f in range(len(folds)):
            held = set(folds[f])
            rows = train_rows(data, held, held_out_sentences([by_id[i] for i in held]))
            counts[name]["train_rows"][f + 1] = len(rows)
            if f not in todo:
                continue
            if cached is None:
                started = time.time()
                frozen = input_layer(len(base.encoder.layer), cfg.tuned_layers, cfg.reads_layer)
                if data.parts is not None:  # the post-type head reads its posts' sentence vectors
                    cached = cache_sentence_vectors(tokenizer, base, data.parts, cfg.max_tokens, layer=frozen)
                else:
                    cached = cache_bottom(tokenizer, base, data.texts, frozen, cfg.max_tokens)
                log(f"{name}: {len(data.texts)} texts cached in {time.time() - started:.0f}s")
            started = time.time()
            top = fit(base, cached, data.y, rows, len(data.labels), cfg, log=f"lay-cv {name} fold {f + 1}")
            spec = HeadSpec(name, data.labels, cfg.tuned_layers, cfg.max_tokens, reads_layer=cfg.reads_layer)
            extra: dict[str, Any] = {"lay_cv_fold": f + 1, "held_out_posts": sorted(held)}
            if data.parts is not None:
                extra["reads"] = READS_SENTENCE_VECTORS
            save_head(out / f"fold{f + 1}", spec, top, extra)
            log(f"{name} fold {f + 1}: {len(rows)} rows, {time.time() - started:.0f}s")
    return counts


def predict(posts: Sequence[Post], folds: list[list[str]], out: Path, atlas: Path) -> Path:
    """analyze-file rows for every post, each post read by its own fold's heads."""
    from bot.atlas.importer import read_atlas
    from bot.commands.analyze import analysis_json
    from bot.evidence.analyze import Analyzer
    from bot.evidence.claim_model import CLAIM_GATE, ClaimReader, PostTypeReader
    from models.heads import SentenceHeads

    cards = read_atlas([atlas]).cards
    by_id = {str(p["id"]): p for p in posts}
    rows: dict[str, dict[str, Any]] = {}
    analyzer: Analyzer | None = None
    for f, fold in enumerate(folds):
        weights = out / f"fold{f + 1}"
        # One SentenceHeads for both readers, as in the analyzer: the post type pools the very
        # sentence vectors the claim pass computed.
        heads = SentenceHeads(weights=weights, heads=("claim", "strength", "post_type"), gates=CLAIM_GATE)
        claims = ClaimReader(heads)
        types = PostTypeReader(claims.heads)
        if analyzer is None:  # one atlas index and tie-breaker for every fold; only the readers change
            analyzer = Analyzer(cards, claims=claims, types=types)
        analyzer.claims, analyzer.types = claims, types
        for pid in fold:
            post = by_id[pid]
            url = post.get("url") or ""
            title, body = post.get("title") or "", post.get("body") or ""
            rows[pid] = analysis_json(analyzer.analyze(pid, title, body, links=(url,) if url else ()))
    path = out / "models.jsonl"
    with path.open("w", encoding="utf-8") as fh:
        for post in posts:
            fh.write(json.dumps(rows[str(post["id"])], ensure_ascii=False) + "\n")
    return path


def run_scorer(gold: Path, pred: Path, rounds: int) -> dict[str, Any]:
    """The scorer's printed summary and intervals (``--bootstrap``), exactly as it prints them."""
    cmd = [sys.executable, str(SCORER), str(gold), str(pred), "--bootstrap", str(rounds)]
    text = subprocess.run(cmd, check=True, capture_output=True, text=True).stdout
    summary = re.search(r"^summary: (.*)$", text, re.M)
    intervals = re.search(r"^95% intervals .*?: (.*)$", text, re.M)
    if summary is None or intervals is None:
        raise SystemExit(f"unexpected scorer output for {pred}:\n{text}")
    figures = {k: float(v) for k, v in re.findall(r"(\w+)=([0-9.]+)", summary.group(1))}
    ci = {
        k: [float(a), float(b)]
        for k, a, b in re.findall(r"(\w+)=\[([0-9.]+), ([0-9.]+)\]", intervals.group(1))
    }
    return {"figures": figures, "ci95": ci, "printed": text.strip().splitlines()}


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--folds", type=int, default=5)
    parser.add_argument("--seed", type=int, default=13)
    parser.add_argument(
        "--epochs", type=int, default=None, help="override the tuned heads' epochs (default: recipe)"
    )
    parser.add_argument("--atlas", type=Path, default=ATLAS)
    parser.add_argument("--out", type=Path, default=Path("var/lay_cv"))
    parser.add_argument("--bootstrap", type=int, default=1000)
    parser.add_argument("--report", type=Path, default=None, help="default: OUT/report.json")
    parser.add_argument("--threads", type=int, default=1)
    args = parser.parse_args(argv)

    import torch

    torch.set_num_threads(args.threads)

    def log(line: str) -> None:
        print(line, file=sys.stderr, flush=True)

    started = time.time()
    posts = lay_posts()
    folds = post_folds(posts, args.folds, args.seed)
    args.out.mkdir(parents=True, exist_ok=True)
    gold = args.out / "gold.jsonl"
    gold.write_text("".join(json.dumps(p, ensure_ascii=False) + "\n" for p in posts), encoding="utf-8")
    counts = train_folds(posts, folds, args.out, args.epochs, log)
    trained = time.time()
    predictions = predict(posts, folds, args.out, args.atlas)
    log(f"predictions written to {predictions} ({time.time() - trained:.0f}s)")
    scored = run_scorer(gold, predictions, args.bootstrap)
    report = {
        "command": "python -m models.lay_cv " + " ".join(argv),
        "posts": len(posts),
        "folds": args.folds,
        "seed": args.seed,
        "fold_post_ids": folds,
        "training": counts,
        "models": {"figures": scored["figures"], "ci95": scored["ci95"]},
        "scorer": scored["printed"],
        "seconds": round(time.time() - started),
    }
    report_path = args.report or args.out / "report.json"
    report_path.write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
    print("\n".join(scored["printed"]))
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
