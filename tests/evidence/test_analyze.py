"""The analyzer end to end, and ``digestbot analyze-file`` (the scoring contract)."""

from __future__ import annotations

import dataclasses
import json
import subprocess
import sys
from pathlib import Path

import pytest
from evidence.golden_io import SAMPLE_CARDS, sample_analyzer

from bot.cli import main
from bot.evidence.analyze import Analyzer


@pytest.fixture(scope="module")
def analyzer() -> Analyzer:
    return sample_analyzer()


def test_claims_are_linked_to_the_card_they_rest_on(analyzer: Analyzer) -> None:
    body = (
        "Reading Loebel et al. 2016 (pubmed.ncbi.nlm.nih.gov/26399744) again. "
        "Antibodies against adrenergic receptors cause ME. "
        "Separately, the 2012 mBio study found no XMRV in 147 patients."
    )
    result = analyzer.analyze("p1", "Autoantibodies", body)
    cards = {m.card_id for m in result.matches}
    assert cards == {"loebel-2016-antibodies-adrenergic", "alter-2012-multicenter-blinded"}
    cites = {c.text: c.cites for c in result.claims}
    claim = "Antibodies against adrenergic receptors cause ME."
    assert cites.get(claim) == ("loebel-2016-antibodies-adrenergic",)
    for claim in result.claims:  # claim spans index the analysed text (title, blank line, body)
        start, end = claim.span
        assert f"Autoantibodies\n\n{body}"[start:end] == claim.text


def test_uncovered_paper_is_flagged(analyzer: Analyzer) -> None:
    result = analyzer.analyze("p2", "", "Off topic: doi 10.3389/fendo.2021.765807 on statins.")
    assert [(f.kind, f.paper.doi if f.paper else None) for f in result.flags] == [
        ("uncovered", "10.3389/fendo.2021.765807")
    ]


def _write_posts(path: Path, lines: list[str]) -> None:
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def test_analyze_file_writes_score_py_layout_and_survives_a_bad_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    posts = tmp_path / "posts.jsonl"
    good = {"id": "a", "title": "Hornig 2015", "body": "Cytokines early on: PMC4465185.", "url": ""}
    rss = {
        "id": "b",
        "title": "Long COVID review",
        "body": "A review.",
        "url": "https://doi.org/10.1038/s41579-022-00846-2",
    }
    _write_posts(posts, [json.dumps(good), "{not json", json.dumps({"id": "c"}), json.dumps(rss)])
    out = tmp_path / "pred.jsonl"
    status = main(["analyze-file", str(posts), "--atlas", str(SAMPLE_CARDS), "--output", str(out)])
    err = capsys.readouterr().err
    assert status == 1
    assert f"{posts}:2: not valid JSON" in err
    assert f"{posts}:3: post has neither 'title' nor 'body'" in err
    rows = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert [r["id"] for r in rows] == ["a", "b"]
    paper = rows[0]["papers"][0]
    assert paper["atlas_id"] == "hornig-2015-distinct-plasma"
    assert set(paper) >= {
        "atlas_id",
        "doi",
        "pmid",
        "pmcid",
        "title",
        "first_author",
        "year",
        "method",
        "confidence",
    }
    assert rows[1]["papers"][0]["atlas_id"] == "davis-2023-long-covid"  # from the item's own link
    assert {"post_type", "claims"} <= set(rows[0])


def test_dev_posts_meet_the_paper_targets(tmp_path: Path, shared_dir: Path) -> None:
    """The issue's figures, measured the way the issue measures them."""
    out = tmp_path / "pred.jsonl"
    posts = shared_dir / "data" / "dev-posts" / "posts.jsonl"
    status = main(
        [
            "analyze-file",
            str(posts),
            "--atlas",
            str(shared_dir / "data" / "atlas-sample" / "cards.jsonl"),
            "--output",
            str(out),
        ]
    )
    assert status == 0
    scored = subprocess.run(
        [sys.executable, str(shared_dir / "eval" / "score.py"), str(posts), str(out), "--json"],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    papers = json.loads(scored[: scored.rindex("}") + 1])["papers"]
    assert papers["precision"] >= 0.97
    assert papers["recall"] >= 0.95
    assert papers["uncovered_recall"] >= 0.90


def test_claims_carry_model_attributes_and_a_rematch_reads_them_only_when_missing(analyzer: Analyzer) -> None:
    body = (
        "Reading Loebel et al. 2016 (pubmed.ncbi.nlm.nih.gov/26399744) again. "
        "These antibodies are what cause ME. "
        "The authors argue that the antibodies do not cause ME."
    )
    result = analyzer.analyze("p3", "", body)
    assert result.claims
    assert all(c.attributes is not None for c in result.claims)
    heads = analyzer.claims.attribute_heads
    heads._cache.clear()  # as in a fresh process: nothing read yet
    before = heads.computed
    again = analyzer.rematch("p3", "", body, result.extracted, result.claims, result.post_type)
    assert heads.computed == before  # stored attributes: no model time
    assert again.claims == result.claims
    bare = tuple(dataclasses.replace(c, attributes=None) for c in result.claims)
    filled = analyzer.rematch("p3", "", body, result.extracted, bare, result.post_type)
    assert heads.computed == before + len(bare)  # stored before attributes were: read once
    assert [c.attributes for c in filled.claims] == [c.attributes for c in result.claims]
    assert [(c.overstated, c.overstated_reason) for c in filled.claims] == [
        (c.overstated, c.overstated_reason) for c in result.claims
    ]


def _forget(analyzer: Analyzer) -> None:
    every = (analyzer.claims.heads, analyzer.claims.attribute_heads, analyzer.types.heads)
    for heads in {id(h): h for h in every}.values():
        heads._cache.clear()
        heads._vectors.clear()
        heads._posts.clear()


def test_prefetched_posts_cost_no_model_time_and_read_as_they_do_alone(analyzer: Analyzer) -> None:
    """The analyse stage and analyze-file prefetch each batch; a post must read the same alone."""
    posts = [
        ("LDN and me", "Low-dose naltrexone may calm the microglia. I started at 0.5 mg last month."),
        ("New paper", "Loebel et al. 2016 found antibodies to adrenergic receptors in many patients."),
        ("", "Graded exercise makes people with ME worse. Pacing protects what energy we have."),
        ("Question", "Does anyone know whether the B-cell trial was ever repeated?"),
    ]
    _forget(analyzer)
    alone = [analyzer.analyze(str(i), t, b) for i, (t, b) in enumerate(posts)]
    _forget(analyzer)
    heads = analyzer.claims.heads
    analyzer.prefetch(posts)
    before = heads.computed, analyzer.claims.attribute_heads.computed
    together = [analyzer.analyze(str(i), t, b) for i, (t, b) in enumerate(posts)]
    assert (heads.computed, analyzer.claims.attribute_heads.computed) == before
    assert together == alone
    assert any(a.claims for a in together)


def test_a_claim_about_a_paper_without_a_card_rests_on_no_card(analyzer: Analyzer) -> None:
    # One card and one listed paper in a post: sentences about the listed paper are not
    # judged against the card; the post's own conclusion still reads with the card.
    listed = (
        "Elahi and colleagues (doi:10.1016/j.molmed.2026.04.006) reported that red blood cells "
        "were stiffer in patients than in controls."
    )
    body = (
        "My clinic uses the two-day exercise test paper (doi:10.1186/s12967-024-05410-5). "
        f"{listed} "
        "The newer paper reports that hormone levels were lower in patients too. "
        "Exertion damages the energy systems of people with ME."
    )
    result = analyzer.analyze("p2", "", body)
    cites = {c.text: c.cites for c in result.claims}
    assert cites[listed] == ()
    assert cites["The newer paper reports that hormone levels were lower in patients too."] == ()
    conclusion = "Exertion damages the energy systems of people with ME."
    assert cites[conclusion] == ("keller-2024-cardiopulmonary-metabolic",)


def test_a_claim_right_after_a_paper_without_a_card_rests_on_no_card(analyzer: Analyzer) -> None:
    # A sentence naming no work, on the line right after a listed paper's link, tells what that
    # paper showed: it is not judged against the card cited earlier. After a blank line the same
    # sentence is the writer's own conclusion and reads with the card, as before.
    claim = "Sluggish circulation is what drives the crashes in ME."
    cited = (
        "Background reading: the two-day exercise test paper (doi:10.1186/s12967-024-05410-5).\n"
        "And the red-cell one, doi:10.1016/j.molmed.2026.04.006"
    )
    at_once = analyzer.analyze("p6", "", f"{cited}\n{claim}")
    (told,) = [c for c in at_once.claims if c.text == claim]
    assert (told.cites, told.overstated) == ((), False)
    apart = analyzer.analyze("p7", "", f"{cited}\n\n{claim}")
    (own,) = [c for c in apart.claims if c.text == claim]
    assert own.cites == ("keller-2024-cardiopulmonary-metabolic",)


def test_a_claim_retelling_the_title_of_a_paper_without_a_card_rests_on_no_card(analyzer: Analyzer) -> None:
    # The sentence names no work, but it tells the listed probiotic pilot's title almost word
    # for word: it is about that paper, not about the post's gut microbiome card.
    claim = (
        "Honestly a multi-strain probiotic improved tryptophan metabolism and symptoms in people "
        "with CFS and irritable bowel syndrome."
    )
    body = (
        "The Cornell microbiome paper (doi 10.1186/s40168-016-0171-4) started my gut rabbit hole. "
        f"Later I found a Polish pilot, doi 10.3390/nu18010174, on probiotics. {claim}"
    )
    result = analyzer.analyze("p4", "", body)
    (told,) = [c for c in result.claims if c.text == claim]
    assert (told.cites, told.overstated) == ((), False)


def test_a_claim_naming_a_cited_trial_rests_on_that_trial(analyzer: Analyzer) -> None:
    # "PACE" inside the sentence names the trial's card, though the post cited it earlier and
    # the reanalysis is the nearer citation.
    claim = "PACE showed that graded exercise leaves many patients worse off."
    body = (
        "Everyone quotes the PACE trial from 2011. Years later Wilshire et al. 2018 reanalysed its "
        f"data with the protocol's own methods. {claim}"
    )
    result = analyzer.analyze("p5", "", body)
    (told,) = [c for c in result.claims if c.text == claim]
    assert told.cites == ("white-2011-comparison-adaptive",)


def test_a_claim_about_a_merely_suggested_card_is_judged_against_it(analyzer: Analyzer) -> None:
    # A description matched below the confirm threshold stays a suggestion (the digest does not
    # show it as the paper's card), but a claim about it is still judged, so that an overstated
    # one reaches the moderators' queue with that card's reason.
    body = (
        "A sweeping 2023 review of long covid research came out last year. "
        "Lingering virus causes both long covid and ME."
    )
    result = analyzer.analyze("p3", "", body)
    assert [(m.card_id, m.status) for m in result.matches] == [("davis-2023-long-covid", "suggested")]
    (claim,) = [c for c in result.claims if c.text == "Lingering virus causes both long covid and ME."]
    assert (claim.cites, claim.overstated) == (("davis-2023-long-covid",), True)
    overstated = [f for f in result.flags if f.kind == "overstated"]
    assert [(f.claim_text, f.card_id) for f in overstated] == [(claim.text, "davis-2023-long-covid")]
