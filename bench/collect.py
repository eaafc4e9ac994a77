"""Parse throughput of the collectors, over the saved pages the tests use.

Run: ``.venv/bin/python bench/collect.py [ROUNDS]``. Prints items/s per collector. Parsing only:
the network is what really limits collection, and it is polite on purpose (one request per host
per ``per_host_interval``), so these figures say how much CPU a collect run needs, not its speed.
Each collector adds one function to ``SECTIONS`` (the feeds part goes beside the forum part).
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable
from pathlib import Path

from sources.forum_html import parse_thread_list, parse_thread_page
from sources.forum_presets import PRESETS

ROOT = Path(__file__).resolve().parents[1]
FORUM_LISTS = ("forum", "index", "viewforum", "posts")


def forum_pages(rounds: int) -> str:
    """Thread list and thread pages of every HTML preset (XenForo, phpBB, HealthUnlocked-like)."""
    pages: list[tuple[str, str, str]] = []
    for engine in ("xenforo", "phpbb", "healthunlocked"):
        for path in sorted((ROOT / "tests/sources/pages" / engine).glob("*.html")):
            pages.append((engine, path.name, path.read_text(encoding="utf-8")))
    for path in sorted((ROOT / "sources/samples/forum").glob("*.html")):
        pages.append(("xenforo", path.name, path.read_text(encoding="utf-8")))
    n_pages = n_posts = 0
    started = time.perf_counter()
    for _ in range(rounds):
        for engine, name, html in pages:
            selectors = PRESETS[engine]
            assert selectors is not None
            if name.startswith(FORUM_LISTS):
                parse_thread_list(html, "https://forum.example.org/", selectors)
            else:
                n_posts += len(parse_thread_page(html, "https://forum.example.org/", selectors).posts)
            n_pages += 1
    elapsed = time.perf_counter() - started
    size = sum(len(html) for *_, html in pages) / len(pages) / 1024
    return (
        f"forum pages: {n_pages / elapsed:,.0f} pages/s, {n_posts / elapsed:,.0f} posts/s "
        f"({n_pages} pages of ~{size:.0f} KiB, {n_posts} posts, {elapsed:.2f} s)"
    )


SECTIONS: list[Callable[[int], str]] = [forum_pages]


def main() -> None:
    rounds = int(sys.argv[1]) if len(sys.argv) > 1 else 20
    for section in SECTIONS:
        print(section(rounds))


if __name__ == "__main__":
    main()
