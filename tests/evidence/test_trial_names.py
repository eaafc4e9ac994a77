"""Treatments and trials called by the names patients use, in wordings written for these tests.

A brand or short name reads as the generic word titles use (``data/treatment_names.toml``),
and a trial's name finds the paper whose title declares it (``atlas_index.declared_names``).
"""

from __future__ import annotations

import pytest
from evidence.golden_io import sample_analyzer

from bot.evidence.analyze import Analyzer
from bot.evidence.atlas_index import declared_names
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
