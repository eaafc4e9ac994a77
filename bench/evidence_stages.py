"""Where a post's extraction and matching time goes, stage by stage, on the 10,000-card atlas
with the reference index loaded (the set-up of ``bench/evidence.py``).

Why: the throughput target is far off and the profile is flat, so a change meant to speed
matching up needs to know which stages are worth it. cProfile inflates call-heavy code; this
times whole stages instead, each the one top-level call ``Matcher.match`` makes, by wrapping
them for the run (a wrapper costs about a microsecond a call, which the figures include).

Run: ``.venv/bin/python bench/evidence_stages.py [--cards 10000] [--rounds 10] [--top 25]``.
Prints, per post, the whole ``papers`` call and the matching alone (unwrapped, the baseline
of the same run), extraction, the post's shared token views, and each scanner and matching
stage, largest first. A token view is computed once a post, so its cost lands on the first
stage that reads it (``scan_titles`` reads most of them).
"""

from __future__ import annotations

import argparse
import functools
import sys
import time
from collections import defaultdict
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent
sys.path.insert(0, str(ROOT.parent))
sys.path.insert(0, str(ROOT))

from evidence import DEV_POSTS, bench_atlas, read_posts  # noqa: E402

from bot.evidence import mentions  # noqa: E402
from bot.evidence.analyze import Analyzer, compose_text  # noqa: E402
from bot.evidence.extract import extract_citations  # noqa: E402
from bot.evidence.match import Matcher  # noqa: E402
from bot.evidence.textnorm import PostText  # noqa: E402

# The matcher's own stages that ``match`` calls once a post (its scanners are ``mentions.scan_*``).
_MATCHER_STAGES = (
    "_resolve_all",
    "_tie_strong",
    "_tie_own_link",
    "_tie_to_identifiers",
    "_dated_from_before",
    "_drop_echoes",
    "_in_the_same_journal",
    "_by_the_same_team",
    "_lab_heads_works",
    "_follow_ups_of_named_trials",
    "_retold_titles",
    "_without_group_leads",
    "_merge",
)
# The token views every scanner shares, computed once a post.
_VIEWS = ("tokens", "words", "capitalised", "normalised", "content", "grams", "quoted", "name_keys")


def _timed(
    name: str, fn: Callable[..., Any], spent: defaultdict[str, float], depth: list[int]
) -> Callable[..., Any]:
    """``fn`` adding its time to ``spent[name]``, outermost calls only (a stage calling
    another wrapped stage is counted once, in the outer one)."""

    @functools.wraps(fn)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        if depth[0]:
            return fn(*args, **kwargs)
        depth[0] += 1
        start = time.perf_counter()
        try:
            return fn(*args, **kwargs)
        finally:
            spent[name] += time.perf_counter() - start
            depth[0] -= 1

    return wrapper


def _per_post(fn: Callable[[], object], posts: int, rounds: int) -> float:
    """Microseconds a post of ``fn`` (which runs every post once), the best of three runs."""
    best = float("inf")
    for _ in range(3):  # (the best of three: the least disturbed by the rest of the machine)
        start = time.perf_counter()
        for _ in range(rounds):
            fn()
        best = min(best, time.perf_counter() - start)
    return best / (posts * rounds) * 1e6


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--cards", type=int, default=10_000)
    parser.add_argument("--rounds", type=int, default=10, help="times the dev posts are repeated")
    parser.add_argument("--top", type=int, default=25, help="stages to print")
    parser.add_argument("--posts", type=Path, default=DEV_POSTS)
    args = parser.parse_args()
    analyzer = Analyzer(bench_atlas(args.cards)[0])
    rows = read_posts(args.posts)
    posts = [(compose_text(p["title"], p["body"])[0], (p.get("url") or "",)) for p in rows]
    cited = [(text, extract_citations(text, None, links)) for text, links in posts]
    n = len(posts)

    def papers() -> None:
        for p in rows:
            analyzer.papers(p["title"], p["body"], links=(p.get("url") or "",))

    def matching() -> None:
        for text, citations in cited:
            analyzer.matcher.match(text, citations)

    papers()  # (warm-up: indexes built on first use)
    whole, alone = _per_post(papers, n, args.rounds), _per_post(matching, n, args.rounds)
    print(f"papers() {whole:7.0f} µs a post; matching alone {alone:7.0f}")
    extraction = _per_post(lambda: [extract_citations(t, None, links) for t, links in posts], n, args.rounds)
    print(f"extraction {extraction:7.1f} µs a post")
    for view in _VIEWS:

        def read_view(view: str = view) -> None:
            for text, _ in posts:
                getattr(PostText(text), view)

        cost = _per_post(read_view, n, args.rounds)
        print(f"token view {view:12s} {cost:7.1f} µs a post (alone; some share work)")

    spent: defaultdict[str, float] = defaultdict(float)
    depth = [0]
    saved: list[tuple[object, str, Any]] = []
    for name, fn in list(vars(mentions).items()):
        if name.startswith("scan_") and callable(fn):
            saved.append((mentions, name, fn))
            setattr(mentions, name, _timed(f"mentions.{name}", fn, spent, depth))
    for name in _MATCHER_STAGES:
        fn = getattr(Matcher, name)
        saved.append((Matcher, name, fn))
        setattr(Matcher, name, _timed(f"Matcher.{name}", fn, spent, depth))
    try:
        matching()
        spent.clear()
        wrapped = _per_post(matching, n, args.rounds)
    finally:
        for owner, name, fn in saved:
            setattr(owner, name, fn)
    runs = 3 * args.rounds * n
    covered = sum(spent.values()) / runs * 1e6
    print(f"matching with stage timers {wrapped:7.0f} µs a post; the stages cover {covered:.0f} of it")
    for name, seconds in sorted(spent.items(), key=lambda kv: -kv[1])[: args.top]:
        print(f"  {seconds / runs * 1e6:7.1f} µs  {name}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
