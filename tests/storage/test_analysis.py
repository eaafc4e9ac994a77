"""storage/analysis.py: re-analysis is idempotent, paper counts are derived, verdicts survive."""

from __future__ import annotations

import dataclasses
from datetime import timedelta
from typing import Any

import pytest
from sqlalchemy import Engine, select

from bot.atlas.types import AtlasCard
from bot.errors import StorageError
from bot.evidence.types import Citation, Claim, Flag, Match, PaperRef, PostAnalysis
from storage.analysis import open_flags, save_analyses, save_analysis, set_flag_status, uncovered_papers
from storage.cards import upsert_cards
from storage.db import transaction
from storage.posts import get_post, purge_post, store_batch
from storage.schema import CitationRow, ClaimRow, FlagRow, MatchRow, Paper, Post

CLAIM = Claim(text="Rituximab cures ME/CFS.", span=(0, 23), strength="direct_causal", overstated=True)
# The card keeps the DOI as the atlas exported it; papers keep DOIs lower-cased.
CARD = AtlasCard(id="card-ritux", title="Rituximab RCT", doi="10.7326/M18-1451", evidence_level="E2")


def cite(kind: Any, value: str, start: int) -> Citation:
    return Citation(kind=kind, value=value, span=(start, start + len(value)), confidence=0.9)


def uncovered(citation: Citation, **ref: Any) -> Match:
    return Match(citation=citation, card_id=None, paper=PaperRef(**ref), method="identifier", score=1.0)


def analysis(
    *matches: Match, claims: tuple[Claim, ...] = (CLAIM,), flags: tuple[Flag, ...] = ()
) -> PostAnalysis:
    return PostAnalysis(
        post_id="x",
        post_type="research_news",
        topics=("treatment",),
        citations=tuple(m.citation for m in matches),
        matches=matches,
        claims=claims,
        flags=flags,
    )


def snapshot(engine: Engine, post_id: int) -> dict[str, Any]:
    """Everything the analysis wrote for a post, without the row ids that may be renumbered."""
    with transaction(engine) as s:
        post = s.get(Post, post_id)
        assert post is not None
        citations = s.scalars(
            select(CitationRow).where(CitationRow.post_id == post_id).order_by(CitationRow.span_start)
        )
        matches = s.execute(
            select(CitationRow.value, MatchRow.card_id, Paper.key, MatchRow.method, MatchRow.score)
            .join(MatchRow, MatchRow.citation_id == CitationRow.id)
            .outerjoin(Paper, Paper.id == MatchRow.paper_id)
            .where(CitationRow.post_id == post_id)
            .order_by(CitationRow.value)
        )
        claims = s.scalars(select(ClaimRow).where(ClaimRow.post_id == post_id).order_by(ClaimRow.span_start))
        flags = s.scalars(select(FlagRow).where(FlagRow.post_id == post_id).order_by(FlagRow.key))
        return {
            "post": (post.post_type, post.topics, post.analysis_version),
            "citations": [(c.kind, c.value, c.span_start, c.span_end) for c in citations],
            "matches": [tuple(m) for m in matches],
            "claims": [(c.id, c.text, c.strength, c.overstated, c.topics) for c in claims],
            "flags": [(f.id, f.key, f.kind, f.status, f.moderator_note, f.reason) for f in flags],
        }


@pytest.fixture
def post_ids(engine: Engine, make_raw, make_batch) -> dict[str, int]:
    posts = [make_raw(f"p{i}", url=f"https://forum.example/t/p{i}") for i in range(1, 6)]
    with transaction(engine) as s:
        store_batch(s, make_batch(*posts))
        upsert_cards(s, [CARD], "cards.jsonl")
        return {p.external_id: p.id for p in s.scalars(select(Post))}


def test_reanalysis_leaves_exactly_the_same_rows(engine: Engine, post_ids: dict[str, int], t0) -> None:
    pid = post_ids["p1"]
    doi = cite("doi", "10.1000/new.2", 40)
    card_match = Match(
        citation=cite("doi", "10.7326/m18-1451", 60),
        card_id=CARD.id,
        paper=PaperRef(),
        method="identifier",
        score=1.0,
    )
    result = analysis(
        uncovered(doi),
        card_match,
        flags=(
            Flag(
                kind="overstated",
                reason="causal claim from an RCT that failed",
                claim_text=CLAIM.text,
                card_id=CARD.id,
            ),
            Flag(kind="uncovered", reason="no card yet", paper=PaperRef(doi="10.1000/NEW.2")),
        ),
    )
    with transaction(engine) as s:
        assert save_analysis(s, pid, result, "v1", now=t0) is True
    first = snapshot(engine, pid)
    with transaction(engine) as s:
        save_analysis(s, pid, result, "v1", now=t0 + timedelta(hours=1))
    assert snapshot(engine, pid) == first
    assert first["post"] == ("research_news", ["treatment"], "v1")
    assert first["matches"] == [
        ("10.1000/new.2", None, "doi:10.1000/new.2", "identifier", 1.0),
        ("10.7326/m18-1451", CARD.id, None, "identifier", 1.0),
    ]
    assert [f[2] for f in first["flags"]] == ["overstated", "uncovered"]
    with transaction(engine) as s:
        post = s.get(Post, pid)
        assert post is not None
        assert post.analysed_at == t0 + timedelta(hours=1)


def test_paper_mentions_are_derived_and_stable_across_reanalysis(
    engine: Engine, post_ids: dict[str, int], make_raw, make_batch, t0
) -> None:
    by_doi = analysis(uncovered(cite("doi", "10.1000/abc", 5), doi="https://doi.org/10.1000/ABC"))
    with transaction(engine) as s:
        for name in ("p1", "p3", "p1", "p3"):  # each post analysed twice
            save_analysis(s, post_ids[name], by_doi, "v1", now=t0)
    with transaction(engine) as s:
        (paper,) = s.scalars(select(Paper))
        assert (paper.key, paper.mention_count) == ("doi:10.1000/abc", 2)
        assert (paper.first_seen, paper.last_seen) == (t0 + timedelta(hours=1), t0 + timedelta(hours=3))
    # p3 is re-analysed with a new model that no longer sees the citation.
    with transaction(engine) as s:
        save_analysis(s, post_ids["p3"], analysis(), "v2", now=t0)
    with transaction(engine) as s:
        (paper,) = s.scalars(select(Paper))
        assert paper.mention_count == 1
        assert paper.last_seen == t0 + timedelta(hours=1)
    # A purged post stops counting; the paper leaves the queue but keeps its row.
    with transaction(engine) as s:
        assert purge_post(s, "forum", "p1") is True
    with transaction(engine) as s:
        assert s.scalars(select(Paper.mention_count)).one() == 0
        assert uncovered_papers(s) == []


def test_a_cross_post_does_not_count_twice(
    engine: Engine, post_ids: dict[str, int], make_raw, make_batch, t0
) -> None:
    text = "A new paper on mitochondria in ME/CFS, doi 10.1000/mito, worth reading closely."
    with transaction(engine) as s:
        store_batch(
            s,
            make_batch(
                make_raw("x7", text, source="a", title="T"), make_raw("x8", text, source="b", title="T")
            ),
        )
        ids = [p.id for p in s.scalars(select(Post).where(Post.source.in_(["a", "b"])).order_by(Post.id))]
        for pid in ids:  # even if a worker analysed the cross-post before it was marked
            save_analysis(s, pid, analysis(uncovered(cite("doi", "10.1000/mito", 43))), "v1", now=t0)
    with transaction(engine) as s:
        assert s.scalars(select(Paper.mention_count)).one() == 1


def test_identifiers_merge_into_one_paper_and_fill_in(engine: Engine, post_ids: dict[str, int], t0) -> None:
    with transaction(engine) as s:
        save_analysis(s, post_ids["p1"], analysis(uncovered(cite("pmid", "31234567", 3))), "v1", now=t0)
        both = uncovered(cite("doi", "10.1000/xyz", 3), pmid="PMID: 31234567", title="A Study", year=2019)
        save_analysis(s, post_ids["p2"], analysis(both), "v1", now=t0)
        save_analysis(
            s,
            post_ids["p3"],
            analysis(uncovered(cite("title", "Fatigue & Sleep: a review!", 0))),
            "v1",
            now=t0,
        )
    with transaction(engine) as s:
        papers = {p.key: p for p in s.scalars(select(Paper))}
    assert sorted(papers) == ["pmid:31234567", "title:fatigue sleep a review"]
    merged = papers["pmid:31234567"]
    assert (merged.doi, merged.title, merged.year, merged.mention_count) == (
        "10.1000/xyz",
        "A Study",
        2019,
        2,
    )


def test_moderator_verdicts_survive_reanalysis_and_stale_open_flags_go(
    engine: Engine, post_ids: dict[str, int], t0
) -> None:
    pid = post_ids["p1"]
    weak = Claim(text="Graded exercise is harmful for everyone.", span=(30, 70), strength="direct_causal")
    flags = (
        Flag(kind="overstated", reason="one small study", claim_text=CLAIM.text),
        Flag(kind="low_evidence", reason="anecdote only", claim_text=weak.text),
    )
    with transaction(engine) as s:
        save_analysis(s, pid, analysis(claims=(CLAIM, weak), flags=flags), "v1", now=t0)
        by_kind = {f.kind: f for f in open_flags(s)}
        overstated, low = by_kind["overstated"], by_kind["low_evidence"]
        set_flag_status(s, overstated.id, "confirmed", "Told the poster, thanks.")
        reviewed_id, low_id = overstated.id, low.id
    # Re-analysis: same findings, new wording of one reason.
    reworded = (dataclasses.replace(flags[0], reason="one small, unblinded study"), flags[1])
    with transaction(engine) as s:
        save_analysis(s, pid, analysis(claims=(CLAIM, weak), flags=reworded), "v2", now=t0)
        row = s.get(FlagRow, reviewed_id)
        assert row is not None
        assert (row.status, row.moderator_note, row.reason) == (
            "confirmed",
            "Told the poster, thanks.",
            reworded[0].reason,
        )
        assert [f.id for f in open_flags(s)] == [low_id]
    # The post is edited: neither claim is found any more.
    with transaction(engine) as s:
        save_analysis(s, pid, analysis(claims=()), "v3", now=t0)
    with transaction(engine) as s:
        assert open_flags(s) == []
        kept = s.get(FlagRow, reviewed_id)
        assert kept is not None
        assert (kept.status, kept.claim_id) == ("confirmed", None)


def test_uncovered_queue_ranks_by_mentions_then_recency(engine: Engine, post_ids: dict[str, int], t0) -> None:
    cited = {
        "p1": ["10.1/a", "10.1/b"],
        "p2": ["10.1/a"],
        "p3": ["10.1/c", "10.7326/m18-1451"],  # the last is covered by CARD: not in the queue
        "p4": ["10.1/a", "10.1/c"],
        "p5": ["10.1/a"],
    }
    with transaction(engine) as s:
        for name, dois in cited.items():
            matches = [uncovered(cite("doi", d, 10 * i)) for i, d in enumerate(dois)]
            save_analysis(s, post_ids[name], analysis(*matches), "v1", now=t0)
    with transaction(engine) as s:
        queue = uncovered_papers(s)
        assert [(p.doi, p.mentions) for p in queue] == [("10.1/a", 4), ("10.1/c", 2), ("10.1/b", 1)]
        assert queue[0].example_urls == tuple(f"https://forum.example/t/p{i}" for i in (5, 4, 2))
        assert queue[1].first_seen == t0 + timedelta(hours=3)
        assert queue[1].last_seen == t0 + timedelta(hours=4)
        assert [p.doi for p in uncovered_papers(s, limit=1)] == ["10.1/a"]


def test_bad_analysis_is_refused_by_name_and_stores_nothing(
    engine: Engine, post_ids: dict[str, int], t0
) -> None:
    pid = post_ids["p1"]
    ghost = Match(
        citation=cite("doi", "10.1/a", 0),
        card_id="no-such-card",
        paper=PaperRef(),
        method="identifier",
        score=1.0,
    )
    with (
        pytest.raises(StorageError, match=rf"post {pid} .*atlas card 'no-such-card'"),
        transaction(engine) as s,
    ):
        save_analysis(s, pid, analysis(ghost), "v1", now=t0)
    bad_claim = dataclasses.replace(CLAIM, strength="certain")  # type: ignore[arg-type]
    with pytest.raises(StorageError, match="claim strength 'certain'"), transaction(engine) as s:
        save_analysis(s, pid, analysis(claims=(bad_claim,)), "v1", now=t0)
    with transaction(engine) as s:
        post = s.get(Post, pid)
        assert post is not None
        assert post.analysed_at is None
        assert s.scalars(select(CitationRow)).all() == []


def test_a_post_purged_during_analysis_is_skipped(engine: Engine, post_ids: dict[str, int], t0) -> None:
    with transaction(engine) as s:
        purge_post(s, "forum", "p1")
        assert save_analysis(s, post_ids["p1"], analysis(), "v1", now=t0) is False
        assert get_post(s, "forum", "p1") is None


def test_flag_status_must_be_known(engine: Engine, post_ids: dict[str, int], t0) -> None:
    with transaction(engine) as s:
        save_analysis(
            s,
            post_ids["p1"],
            analysis(flags=(Flag(kind="overstated", reason="r", claim_text=CLAIM.text),)),
            "v1",
            now=t0,
        )
        (flag,) = open_flags(s)
    with pytest.raises(StorageError, match="status 'maybe' is not one of"), transaction(engine) as s:
        set_flag_status(s, flag.id, "maybe", None)
    with pytest.raises(StorageError, match="flag 424242 does not exist"), transaction(engine) as s:
        set_flag_status(s, 424242, "dismissed", None)
    with transaction(engine) as s:
        set_flag_status(s, flag.id, "dismissed", "fine as worded")
        assert open_flags(s) == []


def test_save_analyses_recounts_once_for_a_whole_claim(engine: Engine, post_ids: dict[str, int], t0) -> None:
    result = analysis(uncovered(cite("pmcid", "pmc1234567", 12)))
    items = [(post_ids[name], result) for name in ("p1", "p2", "p4")] + [(987654, result)]
    with transaction(engine) as s:
        assert save_analyses(s, items, "v1", now=t0) == 3
    with transaction(engine) as s:
        (paper,) = s.scalars(select(Paper))
        assert (paper.key, paper.mention_count) == ("pmcid:PMC1234567", 3)
        assert paper.last_seen == t0 + timedelta(hours=4)


def test_claim_attributes_are_stored_and_read_back(engine: Engine, post_ids: dict[str, int], t0) -> None:
    from bot.evidence.types import SentenceAttributes
    from storage.analysis import stored_claims

    read = SentenceAttributes("treatment_efficacy", attributed=True, negated=False, question=False)
    told = dataclasses.replace(CLAIM, attributes=read)
    bare = Claim(text="Gut bacteria cause ME.", span=(30, 52), strength="direct_causal")
    with transaction(engine) as s:
        save_analysis(s, post_ids["p1"], analysis(claims=(told, bare)), "v1", now=t0)
    with transaction(engine) as s:
        got = stored_claims(s, [post_ids["p1"]])[post_ids["p1"]]
    assert [c.attributes for c in got] == [read, None]  # None: read again by a re-match
    with transaction(engine) as s:
        row = s.scalars(select(ClaimRow).where(ClaimRow.span_start == 0)).one()
        assert (row.about, row.attributed, row.negated, row.question) == (
            "treatment_efficacy",
            True,
            False,
            False,
        )
