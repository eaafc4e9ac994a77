"""Store and analysis-write throughput on SQLite (and PostgreSQL when it is up).

Run: ``.venv/bin/python bench/storage_throughput.py [N_POSTS]``. Prints posts/s for a first
store, a re-store of the same batches (all unchanged) and save_analysis, per backend.
"""

from __future__ import annotations

import sys
import tempfile
import time
import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path

from sqlalchemy import create_engine, select, text

from bot.evidence.types import Citation, Claim, Match, PaperRef, PostAnalysis
from sources.base import Batch
from sources.types import RawPost
from storage.analysis import save_analyses, save_analysis
from storage.db import open_database, transaction
from storage.posts import store_batch
from storage.schema import Post

T0 = datetime(2025, 3, 3, tzinfo=UTC)
PG_ADMIN = "postgresql+psycopg://postgres@127.0.0.1:5432/test"


def batches(n: int, size: int = 100) -> list[Batch]:
    posts = [
        RawPost(
            source="bench",
            external_id=f"p{i}",
            kind="post",
            url=f"https://forum.example/t/{i}",
            title=f"Thread {i}",
            text=f"Post {i} about pacing, PEM and doi 10.1000/bench.{i % 50} " * 5,
            created_at=T0 + timedelta(minutes=i),
            fetched_at=T0 + timedelta(days=8),
        )
        for i in range(n)
    ]
    return [
        Batch(posts=tuple(posts[i : i + size]), cursor_key="main", cursor={"after": i + size})
        for i in range(0, n, size)
    ]


def analysis(i: int) -> PostAnalysis:
    doi = Citation("doi", f"10.1000/bench.{i % 50}", (40, 58), 1.0)
    return PostAnalysis(
        post_id=str(i),
        post_type="research_news",
        topics=("pem",),
        citations=(doi,),
        matches=(Match(doi, None, PaperRef(doi=doi.value), "identifier", 1.0),),
        claims=(Claim("Pacing helps with PEM.", (0, 22), "correlational"),),
        flags=(),
    )


def run(url: str, n: int) -> None:
    engine = open_database(url)
    work = batches(n)
    for label in ("store (new)", "store again (unchanged)"):
        start = time.perf_counter()
        for batch in work:
            with transaction(engine) as s:
                store_batch(s, batch)
        print(f"  {label:26s} {n / (time.perf_counter() - start):8.0f} posts/s")
    with transaction(engine) as s:
        ids = list(s.scalars(select(Post.id).order_by(Post.id)))
    for label, version in (("save_analysis (one by one)", "v1"), ("save_analyses (100 a time)", "v2")):
        start = time.perf_counter()
        for chunk in range(0, len(ids), 100):
            with transaction(engine) as s:
                if version == "v1":
                    for pid in ids[chunk : chunk + 100]:
                        save_analysis(s, pid, analysis(pid), version, now=T0)
                else:
                    items = [(pid, analysis(pid)) for pid in ids[chunk : chunk + 100]]
                    save_analyses(s, items, version, now=T0)
        print(f"  {label:26s} {n / (time.perf_counter() - start):8.0f} posts/s")
    engine.dispose()


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 2000
    with tempfile.TemporaryDirectory() as tmp:
        print(f"SQLite, {n} posts in batches of 100:")
        run(f"sqlite:///{Path(tmp) / 'bench.sqlite3'}", n)
    admin = create_engine(PG_ADMIN, isolation_level="AUTOCOMMIT")
    name = f"digestbot_bench_{uuid.uuid4().hex[:8]}"
    try:
        with admin.connect() as conn:
            conn.execute(text(f'CREATE DATABASE "{name}"'))
    except Exception as exc:  # PostgreSQL is optional for the benchmark
        print(f"PostgreSQL skipped: {exc.__class__.__name__}")
        return
    try:
        print(f"PostgreSQL, {n} posts in batches of 100:")
        run(PG_ADMIN.rsplit("/", 1)[0] + f"/{name}", n)
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))


if __name__ == "__main__":
    main()
