"""Parse throughput of the collectors, over the saved pages the tests use.

Run: ``.venv/bin/python bench/collect.py [ROUNDS]``. Prints items/s per collector. Parsing only:
the network is what really limits collection, and it is polite on purpose (one request per host
per ``per_host_interval``), so these figures say how much CPU a collect run needs, not its speed.
Each collector adds one function to ``SECTIONS`` (the feeds part goes beside the forum part).
"""

from __future__ import annotations

import csv
import secrets
import sys
import time
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

from sources import privacy
from sources.feed_parse import entry_to_post, parse_feed
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


# -- feeds: bytes + headers → parse_feed → RawPosts ------------------------------------------

FEED_SAMPLES = ROOT.parent / "shared" / "data" / "feedparser-samples"
FETCHED_AT = datetime(2026, 11, 16, tzinfo=UTC)
Doc = tuple[bytes, str, dict[str, str]]


def _feed_rounds(rounds: int) -> int:
    """Feeds parse ~100x slower per document than a forum page is read: fewer rounds suffice."""
    return max(1, rounds // 10)


def _time_feeds(label: str, docs: list[Doc], rounds: int) -> str:
    n_items = 0
    started = time.perf_counter()
    for _ in range(rounds):
        for body, url, headers in docs:
            parsed = parse_feed(body, url=url, headers=headers)
            for entry in parsed.entries:
                if entry_to_post(entry, source="bench", feed_url=url, fetched_at=FETCHED_AT) is not None:
                    n_items += 1
    elapsed = time.perf_counter() - started
    n_docs = len(docs) * rounds
    size = sum(len(d[0]) for d in docs) * rounds / 1e6
    return (
        f"{label}: {n_items / elapsed:,.0f} items/s, {n_docs / elapsed:,.1f} feeds/s "
        f"({n_docs} feeds, {n_items} items, {size:.2f} MB, {elapsed:.2f} s)"
    )


def feed_samples(rounds: int) -> str:
    """feedparser's 1,083 test feeds (every RSS/Atom/RDF flavour, many encodings), with their headers."""
    docs: list[Doc] = []
    with (FEED_SAMPLES / "MANIFEST.tsv").open(encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh, delimiter="\t"):
            name, _, value = row["http_headers"].partition(":")
            headers = {"content-type": "application/xml"}
            if name:
                headers[name.strip().lower()] = value.strip()
            body = (FEED_SAMPLES / row["path"]).read_bytes()
            docs.append((body, f"http://127.0.0.1/{row['path']}", headers))
    return _time_feeds("feeds, feedparser samples", docs, _feed_rounds(rounds))


def generated_feed(items: int = 5000) -> bytes:
    """RSS 2.0 shaped like a busy journal feed: HTML descriptions citing a DOI and a PubMed link."""
    days = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
    parts = [
        '<?xml version="1.0" encoding="utf-8"?><rss version="2.0" '
        'xmlns:dc="http://purl.org/dc/elements/1.1/"><channel><title>Generated</title>'
        "<link>https://example.org/</link><description>bench</description>"
    ]
    for i in range(items):
        parts.append(
            f"<item><title>Study {i}: post-exertional malaise in cohort {i % 97}</title>"
            f"<link>https://example.org/{i}</link><guid isPermaLink='false'>gen-{i}</guid>"
            f"<pubDate>{days[i % 7]}, {9 + i % 7:02d} Nov 2026 {i % 24:02d}:00:00 GMT</pubDate>"
            f"<dc:creator>author {i % 313}</dc:creator><description><![CDATA[<p>A case-control study "
            f"of {40 + i % 200} patients reported differences in a blood marker.</p><p>Paper: "
            f'<a href="https://doi.org/10.1000/bench.{i}">doi:10.1000/bench.{i}</a>, see also '
            f'<a href="https://pubmed.ncbi.nlm.nih.gov/{30000000 + i}/">PubMed</a>.</p>]]>'
            "</description></item>"
        )
    parts.append("</channel></rss>")
    return "".join(parts).encode("utf-8")


def large_feed(rounds: int) -> str:
    """One generated 5,000-item feed (2.6 MB): the cost of a big backlog."""
    doc: Doc = (generated_feed(), "https://example.org/feed", {"content-type": "application/rss+xml"})
    return _time_feeds("feeds, generated 5,000-item RSS", [doc], _feed_rounds(rounds))


SECTIONS: list[Callable[[int], str]] = [forum_pages, feed_samples, large_feed]


def main() -> None:
    rounds = int(sys.argv[1]) if len(sys.argv) > 1 else 20
    # Author names are hashed as in a real run: with a per-install key (a throwaway one here).
    privacy.use_author_key(privacy.AuthorKey(secrets.token_bytes(32)))
    for section in SECTIONS:
        print(section(rounds))


if __name__ == "__main__":
    main()
