"""The Reddit source against a real server on 127.0.0.1 replaying PRAW's recordings (and ours).

Subreddit names follow the recordings (askreddit, all, kakapo, ferguson…), and our own
ME/CFS-flavoured r/mecfs cassette (tests/sources/cassettes/) drives the end-to-end passes.
"""

from __future__ import annotations

import json
import re
import time
from collections.abc import Iterable, Iterator
from dataclasses import astuple
from datetime import UTC
from pathlib import Path
from typing import Any

import pytest
import requests
from praw.models import Comment
from servers.reddit_replay import RedditReplay
from servers.replay import ReplayServer, Reply
from sqlalchemy import Engine, select

from bot.config import Settings, SourceSettings
from bot.errors import SourceError, SourceNotConfigured
from sources.base import Batch, build_source
from sources.reddit import RedditOptions, RedditSource, build_reddit
from sources.reddit_client import CREDENTIAL_VARS, Guard, make_reddit
from sources.reddit_items import is_gone, walk_comments
from sources.types import RawPost
from storage.cursors import SessionCursorStore
from storage.db import transaction
from storage.posts import BatchResult, store_batch
from storage.schema import Cursor, Post

SHARED_CASSETTES = Path(__file__).resolve().parents[3] / "shared" / "data" / "reddit-cassettes"
OUR_CASSETTES = Path(__file__).parent / "cassettes"
HASH = re.compile(r"^[0-9a-f]{32}$")


def cassette(name: str) -> Path:
    for folder in (OUR_CASSETTES, SHARED_CASSETTES):
        if (folder / name).is_file():
            return folder / name
    raise FileNotFoundError(name)


@pytest.fixture(autouse=True)
def reddit_credentials(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("REDDIT_CLIENT_ID", "test-client-id")
    monkeypatch.setenv("REDDIT_CLIENT_SECRET", "test-client-secret")
    monkeypatch.setenv("REDDIT_USER_AGENT", "digestbot-tests/0.1 (contact: tests@example.org)")


@pytest.fixture
def replay(replay_server: ReplayServer) -> Iterator[RedditReplay]:
    """Cassettes on the local server; a cassette that replayed nothing fails the test."""
    loader = RedditReplay(replay_server)
    yield loader
    loader.verify()


def source(replay: RedditReplay, *names: str, sleep: Any = None, **options: Any) -> RedditSource:
    for name in names:
        replay.load(cassette(name), {"<TEST_SUBREDDIT>": "digestbot_test"})
    opts = RedditOptions.model_validate({**options, **replay.urls})
    return RedditSource("reddit", opts, Settings(), sleep=sleep)


class Cursors(dict[str, dict[str, Any]]):
    """An in-memory CursorStore that keeps what each batch's cursor says (as storage would)."""

    def take(self, batches: Iterable[Batch]) -> list[Batch]:
        out = []
        for batch in batches:
            if batch.cursor is not None:
                self[batch.cursor_key] = batch.cursor
            out.append(batch)
        return out


def posts_of(batches: Iterable[Batch]) -> list[RawPost]:
    return [post for batch in batches for post in batch.posts]


def recorded_authors(*names: str) -> set[str]:
    """Every username that appears as an ``author`` in the given cassettes."""
    found: set[str] = set()

    def walk(node: Any) -> None:
        if isinstance(node, dict):
            author = node.get("author")
            if isinstance(author, str) and author not in ("[deleted]", "[removed]"):
                found.add(author)
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    for name in names:
        for interaction in json.loads(cassette(name).read_text(encoding="utf-8"))["interactions"]:
            body = interaction["response"]["body"]["string"]
            if body.startswith(("{", "[")):
                walk(json.loads(body))
    return found


def recorded_ids(name: str, index: int) -> list[str]:
    """Fullnames of a recorded listing, in the order Reddit sent them (newest first)."""
    body = json.loads(cassette(name).read_text(encoding="utf-8"))["interactions"][index]["response"]["body"]
    return [child["data"]["name"] for child in json.loads(body["string"])["data"]["children"]]


def assert_no_usernames(posts: Iterable[RawPost], authors: set[str]) -> None:
    """No username in any field we keep, except inside the words people wrote (a mention)."""
    for post in posts:
        assert post.author_hash is None or HASH.match(post.author_hash)
        kept = [str(v) for v in astuple(post) if v is not None and v not in (post.text, post.title)]
        for author in authors:
            assert not any(author in value for value in kept), (author, post.external_id)


# -- listings ---------------------------------------------------------------------------------


class TestSubredditListings:
    def test_new(self, replay: RedditReplay) -> None:
        src = source(replay, "TestSubredditListings.test_new.json", subreddits=["askreddit"], comment_depth=0)
        batches = list(src.collect(Cursors()))
        posts = posts_of(batches)
        assert len(posts) == 100
        assert len({p.external_id for p in posts}) == 100
        assert all(p.kind == "post" and p.external_id.startswith("t3_") for p in posts)
        assert all(p.created_at is not None and p.created_at.tzinfo == UTC for p in posts)
        assert all(p.url and p.url.startswith("https://www.reddit.com/r/AskReddit/comments/") for p in posts)
        assert all(p.author_hash and HASH.match(p.author_hash) for p in posts)
        assert_no_usernames(posts, recorded_authors("TestSubredditListings.test_new.json"))
        # Oldest first, so the last batch's cursor is the newest item of the listing.
        assert posts[-1].external_id == "t3_48fbm9"
        assert batches[-1].cursor is not None
        assert batches[-1].cursor["newest"] == "t3_48fbm9"
        assert replay.replayed() == ["GET /r/askreddit/new?limit=100"]

    def test_comments(self, replay: RedditReplay) -> None:
        src = source(
            replay, "TestSubredditListings.test_comments.json", subreddits=["askreddit"], listing="comments"
        )
        posts = posts_of(src.collect(Cursors()))
        assert len(posts) == 100
        assert all(p.kind == "comment" and p.parent_id and p.parent_id[:3] in ("t1_", "t3_") for p in posts)
        assert all(p.title is None and p.url and "/comments/" in p.url for p in posts)
        assert_no_usernames(posts, recorded_authors("TestSubredditListings.test_comments.json"))


class TestSubredditStreams:
    def test_submissions(self, replay: RedditReplay) -> None:
        src = source(
            replay,
            "TestSubredditStreams.test_submissions.json",
            subreddits=["all"],
            comment_depth=0,
            recheck=0,
        )
        cursors = Cursors()
        first = posts_of(cursors.take(src.collect(cursors)))
        assert len(first) == 100
        assert cursors["all"]["newest"] == "t3_5jo13y"
        second = posts_of(cursors.take(src.collect(cursors)))
        assert [p.external_id for p in second] == recorded_ids(
            "TestSubredditStreams.test_submissions.json", 2
        )[::-1]
        assert not {p.external_id for p in first} & {p.external_id for p in second}
        assert cursors["all"]["newest"] == "t3_5jo144"
        assert replay.replayed() == ["GET /r/all/new?limit=100", "GET /r/all/new?before=t3_5jo13y&limit=100"]

    def test_comments__with_pause(self, replay: RedditReplay) -> None:
        src = source(
            replay,
            "TestSubredditStreams.test_comments__with_pause.json",
            subreddits=["kakapo"],
            listing="comments",
            recheck=0,
        )
        cursors = Cursors()
        first = cursors.take(src.collect(cursors))
        assert len(posts_of(first)) == 16
        assert cursors["kakapo"]["newest"] == "t1_dgauydy"
        # The empty poll: nothing new, nothing repeated, the cursor stays put.
        assert cursors.take(src.collect(cursors)) == []
        assert cursors["kakapo"]["newest"] == "t1_dgauydy"
        assert replay.replayed()[-1] == "GET /r/kakapo/comments/?before=t1_dgauydy&limit=100"

    def test_comments__with_continue_after_id(self, replay: RedditReplay) -> None:
        """Resuming from a stored cursor asks only for what is newer than it."""
        src = source(
            replay,
            "TestSubredditStreams.test_comments__with_continue_after_id.json",
            subreddits=["digestbot_test"],
            listing="comments",
            recheck=0,
        )
        cursors = Cursors(digestbot_test={"newest": "t1_k3v0jp3", "newest_utc": None, "recent": []})
        posts = posts_of(cursors.take(src.collect(cursors)))
        assert len(posts) == 95
        assert "t1_k3v0jp3" not in {p.external_id for p in posts}
        assert cursors["digestbot_test"]["newest"] == "t1_k3yrfii"
        assert replay.replayed() == ["GET /r/digestbot_test/comments/?before=t1_k3v0jp3&limit=100"]


# -- comment trees ------------------------------------------------------------------------------


class TestSubmission:
    def test_comments(self, replay: RedditReplay) -> None:
        replay.load(cassette("TestSubmission.test_comments.json"))
        reddit = make_reddit("reddit", urls=replay.urls, timeout=5)
        submission = reddit.submission("2gmzqe")
        forest = submission.comments
        top = list(walk_comments(forest, 1))
        deep = list(walk_comments(forest, 2))
        assert top
        assert all(c.parent_id == "t3_2gmzqe" for c in top)
        assert len(deep) > len(top)
        replies = [c for c in deep if c not in top]
        assert {c.parent_id for c in replies} <= {f"t1_{c.id}" for c in top}
        # parents come before their replies
        order = [c.id for c in deep]
        assert order.index("cklhv0f") == order.index("cklfmye") + 1


class TestMore:
    def test_comments(self, replay: RedditReplay) -> None:
        replay.load(cassette("TestMore.test_comments.json"))
        reddit = make_reddit("reddit", urls=replay.urls, timeout=5)
        submission = reddit.submission("3hahrw")
        forest = submission.comments
        before = {c.id for c in walk_comments(forest, 1)}
        assert len(before) == 137  # the 138th top-level child is a "more" stub, skipped
        forest.replace_more(limit=1)
        after = {c.id for c in walk_comments(forest, 1)}
        assert before < after
        assert "cu5tead" in after - before
        assert replay.replayed()[-1] == "POST /api/morechildren/?"


class TestComment:
    def test_refresh__deleted_comment(self, replay: RedditReplay) -> None:
        replay.load(cassette("TestComment.test_refresh__deleted_comment.json"))
        reddit = make_reddit("reddit", urls=replay.urls, timeout=5)
        (item,) = list(reddit.info(fullnames=["t1_d7ltvl0"]))
        assert isinstance(item, Comment)
        assert is_gone(item)
        guard = Guard("reddit", retries=0, max_wait=0, backoff_base=0)
        with pytest.raises(SourceError, match=r"^reddit: r/test: ClientException: .*comment"):
            guard.call("r/test", item.refresh)


# -- faults -------------------------------------------------------------------------------------


class TestFaults:
    def test_forbidden_and_not_found_subreddits_are_reported_and_others_collected(
        self, replay: RedditReplay
    ) -> None:
        src = source(
            replay,
            "errors.ferguson_new_403.json",
            "errors.announcements_new_404.json",
            "TestSubredditListings.test_new.json",
            subreddits=["ferguson", "announcements", "askreddit"],
            comment_depth=0,
        )
        got: list[Batch] = []
        with pytest.raises(SourceError) as caught:
            got.extend(src.collect(Cursors()))
        assert len(posts_of(got)) == 100
        message = str(caught.value)
        assert "\n" not in message
        assert "r/ferguson: HTTP 403" in message
        assert "r/announcements: HTTP 404" in message
        assert "askreddit" not in message

    def test_recorded_403_and_404(self, replay: RedditReplay) -> None:
        replay.load(cassette("TestSubredditQuarantine.test_opt_out.json"))
        replay.load(cassette("TestSubreddit.test_traffic__not_public.json"))
        reddit = make_reddit("reddit", urls=replay.urls, timeout=5)
        guard = Guard("reddit", retries=0, max_wait=0, backoff_base=0)
        with pytest.raises(SourceError, match=r"^reddit: r/ferguson: HTTP 403 Forbidden .*/r/ferguson/hot$"):
            guard.call("r/ferguson", lambda: list(reddit.subreddit("ferguson").hot()))
        with pytest.raises(SourceError, match=r"^reddit: r/announcements: HTTP 404 Not Found"):
            guard.call("r/announcements", reddit.subreddit("announcements").traffic)

    def test_bad_request_with_html_body_is_one_calm_line(self, replay: RedditReplay) -> None:
        replay.load(cassette("TestReddit.test_bad_request_without_json_text_html_response.json"))
        reddit = make_reddit("reddit", urls=replay.urls, timeout=5)
        guard = Guard("reddit", retries=0, max_wait=0, backoff_base=0)
        params: dict[str, str | int] = {"link_id": "t3_n7r3uz", "children": "<COMMENT_IDS>"}
        with pytest.raises(SourceError) as caught:
            guard.call(
                "r/test", lambda: reddit.request(method="GET", path="/api/morechildren", params=params)
            )
        message = str(caught.value)
        assert message == "reddit: r/test: HTTP 400 Bad Request (text/html) for /api/morechildren"

    def test_429_waits_retry_after_then_succeeds(self, replay: RedditReplay) -> None:
        waits: list[float] = []

        def sleep(seconds: float) -> None:
            waits.append(seconds)
            time.sleep(seconds)

        src = source(replay, "ratelimit.mecfs_429.json", subreddits=["mecfs"], sleep=sleep)
        posts = posts_of(src.collect(Cursors()))
        assert [p.external_id for p in posts] == ["t3_mc0004"]
        assert waits == [1.0]
        assert [r.path for r in replay.server.hits("/r/mecfs/new")] == ["/r/mecfs/new"] * 2

    def test_429_asking_too_long_a_wait_is_reported(self, replay: RedditReplay) -> None:
        waits: list[float] = []
        src = source(replay, "ratelimit.mecfs_429_long.json", subreddits=["mecfs"], sleep=waits.append)
        with pytest.raises(
            SourceError, match=r"^reddit: r/mecfs: rate limited \(HTTP 429, Retry-After 3600\)$"
        ):
            list(src.collect(Cursors()))
        assert waits == []


# -- configuration ------------------------------------------------------------------------------


class TestConfiguration:
    @pytest.mark.parametrize("missing", CREDENTIAL_VARS)
    def test_missing_credentials(self, monkeypatch: pytest.MonkeyPatch, missing: str) -> None:
        monkeypatch.delenv(missing)
        cfg = SourceSettings(name="reddit", kind="reddit")
        with pytest.raises(SourceNotConfigured) as caught:
            build_source(cfg, Settings())
        assert str(caught.value) == f"reddit: set the environment variable(s) {missing}"

    @pytest.mark.parametrize(
        ("options", "names"),
        [
            ({"subredits": ["cfs"]}, "'subredits': unknown key"),
            ({"subreddits": ["r/ok", "not a name"]}, "'subreddits'"),
            ({"limit": 0}, "'limit'"),
            ({"listing": "hot"}, "'listing'"),
            ({"client_secret": "x"}, "'client_secret': unknown key"),
        ],
    )
    def test_bad_options(self, options: dict[str, Any], names: str) -> None:
        cfg = SourceSettings(name="reddit", kind="reddit", **options)
        with pytest.raises(SourceNotConfigured, match=re.escape(names)) as caught:
            build_reddit(cfg, Settings())
        assert "\n" not in str(caught.value)

    def test_defaults(self) -> None:
        opts = RedditOptions()
        assert opts.subreddits == ("cfs", "mecfs", "covidlonghaulers")
        assert opts.listing == "new"
        assert RedditOptions.model_validate({"subreddits": ["r/MECFS"]}).subreddits == ("MECFS",)


# -- the replay server itself -------------------------------------------------------------------


class TestReplay:
    def test_a_cassette_that_replayed_nothing_fails(self) -> None:
        with ReplayServer() as server:
            loader = RedditReplay(server)
            loader.load(cassette("TestListingGenerator.test_no_items.json"))
            requests.post(server.url("/api/v1/access_token"), timeout=5)  # the token alone counts for nothing
            with pytest.raises(
                AssertionError, match=r"replayed nothing: TestListingGenerator\.test_no_items\.json"
            ):
                loader.verify()

    def test_query_order_and_raw_json_do_not_matter(self, replay: RedditReplay) -> None:
        replay.load(cassette("TestListingGenerator.test_no_items.json"))
        answer = requests.get(replay.server.url("/user/spez/?limit=100&sort=top&t=hour"), timeout=5)
        assert answer.status_code == 200
        assert answer.json()["data"]["children"] == []

    def test_an_unrecorded_request_is_caught(self) -> None:
        with ReplayServer() as server:
            loader = RedditReplay(server)
            loader.load(cassette("TestListingGenerator.test_no_items.json"))
            requests.get(server.url("/user/spez/?limit=100&sort=top&t=hour"), timeout=5)
            requests.get(server.url("/user/spez/?limit=100&sort=top&t=day"), timeout=5)
            with pytest.raises(AssertionError, match="unexpected GET /user/spez/"):
                loader.verify()


# -- end to end, through storage ------------------------------------------------------------


class StoredCursors:
    """CursorStore reading committed cursors, each read in its own short transaction."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine

    def get(self, key: str) -> dict[str, Any] | None:
        with transaction(self.engine) as session:
            return SessionCursorStore(session, "reddit").get(key)


def run_pass(engine: Engine, src: RedditSource) -> BatchResult:
    """One collect pass committing each batch with its cursor, as the collect stage does."""
    total = BatchResult()
    for batch in src.collect(StoredCursors(engine)):
        with transaction(engine) as session:
            total.add(store_batch(session, batch, source="reddit"))
    return total


def store_then_crash(engine: Engine, batch: Batch) -> None:
    with transaction(engine) as session:
        store_batch(session, batch, source="reddit")
        raise RuntimeError("killed before the commit")


def stored(engine: Engine) -> dict[str, Post]:
    with transaction(engine) as session:
        return {p.external_id: p for p in session.scalars(select(Post).where(Post.source == "reddit"))}


class TestEndToEnd:
    def test_three_passes_store_purge_and_never_duplicate(self, engine: Engine, replay: RedditReplay) -> None:
        src = source(replay, "mecfs.three_passes.json", subreddits=["mecfs"])

        first = run_pass(engine, src)
        rows = stored(engine)
        assert set(rows) == {"t3_mc0003", "t3_mc0002", "t1_mcc1", "t1_mcc3", "t1_mcc5"}
        assert first.new == 5
        assert first.deleted == 0  # the removed post and the deleted comment were never stored
        ldn = rows["t3_mc0003"]
        assert ldn.links == ["https://pubmed.ncbi.nlm.nih.gov/32000000/", "https://www.reddit.com/r/cfs/wiki"]
        assert ldn.replies == 5
        assert rows["t3_mc0002"].links == ["https://www.example-news.org/health/pem-study-2025"]
        assert rows["t1_mcc3"].parent_id == "t1_mcc2"  # a reply to a deleted comment is kept
        assert rows["t1_mcc1"].links == ["https://doi.org/10.1000/xyz123"]

        second = run_pass(engine, src)
        rows = stored(engine)
        assert set(rows) == {"t3_mc0004", "t3_mc0003", "t1_mcc1", "t1_mcc5"}
        assert (second.new, second.deleted) == (1, 2)

        third = run_pass(engine, src)
        assert (third.new, third.updated, third.deleted) == (0, 0, 0)
        assert set(stored(engine)) == {"t3_mc0004", "t3_mc0003", "t1_mcc1", "t1_mcc5"}

        with transaction(engine) as session:
            posts = list(session.scalars(select(Post)))
            cursor = session.scalars(select(Cursor).where(Cursor.source == "reddit")).one()
        assert cursor.key == "mecfs"
        assert cursor.state["newest"] == "t3_mc0004"
        everything = json.dumps(
            [[str(getattr(p, c.key)) for c in Post.__table__.columns] for p in posts] + [cursor.state]
        )
        for author in recorded_authors("mecfs.three_passes.json"):
            assert author not in everything

    def test_crash_mid_pass_then_restart_loses_and_duplicates_nothing(
        self, engine: Engine, replay: RedditReplay
    ) -> None:
        src = source(replay, "mecfs.crash_resume.json", subreddits=["mecfs"])
        batches = src.collect(StoredCursors(engine))
        for _ in range(2):  # the removed post (reported, never stored), then the news post
            with transaction(engine) as session:
                store_batch(session, next(batches), source="reddit")
        third = next(batches)
        with pytest.raises(RuntimeError, match="killed"):
            store_then_crash(engine, third)
        assert set(stored(engine)) == {"t3_mc0002"}

        resumed = run_pass(engine, src)
        assert set(stored(engine)) == {"t3_mc0003", "t3_mc0002", "t1_mcc1", "t1_mcc3", "t1_mcc5"}
        assert (resumed.new, resumed.updated, resumed.unchanged) == (4, 0, 0)
        restart = replay.replayed()[3:]
        assert restart[:2] == ["GET /api/info/?id=t3_mc0002", "GET /r/mecfs/new?before=t3_mc0002&limit=100"]


class TestCheck:
    def test_reachable(self, replay: RedditReplay) -> None:
        src = source(replay, "mecfs.check.json", subreddits=["mecfs"])
        assert src.check() == "1 subreddit(s) reachable: mecfs"

    def test_unreachable_names_the_subreddit(self, replay: RedditReplay) -> None:
        src = source(replay, "mecfs.check.json", subreddits=["mecfs", "cfs"])
        replay.server.add("/r/cfs/new", Reply(403, {"Content-Type": "application/json"}, '{"error": 403}'))
        with pytest.raises(SourceError, match=r"^reddit: r/cfs: HTTP 403 Forbidden"):
            src.check()


class TestServerFaults:
    """prawcore retries a 5xx or a dropped connection itself (after a 0-2 s pause)."""

    @pytest.mark.parametrize(
        "fault",
        [
            Reply(500, {"Content-Type": "text/html"}, "<html>oops</html>"),
            Reply(fault="reset"),
            Reply(200, {"Content-Type": "application/json"}, '{"kind": "Listing", "da', fault="short_body"),
        ],
        ids=["500", "dropped", "truncated"],
    )
    def test_one_fault_then_the_recording(self, replay: RedditReplay, fault: Reply) -> None:
        replay.server.add("/r/mecfs/new", fault, repeat_last=False)
        src = source(replay, "ratelimit.mecfs_429.json", subreddits=["mecfs"], sleep=lambda s: None)
        posts = posts_of(src.collect(Cursors()))
        assert [p.external_id for p in posts] == ["t3_mc0004"]
        assert len(replay.server.hits("/r/mecfs/new")) == 3  # fault, 429, 200
