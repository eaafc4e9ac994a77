"""Metadata lookup against a local server replaying NCBI and Crossref answers (and their faults)."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from servers.replay import ReplayServer, Reply
from sqlalchemy import Engine, func, select

from bot.config import HttpSettings, LookupSettings
from bot.evidence.lookup import parse_esummary, parse_idconv
from bot.evidence.types import Citation, Match, PaperRef, PostAnalysis
from bot.pipeline.lookup import MetadataLookup, fill_uncovered
from sources.base import Batch
from sources.types import RawPost
from storage.analysis import save_analysis, uncovered_papers
from storage.db import transaction
from storage.posts import store_batch
from storage.schema import Paper, Post

RESPONSES = Path(__file__).parents[1] / "evidence" / "lookup_responses"
JSON = {"Content-Type": "application/json; charset=utf-8"}
HTTP = HttpSettings(
    per_host_interval=0,
    retries=2,
    backoff_base=0,
    user_agent="digestbot-test/1 (x@example.org)",
    allow_hosts=("127.0.0.1",),  # the replay server's loopback address, allowed on purpose
)
T0 = datetime(2025, 3, 3, 12, 0, tzinfo=UTC)


def recorded(name: str) -> Reply:
    return Reply(body=(RESPONSES / name).read_bytes(), headers=JSON)


def ncbi(**params: str) -> dict[str, str]:
    return {**params, "tool": "digestbot", "email": "editors@example.org"}


@pytest.fixture
def make_lookup(replay_server: ReplayServer) -> Callable[..., tuple[MetadataLookup, list[float]]]:
    def make(
        enabled: bool = True, offline: bool = False, **http: object
    ) -> tuple[MetadataLookup, list[float]]:
        sleeps: list[float] = []
        settings = LookupSettings(
            enabled=enabled,
            email="editors@example.org",
            idconv_url=replay_server.url("/idconv/"),
            esummary_url=replay_server.url("/eutils/esummary.fcgi"),
            crossref_url=replay_server.url("/works/"),
        )
        return MetadataLookup(
            settings, HTTP.model_copy(update=http), offline=offline, sleep=sleeps.append
        ), sleeps

    return make


def test_pmid_gets_ids_then_pubmed_record_after_a_500(replay_server: ReplayServer, make_lookup) -> None:
    replay_server.add(
        "/idconv/", recorded("idconv_pmid_37255930.json"), query=ncbi(ids="37255930", format="json")
    )
    replay_server.add(
        "/eutils/esummary.fcgi",
        Reply(500, body="Internal Server Error"),
        recorded("esummary_37255930.json"),
        query=ncbi(db="pubmed", id="37255930", retmode="json"),
    )
    lookup, _ = make_lookup()
    meta = lookup.lookup(None, "37255930", None)
    assert meta.errors == ()
    assert (meta.doi, meta.pmcid) == ("10.1093/oxfimm/iqad003", "PMC10148714")
    assert meta.title is not None
    assert meta.title.startswith("Achieving symptom relief")
    assert not meta.title.endswith(".")
    assert (meta.first_author, meta.year, meta.journal) == ("Rodriguez L", 2023, "Oxford open immunology")
    assert len(replay_server.hits("/eutils/esummary.fcgi")) == 2  # the 500 was retried
    assert {r.headers["user-agent"] for r in replay_server.requests} == {HTTP.user_agent}
    # Title and author known: Crossref is not asked (it has no route, so asking would fail verify()).


def test_doi_not_in_pmc_goes_to_crossref_waiting_out_a_429(replay_server: ReplayServer, make_lookup) -> None:
    replay_server.add("/idconv/", recorded("idconv_not_in_pmc.json"))
    replay_server.add(
        "/works/10.1172/jci150377",
        Reply(429, headers={"Retry-After": "3"}, body="Too Many Requests"),
        recorded("crossref_10.1172_jci150377.json"),
    )
    lookup, sleeps = make_lookup()
    meta = lookup.lookup("10.1172/jci150377", None, None)
    assert meta.errors == ()
    assert 3.0 in sleeps  # Retry-After honoured
    assert meta.title == (
        "Pathomechanisms and possible interventions in myalgic encephalomyelitis/chronic fatigue syndrome"
        " (ME/CFS)"
    )
    assert (meta.first_author, meta.year, meta.journal) == (
        "Fluge Ø",
        2021,
        "Journal of Clinical Investigation",
    )
    assert meta.pmid is None


def test_a_failing_service_costs_only_its_own_fields(replay_server: ReplayServer, make_lookup) -> None:
    replay_server.add("/idconv/", recorded("idconv_pmid_37255930.json"))
    replay_server.add("/eutils/esummary.fcgi", Reply(500, body="down"))
    replay_server.add("/works/10.1093/oxfimm/iqad003", Reply(404, body="Resource not found."))
    lookup, _ = make_lookup(retries=1)
    meta = lookup.lookup(None, "37255930", None)
    assert len(meta.errors) == 1
    assert meta.errors[0].startswith("PubMed: ")
    assert "HTTP 500 (gave up after 2 attempts)" in meta.errors[0]
    assert (meta.doi, meta.pmcid, meta.title) == ("10.1093/oxfimm/iqad003", "PMC10148714", None)


@pytest.mark.parametrize(("enabled", "offline"), [(False, False), (True, True)])
def test_off_or_offline_makes_no_request(
    replay_server: ReplayServer, make_lookup, enabled: bool, offline: bool
) -> None:
    replay_server.add("/idconv/", recorded("idconv_pmid_37255930.json"), required=False)
    lookup, _ = make_lookup(enabled=enabled, offline=offline)
    assert lookup.active is False
    assert lookup.lookup("10.1093/oxfimm/iqad003", "37255930", None).title is None
    assert replay_server.requests == []


def test_parsers_on_not_found_answers() -> None:
    assert parse_esummary(json.loads((RESPONSES / "esummary_unknown.json").read_text()), "99999999") == {}
    assert parse_idconv(json.loads((RESPONSES / "idconv_not_in_pmc.json").read_text())) == {}
    assert parse_idconv({"records": []}) == {}


# --- the editors' queue, cached on the Paper rows ----------------------------------------


def _store_uncovered(engine: Engine, doi: str = "10.1172/jci150377") -> None:
    """Two posts, each citing a paper the atlas lacks: one by PMID, one by DOI."""
    cites = {
        "p1": Citation(kind="pmid", value="37255930", span=(0, 8), confidence=1.0),
        "p2": Citation(kind="doi", value=doi, span=(0, len(doi)), confidence=1.0),
    }
    posts = tuple(
        RawPost(
            source="forum",
            external_id=name,
            kind="post",
            url=f"https://forum.example/t/{name}",
            title=None,
            text=f"{name}: a post citing a paper, long enough to count as a real post here.",
            created_at=T0 + timedelta(days=i),
            fetched_at=T0 + timedelta(days=5),
        )
        for i, name in enumerate(cites, start=1)
    )
    with transaction(engine) as s:
        store_batch(s, Batch(posts=posts, cursor_key="main", cursor=None))
        for post in s.scalars(select(Post)):
            citation = cites[post.external_id]
            match = Match(citation=citation, card_id=None, paper=PaperRef(), method="identifier", score=1.0)
            analysis = PostAnalysis("x", "research_news", (), (citation,), (match,), (), ())
            save_analysis(s, post.id, analysis, "v1", now=T0)


def _fill(engine: Engine, lookup: MetadataLookup, now: datetime) -> dict[str, tuple[str | None, ...]]:
    with transaction(engine) as s:
        papers = fill_uncovered(s, uncovered_papers(s), lookup, now=now)
        return {p.key: (p.title, p.first_author, p.doi, p.pmid) for p in papers}


def test_queue_filled_once_then_served_from_the_cache(
    engine: Engine, replay_server: ReplayServer, make_lookup
) -> None:
    _store_uncovered(engine)
    replay_server.add(
        "/idconv/", recorded("idconv_pmid_37255930.json"), query=ncbi(ids="37255930", format="json")
    )
    replay_server.add(
        "/idconv/", recorded("idconv_not_in_pmc.json"), query=ncbi(ids="10.1172/jci150377", format="json")
    )
    replay_server.add("/eutils/esummary.fcgi", recorded("esummary_37255930.json"))
    replay_server.add("/works/10.1172/jci150377", recorded("crossref_10.1172_jci150377.json"))
    lookup, _ = make_lookup()
    now = T0 + timedelta(days=10)
    first = _fill(engine, lookup, now)
    assert first["pmid:37255930"][:3] == (
        "Achieving symptom relief in patients with myalgic encephalomyelitis by targeting the neuro-immune "
        "interface and optimizing disease tolerance",
        "Rodriguez L",
        "10.1093/oxfimm/iqad003",
    )
    assert first["doi:10.1172/jci150377"][1] == "Fluge Ø"
    asked = len(replay_server.requests)
    assert asked == 4

    # The rows now hold what was found; a second run within cache_days asks nobody.
    assert _fill(engine, lookup, now + timedelta(days=1)) == first
    assert len(replay_server.requests) == asked
    with transaction(engine) as s:
        row = s.scalars(select(Paper).where(Paper.key == "pmid:37255930")).one()
        assert row.title == first["pmid:37255930"][0]
        assert row.metadata_json["lookup"]["result"]["journal"] == "Oxford open immunology"

    # Even with lookup off, the cached answers still fill the queue, without a request.
    off, _ = make_lookup(enabled=False)
    assert _fill(engine, off, now + timedelta(days=2)) == first
    assert len(replay_server.requests) == asked


def test_failed_lookup_is_not_cached_and_is_retried(
    engine: Engine, replay_server: ReplayServer, make_lookup
) -> None:
    _store_uncovered(engine)
    replay_server.add("/idconv/", Reply(503, body="busy"), recorded("idconv_not_in_pmc.json"))
    replay_server.add("/works/10.1172/jci150377", recorded("crossref_10.1172_jci150377.json"))
    replay_server.add("/eutils/esummary.fcgi", recorded("esummary_37255930.json"))
    lookup, _ = make_lookup(retries=0)
    now = T0 + timedelta(days=10)
    _fill(engine, lookup, now)
    with transaction(engine) as s:
        cached = {p.key: "lookup" in (p.metadata_json or {}) for p in s.scalars(select(Paper))}
    # The first ID-converter call got the 503: that paper's answer is incomplete and not kept.
    assert sorted(cached.values()) == [False, True]
    before = len(replay_server.requests)
    _fill(engine, lookup, now)
    assert len(replay_server.requests) > before
    with transaction(engine) as s:
        assert all("lookup" in (p.metadata_json or {}) for p in s.scalars(select(Paper)))


def test_a_lookup_that_ties_two_rows_merges_them(
    engine: Engine, replay_server: ReplayServer, make_lookup
) -> None:
    """One post cites a paper by PMID, another by its DOI: two rows until the ID converter says
    they are one paper; then one row, both posts counted, one line in the queue."""
    _store_uncovered(engine, doi="10.1093/oxfimm/iqad003")
    with transaction(engine) as s:
        assert len(uncovered_papers(s)) == 2
    replay_server.add(
        "/idconv/", recorded("idconv_pmid_37255930.json"), query=ncbi(ids="37255930", format="json")
    )
    replay_server.add(
        "/idconv/",
        recorded("idconv_not_in_pmc.json"),
        query=ncbi(ids="10.1093/oxfimm/iqad003", format="json"),
    )
    replay_server.add("/works/10.1093/oxfimm/iqad003", Reply(404, body="Resource not found."))
    replay_server.add("/eutils/esummary.fcgi", recorded("esummary_37255930.json"))
    lookup, _ = make_lookup()
    with transaction(engine) as s:
        queue = fill_uncovered(s, uncovered_papers(s), lookup, now=T0 + timedelta(days=10))
    assert [(p.doi, p.pmid, p.pmcid, p.mentions) for p in queue] == [
        ("10.1093/oxfimm/iqad003", "37255930", "PMC10148714", 2)
    ]
    assert queue[0].title is not None
    assert queue[0].title.startswith("Achieving symptom relief")
    with transaction(engine) as s:
        assert s.scalar(select(func.count()).select_from(Paper)) == 1
        assert len(uncovered_papers(s)) == 1


def test_a_post_naming_both_identifiers_merges_the_rows_of_earlier_posts(engine: Engine) -> None:
    """No lookup needed: once any post gives the DOI and the PMID together, the DOI-only and
    PMID-only rows of earlier posts become one."""
    _store_uncovered(engine, doi="10.1093/oxfimm/iqad003")
    both = RawPost(
        source="forum",
        external_id="p3",
        kind="post",
        url="https://forum.example/t/p3",
        title=None,
        text="doi 10.1093/oxfimm/iqad003 (PMID 37255930), a third post about the same paper.",
        created_at=T0 + timedelta(days=4),
        fetched_at=T0 + timedelta(days=5),
    )
    cite = Citation(kind="doi", value="10.1093/oxfimm/iqad003", span=(4, 26), confidence=1.0)
    paper = PaperRef(doi="10.1093/oxfimm/iqad003", pmid="37255930")
    with transaction(engine) as s:
        store_batch(s, Batch(posts=(both,), cursor_key="main", cursor=None))
        post = s.scalars(select(Post).where(Post.external_id == "p3")).one()
        match = Match(citation=cite, card_id=None, paper=paper, method="identifier", score=1.0)
        save_analysis(
            s, post.id, PostAnalysis("p3", "research_news", (), (cite,), (match,), (), ()), "v1", now=T0
        )
    with transaction(engine) as s:
        queue = uncovered_papers(s)
    assert [(p.doi, p.pmid, p.mentions) for p in queue] == [("10.1093/oxfimm/iqad003", "37255930", 3)]
