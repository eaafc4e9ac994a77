"""Extraction + matching throughput against a 10,000-card atlas (no claims, no encoder).

Run: ``.venv/bin/python bench/evidence.py [--cards 10000] [--rounds 20]``. Prints the index
build time and posts per second on one core for the dev posts repeated, plus a check that
the 41 real cards are still found among the synthetic ones (a fast but wrong matcher would
otherwise look good). Target: >= 2,000 posts/s.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bot.atlas.importer import read_atlas  # noqa: E402
from bot.atlas.types import AtlasCard  # noqa: E402
from bot.evidence.analyze import Analyzer  # noqa: E402

_WORDS = [
    "immune",
    "metabolic",
    "mitochondrial",
    "cytokine",
    "autoantibody",
    "microbiome",
    "orthostatic",
    "cognitive",
    "sleep",
    "pain",
    "exercise",
    "lactate",
    "muscle",
    "endothelial",
    "vascular",
    "neuroinflammation",
    "glia",
    "proteomic",
    "transcriptomic",
    "plasma",
    "serum",
    "b-cell",
    "t-cell",
    "natural-killer",
    "viral",
    "herpes",
    "enterovirus",
    "covid",
    "long-term",
    "adolescent",
    "cohort",
    "longitudinal",
    "randomised",
    "pilot",
    "biomarker",
    "signature",
    "profiling",
    "dysfunction",
    "impairment",
    "response",
]
_SURNAMES = [
    "Smith",
    "Jones",
    "Brown",
    "Taylor",
    "Wilson",
    "Nguyen",
    "Garcia",
    "Muller",
    "Rossi",
    "Tanaka",
    "Kim",
    "Silva",
    "Novak",
    "Hansen",
    "Berg",
]
_JOURNALS = [
    "PLoS ONE",
    "Journal of Translational Medicine",
    "Frontiers in Immunology",
    "Scientific Reports",
    "Brain, Behavior, and Immunity",
    "BMC Neurology",
    "Journal of Internal Medicine",
    "Nature Communications",
    "Fatigue: Biomedicine, Health & Behavior",
    "International Journal of Molecular Sciences",
]
_DESIGNS = ["Case-Control", "RCT", "Cross-Sectional", "Review", "Cohort", "Systematic Review"]


def synthetic_cards(n: int, seed: int = 7) -> list[AtlasCard]:
    rng = random.Random(seed)
    cards = []
    for i in range(n):
        title = " ".join(rng.choice(_WORDS) for _ in range(rng.randint(6, 14))).capitalize()
        surname = rng.choice(_SURNAMES) + rng.choice(["", "son", "er", "i", "a"])
        year = rng.randint(1990, 2025)
        cards.append(
            AtlasCard(
                id=f"synthetic-{i}",
                title=title,
                authors=(f"{surname} {rng.choice('ABCDEFG')}",),
                journal=rng.choice(_JOURNALS),
                year=year,
                doi=f"10.{rng.randint(1000, 9999)}/syn.{i}",
                pmid=str(rng.randint(10_000_000, 39_999_999)) if rng.random() < 0.7 else None,
                pmcid=f"PMC{rng.randint(1_000_000, 11_000_000)}" if rng.random() < 0.4 else None,
                design=rng.choice(_DESIGNS),
                sample_size=rng.randint(10, 500),
                quick_summary=" ".join(rng.choice(_WORDS) for _ in range(30)),
                tags={"mechanism": (rng.choice(_WORDS).title(),)},
            )
        )
    return cards


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--cards", type=int, default=10_000)
    parser.add_argument("--rounds", type=int, default=20, help="times the dev posts are repeated")
    parser.add_argument(
        "--posts", type=Path, default=ROOT.parent / "shared" / "data" / "dev-posts" / "posts.jsonl"
    )
    args = parser.parse_args()

    real = list(read_atlas([ROOT / "bot" / "atlas" / "sample" / "cards.jsonl"]).cards)
    cards = real + synthetic_cards(args.cards - len(real))
    t0 = time.perf_counter()
    analyzer = Analyzer(cards)
    build = time.perf_counter() - t0
    posts = [json.loads(line) for line in args.posts.read_text(encoding="utf-8").splitlines() if line.strip()]

    found_real = set()
    for post in posts:  # warm-up, and the sanity check
        *_, matches = analyzer.papers(post["title"], post["body"], links=(post.get("url") or "",))
        found_real.update(m.card_id for m in matches if m.card_id and not m.card_id.startswith("synthetic"))
    gold_real = {p["atlas_id"] for post in posts for p in post["gold"]["papers"] if p.get("atlas_id")}

    t0, c0 = time.perf_counter(), time.process_time()
    n = 0
    for _ in range(args.rounds):
        for post in posts:
            analyzer.papers(post["title"], post["body"], links=(post.get("url") or "",))
            n += 1
    elapsed, cpu = time.perf_counter() - t0, time.process_time() - c0
    print(f"atlas: {len(cards)} cards ({len(real)} real), index built in {build:.2f} s")
    print(f"dev-post cards still found among synthetic ones: {len(found_real & gold_real)}/{len(gold_real)}")
    print(f"extraction + matching: {n} posts in {elapsed:.2f} s = {n / elapsed:,.0f} posts/s (one core)")
    # On a shared machine the wall clock counts other processes' time too; CPU time does not.
    print(f"CPU time: {cpu:.2f} s = {n / cpu:,.0f} posts/s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
