"""storage/posts.py on SQLite and PostgreSQL: idempotent store, crash safety, purge, cross-posts."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest
from sqlalchemy import Engine, func, select

from bot.errors import StorageError
from bot.evidence.types import Citation, Claim, Flag, Match, PaperRef, PostAnalysis
from sources.base import Batch
from storage.analysis import save_analysis, set_flag_status
from storage.cursors import get_cursor
from storage.db import transaction
from storage.posts import get_post, posts_in_window, posts_to_analyse, purge_post, store_batch
from storage.schema import CitationRow, ClaimRow, FlagRow, MatchRow, Paper, Post


def _count(engine: Engine, model: type) -> int:
    with transaction(engine) as s:
        return int(s.scalar(select(func.count()).select_from(model)) or 0)


def test_restoring_the_same_batch_adds_nothing(engine: Engine, make_raw, make_batch) -> None:
    b = make_batch(make_raw("p1"), make_raw("p2"), make_raw("p3"), cursor={"after": "p3"})
    with transaction(engine) as s:
        first = store_batch(s, b)
    with transaction(engine) as s:
        second = store_batch(s, b)
    assert (first.new, first.updated, first.unchanged) == (3, 0, 0)
    assert (second.new, second.updated, second.unchanged) == (0, 0, 3)
    assert _count(engine, Post) == 3
    with transaction(engine) as s:
        stored = get_post(s, "forum", "p2")
        assert stored is not None
        assert stored.text.startswith("Post p2")
        assert stored.links == []


def test_a_repeat_within_one_batch_is_stored_once(engine: Engine, make_raw, make_batch) -> None:
    with transaction(engine) as s:
        result = store_batch(s, make_batch(make_raw("p1", score=1), make_raw("p1", score=2)))
    assert result.new == 1
    with transaction(engine) as s:
        assert [p.score for p in s.scalars(select(Post))] == [2]


def test_changed_content_is_updated_and_queued_for_analysis(engine: Engine, make_raw, make_batch, t0) -> None:
    with transaction(engine) as s:
        store_batch(s, make_batch(make_raw("p1"), make_raw("p2", score=3)))
        for post in s.scalars(select(Post)):
            post.analysed_at, post.analysis_version = t0, "v1"
    later = t0 + timedelta(days=40)
    edited = make_raw("p1", "Edited: pacing helps me avoid crashes after exertion, a long post.")
    with transaction(engine) as s:
        result = store_batch(s, make_batch(edited, make_raw("p2", score=9)), now=later)
    assert (result.new, result.updated, result.unchanged) == (0, 2, 0)
    with transaction(engine) as s:
        p1, p2 = get_post(s, "forum", "p1"), get_post(s, "forum", "p2")
        assert p1 is not None
        assert p2 is not None
        assert p1.text.startswith("Edited")
        assert p1.content_hash == edited.content_hash
        assert p1.analysed_at is None
        assert p1.updated_at == later
        # A new score is news for the table, not a reason to analyse the words again.
        assert p2.score == 9
        assert p2.analysed_at == t0
        assert p2.updated_at == later
        assert [p.external_id for p in posts_to_analyse(s, 10, "v1")] == ["p1"]


def test_a_crash_after_store_keeps_neither_posts_nor_cursor(engine: Engine, make_raw, make_batch) -> None:
    with transaction(engine) as s:
        store_batch(s, make_batch(make_raw("p1"), cursor={"after": "p1"}))
    crashing = make_batch(make_raw("p2"), make_raw("p3"), cursor={"after": "p3"})

    def killed_mid_run() -> None:
        with transaction(engine) as s:
            store_batch(s, crashing)
            raise RuntimeError("killed mid-run")

    with pytest.raises(RuntimeError, match="killed"):
        killed_mid_run()
    with transaction(engine) as s:
        assert [p.external_id for p in s.scalars(select(Post))] == ["p1"]
        assert get_cursor(s, "forum", "main") == {"after": "p1"}
    # The restarted run re-collects the batch and gets exactly one copy of each post.
    with transaction(engine) as s:
        result = store_batch(s, crashing)
    assert (result.new, result.unchanged) == (2, 0)
    with transaction(engine) as s:
        assert sorted(p.external_id for p in s.scalars(select(Post))) == ["p1", "p2", "p3"]
        assert get_cursor(s, "forum", "main") == {"after": "p3"}


def test_an_empty_batch_moves_the_cursor_only_when_it_names_its_source(engine: Engine) -> None:
    empty = Batch(posts=(), cursor_key="https://feed.example/rss", cursor={"etag": '"abc"'})
    with pytest.raises(StorageError, match="pass source="), transaction(engine) as s:
        store_batch(s, empty)
    with transaction(engine) as s:
        store_batch(s, empty, source="journal-feed")
    with transaction(engine) as s:
        assert get_cursor(s, "journal-feed", "https://feed.example/rss") == {"etag": '"abc"'}


def _analysis(post_ref: str) -> PostAnalysis:
    doi = Citation(kind="doi", value="10.1000/xyz.1", span=(10, 22), confidence=1.0)
    claim = Claim(text="Pacing cures ME.", span=(0, 16), strength="direct_causal", overstated=True)
    return PostAnalysis(
        post_id=post_ref,
        post_type="lay_claim",
        topics=("pacing",),
        citations=(doi,),
        matches=(
            Match(
                citation=doi,
                card_id=None,
                paper=PaperRef(doi="10.1000/XYZ.1"),
                method="identifier",
                score=1.0,
            ),
        ),
        claims=(claim,),
        flags=(Flag(kind="overstated", reason="causal claim, weak study", claim_text=claim.text),),
    )


def test_a_deleted_post_is_purged_with_its_analysis(engine: Engine, make_raw, make_batch, t0) -> None:
    with transaction(engine) as s:
        store_batch(s, make_batch(make_raw("p1"), make_raw("p2")))
        for post in s.scalars(select(Post)):
            save_analysis(s, post.id, _analysis(post.external_id), "v1", now=t0)
        flag = s.scalars(select(FlagRow).order_by(FlagRow.id)).first()
        assert flag is not None
        set_flag_status(s, flag.id, "confirmed", "checked")
    assert (_count(engine, CitationRow), _count(engine, ClaimRow), _count(engine, FlagRow)) == (2, 2, 2)
    with transaction(engine) as s:
        assert s.scalars(select(Paper.mention_count)).one() == 2
        result = store_batch(s, make_batch(make_raw("p3"), deleted=("p1", "never-stored")))
    assert (result.new, result.deleted) == (1, 1)
    with transaction(engine) as s:
        assert sorted(p.external_id for p in s.scalars(select(Post))) == ["p2", "p3"]
        assert s.scalars(select(Paper.mention_count)).one() == 1
    assert (_count(engine, CitationRow), _count(engine, MatchRow)) == (1, 1)
    assert (_count(engine, ClaimRow), _count(engine, FlagRow)) == (1, 1)


def test_a_rawpost_marked_deleted_is_purged_and_never_stored(engine: Engine, make_raw, make_batch) -> None:
    with transaction(engine) as s:
        store_batch(s, make_batch(make_raw("p1")))
    with transaction(engine) as s:
        result = store_batch(s, make_batch(make_raw("p1", deleted=True), make_raw("p2", deleted=True)))
    assert (result.new, result.deleted) == (0, 1)
    assert _count(engine, Post) == 0
    with transaction(engine) as s:
        assert purge_post(s, "forum", "p1") is False


def test_cross_posts_point_at_the_earliest_and_are_not_analysed(engine: Engine, make_raw, make_batch) -> None:
    text = "New study: ME/CFS patients show reduced cerebral blood flow on tilt testing, see link."
    with transaction(engine) as s:
        store_batch(s, make_batch(make_raw("a1", text, source="reddit-cfs", title="Blood flow")))
        store_batch(
            s,
            make_batch(
                make_raw("b1", "  new STUDY:  me/cfs " + text[18:], source="reddit-mecfs", title="blood flow")
            ),
        )
        store_batch(s, make_batch(make_raw("c1", "Thanks!"), make_raw("c2", "thanks!")))
    with transaction(engine) as s:
        a1, b1 = get_post(s, "reddit-cfs", "a1"), get_post(s, "reddit-mecfs", "b1")
        assert a1 is not None
        assert b1 is not None
        assert a1.duplicate_of is None
        assert b1.duplicate_of == a1.id
        # Too short to say two people posted the same thing.
        assert [p.duplicate_of for p in s.scalars(select(Post).where(Post.source == "forum"))] == [None, None]
        assert {p.external_id for p in posts_to_analyse(s, 10, "v1")} == {"a1", "c1", "c2"}
    with transaction(engine) as s:
        assert purge_post(s, "reddit-cfs", "a1") is True
    with transaction(engine) as s:
        b1 = get_post(s, "reddit-mecfs", "b1")
        assert b1 is not None
        assert b1.duplicate_of is None


def test_an_edit_that_makes_a_post_unique_clears_its_duplicate_mark(
    engine: Engine, make_raw, make_batch
) -> None:
    text = "Sharing this again: the DecodeME results are out and the genetic signals are striking."
    with transaction(engine) as s:
        store_batch(
            s, make_batch(make_raw("p1", text, title="DecodeME"), make_raw("p2", text, title="DecodeME"))
        )
    with transaction(engine) as s:
        p2 = get_post(s, "forum", "p2")
        assert p2 is not None
        assert p2.duplicate_of is not None
        store_batch(s, make_batch(make_raw("p2", "Edited to add my own experience with pacing since then.")))
    with transaction(engine) as s:
        p2 = get_post(s, "forum", "p2")
        assert p2 is not None
        assert p2.duplicate_of is None


def test_bad_posts_are_rejected_by_name_and_the_rest_stored(engine: Engine, make_raw, make_batch) -> None:
    naive = make_raw("p2", created_at=datetime(2025, 3, 3, 12, 0))
    with transaction(engine) as s:
        result = store_batch(
            s, make_batch(make_raw("p1"), naive, make_raw("", source="forum")), source="forum"
        )
    assert result.new == 1
    assert result.rejected[0] == "forum:p2: created_at has no timezone"
    assert "external id" in result.rejected[1]
    assert _count(engine, Post) == 1


def test_posts_to_analyse_skips_current_version_and_honours_limit(
    engine: Engine, make_raw, make_batch, t0
) -> None:
    with transaction(engine) as s:
        store_batch(s, make_batch(*(make_raw(f"p{i}") for i in range(1, 6))))
        first = posts_to_analyse(s, 2, "v1")
        assert [p.external_id for p in first] == ["p1", "p2"]
        for post in first:
            save_analysis(
                s, post.id, PostAnalysis(post.external_id, "question", (), (), (), (), ()), "v1", now=t0
            )
    with transaction(engine) as s:
        assert [p.external_id for p in posts_to_analyse(s, 10, "v1")] == ["p3", "p4", "p5"]
        assert len(posts_to_analyse(s, 10, "v2")) == 5


def test_skip_locked_gives_two_workers_different_posts(engine: Engine, make_raw, make_batch) -> None:
    if engine.dialect.name != "postgresql":
        pytest.skip("SKIP LOCKED is a PostgreSQL claim; SQLite runs one analysis process")
    with transaction(engine) as s:
        store_batch(s, make_batch(*(make_raw(f"p{i}") for i in range(1, 6))))
    with transaction(engine) as worker_a:
        claimed_a = {p.id for p in posts_to_analyse(worker_a, 3, "v1")}
        with transaction(engine) as worker_b:
            claimed_b = {p.id for p in posts_to_analyse(worker_b, 10, "v1")}
    assert len(claimed_a) == 3
    assert len(claimed_b) == 2
    assert not claimed_a & claimed_b
    # Once worker A's transaction ends its posts are free again.
    with transaction(engine) as worker_c:
        assert len(posts_to_analyse(worker_c, 10, "v1")) == 5


def test_posts_in_window_uses_created_then_fetched_and_drops_duplicates(
    engine: Engine, make_raw, make_batch, t0
) -> None:
    same = "Same long text about orthostatic intolerance shared in two places for the window test."
    posts = [
        make_raw("p1"),  # created t0 + 1h: inside
        make_raw("p2", created_at=t0 + timedelta(days=7)),  # exactly at the end: outside
        make_raw("p3", created_at=None, fetched_at=t0 + timedelta(days=2)),  # undated, fetched inside
        make_raw("p4", created_at=t0 - timedelta(seconds=1)),  # before the start
        make_raw("p5", same, title="OI"),
        make_raw("p6", same, title="OI"),  # a cross-post of p5
    ]
    with transaction(engine) as s:
        store_batch(s, make_batch(*posts))
        found = posts_in_window(s, t0, t0 + timedelta(days=7))
    assert [p.external_id for p in found] == ["p1", "p5", "p3"]
