"""One paper once per post, vetoes on weak matches, and the reference index, in new wordings."""

from __future__ import annotations

from pathlib import Path

import pytest
from evidence.golden_io import sample_analyzer

from bot.atlas.types import AtlasCard
from bot.config import Settings
from bot.evidence.analyze import Analyzer
from bot.evidence.match import clustered, is_unresolved
from bot.evidence.reference import read_items
from bot.evidence.types import Match


@pytest.fixture(scope="module")
def analyzer() -> Analyzer:
    return sample_analyzer()


def _papers(analyzer: Analyzer, body: str, links: tuple[str, ...] = ()) -> list[Match]:
    return [m for m in analyzer.papers("", body, links=links)[3] if not is_unresolved(m)]


def _ids(m: Match) -> tuple[str | None, str | None, str | None]:
    return m.paper.doi, m.paper.pmid, m.paper.pmcid


# -- one paper, several forms -------------------------------------------------------------


@pytest.mark.parametrize(
    "body",
    [
        "Kowalczyk et al. (Journal of Pain and Symptom Management; 2021; PMID: 34000111) is worth a read.",
        "Kowalczyk and colleagues [Pain and Symptom Management, 2021, PMID 34000111] followed people.",
        "(Kowalczyk et al., 2021, PubMed 34000111)",
    ],
)
def test_an_author_year_and_its_pmid_in_one_cluster_are_one_paper(analyzer: Analyzer, body: str) -> None:
    papers = _papers(analyzer, body)
    assert len(papers) == 1
    assert (papers[0].paper.pmid, papers[0].paper.first_author, papers[0].paper.year) == (
        "34000111",
        "Kowalczyk",
        2021,
    )


def test_a_doi_and_the_pmcid_written_with_it_are_one_paper(analyzer: Analyzer) -> None:
    papers = _papers(analyzer, "Free full text, doi:10.3389/fneur.2022.0765432 [PMCID PMC9001234], on sleep.")
    assert [_ids(m) for m in papers] == [("10.3389/fneur.2022.0765432", None, "PMC9001234")]


def test_two_identifiers_listed_as_two_papers_stay_two(analyzer: Analyzer) -> None:
    papers = _papers(analyzer, "Compare doi:10.3389/fneur.2022.0765432 with PMID 35001122; they disagree.")
    assert len(papers) == 2


def test_a_feed_items_own_link_and_the_doi_it_prints_are_one_paper(analyzer: Analyzer) -> None:
    body = "Abstract: fatigue and exertion were measured over two days. DOI: 10.1186/s12967-023-04567-8"
    papers = _papers(analyzer, body, links=("https://pmc.ncbi.nlm.nih.gov/articles/PMC10456789/",))
    assert [_ids(m) for m in papers] == [("10.1186/s12967-023-04567-8", None, "PMC10456789")]


def test_a_feed_items_own_publisher_link_that_a_card_records_is_that_card_only(analyzer: Analyzer) -> None:
    # The sample's T-cell card records its jci.org link and no DOI; the DOI that link's path
    # encodes is the same paper, not a second, uncovered one.
    body = "New in the journal this month: glycolysis in T cells, measured at rest and after activation."
    papers = _papers(analyzer, body, links=("https://www.jci.org/articles/view/132185",))
    assert [m.card_id for m in papers] == ["mandarano-2020-myalgic-encephalomyelitis"]


def test_an_own_publisher_link_no_card_records_stays_its_own_paper(analyzer: Analyzer) -> None:
    body = "New in the journal this month: glycolysis in T cells, measured at rest and after activation."
    papers = _papers(analyzer, body, links=("https://www.jci.org/articles/view/199999",))
    assert [(m.card_id, m.paper.doi) for m in papers] == [(None, "10.1172/jci199999")]


def test_an_own_link_beside_two_printed_papers_is_not_guessed_at(analyzer: Analyzer) -> None:
    body = "Builds on doi:10.1186/s12967-023-04567-8 and on doi:10.1186/s12967-021-03333-1."
    papers = _papers(analyzer, body, links=("https://pmc.ncbi.nlm.nih.gov/articles/PMC10456789/",))
    assert len(papers) == 3


def test_an_identifier_of_a_card_and_an_uncovered_one_of_its_missing_kind_join_the_card(
    analyzer: Analyzer,
) -> None:
    # The Giloteaux card has a DOI and no PMCID: the PMCID written with its DOI is the card's.
    papers = _papers(analyzer, "Microbiome paper: doi 10.1186/s40168-016-0171-4 (PMC4917023).")
    assert [m.card_id for m in papers] == ["giloteaux-2016-reduced-diversity"]


def test_clusters() -> None:
    text = "Smith et al. (Pain and Fatigue; 2020; PMID 1234567)"
    left = text.index("Smith")
    assert clustered(text, left, text[len("Smith et al.") : text.index("PMID")])
    assert not clustered("A (doi x) and B", 0, ") and ")


# -- vetoes and margins --------------------------------------------------------------------


def test_a_journal_and_year_description_yields_to_another_named_author(analyzer: Analyzer) -> None:
    body = "Someone linked a 2023 Cell Host & Microbe paper by Abernathy et al. about yeast in stool."
    papers = _papers(analyzer, body)
    assert [(m.card_id, m.paper.first_author) for m in papers] == [(None, "Abernathy")]
    assert not any(m.ambiguous for m in analyzer.papers("", body)[3])


def test_a_description_of_another_design_or_population_is_not_the_card(analyzer: Analyzer) -> None:
    for body in (
        "A 2016 Microbiome study in adolescents found the same thing, apparently.",
        "The randomised placebo-controlled 2016 Microbiome trial is what I mean.",
    ):
        assert [m.card_id for m in _papers(analyzer, body)] == [], body
    assert [
        m.card_id for m in _papers(analyzer, "The 2016 Microbiome paper on gut diversity in ME/CFS.")
    ] == ["giloteaux-2016-reduced-diversity"]


def test_an_author_year_yields_to_another_journal_in_its_citation(analyzer: Analyzer) -> None:
    other = _papers(analyzer, "Guo et al. 2023 in PLoS ONE looked at sleep, a different paper.")
    assert [(m.card_id, m.paper.first_author, m.paper.year) for m in other] == [(None, "Guo", 2023)]
    same = _papers(analyzer, "Guo et al. (Cell Host & Microbe, 2023) is the butyrate one.")
    assert [m.card_id for m in same] == ["guo-2023-deficient-butyrate"]


def _two_similar() -> Analyzer:
    base = {"authors": ("Quarrie D",), "journal": "Journal of Translational Medicine", "year": 2022}
    cards = [
        AtlasCard(id="a", title="Plasma metabolomic profiles of ME/CFS patients before exercise", **base),
        AtlasCard(id="b", title="Plasma metabolomic profiles of ME/CFS patients after exercise", **base),
    ]
    return Analyzer(cards, Settings.model_validate({"matching": {"reference_index": False}}))


def test_a_fuzzy_title_between_two_near_identical_cards_is_not_guessed() -> None:
    analyzer = _two_similar()
    body = 'Has anyone read "Plasma metabolomic profiles of ME/CFS patients around exercise"?'
    matches = analyzer.papers("", body)[3]
    assert [m.card_id for m in matches if m.card_id] == []
    exact = 'Has anyone read "Plasma metabolomic profiles of ME/CFS patients after exercise"?'
    assert [m.card_id for m in analyzer.papers("", exact)[3] if m.card_id] == ["b"]


def test_a_title_with_another_year_beside_it_is_not_the_card(analyzer: Analyzer) -> None:
    title = (
        "Deficient butyrate-producing capacity in the gut microbiome is associated with bacterial "
        "network disturbances and fatigue symptoms in ME/CFS"
    )
    assert [m.card_id for m in _papers(analyzer, f'"{title}" (2018) again.')] == []
    assert [m.card_id for m in _papers(analyzer, f'"{title}" (2023) again.')] == [
        "guo-2023-deficient-butyrate"
    ]


# -- truncation ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "body",
    [
        "see doi.org/10.1038/s41467-02 for the NIH deep phenotyping study",
        "NIH deep phenotyping: https://www.nature.com/articles/s41467-024-451",
        "doi: 10.1038/s41467-024-4510 (the NIH deep phenotyping study, cut short)",
    ],
)
def test_a_cut_off_doi_is_never_a_doi_of_its_own(analyzer: Analyzer, body: str) -> None:
    matches = analyzer.papers("", body)[3]
    assert not any(
        m.paper.doi and m.paper.doi.startswith("10.1038/s41467-02") and not m.card_id for m in matches
    )
    assert [m.card_id for m in matches if m.card_id] == ["walitt-2024-deep-phenotyping"]


def test_a_cut_off_doi_nothing_fits_is_reported_unresolved(analyzer: Analyzer) -> None:
    matches = analyzer.papers("", "Preprint: https://doi.org/10.1101/2024.07.30.2431 (the link broke)")[3]
    assert [m.citation.value for m in matches if is_unresolved(m)] == ["doi:10.1101/2024.07.30.2431"]
    assert [m for m in matches if not is_unresolved(m)] == []


@pytest.mark.parametrize(
    "body",
    [
        "Someone sent me (pubmed.ncbi.nlm.nih.gov/358104...). It would not open.",
        "The link in the flyer was https://pubmed.ncbi.nlm.nih.gov/358104...; dead end.",
        "Only this survives: [pmc.ncbi.nlm.nih.gov/articles/PMC10345...].",
    ],
)
def test_a_cut_off_link_before_a_bracket_and_a_stop_is_never_a_whole_identifier(
    analyzer: Analyzer, body: str
) -> None:
    matches = analyzer.papers("", body)[3]
    assert [m for m in matches if not is_unresolved(m)] == []
    assert len([m for m in matches if is_unresolved(m)]) == 1


# -- the reference index -------------------------------------------------------------------


def test_reference_items_are_read_with_surnames_first() -> None:
    items = read_items()
    assert len(items) > 200
    # Rows without an identifier are kept only with an author and a year to name them by.
    assert all(item.doi or item.pmid or item.pmcid or (item.authors and item.year) for item in items)
    assert any(not (item.doi or item.pmid or item.pmcid) for item in items)
    # A DOI cut at a bracket is no identifier, and neither is the doi.org link made of it.
    assert not [item for item in items if item.url and "doi.org/" in item.url and not item.doi]
    by_doi = {item.doi: item for item in items}
    assert by_doi["10.3390/ijms21031074"].first_author_surname == "Missailidis"


def test_a_listed_preprint_is_named_by_the_server_its_doi_is_on(tmp_path: Path) -> None:
    """A row that calls its journal only "Preprint" is on the server its DOI says: Cold Spring
    Harbor's medRxiv numbers end in eight digits, bioRxiv's in six; a named journal stays."""
    rows = tmp_path / "items.csv"
    rows.write_text(
        "doi,pmid,pmcid,url,title,year,citation_label,authors,journal\n"
        "10.1101/2025.08.06.25333109,,,,A genome study,2025,Ab (2025),Ab C,Preprint\n"
        "10.1101/2025.05.15.652596,,,,A cell study,2025,De (2025),De F,preprint\n"
        "10.21203/rs.3.rs-1234567/v1,,,,A square study,2025,Gh (2025),Gh I,\n"
        "10.1101/2024.06.18.24309100,,,,A named one,2024,Jk (2024),Jk L,Some Journal\n",
        encoding="utf-8",
    )
    journals = [item.journal for item in read_items(rows)]
    assert journals == ["medRxiv", "bioRxiv", "Research Square", "Some Journal"]


def test_an_author_year_without_a_card_gets_its_identifiers_from_the_reference(analyzer: Analyzer) -> None:
    papers = _papers(analyzer, "Missailidis and colleagues (2020) found a complex V inefficiency.")
    assert [(m.card_id, m.paper.doi, m.paper.title is not None) for m in papers] == [
        (None, "10.3390/ijms21031074", True)
    ]


def test_a_title_without_a_card_gets_its_identifiers_from_the_reference(analyzer: Analyzer) -> None:
    body = (
        "Read this: An Isolated Complex V Inefficiency and Dysregulated Mitochondrial Function in "
        "Immortalized Lymphocytes from ME/CFS Patients"
    )
    papers = _papers(analyzer, body)
    assert [(m.card_id, m.paper.doi) for m in papers] == [(None, "10.3390/ijms21031074")]


def test_the_reference_never_decides_a_card(analyzer: Analyzer) -> None:
    reference = analyzer.matcher.reference
    assert reference is not None
    assert not set(reference.by_doi) & set(analyzer.index.by_doi)
    off = Analyzer(
        analyzer.index.cards.values(), Settings.model_validate({"matching": {"reference_index": False}})
    )
    papers = _papers(off, "Missailidis and colleagues (2020) found a complex V inefficiency.")
    assert [(m.paper.doi, m.paper.first_author) for m in papers] == [(None, "Missailidis")]


def test_a_short_pmid_beside_a_recent_year_is_cut_off(analyzer: Analyzer) -> None:
    cut = _papers(analyzer, "The 2024 NIH deep phenotyping paper is PMID 383834 (I only copied part).")
    assert [(m.card_id, m.method) for m in cut] == [("walitt-2024-deep-phenotyping", "truncated_prefix")]
    # (a six-digit id is a paper of the late 1970s; five digits or fewer are always cut off)
    old = _papers(analyzer, "An old one from 1978, PMID 383811, nothing to do with it.")
    assert [m.paper.pmid for m in old] == ["383811"]


def test_titles_without_a_card_that_are_surely_titles_are_uncovered_papers(analyzer: Analyzer) -> None:
    link = "https://www.researchgate.net/publication/371234567_Orthostatic_Intolerance_in_Adolescents_after_Viral_Illness"
    quoted = 'Reading "Sleep Architecture in Myalgic Encephalomyelitis: A Polysomnography Study" tonight.'
    speech = 'She said "a new study shows gut bacteria cause ME" and left the room.'
    assert [m.paper.title for m in _papers(analyzer, f"Found it: {link}")] == [
        "Orthostatic Intolerance in Adolescents after Viral Illness"
    ]
    assert [m.paper.title for m in _papers(analyzer, quoted)] == [
        "Sleep Architecture in Myalgic Encephalomyelitis: A Polysomnography Study"
    ]
    assert _papers(analyzer, speech) == []


def test_a_short_pmcid_beside_a_recent_year_is_cut_off(analyzer: Analyzer) -> None:
    cut = _papers(analyzer, "Full text of the 2024 deep phenotyping study: PMC108814 (copied badly).")
    assert [(m.card_id, m.method) for m in cut] == [("walitt-2024-deep-phenotyping", "truncated_prefix")]


def test_a_description_without_a_card_gets_identifiers_only_when_the_words_fit(analyzer: Analyzer) -> None:
    fits = _papers(
        analyzer, "A 2020 International Journal of Molecular Sciences paper saw a complex V inefficiency."
    )
    assert [(m.card_id, m.paper.doi) for m in fits] == [(None, "10.3390/ijms21031074")]
    vague = _papers(analyzer, "A 2020 International Journal of Molecular Sciences paper about sleep quality.")
    assert vague == []


def test_a_year_of_another_work_told_after_a_title_does_not_veto_the_title(analyzer: Analyzer) -> None:
    body = (
        'My physio handed me "Metabolic features of chronic fatigue syndrome" and the Cochrane '
        "exercise review from 2019."
    )
    assert "naviaux-2016-metabolomics" in [m.card_id for m in _papers(analyzer, body)]


def test_a_year_beside_a_title_that_is_not_its_cards_still_vetoes_it(analyzer: Analyzer) -> None:
    body = 'My physio handed me "Metabolic features of chronic fatigue syndrome" (2019), a short preprint.'
    assert "naviaux-2016-metabolomics" not in [m.card_id for m in _papers(analyzer, body)]
