"""The feed source against the local replay server: feedparser's samples, dedupe, faults, presets."""

from __future__ import annotations

import csv
import json
import os
from collections.abc import Iterator
from dataclasses import asdict
from pathlib import Path
from typing import Any

import feedparser
import pytest
from servers.replay import ReplayServer, Reply

from bot.config import HttpSettings, Settings, parse_settings
from bot.errors import SourceError, SourceNotConfigured
from sources.base import Batch, build_source
from sources.feed_parse import parse_feed
from sources.feed_presets import PRESETS
from sources.feeds import FeedOptions, FeedSource
from sources.http import FetchResult, HttpClient

ROOT = Path(__file__).resolve().parents[2]
SAMPLES = ROOT.parent / "shared" / "data" / "feedparser-samples"
GOLDEN = Path(__file__).parent / "golden" / "feeds"
FAST = HttpSettings(
    per_host_interval=0,
    retries=2,
    backoff_base=0,
    read_timeout=2,
    respect_robots=False,
    allow_hosts=("127.0.0.1",),  # the replay server's loopback address, allowed on purpose
)
SETTINGS = Settings(http=FAST, base_dir=ROOT)
# Expectations that test feedparser's optional chardet integration, not our bytes-and-headers path:
# without chardet installed feedparser cannot name these undeclared encodings (it still flags bozo).
# The samples come from feedparser's development branch; these expectations describe behaviour
# newer than the feedparser 6.0.x we run (checked: plain feedparser.parse fails them the same way).
NEWER_FEEDPARSER = {
    "wellformed/atom/entry_link_no_href_link_priority.xml",
    "wellformed/atom/entry_link_rel_enclosure_no_href.xml",
    "wellformed/atom10/entry_id_no_normalization_4.xml",
    "wellformed/atom10/entry_id_with_attributes.xml",
    "wellformed/atom10/entry_link_no_href_link_priority.xml",
    "wellformed/atom10/entry_link_rel_enclosure_no_href.xml",
    "wellformed/itunes/itunes_channel_explicit_false.xml",
    "wellformed/itunes/itunes_channel_explicit_no.xml",
    "wellformed/itunes/itunes_channel_explicit_true.xml",
    "wellformed/itunes/itunes_item_explicit_false.xml",
    "wellformed/itunes/itunes_item_explicit_no.xml",
    "wellformed/itunes/itunes_item_explicit_true.xml",
    "wellformed/node_precedence/atom10_id.xml",
    "wellformed/rss/item_description_not_a_doctype.xml",
}


class Cursors:
    """The storage side of cursors: committed only when the test says the batch was stored."""

    def __init__(self) -> None:
        self.state: dict[str, dict[str, Any]] = {}

    def get(self, key: str) -> dict[str, Any] | None:
        return self.state.get(key)

    def commit(self, batch: Batch) -> None:
        if batch.cursor is not None:
            self.state[batch.cursor_key] = batch.cursor


def _manifest() -> list[dict[str, str]]:
    with (SAMPLES / "MANIFEST.tsv").open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh, delimiter="\t"))


def _headers(cell: str) -> dict[str, str]:
    if not cell:
        return {}
    name, _, value = cell.partition(":")
    return {name.strip(): value.strip()}


SAMPLE_ROWS = _manifest() if SAMPLES.is_dir() else []
SAMPLE_PARAMS = [
    pytest.param(
        row,
        id=row["path"],
        marks=[pytest.mark.xfail(reason="expects newer feedparser")]
        if row["path"] in NEWER_FEEDPARSER
        else [],
    )
    for row in SAMPLE_ROWS
]


class RecordingClient(HttpClient):
    """The real client, keeping the last response so a test can look at what the source parsed."""

    last: FetchResult

    def fetch(self, url: str, **kw: Any) -> FetchResult:
        self.last = super().fetch(url, **kw)
        return self.last


@pytest.fixture(scope="module")
def sample_server() -> Iterator[ReplayServer]:
    """One server for the ~1,100 samples (a fresh one each would dominate the run time); every
    sample a test registered must have been replayed by the end of the module."""
    with ReplayServer() as server:
        yield server
        server.verify()


@pytest.fixture(scope="module")
def recording() -> Iterator[RecordingClient]:
    c = RecordingClient(FAST, sleep=lambda s: None)
    try:
        yield c
    finally:
        c.close()


@pytest.fixture
def client() -> Iterator[HttpClient]:
    with HttpClient(FAST, base_dir=ROOT, sleep=lambda s: None) as c:
        yield c


def _source(url: str | list[str], client: HttpClient | None = None, **options: Any) -> FeedSource:
    urls = {"urls": tuple(url)} if isinstance(url, list) else {"url": url}
    return FeedSource("test-feed", FeedOptions(**urls, **options), SETTINGS, client=client)


def _collect(source: FeedSource, cursors: Cursors) -> list[Batch]:
    batches = []
    for batch in source.collect(cursors):
        cursors.commit(batch)
        batches.append(batch)
    return batches


# -- feedparser's own samples, served with their recorded headers -----------------------------


def test_feedparser_samples_are_there() -> None:
    """The samples come from ../shared: without them the sample tests below would vanish."""
    assert len(SAMPLE_ROWS) > 1000, "../shared/data/feedparser-samples/MANIFEST.tsv is missing or short"


@pytest.mark.parametrize("row", SAMPLE_PARAMS)
def test_feedparser_sample(
    row: dict[str, str], sample_server: ReplayServer, recording: RecordingClient
) -> None:
    path = "/" + row["path"]
    sample_server.add_file(path, SAMPLES / row["path"], _headers(row["http_headers"]))
    url = sample_server.url(path)
    cursors = Cursors()
    expects_bozo = row["expect"].startswith(("bozo", '"bozo'))
    try:
        batches = _collect(_source(url, recording), cursors)
    except SourceError as exc:
        failure = str(exc)
    else:
        failure = ""
    if failure:
        # Only a document with nothing feed-like in it may fail, and it must say which feed.
        assert expects_bozo, f"well-formed sample failed: {failure}"
        assert "not a feed" in failure
        assert url in failure
        return
    (batch,) = batches
    assert batch.cursor_key == url
    for post in batch.posts:
        assert post.kind == "feed_item"
        assert post.external_id
        assert post.created_at is None or post.created_at.utcoffset() is not None

    fetched = recording.last
    parsed = parse_feed(fetched.body, url=fetched.final_url, headers=fetched.headers)
    assert any(url in w and "ill-formed" in w for w in batch.warnings) == parsed.bozo
    if expects_bozo:
        assert parsed.bozo, "an ill-formed sample must be reported as a warning naming the feed"

    if row["path"].startswith("illformed/chardet/"):
        # No encoding declared anywhere: the guess (chardet) must give readable text. The
        # guessed codec's name may differ from the one feedparser's own tests expect
        # (GB2312 vs GB18030, say), so the text itself is what is checked.
        titles = [e.get("title") or e.get("summary", "") for e in parsed.result["entries"]]
        titles = titles or [parsed.result["feed"].get("title", "")]
        assert parsed.bozo
        assert all(t and "\ufffd" not in t and not t.isascii() for t in titles), titles
        return
    if not row["expect"]:  # the one sample without an Expect line (UTF-32LE with a BOM)
        assert not parsed.bozo
        assert parsed.version
        return
    namespace = dict(parsed.result)
    namespace["headers"] = fetched.headers
    for key, header in (("etag", "etag"), ("modified", "last-modified")):
        if fetched.headers.get(header):
            namespace[key] = fetched.headers[header]
    if "modified" in namespace:
        namespace["modified_parsed"] = feedparser.datetimes._parse_date(namespace["modified"])
    expect = row["expect"].replace("127.0.0.1:8097", sample_server.host)
    assert eval(expect, {"feedparser": feedparser}, namespace), f"Expect: {row['expect']}"


# -- the bundled demo feed, against its golden file -----------------------------------------


def _golden_view(batch: Batch) -> list[dict[str, Any]]:
    rows = []
    for post in batch.posts:
        row = asdict(post)
        row.pop("fetched_at")
        row["created_at"] = post.created_at.isoformat() if post.created_at else None
        row["links"] = list(post.links)
        rows.append(row)
    return rows


@pytest.mark.parametrize(
    ("feed", "golden"),
    [
        ("sources/samples/feeds/mecfs-research.xml", "mecfs-research.json"),
        (str(GOLDEN / "atom-forum.xml"), "atom-forum.json"),
        (str(GOLDEN / "rdf-journal.rdf"), "rdf-journal.json"),
    ],
)
def test_golden(feed: str, golden: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DIGESTBOT_AUTHOR_SALT", "golden-salt")
    (batch,) = _collect(_source(feed), Cursors())
    got = _golden_view(batch)
    path = GOLDEN / golden
    if os.environ.get("DIGESTBOT_UPDATE_GOLDEN"):
        path.write_text(json.dumps(got, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    assert got == json.loads(path.read_text(encoding="utf-8"))


def test_demo_feed_is_in_the_demo_week_and_cites_papers() -> None:
    (batch,) = _collect(_source("sources/samples/feeds/mecfs-research.xml"), Cursors())
    assert len(batch.posts) >= 8
    for post in batch.posts:
        assert post.created_at is not None
        assert "2026-11-09" <= post.created_at.date().isoformat() <= "2026-11-15"
        assert any("doi.org/10." in u or "pubmed.ncbi.nlm.nih.gov" in u for u in post.links)
        assert post.author_hash
        assert "Avery" not in post.author_hash + post.text


# -- incremental and deduplicated ------------------------------------------------------------


def _rss(items: list[tuple[str, str, str]]) -> bytes:
    body = "".join(
        f'<item><guid isPermaLink="false">{g}</guid><link>{link}</link><title>Item</title>'
        f"<description>{text}</description><pubDate>Tue, 10 Nov 2026 10:00:00 GMT</pubDate></item>"
        for g, link, text in items
    )
    return f'<?xml version="1.0"?><rss version="2.0"><channel><title>t</title>{body}</channel></rss>'.encode()


FIRST = [("g1", "https://e.org/1", "first paper"), ("g2", "https://e.org/2", "second paper")]


def test_second_run_yields_no_duplicates(replay_server: ReplayServer, client: HttpClient) -> None:
    replay_server.add("/feed", Reply(body=_rss(FIRST)))
    cursors = Cursors()
    source = _source(replay_server.url("/feed"), client)
    assert len(_collect(source, cursors)[0].posts) == 2
    assert _collect(source, cursors)[0].posts == ()
    assert len(replay_server.hits("/feed")) == 2


def test_conditional_get_uses_stored_validators(replay_server: ReplayServer, client: HttpClient) -> None:
    headers = {"ETag": '"abc"', "Last-Modified": "Tue, 10 Nov 2026 10:00:00 GMT"}
    replay_server.add("/feed", Reply(body=_rss(FIRST), headers=headers, conditional=True))
    cursors, source = Cursors(), _source(replay_server.url("/feed"), client)
    _collect(source, cursors)
    assert cursors.state[replay_server.url("/feed")]["etag"] == '"abc"'
    (again,) = _collect(source, cursors)
    assert again.posts == ()
    assert again.cursor is not None
    assert again.cursor["seen"]  # a 304 keeps what we remembered
    sent = replay_server.hits("/feed")[1].headers
    assert sent["if-none-match"] == '"abc"'
    assert sent["if-modified-since"] == headers["Last-Modified"]


def test_guid_churn_is_caught_by_link_then_content_hash(
    replay_server: ReplayServer, client: HttpClient
) -> None:
    new_guids = [("x1", "https://e.org/1", "first paper"), ("x2", "https://e.org/2", "second paper")]
    new_links = [("y1", "https://e.org/a?utm=1", "first paper"), ("y2", "https://e.org/b", "second paper")]
    fresh = [*new_links, ("y3", "https://e.org/3", "a genuinely new paper")]
    replay_server.add("/feed", *(Reply(body=_rss(v)) for v in (FIRST, new_guids, new_links, fresh)))
    cursors, source = Cursors(), _source(replay_server.url("/feed"), client)
    counts = [len(_collect(source, cursors)[0].posts) for _ in range(4)]
    assert counts == [2, 0, 0, 1]


def test_an_edited_entry_is_passed_on_under_its_own_id(
    replay_server: ReplayServer, client: HttpClient
) -> None:
    edited = [("g1", "https://e.org/1", "first paper, corrected"), FIRST[1]]
    replay_server.add("/feed", Reply(body=_rss(FIRST)), Reply(body=_rss(edited)))
    cursors, source = Cursors(), _source(replay_server.url("/feed"), client)
    _collect(source, cursors)
    (batch,) = _collect(source, cursors)
    assert [(p.external_id, p.text) for p in batch.posts] == [("g1", "first paper, corrected")]


def test_remembered_keys_are_bounded(replay_server: ReplayServer, client: HttpClient) -> None:
    many = [(f"g{i}", f"https://e.org/{i}", f"paper {i}") for i in range(40)]
    replay_server.add("/feed", Reply(body=_rss(many)))
    cursors = Cursors()
    (batch,) = _collect(_source(replay_server.url("/feed"), client, remember=30), cursors)
    assert len(batch.posts) == 40
    assert batch.cursor is not None
    assert len(batch.cursor["seen"]) == 30


# -- faults, through the source ---------------------------------------------------------------


def test_one_failing_feed_does_not_stop_the_others(replay_server: ReplayServer, client: HttpClient) -> None:
    replay_server.add("/down", Reply(500))
    replay_server.add("/up", Reply(body=_rss(FIRST)))
    source = _source([replay_server.url("/down"), replay_server.url("/up")], client)
    batches: list[Batch] = []
    with pytest.raises(SourceError, match=r"test-feed: .*/down: HTTP 500 \(gave up after 3 attempts\)"):
        batches.extend(source.collect(Cursors()))
    assert [len(b.posts) for b in batches] == [2]


def test_malformed_xml_yields_what_parsed_with_a_warning(
    replay_server: ReplayServer, client: HttpClient
) -> None:
    broken = _rss(FIRST).replace(b"</channel></rss>", b"<item><title>cut &amp off <b></item>")
    replay_server.add("/broken", Reply(body=broken))
    (batch,) = _collect(_source(replay_server.url("/broken"), client), Cursors())
    assert {p.external_id for p in batch.posts} >= {"g1", "g2"}
    assert any("ill-formed" in w and "/broken" in w for w in batch.warnings)


def test_truncated_feed_keeps_items_before_the_cut(replay_server: ReplayServer) -> None:
    many = [(f"g{i}", f"https://e.org/{i}", f"paper number {i} " * 20) for i in range(50)]
    body = _rss(many)
    replay_server.add("/big", Reply(body=body))
    small = FAST.model_copy(update={"max_bytes": len(body) // 2})
    with HttpClient(small, sleep=lambda s: None) as c:
        (batch,) = _collect(_source(replay_server.url("/big"), c), Cursors())
    assert 10 < len(batch.posts) < 50
    assert any("cut at" in w for w in batch.warnings)


def test_wrong_charset_header_still_reads_the_text(replay_server: ReplayServer, client: HttpClient) -> None:
    body = _rss([("g1", "https://e.org/1", "Café naïve — pacing")]).replace(
        b"<?xml version", b"<?xml  version"
    )
    replay_server.add(
        "/latin",
        Reply(body=body.decode().encode("cp1252"), headers={"Content-Type": "text/xml; charset=utf-8"}),
    )
    (batch,) = _collect(_source(replay_server.url("/latin"), client), Cursors())
    assert batch.posts[0].text == "Café naïve — pacing"
    assert any("ill-formed" in w for w in batch.warnings)


def test_an_html_page_is_not_a_feed(replay_server: ReplayServer, client: HttpClient) -> None:
    replay_server.add("/page", Reply(body=b"", headers={"Content-Type": "text/html"}))
    with pytest.raises(SourceError, match="not a feed"):
        list(_source(replay_server.url("/page"), client).collect(Cursors()))


def test_gzip_feed(replay_server: ReplayServer, client: HttpClient) -> None:
    replay_server.add("/z", Reply(body=_rss(FIRST), encoding="gzip"))
    (batch,) = _collect(_source(replay_server.url("/z"), client), Cursors())
    assert len(batch.posts) == 2


def test_robots_disallow_is_reported(replay_server: ReplayServer) -> None:
    replay_server.robots("User-agent: *\nDisallow: /\n")
    polite = FAST.model_copy(update={"respect_robots": True})
    with (
        HttpClient(polite, sleep=lambda s: None) as c,
        pytest.raises(SourceError, match=r"blocked by robots\.txt"),
    ):
        list(_source(replay_server.url("/feed"), c).collect(Cursors()))


# -- configuration ----------------------------------------------------------------------------


def _build(**options: Any) -> FeedSource:
    settings = parse_settings({"sources": [{"name": "f", "kind": "feed", **options}]}, base_dir=ROOT)
    source = build_source(settings.sources[0], settings)
    assert isinstance(source, FeedSource)
    return source


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ({"url": "x", "colour": "red"}, "option 'colour': unknown option"),
        ({}, "give 'url', 'urls' or 'preset'"),
        ({"preset": "pubmed"}, "preset 'pubmed' needs option 'term'"),
        ({"preset": "nope"}, "unknown preset 'nope'"),
        ({"preset": "journals", "feeds": ["nature"]}, "has no feed 'nature'"),
        ({"url": "x", "max_items": 0}, "option 'max_items'"),
    ],
)
def test_bad_options_name_the_problem(options: dict[str, Any], message: str) -> None:
    with pytest.raises(SourceNotConfigured, match=f"^f: .*{message}"):
        _build(**options)


def test_presets_expand_to_urls() -> None:
    pubmed = _build(preset="pubmed", term="myalgic encephalomyelitis")
    assert pubmed.urls == (
        "https://pubmed.ncbi.nlm.nih.gov/rss/search/?term=myalgic+encephalomyelitis&limit=50",
    )
    forum = _build(preset="xenforo", site="https://forum.example.org/")
    assert forum.urls == ("https://forum.example.org/forums/-/index.rss",)
    journals = _build(preset="journals", feeds=["plos-one"], url="extra.xml")
    assert journals.urls == ("extra.xml", "https://journals.plos.org/plosone/feed/atom")
    assert len(_build(preset="journals").urls) == len(PRESETS["journals"].urls)


def test_check_reports_the_feed() -> None:
    line = _build(url="sources/samples/feeds/mecfs-research.xml").check()
    assert line == "1 feed(s); sources/samples/feeds/mecfs-research.xml: rss20, 9 items"
