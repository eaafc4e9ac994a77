"""Linked articles: golden extraction, what is followed, and fetching each page once.

Goldens: ``pages/articles/<page>.html`` beside ``<page>.html.expected.json``; regenerate after a
deliberate change with ``DIGESTBOT_UPDATE_GOLDEN=1`` and review the diff.
"""

from __future__ import annotations

import dataclasses
import json
import os
from pathlib import Path

import pytest
from servers.replay import ReplayServer, Reply
from sqlalchemy import Engine, select

from bot.config import HttpSettings, Settings
from bot.pipeline.articles import fetch_pages
from sources.articles import ArticleFetcher, extract_article, should_follow
from sources.http import HttpClient
from storage.db import transaction
from storage.schema import Article

PAGES = Path(__file__).parent / "pages" / "articles"
HTML = {"Content-Type": "text/html; charset=utf-8"}
UPDATE = os.environ.get("DIGESTBOT_UPDATE_GOLDEN") == "1"
# The replay server is on 127.0.0.1: allowed here on purpose, as an operator would.
FAST = HttpSettings(
    per_host_interval=0, retries=0, read_timeout=5, max_bytes=200_000, allow_hosts=("127.0.0.1",)
)


@pytest.mark.parametrize("name", sorted(p.name for p in PAGES.glob("*.html")))
def test_extract_article_golden(name: str) -> None:
    page = PAGES / name
    article = extract_article(page.read_text(encoding="utf-8"), f"https://news.example.com/{name}")
    data = json.loads(json.dumps(dataclasses.asdict(article)))
    expected = page.with_name(name + ".expected.json")
    if UPDATE:
        expected.write_text(json.dumps(data, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    assert data == json.loads(expected.read_text(encoding="utf-8"))


def test_citation_meta_tags_name_the_paper() -> None:
    pubmed = extract_article((PAGES / "pubmed-36758522.html").read_text(encoding="utf-8"), "https://p/")
    assert pubmed.meta["citation_doi"] == ("10.1016/j.chom.2023.01.004",)
    assert pubmed.meta["citation_pmid"] == ("36758522",)
    assert pubmed.meta["dc.identifier"] == ("pmid:36758522", "doi:10.1016/j.chom.2023.01.004")
    assert pubmed.title is not None
    assert pubmed.title.startswith("Deficient butyrate-producing capacity")
    publisher = extract_article((PAGES / "publisher-prism.html").read_text(encoding="utf-8"), "https://n/")
    assert publisher.meta["prism.doi"] == ("doi:10.1038/s41467-024-45107-3",)


def test_main_text_and_links_leave_the_page_chrome_behind() -> None:
    news = extract_article((PAGES / "news-gut-microbiome.html").read_text(encoding="utf-8"), "https://n/")
    assert news.text is not None
    assert "butyrate" in news.text
    for chrome in (
        "cookies",
        "Subscribe",
        "Related stories",
        "superfoods",
        "All rights reserved",
        "Share on",
    ):
        assert chrome not in news.text
    # The story links to the paper and its PubMed page; share buttons and ads are not the story's.
    assert news.links == (
        "https://doi.org/10.1016/j.chom.2023.01.004",
        "https://pubmed.ncbi.nlm.nih.gov/36758521/",
    )


@pytest.mark.parametrize(
    ("url", "follow"),
    [
        ("https://www.bbc.co.uk/news/health-1", True),
        ("https://doi.org/10.1016/j.chom.2023.01.004", True),
        ("https://pubmed.ncbi.nlm.nih.gov/36758521/", True),
        ("https://www.reddit.com/r/cfs/comments/abc/", False),
        ("https://old.reddit.com/r/mecfs/", False),
        ("https://x.com/someone/status/1", False),
        ("https://m.facebook.com/share", False),
        ("https://youtu.be/xyz", False),
        ("https://i.imgur.com/abc.png", False),
        ("https://news.example.com/chart.JPG", False),
        ("https://www.s4me.info/threads/x.1/", False),  # the forum itself, passed as skip_hosts
        ("mailto:someone@example.org", False),
        ("ftp://files.example.org/a.html", False),
    ],
)
def test_which_links_are_followed(url: str, follow: bool) -> None:
    assert should_follow(url, skip_hosts=["s4me.info"]) is follow


@pytest.fixture
def fetcher() -> ArticleFetcher:
    return ArticleFetcher(HttpClient(FAST, sleep=lambda _s: None), Settings(http=FAST))


def test_each_url_is_fetched_once(
    engine: Engine, replay_server: ReplayServer, fetcher: ArticleFetcher
) -> None:
    replay_server.add_file("/news/gut", PAGES / "news-gut-microbiome.html", HTML)
    replay_server.add_file("/pubmed/36758522/", PAGES / "pubmed-36758522.html", HTML)
    urls = [
        replay_server.url("/news/gut"),
        replay_server.url("/news/gut#comments"),  # the same page
        replay_server.url("/pubmed/36758522/"),
        "https://twitter.com/someone/status/1",  # never fetched
    ]
    first = fetch_pages(engine, fetcher, urls)
    assert [a.url for a in first] == [replay_server.url("/news/gut"), replay_server.url("/pubmed/36758522/")]
    assert fetch_pages(engine, fetcher, urls) == []
    assert len(replay_server.hits("/news/gut")) == 1
    assert len(replay_server.hits("/pubmed/36758522/")) == 1
    with transaction(engine) as session:
        row = session.get(Article, replay_server.url("/pubmed/36758522/"))
        assert row is not None
        assert row.meta["citation_pmid"] == ["36758522"]
        assert row.status == 200
        assert row.text is not None
        assert "butyrate" in row.text
        assert row.truncated is False


def test_a_50_mb_page_is_cut_at_the_cap_and_marked(
    engine: Engine, replay_server: ReplayServer, fetcher: ArticleFetcher
) -> None:
    unit = b"<p>Pacing helped me more than anything else, though it took a year to learn.</p>\n"
    head = b"<html><head><title>Endless</title></head><body><article>"
    replay_server.add("/huge", Reply(body=head + unit, headers=HTML, stream_bytes=50_000_000))
    (article,) = fetch_pages(engine, fetcher, [replay_server.url("/huge")])
    assert article.truncated is True
    with transaction(engine) as session:
        row = session.get(Article, replay_server.url("/huge"))
        assert row is not None
        assert row.truncated is True


def test_dead_links_and_non_pages_are_recorded_not_refetched(
    engine: Engine, replay_server: ReplayServer, fetcher: ArticleFetcher
) -> None:
    replay_server.add("/gone", Reply(404, body=b"not found"))
    replay_server.add("/paper.pdf", Reply(body=b"%PDF-1.7", headers={"Content-Type": "application/pdf"}))
    urls = [replay_server.url("/gone"), replay_server.url("/paper.pdf")]
    gone, pdf = fetch_pages(engine, fetcher, urls)
    assert gone.status == 404
    assert gone.error is not None
    assert "HTTP 404" in gone.error
    assert pdf.error == "not a web page (application/pdf)"
    assert fetch_pages(engine, fetcher, urls) == []
    with transaction(engine) as session:
        stored = sorted(session.scalars(select(Article.status)))
    assert stored == [200, 404]
    assert len(replay_server.hits("/gone")) == 1
