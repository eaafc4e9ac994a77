"""Golden files for every citation form, the seed pages, and hypothesis properties."""

from __future__ import annotations

from pathlib import Path

import pytest
from evidence.golden_io import GOLDEN, check, reading, sample_analyzer
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot.evidence.analyze import Analyzer
from bot.evidence.extract import extract_citations

CITATION_CASES = sorted(p.stem for p in (GOLDEN / "citations").glob("*.txt"))
POST_CASES = sorted(p.stem for p in (GOLDEN / "posts").glob("*.txt"))
SEED_CASES = ["001_13b96a76aa9c5a59", "002_b38e0e260db0c5b7", "004_94293249e6958046"]


@pytest.fixture(scope="module")
def analyzer() -> Analyzer:
    return sample_analyzer()


@pytest.mark.parametrize("name", CITATION_CASES)
def test_citation_forms_golden(analyzer: Analyzer, name: str) -> None:
    text = (GOLDEN / "citations" / f"{name}.txt").read_text(encoding="utf-8")
    actual = reading(analyzer, "", text)
    assert actual == check(GOLDEN / "citations" / f"{name}.json", actual)


@pytest.mark.parametrize("name", POST_CASES)
def test_synthetic_posts_golden(analyzer: Analyzer, name: str) -> None:
    title, _, body = (GOLDEN / "posts" / f"{name}.txt").read_text(encoding="utf-8").partition("\n")
    actual = reading(analyzer, title, body)
    assert actual == check(GOLDEN / "posts" / f"{name}.json", actual)


@pytest.mark.parametrize("name", SEED_CASES)
def test_seed_pages_golden(analyzer: Analyzer, shared_dir: Path, name: str) -> None:
    text = (shared_dir / "data" / "seed-pages" / f"{name}.txt").read_text(encoding="utf-8")
    actual = reading(analyzer, "", text)
    assert actual == check(GOLDEN / "seed" / f"{name}.json", actual)


def test_case_list_is_not_empty() -> None:
    assert len(CITATION_CASES) >= 7
    assert len(POST_CASES) >= 7


def test_pubmed_page_yields_its_own_paper_apart_from_references(analyzer: Analyzer, shared_dir: Path) -> None:
    text = (shared_dir / "data" / "seed-pages" / "001_13b96a76aa9c5a59.txt").read_text(encoding="utf-8")
    _, _, found, matches = analyzer.papers("", text)
    assert [m.card_id for m in matches] == ["fluge-2021-pathomechanisms-possible"]
    references = [c for c in found if c.role == "reference"]
    assert {c.value for c in references if c.kind == "doi"} >= {
        "10.1002/cncr.27612",
        "10.1186/s12967-017-1201-0",
    }
    assert all(c.confidence < 0.6 for c in references)


def test_bare_numbers_are_not_pmids() -> None:
    text = "Tracking 26079000, thread 22431963, call 0161 496 0456, 4.5 mg on 12/03/2024."
    assert extract_citations(text) == []


def test_meta_tags_and_links_of_a_fetched_page() -> None:
    meta = {
        "citation_doi": "doi:10.1186/1479-5876-12-104",
        "citation_title": "Inability of ME/CFS patients to reproduce VO2peak indicates functional impairment",
        "citation_author": ["Keller, Betsy A", "Pryor, John Luke"],
        "citation_publication_date": "2014/04/23",
    }
    links = ["https://pubmed.ncbi.nlm.nih.gov/24755065/", "https://example.org/about"]
    found = extract_citations("Shared from the journal site.", meta=meta, links=links)
    kinds = {(c.kind, c.value) for c in found}
    assert ("doi", "10.1186/1479-5876-12-104") in kinds
    assert ("author_year", "Keller 2014") in kinds
    assert ("pmid", "24755065") in kinds
    assert all(c.span == (0, 0) for c in found)


def test_meta_tags_match_the_card(analyzer: Analyzer) -> None:
    citations = extract_citations("", meta={"citation_doi": "10.1186/1479-5876-12-104"})
    _, matches = analyzer.matcher.match("", citations)
    assert [m.card_id for m in matches] == ["keller-2014-inability-myalgic"]


def _spans_inside(text: str) -> None:
    for c in extract_citations(text):
        start, end = c.span
        assert 0 <= start <= end <= len(text)
        assert 0.0 <= c.confidence <= 1.0


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text())
def test_never_crashes_and_spans_stay_inside_on_any_unicode(text: str) -> None:
    _spans_inside(text)


_PIECES = st.sampled_from(
    [
        "doi:10.1000/x(",
        "PMID ",
        "pubmed.ncbi.nlm.nih.gov/",
        "PMC",
        "...",
        "…",
        "et al.",
        " 2019 ",
        "“",
        "”",
        "https://",
        "10.",
        "/",
        "(",
        ")",
        "Ünal",
        " and colleagues ",
        "\n",
        "References\n",
        "%2F",
        "S0140-6736(11)",
    ]
)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.one_of(_PIECES, st.text(max_size=8)), max_size=40).map("".join))
def test_never_crashes_on_citation_shaped_noise(text: str) -> None:
    _spans_inside(text)


@settings(
    max_examples=3, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large]
)
@given(st.text(min_size=1, max_size=200))
def test_one_megabyte_input(chunk: str) -> None:
    text = (chunk + " doi:10.1038/s41467-024-45107-3 PMID 123456 ") * (1_000_000 // (len(chunk) + 44) + 1)
    _spans_inside(text[:1_000_000])


def test_megabyte_post_through_the_matcher(analyzer: Analyzer) -> None:
    body = ("Hornig et al. 2015 found cytokines; see pubmed.ncbi.nlm.nih.gov/26079000 and “x”. ") * 12_000
    _, _, found, matches = analyzer.papers("big", body[:1_000_000])
    assert all(0 <= c.span[0] <= c.span[1] <= len(body) + 5 for c in found)
    assert [m.card_id for m in matches if m.card_id] == ["hornig-2015-distinct-plasma"]


def test_a_year_in_the_next_clause_belongs_to_that_clause_not_the_name_before_it() -> None:
    from bot.evidence.extract import nearest_year

    text = "Back in 2016 it was Giloteaux and colleagues, in 2023 it was a pair of gut papers."
    at = text.index("Giloteaux")
    assert nearest_year(text, at, at + len("Giloteaux and colleagues")) == 2016
    for cited in ("Smith et al., 2019 found less of it.", "Smith et al. (Nature, 2019) found less."):
        assert nearest_year(cited, 0, len("Smith et al.")) == 2019


@pytest.mark.parametrize(
    ("text", "first"),
    [
        ("Che, Briese, Lipkin and colleagues. Mailman School, New York.", "Che"),
        ("New preprint by Hanson, Grimson, Germain et al. on exercise.", "Hanson"),
        ("Martini Sasso, Er, Eaton-Fitch and colleagues report lower channel activity.", "Martini Sasso"),
    ],
)
def test_a_byline_before_et_al_cites_its_first_name(text: str, first: str) -> None:
    """ "A, B, C and colleagues" is A's paper: the surname just before "and colleagues" is only
    the byline's last name."""
    authors = [c.value for c in extract_citations(text) if c.kind == "author_year"]
    assert authors == [first]


@pytest.mark.parametrize(
    ("text", "name"),
    [
        # Not a byline: a list that does not start the line, or starts with a word no name is.
        ("After Oslo, Bergen and Tromsø, Fluge and colleagues widened the trial.", "Fluge"),
        ("In Norway, Fluge and colleagues widened the trial.", "Fluge"),
    ],
)
def test_a_list_of_other_words_before_et_al_is_no_byline(text: str, name: str) -> None:
    authors = [c.value for c in extract_citations(text) if c.kind == "author_year"]
    assert authors == [name]


def test_an_opening_word_and_one_name_is_no_byline() -> None:
    authors = [c.value for c in extract_citations("Later, Keller and colleagues (2024) repeated it.")]
    assert "Keller 2024" in authors


def test_an_author_line_without_and_names_no_author_paper() -> None:
    # A feed item's author line: surnames joined by commas only (no "and", no "et al.") cite no
    # "Surname & Other" pair; the DOI below it is the paper. (bench/evidence.py times this form:
    # it once took seconds for a dozen names.)
    names = ", ".join(["Wang", "Koldev", "Martin", "Rivera", "Suvera", "Mangold"] * 4)
    text = f"New paper\nAuthors: {names}\ndoi:10.1073/pnas.2302738120\n"
    found = extract_citations(text)
    assert [(c.kind, c.value) for c in found] == [("doi", "10.1073/pnas.2302738120")]
