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


def _flag(text: str, status: str = "open", note: str | None = None, **fields: object) -> ReviewedFlag:
    reason = str(fields.pop("reason", "Worded as cause and effect; this study shows a difference."))
    return ReviewedFlag(Flag("overstated", reason, claim_text=text, **fields), status, note)  # type: ignore[arg-type]


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
    (entry,) = digest.papers
    assert entry.posts == 1
    assert digest.counts.posts == 1
    assert (digest.week_start.isoformat(), digest.week_end.isoformat()) == ("2025-03-03", "2025-03-09")


def test_each_card_appears_once_with_the_claims_that_cite_it_beneath() -> None:
    cards = {"c1": card("c1"), "c2": card("c2")}
    posts = [
        post("a", claims=(claim("C1 causes ME.", "c1"),), matches=(match("c1"),)),
        post("b", text="b", claims=(claim("C1 may cause fatigue.", "c1", strength="conditional_causal"),)),
        post("c", text="c", claims=(claim("C1 went with fatigue.", "c1", strength="correlational"),)),
        post("d", text="d", post_type="research_news", matches=(match("c1"), match("c2"))),
    ]
    digest = build_digest(posts, cards, settings(), NOW)
    assert [p.card.id for p in digest.papers] == ["c1", "c2"]  # c1: 4 posts, c2: 1
    c1, c2 = digest.papers
    assert [c.quote for c in c1.claims] == ["C1 causes ME.", "C1 may cause fatigue.", "C1 went with fatigue."]
    assert c1.posts == 4
    assert [m.label for m in c1.mentions] == ["Reddit r/cfs"]  # post d: linked, no claim about it
    assert c2.claims == ()
    assert digest.counts.papers == 2
    assert digest.counts.discussing_posts == 4
    assert digest.counts.claims == 3


def test_papers_rank_by_posts_then_places_then_engagement() -> None:
    cards = {cid: card(cid) for cid in ("few", "many", "spread", "busy")}
    posts = [
        post("f", text="f", post_type="research_news", matches=(match("few"),)),
        *(post(f"m{i}", text=f"m{i}", post_type="research_news", matches=(match("many"),)) for i in range(3)),
        post("s1", text="s1", post_type="research_news", matches=(match("spread"),)),
        post("s2", text="s2", url="https://s4me.info/threads/x.2/", matches=(match("spread"),)),
        post("b1", text="b1", post_type="research_news", score=90, replies=30, matches=(match("busy"),)),
        post("b2", text="b2", post_type="research_news", matches=(match("busy"),)),
    ]
    digest = build_digest(posts, cards, settings(), NOW)
    assert [p.card.id for p in digest.papers] == ["many", "spread", "busy", "few"]
    assert [p.places for p in digest.papers] == [1, 2, 1, 1]


def test_max_papers_and_claims_per_paper_are_respected() -> None:
    cards = {f"c{i}": card(f"c{i}") for i in range(10)}
    posts = [
        post(f"p{i}", text=f"p{i}", post_type="research_news", matches=(match(f"c{i}"),)) for i in range(10)
    ]
    assert len(build_digest(posts, cards, settings(max_papers=3), NOW).papers) == 3
    talk = [
        post(
            f"t{i}",
            text=f"t{i}",
            claims=(claim(f"{'xyzwvu'[i] * (i + 3)} causes ME, and {i} more reasons.", "c0"),),
        )
        for i in range(5)
    ]
    (entry,) = build_digest(talk, cards, settings(claims_per_paper=2), NOW).papers
    assert len(entry.claims) == 2
    assert len(entry.mentions) == 1  # the other three posts' place (one community), named once
    assert entry.posts == 5


def test_a_post_shows_its_most_strongly_worded_claim_about_a_card() -> None:
    cards = {"c1": card("c1")}
    p = post(
        "p1",
        claims=(
            claim("C1 went with fatigue.", "c1", strength="correlational"),
            claim("C1 causes ME.", "c1"),
            claim("The study had 40 people.", "c1", strength="none"),
        ),
    )
    (entry,) = build_digest([p], cards, settings(), NOW).papers
    assert [c.quote for c in entry.claims] == ["C1 causes ME."]
    assert entry.claims[0].strength_words == "worded as cause and effect"


def test_cross_posts_are_shown_once_naming_every_place() -> None:
    cards = {"c1": card("c1")}
    text = "Butyrate bacteria cause ME, says the new study!"
    original = post("a", text=text, score=3, claims=(claim(text, "c1"),))
    identical = replace(original, post_id="b", url="https://s4me.info/threads/x.1/", score=50)
    near = "Butyrate bacteria cause ME, says the new study."
    edited = post(
        "c", text=near, url="https://healthunlocked.com/x/posts/1", claims=(claim(near, "c1"),), score=1
    )
    digest = build_digest([original, identical, edited], cards, settings(), NOW)
    (entry,) = digest.papers
    (shown,) = entry.claims
    assert shown.post_id == "b"  # the more-discussed copy leads
    assert shown.place.label == "Science for ME forum"
    assert [p.label for p in shown.also_in] == ["Reddit r/cfs", "HealthUnlocked"]
    assert entry.posts == 3
    assert entry.places == 3
    assert digest.counts.posts == 3


def test_off_topic_posts_and_merely_suggested_matches_are_left_out() -> None:
    cards = {"c1": card("c1")}
    posts = [
        post("off", post_type="off_topic", matches=(match("c1"),)),
        post("maybe", text="maybe", post_type="research_news", matches=(match("c1", status="suggested"),)),
    ]
    digest = build_digest(posts, cards, settings(), NOW)
    assert digest.papers == ()
    assert digest.is_empty


def test_a_claim_resting_on_a_merely_suggested_card_waits_for_a_moderator() -> None:
    # The analyzer judges such a claim against the suggested card so that its flag reaches the
    # moderators; subscribers see it neither beside that card nor among claims citing no card.
    cards = {"c1": card("c1"), "c2": card("c2")}
    text = "C1 causes ME."
    flagged = (_flag(text, card_id="c1"),)
    maybe = post("maybe", post_type="research_news", claims=(claim(text, "c1"),), flags=flagged)
    pending = replace(maybe, matches=(match("c1", status="suggested"),))
    digest = build_digest([pending], cards, settings(), NOW)
    assert (digest.papers, digest.no_card) == ((), ())
    sure = build_digest([replace(maybe, matches=(match("c1"),))], cards, settings(), NOW)
    assert [(e.card.id, [c.quote for c in e.claims]) for e in sure.papers] == [("c1", [text])]
    assert sure.papers[0].claims[0].flag_reason is not None
    # A post whose match to one card is confirmed and to another only suggested shows the first.
    both = replace(
        maybe,
        claims=(claim(text, "c1", "c2"),),
        matches=(match("c1"), match("c2", status="suggested")),
    )
    assert [e.card.id for e in build_digest([both], cards, settings(), NOW).papers] == ["c1"]


def test_quote_is_at_most_the_configured_words() -> None:
    cards = {"c1": card("c1")}
    sentence = " ".join(f"word{i}" for i in range(60)) + " causes ME."
    p = post("p", claims=(claim(sentence, "c1"),))
    quote = build_digest([p], cards, settings(), NOW).papers[0].claims[0].quote
    assert quote.endswith("…")
    assert len(quote.split()) == 40
    assert sentence.startswith(quote[:-1])
    short = build_digest([p], cards, settings(quote_words=10), NOW).papers[0].claims[0].quote
    assert len(short.split()) == 10


def test_usernames_never_reach_an_entry() -> None:
    cards = {"c1": card("c1")}
    text = "As u/jane_doe and @JaneD said, C1 causes ME (mail me: j@example.org)."
    p = post(
        "p",
        text=text,
        url="https://www.reddit.com/user/jane_doe/comments/p/",
        claims=(claim(text, "c1"),),
    )
    shown = build_digest([p], cards, settings(), NOW).papers[0].claims[0]
    for value in (shown.quote, shown.place.label, shown.place.url or ""):
        assert "jane_doe" not in value
        assert "JaneD" not in value
    assert shown.place.url is None
    assert "j@example.org" in shown.quote  # an address in the text is not a mention


def test_warnings_come_from_flag_rows_only() -> None:
    cards = {"c1": card("c1", evidence_level="E5", badges=("Retracted",))}
    text = "C1 causes ME."
    # A claim the analyser thought overstated, on a retracted E5 card, but with no flag row:
    # the digest adds no warning of its own.
    bare = post("bare", text="bare", claims=(claim(text, "c1", overstated=True),))
    (shown,) = build_digest([bare], cards, settings(), NOW).papers[0].claims
    assert shown.flag_reason is None
    flagged = replace(bare, flags=(_flag(text, reason="The study was retracted."),))
    (shown,) = build_digest([flagged], cards, settings(), NOW).papers[0].claims
    assert shown.flag_reason == "The study was retracted."
    assert not shown.flag_checked


def test_unreviewed_flags_show_or_hide() -> None:
    cards = {"c1": card("c1")}
    texts = ("C1 causes ME.", "C1 cures fatigue.")
    p = post("p", claims=(claim(texts[0], "c1"),), flags=(_flag(texts[0], "confirmed", reason="Checked."),))
    q = post(
        "q", text="other", claims=(claim(texts[1], "c1"),), flags=(_flag(texts[1], reason="Automatic."),)
    )
    shown = {c.quote: c for c in build_digest([p, q], cards, settings(), NOW).papers[0].claims}
    assert (shown[texts[0]].flag_reason, shown[texts[0]].flag_checked) == ("Checked.", True)
    assert (shown[texts[1]].flag_reason, shown[texts[1]].flag_checked) == ("Automatic.", False)
    digest = build_digest([p, q], cards, settings(unreviewed_flags="hide"), NOW)
    hidden = {c.quote: c for c in digest.papers[0].claims}
    assert hidden[texts[0]].flag_reason == "Checked."
    assert hidden[texts[1]].flag_reason is None
    assert digest.counts.unreviewed == 1
    assert digest.counts.flagged == 1


def test_moderators_can_dismiss_a_flag_and_add_a_note() -> None:
    cards = {"c1": card("c1")}
    text = "C1 causes ME."
    p = post(
        "p", claims=(claim(text, "c1"),), flags=(_flag(text, "dismissed", "Fair summary of the paper."),)
    )
    (shown,) = build_digest([p], cards, settings(), NOW).papers[0].claims
    assert shown.flag_reason is None
    assert shown.moderator_note == "Fair summary of the paper."


def test_a_flag_about_another_card_is_not_shown_under_this_one() -> None:
    cards = {"c1": card("c1"), "c2": card("c2")}
    text = "C1 and C2 cause ME."
    p = post("p", claims=(claim(text, "c1", "c2"),), flags=(_flag(text, card_id="c2", reason="About c2."),))
    by_card = {e.card.id: e.claims[0] for e in build_digest([p], cards, settings(), NOW).papers}
    assert by_card["c1"].flag_reason is None
    assert by_card["c2"].flag_reason == "About c2."


def test_claims_without_a_card_have_their_own_short_section() -> None:
    posts = [
        post("a", text="a", claims=(claim("A leaky gut causes ME.", "unknown-card"),), score=5),
        post("b", text="b", claims=(claim("Pacing may help.", strength="conditional_causal"),)),
        post("c", text="c", claims=(claim("Fatigue went with sleep.", strength="correlational"),)),
        post(
            "d",
            text="d",
            claims=(
                claim(
                    "Statins cause ME.",
                ),
            ),
            matches=(match(None, doi="10.9/x", title="Statins paper"),),
        ),
    ]
    digest = build_digest(posts, {}, settings(max_no_card=2), NOW)
    assert [c.quote for c in digest.no_card] == ["A leaky gut causes ME.", "Statins cause ME."]
    assert digest.no_card[1].paper_label == "Statins paper"
    assert digest.counts.no_card == 2


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


def test_the_two_line_summary_counts_what_is_shown() -> None:
    cards = {"c1": card("c1"), "c2": card("c2")}
    text = "C1 causes ME."
    posts = [
        post("a", claims=(claim(text, "c1"),), flags=(_flag(text),)),
        post("b", text="b", post_type="research_news", matches=(match("c2"), match(None, pmid="42"))),
    ]
    first, second = build_digest(posts, cards, settings(), NOW).summary
    assert (
        first
        == "This week: 2 papers discussed in 2 posts; 1 claim worded more strongly than its study supports."
    )
    assert second == (
        "Also: 0 claims citing no paper in the atlas, and 1 newly cited paper the atlas does not cover yet."
    )


def test_an_explicit_window_overrides_the_clock() -> None:
    window = (datetime(2024, 1, 1, tzinfo=UTC), datetime(2024, 1, 8, tzinfo=UTC))
    old = post(
        "old", created_at=datetime(2024, 1, 3, tzinfo=UTC), post_type="research_news", matches=(match("c1"),)
    )
    digest = build_digest(
        [old, post("now", created_at=IN_WEEK)], {"c1": card("c1")}, settings(), NOW, window=window
    )
    assert [p.posts for p in digest.papers] == [1]
    assert digest.week_start.isoformat() == "2024-01-01"
    assert digest.generated_at == NOW


def test_the_card_links_to_the_atlas_page_when_configured() -> None:
    cards = {"c/1": card("c/1")}
    p = post("p", post_type="research_news", matches=(match("c/1"),))
    plain = build_digest([p], cards, settings(), NOW).papers[0].card
    assert plain.link == plain.url
    linked = build_digest([p], cards, settings(atlas_card_url="https://atlas.example.org/cards/{id}"), NOW)
    assert linked.papers[0].card.link == "https://atlas.example.org/cards/c%2F1"
