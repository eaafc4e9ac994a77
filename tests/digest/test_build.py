"""Selection, ranking, grouping and the weekly window, on hand-made posts and cards."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from bot.digest.build import build_digest, week_window
from bot.digest.types import ReviewedFlag
from bot.evidence.types import Flag

from .factories import IN_WEEK, NOW, card, claim, match, post, settings

LONDON = ZoneInfo("Europe/London")


# --- the weekly window -----------------------------------------------------------------------


def test_window_is_the_last_complete_week_in_local_time() -> None:
    start, end = week_window(NOW, "Europe/London", "mon")
    assert start == datetime(2025, 3, 3, tzinfo=LONDON)
    assert end == datetime(2025, 3, 10, tzinfo=LONDON)
    assert end - start == timedelta(days=7)


def test_window_ending_exactly_now_is_complete() -> None:
    now = datetime(2025, 3, 10, 0, 0, tzinfo=LONDON)
    assert week_window(now, LONDON, "mon") == (datetime(2025, 3, 3, tzinfo=LONDON), now)


def test_window_uses_the_local_date_not_the_utc_date() -> None:
    # Sunday 23:30 UTC in summer is already Monday 00:30 in London: that week has ended.
    now = datetime(2025, 6, 15, 23, 30, tzinfo=UTC)
    start, end = week_window(now, "Europe/London", "mon")
    assert end == datetime(2025, 6, 16, tzinfo=LONDON)
    assert start == datetime(2025, 6, 9, tzinfo=LONDON)


@pytest.mark.parametrize(
    ("now", "hours", "end_offset"),
    [
        # Clocks go forward on 30 March 2025: that week is one hour short.
        (datetime(2025, 4, 1, 8, tzinfo=UTC), 167, timedelta(hours=1)),
        # Clocks go back on 26 October 2025: that week is one hour long.
        (datetime(2025, 10, 28, 8, tzinfo=UTC), 169, timedelta(0)),
    ],
)
def test_window_across_a_clock_change_stays_on_local_midnights(
    now: datetime, hours: int, end_offset: timedelta
) -> None:
    start, end = week_window(now, "Europe/London", "mon")
    assert (end.astimezone(UTC) - start.astimezone(UTC)) == timedelta(hours=hours)
    assert (start.hour, start.minute, end.hour, end.minute) == (0, 0, 0, 0)
    assert end.utcoffset() == end_offset


def test_window_honours_the_publish_day() -> None:
    start, end = week_window(NOW, "Europe/London", "fri")  # NOW is a Monday
    assert (start.date().isoformat(), end.date().isoformat()) == ("2025-02-28", "2025-03-07")


def test_window_rejects_naive_time_and_unknown_day() -> None:
    with pytest.raises(ValueError, match="aware"):
        week_window(datetime(2025, 3, 10), "Europe/London", "mon")
    with pytest.raises(ValueError, match="publish_day"):
        week_window(NOW, "Europe/London", "monday")


# --- choosing entries ------------------------------------------------------------------------


def test_only_posts_inside_the_window_are_used() -> None:
    start, end = week_window(NOW, "Europe/London", "mon")
    cards = {"c1": card("c1")}
    posts = [
        post("at-start", created_at=start, matches=(match("c1"),), post_type="research_news"),
        post("before", created_at=start - timedelta(seconds=1), matches=(match("c1"),)),
        post("at-end", created_at=end, matches=(match("c1"),)),
        post("undated", created_at=None, matches=(match("c1"),)),
    ]
    digest = build_digest(posts, cards, settings(), NOW)
    assert [e.post_id for e in digest.entries] == ["at-start"]
    assert digest.counts.posts == 1
    assert (digest.week_start.isoformat(), digest.week_end.isoformat()) == ("2025-03-03", "2025-03-09")


def test_claims_citing_a_card_come_before_news_and_uncovered_papers() -> None:
    cards = {"c1": card("c1"), "c2": card("c2")}
    posts = [
        post("uncovered", score=900, matches=(match(None, doi="10.1/new", title="A new paper"),)),
        post("news", score=500, post_type="research_news", matches=(match("c2"),)),
        post("claim", score=0, claims=(claim("C1 causes ME.", "c1"),), matches=(match("c1"),)),
    ]
    digest = build_digest(posts, cards, settings(), NOW)
    assert [e.post_id for e in digest.entries] == ["claim", "news", "uncovered"]
    first, news, uncovered = digest.entries
    assert first.claim_text == "C1 causes ME."
    assert first.card is not None
    assert first.card.id == "c1"
    assert news.claim_text is None
    assert news.card is not None
    assert news.card.id == "c2"
    assert uncovered.card is None
    assert uncovered.uncovered_paper == "A new paper"


def test_more_discussed_posts_rank_first_within_a_tier() -> None:
    cards = {"c1": card("c1", tags={}), "c2": card("c2", tags={})}
    posts = [
        post("quiet", score=1, post_type="research_news", matches=(match("c1"),)),
        post("busy", score=5, replies=40, post_type="research_news", matches=(match("c2"),)),
    ]
    digest = build_digest(posts, cards, settings(), NOW)
    assert [e.post_id for e in digest.entries] == ["busy", "quiet"]


def test_max_entries_is_respected() -> None:
    cards = {f"c{i}": card(f"c{i}") for i in range(10)}
    posts = [post(f"p{i}", post_type="research_news", matches=(match(f"c{i}"),)) for i in range(10)]
    digest = build_digest(posts, cards, settings(max_entries=3), NOW)
    assert len(digest.entries) == 3 == digest.counts.entries


def test_one_entry_per_post_and_card_showing_the_claim_that_most_needs_it() -> None:
    cards = {"c1": card("c1")}
    p = post(
        "p1",
        claims=(
            claim("C1 went with fatigue.", "c1", strength="correlational"),
            claim("C1 causes ME.", "c1", overstated=True),
        ),
        matches=(match("c1"),),
    )
    digest = build_digest([p], cards, settings(), NOW)
    assert len(digest.entries) == 1
    assert digest.entries[0].claim_text == "C1 causes ME."
    assert digest.entries[0].strength_words == "worded as cause and effect"


def test_cross_posts_are_shown_once() -> None:
    cards = {"c1": card("c1")}
    original = post(
        "a",
        text="Same words everywhere.",
        score=3,
        matches=(
            match(
                "c1",
            ),
        ),
        post_type="research_news",
    )
    identical = replace(original, post_id="b", url="https://s4me.info/threads/x.1/", score=50)
    edited = post(
        "c",
        claims=(claim("Butyrate bacteria cause ME, says the new study!", "c1"),),
        matches=(match("c1"),),
        score=10,
    )
    edited_copy = post(
        "d",
        claims=(claim("Butyrate bacteria cause ME, says the new study.", "c1"),),
        matches=(match("c1"),),
        score=2,
    )
    digest = build_digest([original, identical, edited, edited_copy], cards, settings(), NOW)
    ids = [e.post_id for e in digest.entries]
    assert ids == ["c", "b"]  # the more-discussed copy of each cross-post


def test_off_topic_posts_and_merely_suggested_matches_are_left_out() -> None:
    cards = {"c1": card("c1")}
    posts = [
        post("off", post_type="off_topic", matches=(match("c1"),)),
        post("maybe", post_type="research_news", matches=(match("c1", status="suggested"),)),
    ]
    digest = build_digest(posts, cards, settings(), NOW)
    assert digest.entries == ()


def test_entries_are_grouped_by_card_tag_then_post_topic() -> None:
    cards = {
        "gut": card("gut", tags={"mechanism": ("Gut microbiome",)}),
        "rx": card("rx", tags={"treatment": ("Rituximab",), "mechanism": ("Autoimmunity",)}),
    }
    posts = [
        post("p1", score=9, post_type="research_news", matches=(match("gut"),)),
        post("p2", score=5, post_type="research_news", matches=(match("rx"),)),
        post("p3", score=1, post_type="research_news", matches=(match("gut"),), text="Other words."),
        post("p4", topics=("sleep_quality",), matches=(match(None, pmid="123"),)),
    ]
    digest = build_digest(posts, cards, settings(), NOW)
    assert [(g.topic, [e.post_id for e in g.entries]) for g in digest.groups] == [
        ("Gut microbiome", ["p1", "p3"]),
        ("Rituximab", ["p2"]),
        ("Sleep quality", ["p4"]),
    ]


def test_quote_is_cut_on_a_word_boundary() -> None:
    cards = {"c1": card("c1")}
    sentence = "Inflammatory enzymes were raised in patients compared with healthy controls in this study."
    p = post("p", claims=(claim(sentence, "c1", strength="correlational"),), matches=(match("c1"),))
    entry = build_digest([p], cards, settings(quote_chars=40), NOW).entries[0]
    assert entry.quote.endswith("…")
    assert len(entry.quote) <= 40
    assert sentence.startswith(entry.quote[:-1])
    assert entry.quote[:-1].split()[-1] in sentence.split()


def test_usernames_never_reach_an_entry() -> None:
    cards = {"c1": card("c1")}
    text = "As u/jane_doe and @JaneD said, C1 causes ME (mail me: j@example.org)."
    p = post(
        "p",
        text=text,
        url="https://www.reddit.com/user/jane_doe/comments/p/",
        claims=(claim(text, "c1"),),
        matches=(match("c1"),),
    )
    entry = build_digest([p], cards, settings(), NOW).entries[0]
    for field in (entry.quote, entry.claim_text or "", entry.source_label, entry.source_url or ""):
        assert "jane_doe" not in field
        assert "JaneD" not in field
    assert entry.source_url is None
    assert "j@example.org" in entry.quote  # an address in the text is not a mention


def test_flag_reasons_are_calm_and_follow_the_card() -> None:
    cards = {
        "obs": card("obs", evidence_level="E3", evidence_label="Preliminary"),
        "weak": card("weak", evidence_level="E5", evidence_label="Very limited"),
        "gone": card("gone", badges=("Retracted",)),
        "rct": card("rct", evidence_level="E1", evidence_label="Strong", design="RCT"),
    }
    posts = [
        post("o", claims=(claim("X causes ME.", "obs", overstated=True),)),
        post("w", claims=(claim("Y may cause ME.", "weak", strength="conditional_causal"),)),
        post("g", claims=(claim("XMRV causes ME.", "gone", strength="direct_causal"),)),
        post("r", claims=(claim("Z improved fatigue over placebo.", "rct", strength="direct_causal"),)),
    ]
    reasons = {e.post_id: e.flag_reason for e in build_digest(posts, cards, settings(), NOW).entries}
    assert reasons["o"] == "Worded more strongly than this Case-Control study (E3 Preliminary) can support."
    assert reasons["w"] is not None
    assert "E5 Very limited" in reasons["w"]
    assert reasons["g"] is not None
    assert "retracted" in reasons["g"]
    assert reasons["r"] is None
    for reason in filter(None, reasons.values()):
        assert "!" not in reason
        assert not any(w in reason.lower() for w in ("danger", "warning", "false"))


def test_moderators_can_dismiss_a_flag_and_add_a_note() -> None:
    cards = {"c1": card("c1")}
    text = "C1 causes ME."
    flags = (
        ReviewedFlag(
            Flag("overstated", "too strong", claim_text=text), "dismissed", "Fair summary of the paper."
        ),
    )
    p = post("p", claims=(claim(text, "c1", overstated=True),), flags=flags)
    entry = build_digest([p], cards, settings(), NOW).entries[0]
    assert entry.flag_reason is None
    assert entry.moderator_note == "Fair summary of the paper."


def test_uncovered_papers_are_counted_once_per_post_for_the_editors() -> None:
    paper = {"doi": "10.1/new", "title": "A new paper"}
    posts = [
        post("p1", matches=(match(None, **paper), match(None, **paper))),
        post("p2", text="Another post.", matches=(match(None, **paper), match(None, pmid="999"))),
        post("off", post_type="off_topic", matches=(match(None, doi="10.9/statins"),)),
    ]
    digest = build_digest(posts, {}, settings(), NOW)
    assert [(u.label, u.mentions) for u in digest.uncovered] == [("A new paper", 2), ("PMID 999", 1)]
    assert digest.counts.uncovered == 2


def test_an_explicit_window_overrides_the_clock() -> None:
    window = (datetime(2024, 1, 1, tzinfo=UTC), datetime(2024, 1, 8, tzinfo=UTC))
    old = post(
        "old", created_at=datetime(2024, 1, 3, tzinfo=UTC), post_type="research_news", matches=(match("c1"),)
    )
    digest = build_digest(
        [old, post("now", created_at=IN_WEEK)], {"c1": card("c1")}, settings(), NOW, window=window
    )
    assert [e.post_id for e in digest.entries] == ["old"]
    assert digest.week_start.isoformat() == "2024-01-01"
    assert digest.generated_at == NOW


def test_entries_share_the_heading_most_of_the_week_has_in_common() -> None:
    cards = {
        "pet": card("pet", tags={"mechanism": ("Neuroinflammation", "Inflammation")}),
        "cox": card("cox", tags={"mechanism": ("Inflammation", "Oxidative Stress")}),
        "gut": card("gut", tags={"mechanism": ("Gut Dysbiosis",), "symptom": ("Fatigue",)}),
    }
    posts = [post(f"p-{cid}", post_type="research_news", matches=(match(cid),), text=cid) for cid in cards]
    digest = build_digest(posts, cards, settings(), NOW)
    assert sorted((g.topic, len(g.entries)) for g in digest.groups) == [
        ("Gut Dysbiosis", 1),
        ("Inflammation", 2),
    ]
