#!/usr/bin/env python3
"""Paper precision and recall of the linker alone, per set, as ``analyze-file`` links papers.

Why: a linker change is checked for losses on every development and training set (hundreds of
posts) before it is kept, and the full ``analyze-file`` also runs every model, which the paper
figures do not need. This runs extraction and matching only, with ``analyze-file``'s analyzer
and settings, writes the papers as ``analyze-file`` does, and scores them with the shared
scorer's own paper matching. Never point it at a held-out set before that set's one scoring.

Usage: paper_figures.py [--atlas CARDS.jsonl] [--per-post OUT.json] POSTS.jsonl...
``--per-post`` writes (true positives, misses, false papers) per post id, to compare two runs.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bot.atlas.importer import read_atlas  # noqa: E402
from bot.commands.analyze import paper_json  # noqa: E402
from bot.evidence.analyze import Analyzer  # noqa: E402
from bot.evidence.match import is_unresolved  # noqa: E402

sys.path.insert(0, str(ROOT / "tools"))
from score_intervals import _scorer as load_scorer  # noqa: E402  (one loader of the shared scorer)

SCORER = ROOT.parent / "shared" / "eval" / "score.py"
ATLAS = ROOT.parent / "shared" / "data" / "atlas-sample" / "cards.jsonl"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("posts", nargs="+", type=Path)
    parser.add_argument("--atlas", type=Path, default=ATLAS)
    parser.add_argument("--per-post", type=Path)
    args = parser.parse_args(argv)
    score = load_scorer(SCORER)
    analyzer = Analyzer(read_atlas([args.atlas]).cards)
    per_post: dict[str, dict[str, list[int]]] = {}
    for path in args.posts:
        tp = fp = fn = 0
        rows: dict[str, list[int]] = {}
        for line in path.read_text(encoding="utf-8").splitlines():
            if not line.strip():
                continue
            post = json.loads(line)
            url = post.get("url") or ""
            *_, matches = analyzer.papers(post.get("title") or "", post["body"], links=(url,) if url else ())
            papers = [paper_json(m) for m in matches if not is_unresolved(m)]
            pairs, missed, extra = score.match_papers(post["gold"]["papers"], papers)
            tp, fn, fp = tp + len(pairs), fn + len(missed), fp + len(extra)
            rows[str(post["id"])] = [len(pairs), len(missed), len(extra)]
        per_post[str(path)] = rows
        precision = tp / (tp + fp) if tp + fp else 0.0
        recall = tp / (tp + fn) if tp + fn else 0.0
        print(f"{path}: precision {precision:.3f} recall {recall:.3f} (found {tp}, missed {fn}, false {fp})")
    if args.per_post:
        args.per_post.write_text(json.dumps(per_post, indent=1) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
