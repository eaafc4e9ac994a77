"""Write analyze-file predictions for a posts file with each decision from the models or the old rules.

    .venv/bin/python -m models.compare_rules POSTS.jsonl --atlas CARDS.jsonl --out var/compare
    python3 ../shared/eval/score.py POSTS.jsonl var/compare/<variant>.jsonl

Variants: ``rules`` (cue rules for claim and strength), ``claim_model`` (model finds claims,
rules rate strength), ``strength_model`` (the reverse), ``models`` (both from the models),
``post_type_model`` (the rules' claims, the post-type head's post type). This is how the
choice in ``bot/evidence/claim_model.py`` was measured: only the aggregate figures of the dev
posts are read, never their errors.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from bot.atlas.importer import read_atlas
from bot.commands.analyze import analysis_json
from bot.evidence.analyze import Analyzer
from bot.evidence.claim_model import ClaimReader, PostTypeReader, shared_heads, shared_post_heads

VARIANTS = {
    "rules": (False, False),
    "claim_model": (True, False),
    "strength_model": (False, True),
    "models": (True, True),
}


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("posts", type=Path)
    parser.add_argument("--atlas", type=Path, required=True)
    parser.add_argument("--out", type=Path, default=Path("var/compare"))
    args = parser.parse_args(argv)
    posts = [json.loads(x) for x in args.posts.read_text(encoding="utf-8").splitlines() if x.strip()]
    cards = read_atlas([args.atlas]).cards
    heads = shared_heads()
    args.out.mkdir(parents=True, exist_ok=True)
    for name, (claim_model, strength_model) in VARIANTS.items():
        analyzer = Analyzer(cards, claims=ClaimReader(heads, claim_model, strength_model))
        with (args.out / f"{name}.jsonl").open("w", encoding="utf-8") as out:
            for post in posts:
                url = post.get("url") or ""
                analysis = analyzer.analyze(
                    str(post["id"]),
                    post.get("title") or "",
                    post.get("body") or "",
                    links=(url,) if url else (),
                )
                out.write(json.dumps(analysis_json(analysis), ensure_ascii=False) + "\n")
        print(f"wrote {args.out / (name + '.jsonl')}", file=sys.stderr)
    types = PostTypeReader(shared_post_heads())
    rows = [json.loads(x) for x in (args.out / "rules.jsonl").read_text(encoding="utf-8").splitlines()]
    with (args.out / "post_type_model.jsonl").open("w", encoding="utf-8") as out:
        for post, row in zip(posts, rows, strict=True):
            row["post_type"] = types.classify(post.get("title") or "", post.get("body") or "")
            out.write(json.dumps(row, ensure_ascii=False) + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
