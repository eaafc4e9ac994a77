"""storage/digests.py on SQLite and PostgreSQL: digests, subscribers, delivery rows."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from sqlalchemy import Engine, func, select

from bot.atlas.types import AtlasCard
from bot.config import parse_settings
from bot.digest.build import build_digest, week_window
from bot.digest.types import AnalysedPost, Digest
from bot.evidence.types import Citation, Claim, Flag, Match, PaperRef, PostAnalysis
from sources.base import Batch
from sources.types import RawPost
from storage import deliveries, subscribers
from storage import digests as store
from storage.analysis import save_analysis, set_flag_status
from storage.cards import upsert_cards
from storage.db import transaction
from storage.posts import get_post, store_batch
from storage.schema import AtlasCardRow, DigestEntryRow, DigestRow, FlagRow, Post, Subscriber

NOW = datetime(2025, 3, 10, 9, tzinfo=UTC)
DAY = datetime(2025, 3, 5, 12, tzinfo=UTC)
SETTINGS = parse_settings({"timezone": "Europe/London"})
CARD = AtlasCard(
    id="maes-2007-mind-but",
    title="Not in the mind but in the cell",
    evidence_level="E2",
    evidence_label="Moderate",
    design="Case-Control",
    badges=("Preliminary",),
    does_not_prove="It does not show that COX-2 causes ME/CFS.",
    tags={"mechanism": ("Inflammation",)},
)


def _post(post_id: str, text: str, *, card: bool = True) -> AnalysedPost:
    cit = Citation("pmid", "17693978", (0, 8), 1.0)
    ref = PaperRef(pmid="17693978") if card else PaperRef(doi="10.1/new", title="New paper")
    return AnalysedPost(
        post_id=post_id,
        source="forum",
        kind="post",
        url=f"https://forum.example/t/{post_id}",
        title=None,
        text=text,
        created_at=DAY,
        post_type="lay_claim",
        claims=(Claim(text, (0, len(text)), "direct_causal", (CARD.id,) if card else ()),),
        matches=(Match(cit, CARD.id if card else None, ref, "identifier", 1.0),),
    )


def _digest(*posts: AnalysedPost, now: datetime = NOW) -> Digest:
    return build_digest(posts, {CARD.id: CARD}, SETTINGS, now)


def _count(engine: Engine, model: type) -> int:
    with transaction(engine) as s:
        return int(s.scalar(select(func.count()).select_from(model)) or 0)


def test_saved_digest_loads_back_unchanged(engine: Engine) -> None:
    digest = _digest(_post("1", "COX-2 causes ME."), _post("2", "See this.", card=False))
    with transaction(engine) as s:
        digest_id = store.save_digest(s, digest)
    with transaction(engine) as s:
        loaded = store.load_digest(s, date(2025, 3, 3), Digest.from_dict)
        by_id = store.get_digest(s, digest_id, Digest.from_dict)
        rows = s.scalars(select(DigestEntryRow).order_by(DigestEntryRow.position)).all()
        assert [(r.position, r.quote, r.strength, r.card_id is None) for r in rows] == [
            (0, "COX-2 causes ME.", "direct_causal", True),  # the card row is not stored here
            (1, "See this.", "direct_causal", True),  # a claim without a card
        ]
    assert loaded is not None
    assert by_id is not None
    assert loaded.digest == digest == by_id.digest
    assert loaded.id == digest_id
    assert loaded.published_at is None


def test_rebuilding_a_week_replaces_its_entries_and_keeps_its_id(engine: Engine) -> None:
    with transaction(engine) as s:
        first = store.save_digest(
            s, _digest(_post("1", "Inflammation causes ME."), _post("2", "Viruses cause ME, clearly."))
        )
        store.mark_published(s, first, NOW)
    rebuilt = _digest(_post("3", "C causes ME."), now=NOW + timedelta(hours=2))
    with transaction(engine) as s:
        second = store.save_digest(s, rebuilt)
    assert second == first
    assert _count(engine, DigestRow) == 1
    assert _count(engine, DigestEntryRow) == 1
    with transaction(engine) as s:
        stored = store.get_digest(s, first, Digest.from_dict)
    assert stored is not None
    assert stored.digest == rebuilt
    assert stored.published_at == NOW  # a rebuild is not a new publication


def test_entries_link_to_posts_and_cards_that_exist(engine: Engine) -> None:
    with transaction(engine) as s:
        s.add(AtlasCardRow(id=CARD.id, title=CARD.title, imported_at=NOW))
        post = Post(source="forum", external_id="x", kind="post", text="t", fetched_at=NOW, content_hash="h")
        s.add(post)
        s.flush()
        real_id = str(post.id)
    with transaction(engine) as s:
        store.save_digest(
            s, _digest(_post(real_id, "Inflammation causes ME."), _post("dev-001", "Pacing helps everyone."))
        )
    with transaction(engine) as s:
        links = {(r.quote, r.post_id, r.card_id) for r in s.scalars(select(DigestEntryRow))}
    # A post id that is not a stored post (analyze-file output) is kept in the payload only.
    assert links == {
        ("Inflammation causes ME.", int(real_id), CARD.id),
        ("Pacing helps everyone.", None, CARD.id),
    }


def test_list_digests_newest_first(engine: Engine) -> None:
    with transaction(engine) as s:
        for weeks_ago in (2, 0, 1):
            store.save_digest(s, _digest(now=NOW - timedelta(weeks=weeks_ago)))
    with transaction(engine) as s:
        starts = [d.digest.week_start.isoformat() for d in store.list_digests(s, Digest.from_dict)]
    assert starts == ["2025-03-03", "2025-02-24", "2025-02-17"]


def test_a_delivery_is_claimed_once_and_only_a_retry_can_be_claimed_again(engine: Engine) -> None:
    with transaction(engine) as s:
        digest_id = store.save_digest(s, _digest())
        subscribers.add_confirmed(s, "a@example.org", NOW)
        sub = s.scalar(select(func.min(Subscriber.id)))
    assert sub is not None
    with transaction(engine) as s:
        assert deliveries.claim(s, digest_id, sub, "<m1@x>", NOW)
    with transaction(engine) as s:
        assert not deliveries.claim(s, digest_id, sub, "<m1@x>", NOW)  # 'sending': never twice
        deliveries.retry_later(s, digest_id, sub, "450 busy", NOW)
        assert deliveries.states(s, digest_id)[sub].status == "retry"
    with transaction(engine) as s:
        assert deliveries.claim(s, digest_id, sub, "<m1@x>", NOW)  # a retry may be claimed
        assert deliveries.states(s, digest_id)[sub].attempts == 2
        deliveries.fail(s, digest_id, sub, "550 mailbox unavailable")
    with transaction(engine) as s:
        assert not deliveries.claim(s, digest_id, sub, "<m1@x>", NOW)  # failed for good
        (record,) = deliveries.queue_resend(s, [deliveries.states(s, digest_id)[sub].id], NOW)
        assert record.status == "retry"  # a person chose to resend
    with transaction(engine) as s:
        assert deliveries.claim(s, digest_id, sub, "<m1@x>", NOW)
        assert deliveries.mark_interrupted(s, digest_id) == 1  # its process died mid-send
        (record,) = deliveries.list_deliveries(s, status="uncertain")
        assert record.email == "a@example.org"
        (done,) = deliveries.mark_sent(s, [record.id], NOW)
        assert done.status == "sent"


def test_load_week_gives_build_digest_the_stored_analysis(engine: Engine) -> None:
    text = "COX-2 causes ME, see PMID 17693978. Also doi 10.1/new."
    raws = [
        RawPost("forum", "t1", "post", "https://forum.example/t/1", "Thread", text, DAY, DAY, score=4),
        RawPost(
            "forum",
            "old",
            "post",
            "https://forum.example/t/0",
            "Old",
            "Old news.",
            DAY - timedelta(days=30),
            DAY,
        ),
    ]
    claim = Claim(
        "COX-2 causes ME, see PMID 17693978.", (0, 35), "direct_causal", (CARD.id,), overstated=True
    )
    cited = Match(
        Citation("pmid", "17693978", (26, 34), 1.0), CARD.id, PaperRef(pmid="17693978"), "identifier", 1.0
    )
    new = Match(Citation("doi", "10.1/new", (44, 52), 1.0), None, PaperRef(doi="10.1/new"), "identifier", 1.0)
    flag = Flag("overstated", "too strong", claim_text=claim.text, card_id=CARD.id)
    with transaction(engine) as s:
        upsert_cards(s, [CARD], "test", NOW)
        store_batch(s, Batch(posts=tuple(raws), cursor_key="main", cursor=None))
        post = get_post(s, "forum", "t1")
        assert post is not None
        analysis = PostAnalysis(
            str(post.id), "lay_claim", ("inflammation",), (), (cited, new), (claim,), (flag,)
        )
        save_analysis(s, post.id, analysis, "test")
    with transaction(engine) as s:
        flag_id = s.scalar(select(FlagRow.id).where(FlagRow.kind == "overstated"))
        assert flag_id is not None
        set_flag_status(s, flag_id, "confirmed", "The study measured enzymes, not causes.", NOW)
    start, end = week_window(NOW, "Europe/London", "mon")
    with transaction(engine) as s:
        week = store.load_week(s, start, end)
    (loaded,) = week  # the old post is outside the week; nothing unanalysed is included
    assert loaded.post_id == str(post.id)
    assert loaded.claims == (claim,)
    assert {m.card_id for m in loaded.matches} == {CARD.id, None}
    digest = build_digest(week, {CARD.id: CARD}, SETTINGS, NOW)
    (paper,) = digest.papers
    assert paper.card.id == CARD.id
    (first,) = paper.claims
    assert first.flag_reason is not None
    assert first.flag_checked
    assert first.moderator_note == "The study measured enzymes, not causes."
    assert digest.uncovered[0].doi == "10.1/new"
