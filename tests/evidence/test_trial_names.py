"""Treatments and trials called by the names patients use, in wordings written for these tests.

A brand or short name reads as the generic word titles use (``data/treatment_names.toml``),
and a trial's name finds the paper whose title declares it (``atlas_index.declared_names``), or the
paper the cards' own texts give that name with its year (``atlas_index.told_names``).
"""

from __future__ import annotations

import pytest
from evidence.golden_io import sample_analyzer

from bot.atlas.types import AtlasCard
from bot.evidence.analyze import Analyzer
from bot.evidence.atlas_index import declared_names, told_names
from bot.evidence.match import is_unresolved
from bot.evidence.textnorm import content_words, stem


@pytest.fixture(scope="module")
def analyzer() -> Analyzer:
    return sample_analyzer()


def _cards(analyzer: Analyzer, body: str) -> list[str | None]:
    return [m.card_id for m in analyzer.papers("", body)[3] if not is_unresolved(m)]


def test_a_bracketed_name_in_a_trial_title_is_declared() -> None:
    title = "Graded walking versus usual care for chronic fatigue syndrome (STRIDE): a randomised trial"
    assert declared_names(title) == {"stride"}


def test_a_bracketed_abbreviation_of_the_words_before_it_is_not_a_name() -> None:
    assert declared_names("Steroids in Post-COVID-19 Syndrome (PCS): a randomised trial") == set()


def test_a_bracketed_name_in_a_title_that_reports_no_trial_is_not_declared() -> None:
    assert declared_names("The Two-Day Cardiopulmonary Exercise Test (CPET): a meta-analysis") == set()


def test_a_trial_called_by_its_name_is_the_paper_that_declares_it(analyzer: Analyzer) -> None:
    # Three atlas papers carry "PACE"; only the trial's own title declares it in brackets.
    body = "Half the leaflets in my surgery still lean on the PACE trial, fifteen years on."
    assert _cards(analyzer, body) == ["white-2011-comparison-adaptive"]


def test_a_later_paper_about_the_named_trial_still_wins_when_the_post_describes_it(
    analyzer: Analyzer,
) -> None:
    body = "The recovery paper from the PACE trial (Psychological Medicine, 2013) moved the goalposts."
    assert _cards(analyzer, body) == ["white-2013-recovery-chronic"]


def test_a_brand_name_reads_as_the_generic_name() -> None:
    assert stem("ampligen") == "rintatolimod"
    assert stem("mestinon") == "pyridostigmine"
    assert {"naltrexone", "rituximab"} <= content_words("Anyone combining LDN with Rituxan?")


def test_a_trial_called_by_the_drugs_brand_name_finds_the_generic_titled_card(analyzer: Analyzer) -> None:
    body = "Was the Ampligen trial really double blind? My sister was offered it in 2013."
    assert _cards(analyzer, body) == ["strayer-2012-double-blind"]


def _papers(analyzer: Analyzer, body: str) -> list[tuple[str | None, str | None]]:
    found = [m for m in analyzer.papers("", body)[3] if not is_unresolved(m)]
    return [(m.card_id, m.paper.title if m.paper else None) for m in found]


def test_a_hyphenated_trial_name_without_a_card_finds_the_listed_paper_declaring_it(
    analyzer: Analyzer,
) -> None:
    # The CC0 list holds the metformin trial whose title declares "(COVID-OUT)"; no card does.
    body = "My cousin keeps quoting the COVID-OUT trial as proof that metformin stops long covid."
    found = _papers(analyzer, body)
    assert len(found) == 1
    assert found[0][0] is None
    assert "COVID-OUT" in (found[0][1] or "")


def test_a_trial_name_written_as_an_ordinary_word_is_not_the_trial(analyzer: Analyzer) -> None:
    # "RAPID" is a listed protocol's declared name; in lower case it is only an adjective.
    body = "The rapid trial of my new walking plan left me in bed for a week."
    assert not any("RAPID" in (title or "") for _, title in _papers(analyzer, body))


def test_a_listed_trials_name_in_capitals_beats_a_card_that_merely_uses_the_word(
    analyzer: Analyzer,
) -> None:
    # A card's summary says "rapid"; the listed protocol declares "(RAPID)" in its title.
    body = "Nobody here believes the RAPID trial will report before 2027."
    found = _papers(analyzer, body)
    assert len(found) == 1
    assert found[0][0] is None
    assert "(RAPID)" in (found[0][1] or "")


def test_a_work_named_by_a_word_only_listed_papers_hold_is_not_the_card_sharing_its_other_word(
    analyzer: Analyzer,
) -> None:
    # One card uses "largest"; "genome" is no card's word but listed papers' titles hold it,
    # so the post names some genome study, not that card.
    body = "The largest genome study of ME so far is out, and nobody here has read it yet."
    assert _cards(analyzer, body) == []


def test_a_named_trials_later_paper_is_the_one_whose_title_holds_every_naming_word(
    analyzer: Analyzer,
) -> None:
    # Several PACE papers talk of recovery in their summaries; only one has it in its title.
    body = "My physio still waves the PACE recovery paper around as proof that exercise fixes this illness."
    assert _cards(analyzer, body) == ["white-2013-recovery-chronic"]


@pytest.mark.parametrize(
    ("plural", "singular"), [("antibodies", "antibody"), ("therapies", "therapy"), ("cytokines", "cytokine")]
)
def test_a_plural_reads_as_its_singular(plural: str, singular: str) -> None:
    assert stem(plural) == stem(singular)


@pytest.mark.parametrize(
    ("plural", "singular"),
    [("retroviruses", "retrovirus"), ("viruses", "virus"), ("analyses", "analysis"), ("statuses", "status")],
)
def test_a_latin_or_greek_plural_reads_as_its_singular(plural: str, singular: str) -> None:
    # (a singular in "-us" or "-is" keeps its "s": "virus" is no plural of "viru")
    assert stem(plural) == stem(singular) == singular


@pytest.mark.parametrize("word", ["series", "species", "calories"])
def test_a_word_whose_singular_is_not_in_y_keeps_its_ie(word: str) -> None:
    assert stem(word) == word[:-1]


# -- names only the cards' own texts give ----------------------------------------------------


def _card(cid: str, year: int, treatment: str, summary: str = "", title: str = "A study") -> AtlasCard:
    return AtlasCard(id=cid, title=title, year=year, quick_summary=summary, tags={"treatment": (treatment,)})


def test_a_name_another_card_gives_with_a_year_names_that_years_card_of_the_treatment() -> None:
    cards = [
        _card("early", 2016, "Valganciclovir", "It led to the ANTIVIRO trial (2021), larger and blinded."),
        _card("later", 2021, "Valganciclovir"),
        _card("other", 2021, "Rintatolimod"),
    ]
    assert told_names(cards) == {"antiviro": "later"}


def test_a_told_name_two_cards_of_that_year_could_be_is_no_name() -> None:
    cards = [
        _card("early", 2016, "Valganciclovir", "It preceded the ValgaME study in 2021."),
        _card("later", 2021, "Valganciclovir"),
        _card("sister", 2021, "Valganciclovir"),
    ]
    assert told_names(cards) == {}


def test_a_plain_capitalised_word_before_trial_is_no_told_name() -> None:
    cards = [
        _card("early", 2016, "Valganciclovir", "Unlike the Norwegian trial in 2021, this one was open."),
        _card("later", 2021, "Valganciclovir"),
    ]
    assert told_names(cards) == {}


def test_a_trial_known_by_a_name_the_cards_limits_give_is_found(analyzer: Analyzer) -> None:
    # The 2019 rituximab card's title never says "RituxME"; the earlier cards' texts do.
    body = "So RituxME was negative and everyone moved on to other drugs."
    assert _cards(analyzer, body) == ["fluge-2019-lymphocyte-depletion"]


def test_a_description_in_apposition_to_a_name_is_that_named_paper(analyzer: Analyzer) -> None:
    # Read alone, "the big phase III trial" would be guessed at another drug's phase III trial.
    body = "Then RituxME, the big phase III trial, showed nothing over saline."
    assert _cards(analyzer, body) == ["fluge-2019-lymphocyte-depletion"]
