"""Soak: two ``collect`` and two ``analyse`` processes at once on one database.

Run: ``.venv/bin/python bench/soak.py [--posts 5000] [--shared 0.2] [--backend postgres|sqlite]``.

It writes ``--posts`` posts into ``--sources`` JSON-lines file sources; ``--shared`` of them cite
three papers from a small shared pool (in random order, so workers meet the same papers in
different orders), the rest one paper of their own. Two collectors (``digestbot collect``, the
second with the sources in reverse order) and two analysis workers (each looping over
``bot.pipeline.analyse.analyse`` until the collectors are done and nothing is left) start
together on one fresh database. Then it counts: process errors, duplicate rows, posts not
analysed, posts analysed more than once (the analyse runs' own tallies against the post
count), runs not closed ``ok``, and papers whose mention count is wrong. Every one must be 0.

``tests/pipeline/test_soak.py`` runs the same thing small, on SQLite and PostgreSQL.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import subprocess
import sys
import threading
import time
import uuid
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
PG_ADMIN_URL = os.environ.get("DIGESTBOT_TEST_PG", "postgresql+psycopg://postgres@127.0.0.1:5432/test")
MIN_SHARED_POOL = 30
CLAIMS = (
    "This study proves that the virus causes ME.",
    "It seems to be linked to worse fatigue in some patients.",
    "Researchers found lower levels in patients than in controls.",
    "Nobody knows yet whether this helps.",
)


@dataclass
class Plan:
    """The posts to collect, by source, and how many posts cite each DOI (the true counts)."""

    sources: dict[str, list[dict[str, Any]]]
    mentions: Counter[str]


def make_plan(posts: int, shared: float, sources: int, seed: int = 7) -> Plan:
    rng = random.Random(seed)
    by_source: dict[str, list[dict[str, Any]]] = {f"soak{n:02d}": [] for n in range(sources)}
    names = sorted(by_source)
    mentions: Counter[str] = Counter()
    # The pool grows with the posts, so new shared papers keep appearing all through the run.
    pool = max(MIN_SHARED_POOL, posts // 20)
    for i in range(posts):
        if rng.random() < shared:
            dois = [f"10.5555/shared.{k}" for k in rng.sample(range(pool), 3)]
        else:
            dois = [f"10.5555/own.{i}"]
        mentions.update(set(dois))
        cited = " and ".join(f"https://doi.org/{d}" for d in dois)
        text = f"Post {i}: have you seen {cited}? {rng.choice(CLAIMS)} Thread number {i}."
        by_source[names[i % sources]].append({"id": f"p{i}", "body": text, "author": f"user{i % 97}"})
    return Plan(by_source, mentions)


def write_workdir(workdir: Path, plan: Plan) -> tuple[Path, Path]:
    """The posts files and two configs naming the same sources in opposite orders."""
    workdir.mkdir(parents=True, exist_ok=True)
    entries = []
    for name, items in plan.sources.items():
        (workdir / f"{name}.jsonl").write_text("".join(json.dumps(p) + "\n" for p in items), encoding="utf-8")
        entries.append(f"  - {{name: {name}, kind: file, path: {name}.jsonl}}\n")
    head = "offline: true\narticles:\n  enabled: false\nsources:\n"
    forward, backward = workdir / "config-a.yaml", workdir / "config-b.yaml"
    forward.write_text(head + "".join(entries), encoding="utf-8")
    backward.write_text(head + "".join(reversed(entries)), encoding="utf-8")
    return forward, backward


@dataclass
class Outcome:
    """What the processes did: exit statuses and anything they wrote to stderr."""

    errors: list[str] = field(default_factory=list)
    passes: int = 0


def analyse_worker(config: Path, stop_file: Path) -> int:
    """One analysis process: analyse until the collectors are done and a pass finds nothing."""
    from bot.config import load_settings
    from bot.pipeline.analyse import analyse
    from storage.db import open_database

    settings = load_settings(config)
    engine = open_database(settings.database_url())
    passes = 0
    try:
        while True:
            finished = stop_file.exists()  # read before the pass: posts stored after it are still seen
            report = analyse(engine, settings)
            passes += 1
            if finished and report.analysed == 0:
                break
            if report.analysed == 0:
                time.sleep(0.2)
    finally:
        engine.dispose()
    print(f"passes {passes}")
    return 0


def _spawn(args: list[str], env: dict[str, str]) -> subprocess.Popen[str]:
    return subprocess.Popen(
        args, cwd=ROOT, env=env, text=True, stdout=subprocess.PIPE, stderr=subprocess.PIPE
    )


def run_processes(
    workdir: Path, db_url: str, code_root: Path = ROOT, *, collect_first: bool = False
) -> Outcome:
    """Start both collectors and both analysers at once and wait for all four.

    ``collect_first``: one collector fills the database, then both analysers start together on
    it (the plainest way two workers meet the same new papers in different orders).
    """
    forward, backward = workdir / "config-a.yaml", workdir / "config-b.yaml"
    env = {**os.environ, "DIGESTBOT_DATABASE_URL": db_url, "PYTHONPATH": str(code_root)}
    env.pop("DIGESTBOT_AUTHOR_SALT", None)
    stop_file = workdir / "collectors-done"
    stop_file.unlink(missing_ok=True)
    py = sys.executable
    outcome = Outcome()
    if collect_first:
        done = subprocess.run(
            [py, "-m", "bot.cli", "--config", str(forward), "collect"], cwd=ROOT, env=env, capture_output=True
        )
        if done.returncode != 0:
            outcome.errors.append(f"collect: exit {done.returncode}")
        stop_file.touch()
    configs = () if collect_first else (forward, backward)
    collectors = [_spawn([py, "-m", "bot.cli", "--config", str(cfg), "collect"], env) for cfg in configs]
    analysers = [
        _spawn([py, str(Path(__file__).resolve()), "--worker", str(cfg), str(stop_file)], env)
        for cfg in (forward, backward)
    ]

    def wait(proc: subprocess.Popen[str], label: str) -> None:
        out, err = proc.communicate()
        if proc.returncode != 0 or err.strip():
            lines = err.strip().splitlines()
            named = [line for line in lines if "Error" in line or line.startswith("error:")]
            tail = (named or lines or [out.strip()[-200:]])[-1]
            outcome.errors.append(f"{label}: exit {proc.returncode}: {tail[:300]}")
        if label.startswith("analyse"):
            outcome.passes += sum(
                int(line.split()[1]) for line in out.splitlines() if line.startswith("passes ")
            )

    threads = [threading.Thread(target=wait, args=(p, f"analyse {n}")) for n, p in enumerate(analysers)]
    for thread in threads:
        thread.start()
    for n, proc in enumerate(collectors):
        wait(proc, f"collect {n}")
    stop_file.touch()
    for thread in threads:
        thread.join()
    return outcome


def count_problems(db_url: str, plan: Plan) -> dict[str, int]:
    """Every figure that must be 0, read from the database the processes shared."""
    from sqlalchemy import func, select

    from storage.db import open_database, transaction
    from storage.schema import CitationRow, FlagRow, MatchRow, Paper, Post, Run

    engine = open_database(db_url, migrate=False)
    total = sum(len(items) for items in plan.sources.values())

    def dupes(session: Any, *cols: Any) -> int:
        sub = select(*cols).group_by(*cols).having(func.count() > 1).subquery()
        return int(session.scalar(select(func.count()).select_from(sub)) or 0)

    try:
        with transaction(engine) as s:
            runs = s.scalars(select(Run)).all()
            analysed = sum(int((r.report or {}).get("analysed", 0)) for r in runs if r.stage == "analyse")
            stored = int(s.scalar(select(func.count()).select_from(Post)) or 0)
            counts = dict(s.execute(select(Paper.doi, Paper.mention_count)).all())
            return {
                "posts missing": total - stored,
                "duplicate posts": dupes(s, Post.source, Post.external_id),
                "duplicate citations": dupes(s, CitationRow.post_id, CitationRow.kind, CitationRow.value),
                "duplicate matches": dupes(s, MatchRow.citation_id),
                "duplicate papers": dupes(s, Paper.doi),
                "duplicate flags": dupes(s, FlagRow.key),
                "posts not analysed": int(
                    s.scalar(select(func.count()).select_from(Post).where(Post.analysed_at.is_(None))) or 0
                ),
                "analyses beyond one per post": analysed - stored,
                "runs not ok": sum(1 for r in runs if r.status != "ok"),
                "wrong mention counts": sum(1 for doi, n in plan.mentions.items() if counts.get(doi) != n),
            }
    finally:
        engine.dispose()


@contextmanager
def fresh_postgres() -> Iterator[str]:
    from sqlalchemy import create_engine, text

    admin = create_engine(PG_ADMIN_URL, isolation_level="AUTOCOMMIT")
    name = f"digestbot_soak_{uuid.uuid4().hex[:10]}"
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield PG_ADMIN_URL.rsplit("/", 1)[0] + f"/{name}"
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


def soak(
    workdir: Path, db_url: str, plan: Plan, code_root: Path = ROOT, *, collect_first: bool = False
) -> tuple[Outcome, dict[str, int], float]:
    """Write the sources, run the four processes, count the problems; with the wall time."""
    write_workdir(workdir, plan)
    started = time.perf_counter()
    outcome = run_processes(workdir, db_url, code_root, collect_first=collect_first)
    elapsed = time.perf_counter() - started
    return outcome, count_problems(db_url, plan), elapsed


def main() -> int:
    if len(sys.argv) == 4 and sys.argv[1] == "--worker":
        return analyse_worker(Path(sys.argv[2]), Path(sys.argv[3]))
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--posts", type=int, default=5000)
    parser.add_argument("--shared", type=float, default=0.2)
    parser.add_argument("--sources", type=int, default=20)
    parser.add_argument("--backend", choices=("postgres", "sqlite"), default="postgres")
    parser.add_argument(
        "--code", type=Path, default=ROOT, help="checkout whose digestbot to run (a baseline)"
    )
    parser.add_argument(
        "--collect-first", action="store_true", help="collect everything, then start both analysers together"
    )
    args = parser.parse_args()
    plan = make_plan(args.posts, args.shared, args.sources)
    import tempfile

    with tempfile.TemporaryDirectory(prefix="digestbot-soak-") as tmp:
        work = Path(tmp)
        if args.backend == "postgres":
            with fresh_postgres() as url:
                outcome, problems, elapsed = soak(
                    work, url, plan, args.code, collect_first=args.collect_first
                )
        else:
            outcome, problems, elapsed = soak(
                work, f"sqlite:///{work / 'soak.sqlite3'}", plan, args.code, collect_first=args.collect_first
            )
    shared_posts = sum(1 for items in plan.sources.values() for p in items if "shared" in p["body"])
    how = (
        "collect, then 2 analyse processes at once" if args.collect_first else "2 collect + 2 analyse at once"
    )
    print(f"soak on {args.backend}: {how}, code from {args.code}")
    print(
        f"posts: {args.posts} in {args.sources} sources, "
        f"{shared_posts} citing shared papers ({args.shared:.0%})"
    )
    print(f"wall time: {elapsed:.1f} s ({args.posts / elapsed:.0f} posts/s collected and analysed)")
    print(f"analyse passes: {outcome.passes}")
    print(f"process errors: {len(outcome.errors)}")
    for line in outcome.errors:
        print(f"  {line}")
    for name, value in problems.items():
        print(f"{name}: {value}")
    return 0 if not outcome.errors and not any(problems.values()) else 1


if __name__ == "__main__":
    sys.exit(main())
