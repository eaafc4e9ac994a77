"""Whole-analysis throughput on this machine: int8 and fp32 end to end, the bare encoder, the naive path.

Run: ``.venv/bin/python bench/classify.py [--posts 5000] [--threads 2]``. Posts are made from
the 400 lay training posts (``models/data/``): each bench post takes a title and 3-8
sentences from random posts, with every number redrawn and some words swapped, and any text
that would still repeat gets an opener or an item number, so that no title or sentence repeats
and the content-hash cache cannot flatter the figures (the run prints how many
distinct sentences it saw). Every variant starts with an empty cache, in the same run:

* end to end: extraction, matching, every head (claim, strength, the sentence attributes and
  the post type, which pools the same pass's sentence vectors), flags, with every title and
  sentence of the batch classified in one length-sorted batched run per 256 posts;
* encoder only: one batched int8 forward pass of the bare MiniLM over the same posts' texts;
* naive: one post at a time, one fp32 forward pass per sentence (title included), no cache
  across posts.

``int8 macro-F1 cost`` is the strength head's macro-F1, fp32 minus int8, on claim sentences no
head was trained on: the gold claims of the dev posts and of the held-out sets (the shipped
strength head is refit on every corpus and lay sentence, so none of those would do).
"""

from __future__ import annotations

import argparse
import json
import random
import re
import resource
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bot.atlas.importer import read_atlas  # noqa: E402
from bot.evidence.analyze import Analyzer  # noqa: E402
from bot.evidence.claim_model import CLAIM_GATE, EVERY_HEAD, ClaimReader, PostTypeReader  # noqa: E402
from bot.evidence.sentences import split_sentences  # noqa: E402
from models.finetuned import MAX_TOKENS  # noqa: E402
from models.heads import SentenceHeads  # noqa: E402

CARDS = ROOT / "bot/atlas/sample/cards.jsonl"
SWAPS = {
    "LDN": ["low-dose naltrexone", "LDN", "naltrexone"],
    "rituximab": ["rituximab", "Rituximab", "the B-cell drug"],
    "fatigue": ["fatigue", "exhaustion", "tiredness"],
    "patients": ["patients", "people with ME", "sufferers"],
    "study": ["study", "paper", "trial"],
}


OPENERS = ["Also,", "Honestly,", "Apparently", "As far as I know,", "So", "Meanwhile,", "Btw,", "Anyway,"]


def _distinct(text: str, seen: set[str], rng: random.Random) -> str:
    """The text, changed just enough that no earlier bench text equals it: a repeat would be a
    cache hit and flatter the end-to-end figure."""
    if text in seen:
        text = f"{rng.choice(OPENERS)} {text[:1].lower()}{text[1:]}"
    if text in seen:
        stop = text[-1] if text[-1] in ".!?" else ""
        text = f"{text[: len(text) - len(stop)]} (item {len(seen)}){stop}"
    seen.add(text)
    return text


def make_posts(n: int, seed: int = 5) -> list[tuple[str, str]]:
    rng = random.Random(seed)
    source = [
        json.loads(x)
        for name in ("posts.jsonl", "second-half/posts.jsonl")
        for x in (ROOT / "models/data" / name).read_text(encoding="utf-8").splitlines()
    ]
    sentences = [s for p in source for s in split_sentences(p["body"])]
    seen: set[str] = set()
    posts = []
    for _ in range(n):
        picked = []
        for s in rng.sample(sentences, rng.randint(3, 8)):
            s = re.sub(r"\d+", lambda m: str(rng.randint(2, 400)), s)
            for word, options in SWAPS.items():
                if word in s:
                    s = s.replace(word, rng.choice(options))
            picked.append(_distinct(s, seen, rng))
        posts.append((_distinct(rng.choice(source)["title"], seen, rng), " ".join(picked)))
    return posts


def run_end_to_end(analyzer: Analyzer, posts: list[tuple[str, str]], chunk: int = 256) -> float:
    started = time.perf_counter()
    for start in range(0, len(posts), chunk):
        batch = posts[start : start + chunk]
        analyzer.prefetch(batch)  # as the analyse stage and analyze-file do per batch of posts
        for i, (title, body) in enumerate(batch):
            analyzer.analyze(str(start + i), title, body)
    return len(posts) / (time.perf_counter() - started)


def run_encoder_only(heads: SentenceHeads, posts: list[tuple[str, str]], batch_size: int = 32) -> float:
    import torch

    heads.load()
    tokenizer, base = heads._loaded[0], heads._loaded[1]  # type: ignore[index]
    texts = sorted((f"{t}\n\n{b}" for t, b in posts), key=len)
    started = time.perf_counter()
    with torch.inference_mode():
        for start in range(0, len(texts), batch_size):
            batch = tokenizer(
                texts[start : start + batch_size],
                padding=True,
                truncation=True,
                max_length=256,
                return_tensors="pt",
            )
            base(**batch)
    return len(posts) / (time.perf_counter() - started)


def run_naive(analyzer: Analyzer, heads: SentenceHeads, posts: list[tuple[str, str]]) -> float:
    """The same heads (and the same claim gate) as ``heads``, one sentence per forward pass."""
    heads.load()
    naive = SentenceHeads(heads.encoder_path, heads=heads.head_names, batch_size=1, gates=heads.gates)
    naive._loaded = heads._loaded
    analyzer.claims, analyzer.types = ClaimReader(naive), PostTypeReader(naive)
    started = time.perf_counter()
    for i, (title, body) in enumerate(posts):
        naive._cache.clear()
        naive._vectors.clear()
        naive._posts.clear()
        analyzer.analyze(str(i), title, body)
    return len(posts) / (time.perf_counter() - started)


# Posts no head trained on, with gold claim strengths (reporting sets; nothing is tuned on them).
UNSEEN = [ROOT.parent / "shared/data/dev-posts/posts.jsonl", *sorted(ROOT.glob("tests/heldout*/posts.jsonl"))]


def unseen_claims() -> list[tuple[str, str]]:
    rows: dict[str, str] = {}
    for path in UNSEEN:
        if path.is_file():
            for line in path.read_text(encoding="utf-8").splitlines():
                for claim in json.loads(line)["gold"]["claims"]:
                    rows[str(claim["text"])] = str(claim["strength"])
    return list(rows.items())


def strength_f1(heads: SentenceHeads, rows: list[tuple[str, str]]) -> float:
    from bot.evidence.types import STRENGTHS
    from models.training import macro_f1

    readings = heads.classify([text for text, _ in rows])
    pred = [STRENGTHS.index(r["strength"].label) for r in readings]
    return macro_f1([STRENGTHS.index(s) for _, s in rows], pred, len(STRENGTHS))[0]


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--posts", type=int, default=5000)
    parser.add_argument("--naive-posts", type=int, default=0, help="naive path on the first N posts (0: all)")
    parser.add_argument("--threads", type=int, default=2)
    args = parser.parse_args(argv)

    import torch

    torch.set_num_threads(args.threads)
    posts = make_posts(args.posts)
    distinct = len({s for _, b in posts for s in split_sentences(b)})
    total = sum(len(split_sentences(b)) for _, b in posts)
    print(f"posts: {len(posts)}, sentences: {total} ({distinct} distinct), max tokens {MAX_TOKENS}")
    cards = read_atlas([CARDS]).cards

    # Every head in one SentenceHeads, as in the analyzer (``claim_model.EVERY_HEAD``): one pass of
    # the shared layers over a post's title and sentences serves claim, strength, the four
    # attribute heads and the post type (which read one run of the base's last layer).
    fp32 = SentenceHeads(heads=EVERY_HEAD, gates=CLAIM_GATE)
    int8 = SentenceHeads(heads=EVERY_HEAD, quantize=True, gates=CLAIM_GATE)
    e2e_int8 = run_end_to_end(Analyzer(cards, claims=ClaimReader(int8), types=PostTypeReader(int8)), posts)
    e2e_fp32 = run_end_to_end(Analyzer(cards, claims=ClaimReader(fp32), types=PostTypeReader(fp32)), posts)
    encoder = run_encoder_only(SentenceHeads(quantize=True), posts)
    naive_posts = posts[: args.naive_posts] if args.naive_posts else posts
    naive = run_naive(
        Analyzer(cards, claims=ClaimReader(fp32), types=PostTypeReader(fp32)),
        SentenceHeads(heads=EVERY_HEAD, gates=CLAIM_GATE),
        naive_posts,
    )
    claims = unseen_claims()
    cost = strength_f1(SentenceHeads(), claims) - strength_f1(SentenceHeads(quantize=True), claims)
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024

    print(f"end-to-end int8: {e2e_int8:.1f} posts/s")
    print(f"end-to-end fp32: {e2e_fp32:.1f} posts/s")
    print(f"encoder only int8: {encoder:.1f} posts/s")
    print(f"naive fp32: {naive:.1f} posts/s")
    print(f"speed-up over naive: {e2e_int8 / naive:.1f}x")
    print(f"share of encoder speed: {e2e_int8 / encoder:.2f}")
    print(f"int8 macro-F1 cost: {cost:.3f} (strength, {len(claims)} unseen claim sentences)")
    print(f"peak memory: {peak:.0f} MB")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
