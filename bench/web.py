"""Page times of the staff queues with 10,000 posts and 1,000 flags in the database.

Run: ``.venv/bin/python bench/web.py [N_POSTS N_FLAGS ROUNDS]`` (defaults 10000 1000 40).
Seeds a fresh SQLite database through the real storage functions (``tests/web/seed.py``),
signs in as an admin and times each page through the whole app in process (routing,
session check, queries, templates; no socket). Prints p50 and p95 per page, with the
baseline measured in the same run: the staff home page, which costs only the session check
and a template. Target: p95 under 200 ms for the moderators' and editors' queues.
"""

from __future__ import annotations

import importlib.util
import re
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from starlette.testclient import TestClient  # noqa: E402

from bot.config import parse_settings  # noqa: E402
from bot.pipeline import accounts  # noqa: E402
from bot.web.app import create_app  # noqa: E402
from storage.db import open_database  # noqa: E402

# The tests' seeder, loaded by path: this file is itself named web.py.
_spec = importlib.util.spec_from_file_location("web_seed", ROOT / "tests" / "web" / "seed.py")
assert _spec is not None
assert _spec.loader is not None
_seed_module = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(_seed_module)
seed = _seed_module.seed

PAGES = (
    ("baseline: staff home", "/staff"),
    ("flag queue (open)", "/moderate/flags"),
    ("flag queue, any status, page 3", "/moderate/flags?status=any&page=3"),
    ("flag queue, filtered", "/moderate/flags?kind=overstated&topic=treatment&source=forum-s4me&status=any"),
    ("paper queue", "/editors/papers"),
    ("paper queue, marked too, page 2", "/editors/papers?show=all&page=2"),
    ("paper queue CSV (whole queue)", "/editors/papers.csv"),
)
TARGET_MS = 200.0


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def main(argv: list[str]) -> int:
    posts, flags, rounds = (int(a) for a in (argv + ["10000", "1000", "40"][len(argv) :])[:3])
    with tempfile.TemporaryDirectory() as tmp:
        engine = open_database(f"sqlite:///{Path(tmp) / 'bench.sqlite3'}")
        started = time.perf_counter()
        # Papers repeat so mention counts differ: about 2,000 uncovered papers.
        seed(engine, posts=posts, flags=flags, papers=max(1, posts // 5))
        print(f"seeded {posts} posts and {flags} flags in {time.perf_counter() - started:.1f} s")
        accounts.add(engine, "bench-admin", "bench password 123", "admin", actor="bench")
        settings = parse_settings({"digest": {"site_url": "http://127.0.0.1:8080/"}})
        app = create_app(settings, engine, secret=b"bench secret key 0123456789abcdef")
        with TestClient(app, base_url="http://127.0.0.1:8080") as client:
            token = re.search(r'name="csrf" value="([^"]+)"', client.get("/login").text)
            assert token is not None
            form = {"csrf": token.group(1), "username": "bench-admin", "password": "bench password 123"}
            client.post("/login", data=form)
            print(f"{'page':<42} {'p50 ms':>8} {'p95 ms':>8}  size")
            failed = False
            for name, path in PAGES:
                times = []
                size = 0
                client.get(path)  # warm-up: compiles the template, fills the connection pool
                for _ in range(rounds):
                    t = time.perf_counter()
                    response = client.get(path)
                    times.append((time.perf_counter() - t) * 1000)
                    assert response.status_code == 200, (path, response.status_code)
                    size = len(response.content)
                p50, p95 = statistics.median(times), percentile(times, 0.95)
                queue = "queue" in name and "CSV" not in name
                mark = " (over target)" if queue and p95 >= TARGET_MS else ""
                failed = failed or bool(mark)
                print(f"{name:<42} {p50:8.1f} {p95:8.1f}  {size // 1024} KiB{mark}")
        engine.dispose()
    print(f"target: p95 < {TARGET_MS:.0f} ms for the queue pages: {'missed' if failed else 'met'}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
