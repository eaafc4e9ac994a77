"""Linked pages: fetched with no transaction open, stored one by one, a bad page costs only itself.

Issue 7, finding 8: all fetches ran inside one transaction, so a ``collect`` started meanwhile on
SQLite died with "database is locked", and one page the parsers choked on lost every page.
"""

from __future__ import annotations

import json
import sqlite3
import threading
import time
from pathlib import Path

from servers.replay import ReplayServer, Reply
from sqlalchemy import Engine, select

from bot.config import HttpSettings, Settings, parse_settings
from bot.pipeline.articles import fetch_pages
from bot.pipeline.collect import collect
from sources.articles import ArticleData, ArticleFetcher
from sources.http import HttpClient
from storage.db import open_database, transaction
from storage.schema import Article

HTML = {"Content-Type": "text/html; charset=utf-8"}
FAST = HttpSettings(per_host_interval=0, retries=0, read_timeout=10, allow_hosts=("127.0.0.1",))
PAGE = (
    "<html><head><title>{title}</title></head><body><article><p>A long enough paragraph about "
    "pacing and post-exertional malaise in ME/CFS, long enough to be the page's main text, with "
    "more words so the extractor keeps it. {extra}</p></article></body></html>"
)


def _fetcher() -> ArticleFetcher:
    return ArticleFetcher(HttpClient(FAST, sleep=lambda _s: None), Settings(http=FAST))


def _stored(engine: Engine) -> dict[str, tuple[str | None, str | None]]:
    with transaction(engine) as session:
        return {a.url: (a.title, a.error) for a in session.scalars(select(Article))}


def test_a_page_that_cannot_be_parsed_is_recorded_failed_and_the_others_kept(
    engine: Engine, replay_server: ReplayServer
) -> None:
    # Tag soup found by fuzzing: lxml, inside the main-text extractor, cannot parse what the
    # HTML cleaner makes of it ("error parsing attribute name").
    bomb = b'<script></script><><tr ">000'

    replay_server.add("/a", Reply(body=PAGE.format(title="first", extra=""), headers=HTML))
    replay_server.add("/b", Reply(body=bomb, headers=HTML))
    replay_server.add("/c", Reply(body=PAGE.format(title="third", extra=""), headers=HTML))
    urls = [replay_server.url(p) for p in ("/a", "/b", "/c")]
    fetched = fetch_pages(engine, _fetcher(), urls)
    assert [a.error is None for a in fetched] == [True, False, True]
    stored = _stored(engine)
    assert stored[urls[0]] == ("first", None)
    assert stored[urls[2]] == ("third", None)
    title, error = stored[urls[1]]
    assert title is None
    assert error is not None
    assert error.startswith("page could not be parsed (XMLSyntaxError")


def test_a_utf7_page_smuggling_a_lone_surrogate_is_read(engine: Engine, replay_server: ReplayServer) -> None:
    page = PAGE.format(title="utf7", extra="+2AA- after").encode("ascii")
    replay_server.add("/u", Reply(body=page, headers={"Content-Type": "text/html; charset=utf-7"}))
    (article,) = fetch_pages(engine, _fetcher(), [replay_server.url("/u")])
    assert article.error is None
    assert article.text is not None
    assert "\ufffd after" in article.text


def test_collect_runs_while_linked_pages_are_fetched_on_sqlite(
    replay_server: ReplayServer, tmp_path: Path
) -> None:
    engine = open_database(f"sqlite:///{tmp_path / 'db.sqlite3'}")
    replay_server.add("/fast", Reply(body=PAGE.format(title="fast", extra=""), headers=HTML))
    replay_server.add("/slow", Reply(body=PAGE.format(title="slow", extra=""), headers=HTML, delay=2.0))
    replay_server.add("/last", Reply(body=PAGE.format(title="last", extra=""), headers=HTML))
    urls = [replay_server.url(p) for p in ("/fast", "/slow", "/last")]
    done: list[list[ArticleData]] = []
    worker = threading.Thread(target=lambda: done.append(fetch_pages(engine, _fetcher(), urls)))
    worker.start()
    try:
        deadline = time.monotonic() + 5
        while not replay_server.hits("/slow") and time.monotonic() < deadline:
            time.sleep(0.01)
        assert replay_server.hits("/slow"), "the slow page was never requested"
        # The first page is stored; the second is being waited on: no write lock may be held.
        raw = sqlite3.connect(tmp_path / "db.sqlite3", timeout=0)
        try:
            raw.execute("BEGIN IMMEDIATE")
            raw.execute("ROLLBACK")
        finally:
            raw.close()
        (tmp_path / "posts.jsonl").write_text(json.dumps({"id": "1", "body": "pacing helps"}) + "\n")
        settings = parse_settings(
            {"sources": [{"name": "export", "kind": "file", "path": "posts.jsonl"}]}, base_dir=tmp_path
        )
        (report,) = collect(engine, settings)
        assert (report.new, report.failed) == (1, 0)
        assert replay_server.hits("/last") == []  # collect finished while the fetch was still waiting
    finally:
        worker.join(timeout=30)
        engine.dispose()
    assert len(done[0]) == 3
