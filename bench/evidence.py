"""Extraction + matching throughput against a 10,000-card atlas and the bundled reference
index (no claims, no encoder), and the cost of re-matching stored posts after a card import.

Run: ``.venv/bin/python bench/evidence.py [--cards 10000] [--rounds 20] [--stored 10000]``.
Prints the index build time and posts per second on one core for the dev posts repeated,
with the reference index loaded and, as the baseline measured in the same run, without it;
a check that the 41 real cards are still found among the synthetic ones (a fast but wrong
matcher would otherwise look good); then how long re-matching ``--stored`` analysed posts in
a SQLite database takes after one card is imported (``--stored 0`` skips it).
Target: >= 2,000 posts/s with the reference index loaded.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bot.atlas.importer import read_atlas  # noqa: E402
from bot.atlas.types import AtlasCard  # noqa: E402
from bot.config import Settings  # noqa: E402
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


DEV_POSTS = ROOT.parent / "shared" / "data" / "dev-posts" / "posts.jsonl"


def bench_atlas(n: int) -> tuple[list[AtlasCard], int]:
    """The benchmark's atlas of ``n`` cards: the bundled real ones, then synthetic ones; and how
    many are real (the stage benchmark times the same atlas)."""
    real = list(read_atlas([ROOT / "bot" / "atlas" / "sample" / "cards.jsonl"]).cards)
    return real + synthetic_cards(n - len(real)), len(real)


def read_posts(path: Path) -> list[dict[str, Any]]:
    """The posts of a JSON-lines file, in order."""
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--cards", type=int, default=10_000)
    parser.add_argument("--rounds", type=int, default=20, help="times the dev posts are repeated")
    parser.add_argument("--stored", type=int, default=10_000, help="stored posts to re-match (0: skip)")
    parser.add_argument("--posts", type=Path, default=DEV_POSTS)
    args = parser.parse_args()

    cards, n_real = bench_atlas(args.cards)
    posts = read_posts(args.posts)
    t0 = time.perf_counter()
    analyzer = Analyzer(cards)
    build = time.perf_counter() - t0
    reference = analyzer.matcher.reference
    print(f"atlas: {len(cards)} cards ({n_real} real), index built in {build:.2f} s")
    print(f"reference index: {len(reference.cards) if reference else 0} papers without a card")
    without = Analyzer(cards, Settings.model_validate({"matching": {"reference_index": False}}))
    _throughput("baseline, atlas only", without, posts, args.rounds)
    _throughput("with the reference index", analyzer, posts, args.rounds)
    _check_real(analyzer, posts)
    _worst_case_bylines()
    if args.stored:
        _rematch_after_import(cards, posts, args.stored)
    return 0


def _check_real(analyzer: Analyzer, posts: list[dict[str, Any]]) -> None:
    found_real: set[str] = set()
    for post in posts:
        *_, matches = analyzer.papers(post["title"], post["body"], links=(post.get("url") or "",))
        found_real.update(m.card_id for m in matches if m.card_id and not m.card_id.startswith("synthetic"))
    gold_real = {p["atlas_id"] for post in posts for p in post["gold"]["papers"] if p.get("atlas_id")}
    print(f"dev-post cards still found among synthetic ones: {len(found_real & gold_real)}/{len(gold_real)}")


def _worst_case_bylines() -> None:
    """Extraction time of a feed item whose author line lists many surnames with no "and": a
    form that once made the name patterns try every split of every name (exponential in the
    number of names; 14 names took 11 s). Printed for 10, 20 and 40 names: it should grow no
    faster than the line does."""
    from bot.evidence.extract import extract_citations

    surnames = [f"{a}{b}" for a in ("Wa", "Ko", "Ma", "Ri", "Su") for b in ("ng", "lde", "rtin", "vera")]
    for count in (10, 20, 40):
        text = "New paper\nAuthors: " + ", ".join((surnames * 3)[:count]) + "\ndoi:10.1073/pnas.2302738120\n"
        t0 = time.process_time()
        for _ in range(20):
            extract_citations(text)
        per_post = (time.process_time() - t0) / 20
        print(f"author line of {count} names without 'and': extraction {per_post * 1000:.2f} ms a post")


def _throughput(label: str, analyzer: Analyzer, posts: list[dict[str, Any]], rounds: int) -> None:
    for post in posts:  # warm-up
        analyzer.papers(post["title"], post["body"], links=(post.get("url") or "",))
    t0, c0 = time.perf_counter(), time.process_time()
    n = 0
    for _ in range(rounds):
        for post in posts:
            analyzer.papers(post["title"], post["body"], links=(post.get("url") or "",))
            n += 1
    elapsed, cpu = time.perf_counter() - t0, time.process_time() - c0
    # On a shared machine the wall clock counts other processes' time too; CPU time does not.
    print(
        f"{label}: extraction + matching {n} posts in {elapsed:.2f} s = {n / elapsed:,.0f} posts/s "
        f"(one core); CPU time {cpu:.2f} s = {n / cpu:,.0f} posts/s"
    )


def _stored_reading(analyzer: Analyzer, row: Any) -> Any:
    """What analyse stores for a post, less the claim models (they are not re-run by a re-match,
    so the set-up need not pay for them)."""
    from bot.evidence.analyze import compose_text
    from bot.evidence.extract import extract_citations

    whole, _ = compose_text(row.title or "", row.text)
    return analyzer.rematch(
        str(row.id), row.title or "", row.text, extract_citations(whole), [], "research_news"
    )


def _rematch_after_import(cards: list[AtlasCard], posts: list[dict[str, Any]], stored: int) -> None:
    """Store ``stored`` analysed posts (extraction and matching, as the pipeline stores them),
    import one card, and time the re-match the next ``analyse`` would run."""
    from sqlalchemy import func, select

    from bot.evidence.fingerprint import analysis_digest, atlas_fingerprint
    from bot.pipeline.analyse import ANALYSIS_VERSION, rematch_stored
    from sources.base import Batch
    from sources.types import RawPost
    from storage.analysis import save_analyses
    from storage.cards import upsert_cards
    from storage.db import open_database, transaction
    from storage.posts import store_batch
    from storage.schema import Post

    held_back, atlas = cards[0], cards[1:]
    when = datetime(2026, 11, 2, tzinfo=UTC)
    with tempfile.TemporaryDirectory() as tmp:
        engine = open_database(f"sqlite:///{tmp}/bench.sqlite3")
        before = Analyzer(atlas)
        t0 = time.perf_counter()
        with transaction(engine) as session:
            upsert_cards(session, atlas, "bench")
        raw = [
            RawPost(
                source="bench",
                external_id=str(i),
                kind="post",
                url=None,
                title=posts[i % len(posts)]["title"],
                text=f"{posts[i % len(posts)]['body']}\n\n(copy {i})",
                created_at=when,
                fetched_at=when,
            )
            for i in range(stored)
        ]
        fingerprint = atlas_fingerprint(atlas)
        for start in range(0, stored, 1000):
            with transaction(engine) as session:
                store_batch(
                    session, Batch(posts=tuple(raw[start : start + 1000]), cursor_key="c", cursor=None)
                )
                rows = session.scalars(select(Post).order_by(Post.id).offset(start).limit(1000)).all()
                done = [(row.id, _stored_reading(before, row)) for row in rows]
                digests = {pid: analysis_digest(a) for pid, a in done}
                save_analyses(session, done, ANALYSIS_VERSION, when, fingerprint, digests)
        setup = time.perf_counter() - t0
        with transaction(engine) as session:
            upsert_cards(session, [held_back], "late import")
            count = session.scalar(select(func.count()).select_from(Post))
        t0, c0 = time.perf_counter(), time.process_time()
        after = Analyzer([*atlas, held_back])
        build = time.perf_counter() - t0
        rematched = rematch_stored(engine, after, atlas_fingerprint([*atlas, held_back]))
        elapsed, cpu = time.perf_counter() - t0, time.process_time() - c0
        engine.dispose()
    print(f"stored {count} analysed posts in {setup:.1f} s (set-up, not timed)")
    print(
        f"re-match after importing one card: {rematched} posts in {elapsed:.1f} s "
        f"(index rebuilt in {build:.1f} s, no extraction, no models; SQLite) "
        f"= {rematched / elapsed:,.0f} posts/s; "
        f"CPU time {cpu:.1f} s"
    )


if __name__ == "__main__":
    raise SystemExit(main())
