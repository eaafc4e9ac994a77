"""A sentence about a study that retells what one card says it found (``finding_echo``).

The wordings are written for these tests. The unit tests use a small atlas made up here, so
that what wins and what is held back follows from the cards' words alone; the end-to-end tests
read the bundled sample atlas through the whole linker.
"""

from __future__ import annotations

import pytest
from evidence.golden_io import sample_analyzer

from bot.atlas.types import AtlasCard
from bot.evidence.analyze import Analyzer
from bot.evidence.atlas_index import AtlasIndex
from bot.evidence.finding_echo import FindingEchoes, reported_numbers
from bot.evidence.match import is_unresolved


def _card(cid: str, title: str, summary: str, *findings: str) -> AtlasCard:
    return AtlasCard(id=cid, title=title, year=2020, quick_summary=summary, observed_findings=findings)


_CARDS = [
    _card(
        "otter",
        "Whisker mechanoreceptors in captive river otters",
        "A survey of 37 river otters kept in zoos.",
        "Whisker sensitivity fell with age in captive otters.",
    ),
    _card(
        "heron",
        "Nesting success of grey herons near reservoirs",
        "A ten-year count of heron nests around two reservoirs.",
        "Fewer chicks fledged in years of low water.",
    ),
    _card(
        "moth",
        "Moth flight under street lighting",
        "A field study of moths at sodium lamps.",
        "Moths circled lamps.",
    ),
    _card(
        "newt",
        "Newt limb regrowth in cold ponds",
        "Regrowth of newt limbs slowed in cold water.",
        "Cold slowed it.",
    ),
]


@pytest.fixture(scope="module")
def echoes() -> FindingEchoes:
    return FindingEchoes(AtlasIndex(_CARDS))


def test_a_sentence_retelling_a_cards_findings_names_that_card(echoes: FindingEchoes) -> None:
    said = "That zoo survey found whisker sensitivity in captive otters faded as they aged."
    assert echoes.named_in(said) == "otter"


def test_a_number_the_card_reports_counts_as_one_of_its_telling_words(echoes: FindingEchoes) -> None:
    # "otters" and "whisker" alone are two telling words but too little weight; the 37 the
    # card reports is a third
    assert echoes.named_in("A survey of 37 otters looked at whiskers.") == "otter"
    assert echoes.named_in("A survey of 12 otters looked at whiskers.") is None


def test_a_number_written_into_a_name_is_no_reported_number() -> None:
    assert reported_numbers("16S sequencing of CD38 cells in 151 patients, 2.5 mg, 12%") == {
        "151",
        "2.5",
        "12",
    }


def test_words_every_card_might_share_name_no_card(echoes: FindingEchoes) -> None:
    assert echoes.named_in("A field study over ten years in cold water near lamps.") is None


def test_a_listed_paper_whose_title_fits_as_well_holds_the_card_back() -> None:
    listed = AtlasIndex(
        [
            AtlasCard(
                id="listed-otter",
                title="Whisker sensitivity of captive otters in zoos as they age",
                year=2024,
            )
        ]
    )
    echoes = FindingEchoes(AtlasIndex(_CARDS), listed)
    said = "That zoo survey found whisker sensitivity in captive otters faded as they aged."
    assert echoes.named_in(said) is None


def test_two_reported_numbers_lead_over_a_card_sharing_one_of_them() -> None:
    """Two surveys of 37 otters share every word the sentence says; only one also reports the
    81 percent: two of its numbers told together lead by the one the other card lacks."""
    cards = [
        _card(
            "zoo-otters",
            "Whisker loss in captive river otters",
            "A survey of 37 otters; 81 percent had lost whiskers.",
        ),
        _card(
            "wild-otters", "Whisker growth in wild river otters", "A survey of 37 wild otters on two rivers."
        ),
        *_CARDS[1:],
    ]
    echoes = FindingEchoes(AtlasIndex(cards))
    assert (
        echoes.named_in("Of 37 river otters with whiskers surveyed, 81 percent were affected.")
        == "zoo-otters"
    )
    # (one number each, no lead: neither)
    assert echoes.named_in("Of 37 river otters with whiskers surveyed, most were affected.") is None


def test_reported_numbers_leave_out_years_and_single_digits() -> None:
    assert reported_numbers("In 2019, 256 peptides and 2.5 million people, 8 sites, 1,200 cases") == {
        "256",
        "2.5",
        "1200",
    }


# -- through the whole linker, with the sample atlas -------------------------------------------


@pytest.fixture(scope="module")
def analyzer() -> Analyzer:
    return sample_analyzer()


def _cards(analyzer: Analyzer, body: str) -> list[str | None]:
    return [m.card_id for m in analyzer.papers("", body)[3] if not is_unresolved(m)]


@pytest.mark.parametrize(
    ("body", "card"),
    [
        (
            "A Swedish team tried eight weeks of mechanical stimulation inside the nose and symptom "
            "scores dropped.",
            "rodriguez-2023-achieving-symptom",
        ),
        (
            "Researchers who pooled the two-day exercise tests found that patients tended to do worse on "
            "the second day.",
            "lim-2020-prospects-two",
        ),
    ],
)
def test_a_study_told_by_its_findings_is_its_card(analyzer: Analyzer, body: str, card: str) -> None:
    assert _cards(analyzer, body) == [card]


def test_findings_told_without_speaking_of_a_work_name_no_paper(analyzer: Analyzer) -> None:
    # the same findings, but nothing says a study found them: a claim, not a citation
    body = "Pooling two-day exercise tests, patients tended to do worse on the second day."
    assert _cards(analyzer, body) == []


def test_a_trials_arm_is_no_work_that_findings_are_told_of(analyzer: Analyzer) -> None:
    body = "Primary outcomes, fatigue and cognitive function, were assessed against the placebo group."
    assert _cards(analyzer, body) == []


def test_design_words_alone_tell_no_study(analyzer: Analyzer) -> None:
    body = "An open-label pilot with no placebo arm gave the drug to a small group of patients."
    assert _cards(analyzer, body) == []


@pytest.mark.parametrize(
    ("body", "card"),
    [
        (
            "The US academies estimated that up to 2.5 million Americans have the illness and most of "
            "them have never been diagnosed.",
            "iom-2015-beyond-myalgic",
        ),
        (
            "The Norwegians showed that amino acids in the blood point to impaired pyruvate dehydrogenase.",
            "fluge-2016-metabolic-profiling",
        ),
    ],
)
def test_findings_someone_is_said_to_have_shown_are_their_card(
    analyzer: Analyzer, body: str, card: str
) -> None:
    assert _cards(analyzer, body) == [card]


def test_it_showed_after_a_cited_paper_is_that_paper_again(analyzer: Analyzer) -> None:
    body = (
        "Naviaux 2016 is worth a read. It showed that up to 2.5 million Americans have the illness "
        "and most of them have never been diagnosed."
    )
    assert _cards(analyzer, body) == ["naviaux-2016-metabolomics"]
