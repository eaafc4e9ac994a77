"""Citation forms that reach listed papers without a card, in wordings written for these tests.

Each test pins one general mechanism of the linker (issue 8, second round): the reference
index's papers found by a bare surname and year, by a publisher's link, or when they carry no
identifier at all; two papers side by side in one sentence kept apart; a journal named in a
citation read with the author beside it.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from evidence.golden_io import sample_analyzer

from bot.evidence.analyze import Analyzer
from bot.evidence.extract import extract_citations, sentence_bounds
from bot.evidence.match import is_unresolved
from bot.evidence.mentions import naming_words, scan_plural_works
from bot.evidence.reference import read_items
from bot.evidence.textnorm import PostText
from bot.evidence.types import Match


@pytest.fixture(scope="module")
def analyzer() -> Analyzer:
    return sample_analyzer()


def _papers(analyzer: Analyzer, body: str) -> list[Match]:
    return [m for m in analyzer.papers("", body)[3] if not is_unresolved(m)]


def _only_title(analyzer: Analyzer, body: str) -> str:
    """The title of the one paper the post cites (fails on none or several)."""
    [m] = _papers(analyzer, body)
    assert m.paper is not None
    return m.paper.title or ""


def _who(m: Match) -> tuple[str | None, str | None, int | None]:
    return m.card_id, m.paper.first_author, m.paper.year


# -- listed papers found by surname and year -----------------------------------------------


def test_a_bare_surname_and_year_of_a_listed_paper_is_that_paper(analyzer: Analyzer) -> None:
    papers = _papers(analyzer, "My GP had actually read Elahi 2026 on red blood cells and hormones.")
    assert [(_who(m), m.paper.doi) for m in papers] == [
        ((None, "Elahi", 2026), "10.1016/j.molmed.2026.04.006")
    ]
    assert papers[0].status == "confirmed"


def test_two_names_and_a_year_are_confirmed_by_the_listed_paper(analyzer: Analyzer) -> None:
    body = "Komaroff & Dantzer (2025) walk through why symptoms persist."
    papers = _papers(analyzer, body)
    assert [(_who(m), m.paper.doi, m.status) for m in papers] == [
        ((None, "Komaroff", 2025), "10.1016/j.xcrm.2025.102259", "confirmed")
    ]


def test_a_journal_word_is_never_read_as_a_listed_surname(analyzer: Analyzer) -> None:
    # The list has a 2026 row by the website "ME/CFS Science": "Science" beside 2026 is a journal.
    papers = _papers(analyzer, "Nothing in Science 2026 has changed my mind about pacing.")
    assert [m for m in papers if (m.paper.first_author or "").endswith("Science")] == []


def test_an_organisation_in_the_list_is_not_keyed_by_its_last_word() -> None:
    orgs = [i for i in read_items() if i.first_author_surname == "Action for ME"]
    assert orgs, "the list's Action for ME row should keep its whole name"


# -- listed papers without an identifier ----------------------------------------------------


def test_a_listed_paper_without_identifiers_is_named_by_author_and_year(analyzer: Analyzer) -> None:
    papers = _papers(analyzer, "Proal 2025 makes the case for going after the viral reservoir directly.")
    assert [_who(m) for m in papers] == [(None, "Proal", 2025)]
    assert papers[0].paper.title == "Targeting the SARS-CoV-2 reservoir in long COVID"
    assert (papers[0].paper.doi, papers[0].paper.pmid, papers[0].paper.pmcid) == (None, None, None)


def test_a_publisher_link_of_a_listed_paper_gives_its_title_and_link(analyzer: Analyzer) -> None:
    body = "See https://www.sciencedirect.com/science/article/pii/S1521661626000392 on innate cells."
    papers = _papers(analyzer, body)
    assert [_who(m) for m in papers] == [(None, "Sefik", 2026)]
    assert (papers[0].paper.title or "").startswith("Post-acute sequelae of COVID-19")
    assert papers[0].paper.url == "https://www.sciencedirect.com/science/article/pii/S1521661626000392"


# -- two papers in one sentence --------------------------------------------------------------


def test_a_listed_title_beside_another_papers_doi_stays_its_own_paper(analyzer: Analyzer) -> None:
    body = (
        "She sent me 'Erythroid-hormonal axis in long COVID' plus the Italian cohort paper "
        "(https://doi.org/10.3390/jcm14155363) to read."
    )
    dois = sorted(m.paper.doi or "" for m in _papers(analyzer, body))
    assert dois == ["10.1016/j.molmed.2026.04.006", "10.3390/jcm14155363"]


def test_an_author_and_year_after_another_papers_doi_is_a_second_paper(analyzer: Analyzer) -> None:
    body = (
        "Reading list: the Sardinian study (doi 10.3390/jcm14155363), Issa and colleagues' 2025 "
        "paper in the same journal, and nothing else."
    )
    got = sorted((m.paper.first_author or "", m.paper.doi or "") for m in _papers(analyzer, body))
    assert got == [("Cossu", "10.3390/jcm14155363"), ("Issa", "10.3390/jcm14176269")]


def test_an_identifier_and_its_own_authors_name_stay_one_paper(analyzer: Analyzer) -> None:
    body = "Dooley et al. 2025 (doi: 10.3390/ijms26157284) tracked contrast sensitivity for years."
    assert [(_who(m), m.paper.doi) for m in _papers(analyzer, body)] == [
        ((None, "Dooley", 2025), "10.3390/ijms26157284")
    ]


# -- a citation's sentence ---------------------------------------------------------------------


def test_et_al_before_a_year_does_not_end_the_sentence() -> None:
    text = "We compared notes (Heng et al. 2025, Cell Reports Medicine) last week. Then lunch."
    start = text.index("Cell")
    lo, hi = sentence_bounds(text, start, start + 4)
    assert text[lo:hi].strip() == "We compared notes (Heng et al. 2025, Cell Reports Medicine) last week."


def test_a_journal_and_year_yield_to_the_author_named_in_the_same_citation(analyzer: Analyzer) -> None:
    # Three 2025 Cell Reports Medicine papers are listed: the name says which one, and the journal
    # and year beside it must not add another.
    body = "The persistence review (Komaroff et al. 2025, Cell Reports Medicine) is long but clear."
    assert [(_who(m), m.paper.doi) for m in _papers(analyzer, body)] == [
        ((None, "Komaroff", 2025), "10.1016/j.xcrm.2025.102259")
    ]


def test_a_year_one_apart_beside_the_listed_papers_doi_is_the_same_paper(analyzer: Analyzer) -> None:
    # Listed as 2025; a post may give the issue's year. One paper, not two.
    body = "Wirth (2026; doi: 10.20944/preprints202509.2242.v1) on fasciculations is speculative."
    assert [m.paper.doi for m in _papers(analyzer, body)] == ["10.20944/preprints202509.2242.v1"]


# -- a surname with a journal and no year ---------------------------------------------------


def test_a_card_named_by_author_and_journal_without_a_year(analyzer: Analyzer) -> None:
    # Fluge is first author of seven cards; one of them is in the JCI.
    body = "Somebody mentioned the Fluge paper in the Journal of Clinical Investigation again."
    assert [m.card_id for m in _papers(analyzer, body)] == ["fluge-2021-pathomechanisms-possible"]


def test_a_listed_paper_named_by_author_and_journal_without_a_year(analyzer: Analyzer) -> None:
    body = (
        "My cardiologist liked the Mackay abstract in the American Journal of Respiratory and "
        "Critical Care Medicine, she said."
    )
    assert [_who(m) for m in _papers(analyzer, body)] == [(None, "Mackay", 2026)]


def test_an_author_with_several_papers_in_one_journal_is_not_guessed_without_a_year(
    analyzer: Analyzer,
) -> None:
    # Fluge has two PLoS ONE cards: the surname and the journal do not say which.
    assert _papers(analyzer, "Fluge's group published in PLoS ONE, I think.") == []


# -- titles cut short or quoted in part -------------------------------------------------------


def test_a_quoted_title_cut_with_an_ellipsis_is_the_paper_it_begins(analyzer: Analyzer) -> None:
    body = "Try 'Biomarkers over Time: From Visual Contrast Sensitivity to Transcriptomics in…' for CIRS."
    assert [(_who(m), m.paper.doi) for m in _papers(analyzer, body)] == [
        ((None, "Dooley", 2025), "10.3390/ijms26157284")
    ]


def test_a_quoted_piece_of_one_title_names_its_paper(analyzer: Analyzer) -> None:
    body = "The poster on the 'association of coronary vasomotor disorders' caught my eye."
    assert [_who(m) for m in _papers(analyzer, body)] == [(None, "Mackay", 2026)]


def test_a_quoted_piece_many_titles_share_names_nothing(analyzer: Analyzer) -> None:
    body = "Every abstract says 'in patients with myalgic encephalomyelitis' somewhere."
    assert _papers(analyzer, body) == []


def test_an_apostrophe_opens_no_quotation(analyzer: Analyzer) -> None:
    body = "The authors' take on vasomotor disorders' role was thin."
    assert _papers(analyzer, body) == []


# -- works named by what they are about ---------------------------------------------------------

_PK = "People still cite the Japanese PK11195 study, with its tracer binding and brain inflammation."


def test_a_named_work_stands_beside_uncovered_papers_whose_titles_it_does_not_fit(
    analyzer: Analyzer,
) -> None:
    papers = _papers(analyzer, f"{_PK} I prefer Elahi 2026 on red cells.")
    assert sorted(f"{m.card_id}/{m.paper.first_author}" for m in papers) == [
        "None/Elahi",
        "nakatomi-2014-neuroinflammation-japan/Nakatomi",
    ]


def test_a_named_work_beside_an_unknown_uncovered_paper_is_not_guessed(analyzer: Analyzer) -> None:
    # The DOI's paper is in neither the atlas nor the list: the words may describe it.
    papers = _papers(analyzer, f"{_PK} I prefer doi 10.1038/s41467-023-99999-1 on red cells.")
    assert [m.card_id for m in papers] == [None]


def test_a_work_introduced_with_a_and_a_year_is_the_one_title_of_that_year(analyzer: Analyzer) -> None:
    body = "Back then a placebo-controlled rituximab study came out in 2011 and we all got excited."
    assert [m.card_id for m in _papers(analyzer, body)] == ["fluge-2011-benefit-lymphocyte"]


def test_a_work_introduced_with_a_and_a_year_may_be_a_listed_paper(analyzer: Analyzer) -> None:
    body = "There was also a coronary vasomotor study shown at a meeting in 2026."
    assert [_who(m) for m in _papers(analyzer, body)] == [(None, "Mackay", 2026)]


@pytest.mark.parametrize(
    "body",
    [
        "A rituximab study came out last spring and nobody knows what to make of it.",  # no year
        "In 2016 a metabolomics paper said we were hypometabolic.",  # one naming word says too little
        "A new rituximab depletion study in 2013 is what I would like to see.",  # no title of 2013 fits
    ],
)
def test_a_work_introduced_with_a_is_not_guessed_without_a_fitting_year(
    analyzer: Analyzer, body: str
) -> None:
    assert _papers(analyzer, body) == []


# -- reference-list shapes, possessives and definite works with a year -----------------------


@pytest.mark.parametrize(
    ("body", "who"),
    [
        ("Elahi S. (2026) Erythroid-hormonal axis in long COVID. Trends Mol Med.", (None, "Elahi", 2026)),
        ("Missailidis, D. et al. (2020) Int J Mol Sci 21, 1074.", (None, "Missailidis", 2020)),
    ],
)
def test_an_initials_stop_does_not_cut_a_reference_from_its_year(
    analyzer: Analyzer, body: str, who: tuple[str | None, str, int]
) -> None:
    assert [_who(m) for m in _papers(analyzer, body)] == [who]


def test_a_yearless_et_al_with_a_journal_is_read_with_the_journals_paper(analyzer: Analyzer) -> None:
    body = "The EpiSwitch write-up by Hunter et al was in J Transl Med, if I remember."
    assert [(_who(m), m.paper.doi) for m in _papers(analyzer, body)] == [
        ((None, "Hunter", 2025), "10.1186/s12967-025-07203-w")
    ]


def test_a_possessive_name_and_year_of_a_listed_paper_is_that_paper(analyzer: Analyzer) -> None:
    body = "Komaroff's 2025 overview (symptom persistence) is the one to send to doctors."
    assert [_who(m) for m in _papers(analyzer, body)] == [(None, "Komaroff", 2025)]


def test_a_possessive_name_and_year_nobody_lists_is_not_a_paper(analyzer: Analyzer) -> None:
    assert _papers(analyzer, "Okonkwo's 2024 talk was recorded, I think.") == []


@pytest.mark.parametrize("work", ["follow-up", "follow up", "later analysis", "preprint", "article"])
def test_a_known_authors_possessive_work_is_a_citation_of_theirs(analyzer: Analyzer, work: str) -> None:
    body = f"Hornig's {work} on the cytokine pattern in early illness is what I would read next."
    assert [m.card_id for m in _papers(analyzer, body)] == ["hornig-2015-distinct-plasma"]


def test_a_possessive_name_without_a_year_of_a_listed_author_is_their_paper_the_words_fit(
    analyzer: Analyzer,
) -> None:
    body = "Kielland's group tried an online respondent-driven method to sample the ME population."
    assert [(_who(m), m.paper.doi) for m in _papers(analyzer, body)] == [
        ((None, "Kielland", 2025), "10.1177/13591053251325690")
    ]


def test_a_possessive_name_without_a_year_and_words_that_fit_nothing_is_no_paper(analyzer: Analyzer) -> None:
    assert _papers(analyzer, "Kielland's group was very kind to my mother at the clinic.") == []


def test_a_work_named_by_a_gene_only_one_title_holds_is_that_paper(analyzer: Analyzer) -> None:
    body = "My cousin keeps forwarding the OPRM1 paper about the opioid pathway."
    assert [_who(m) for m in _papers(analyzer, body)] == [(None, "Wyns", 2026)]


@pytest.mark.parametrize(
    "body",
    [
        # a plain word, not a name, however few titles hold it
        "My cousin keeps forwarding the hypermethylation paper about the opioid pathway.",
        # a name no title holds
        "My cousin keeps forwarding the ZXQ9 paper about the opioid pathway.",
        # the name, but no other word of its title
        "My cousin keeps forwarding the OPRM1 paper, which I have not read.",
    ],
)
def test_a_work_named_by_a_word_that_is_no_clear_name_of_one_title_is_not_guessed(
    analyzer: Analyzer, body: str
) -> None:
    assert [_who(m) for m in _papers(analyzer, body)] == []


@pytest.mark.parametrize(
    "body",
    [
        "The 2024 NIH deep phenotyping study is still the most thorough.",
        "Honestly the NIH's 2024 deep-phenotyping paper is still the most thorough.",
    ],
)
def test_a_definite_work_with_its_year_is_the_one_title_of_that_year(analyzer: Analyzer, body: str) -> None:
    assert [m.card_id for m in _papers(analyzer, body)] == ["walitt-2024-deep-phenotyping"]


def test_a_work_whose_words_fit_papers_of_the_atlas_and_the_list_is_not_guessed(
    analyzer: Analyzer,
) -> None:
    # The atlas has one 2023 long COVID title; the list has others of that year.
    assert _papers(analyzer, "A long covid study in 2023 said fatigue persists.") == []


# -- journals, organisations and named works in the atlas --------------------------------------


@pytest.mark.parametrize(
    ("body", "card"),
    [
        # A journal spelt out wins over the initials it starts with (JCI Insight is not the JCI).
        (
            "Their metabolic profiling work (JCI Insight 2016) pointed at PDH.",
            "fluge-2016-metabolic-profiling",
        ),
        # A journal beside a named work narrows the cards its words fit.
        ("Remember the XMRV paper in Science? Retracted.", "lombardi-2009-retracted-detection"),
        # The journal as named ("The Lancet"), not one it begins ("The Lancet Psychiatry").
        ("My GP still quotes the Lancet PACE paper at me.", "white-2011-comparison-adaptive"),
        # One card's words hold every naming word: that card.
        ("They pointed me to the Cochrane exercise review, sigh.", "larun-2019-exercise-therapy"),
        # An organisation's initials beside the year of its one paper.
        ("The 2015 IOM report proposed calling it SEID.", "iom-2015-beyond-myalgic"),
        # A title word and a profile word with the year: the one card that fits.
        ("The 2012 multicenter XMRV study put that theory to rest.", "alter-2012-multicenter-blinded"),
    ],
)
def test_atlas_cards_named_in_everyday_ways(analyzer: Analyzer, body: str, card: str) -> None:
    assert [m.card_id for m in _papers(analyzer, body)] == [card]


def test_initials_alone_still_name_their_journal(analyzer: Analyzer) -> None:
    assert [m.card_id for m in _papers(analyzer, "Fluge et al. (JCI 2021) is the big one.")] == [
        "fluge-2021-pathomechanisms-possible"
    ]


def test_a_named_work_several_cards_fit_is_not_guessed(analyzer: Analyzer) -> None:
    # Two cards are rituximab trials (2015, 2019) and nothing in the post says which.
    # (A trial called by the name its own title declares is another matter: test_trial_names.)
    assert _papers(analyzer, "The rituximab trial again, really?") == []


# -- a listed author's name beside a year that is not a citation --------------------------------


@pytest.mark.parametrize(
    "body",
    [
        "I finally saw Dr Vink in 2026 and she was lovely.",  # a listed first author, met in person
        "Frank talk with my GP in 2026 helped a lot.",  # a listed surname that is also a word
        "Young people with ME in 2025 still lack support.",
    ],
)
def test_a_listed_surname_near_a_year_is_no_citation_unless_written_as_one(
    analyzer: Analyzer, body: str
) -> None:
    assert _papers(analyzer, body) == []


def test_a_listed_surname_near_a_year_is_a_citation_when_the_post_is_about_the_paper(
    analyzer: Analyzer,
) -> None:
    body = "Vink's group went further in 2026 with an overview of severe myalgic encephalomyelitis care."
    assert [_who(m) for m in _papers(analyzer, body)] == [(None, "Vink", 2026)]


@pytest.mark.parametrize(
    ("body", "card"),
    [
        # A word no paper has (a university) neither helps nor hinders; the rest pins the card.
        (
            "The Stanford cytokine study (2017) linked 17 cytokines to severity.",
            "montoya-2017-cytokine-signature",
        ),
        # A name's possessive stands for the article, and the name is a naming word.
        ("Columbia's 2015 immune signature paper showed early activation.", "hornig-2015-distinct-plasma"),
        ("PACE's 2013 recovery paper moved the goalposts.", "white-2013-recovery-chronic"),
    ],
)
def test_works_named_by_place_or_project_and_year(analyzer: Analyzer, body: str, card: str) -> None:
    assert [m.card_id for m in _papers(analyzer, body)] == [card]


def test_an_acronym_a_title_spells_picks_the_card_among_candidates(analyzer: Analyzer) -> None:
    # One 2011 card in J Intern Med; the post's words alone fit it too little, its initials do.
    body = "The ICC (J Intern Med 2011) is stricter than Fukuda."
    assert "carruthers-2011-myalgic-encephalomyelitis" in [m.card_id for m in _papers(analyzer, body)]


def test_an_acronym_many_titles_spell_decides_nothing(analyzer: Analyzer) -> None:
    # "CFS" spells "Chronic Fatigue Syndrome", which many titles have.
    assert _papers(analyzer, "A 2019 CFS paper in some journal, I forget which.") == []


def test_a_work_named_with_its_year_beside_another_papers_doi_is_a_second_paper(analyzer: Analyzer) -> None:
    body = "Set Wang et al. 2023 (doi:10.1073/pnas.2302738120) against the NIH's 2024 deep phenotyping study."
    got = sorted(m.card_id or f"{m.paper.first_author}" for m in _papers(analyzer, body))
    assert got == ["Wang", "walitt-2024-deep-phenotyping"]


def test_a_journal_and_year_beside_an_uncovered_doi_yield_to_it(analyzer: Analyzer) -> None:
    # The only 2024 Nature Communications card is not this DOI's paper: one uncovered paper.
    body = "Somebody et al. (Nature Communications 2024, doi:10.1038/s41467-024-99999-9) is new."
    assert [(m.card_id, m.paper.doi) for m in _papers(analyzer, body)] == [
        (None, "10.1038/s41467-024-99999-9")
    ]


def test_a_work_named_with_its_year_never_becomes_the_citation_of_a_card_found_otherwise(
    analyzer: Analyzer,
) -> None:
    # Claims are linked through a card's citation and rest on confirmed cards only: the route
    # adds cards nothing else found, it neither moves nor confirms one found otherwise.
    # (the first sentence names the surname only: retelling the paper's title beside it,
    # "… found antibodies against adrenergic and muscarinic receptors", would confirm the card
    # by that route, as a retold title does)
    body = (
        "Loebel and colleagues found antibodies in the blood. "
        "The 2016 adrenergic receptor study from Berlin still matters."
    )
    papers = _papers(analyzer, body)
    assert [(m.card_id, m.citation.kind, m.status) for m in papers] == [
        ("loebel-2016-antibodies-adrenergic", "author_year", "suggested")
    ]


# -- "their follow-up": the same first author in another year ----------------------------------


def test_the_same_groups_later_paper_with_its_year_is_a_second_card(analyzer: Analyzer) -> None:
    body = (
        "Keller et al. 2014 showed the two-day exercise test gave repeatable results. "
        "The same group's later paper (2024) looked at metabolic responses on day two."
    )
    assert [_who(m) for m in _papers(analyzer, body)] == [
        ("keller-2014-inability-myalgic", "Keller", 2014),
        ("keller-2024-cardiopulmonary-metabolic", "Keller", 2024),
    ]


def test_their_follow_up_is_a_listed_paper_of_the_same_first_author(analyzer: Analyzer) -> None:
    body = "Germain and colleagues (2022) profiled plasma. Their follow-up study from 2025 went deeper."
    assert [(_who(m), m.paper.doi) for m in _papers(analyzer, body)] == [
        ((None, "Germain", 2022), "10.1172/jci.insight.157621"),
        ((None, "Germain", 2025), "10.1016/j.mcpro.2025.101467"),
    ]


@pytest.mark.parametrize(
    "second",
    [
        "Their later work is worth a read too.",  # no year: any of the group's papers
        "Their follow-up, also from 2022, is shorter.",  # the same year: no second paper is said
    ],
)
def test_a_follow_up_without_a_year_of_its_own_adds_no_paper(analyzer: Analyzer, second: str) -> None:
    body = f"Germain and colleagues (2022) profiled plasma. {second}"
    assert [_who(m) for m in _papers(analyzer, body)] == [(None, "Germain", 2022)]


# -- third round: spellings, "a YEAR study of …", ellipses after bare identifiers ------------


def test_a_british_spelling_reads_as_the_american_one_titles_use() -> None:
    from bot.evidence.textnorm import content_words

    assert {"multicenter", "randomized", "pediatric", "center"} <= content_words(
        "A randomised multicentre trial in paediatric centres"
    )


def test_a_british_spelt_description_with_its_year_finds_the_american_spelt_title(
    analyzer: Analyzer,
) -> None:
    body = "Then a blinded multicentre study in 2012, with the original lab taking part, found nothing."
    assert [m.card_id for m in _papers(analyzer, body)] == ["alter-2012-multicenter-blinded"]


def test_a_year_study_of_what_it_tested_is_the_one_paper_of_that_year(analyzer: Analyzer) -> None:
    body = "Our physio finally read a 2024 study of two-day exercise testing and changed the plan."
    assert [m.card_id for m in _papers(analyzer, body)] == ["keller-2024-cardiopulmonary-metabolic"]


def test_a_year_study_of_a_topic_two_papers_of_that_year_share_is_not_guessed(analyzer: Analyzer) -> None:
    body = "Someone linked a 2023 study about gut bacteria and butyrate producers, I lost the link."
    assert _papers(analyzer, body) == []


def test_a_bare_doi_running_into_an_ellipsis_and_a_comma_is_a_prefix(analyzer: Analyzer) -> None:
    # The prefix and the author-year beside it pick the 2014 paper, whose DOI is longer.
    body = (
        "Keller, Pryor and Giloteaux (2014; doi 10.1186/1479-5876-12-1..., cut off on my screen) "
        "repeated the test."
    )
    papers = _papers(analyzer, body)
    assert [m.card_id for m in papers] == ["keller-2014-inability-myalgic"]
    assert all(m.paper.doi != "10.1186/1479-5876-12-1" for m in papers)


@pytest.mark.parametrize(
    "body",
    [
        "Search PMC101487… on the PMC site, sorry, copied from my phone.",
        "The reference said PMID: 3675… and then the page cut off.",
    ],
)
def test_a_bare_pmcid_or_pmid_cut_by_an_ellipsis_is_never_a_whole_identifier(
    analyzer: Analyzer, body: str
) -> None:
    assert all(not (m.paper.pmcid or m.paper.pmid) or m.card_id for m in _papers(analyzer, body))
    assert not [m for m in _papers(analyzer, body) if m.paper.pmcid == "PMC101487" or m.paper.pmid == "3675"]


def test_a_quoted_headline_in_another_language_is_no_uncovered_title(analyzer: Analyzer) -> None:
    body = 'A Swiss site put it as "Erschöpfung nach Belastung: Forscher finden Hinweise im Blut" last week.'
    assert _papers(analyzer, body) == []


def test_a_quoted_english_title_nobody_lists_is_still_an_uncovered_title(analyzer: Analyzer) -> None:
    body = 'My neurologist gave me "Orthostatic Intolerance After Viral Illness: A Tilt Table Cohort Study".'
    assert [m.paper.title for m in _papers(analyzer, body)] == [
        "Orthostatic Intolerance After Viral Illness: A Tilt Table Cohort Study"
    ]


# -- a study told by its numbers ------------------------------------------------------------


def test_group_sizes_skip_percentages_millions_years_and_tiny_groups() -> None:
    from bot.evidence.atlas_index import group_sizes

    text = (
        "About 65 million people have long COVID; 35% of patients improved; in 2019 patients "
        "queued; 3 patients dropped out; 268 patients and 108 healthy controls gave blood."
    )
    assert group_sizes(text) == {268, 108}


def test_a_study_told_by_its_group_sizes_is_the_card_its_words_fit(analyzer: Analyzer) -> None:
    # Two cards report this cohort's numbers; the words about butyrate makers pick one.
    body = (
        "New gut research: stool samples from 106 patients and 91 healthy controls showed fewer "
        "butyrate-producing bacteria such as Faecalibacterium in the patients."
    )
    assert [m.card_id for m in _papers(analyzer, body)] == ["guo-2023-deficient-butyrate"]


def test_a_group_size_written_as_an_adjective_is_a_size_and_a_duration_is_not() -> None:
    from bot.evidence.atlas_index import group_sizes

    text = "The 151-patient trial ran for 24 months; a 12-week, 40-minute-a-day 3-person pilot followed."
    assert group_sizes(text) == {151}


@pytest.mark.parametrize(
    ("body", "card"),
    [
        (
            "Everyone forgets that the big 151-patient rituximab trial in Norway was a flop.",
            "fluge-2019-lymphocyte-depletion",
        ),
        (
            "The 234-patient rintatolimod trial is still the biggest drug trial we have.",
            "strayer-2012-double-blind",
        ),
    ],
)
def test_a_trial_told_by_its_size_as_an_adjective_is_the_card_its_words_fit(
    analyzer: Analyzer, body: str, card: str
) -> None:
    assert [m.card_id for m in _papers(analyzer, body)] == [card]


def test_a_group_size_in_a_post_about_something_else_names_no_study(analyzer: Analyzer) -> None:
    body = "Our support group now has 45 people and we meet on the first Tuesday of the month."
    assert _papers(analyzer, body) == []


# -- cards called by a name: a title's name part, its initials, a trial's name, an organisation ---


def _cards(analyzer: Analyzer, body: str) -> list[str | None]:
    return sorted(m.card_id for m in _papers(analyzer, body) if m.card_id)


def test_a_title_name_written_out_in_capitals_is_that_card(analyzer: Analyzer) -> None:
    body = "My neurologist assessed me against the International Consensus Criteria last spring."
    assert _cards(analyzer, body) == ["carruthers-2011-myalgic-encephalomyelitis"]


def test_a_title_name_in_lower_case_is_a_phrase_not_the_document(analyzer: Analyzer) -> None:
    body = "There is no international consensus criteria debate worth having on a Tuesday."
    assert _cards(analyzer, body) == []


def test_the_initials_of_a_title_name_are_that_card(analyzer: Analyzer) -> None:
    assert _cards(analyzer, "Does meeting the ICC change which trials will take me?") == [
        "carruthers-2011-myalgic-encephalomyelitis"
    ]


def test_only_a_title_part_ending_in_a_kind_of_document_is_a_name() -> None:
    from bot.evidence.atlas_index import title_names

    assert title_names("Myalgic encephalomyelitis: International Consensus Criteria") == {
        ("international", "consensus", "criteria")
    }
    assert title_names("Postural Orthostatic Tachycardia Syndrome: A State of the Art Review") == set()
    assert title_names("Sleep and pain: revised consensus criteria for clinicians") == set()
    assert title_names("Rituximab in ME: A Randomised Controlled Trial Report") == set()


def test_an_organisations_initials_before_its_report_are_its_one_card(analyzer: Analyzer) -> None:
    body = "My consultant went by the IOM criteria, which put PEM at the centre."
    assert _cards(analyzer, body) == ["iom-2015-beyond-myalgic"]


def test_an_organisations_initials_alone_are_the_organisation_not_a_paper(analyzer: Analyzer) -> None:
    assert _cards(analyzer, "Someone at the IOM once answered my letter, kindly.") == []


def test_a_trials_bare_name_in_capitals_is_the_trial(analyzer: Analyzer) -> None:
    body = "Whatever you think of PACE, its recruitment criteria did not require PEM."
    assert _cards(analyzer, body) == ["white-2011-comparison-adaptive"]


def test_a_trials_name_as_the_object_of_a_later_paper_is_not_the_trial(analyzer: Analyzer) -> None:
    body = "A long-term follow-up of PACE is what my physio keeps quoting at me."
    assert "white-2011-comparison-adaptive" not in _cards(analyzer, body)
    body = "Someone posted the PACE recovery paper again without any context."
    assert "white-2011-comparison-adaptive" not in _cards(analyzer, body)


# -- a journal and year said of several papers ------------------------------------------------

_GUT_PAIR = ["guo-2023-deficient-butyrate", "xiong-2023-multi-omics"]


@pytest.mark.parametrize(
    "body",
    [
        "Those two 2023 Cell Host & Microbe papers changed how my GI doctor talks about ME.",
        "Both microbiome studies in Cell Host & Microbe (2023) measured butyrate in stool.",
        "The Cell Host & Microbe pair from 2023 is still the best gut work we have.",
        "I printed the 2023 Cell Host & Microbe papers for my dietitian.",
    ],
)
def test_a_journal_and_year_said_of_several_papers_is_each_of_them(analyzer: Analyzer, body: str) -> None:
    assert _cards(analyzer, body) == _GUT_PAIR


@pytest.mark.parametrize(
    "body",
    [
        "In the 2023 Cell Host & Microbe paper, two groups of patients gave stool samples.",
        "Three friends sent me the 2023 Cell Host & Microbe paper on butyrate producers.",
        "All three 2023 Cell Host & Microbe papers are open access, apparently.",
    ],
)
def test_a_count_that_is_not_of_papers_picks_no_pair(analyzer: Analyzer, body: str) -> None:
    assert _cards(analyzer, body) != _GUT_PAIR


# -- a known first author as the subject of a finding, without a year ---------------------------


def test_a_first_author_who_found_something_is_their_paper_the_words_fit(analyzer: Analyzer) -> None:
    body = "Naviaux found that most of the abnormal metabolites were lower, a hypometabolic state."
    assert _cards(analyzer, body) == ["naviaux-2016-metabolomics"]


def test_a_surname_finding_something_unrelated_is_no_paper(analyzer: Analyzer) -> None:
    assert _cards(analyzer, "Davis found the hospital car park full again, so we went home.") == []


# -- a study called by its name in mixed capitals: its own title or its collaboration declares it --


def test_names_in_mixed_capitals_are_declared_by_a_title_opening_or_a_collaboration() -> None:
    from bot.evidence.atlas_index import declared_names

    assert declared_names("ReviveME: a randomised, placebo-controlled trial of something") == {"reviveme"}
    assert declared_names("Early results of a genome-wide study", "SolveME Consortium") == {"solveme"}
    assert declared_names("COVID-19: a randomised trial of rest") == set()
    assert declared_names("ME/CFS: a randomised trial of pacing") == set()
    assert declared_names("BrainME: what we know", None) == set()  # a title reporting no trial


def test_a_collaborations_name_is_its_listed_paper(analyzer: Analyzer) -> None:
    papers = _papers(analyzer, "Our charity newsletter says the DecodeME results changed everything.")
    assert [(m.card_id, m.paper.doi) for m in papers] == [(None, "10.1101/2025.08.06.25333109")]


def test_a_trial_named_by_its_titles_opening_word_is_that_listed_paper(analyzer: Analyzer) -> None:
    papers = _papers(analyzer, "Has anyone here been screened for ResetME? My haematologist mentioned it.")
    assert [m.paper.title.split(":")[0] for m in papers if m.paper.title] == ["ResetME"]


def test_a_name_before_another_papers_words_is_not_the_study(analyzer: Analyzer) -> None:
    body = "Someone used the DecodeME patient cohort for a new combinatorial analysis."
    assert [m.paper.doi for m in _papers(analyzer, body)] != ["10.1101/2025.08.06.25333109"]


def test_a_pilot_with_its_year_is_read_as_that_years_trial(analyzer: Analyzer) -> None:
    body = "The 2011 pilot had most rituximab patients responding and few on saline."
    assert _cards(analyzer, body) == ["fluge-2011-benefit-lymphocyte"]


def test_a_posts_own_reference_list_is_what_it_cites() -> None:
    from bot.evidence.page import reference_section_start

    listed = "\n\nReferences\nGuo et al. 2023. doi:10.1016/j.chom.2023.01.004\n"
    post = "Two gut papers we liked this year, summed up below." + listed
    page = "doi: 10.1172/JCI150377\nA review of pathomechanisms." + listed
    assert reference_section_start(post) == len(post)
    assert reference_section_start(page) == page.index("References")
    similar = (
        "Two gut papers we liked.\n\nSimilar articles\nGuo et al. 2023. doi:10.1016/j.chom.2023.01.004\n"
    )
    assert reference_section_start(similar) == similar.index("Similar articles")


def test_papers_in_a_posts_own_reference_list_are_found(analyzer: Analyzer) -> None:
    body = (
        "A short roundup of gut work for the newsletter.\n\n"
        "References\nGuo et al. 2023. https://doi.org/10.1016/j.chom.2023.01.004\n"
    )
    assert _cards(analyzer, body) == ["guo-2023-deficient-butyrate"]


@pytest.mark.parametrize("kind", ["case series", "case-series"])
def test_a_case_series_with_its_year_is_that_years_case_series(analyzer: Analyzer, kind: str) -> None:
    body = f"The 2009 {kind} from Bergen, three people on rituximab, is where the idea began."
    assert _cards(analyzer, body) == ["fluge-2009-clinical-impact"]


def test_every_design_word_reads_as_a_kind_of_work() -> None:
    from bot.evidence.mentions import scan_designs
    from bot.evidence.textnorm import PostText

    text = "a 2011 meta-analysis, the 2019 trial, a 2020 review, the 2009 Case Series, a 2011 pilot"
    kinds = [c.value for c in scan_designs(PostText(text))]
    assert kinds == [
        "design:meta|2011",
        "design:trial|2019",
        "design:review|2020",
        "design:series|2009",
        "design:trial|2011",
    ]


def test_a_journal_and_year_beside_an_uncovered_identifier_is_that_paper(analyzer: Analyzer) -> None:
    body = "My dietitian pointed me to a 2026 Nutrients paper (10.3390/nu18010174) on probiotics."
    assert [m.paper.doi for m in _papers(analyzer, body)] == ["10.3390/nu18010174"]


@pytest.mark.parametrize(
    "body",
    [
        "Whatever the next drug trial shows, I am keeping my pacing plan.",
        "I was hopeful, partly because I had read about the earlier study.",
        "The upcoming treatment trial in Norway is recruiting, apparently.",
    ],
)
def test_a_work_named_only_by_vague_words_is_no_paper(analyzer: Analyzer, body: str) -> None:
    assert _cards(analyzer, body) == []


def test_an_exact_size_only_one_card_reports_needs_the_words_only_to_fit(analyzer: Analyzer) -> None:
    body = "My haematologist says rituximab looked promising until the 151-patient trial came out."
    assert _cards(analyzer, body) == ["fluge-2019-lymphocyte-depletion"]


# -- a journal named without a year ---------------------------------------------------------


def test_a_journal_without_a_year_is_its_paper_the_words_fit(analyzer: Analyzer) -> None:
    body = (
        "Researchers in Japan found signs of glial activation in the brains of a handful of "
        "patients; the PET study appeared in the Journal of Nuclear Medicine."
    )
    assert _cards(analyzer, body) == ["nakatomi-2014-neuroinflammation-japan"]


def test_a_journal_without_a_year_can_name_a_listed_paper(analyzer: Analyzer) -> None:
    body = "A JCI Insight paper looked at immune exhaustion in ME/CFS and in long COVID."
    assert [(_who(m), m.paper.pmcid) for m in _papers(analyzer, body)] == [
        ((None, "Eaton-Fitch", 2024), "PMC11529985")
    ]


def test_of_two_cards_in_one_journal_the_words_pick_one(analyzer: Analyzer) -> None:
    body = (
        "T cells from patients burned less glucose at rest and their cytokine links looked "
        "different, a study in the Journal of Clinical Investigation reports."
    )
    assert _cards(analyzer, body) == ["mandarano-2020-myalgic-encephalomyelitis"]


@pytest.mark.parametrize(
    "body",
    [
        # another year beside the journal: not the card of 2014
        "A 2019 paper in the Journal of Nuclear Medicine scanned patients' brains for glial activation.",
        # the journal, but no work said of it
        "My neighbour edits the Journal of Nuclear Medicine and has never heard of glial activation in ME.",
        # one of the two, not said which
        "I printed one of the two Cell Host & Microbe gut papers and forgot which.",
    ],
)
def test_a_journal_without_a_year_that_does_not_say_which_paper_is_none(
    analyzer: Analyzer, body: str
) -> None:
    assert _cards(analyzer, body) == []


def test_several_studies_published_in_one_journal_are_each_of_its_papers(analyzer: Analyzer) -> None:
    body = "Two studies published back to back in Cell Host & Microbe looked at gut bacteria in ME/CFS."
    assert sorted(_cards(analyzer, body)) == ["guo-2023-deficient-butyrate", "xiong-2023-multi-omics"]


# -- a work told by its year alone, and sizes written in words ------------------------------


def test_a_work_told_only_by_its_year_is_the_paper_the_words_fit(analyzer: Analyzer) -> None:
    body = (
        "My advocate wants me to do the test twice. The 2024 study found patients could not repeat "
        "their first-day oxygen uptake and workload on the second day of cardiopulmonary exercise "
        "testing, unlike sedentary controls."
    )
    assert _cards(analyzer, body) == ["keller-2024-cardiopulmonary-metabolic"]


def test_a_work_told_by_its_year_with_words_that_fit_no_paper_is_none(analyzer: Analyzer) -> None:
    assert _cards(analyzer, "The 2024 study was interesting, I thought.") == []


def test_group_sizes_written_in_words_are_read_as_sizes(analyzer: Analyzer) -> None:
    body = (
        "That scan study had nine patients and ten healthy controls, and the tracer lit up in the thalamus."
    )
    assert _cards(analyzer, body) == ["nakatomi-2014-neuroinflammation-japan"]


def test_a_common_size_is_not_a_card_when_a_listed_paper_fits_the_passage_better(analyzer: Analyzer) -> None:
    # Ten patients is also the size of one card's pilot; the passage is about another pilot.
    body = (
        "A small open-label study in Bergen gave daratumumab, an anti-CD38 antibody against plasma "
        "cells, to patients. A majority of the ten participants improved during follow-up."
    )
    assert _cards(analyzer, body) == []
    body = (
        "In the immunoadsorption pilot, removing the antibodies was followed by improvement in "
        "most of the ten patients."
    )
    assert _cards(analyzer, body) == ["scheibenbogen-2018-immunoadsorption-remove"]


# -- "a … study" without a year ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("body", "card"),
    [
        (
            "There was a multicenter blinded study where several labs tested coded blood samples and "
            "none found XMRV more often in patients than in controls.",
            "alter-2012-multicenter-blinded",
        ),
        (
            "I read a PET neuroinflammation study where the tracer for activated microglia bound more "
            "strongly in patients' brains.",
            "nakatomi-2014-neuroinflammation-japan",
        ),
    ],
)
def test_a_study_described_without_a_year_is_the_card_its_words_pick(
    analyzer: Analyzer, body: str, card: str
) -> None:
    assert _cards(analyzer, body) == [card]


@pytest.mark.parametrize(
    "body",
    [
        "Someone posted a small gut study last week, no idea which.",
        "A much-discussed British trial is all my physio talks about.",
    ],
)
def test_a_study_described_by_too_little_is_none(analyzer: Analyzer, body: str) -> None:
    assert _cards(analyzer, body) == []


def test_a_listed_first_author_without_a_year_is_the_paper_the_words_fit(analyzer: Analyzer) -> None:
    body = "Gardella et al. trained a classifier on cell-free RNA fragments circulating in the blood."
    assert [(_who(m), m.paper.doi) for m in _papers(analyzer, body)] == [
        ((None, "Gardella", 2025), "10.1073/pnas.2507345122")
    ]
    assert _papers(analyzer, "My neighbour Mr Gardella and colleagues went fishing.") == []


def test_a_journal_without_a_year_is_not_read_off_one_word_form(analyzer: Analyzer) -> None:
    # The journal holds two gut papers of one year. The sentence's "producers" is a word of one
    # paper's summary only, while the paper it is about says "producing": a lead resting on that
    # one word is no clear lead, so the journal's paper is left unnamed rather than guessed.
    body = "A paper in Cell Host & Microbe found butyrate producers were low in patients with fatigue."
    assert [m.card_id for m in analyzer.papers("", body)[3] if not is_unresolved(m)] == []
    # Words that tell the two apart still name the paper, as before.
    told = (
        "A paper in Cell Host & Microbe found butyrate-producing bacteria were deficient in patients, "
        "and Faecalibacterium went with worse fatigue."
    )
    assert [m.card_id for m in analyzer.papers("", told)[3]] == ["guo-2023-deficient-butyrate"]


# -- journals named without a year, and journals a source writes two ways ---------------------


def test_a_listed_journal_without_a_year_names_the_paper_the_post_describes(analyzer: Analyzer) -> None:
    # Scientific Reports holds several listed papers; only one is about spinal fluid proteins.
    body = "There was a Scientific Reports paper on cerebrospinal fluid proteomics in ME patients."
    papers = _papers(analyzer, body)
    assert [(_who(m), m.paper.doi) for m in papers] == [
        ((None, "Bragée", 2026), "10.1038/s41598-026-46965-1")
    ]


def test_a_listed_journal_named_without_a_work_cites_nothing(analyzer: Analyzer) -> None:
    assert _papers(analyzer, "I read Scientific Reports on the bus, cerebrospinal fluid proteomics.") == []


def test_a_journal_and_its_bracketed_initials_or_publisher_are_one_key() -> None:
    from bot.evidence.atlas_index import journal_key

    spelt = ("proceedings", "national", "academy", "sciences")
    assert journal_key("Proceedings of the National Academy of Sciences (PNAS)") == spelt
    assert journal_key("Proceedings of the National Academy of Sciences") == spelt
    assert journal_key("Nutrients (MDPI)") == ("nutrients",)
    assert journal_key("Front. Neurol. (Frontiers in Neurology)") == ("frontiers", "neurology")
    # (an NLM abbreviation is keyed spelt out, as its full name is)
    assert journal_key("J. Transl. Med.") == ("journal", "translational", "medicine")


def test_a_journal_listed_by_its_initials_joins_the_journal_they_spell() -> None:
    from bot.atlas.types import AtlasCard
    from bot.evidence.atlas_index import AtlasIndex

    index = AtlasIndex(
        [
            AtlasCard(id="a", title="Serum lipids in fatigue", journal="PNAS", year=2021),
            AtlasCard(
                id="b",
                title="Muscle enzymes in fatigue",
                journal="Proceedings of the National Academy of Sciences (PNAS)",
                year=2021,
            ),
        ]
    )
    spelt = ("proceedings", "national", "academy", "sciences")
    assert sorted(index.by_journal_year[(spelt, 2021)]) == ["a", "b"]
    assert ("pnas",) not in index.by_journal


def test_a_paper_the_list_holds_twice_is_one_item(tmp_path: Path) -> None:
    header = (
        "doi,pmid,pmcid,url,title,published,year,citation_label,authors,journal,tags,"
        "added_to_site,source_file\n"
    )
    row = (
        "10.1234/abc.5,,,,Blood flow in the brain after exertion,{date},2024,"
        "Lund et al. (2024),{who},Brain,,,\n"
    )
    path = tmp_path / "list.csv"
    path.write_text(
        header + row.format(date="2024-01-02", who="Ann Lund") + row.format(date="2024-01-09", who="A. Lund"),
        encoding="utf-8",
    )
    assert [i.doi for i in read_items(path)] == ["10.1234/abc.5"]


def test_a_bare_name_of_two_listed_papers_is_not_a_third_paper(analyzer: Analyzer) -> None:
    # The list holds two 2025 Vernon papers; the post names both, one by its DOI and one by
    # description, and also writes "Vernon et al. 2025" for them.
    body = (
        "Folks quote Vernon et al. 2025 as if it were one paper. One is "
        "https://doi.org/10.3389/fneur.2025.1691147 on upright activity. The other is an "
        "oxaloacetate trial for long covid symptoms, published in Frontiers in Neuroscience."
    )
    papers = _papers(analyzer, body)
    assert sorted(m.paper.doi or "" for m in papers) == [
        "10.3389/fneur.2025.1691147",
        "10.3389/fnins.2025.1627462",
    ]


def test_what_a_list_puts_in_brackets_after_a_journal_fits_no_description(analyzer: Analyzer) -> None:
    # One listed IJMS paper has "(IJMS)" after its journal's name, the others "(MDPI)": the
    # initials in the post must not pick that one.
    assert _papers(analyzer, "A friend sent me an IJMS paper but the link she pasted is dead.") == []


def test_a_preprint_server_written_with_an_inner_capital_is_a_journal(analyzer: Analyzer) -> None:
    # "bioRxiv" starts lower-case; the list has two 2026 bioRxiv papers, one on nasal anti-CD3.
    body = "Saw a bioRxiv preprint from 2026: nasal anti-CD3 antibody treatment in post-COVID mice."
    assert [(_who(m), m.paper.doi) for m in _papers(analyzer, body)] == [
        ((None, "Lu", 2026), "10.64898/2026.04.07.716934")
    ]


def test_a_journal_may_follow_the_sentence_that_names_the_work(analyzer: Analyzer) -> None:
    body = (
        "My neighbour printed me a paper last week. It is in Scientific Reports, on cerebrospinal "
        "fluid proteomics."
    )
    assert [_who(m) for m in _papers(analyzer, body)] == [(None, "Bragée", 2026)]
    # Two sentences on, the journal is no longer said of that work.
    body = "My neighbour printed me a paper. It was long. Scientific Reports, cerebrospinal fluid proteomics."
    assert _papers(analyzer, body) == []


def test_a_one_word_journal_opening_a_sentence_is_an_ordinary_word(analyzer: Analyzer) -> None:
    # "Viruses" and "Trials" are journals in the list; here they are plain words after a
    # sentence that names a work.
    body = "A 2023 study counted long covid cases. Viruses that hide in the gut keep people ill."
    assert [m for m in _papers(analyzer, body) if m.card_id is None] == []
    body = "The big trial used loose criteria. Trials that mix in depression overrate therapy."
    assert [m for m in _papers(analyzer, body) if m.card_id is None] == []


# -- a work told by a word only one title holds --------------------------------------------------


def test_a_work_about_a_word_only_one_title_holds_is_that_paper(analyzer: Analyzer) -> None:
    body = "Someone linked a study on OPRM1 methylation in ME and fibromyalgia, worth a look."
    assert [_who(m) for m in _papers(analyzer, body)] == [(None, "Wyns", 2026)]


def test_a_work_about_a_lone_word_or_a_word_two_titles_hold_names_nothing(analyzer: Analyzer) -> None:
    # One shared word is too little; "pyridostigmine" is in two listed titles.
    assert _papers(analyzer, "Is there a paper about OPRM1 anywhere?") == []
    assert _papers(analyzer, "My GP found a study on pyridostigmine for ME, any thoughts?") == []


def test_a_work_named_in_a_sentence_that_gives_group_sizes_still_names_its_card(analyzer: Analyzer) -> None:
    body = "My aunt printed the Japanese PET study, the one with nine patients and ten controls, for me."
    assert [m.card_id for m in _papers(analyzer, body)] == ["nakatomi-2014-neuroinflammation-japan"]


# -- a year and one naming word ----------------------------------------------------------


@pytest.mark.parametrize(
    ("body", "card"),
    [
        (
            "My neurologist brought up the 2015 maintenance study at my last appointment.",
            "fluge-2015-lymphocyte-depletion",
        ),
        (
            "Everyone quotes the 2013 recovery paper, but the thresholds moved after the protocol did.",
            "white-2013-recovery-chronic",
        ),
    ],
)
def test_the_year_and_one_title_word_name_the_one_paper_of_that_year(
    analyzer: Analyzer, body: str, card: str
) -> None:
    assert [m.card_id for m in _papers(analyzer, body)] == [card]


@pytest.mark.parametrize(
    "body",
    [
        "The related 2025 paper looked at calcium channels in immune cells.",  # a word for the link
        "Somebody wrote a 2013 recovery paper for a nursing journal, apparently.",  # introduced
        "I still think about the 2023 gut paper when I eat.",  # two 2023 titles hold "gut"
    ],
)
def test_one_naming_word_introduced_vague_or_shared_names_nothing(analyzer: Analyzer, body: str) -> None:
    assert _papers(analyzer, body) == []


# -- criteria by their author's name or by "definition"; the biggest of several -------------


@pytest.mark.parametrize(
    "body",
    [
        "Back then I was diagnosed under the old Fukuda definition, crashes and all.",
        "Fukuda's case definition treats exertional malaise as one optional symptom.",
        "Honestly the 1994 case definition still shapes which patients get into studies.",
    ],
)
def test_criteria_named_by_their_author_or_as_a_definition_are_that_paper(
    analyzer: Analyzer, body: str
) -> None:
    assert [m.card_id for m in _papers(analyzer, body)] == ["fukuda-1994-chronic-fatigue"]


@pytest.mark.parametrize(
    "body",
    [
        "Everyone in the cohort had to meet the Fukuda criteria before enrolment.",  # applied
        "The trials in that review used the Oxford or Fukuda criteria to recruit.",  # applied
        "My clinic swears by the Oxford criteria, which nobody else uses.",  # no such author
    ],
)
def test_criteria_applied_or_named_after_no_author_name_no_paper(analyzer: Analyzer, body: str) -> None:
    assert _papers(analyzer, body) == []


def test_the_big_trial_of_a_treatment_is_the_one_with_clearly_the_most_people(analyzer: Analyzer) -> None:
    # Three rituximab trial cards hold the naming word: 30 people, 151 people, and one giving no size.
    body = "Years later the large rituximab trial was finally published and people felt let down."
    assert [m.card_id for m in _papers(analyzer, body)] == ["fluge-2019-lymphocyte-depletion"]
    assert _papers(analyzer, body.replace("large", "small")) == []


# -- a quoted piece of three words with its year; a group's work; a group and a year; a named
# trial's reanalysis or follow-up ----------------------------------------------------------


def test_a_quoted_piece_of_three_words_names_its_paper_when_the_year_agrees(analyzer: Analyzer) -> None:
    body = "That 2015 'distinct plasma immune' result keeps coming up in every thread."
    assert [m.card_id for m in _papers(analyzer, body)] == ["hornig-2015-distinct-plasma"]
    # Another year, or none: three words alone are too common a phrase to name a paper.
    assert _papers(analyzer, body.replace("2015", "2019")) == []
    assert _papers(analyzer, body.replace("2015 ", "")) == []


def test_a_journal_beside_a_groups_work_is_read_as_that_work(analyzer: Analyzer) -> None:
    body = "I keep going back to the Norwegians' earlier work in JCI Insight on pyruvate dehydrogenase."
    assert [m.card_id for m in _papers(analyzer, body)] == ["fluge-2016-metabolic-profiling"]
    # "work" as a verb is no work, and a journal named beside nothing that is one cites nothing.
    verb = "The drug did not work for me, whatever JCI Insight says about dehydrogenase."
    assert _papers(analyzer, verb) == []
    assert _papers(analyzer, body.replace("work", "writing")) == []


@pytest.mark.parametrize(
    "body",
    [
        "Impaired pyruvate dehydrogenase function was first reported by a Norwegian group in 2016.",
        "A Bergen team in 2016 found signs that pyruvate dehydrogenase was held back.",
    ],
)
def test_a_named_group_and_a_year_are_read_as_a_work_of_that_year(analyzer: Analyzer, body: str) -> None:
    assert [m.card_id for m in _papers(analyzer, body)] == ["fluge-2016-metabolic-profiling"]


def test_a_group_that_did_no_work_gives_no_year_citation(analyzer: Analyzer) -> None:
    body = "I joined the Facebook group in 2016 and nobody there had heard of pyruvate dehydrogenase."
    *_, found, matches = analyzer.papers("", body)
    assert [c.value for c in found if c.value.startswith("year:")] == []
    assert matches == []


@pytest.mark.parametrize(
    ("body", "card"),
    [
        ("Our clinic lead had never read the PACE reanalysis.", "wilshire-2018-rethinking-treatment"),
        ("The PACE follow-up is what my physio quoted at me.", "sharpe-2015-rehabilitative-treatments"),
    ],
)
def test_a_named_trials_reanalysis_or_follow_up_is_that_later_paper(
    analyzer: Analyzer, body: str, card: str
) -> None:
    assert [m.card_id for m in _papers(analyzer, body)] == [card]


def test_a_follow_up_without_a_name_is_no_paper(analyzer: Analyzer) -> None:
    assert _papers(analyzer, "The long-term follow-up of our own clinic found nothing new.") == []


# -- a work named by where its group works (bot/evidence/data/research_groups.toml) ----------


@pytest.mark.parametrize(
    ("body", "card"),
    [
        (
            "The Cornell microbiome study found less diversity in patients.",
            "giloteaux-2016-reduced-diversity",
        ),
        (
            "The Columbia cytokine paper is the one people cite for the early immune phase.",
            "hornig-2015-distinct-plasma",
        ),
    ],
)
def test_a_work_named_by_its_groups_place_is_that_groups_paper(
    analyzer: Analyzer, body: str, card: str
) -> None:
    assert [m.card_id for m in _papers(analyzer, body)] == [card]


@pytest.mark.parametrize(
    "body",
    [
        "Hello from Germany, sorry for my english. I read about immunoadsorption and want to try it.",
        "I live in Bergen and the microbiome study my cousin ran was never published.",
    ],
)
def test_a_place_the_poster_lives_in_names_no_paper(analyzer: Analyzer, body: str) -> None:
    assert _papers(analyzer, body) == []


def test_a_named_work_with_a_size_in_its_sentence_is_the_candidate_reporting_that_size(
    analyzer: Analyzer,
) -> None:
    # Two Charité antibody papers hold every naming word; 268 patients is one of them.
    body = "My neurologist mentioned the older Charité antibody study, the one that tested 268 patients."
    assert [m.card_id for m in _papers(analyzer, body)] == ["loebel-2016-antibodies-adrenergic"]
    # Without the size neither is guessed: the mention is left to moderators as ambiguous.
    alone = analyzer.papers("", "My neurologist mentioned the older Charité antibody study.")[3]
    assert [(m.card_id, set(m.ambiguous)) for m in alone] == [
        (None, {"loebel-2016-antibodies-adrenergic", "scheibenbogen-2018-immunoadsorption-remove"})
    ]


def test_a_named_group_reporting_a_finding_is_its_paper_the_words_fit(analyzer: Analyzer) -> None:
    body = "The Bergen group later reported that pyruvate dehydrogenase seemed to be held back in patients."
    assert [m.card_id for m in _papers(analyzer, body)] == ["fluge-2016-metabolic-profiling"]
    # A group doing something else reports no finding.
    assert (
        _papers(analyzer, "The Bergen group is recruiting patients for a pyruvate dehydrogenase trial.") == []
    )


def test_a_named_group_is_not_read_as_its_card_when_a_listed_paper_fits_better(analyzer: Analyzer) -> None:
    # Cornell's cards are about T cells, the gut and exercise; the words are a listed paper's.
    body = (
        "Blood from patients was screened for cell-free RNA fragments. "
        "The Cornell team reported that the RNA signatures differed from healthy controls."
    )
    assert [m.card_id for m in _papers(analyzer, body) if m.card_id] == []


def test_a_year_before_a_named_group_reporting_a_finding_dates_the_work(analyzer: Analyzer) -> None:
    body = "In 2016, a Berlin team reported antibodies to adrenergic receptors in patients."
    assert [m.card_id for m in _papers(analyzer, body)] == ["loebel-2016-antibodies-adrenergic"]
    assert _papers(analyzer, "In 2016 a Facebook group grew to ten thousand members.") == []


def test_a_first_author_and_a_co_author_reporting_a_finding_are_read_as_the_first_author(
    analyzer: Analyzer,
) -> None:
    body = "Fluge and Mella found that pyruvate dehydrogenase seemed blocked in patients."
    assert [m.card_id for m in _papers(analyzer, body)] == ["fluge-2016-metabolic-profiling"]
    # A second name who wrote none of the first author's papers is not their co-author.
    assert _papers(analyzer, body.replace("Mella", "Smith")) == []


def test_a_work_named_by_its_groups_place_and_a_year_is_that_years_paper(analyzer: Analyzer) -> None:
    # No naming word is in the trial's title; the place of its group and the year pick it.
    body = "My mother still talks about the 2019 letdown of the Bergen rituximab trial."
    assert [m.card_id for m in _papers(analyzer, body)] == ["fluge-2019-lymphocyte-depletion"]
    # A place none of the rituximab trials' groups works in names none of them.
    assert _papers(analyzer, body.replace("Bergen", "Stanford")) == []


# -- a paper told by retelling its title, by its size, or by most of its naming words ---------


def test_a_sentence_about_a_paper_retelling_a_listed_title_names_it(analyzer: Analyzer) -> None:
    # The words of "Low-Dose naltrexone restored TRPM3 ion channel function in natural killer
    # cells from long COVID patients", in another order and other forms, and no year or name.
    body = (
        "Someone linked a paper: natural killer cells from long COVID patients had their TRPM3 "
        "ion channel function restored by low-dose naltrexone."
    )
    assert [_who(m) for m in _papers(analyzer, body)] == [(None, "Sasso", 2025)]
    # The same words said of a person, not of a piece of work, cite nothing.
    assert _papers(analyzer, body.replace("Someone linked a paper:", "My cousin says")) == []


def test_a_sentence_about_a_study_retelling_a_card_title_names_the_card(analyzer: Analyzer) -> None:
    body = (
        "One study reported that the gut microbiome of affected individuals had reduced "
        "diversity and an altered composition."
    )
    assert [m.card_id for m in _papers(analyzer, body)] == ["giloteaux-2016-reduced-diversity"]
    # Half the title's telling words are not a retelling of it.
    assert _papers(analyzer, "One study looked at the gut microbiome of individuals with ME.") == []


def test_a_big_trial_told_by_its_treatment_is_the_largest_trial_of_it(analyzer: Analyzer) -> None:
    body = (
        "Rituximab was hyped for years. Then the large placebo-controlled trial arrived and it did nothing."
    )
    assert [m.card_id for m in _papers(analyzer, body)] == ["fluge-2019-lymphocyte-depletion"]
    # A size alone, with no design or name, is a vague reference as often as a paper.
    assert (
        _papers(analyzer, "Rituximab was hyped for years. Then the large trial arrived and did nothing.")
        == []
    )
    # A trial still to come, and a trial's registries, are no trial that was done.
    assert _papers(analyzer, "Rituximab was hyped for years. We need the next big trial.") == []
    assert _papers(analyzer, "Rituximab was hyped for years. I searched the big trial registries.") == []
    # Without a treatment it tested, a size alone names nothing.
    assert _papers(analyzer, "The big trial arrived and it did nothing.") == []


def test_a_work_and_year_holding_most_of_its_naming_words_is_that_paper(analyzer: Analyzer) -> None:
    # "test" is no word of the 2024 two-day CPET paper; "day" and "cardiopulmonary" are.
    body = "A 2024 two-day cardiopulmonary test study showed the drop on day two."
    assert [m.card_id for m in _papers(analyzer, body)] == ["keller-2024-cardiopulmonary-metabolic"]
    assert _papers(analyzer, body.replace("2024", "2021")) == []


def test_scientists_at_a_place_reporting_a_finding_name_their_groups_paper(analyzer: Analyzer) -> None:
    body = (
        "Scientists from Cornell reported that the gut bacteria of patients were less diverse "
        "than those of healthy people."
    )
    assert [m.card_id for m in _papers(analyzer, body)] == ["giloteaux-2016-reduced-diversity"]
    body = "Cornell researchers reported that the gut bacteria of patients were less diverse."
    assert [m.card_id for m in _papers(analyzer, body)] == ["giloteaux-2016-reduced-diversity"]
    # A group reporting nothing names no paper.
    assert _papers(analyzer, "Scientists from Cornell hope to study gut bacteria in more patients.") == []
    # A news item tells the finding first, then who found it.
    body = (
        "Dozens of cytokines were far higher in the blood of patients ill for three years or less "
        "than in healthy people, according to researchers at Columbia University."
    )
    assert [m.card_id for m in _papers(analyzer, body)] == ["hornig-2015-distinct-plasma"]
    hoped = body.replace(
        "according to researchers at Columbia University", "researchers at Columbia University hope"
    )
    assert _papers(analyzer, hoped) == []


def test_a_case_series_followed_by_its_year_is_that_years_series(analyzer: Analyzer) -> None:
    body = "My aunt keeps quoting the little case series from 2009 about rituximab."
    assert [m.card_id for m in _papers(analyzer, body)] == ["fluge-2009-clinical-impact"]
    assert _papers(analyzer, body.replace("2009", "2013")) == []


def test_a_work_from_a_groups_place_is_read_as_that_groups_work(analyzer: Analyzer) -> None:
    body = "Before booking immunoadsorption I read the first pilot from the Charité."
    assert [m.card_id for m in _papers(analyzer, body)] == ["scheibenbogen-2018-immunoadsorption-remove"]
    # A place alone, with nothing the group's papers report, names none of them.
    assert _papers(analyzer, "I read a study from Stanford.") == []
    # A listed paper of the group fits these words better than any card: no card is guessed.
    body = "The trial from Bergen in which daratumumab was given to target plasma cells looked hopeful."
    assert [m.card_id for m in _papers(analyzer, body) if m.card_id] == []


_BOTH_GUT = {"guo-2023-deficient-butyrate", "xiong-2023-multi-omics"}


@pytest.mark.parametrize(
    "body",
    [
        "Two 2023 studies of the gut microbiome found fewer butyrate-producing bacteria.",
        "Both 2023 gut studies found fewer butyrate-producing bacteria in patients.",
        "The pair of gut microbiome papers published in 2023 is all my GP has heard of.",
    ],
)
def test_works_told_together_by_topic_and_year_are_each_of_them(analyzer: Analyzer, body: str) -> None:
    assert {m.card_id for m in _papers(analyzer, body)} == _BOTH_GUT


def test_works_told_together_are_none_when_the_count_or_the_pick_is_not_said(analyzer: Analyzer) -> None:
    # Three said, two fit: no guess at a third, nor at two of three.
    assert _papers(analyzer, "Three 2023 studies of the gut microbiome found fewer butyrate producers.") == []
    # "One of" them is one paper the post does not say.
    assert _papers(analyzer, "It is the same cohort as one of the 2023 gut papers.") == []
    # Plural works without "the", "both" or a count are no particular papers.
    assert _papers(analyzer, "I have read studies on the gut microbiome from 2023.") == []


def test_both_papers_of_a_journal_and_year_are_each_of_them_even_when_one_fits_best(
    analyzer: Analyzer,
) -> None:
    body = "Both Cell Host & Microbe papers from 2023 found fewer butyrate producers."
    assert {m.card_id for m in _papers(analyzer, body)} == _BOTH_GUT


def test_a_short_title_spelled_out_at_length_is_found_unquoted(analyzer: Analyzer) -> None:
    # Read, this title is six words ("beyond me cfs redefining an illness"); written out in
    # full it is eight, as long as titles found without quotation marks.
    body = (
        "Our clinic still ignores Beyond Myalgic Encephalomyelitis/Chronic Fatigue Syndrome: "
        "Redefining an Illness, which asked for exertion intolerance to be central."
    )
    assert [m.card_id for m in _papers(analyzer, body)] == ["iom-2015-beyond-myalgic"]
    assert _papers(analyzer, "Our clinic still ignores ME/CFS: Redefining an illness, they say.") == []


@pytest.mark.parametrize(
    "opening",
    [
        "Research published in 2024 showed",
        "A small study published in 2024 showed",
        "In 2024, researchers showed",
    ],
)
def test_a_work_told_by_its_year_of_publication_and_finding(analyzer: Analyzer, opening: str) -> None:
    body = f"{opening} that patients' oxygen uptake fell on a second day of cardiopulmonary testing."
    assert [m.card_id for m in _papers(analyzer, body)] == ["keller-2024-cardiopulmonary-metabolic"]
    # A year with no paper of it that fits these words names nothing.
    assert _papers(analyzer, body.replace("2024", "2021")) == []


def test_a_work_and_year_fitting_two_papers_is_the_one_whose_group_the_sentence_names(
    analyzer: Analyzer,
) -> None:
    body = "The Jackson Lab team behind the 2023 gut paper now has a new preprint out."
    assert [m.card_id for m in _papers(analyzer, body)] == ["xiong-2023-multi-omics"]
    body = "The 2023 gut paper from the Columbia team is the one my GP printed."
    assert [m.card_id for m in _papers(analyzer, body)] == ["guo-2023-deficient-butyrate"]
    # Two papers fit and no group is named: neither is guessed.
    assert _papers(analyzer, "The 2023 gut paper is the one my GP printed.") == []


def test_a_pair_told_by_journal_and_year_beside_one_identifier_is_both_papers(analyzer: Analyzer) -> None:
    body = (
        "My GP means the pair that appeared in Cell Host & Microbe in 2023, the first of them "
        "being PMID 36758522, and she has read neither."
    )
    assert {m.card_id for m in _papers(analyzer, body)} == {
        "guo-2023-deficient-butyrate",
        "xiong-2023-multi-omics",
    }
    # One paper told by its journal and year beside its identifier is that one paper.
    one = "My GP means the paper in Cell Host & Microbe in 2023 (PMID 36758522), and she has read it."
    assert [m.card_id for m in _papers(analyzer, one)] == ["guo-2023-deficient-butyrate"]


def test_a_link_after_a_journal_says_nothing_about_how_many_papers(analyzer: Analyzer) -> None:
    # "articles" in the link is no plural "articles" said of the journal.
    body = (
        "T cell research published in the Journal of Clinical Investigation (jci.org/articles/view/132185)."
    )
    assert [m.card_id for m in _papers(analyzer, body)] == ["mandarano-2020-myalgic-encephalomyelitis"]


def test_a_named_study_with_its_size_in_words_is_the_one_reporting_that_size(analyzer: Analyzer) -> None:
    body = "In the small Berlin study only ten patients were treated, with no control group at all."
    assert [m.card_id for m in _papers(analyzer, body)] == ["scheibenbogen-2018-immunoadsorption-remove"]


def test_a_lone_reanalysis_of_what_one_titled_reanalysis_covers_is_that_paper(analyzer: Analyzer) -> None:
    body = "Graded exercise was said to help. A later reanalysis went back to the original protocol."
    assert [m.card_id for m in _papers(analyzer, body)] == ["wilshire-2018-rethinking-treatment"]
    # A reanalysis of something else is no paper.
    assert _papers(analyzer, "A reanalysis of my blood results showed nothing new.") == []


def test_a_sentence_with_a_year_retelling_a_listed_title_names_it(analyzer: Analyzer) -> None:
    # No "paper" or "study": the year says a piece of work is meant.
    body = (
        "My neurologist printed one from 2023 about dysautonomia and small fiber neuropathy "
        "in post-COVID and CFS."
    )
    assert [_who(m)[1:] for m in _papers(analyzer, body)] == [("Azcue", 2023)]
    assert _papers(analyzer, body.replace("one from 2023", "a leaflet")) == []
    # A year the paper's is not says another paper, whatever the words retell.
    assert _papers(analyzer, body.replace("2023", "2012")) == []


@pytest.mark.parametrize(
    ("body", "author"),
    [
        (
            "An overview in Expert Opinion on Biological Therapy weighs trials of autoantibody "
            "removal after COVID.",
            "Wohlrab",
        ),
        (
            "Solid overview in the Journal of Psychopharmacology: it weighs trials of solriamfetol "
            "for daily fatigue.",
            "Young",
        ),
    ],
)
def test_a_plural_a_lone_work_acted_on_does_not_make_it_several(
    analyzer: Analyzer, body: str, author: str
) -> None:
    # "weighs trials": what the one work did, not a count of works published in that journal.
    assert [_who(m) for m in _papers(analyzer, body)] == [(None, author, 2025)]


def test_a_journal_followed_by_its_count_of_works_is_still_several(analyzer: Analyzer) -> None:
    body = "I printed the Cell Host & Microbe 2023 pair for my dietitian, both of them."
    assert sorted(m.card_id or "" for m in _papers(analyzer, body)) == [
        "guo-2023-deficient-butyrate",
        "xiong-2023-multi-omics",
    ]


@pytest.mark.parametrize(
    ("body", "card"),
    [
        (
            "Those 2011 criteria put the crash after exertion first.",
            "carruthers-2011-myalgic-encephalomyelitis",
        ),
        (
            "Under the case definition from 1994 you only need six months of fatigue.",
            "fukuda-1994-chronic-fatigue",
        ),
        (
            "The criteria published in 2011 made the crash after effort compulsory.",
            "carruthers-2011-myalgic-encephalomyelitis",
        ),
    ],
)
def test_criteria_told_by_their_year_are_the_one_criteria_card_of_that_year(
    analyzer: Analyzer, body: str, card: str
) -> None:
    assert [m.card_id for m in _papers(analyzer, body)] == [card]


def test_criteria_of_a_year_without_such_a_card_are_none(analyzer: Analyzer) -> None:
    # (the atlas holds no criteria of 2003 or 2012; a 2011 trial is no criteria)
    body = "The criteria from 2003 were stricter than the 2012 definition, says my GP."
    assert _papers(analyzer, body) == []


@pytest.mark.parametrize(
    "body",
    [
        "My neighbour is in the DecodeME project, which found eight regions of interest.",
        "Has anyone read the DecodeME genetics write-up yet?",
        "The DecodeME researchers compared patients' DNA with the general population.",
    ],
)
def test_a_study_called_by_its_name_before_a_word_for_itself_is_that_study(
    analyzer: Analyzer, body: str
) -> None:
    assert [_who(m) for m in _papers(analyzer, body)] == [(None, "DecodeME Collaboration", 2025)]


def test_a_project_of_a_named_study_is_not_the_study(analyzer: Analyzer) -> None:
    body = "Our charity funds a DecodeME project on long COVID sequencing, launched this spring."
    assert _papers(analyzer, body) == []


def test_a_named_work_is_its_one_card_when_a_listed_paper_sharing_the_name_fits_worse(
    analyzer: Analyzer,
) -> None:
    # "Norwegian" trials include a listed daratumumab trial; of the cards, the largest Norwegian
    # trial is the one meant, and nothing in the words around it speaks of the listed one.
    body = "Rituximab? The large Norwegian trial that came out years later says no."
    assert [m.card_id for m in _papers(analyzer, body)] == ["fluge-2019-lymphocyte-depletion"]


def test_a_named_work_is_not_the_card_when_a_listed_paper_sharing_the_name_fits_as_well(
    analyzer: Analyzer,
) -> None:
    body = "The multicenter study gave outpatients metformin early in COVID-19 and followed them for months."
    assert "alter-2012-multicenter-blinded" not in [m.card_id for m in _papers(analyzer, body)]


def test_a_lone_reanalysis_reads_what_was_reanalysed_two_sentences_back(analyzer: Analyzer) -> None:
    body = (
        "That big trial pitted CBT and graded exercise against pacing. Its authors were delighted. "
        "A reanalysis by outsiders saw the gains shrink under the first protocol."
    )
    assert [m.card_id for m in _papers(analyzer, body)] == ["wilshire-2018-rethinking-treatment"]


@pytest.mark.parametrize(
    "body",
    [
        "My cardiologist printed doi 10.1186/s12967-024-05410-5, which follows a 2020 meta-analysis "
        "of two-day exercise testing.",
        "Someone posted 10.1101/2025.03.03.25323000 as if it were new; it leans on a 2020 meta-analysis "
        "of two-day exercise testing.",
    ],
)
def test_a_work_of_another_year_beside_an_identifier_is_a_second_paper(analyzer: Analyzer, body: str) -> None:
    papers = _papers(analyzer, body)
    assert len(papers) == 2
    assert "lim-2020-prospects-two" in [m.card_id for m in papers]


def test_a_journal_without_a_year_is_the_paper_of_the_group_named_beside_it(analyzer: Analyzer) -> None:
    body = (
        "Researchers at the Jackson Laboratory fed blood counts, stool sequencing, symptom surveys "
        "and activity data from hundreds of volunteers into one model. The study appeared in Nature "
        "Medicine."
    )
    assert [_who(m) for m in _papers(analyzer, body)] == [(None, "Xiong", 2025)]


def test_a_journal_without_a_year_is_none_of_its_papers_when_no_group_of_them_is_named(
    analyzer: Analyzer,
) -> None:
    body = "Scientists trained a computer on blood and stool samples; their paper is in Nature Medicine."
    assert _papers(analyzer, body) == []


def test_a_group_is_never_read_across_a_full_stop(analyzer: Analyzer) -> None:
    body = "The model was described in Nature Medicine. The team reported that it also found two subgroups."
    citations = analyzer.papers("", body)[2]
    assert [c.value for c in citations if c.value.startswith("named:group|")] == []


def test_a_follow_up_told_by_its_year_is_the_paper_of_that_year_the_post_describes(
    analyzer: Analyzer,
) -> None:
    body = (
        "Day-two testing keeps coming up. The 2024 follow-up added sedentary controls, and only the "
        "patients lost oxygen uptake and workload on the second cardiopulmonary test."
    )
    assert [m.card_id for m in _papers(analyzer, body)] == ["keller-2024-cardiopulmonary-metabolic"]


def test_a_journal_said_to_have_published_several_works_of_a_year_is_each_of_them(analyzer: Analyzer) -> None:
    body = "That spring Cell Host & Microbe (2023) printed two gut microbiome papers on the very same day."
    assert sorted(m.card_id or "" for m in _papers(analyzer, body)) == [
        "guo-2023-deficient-butyrate",
        "xiong-2023-multi-omics",
    ]


@pytest.mark.parametrize(
    "body",
    [
        "Rituximab gave us hope for years. Then the big multi-centre trial found it no better than saline.",
        "The Bergen pilots with rituximab looked good. A larger placebo-controlled rituximab trial then "
        "found nothing.",
    ],
)
def test_a_trial_told_by_its_size_is_the_largest_trial_of_its_treatment(
    analyzer: Analyzer, body: str
) -> None:
    assert [m.card_id for m in _papers(analyzer, body)] == ["fluge-2019-lymphocyte-depletion"]


@pytest.mark.parametrize(
    ("body", "card"),
    [
        ("By a secondary analysis of PACE, one in five 'recovered'.", "white-2013-recovery-chronic"),
        ("That re-analysis of PACE shrank every effect.", "wilshire-2018-rethinking-treatment"),
        (
            "The long-term follow-up of the PACE trial saw the arms converge.",
            "sharpe-2015-rehabilitative-treatments",
        ),
    ],
)
def test_a_later_paper_told_by_its_kind_and_the_trials_name_is_the_card_of_that_design(
    analyzer: Analyzer, body: str, card: str
) -> None:
    assert [m.card_id for m in _papers(analyzer, body)] == [card]


def test_a_later_paper_of_a_trial_no_card_names_is_none(analyzer: Analyzer) -> None:
    assert _papers(analyzer, "A secondary analysis of MOTION found nothing new.") == []


def test_a_handful_of_patients_with_a_year_is_the_card_of_that_year_reporting_that_sample(
    analyzer: Analyzer,
) -> None:
    body = "It started with 3 patients in Bergen in 2009 who all felt better after the infusions."
    assert [m.card_id for m in _papers(analyzer, body)] == ["fluge-2009-clinical-impact"]


def test_a_handful_of_patients_with_a_year_no_such_card_has_is_none(analyzer: Analyzer) -> None:
    body = "It started with three patients in Bergen in 2010 who all felt better after the infusions."
    assert _papers(analyzer, body) == []


def test_a_work_told_by_its_groups_city_is_that_groups_paper(analyzer: Analyzer) -> None:
    # Columbia's group works in New York: the city names its papers as "Columbia" does.
    # (The Jackson Laboratory's is in Connecticut.)
    body = "Our GP had read the New York gut study from 2023."
    assert [m.card_id for m in _papers(analyzer, body)] == ["guo-2023-deficient-butyrate"]
    body = "Our GP had read the Connecticut gut study from 2023."
    assert [m.card_id for m in _papers(analyzer, body)] == ["xiong-2023-multi-omics"]
    # Cornell's 2016 gut paper was done in New York State too: without a year, either.
    assert _papers(analyzer, "Our GP had read the New York gut study.") == []


def test_a_paper_of_a_group_working_elsewhere_is_no_rival_of_the_named_place(analyzer: Analyzer) -> None:
    # Both 2023 gut papers say "gut"; only one was done at Columbia, and the other's group (the
    # Jackson Laboratory) is known to work elsewhere, so it does not make the mention ambiguous.
    body = "Has anyone read the 2023 Columbia gut paper properly?"
    assert [m.card_id for m in _papers(analyzer, body)] == ["guo-2023-deficient-butyrate"]
    body = "Has anyone read the 2023 Jackson Lab gut paper properly?"
    assert [m.card_id for m in _papers(analyzer, body)] == ["xiong-2023-multi-omics"]


def test_a_place_no_paper_of_the_year_was_done_in_names_none(analyzer: Analyzer) -> None:
    assert _papers(analyzer, "Has anyone read the 2023 Stanford gut paper properly?") == []


def test_a_named_group_doing_something_in_the_past_tense_tells_its_work(analyzer: Analyzer) -> None:
    # Any verb of doing, not only "found" or "reported".
    body = (
        "Back then the Charité group washed beta-2 adrenergic receptor antibodies out of the blood of "
        "ten patients by immunoadsorption."
    )
    assert [m.card_id for m in _papers(analyzer, body)] == ["scheibenbogen-2018-immunoadsorption-remove"]


def test_a_named_group_intending_something_tells_no_work(analyzer: Analyzer) -> None:
    body = (
        "The Charité group planned to wash beta-2 adrenergic receptor antibodies out of the blood of "
        "ten patients by immunoadsorption."
    )
    assert _papers(analyzer, body) == []


@pytest.mark.parametrize(
    "body",
    [
        "Critics reanalysed PACE by its own protocol and the gains shrank.",
        "The PACE data were later re-analysed by outside researchers.",
    ],
)
def test_a_trial_said_to_be_reanalysed_names_its_reanalysis(analyzer: Analyzer, body: str) -> None:
    assert [m.card_id for m in _papers(analyzer, body)] == ["wilshire-2018-rethinking-treatment"]


def test_an_animal_naming_a_virus_is_no_animal_study(analyzer: Analyzer) -> None:
    # "murine" qualifies the virus; the paper studied patients' blood.
    body = "A 2009 Science paper claimed a murine leukaemia virus was in most patients."
    assert [m.card_id for m in _papers(analyzer, body)] == ["lombardi-2009-retracted-detection"]


def test_a_study_of_mice_is_not_a_paper_on_patients(analyzer: Analyzer) -> None:
    assert _papers(analyzer, "A 2009 Science paper on mice claimed a virus was in most of them.") == []


def test_a_share_of_patients_is_no_group_size(analyzer: Analyzer) -> None:
    citations = analyzer.papers("", "About two thirds of patients were positive back in 2009.")[2]
    assert [c.value for c in citations if c.value.startswith("sized:")] == []


def test_a_sentence_pointing_back_to_a_cited_paper_retells_no_other_title(analyzer: Analyzer) -> None:
    body = (
        'I read the medRxiv preprint "A causal link between autoantibodies and neurological symptoms in '
        'long COVID" (doi:10.1101/2024.06.18.24309100). That preprint argues the causes of symptom '
        "persistence in long COVID lie with autoantibodies."
    )
    assert [m.paper.doi for m in _papers(analyzer, body)] == ["10.1101/2024.06.18.24309100"]


def test_a_groups_data_or_results_in_a_journal_are_its_paper_there(analyzer: Analyzer) -> None:
    body = "The Bergen group's amino acid results in JCI Insight point to a blocked pyruvate dehydrogenase."
    assert [m.card_id for m in _papers(analyzer, body)] == ["fluge-2016-metabolic-profiling"]


def test_a_journal_named_beside_no_work_is_still_no_citation(analyzer: Analyzer) -> None:
    assert _papers(analyzer, "I keep a JCI Insight subscription for the pyruvate dehydrogenase news.") == []


def test_a_publisher_called_without_its_press_is_still_that_publisher(analyzer: Analyzer) -> None:
    body = "Back in 2015 the National Academies put out a report on diagnosis."
    assert [m.card_id for m in _papers(analyzer, body)] == ["iom-2015-beyond-myalgic"]


def test_a_university_press_keeps_its_press() -> None:
    from bot.evidence.atlas_index import journal_key

    assert journal_key("The National Academies Press") == ("national", "academies")
    assert journal_key("Oxford University Press") == ("oxford", "university", "press")


def test_a_work_told_by_its_year_alone_may_be_called_a_work(analyzer: Analyzer) -> None:
    body = (
        "The clinic leaflet leans on the 2020 work, where Swedish patients had more M3 and M4 "
        "muscarinic receptor antibodies."
    )
    assert [m.card_id for m in _papers(analyzer, body)] == ["bynke-2020-autoantibodies-beta"]


def test_a_report_on_what_one_title_holds_is_that_paper(analyzer: Analyzer) -> None:
    body = "Our charity newsletter linked a report on sonlicromanol for mitochondrial disease."
    assert [m.paper.title[:30] for m in _papers(analyzer, body)] == ["Phase 2b program with sonlicro"]


def test_a_report_on_what_no_title_holds_is_no_paper(analyzer: Analyzer) -> None:
    assert _papers(analyzer, "The charity's report on benefits for housebound members came out.") == []


@pytest.mark.parametrize(
    ("body", "doi"),
    [
        (
            "The exercise review everyone argues about is CD003200.pub8 on the Cochrane site.",
            "10.1002/14651858.cd003200.pub8",
        ),
        ("Bergen's maintenance study: journal.pone.0129898 (open access).", "10.1371/journal.pone.0129898"),
    ],
)
def test_an_article_number_without_its_doi_prefix_is_that_doi(
    analyzer: Analyzer, body: str, doi: str
) -> None:
    assert [m.citation.value for m in _papers(analyzer, body)] == [doi]


@pytest.mark.parametrize(
    "body",
    [
        "My order CD003200X arrived late.",  # not a review number: letters run on
        "See https://example.org/CD003200.pub8/files for the slides.",  # inside a link: the link's
    ],
)
def test_an_article_number_inside_other_text_is_no_doi(analyzer: Analyzer, body: str) -> None:
    assert [c for c in analyzer.papers("", body)[2] if c.kind == "doi"] == []


def test_a_trials_name_inside_a_known_title_is_no_second_citation(analyzer: Analyzer) -> None:
    body = (
        'Trusts still quote "Recovery from chronic fatigue syndrome after treatments given in the PACE '
        'trial" as settled.'
    )
    assert [m.card_id for m in _papers(analyzer, body)] == ["white-2013-recovery-chronic"]


def test_a_work_told_by_a_countrys_adjective_alone_is_the_paper_the_words_fit(analyzer: Analyzer) -> None:
    body = (
        "A German meta-analysis pooled 25 studies of more than a thousand fibromyalgia patients; "
        "only IL-6 differed."
    )
    assert [m.card_id for m in _papers(analyzer, body)] == ["uceyler-2011-systematic-review"]


def test_a_work_told_by_another_single_capitalised_word_is_still_too_vague(analyzer: Analyzer) -> None:
    assert _papers(analyzer, "I read about a PET study that found brain inflammation.") == []


@pytest.mark.parametrize(
    "body",
    [
        "Back in 2020 my sister printed me the Naviaux metabolomics paper.",
        "In 2022, I finally read the Naviaux paper on metabolic features.",
        "Since late 2019 we have kept the Naviaux metabolomics paper on the fridge.",
    ],
)
def test_a_year_of_the_writers_doings_is_not_the_works_year(analyzer: Analyzer, body: str) -> None:
    """ "In 2020 my sister printed me …" dates the reading, so it cannot veto the 2016 card."""
    assert [m.card_id for m in _papers(analyzer, body)] == ["naviaux-2016-metabolomics"]


def test_a_year_of_the_authors_doings_is_still_the_works_year() -> None:
    from bot.evidence.extract import nearest_year

    text = "In 2019 Naviaux published a follow-up on the same profile."
    at = text.index("Naviaux")
    assert nearest_year(text, at, at + len("Naviaux")) == 2019


def test_a_group_size_written_in_words_as_an_adjective_is_a_group_size(analyzer: Analyzer) -> None:
    """ "a ten-person pilot" is told by its size as "the 151-patient trial" is."""
    from bot.evidence.mentions import sizes_said

    assert sizes_said("a twelve-participant pilot and a thirty-two-patient follow-up") == {12, 32}
    body = "Our clinic cites a ten-person immunoadsorption pilot in which beta2 antibodies fell."
    assert [m.card_id for m in _papers(analyzer, body)] == ["scheibenbogen-2018-immunoadsorption-remove"]


@pytest.mark.parametrize(
    "body",
    [
        "The physio handed me Cochrane CD003200 (the 2019 edition) as if it settled anything.",
        "Anyone got the full text of doi:10.1002/14651858.CD003200? The exercise one.",
    ],
)
def test_a_versioned_works_doi_without_its_version_is_the_version_its_year_gives(
    analyzer: Analyzer, body: str
) -> None:
    """Without a year, the latest version known: the review readers mean by its number."""
    assert [m.card_id for m in _papers(analyzer, body)] == ["larun-2019-exercise-therapy"]


def test_a_versioned_works_doi_with_a_year_no_version_has_stays_as_written(analyzer: Analyzer) -> None:
    found = _papers(analyzer, "The first Cochrane exercise review, CD003200 from 2004, was smaller.")
    assert [(m.card_id, m.paper.doi if m.paper else None) for m in found] == [
        (None, "10.1002/14651858.cd003200")
    ]


@pytest.mark.parametrize(
    "body",
    [
        "The researchers are seeking funds for whole genome sequencing, to turn genome-wide "
        "association signals into biological insights.",
        "The group wants whole genome sequencing next, to turn genome-wide association signals into "
        "biological insights.",
    ],
)
def test_work_wanted_or_planned_retells_no_title(analyzer: Analyzer, body: str) -> None:
    assert _papers(analyzer, body) == []


def test_work_done_still_retells_its_title(analyzer: Analyzer) -> None:
    """(a guard for the test above: the same words, told as work done, name the paper)"""
    body = (
        "The researchers drew biological insights from genome-wide association studies and whole "
        "genome sequencing."
    )
    assert [m.paper.title[:19] for m in _papers(analyzer, body) if m.paper] == ["Biological Insights"]


def test_a_group_told_by_the_city_it_works_in_names_its_work(analyzer: Analyzer) -> None:
    body = "A team in Stockholm has tested a nose-stimulating device against a sham and eased symptoms."
    assert [m.card_id for m in _papers(analyzer, body)] == ["rodriguez-2023-achieving-symptom"]


def test_a_groups_work_in_another_journal_is_not_the_groups_card(analyzer: Analyzer) -> None:
    """The journal anywhere in the group's clause is its work's: another journal vetoes the card."""
    body = (
        "Scientists at the Karolinska Institutet found spinal fluid proteins that tracked symptoms, "
        "in a paper published in Scientific Reports."
    )
    assert [m.card_id for m in _papers(analyzer, body) if m.card_id] == []


def test_a_named_works_journal_that_no_card_is_in_vetoes_every_card(analyzer: Analyzer) -> None:
    """ "the Griffith team's paper in <a journal only the reference list knows>": the journal is
    the work's, so the group's card in another journal is not it."""
    body = (
        "My cousin sent me the Griffith team's paper in Frontiers in Molecular Biosciences about "
        "calcium channels."
    )
    assert [m.card_id for m in _papers(analyzer, body) if m.card_id] == []


def test_a_journal_in_the_next_clause_is_another_works(analyzer: Analyzer) -> None:
    body = (
        "The Charité group filtered the antibodies out of ten patients with immunoadsorption in "
        "2018, and the EUROMENE review (Sotzny, Autoimmunity Reviews) tied it together."
    )
    assert sorted(m.card_id for m in _papers(analyzer, body) if m.card_id) == [
        "scheibenbogen-2018-immunoadsorption-remove",
        "sotzny-2018-myalgic-encephalomyelitis",
    ]


def test_the_sentence_after_a_yearless_journal_that_goes_on_about_the_work_describes_it(
    analyzer: Analyzer,
) -> None:
    """ "A second study, in <journal>, was hard to read. It reports …": the "It" sentence is the
    study's description, so its words weigh as the mention's own."""
    body = (
        "Our boy had glandular fever at eight and was labelled anxious, then lazy, then "
        "migraine-prone, before a paediatrician named ME/CFS. A friend linked a paper in Scientific "
        "Reports on which diagnoses young people got in the years before theirs, and it read like "
        "our file.\n\nA second study, in Oxford Open Immunology, was harder to read. It reports that "
        "onset age has two peaks, with a heavier severity burden for those who fall ill early."
    )
    dois = [m.paper.doi for m in _papers(analyzer, body) if m.paper]
    assert "10.1093/oxfimm/iqag007" in dois
    assert "rodriguez-2023-achieving-symptom" not in [m.card_id for m in _papers(analyzer, body)]


def test_a_listed_papers_first_author_names_it_when_the_words_fit(analyzer: Analyzer) -> None:
    body = "He read me bits of the Vink paper, the one on severe ME in a clinical medicine journal."
    assert [m.paper.doi for m in _papers(analyzer, body) if m.paper] == ["10.3390/jcm15020805"]


def test_a_listed_papers_first_author_with_words_that_do_not_fit_names_nothing(
    analyzer: Analyzer,
) -> None:
    assert _papers(analyzer, "He read me bits of the Vink paper about pacing apps for students.") == []


def test_a_word_two_titles_hold_names_the_one_the_sentence_says_clearly_more_of(
    analyzer: Analyzer,
) -> None:
    """Two listed titles hold "daratumumab" (a registered trial and a clinical pilot): the
    sentence's other words tell the pilot."""
    body = "Her nephrologist gave her a pilot of daratumumab aimed at plasma cells last year."
    titles = [m.paper.title for m in _papers(analyzer, body) if m.paper and m.paper.title]
    assert [t[:26] for t in titles] == ["Plasma cell targeting with"]


def test_a_word_two_titles_hold_with_nothing_more_said_names_neither(analyzer: Analyzer) -> None:
    assert _papers(analyzer, "My neurologist mentioned a study of daratumumab last week.") == []


def test_a_work_told_by_its_year_and_a_known_groups_place_is_that_groups_paper(analyzer: Analyzer) -> None:
    body = "A 2016 Cornell study found lower gut diversity and more bacterial translocation in patients."
    assert [m.card_id for m in _papers(analyzer, body)] == ["giloteaux-2016-reduced-diversity"]


def test_a_work_told_by_its_year_and_a_plain_capitalised_word_is_still_too_vague(analyzer: Analyzer) -> None:
    assert _papers(analyzer, "A 2016 Reddit study found lower gut diversity in patients.") == []


def test_an_animal_word_in_a_hyphenated_modifier_is_no_animal_study(analyzer: Analyzer) -> None:
    """ "a mouse-related retrovirus" names a virus, not a study in mice (which would veto a
    human study's card)."""
    body = "Back then a paper in Science put a mouse-related retrovirus in the blood cells of most patients."
    assert [m.card_id for m in _papers(analyzer, body)] == ["lombardi-2009-retracted-detection"]


def test_a_controlled_study_described_is_not_an_open_label_card(analyzer: Analyzer) -> None:
    """ "placebo-controlled" rules out the journal's open-label trial, whatever other words
    (maintenance infusions) fit it."""
    body = "The placebo-controlled study in PLOS ONE gave maintenance infusions of rituximab for years."
    assert [m.card_id for m in _papers(analyzer, body)] == ["fluge-2011-benefit-lymphocyte"]


def test_a_work_told_as_later_is_no_paper_older_than_the_one_cited_before_it(analyzer: Analyzer) -> None:
    body = (
        "Some history: between the phase II and phase III trials, Bergen ran an open-label study "
        "with maintenance infusions (PLoS ONE 2015, 10.1371/journal.pone.0129898). The later "
        "placebo-controlled trial found rituximab did not beat placebo."
    )
    assert "fluge-2011-benefit-lymphocyte" not in [m.card_id for m in _papers(analyzer, body)]


def test_the_next_sentence_about_the_same_work_decides_between_a_journals_papers_of_a_year(
    analyzer: Analyzer,
) -> None:
    body = (
        "The new model builds on the lab's 2023 paper in Cell Host & Microbe. That earlier paper "
        "showed that people ill under four years had the most gut dysbiosis, and those ill over a "
        "decade more metabolic change."
    )
    assert [m.card_id for m in _papers(analyzer, body)] == ["xiong-2023-multi-omics"]


def test_a_next_sentence_that_tells_another_work_is_not_read_with_the_mention() -> None:
    from bot.evidence.match import _told_of
    from bot.evidence.types import Citation

    text = "Nine of the ten patients improved. The work builds on an earlier study of 268 patients."
    c = Citation("description", "count:10", (0, 34), 0.5, text[:34])
    assert _told_of(text, c) == text[:34]
    goes_on = "Nine of the ten patients improved. It also lowered the antibodies."
    assert _told_of(goes_on, Citation("description", "count:10", (0, 34), 0.5, goes_on[:34])).endswith(
        "antibodies."
    )


@pytest.mark.parametrize(
    "body",
    [
        "Later the same team's large placebo-controlled rituximab trial found no benefit over saline.",
        "The big placebo-controlled rituximab trial found no benefit over saline.",
    ],
)
def test_a_size_said_picks_the_largest_of_the_papers_the_words_name(analyzer: Analyzer, body: str) -> None:
    """Both Bergen placebo-controlled trials hold the words; only the 2011 one's title says
    "rituximab", but "big" says the 151-patient trial. (Five words may stand before "trial".)"""
    assert [m.card_id for m in _papers(analyzer, body)] == ["fluge-2019-lymphocyte-depletion"]


def test_a_trials_name_doing_anything_in_the_past_tense_is_the_trial(analyzer: Analyzer) -> None:
    body = "PACE enrolled people by the Oxford definition, which never asked for post-exertional malaise."
    assert [m.card_id for m in _papers(analyzer, body)] == ["white-2011-comparison-adaptive"]


def test_an_organisation_written_out_with_a_year_is_found_in_a_post_with_other_alphabets(
    analyzer: Analyzer,
) -> None:
    """A "£" or an accent elsewhere in the post must not hide "the Institute of Medicine … 2015"."""
    body = (
        "Our café raised £300. The Institute of Medicine reckoned in 2015 that most patients are undiagnosed."
    )
    assert [m.card_id for m in _papers(analyzer, body)] == ["iom-2015-beyond-myalgic"]


def test_an_analysis_is_a_kind_of_work_as_a_study_is(analyzer: Analyzer) -> None:
    body = "The clinic still quotes the 2013 recovery analysis from PACE, where 22% recovered."
    assert [m.card_id for m in _papers(analyzer, body)] == ["white-2013-recovery-chronic"]


def test_a_trial_named_in_capitals_at_its_titles_opening_declares_that_name(analyzer: Analyzer) -> None:
    from bot.evidence.atlas_index import declared_names

    assert declared_names("REGAIN: a randomized controlled clinical trial of oxaloacetate") == {"regain"}
    assert declared_names("COVID: a randomized controlled clinical trial of oxaloacetate") == set()
    body = "My friend joined REGAIN, the oxaloacetate trial in long COVID."
    assert [m.paper.doi for m in _papers(analyzer, body) if m.paper] == ["10.3389/fnins.2025.1627462"]


def test_a_pubmed_id_the_post_says_was_cropped_is_never_a_paper_as_written(analyzer: Analyzer) -> None:
    body = "The screenshot showed pubmed.ncbi.nlm.nih.gov/2876 and then the link was cropped."
    assert [m for m in _papers(analyzer, body) if m.paper and m.paper.pmid] == []


def test_a_six_digit_pubmed_id_nobody_calls_cut_stays_as_written(analyzer: Analyzer) -> None:
    """(a guard for the test above: papers of the late 1970s have six-digit ids; five digits or
    fewer went to papers indexed in the mid-1970s, and such an id in a post is taken as cut off)"""
    found = _papers(analyzer, "The 1978 fatigue paper is PMID 287613, if anyone has it.")
    assert [m.paper.pmid for m in found if m.paper] == ["287613"]


def test_a_work_named_after_their_is_read_as_after_the(analyzer: Analyzer) -> None:
    body = (
        "The Norwegians kept at it. In their first placebo-controlled trial, two thirds of the "
        "rituximab group responded against 13% on saline."
    )
    assert [m.card_id for m in _papers(analyzer, body)] == ["fluge-2011-benefit-lymphocyte"]


def test_a_trials_first_results_are_its_own_paper(analyzer: Analyzer) -> None:
    """ "the first results from DecodeME" name the study's own paper, where "a secondary
    analysis of PACE" names a later one."""
    body = "The initial results from DecodeME, the big genetics project, came out as a preprint in August."
    assert [m.paper.doi for m in _papers(analyzer, body) if m.paper] == ["10.1101/2025.08.06.25333109"]


def test_a_follow_up_study_is_a_study_named_by_its_words(analyzer: Analyzer) -> None:
    """ "the open-label follow-up study" is read as a study (its kind is the last word), not
    as "the … follow-up", which needs a trial's name in capitals."""
    body = "Maintenance infusions kept people well for years, as the open-label follow-up study showed."
    assert [m.card_id for m in _papers(analyzer, body)] == ["fluge-2015-lymphocyte-depletion"]


def test_a_known_first_author_doing_any_work_in_the_past_tense_names_the_paper(analyzer: Analyzer) -> None:
    body = (
        "Years later Carolyn Wilshire and Tom Kindlon reanalysed the released data with the "
        "original protocol."
    )
    assert [m.card_id for m in _papers(analyzer, body)] == ["wilshire-2018-rethinking-treatment"]


def test_a_known_first_author_intending_work_names_no_paper(analyzer: Analyzer) -> None:
    """(a guard for the test above: "planned" is no work done)"""
    assert _papers(analyzer, "Naviaux planned a bigger follow-up.") == []


def test_a_year_of_a_clinicians_doings_is_not_a_named_documents_year(analyzer: Analyzer) -> None:
    """ "In 2012 a new consultant used the International Consensus Criteria": 2012 dates the
    consultant's use, so it does not veto the 2011 criteria."""
    body = "In 2012 a new consultant used the International Consensus Criteria, and PEM came first at last."
    assert [m.card_id for m in _papers(analyzer, body)] == ["carruthers-2011-myalgic-encephalomyelitis"]


def test_a_sentence_retelling_a_cited_papers_title_names_no_other_paper(analyzer: Analyzer) -> None:
    """A paper found by its identifier is titled from the reference list; a later sentence that
    retells that title ("the team concludes …") is about it, even where another title shares
    enough of its words to win the retelling on its own."""
    body = (
        "Someone linked doi:10.1101/2024.06.18.24309100 in the long COVID thread. The team "
        "concludes that autoantibodies can cause some neurological symptoms of long COVID in mice."
    )
    assert [m.paper.doi for m in _papers(analyzer, body) if m.paper] == ["10.1101/2024.06.18.24309100"]


def test_a_sentence_retelling_another_title_still_names_that_paper(analyzer: Analyzer) -> None:
    """(a guard for the test above: the cited paper's title is not retold here)"""
    body = (
        "Someone linked doi:10.1101/2024.06.18.24309100 in the long COVID thread. A separate review "
        "walks through the causes of symptoms and their persistence in long COVID and chronic "
        "fatigue syndrome."
    )
    assert [m.paper.first_author for m in _papers(analyzer, body) if m.paper] == [
        "Santos Guedes de Sá",
        "Komaroff",
    ]


def test_a_cut_id_that_tells_only_the_journal_is_no_card_while_listed_papers_fit_as_well(
    analyzer: Analyzer,
) -> None:
    """ "10.1186/s12967-0…" is the Journal of Translational Medicine and little more: one card
    and several listed papers begin so, and the post fits none of them clearly better."""
    body = (
        "Post-exertional malaise after a long phone call floored me for days. Someone posted "
        "doi.org/10.1186/s12967-0… under my thread, but the end of the link is lost."
    )
    assert [m.card_id for m in _papers(analyzer, body)] == []


def test_a_cut_id_still_names_the_card_the_post_describes_clearly(analyzer: Analyzer) -> None:
    """(a guard for the test above: the listed rivals fit the description far less)"""
    body = (
        "My physio forwarded a link, doi.org/10.1186/s12967-0… and the rest of it is missing. It "
        "was about oxygen consumption falling on the second of two cardiopulmonary exercise tests "
        "done on consecutive days."
    )
    assert [m.card_id for m in _papers(analyzer, body)] == ["keller-2024-cardiopulmonary-metabolic"]


def test_a_work_in_the_same_issue_is_the_other_paper_of_that_journal_and_year(analyzer: Analyzer) -> None:
    body = (
        "Guo's gut bacteria paper came out in Cell Host & Microbe in 2023. The other article in the "
        "same issue compared people ill for under four years with people ill for longer, using "
        "multi-omics."
    )
    assert [m.card_id for m in _papers(analyzer, body)] == [
        "guo-2023-deficient-butyrate",
        "xiong-2023-multi-omics",
    ]


def test_a_work_in_the_same_journal_that_fits_none_of_its_papers_names_none(analyzer: Analyzer) -> None:
    """(a guard for the test above: the journal's other papers must fit the post's words, and the
    paper cited before is never the "other" one)"""
    body = (
        "Naviaux and colleagues described a hypometabolic state in PNAS in 2016. A separate paper "
        "in the same journal looked at the wider rules for funding science."
    )
    assert [m.card_id for m in _papers(analyzer, body)] == ["naviaux-2016-metabolomics"]


def test_a_journal_written_as_its_initials_does_not_count_for_its_papers(analyzer: Analyzer) -> None:
    """ "The work, in PNAS, …": every paper of the journal holds "pnas" among its words, so the
    initials as written weigh no more than the full name does when the post's words choose
    among that journal's papers."""
    body = (
        "Government scientists have found a protein that may mediate exercise intolerance. The work, "
        "in PNAS, started from one patient's cells, which made far too much WASF3."
    )
    assert [(m.paper.first_author, m.paper.year) for m in _papers(analyzer, body) if m.paper] == [
        ("Wang", 2023)
    ]


def test_a_cut_id_with_a_passing_word_of_context_names_no_card(analyzer: Analyzer) -> None:
    """A cut-off prefix that one card fits ("…journal.pone.00…") needs the post to describe that
    card, not to share a word or two with it ("something about exercise")."""
    body = (
        "A stranger in a chat posted doi.org/10.1371/journal.pone.00… and said it proved something "
        "about exercise, then left."
    )
    assert [m.card_id for m in _papers(analyzer, body)] == []


def test_a_cut_id_with_the_card_described_names_it(analyzer: Analyzer) -> None:
    """(a guard for the test above)"""
    body = (
        "Half a link survived, doi.org/10.1371/journal.pone.00…, about B-cell depletion with "
        "rituximab in a small placebo-controlled trial of patients with chronic fatigue syndrome."
    )
    assert [m.card_id for m in _papers(analyzer, body)] == ["fluge-2011-benefit-lymphocyte"]


def test_a_year_an_authors_name_holds_does_not_veto_a_title_after_it(analyzer: Analyzer) -> None:
    """ "Holmes 1988" is Holmes's year: the International Consensus Criteria named after it in
    the same sentence are still the 2011 card."""
    body = (
        "The clinic still works from Holmes 1988, though my GP would rather use the International "
        "Consensus Criteria."
    )
    assert [m.card_id for m in _papers(analyzer, body)] == ["carruthers-2011-myalgic-encephalomyelitis"]


def test_a_year_beside_a_named_title_still_vetoes_it(analyzer: Analyzer) -> None:
    """(a guard for the test above: a year of the title's own, not its card's, says another
    document: the Canadian criteria of 2003)"""
    body = "The clinic uses the International Consensus Criteria (2003), which my GP says came from Canada."
    assert [m.card_id for m in _papers(analyzer, body)] == []


@pytest.mark.parametrize(
    "body",
    [
        "Years ago the Institute of Medicine's report called this a serious, multisystem illness, "
        "and still nothing changes.",
        "The Institute of Medicine warned that most people with the illness have never been diagnosed.",
    ],
)
def test_an_organisation_doing_its_work_without_a_year_names_its_paper(analyzer: Analyzer, body: str) -> None:
    """An organisation author reporting, warning or estimating, as "Naviaux found" does for a
    surname: its one paper the post's words fit."""
    assert [m.card_id for m in _papers(analyzer, body)] == ["iom-2015-beyond-myalgic"]


def test_an_organisation_merely_named_names_no_paper(analyzer: Analyzer) -> None:
    """(a guard for the test above)"""
    body = "I once wrote to the Institute of Medicine about my son and never heard back."
    assert _papers(analyzer, body) == []


def test_a_case_series_told_by_its_small_size_names_the_one_such_card(analyzer: Analyzer) -> None:
    """Three patients are too few to tell a study by, but a case series of three is one card
    (no year needed), when the post's words fit it."""
    body = (
        "It all began with a case series: three people whose fatigue lifted months after rituximab "
        "was given for their lymphoma."
    )
    assert [m.card_id for m in _papers(analyzer, body)] == ["fluge-2009-clinical-impact"]


@pytest.mark.parametrize(
    "body",
    [
        "A case series of four patients on rituximab was presented at a conference.",
        "Three patients in my support group tried rituximab privately.",
    ],
)
def test_a_small_group_of_no_case_series_card_names_none(analyzer: Analyzer, body: str) -> None:
    """(guards for the test above: no case series of that size; no case series at all)"""
    assert _papers(analyzer, body) == []


def test_researchers_at_a_place_who_say_something_name_their_work(analyzer: Analyzer) -> None:
    """ "Scientists at a Connecticut genomics lab say …": the group told by its place (after
    "a", as after "the"), reporting in the present tense."""
    body = (
        "Scientists at a Connecticut genomics lab say patients in the first years of illness had the "
        "most disturbed gut bacteria, while long-term patients had more metabolic problems."
    )
    assert [m.card_id for m in _papers(analyzer, body)] == ["xiong-2023-multi-omics"]


def test_researchers_at_a_place_recruiting_name_no_work(analyzer: Analyzer) -> None:
    """(a guard for the test above: no finding told)"""
    body = "Scientists at a Connecticut genomics lab are recruiting patients for a gut bacteria project."
    assert _papers(analyzer, body) == []


def test_a_listed_paper_holding_few_of_a_works_naming_words_is_no_rival(analyzer: Analyzer) -> None:
    """ "the 2023 short-term versus long-term gut paper": a listed 2023 long COVID paper holds
    "long" (and perhaps "gut") but not the other words the atlas knows; it is no rival."""
    body = "Is that the same team as the 2023 short-term versus long-term gut paper?"
    assert [m.card_id for m in _papers(analyzer, body)] == ["xiong-2023-multi-omics"]


def test_a_work_whose_words_listed_papers_share_names_none(analyzer: Analyzer) -> None:
    """(a guard for the test above: "the 2023 long COVID gut paper" may be a listed one)"""
    assert _papers(analyzer, "Is that the same team as the 2023 long COVID gut paper?") == []


@pytest.fixture(scope="module")
def tie_breaking() -> Analyzer:
    """The analyzer as ``analyze-file`` and the analyse stage run it: the encoder breaks ties."""
    return Analyzer(sample_analyzer().index.cards.values(), semantic=True)


def test_a_surname_said_again_without_a_year_is_the_paper_cited_by_it_before(tie_breaking: Analyzer) -> None:
    """ "Keller et al. (2014) … Keller's team showed …": words fitting both of Keller's cards
    about equally (two-day exercise testing) are no tie for the encoder to break: the second
    saying is the paper cited before."""
    body = (
        "I rely on Keller et al. (2014) for my appeal. Keller's team showed patients could not repeat "
        "their oxygen uptake on a second cardiopulmonary test, the metabolic responses during a 2-day CPET."
    )
    matches = tie_breaking.papers("", body)[3]
    assert [(m.card_id, m.ambiguous) for m in matches] == [("keller-2014-inability-myalgic", ())]


@pytest.mark.parametrize(
    "second",
    [
        # words that clearly retell the other paper's title name it
        "Keller's team also translated reduced oxygen consumption into an impairment status, with "
        "treatment considerations.",
        # a later work is not the one cited before
        "Keller's later paper looked at metabolic responses during a 2-day CPET.",
    ],
)
def test_a_surname_said_again_of_another_work_is_weighed_by_its_words(
    tie_breaking: Analyzer, second: str
) -> None:
    """(guards for the test above)"""
    body = f"I rely on Keller et al. (2014) for my appeal. {second}"
    assert [m.card_id for m in _papers(tie_breaking, body)] == [
        "keller-2014-inability-myalgic",
        "keller-2024-cardiopulmonary-metabolic",
    ]


def test_the_reanalysis_named_sentences_after_it_was_told_is_that_paper(analyzer: Analyzer) -> None:
    """The reanalysis is told ("statisticians reanalysed its data …"), the post moves on, and
    "the reanalysis" at its end is that work: what was reanalysed is read where it was told."""
    body = (
        "The trial said graded exercise and CBT helped. Outside statisticians later reanalysed its "
        "data with the first protocol's thresholds. Patients wrote letters. Journalists wrote "
        "columns. Years on, I still send people the reanalysis."
    )
    assert [m.card_id for m in _papers(analyzer, body)] == ["wilshire-2018-rethinking-treatment"]


def test_the_reanalysis_told_of_something_else_is_no_paper(analyzer: Analyzer) -> None:
    """(a guard for the test above: what was reanalysed shares nothing with the titled one)"""
    body = (
        "My blood results were reanalysed by a second lab. Patients wrote letters. Journalists "
        "wrote columns. Years on, I still send people the reanalysis."
    )
    assert _papers(analyzer, body) == []


def test_a_short_title_written_in_title_case_in_running_text_names_its_paper(analyzer: Analyzer) -> None:
    """A title under seven words counts in quotes or on a line of its own; written as titles are
    (each word capitalised but the joining ones) it counts inside a sentence too."""
    body = "My carer printed An Overview of Severe Myalgic Encephalomyelitis for the assessor."
    assert [_who(m)[1:] for m in _papers(analyzer, body)] == [("Vink", 2026)]


def test_the_same_words_in_lower_case_name_no_title(analyzer: Analyzer) -> None:
    """(a guard for the test above)"""
    body = "My carer printed an overview of severe myalgic encephalomyelitis for the assessor."
    assert _papers(analyzer, body) == []


def test_a_journal_of_three_words_written_in_lower_case_is_read(analyzer: Analyzer) -> None:
    body = "i found a 2016 paper in brain behavior and immunity on antibodies to adrenergic receptors"
    assert [m.card_id for m in _papers(analyzer, body)] == ["loebel-2016-antibodies-adrenergic"]


def test_a_lower_case_journal_name_must_be_spelt_in_full(analyzer: Analyzer) -> None:
    """(a guard for the test above: "brain and immunity" is no journal's name)"""
    body = "i found a 2016 paper in brain and immunity on antibodies to adrenergic receptors"
    assert _papers(analyzer, body) == []


def test_the_big_trial_among_trials_its_words_fit_alike_is_the_largest(analyzer: Analyzer) -> None:
    """ "the big placebo-controlled trial" after talk of rituximab fits the 2011 and the 2019
    placebo-controlled rituximab trials alike; the size word picks the 151-patient one."""
    body = (
        "My sister was in the open-label rituximab study in Bergen. Friends from that study say "
        "rituximab gave them years of remission. Then came the big placebo-controlled trial across Norway."
    )
    assert "fluge-2019-lymphocyte-depletion" in [m.card_id for m in _papers(analyzer, body)]
    # (without the size word the two stay a tie, reported to moderators, never guessed)
    unsized = body.replace("the big placebo", "the placebo")
    assert "fluge-2019-lymphocyte-depletion" not in [m.card_id for m in _papers(analyzer, unsized)]


def test_a_work_told_by_what_it_is_about_beside_a_group_size_is_still_read(analyzer: Analyzer) -> None:
    """A sentence giving a group size is one citation spanning the sentence; a work told by
    what it is about in the same sentence is a second one, not swallowed by it."""
    body = (
        "My doctor showed me a pilot where only 10 patients had it, and also a study about repeat "
        "immunoadsorption in post-covid patients."
    )
    assert ("Stein", 2023) in [_who(m)[1:] for m in _papers(analyzer, body)]


@pytest.mark.parametrize(
    ("body", "found"),
    [
        (
            "Researchers reported in PNAS that cell-free RNA in plasma could tell patients from controls.",
            True,
        ),
        # (a journal named with no word of publishing or of a work cites nothing)
        ("I read PNAS that cell-free RNA in plasma could separate patients from controls.", False),
    ],
)
def test_reported_in_a_journal_says_a_work(analyzer: Analyzer, body: str, found: bool) -> None:
    assert ((None, "Gardella", 2025) in [_who(m) for m in _papers(analyzer, body)]) is found


def test_a_listed_journal_written_as_initials_joins_its_full_name() -> None:
    """The list writes "PNAS" for some papers; the atlas writes the name in full. Both are one
    journal, so a post's "PNAS" weighs the listed papers too."""
    from bot.atlas.types import AtlasCard
    from bot.evidence.atlas_index import AtlasIndex
    from bot.evidence.reference import reference_index

    card = AtlasCard(
        id="c1", title="A card", journal="Proceedings of the National Academy of Sciences", year=2017
    )
    listed = [
        AtlasCard(id="ref:1", title="Plasma RNA and fatigue", journal="PNAS", year=2025, doi="10.1/a"),
        AtlasCard(id="ref:2", title="Another paper", journal="DNA", year=2025, doi="10.1/b"),
    ]
    ref = reference_index(AtlasIndex([card]), listed)
    assert ref.by_journal[("proceedings", "national", "academy", "sciences")] == ["ref:1"]
    assert ref.by_journal[("dna",)] == ["ref:2"]  # (initials that spell no known name stay)


def test_the_validation_of_a_place_is_the_validation_study_of_that_group(analyzer: Analyzer) -> None:
    """ "the Swedish validation": a validation study named by its group's country, as "the
    PACE follow-up" is named by its trial."""
    body = "Then the Swedish validation in plasma and spinal fluid came out, and it was far less encouraging."
    assert [m.card_id for m in _papers(analyzer, body)] == ["bynke-2020-autoantibodies-beta"]


@pytest.mark.parametrize(
    "body",
    [
        "I finally got validation from my GP after years of being dismissed.",
        "The validation of the questionnaire in Swedish patients took two years.",
    ],
)
def test_validation_said_of_no_named_work_is_no_paper(analyzer: Analyzer, body: str) -> None:
    """(guards for the test above)"""
    assert _papers(analyzer, body) == []


def test_a_journal_in_a_links_path_is_no_lower_case_journal_name(analyzer: Analyzer) -> None:
    """(a guard for the lower-case journal names: "cell-host-microbe" in a link's path)"""
    text = "Paywalled: https://www.cell.com/cell-host-microbe/fulltext/S1931-3128(23)00038-5 sadly."
    assert not [c for c in analyzer.papers("", text)[2] if c.value.startswith("journal:")]


def test_the_second_of_several_works_in_a_journal_is_a_work_published_there(analyzer: Analyzer) -> None:
    """ "The second, in the Annals of …": a sentence opening on one of the works told earlier
    says a work, though no word of one is in it or the sentence before."""
    body = (
        "Two studies came out on how ME patients are treated. The first asked patients directly. "
        "The second, in the Annals of Family Medicine, found pharmacologic therapies underused "
        "before a specialist evaluation."
    )
    assert [_who(m) for m in _papers(analyzer, body)] == [(None, "Grach", 2026)]


def test_a_journal_doing_something_names_no_work_of_its_own(analyzer: Analyzer) -> None:
    """(a guard for the test above: no ordinal, no word of a work near the journal)"""
    body = (
        "Two studies came out on how ME patients are treated. The first asked patients directly. "
        "Meanwhile the Annals of Family Medicine found pharmacologic therapies underused before a "
        "specialist evaluation."
    )
    assert _papers(analyzer, body) == []


_FEED_TITLE = (
    "Anti-neuronal and anti-mitochondrial autoantibodies are associated with lower functional status "
    "and more severe respiratory symptoms in post COVID syndrome"
)


@pytest.mark.parametrize(
    ("subject", "authors"),
    [
        ("The authors", ["Vogelgesang"]),
        # (a guard: other researchers may be another paper's, retold)
        ("Other researchers", ["Vogelgesang", "Wohlrab"]),
    ],
)
def test_the_authors_after_a_cited_paper_are_that_papers(
    analyzer: Analyzer, subject: str, authors: list[str]
) -> None:
    """A feed item titled with its paper: "The authors tested …" tells that paper again, even
    where the sentence's words retell another listed paper's title as well."""
    body = (
        f"Frontiers in Immunology, 2025. {subject} tested blood from post COVID syndrome patients for "
        "autoantibodies to neuronal and mitochondrial targets."
    )
    papers = [m for m in analyzer.papers(_FEED_TITLE, body)[3] if not is_unresolved(m)]
    assert [m.paper.first_author for m in papers] == authors


@pytest.mark.parametrize(
    ("body", "found"),
    [
        (
            "Beta2 adrenergic receptor antibodies fell after immunoadsorption in my clinic's patients. "
            "Unrelated: a thread links www.ncbi.nlm.nih.gov/pubmed/2954... and nobody knows what it was.",
            False,
        ),
        # (a guard: words beside the cut-off id that describe the card still name it)
        (
            "A thread links www.ncbi.nlm.nih.gov/pubmed/2954..., where beta2 adrenergic receptor "
            "antibodies fell after immunoadsorption.",
            True,
        ),
    ],
)
def test_a_pmid_cut_to_four_digits_is_read_by_the_words_beside_it(
    analyzer: Analyzer, body: str, found: bool
) -> None:
    """Four digits of a PMID leave thousands of papers; words elsewhere in the post (about
    another matter) do not make it the one card that begins so."""
    cards = [m.card_id for m in _papers(analyzer, body)]
    assert ("scheibenbogen-2018-immunoadsorption-remove" in cards) is found


def test_a_named_study_in_a_sentence_giving_another_cards_size_is_that_sized_study(
    analyzer: Analyzer,
) -> None:
    """ "the American government study in which 17 patients …": the naming words are the IOM
    report's, but the sentence gives the size of the NIH deep-phenotyping study, and the report
    studied no 17 people; the sentence tells the sized study, not the report."""
    body = (
        "My neurologist mentioned the American government study in which 17 patients spent a week "
        "being tested at the NIH hospital."
    )
    assert [m.card_id for m in _papers(analyzer, body)] == ["walitt-2024-deep-phenotyping"]


def test_a_groups_work_fitting_two_papers_alike_is_the_one_of_the_year_its_sentence_gives(
    analyzer: Analyzer,
) -> None:
    """ "Back in 2009 a group at the Whittemore Peterson Institute reported …": the group's two
    XMRV cards fit the words alike; the sentence's year says which."""
    body = (
        "Back in 2009 a group at the Whittemore Peterson Institute reported a mouse retrovirus in most "
        "patients' blood, and the multicentre study later found nothing."
    )
    assert "lombardi-2009-retracted-detection" in [m.card_id for m in _papers(analyzer, body)]
    # Without the year, the group's place still tells them apart: the 2009 paper was led at the
    # institute, the multicentre one only had an author there.
    yearless = body.replace("Back in 2009 a", "A")
    assert "lombardi-2009-retracted-detection" in [m.card_id for m in _papers(analyzer, yearless)]


def test_the_reanalysis_named_before_it_is_told_reads_where_it_is_told(analyzer: Analyzer) -> None:
    body = (
        "The reanalysis is what I send my family. It came after the trial data were reanalysed under "
        "the protocol first published, and the CBT and graded exercise benefits shrank."
    )
    assert [m.card_id for m in _papers(analyzer, body)] == ["wilshire-2018-rethinking-treatment"]


def test_a_pilot_called_by_its_declared_name_is_that_listed_trial(analyzer: Analyzer) -> None:
    body = "My neurologist rates the COVIVA pilot. It tested ear stimulation for long COVID fatigue."
    assert [_who(m) for m in _papers(analyzer, body)] == [(None, "Gierthmuehlen", 2026)]


@pytest.mark.parametrize(
    "second",
    ["Their open-label pilot study gave it to ten patients.", "The open-label study treated ten patients."],
)
def test_words_of_a_design_alone_name_no_card_of_that_design(analyzer: Analyzer, second: str) -> None:
    """ "their open-label pilot study … ten patients": the one open-label card with ten patients
    is no more named by it than any other open-label pilot of ten (here the daratumumab pilot
    the atlas lacks)."""
    body = f"The Bergen oncologists are trying daratumumab now. {second}"
    assert "scheibenbogen-2018-immunoadsorption-remove" not in [m.card_id for m in _papers(analyzer, body)]


@pytest.mark.parametrize(("work", "found"), [("An overview", True), ("Cooking", False)])
def test_an_overview_in_a_journal_is_a_work_published_there(
    analyzer: Analyzer, work: str, found: bool
) -> None:
    """A journal named without a year cites a work only when a work is told beside it; "an
    overview" is one, as "a review" is (the matcher then weighs the journal's papers)."""
    body = f"{work} in the Journal of Clinical Medicine describes severe ME in bedbound patients."
    journals = [c.value for c in analyzer.papers("", body)[2] if c.value.startswith("journal:")]
    assert (journals == ["journal:journal clinical medicine|"]) is found


def test_a_surname_before_the_kind_of_work_names_its_author_not_a_topic(analyzer: Analyzer) -> None:
    # "Young" is also a word of another 2025 listed title ("… and Young Adults"): capitalised
    # between the year and "study", it is the first author's name.
    body = "Our clinic nurse had read the 2025 Young study and suggested solriamfetol for my daytime fatigue."
    assert [_who(m) for m in _papers(analyzer, body)] == [(None, "Young", 2025)]


def test_a_topic_word_before_the_kind_of_work_still_names_the_work(analyzer: Analyzer) -> None:
    # Guard: the surname check leaves lower-case naming words alone.
    body = "The 2025 young adults post-COVID study listed the risk factors for a severe course."
    assert [_who(m) for m in _papers(analyzer, body)] == [(None, "Donath", 2025)]


@pytest.mark.parametrize(
    ("body", "first"),
    [
        (
            "A 2024 review of exercise intolerance (Haunhorst, Dudziak, Scheibenbogen and colleagues) "
            "is the best summary I know.",
            ("Haunhorst", 2024),
        ),
        (
            "The exercise testing data (Tomaskovic, Weber and colleagues, 2026) are reassuring.",
            ("Tomaskovic", 2026),
        ),
    ],
)
def test_a_bracketed_name_list_is_cited_by_its_first_name(
    analyzer: Analyzer, body: str, first: tuple[str, int]
) -> None:
    # The last name before "and colleagues" is a co-author, though a first author of that year too.
    assert [_who(m)[1:] for m in _papers(analyzer, body)] == [first]


def test_the_one_card_holding_every_naming_word_of_an_undated_study_needs_the_usual_lead(
    analyzer: Analyzer,
) -> None:
    # Only the Swedish validation card holds both words; a listed paper on validating blood
    # biomarkers fits the post half as well, short of a journal's wider lead but past the usual one.
    body = (
        "Someone linked a Swedish validation study of receptor autoantibodies. "
        "Levels did not follow how ill people were."
    )
    assert [_who(m)[0] for m in _papers(analyzer, body)] == ["bynke-2020-autoantibodies-beta"]


def test_naming_words_every_one_of_several_cards_holds_stay_silent(analyzer: Analyzer) -> None:
    # Guard: three Norwegian rituximab cards hold both words alike.
    assert _papers(analyzer, "A Norwegian rituximab trial is why my doctor will not prescribe it.") == []


def test_a_lone_reanalysis_is_read_with_the_finding_told_after_it(analyzer: Analyzer) -> None:
    # Nothing before "the reanalysis" says what was reanalysed; the next sentence does.
    body = (
        "Much later I came across the reanalysis done by outside researchers who obtained the data. "
        "Using the measures from the original protocol, graded exercise and CBT were no better than "
        "the control arm."
    )
    assert [_who(m)[0] for m in _papers(analyzer, body)] == ["wilshire-2018-rethinking-treatment"]


def test_a_part_of_a_work_told_with_its_possessive_is_no_other_work(analyzer: Analyzer) -> None:
    # "The trial's … analysis" is the PACE trial's own analysis, not a later PACE paper.
    body = (
        "The PACE trial was everywhere in 2011. "
        "The trial's originally registered analysis was quietly swapped for a looser one."
    )
    assert [_who(m)[0] for m in _papers(analyzer, body)] == ["white-2011-comparison-adaptive"]


@pytest.mark.parametrize(
    ("body", "first"),
    [
        (
            "My neurologist mentioned a study in 2025 on solriamfetol for daytime fatigue, eight weeks long.",
            "Young",
        ),
        ("The Berlin paper from 2025 about pyridostigmine for grip strength is why I asked.", "Schlömer"),
    ],
)
def test_a_work_with_its_year_after_it_is_told_by_what_it_is_about(
    analyzer: Analyzer, body: str, first: str
) -> None:
    assert [_who(m)[1:] for m in _papers(analyzer, body)] == [(first, 2025)]


@pytest.mark.parametrize(
    ("body", "dois"),
    [
        (
            "Germain and colleagues had two more papers out in 2025, one in IJMS on autoantibodies "
            "and one in Molecular & Cellular Proteomics.",
            {"10.3390/ijms26062799", "10.1016/j.mcpro.2025.101467"},
        ),
        (
            "Vernon and co-workers published twice in 2025: once in Frontiers in Neuroscience and once "
            "in Frontiers in Neurology.",
            {"10.3389/fnins.2025.1627462", "10.3389/fneur.2025.1691147"},
        ),
    ],
)
def test_an_authors_papers_of_one_year_are_told_apart_by_their_journals(
    analyzer: Analyzer, body: str, dois: set[str]
) -> None:
    # The surname and year fit two listed papers; each journal in the sentence says which one.
    assert {m.paper.doi for m in _papers(analyzer, body)} == dois


def test_a_journal_and_year_pick_the_paper_whose_first_author_the_sentence_names(analyzer: Analyzer) -> None:
    # The journal has several listed 2025 papers and the sentence says nothing of this one's
    # topic; it names its first author, too far from the journal to be read with it.
    body = (
        "Germain, who has worked on this for decades with her long-time collaborators at Cornell, "
        "also had something in the International Journal of Molecular Sciences in 2025."
    )
    assert [m.paper.doi for m in _papers(analyzer, body)] == ["10.3390/ijms26062799"]


def test_a_sentence_retelling_a_long_titles_opening_words_names_it(analyzer: Analyzer) -> None:
    # Only the first half of the title is told, in lower case, with no year, journal or name.
    body = (
        "A Scottish team reported the development and validation of blood-based diagnostic biomarkers, "
        "and my cousin asked if I had been tested."
    )
    assert [_who(m)[1:] for m in _papers(analyzer, body)] == [("Hunter", 2025)]


def test_a_titles_opening_words_alone_do_not_name_a_much_longer_title(analyzer: Analyzer) -> None:
    # Guard: the opening of a 17-word title, with nothing else of it, is too little of it.
    # (no year: "One 2025 paper described …" is a work of 2025, weighed by its words as "A 2025
    # paper …" is)
    body = (
        "One paper described clinically meaningful improvements in long COVID symptoms; "
        "my dietitian loved it."
    )
    assert _papers(analyzer, body) == []


def test_one_of_several_works_told_before_is_read_by_the_title_it_retells(analyzer: Analyzer) -> None:
    # "The other, …" speaks of a work the sentence before counted; no work word is in its own sentence.
    body = (
        "Two papers landed in my inbox this week. The other, out of Freiburg, shows that genetic depletion "
        "of the early autophagy protein ATG13 impairs mitochondrial energy metabolism in muscle."
    )
    assert [(m.paper.title or "")[:26] for m in _papers(analyzer, body)] == ["Genetic depletion of early"]


# -- a two-name byline after "by" or "from" ------------------------------------------------


def test_a_two_name_byline_after_by_is_its_first_names_paper(analyzer: Analyzer) -> None:
    body = "There is also a 2026 review by Elahi, Whitfield and colleagues on red blood cells and hormones."
    assert [(_who(m), m.paper.doi) for m in _papers(analyzer, body)] == [
        ((None, "Elahi", 2026), "10.1016/j.molmed.2026.04.006")
    ]


def test_a_two_name_byline_after_from_is_its_first_names_paper(analyzer: Analyzer) -> None:
    body = "A 2023 study from Guo, Lipkin and colleagues measured how much butyrate gut bacteria make."
    assert [_who(m) for m in _papers(analyzer, body)] == [("guo-2023-deficient-butyrate", "Guo", 2023)]


def test_an_opening_word_before_a_name_is_still_no_byline(analyzer: Analyzer) -> None:
    body = "Later, Keller and colleagues retested 22 patients in 2014."
    assert [_who(m) for m in _papers(analyzer, body)] == [("keller-2014-inability-myalgic", "Keller", 2014)]


# -- a lab head named beside the paper they co-authored -------------------------------------


def test_a_lab_head_beside_a_card_they_co_authored_is_no_card_of_their_own(analyzer: Analyzer) -> None:
    body = "The Science Advances cytokine paper from Montoya's group showed immune changes early in illness."
    assert [_who(m) for m in _papers(analyzer, body)] == [("hornig-2015-distinct-plasma", "Hornig", 2015)]


def test_a_lab_head_beside_a_listed_paper_they_co_authored_is_that_paper(analyzer: Analyzer) -> None:
    body = "My doctor printed the PNAS treatment survey, the one Davis's lab ran with long COVID patients."
    assert [(_who(m), m.paper.doi) for m in _papers(analyzer, body)] == [
        ((None, "Eckey", 2025), "10.1073/pnas.2426874122")
    ]


def test_a_lab_heads_own_card_still_stands_in_a_sentence_of_its_own(analyzer: Analyzer) -> None:
    body = "The PNAS cytokine paper from Montoya's group tracked severity. Hornig's 2015 one studied onset."
    assert sorted(_who(m) for m in _papers(analyzer, body)) == [
        ("hornig-2015-distinct-plasma", "Hornig", 2015),
        ("montoya-2017-cytokine-signature", "Montoya", 2017),
    ]


def test_a_title_retold_beside_a_lab_head_names_the_paper_they_co_authored(analyzer: Analyzer) -> None:
    body = (
        "A paper from Montoya's group says distinct immune signatures show up in plasma early in the illness."
    )
    assert [_who(m) for m in _papers(analyzer, body)] == [("hornig-2015-distinct-plasma", "Hornig", 2015)]


def test_a_listed_title_retold_beside_a_lab_head_is_that_listed_paper(analyzer: Analyzer) -> None:
    body = (
        "Scheibenbogen's team posted a preprint: hyperbaric oxygen improved symptoms and functional "
        "capacity, and thalamic connectivity was restored."
    )
    assert [(_who(m), m.paper.doi) for m in _papers(analyzer, body)] == [
        ((None, "Kim", 2025), "10.1101/2025.10.29.25339096")
    ]


def test_a_lab_head_alone_still_suggests_their_own_card(analyzer: Analyzer) -> None:
    papers = _papers(analyzer, "Montoya's group found that cytokines tracked how severe the illness was.")
    assert [_who(m) for m in papers] == [("montoya-2017-cytokine-signature", "Montoya", 2017)]


# -- a journal's name inside an organisation's or a longer journal's name -------------------


def test_a_journal_name_inside_a_centres_name_names_no_journal(analyzer: Analyzer) -> None:
    body = (
        "One paper from the Center for Infection and Immunity looked at post-exertional malaise "
        "and blood vessels."
    )
    assert _papers(analyzer, body) == []


def test_a_journal_name_inside_a_longer_unknown_journals_name_names_no_journal(analyzer: Analyzer) -> None:
    body = "The Journal of Infection ran a paper on post-exertional malaise and small blood vessels."
    assert _papers(analyzer, body) == []


def test_the_journal_itself_beside_a_year_still_names_its_paper(analyzer: Analyzer) -> None:
    body = "A 2024 review published in Infection covered post-exertional malaise and small blood vessels."
    assert [(_who(m), m.paper.doi) for m in _papers(analyzer, body)] == [
        ((None, "Haunhorst", 2024), "10.1007/s15010-024-02386-8")
    ]


# -- a reanalysis told by its verb -----------------------------------------------------------


def test_a_reanalysis_told_by_its_verb_names_the_reanalysis_paper(analyzer: Analyzer) -> None:
    body = (
        "The PACE trial said graded exercise and CBT helped. Years later outsiders reanalysed the "
        "data by the original protocol, and most of the benefit went away."
    )
    assert sorted(_who(m)[0] or "" for m in _papers(analyzer, body)) == [
        "white-2011-comparison-adaptive",
        "wilshire-2018-rethinking-treatment",
    ]


def test_redoing_the_analysis_names_the_reanalysis_paper(analyzer: Analyzer) -> None:
    body = (
        "PACE claimed CBT and graded exercise worked. Then three researchers redid the analysis "
        "following the trial's published protocol and found far smaller effects."
    )
    assert "wilshire-2018-rethinking-treatment" in [m.card_id for m in _papers(analyzer, body)]


def test_reanalysing_ones_own_tests_names_no_paper(analyzer: Analyzer) -> None:
    assert _papers(analyzer, "My neurologist reanalysed my blood tests and found nothing new.") == []


# -- a pair of names read out of order -------------------------------------------------------


def test_a_pair_naming_the_lab_head_first_is_the_other_names_card(analyzer: Analyzer) -> None:
    body = "The Unutmaz and Xiong microbiome paper from 2023 split patients by how long they had been ill."
    assert [_who(m) for m in _papers(analyzer, body)] == [("xiong-2023-multi-omics", "Xiong", 2023)]


def test_a_pair_naming_the_lab_head_first_is_the_other_names_listed_paper(analyzer: Analyzer) -> None:
    body = "The Xiao and Eckey survey from 2025 asked thousands of patients what helped."
    assert [(_who(m), m.paper.doi) for m in _papers(analyzer, body)] == [
        ((None, "Eckey", 2025), "10.1073/pnas.2426874122")
    ]


def test_a_pair_whose_first_name_has_a_paper_of_that_year_stays_with_it(analyzer: Analyzer) -> None:
    body = "The Guo and Xiong paper from 2023 is the butyrate one."
    assert [_who(m) for m in _papers(analyzer, body)] == [("guo-2023-deficient-butyrate", "Guo", 2023)]


# -- a journal without a year, said of a pilot or a case series ------------------------------


def test_a_pilot_in_a_journal_without_a_year_is_that_journals_paper_on_it(analyzer: Analyzer) -> None:
    body = "Bergen has a small daratumumab pilot out in Frontiers in Medicine, ten patients or so."
    assert [(_who(m), m.paper.doi) for m in _papers(analyzer, body)] == [
        ((None, "Fluge", 2025), "10.3389/fmed.2025.1607353")
    ]


def test_a_case_series_in_a_journal_without_a_year_is_that_journals_card(analyzer: Analyzer) -> None:
    body = "A rituximab case series in BMC Neurology started the whole thing."
    assert [_who(m) for m in _papers(analyzer, body)] == [("fluge-2009-clinical-impact", "Fluge", 2009)]


# -- a small group told by its number and noun alone -----------------------------------------


def test_a_small_group_given_a_drug_is_the_one_case_series_of_that_size(analyzer: Analyzer) -> None:
    body = "Back then the Bergen doctors tried rituximab on three patients and all of them improved."
    assert [_who(m) for m in _papers(analyzer, body)] == [("fluge-2009-clinical-impact", "Fluge", 2009)]


def test_the_writers_acquaintances_are_no_case_series(analyzer: Analyzer) -> None:
    assert _papers(analyzer, "I know three people with ME who tried rituximab privately.") == []


def test_a_share_of_a_group_is_no_group_of_that_size(analyzer: Analyzer) -> None:
    assert _papers(analyzer, "Three of ten patients on rituximab improved for months.") == []


# -- the same team's work of another year -----------------------------------------------------

_AI_MODEL = (
    "In July 2025 a Nature Medicine paper combined gut microbes, blood immune cells and symptom scores "
    "in one AI model. It builds on the same team's {year} study."
)


def test_the_same_teams_study_of_another_year_is_their_paper_of_that_year(analyzer: Analyzer) -> None:
    papers = _papers(analyzer, _AI_MODEL.format(year=2023))
    assert sorted((m.card_id or "", m.paper.doi) for m in papers) == [
        ("", "10.1038/s41591-025-03788-3"),
        ("xiong-2023-multi-omics", "10.1016/j.chom.2023.01.001"),
    ]


def test_the_same_teams_study_of_a_year_they_published_nothing_names_nothing(analyzer: Analyzer) -> None:
    papers = _papers(analyzer, _AI_MODEL.format(year=2016))
    assert [m.paper.doi for m in papers] == ["10.1038/s41591-025-03788-3"]


@pytest.mark.parametrize("who", ["same lead author's", "same authors'"])
def test_the_same_authors_work_of_another_year_is_their_paper_of_that_year(
    analyzer: Analyzer, who: str
) -> None:
    body = (
        "A two-day exercise test study came out last year (doi 10.1186/s12967-024-05410-5). It extends "
        f"the {who} 2014 work on whether patients can repeat a maximal test."
    )
    assert [m.card_id for m in _papers(analyzer, body)] == [
        "keller-2024-cardiopulmonary-metabolic",
        "keller-2014-inability-myalgic",
    ]


def test_a_cohort_named_by_its_place_is_that_groups_study(analyzer: Analyzer) -> None:
    body = (
        "Among the Stanford cohort, cytokine levels barely differed on average between patients and "
        "healthy people, though some tracked severity."
    )
    assert [m.card_id for m in _papers(analyzer, body)] == ["montoya-2017-cytokine-signature"]


def test_a_cohort_named_by_a_studys_name_is_its_data_not_that_study(analyzer: Analyzer) -> None:
    # Another group's preprint on the DecodeME participants is not the DecodeME paper.
    body = (
        "A second group has posted a preprint searching for combinations of genetic risk factors in the "
        "DecodeME patient cohort, and says some are shared with long COVID."
    )
    assert [_who(m) for m in _papers(analyzer, body)] == [(None, "Sardell", 2025)]


def test_a_report_from_a_place_named_with_its_centre_is_that_groups_paper(analyzer: Analyzer) -> None:
    body = (
        "This builds on a 2015 report from Columbia's Center for Infection and Immunity, which found "
        "immune changes early in the illness."
    )
    assert [_who(m) for m in _papers(analyzer, body)] == [("hornig-2015-distinct-plasma", "Hornig", 2015)]


def test_a_study_led_from_a_place_is_that_groups_paper(analyzer: Analyzer) -> None:
    body = "A large study led from Columbia University saw immune activation in the first years of illness."
    assert [_who(m) for m in _papers(analyzer, body)] == [("hornig-2015-distinct-plasma", "Hornig", 2015)]


# -- a trial told by its phase and the treatment named before it ------------------------------


def test_its_phase_three_trial_after_a_brand_name_is_that_drugs_phase_three_card(analyzer: Analyzer) -> None:
    body = "Ampligen had its moment in 2012. Its phase III trial showed a modest gain on the treadmill."
    assert [_who(m) for m in _papers(analyzer, body)] == [("strayer-2012-double-blind", "Strayer", 2012)]


def test_a_phase_no_card_of_that_drug_says_it_is_names_nothing(analyzer: Analyzer) -> None:
    assert _papers(analyzer, "Rituximab again. Its phase 3 trial was negative.") == []


@pytest.mark.parametrize("det", ["The", "Their"])
def test_a_named_trial_of_a_phase_is_no_card_that_says_it_is_of_another(analyzer: Analyzer, det: str) -> None:
    # The one rituximab card that says a phase says II: "the phase 3 trial" is not it.
    assert _papers(analyzer, f"Rituximab once more. {det} phase 3 trial disappointed everyone.") == []


def test_a_phase_beside_a_named_study_leaves_the_name_to_say_which(analyzer: Analyzer) -> None:
    body = "My doctor mentioned rituximab. The phase II study looked promising back then."
    assert [_who(m)[0] for m in _papers(analyzer, body)] == ["fluge-2015-lymphocyte-depletion"]


# -- a surname typed in lower case before "et al." --------------------------------------------


def test_a_lower_case_surname_before_et_al_is_a_surname(analyzer: Analyzer) -> None:
    papers = _papers(analyzer, "honestly read walitt et al 2024 before you decide, it's long.")
    assert [_who(m) for m in papers] == [("walitt-2024-deep-phenotyping", "Walitt", 2024)]


def test_a_lower_case_word_before_et_al_that_is_no_name_cites_nothing(analyzer: Analyzer) -> None:
    assert _papers(analyzer, "the usual et al. stuff from 2024 again") == []


def test_a_lower_case_surname_before_et_al_names_a_listed_paper(analyzer: Analyzer) -> None:
    papers = _papers(analyzer, "have a look at eckey et al 2025 on which treatments people rated")
    assert [(_who(m), m.paper.doi) for m in papers] == [((None, "Eckey", 2025), "10.1073/pnas.2426874122")]


# -- an identifier cut off where another route named its paper --------------------------------


def test_a_cut_off_pmcid_of_a_paper_named_by_its_title_is_that_paper(analyzer: Analyzer) -> None:
    body = (
        'Half the link survived my phone: pmc.ncbi.nlm.nih.gov/articles/PMC44651. It was "Distinct '
        'plasma immune signatures in ME/CFS are present early in the course of illness".'
    )
    assert [_who(m)[0] for m in _papers(analyzer, body)] == ["hornig-2015-distinct-plasma"]


def test_a_short_pmcid_that_begins_no_cited_identifier_is_kept(analyzer: Analyzer) -> None:
    body = (
        'See pmc.ncbi.nlm.nih.gov/articles/PMC52117 and "Distinct plasma immune signatures in ME/CFS '
        'are present early in the course of illness".'
    )
    assert sorted((m.card_id or "", m.paper.pmcid or "") for m in _papers(analyzer, body)) == [
        ("", "PMC52117"),
        ("hornig-2015-distinct-plasma", "PMC4465185"),
    ]


def test_peer_reviewed_is_no_word_naming_a_paper(analyzer: Analyzer) -> None:
    body = (
        "In the Netherlands, a brain autopsy study has described its first ten donors. So far the team "
        "has shown its findings only in a recorded talk, not in a peer-reviewed paper."
    )
    assert [m.card_id for m in _papers(analyzer, body) if m.card_id] == []


def test_a_study_named_mostly_by_words_no_card_has_is_not_guessed_at(analyzer: Analyzer) -> None:
    body = "The Dutch brain autopsy study has shown its first ten cases in a talk."
    papers = _papers(analyzer, body)
    assert [m.card_id for m in papers if m.card_id] == []
    assert [(m.paper.title or "")[:32] for m in papers] == ["Dutch ME/CFS Brain Autopsy Study"]


def test_two_unknown_identifiers_one_beginning_the_other_are_two_papers(analyzer: Analyzer) -> None:
    body = (
        "Compare https://doi.org/10.5555/demo.1 with https://doi.org/10.5555/demo.12 "
        "and PMID 3411230 with PMID 34112301."
    )
    found = sorted((m.paper.doi or m.paper.pmid or "") for m in _papers(analyzer, body))
    assert found == ["10.5555/demo.1", "10.5555/demo.12", "3411230", "34112301"]


# -- works told by what they are about, with the kind of work and the year after it ------------


def test_a_report_from_a_year_about_its_topic_names_the_listed_report(analyzer: Analyzer) -> None:
    # A report (not only a study or a paper) dated after its kind: "a report from 2023 on …".
    body = "My neurologist printed an interim report from 2023 on repeat immunoadsorption after COVID."
    assert [_who(m) for m in _papers(analyzer, body)] == [(None, "Stein", 2023)]


def test_papers_sharing_only_the_common_naming_words_are_no_rivals(analyzer: Analyzer) -> None:
    # Other 2023 papers hold "post" and "covid"; only one holds "repeat immunoadsorption" too,
    # and those rare words weigh more than the common ones.
    body = "Apparently a 2023 study about repeat immunoadsorption in post-COVID patients exists too."
    assert [_who(m) for m in _papers(analyzer, body)] == [(None, "Stein", 2023)]


def test_a_year_and_common_words_alone_still_name_no_paper(analyzer: Analyzer) -> None:
    # Several 2023 papers are about post-COVID illness: those words pick none of them.
    body = "There was a 2023 study about post-COVID fatigue in patients that my aunt mentioned."
    assert _papers(analyzer, body) == []


# -- a group's place names the study led there ---------------------------------------------------


def test_a_place_names_the_study_led_there_not_one_it_only_joined(analyzer: Analyzer) -> None:
    # Hornig's multi-site cytokine study has a Stanford co-author; the 2017 one was led from
    # Stanford, so "the Stanford study" beside Hornig's is that one.
    body = "Hornig saw early activation; the Stanford study found cytokines that rose with severity."
    assert sorted(m.card_id or "" for m in _papers(analyzer, body)) == [
        "hornig-2015-distinct-plasma",
        "montoya-2017-cytokine-signature",
    ]


# -- a group's work told with a possessive -------------------------------------------------------


@pytest.mark.parametrize(
    ("body", "card"),
    [
        (
            "The Cornell lab's work on T cells shows their glycolysis falls short at rest.",
            "mandarano-2020-myalgic-encephalomyelitis",
        ),
        (
            "The Bergen team's metabolite measurements point to a block at pyruvate dehydrogenase.",
            "fluge-2016-metabolic-profiling",
        ),
    ],
)
def test_a_groups_work_saying_what_it_found_names_the_groups_paper(
    analyzer: Analyzer, body: str, card: str
) -> None:
    assert [m.card_id for m in _papers(analyzer, body)] == [card]


def test_a_groups_possession_that_reports_nothing_names_no_paper(analyzer: Analyzer) -> None:
    assert _papers(analyzer, "The Bergen group's funding appeal is still open, and the team is small.") == []


# -- a journal without a year, and a group size the sentence gives --------------------------------

_EARLIER_PILOT = (
    "A Norwegian team reports that an old cancer drug did no better than saline infusions. At "
    "Haukeland hospital, 151 patients got rituximab or placebo across a year and were followed for "
    "two years. Neither fatigue nor function improved with the drug. The disappointment was sharper "
    "since the same doctors had reported encouraging signs in a small placebo-controlled study of "
    "30 patients in PLOS ONE, where most of those given the drug improved. Since then they have "
    "moved to plasma cells, trying daratumumab in a pilot published in Frontiers in Medicine."
)


def test_a_journals_paper_the_words_favour_and_the_size_confirms_is_named(analyzer: Analyzer) -> None:
    # Two of the journal's rituximab-era papers fit the words; only one reports 30 patients.
    cards = [m.card_id for m in _papers(analyzer, _EARLIER_PILOT)]
    assert "fluge-2011-benefit-lymphocyte" in cards


def test_a_size_no_paper_of_the_journal_reports_confirms_nothing(analyzer: Analyzer) -> None:
    cards = [m.card_id for m in _papers(analyzer, _EARLIER_PILOT.replace("30 patients", "46 patients"))]
    assert "fluge-2011-benefit-lymphocyte" not in cards


# -- a short title in running text beside its first author ---------------------------------------


def test_a_short_title_in_running_text_beside_its_first_author_names_the_paper(analyzer: Analyzer) -> None:
    body = "Mark Vink wrote an overview of severe myalgic encephalomyelitis that my GP finally read."
    assert [_who(m) for m in _papers(analyzer, body)] == [(None, "Vink", 2026)]


def test_the_same_words_without_the_author_are_only_a_phrase(analyzer: Analyzer) -> None:
    body = "I would love an overview of severe myalgic encephalomyelitis written for GPs."
    assert _papers(analyzer, body) == []


# -- asking whether any such work exists -------------------------------------------------------


def test_asking_whether_any_trial_of_a_topic_exists_names_none(analyzer: Analyzer) -> None:
    assert _papers(analyzer, "Any good trials of pacing itself, with step counters?") == []


def test_a_question_about_a_trial_already_known_still_names_it(analyzer: Analyzer) -> None:
    body = "Was the trial of pacing itself any good?"
    assert [m.card_id for m in _papers(analyzer, body)] == ["white-2011-comparison-adaptive"]


# -- a questionnaire is how a study asks, not what design it is ----------------------------------


def test_a_trials_follow_up_told_as_a_questionnaire_is_still_the_follow_up(analyzer: Analyzer) -> None:
    # Trials measure by questionnaires; the word says nothing against a trial's paper.
    body = (
        "Their long-term follow-up in the Lancet Psychiatry went out to participants as a postal "
        "questionnaire."
    )
    assert [m.card_id for m in _papers(analyzer, body)] == ["sharpe-2015-rehabilitative-treatments"]


# -- a group's place narrows a journal's papers to its own; the words choose among them --------


def test_of_a_places_papers_in_a_journal_the_words_choose_one(analyzer: Analyzer) -> None:
    # Two Stanford-led papers appeared in PNAS: a cytokine card and a listed treatment survey.
    body = (
        "Researchers at Stanford asked thousands of patients to rate every treatment they had "
        "tried, and the paper came out in PNAS."
    )
    assert [_who(m) for m in _papers(analyzer, body)] == [(None, "Eckey", 2025)]


def test_a_place_and_a_journal_with_no_words_about_the_work_name_nothing(analyzer: Analyzer) -> None:
    assert _papers(analyzer, "Researchers at Stanford have a paper in PNAS, apparently.") == []


@pytest.mark.parametrize("joiner", [", titled ", ": ", ", called "])
def test_a_description_introducing_a_title_is_that_titled_paper(analyzer: Analyzer, joiner: str) -> None:
    # Read alone, "the Griffith lab paper" would be guessed at another of that group's papers.
    body = (
        f'My GP read the Griffith lab paper{joiner}"low-dose naltrexone restored TRPM3 ion channel '
        'function in natural killer cells from long covid patients".'
    )
    assert [_who(m) for m in _papers(analyzer, body)] == [(None, "Sasso", 2025)]


def test_a_report_from_a_named_group_about_a_topic_is_read_by_what_it_is_about(analyzer: Analyzer) -> None:
    body = (
        "My neurologist mentioned a report from the same Berlin group about repeat "
        "immunoadsorption after COVID."
    )
    assert [_who(m) for m in _papers(analyzer, body)] == [(None, "Stein", 2023)]
    # (words many papers share still name none)
    assert _papers(analyzer, body.replace("repeat immunoadsorption", "fatigue")) == []


def test_a_work_told_by_what_it_is_about_beside_an_uncovered_paper_is_read(analyzer: Analyzer) -> None:
    # Regression: a card named by "a trial of …" in a post that also cites a paper the atlas
    # lacks made the check of whether the words may name that paper fail on the citation's form.
    body = "Was the trial of pacing itself any good? Also Stein 2023 on repeat immunoadsorption."
    assert sorted((m.card_id or "", m.paper.first_author) for m in _papers(analyzer, body)) == [
        ("", "Stein"),
        ("white-2011-comparison-adaptive", "White"),
    ]


# -- a follow-up told without a name, after the trial was named ---------------------------------


def test_the_follow_up_after_a_named_trial_is_that_trials_follow_up(analyzer: Analyzer) -> None:
    body = (
        "Our fatigue clinic still hands out leaflets built on the PACE trial. Its 2013 recovery paper "
        "is quoted on page two. The long-term follow-up, they say, shows the gains lasted."
    )
    cards = [m.card_id for m in _papers(analyzer, body)]
    assert "sharpe-2015-rehabilitative-treatments" in cards


def test_a_follow_up_with_no_trial_named_before_it_names_nothing(analyzer: Analyzer) -> None:
    assert _papers(analyzer, "The long-term follow-up, they say, shows the gains lasted.") == []


# -- "the same group … in 2023 … a study": the team of the paper cited before ---------------------

_SAME_GROUP_LATER = (
    "Jackson Laboratory researchers trained a machine-learning model on blood and gut data, in "
    "Nature Medicine in 2025. The same group drew attention in 2023 with a study of gut microbes "
    "early and late in the illness."
)


def test_the_same_group_with_a_year_and_a_study_later_in_the_clause_is_their_paper(
    analyzer: Analyzer,
) -> None:
    assert ("xiong-2023-multi-omics", "Xiong", 2023) in [
        _who(m) for m in _papers(analyzer, _SAME_GROUP_LATER)
    ]


def test_the_same_group_in_a_year_they_published_nothing_names_nothing_more(analyzer: Analyzer) -> None:
    papers = _papers(analyzer, _SAME_GROUP_LATER.replace("2023", "2019"))
    assert [_who(m) for m in papers] == [(None, "Xiong", 2025)]


# -- a title written out in full beside another card's identifier ---------------------------------


def test_a_title_written_out_beside_another_cards_identifier_is_its_own_paper(analyzer: Analyzer) -> None:
    body = (
        "My reading this week: the Maes paper (PMID 17693978) and, separately, the one called "
        "'metabolic features of chronic fatigue syndrome'."
    )
    cards = sorted(m.card_id or "" for m in _papers(analyzer, body))
    assert cards == ["maes-2007-mind-but", "naviaux-2016-metabolomics"]


def test_a_trials_name_beside_its_later_papers_identifier_is_still_that_paper(analyzer: Analyzer) -> None:
    # A name ("PACE") is no written-out title: beside the recovery paper's DOI it is that paper.
    body = "The PACE recovery analysis (doi:10.1017/S0033291713000020) moved the goalposts."
    assert [m.card_id for m in _papers(analyzer, body)] == ["white-2013-recovery-chronic"]


# -- a place's work told by a topic its one card does not share ---------------------------------


def test_a_places_work_on_a_topic_its_card_lacks_is_not_that_card(analyzer: Analyzer) -> None:
    body = "Someone mentioned an older T-cell paper from Japan but I never found it."
    assert _papers(analyzer, body) == []


def test_a_places_work_on_its_cards_topic_is_that_card(analyzer: Analyzer) -> None:
    body = "Someone mentioned an older brain-scan paper from Japan but I never found it."
    assert [m.card_id for m in _papers(analyzer, body)] == ["nakatomi-2014-neuroinflammation-japan"]


# -- a retold title must tell what the paper is about -----------------------------------------


def test_a_line_of_design_words_retells_no_title(analyzer: Analyzer) -> None:
    # A feed's "Study design:" line holds a review's title words, but only those of its design.
    body = "New in the journal this week\nStudy design: Systematic review and meta-analysis\nA look at sleep."
    assert _papers(analyzer, body) == []


# -- a trial told by its size, with the treatment beside it ----------------------------------


@pytest.mark.parametrize(
    ("body", "card"),
    [
        # The small 2011 trial's title holds "placebo-controlled"; "large" and rituximab say 2019.
        (
            "Sure, in the large placebo-controlled trial rituximab failed to beat saline.",
            "fluge-2019-lymphocyte-depletion",
        ),
        (
            "Sure, in the large placebo-controlled trial rintatolimod helped a bit.",
            "strayer-2012-double-blind",
        ),
    ],
)
def test_a_large_trial_with_its_treatment_beside_it_is_that_treatments_largest(
    analyzer: Analyzer, body: str, card: str
) -> None:
    assert [m.card_id for m in _papers(analyzer, body)] == [card]


# -- a PMID cut to a few digits that one listed paper begins with ------------------------------


def test_a_pmid_cut_to_four_digits_is_no_listed_paper_by_its_prefix_alone(analyzer: Analyzer) -> None:
    # One listed paper's PMID begins 4176; thousands of others do too, and nothing here fits it.
    body = (
        "All I kept was pubmed.ncbi.nlm.nih.gov/4176 and the rest got cut off; it was about autoantibodies."
    )
    assert _papers(analyzer, body) == []


def test_a_title_cut_off_in_a_list_is_found_and_leaves_the_next_item_its_own(analyzer: Analyzer) -> None:
    # The cut title's missing words are no licence to read on past the ellipsis into the next
    # item of the list (which would then hide the title behind "the systematic review").
    body = (
        "Reading list for the weekend:\n"
        '1. "Cytokine signature associated with disease severity in..." (PNAS)\n'
        "2. the systematic review everyone quotes, at pmc.ncbi.nlm.nih.gov/articles/PMC6708220"
    )
    assert [m.card_id for m in _papers(analyzer, body)] == [
        "montoya-2017-cytokine-signature",
        "corbitt-2019-systematic-review",
    ]


def test_a_listed_title_cut_off_in_quotes_is_one_paper_not_also_an_unknown_one(analyzer: Analyzer) -> None:
    body = (
        'A friend with long COVID forwarded "Transcutaneous Auricular Vagal Nerve Stimulation Against '
        'Fatigue Syndrome in Patients with Long COVID: Results of the..." and asked whether it applies to ME.'
    )
    assert [_who(m) for m in _papers(analyzer, body)] == [(None, "Gierthmuehlen", 2026)]


def test_a_pmcid_cut_to_two_digits_is_read_by_the_words_beside_it_not_by_its_link(
    analyzer: Analyzer,
) -> None:
    # Four sample cards' PMCIDs begin PMC10, and so do a million other papers'. Neither the
    # link's own words ("nih" in its host) nor another paragraph of the post tell which one.
    body = (
        "My cousin's text only showed pmc.ncbi.nlm.nih.gov/articles/PMC10... before the preview "
        "stopped, and I never found the rest.\n\nSeparately, my dietitian keeps going on about gut "
        "bacteria that make butyrate and how patients seem to have fewer of them."
    )
    assert _papers(analyzer, body) == []


@pytest.mark.parametrize(
    ("body", "card"),
    [
        (
            "Hornig's findings on people early versus late in the illness fit this.",
            "hornig-2015-distinct-plasma",
        ),
        (
            "Montoya's work on cytokines and severity is what my specialist quoted.",
            "montoya-2017-cytokine-signature",
        ),
    ],
)
def test_a_surnames_findings_or_work_names_their_paper(analyzer: Analyzer, body: str, card: str) -> None:
    assert [m.card_id for m in _papers(analyzer, body)] == [card]


# -- "the first …" of works the words fit alike ----------------------------------------------------

_FIRST_OF_SEVERAL = (
    "Back in 2009 Science ran a paper finding XMRV in 68 of 101 patients; it was retracted two years "
    "on. The decisive blinded study, which the original labs joined, found no XMRV in 147 patients "
    "or 146 controls. Even the first Norwegian rituximab trial tested its patients for XMRV and found "
    "none. Contaminated lab reagents probably explain the first result."
)


def test_the_first_of_a_groups_trials_the_words_fit_alike_is_the_earliest(tie_breaking: Analyzer) -> None:
    # Two Norwegian rituximab trials fit "Norwegian rituximab trial" alike; "first" says 2011.
    cards = [m.card_id for m in tie_breaking.papers("", _FIRST_OF_SEVERAL)[3] if not is_unresolved(m)]
    assert "fluge-2011-benefit-lymphocyte" in cards
    assert "fluge-2015-lymphocyte-depletion" not in cards


# -- "X and colleagues" retelling a title of X's ---------------------------------------------------


@pytest.mark.parametrize(
    ("body", "who"),
    [
        (
            "Che and colleagues now argue that heightened innate immunity may trigger chronic "
            "inflammation and fatigue after exertion.",
            (None, "Che", 2025),
        ),
        (
            "Che and colleagues found signs of peroxisomal dysfunction in the metabolomic data.",
            ("che-2022-metabolomic-evidence", "Che", 2022),
        ),
    ],
)
def test_a_surname_and_colleagues_retelling_a_title_is_that_paper(
    analyzer: Analyzer, body: str, who: tuple[str | None, str, int]
) -> None:
    assert [_who(m) for m in _papers(analyzer, body)] == [who]


def test_a_dated_work_with_its_groups_place_beside_it_is_that_groups_paper(analyzer: Analyzer) -> None:
    # "plasmalogen" is in the card's summary, not its title; the place told after the work
    # stands in for a title word
    body = "Then there's the 2022 plasmalogen paper from Columbia, which I keep meaning to read."
    assert [_who(m) for m in _papers(analyzer, body)] == [("che-2022-metabolomic-evidence", "Che", 2022)]


def test_a_place_after_a_work_ends_at_its_sentence(analyzer: Analyzer) -> None:
    from bot.evidence.mentions import scan_works_of_places
    from bot.evidence.textnorm import PostText

    text = "I liked the study from Bergen. Peroxisomal trouble came up later."
    assert [c.value for c in scan_works_of_places(PostText(text))] == ["named:group|bergen"]


def test_a_control_said_to_be_missing_does_not_rule_out_an_uncontrolled_trial(analyzer: Analyzer) -> None:
    body = (
        "Immunoadsorption for beta-2 antibodies sounds great. "
        "But the 2018 pilot had ten patients and no sham group."
    )
    assert [_who(m) for m in _papers(analyzer, body)] == [
        ("scheibenbogen-2018-immunoadsorption-remove", "Scheibenbogen", 2018)
    ]


@pytest.mark.parametrize("cut", ["PMC44651 something", "PMC44651-something", "PMC44651 (cut off)"])
def test_an_identifier_said_to_go_on_is_a_prefix_not_a_paper(analyzer: Analyzer, cut: str) -> None:
    body = f"The early-onset cytokine paper is {cut}, my screenshot lost the rest."
    assert [_who(m)[0] for m in _papers(analyzer, body)] == ["hornig-2015-distinct-plasma"]


def test_a_dated_work_from_the_same_lab_is_that_labs_paper_of_the_year(analyzer: Analyzer) -> None:
    body = (
        "Keller's 2014 study came first. "
        "Then the bigger 2024 paper from the same lab added sedentary controls."
    )
    assert [_who(m)[0] for m in _papers(analyzer, body)] == [
        "keller-2014-inability-myalgic",
        "keller-2024-cardiopulmonary-metabolic",
    ]


def test_two_papers_of_a_journal_are_not_whichever_two_the_atlas_holds(analyzer: Analyzer) -> None:
    # the sample atlas holds two papers of that journal; only one is about T cells
    papers = _papers(analyzer, "Two JCI papers on T cells have me confused.")
    assert "fluge-2021-pathomechanisms-possible" not in [m.card_id for m in papers]


def test_a_year_bracketed_after_one_name_is_not_lent_to_the_next(analyzer: Analyzer) -> None:
    body = "I read Maes et al. (2012) on oxidative stress, and then Quarrington et al. on sleep in teenagers."
    values = [c.value for c in analyzer.papers("", body)[2] if c.kind == "author_year"]
    assert values == ["Maes 2012", "Quarrington"]


def test_a_name_before_its_own_year_still_takes_it(analyzer: Analyzer) -> None:
    body = "Quarrington et al., 2019, looked at sleep; Maes et al. (2012) at oxidative stress."
    values = [c.value for c in analyzer.papers("", body)[2] if c.kind == "author_year"]
    assert values == ["Quarrington 2019", "Maes 2012"]


# -- a work named in one sentence, told in the next -------------------------------------------


def test_a_title_retold_in_the_sentence_after_the_work_names_it(analyzer: Analyzer) -> None:
    body = (
        "A friend forwarded me a lab study on natural killer cells last month. "
        "Cells taken from long COVID patients had their TRPM3 ion channel function restored by "
        "low-dose naltrexone."
    )
    assert [_who(m) for m in _papers(analyzer, body)] == [(None, "Sasso", 2025)]


def test_the_writer_speaking_after_a_work_retells_no_title(analyzer: Analyzer) -> None:
    # "low dose naltrexone … long covid" is most of a listed review's title, but it is the
    # writer's own story, not what the study before it did
    body = (
        "Then I found an older study on that drug. "
        "My long covid doctor is keen on low dose naltrexone anyway."
    )
    assert _papers(analyzer, body) == []


def test_a_sentence_after_the_researchers_of_a_cited_paper_is_that_paper(analyzer: Analyzer) -> None:
    body = (
        "Someone posted doi 10.3389/fmolb.2025.1582967 last week. The researchers looked again "
        "at an older question. Low dose naltrexone in long covid, a systematic look at the effect."
    )
    assert [_who(m) for m in _papers(analyzer, body)] == [(None, "Sasso", 2025)]


# -- a work named by its group's place ----------------------------------------------------------


def test_a_lab_paper_named_by_its_place_is_not_the_places_only_card(analyzer: Analyzer) -> None:
    # the sample atlas's one Griffith card is a review of cytokines; the group's listed paper on
    # natural killer cells and the drug fits these words better
    body = (
        "I also liked the Griffith lab paper where natural killer cells "
        "from long COVID patients met the drug."
    )
    assert "corbitt-2019-systematic-review" not in [m.card_id for m in _papers(analyzer, body)]


def test_a_study_from_a_country_no_card_is_from_is_no_card(analyzer: Analyzer) -> None:
    assert (
        _papers(analyzer, "My sister swears by the Polish open-label pilot of a probiotic for fatigue.") == []
    )
    # the same words without the country still name the atlas's open-label pilot
    body = "My sister swears by the open-label pilot of rituximab maintenance."
    assert [_who(m)[0] for m in _papers(analyzer, body)] == ["fluge-2015-lymphocyte-depletion"]


@pytest.mark.parametrize(
    "body",
    [
        "My cardiologist mentioned two papers from 2023, both in Cell Host & Microbe, on gut bacteria.",
        "I kept two links from the same issue of Cell Host & Microbe in 2023 about the gut microbiome.",
    ],
)
def test_works_said_to_share_a_journal_are_each_of_its_papers(analyzer: Analyzer, body: str) -> None:
    # the sample atlas holds exactly two papers of that journal and year, both on the gut
    assert sorted(_who(m)[0] or "" for m in _papers(analyzer, body)) == [
        "guo-2023-deficient-butyrate",
        "xiong-2023-multi-omics",
    ]


@pytest.mark.parametrize(
    ("body", "team_work"),
    [
        (
            "Fluge et al. 2015 kept patients on maintenance infusions. "
            "Four years earlier the same group had given thirty patients two infusions or saline.",
            "fluge-2011-benefit-lymphocyte",
        ),
        (
            "Keller et al. (2014) ran two exercise tests a day apart. "
            "Ten years later the same lab repeated it with sedentary controls.",
            "keller-2024-cardiopulmonary-metabolic",
        ),
    ],
)
def test_the_same_teams_work_years_apart_is_counted_from_the_cited_paper(
    analyzer: Analyzer, body: str, team_work: str
) -> None:
    assert [_who(m)[0] for m in _papers(analyzer, body)][1:] == [team_work]


def test_years_apart_without_the_same_team_name_no_work(analyzer: Analyzer) -> None:
    body = (
        "Keller et al. (2014) ran two exercise tests a day apart. "
        "Ten years later, a different lab repeated it."
    )
    assert [_who(m)[0] for m in _papers(analyzer, body)] == ["keller-2014-inability-myalgic"]


def test_a_study_in_a_groups_city_is_that_groups_work(analyzer: Analyzer) -> None:
    body = "I read about a study in Berlin with immunoadsorption; it had ten patients."
    assert [_who(m)[0] for m in _papers(analyzer, body)] == ["scheibenbogen-2018-immunoadsorption-remove"]


def test_a_groups_work_of_a_year_may_be_a_listed_paper(analyzer: Analyzer) -> None:
    # the atlas holds the Charité's 2018 pilot; its 2023 report on repeat treatment is listed only
    body = "A newer observational report from Berlin in 2023 looked at repeat immunoadsorption after covid."
    assert [_who(m) for m in _papers(analyzer, body)] == [(None, "Stein", 2023)]


@pytest.mark.parametrize(
    ("year", "follow_up"), [(2013, []), (2015, ["sharpe-2015-rehabilitative-treatments"])]
)
def test_a_follow_up_of_a_named_trial_keeps_the_year_it_is_given(
    analyzer: Analyzer, year: int, follow_up: list[str]
) -> None:
    # the atlas's one follow-up of the trial is from 2015: "the 2013 follow-up" is another paper
    body = (
        "The PACE trial (White et al. 2011) set it all off. "
        f"Then the {year} follow-up said the gains had faded."
    )
    assert [_who(m)[0] for m in _papers(analyzer, body)] == ["white-2011-comparison-adaptive", *follow_up]


def test_criteria_told_by_the_year_of_the_one_meant_are_those_criteria(analyzer: Analyzer) -> None:
    body = "My first consultant went by whichever case definition was older, so the 1994 version."
    assert [_who(m)[0] for m in _papers(analyzer, body)] == ["fukuda-1994-chronic-fatigue"]


@pytest.mark.parametrize(
    ("body", "team_work"),
    [
        (
            "Keller et al. (2014) ran two exercise tests a day apart. "
            "A later study by the same lab added sedentary controls and measured metabolic recovery.",
            "keller-2024-cardiopulmonary-metabolic",
        ),
        (
            "Keller et al. (2024) tested sedentary controls. "
            "An earlier paper from the same lab found the day-two drop in exercise capacity.",
            "keller-2014-inability-myalgic",
        ),
    ],
)
def test_the_same_teams_later_or_earlier_work_is_the_one_its_words_fit(
    analyzer: Analyzer, body: str, team_work: str
) -> None:
    assert [_who(m)[0] for m in _papers(analyzer, body)][1:] == [team_work]


def test_a_name_told_with_this_year_borrows_no_other_works_year(analyzer: Analyzer) -> None:
    body = (
        "I liked the Jackson Lab modelling study (2025), and also a proteome paper in "
        "Cell Reports Medicine this year from Hoel and colleagues."
    )
    values = [c.value for c in analyzer.papers("", body)[2] if c.kind == "author_year"]
    assert values == ["Hoel"]
    assert (None, "Hoel", 2026) in [_who(m) for m in _papers(analyzer, body)]


def test_a_short_title_told_word_for_word_beside_its_journal_is_that_paper(analyzer: Analyzer) -> None:
    body = (
        "Our support group read a recent overview of severe ME in the Journal of Clinical Medicine together."
    )
    assert [_who(m) for m in _papers(analyzer, body)] == [(None, "Vink", 2026)]
    # one of the title's words alone ("severe") is no retelling
    assert _papers(analyzer, body.replace("overview", "paper")) == []


def test_the_work_named_again_by_its_noun_is_the_paper_cited_with_it(analyzer: Analyzer) -> None:
    # "The pilot" names again the pilot cited by its DOI; its words must not retell another card.
    body = (
        "A physician in Munich lent me the 2018 pilot (doi 10.1371/journal.pone.0193672). The pilot "
        "picked patients with high antibodies against beta-2 adrenergic receptors and filtered them "
        "out of the blood."
    )
    assert [_who(m) for m in _papers(analyzer, body)] == [
        ("scheibenbogen-2018-immunoadsorption-remove", "Scheibenbogen", 2018)
    ]


def test_a_work_of_the_trial_named_before_is_still_read(analyzer: Analyzer) -> None:
    # "The trial's follow-up" is not the cited reanalysis named again: it is another paper.
    body = (
        "A 2018 reanalysis of the PACE data (doi 10.1186/s40359-018-0218-3) used the trial's own "
        "protocol. The trial's long-term follow-up, out in 2015, found many had extra treatment afterwards."
    )
    assert [_who(m) for m in _papers(analyzer, body)] == [
        ("wilshire-2018-rethinking-treatment", "Wilshire", 2018),
        ("sharpe-2015-rehabilitative-treatments", "Sharpe", 2015),
    ]


def test_a_trial_name_before_a_quoted_word_names_the_later_paper(analyzer: Analyzer) -> None:
    # 'the PACE "recovery" rate' is told by the recovery paper, not by the trial's own report.
    body = (
        'My physio keeps quoting the PACE "recovery" rate. '
        "The paper behind it is White et al. 2013 in Psychological Medicine."
    )
    assert [_who(m) for m in _papers(analyzer, body)] == [("white-2013-recovery-chronic", "White", 2013)]


def test_several_studies_that_came_out_in_one_journal_and_year_are_each_paper(analyzer: Analyzer) -> None:
    body = (
        "Two studies came out together in Cell Host & Microbe in 2023 and both blamed missing "
        "butyrate producers in the gut."
    )
    assert sorted(_who(m) for m in _papers(analyzer, body)) == [
        ("guo-2023-deficient-butyrate", "Guo", 2023),
        ("xiong-2023-multi-omics", "Xiong", 2023),
    ]


def test_a_coined_word_of_one_title_beside_its_year_or_journal_names_that_paper(analyzer: Analyzer) -> None:
    dated = "Back in 2023 the WASF3 result changed how I think about my exercise intolerance."
    assert [_who(m) for m in _papers(analyzer, dated)] == [(None, "Wang", 2023)]
    in_journal = (
        "The EpiSwitch test was written up in the Journal of Translational Medicine, my neurologist says."
    )
    assert [_who(m) for m in _papers(analyzer, in_journal)] == [(None, "Hunter", 2025)]


def test_a_coined_word_alone_names_its_subject_not_a_paper(analyzer: Analyzer) -> None:
    assert _papers(analyzer, "WASF3 keeps coming up in my feed lately.") == []
    # a word in capitals that one title holds is an abbreviation, not a name ("USA")
    body = (
        "My doctor agreed once I showed him a pilot study from the USA, in the Journal of "
        "Translational Medicine, 2025."
    )
    assert [m for m in _papers(analyzer, body) if "USA" in (m.paper.title or "")] == []


def test_a_retold_title_must_hold_the_rare_word_the_sentence_names_it_by(analyzer: Analyzer) -> None:
    # The listed naltrexone review's short title is nearly all said here, but "TRPM3" is the
    # word of another listed paper that holds as many of the sentence's words.
    body = "A friend sent me a lab study on low-dose naltrexone and TRPM3 in NK cells of long COVID patients."
    assert [m for m in _papers(analyzer, body) if m.paper.first_author == "Byambasuren"] == []


def test_a_project_that_follows_on_from_a_named_study_is_not_that_study(analyzer: Analyzer) -> None:
    body = "Our charity now funds a whole-genome study, a follow-on project from DecodeME."
    assert _papers(analyzer, body) == []


def test_that_study_after_a_work_named_without_a_citation_is_that_work(analyzer: Analyzer) -> None:
    # "In that study" points back to the lab study of the sentence before, which cited nothing,
    # not to the paper cited by its DOI two sentences earlier.
    body = (
        "The big TRPM3 paper is at doi.org/10.3389/fmed.2025.1703924. They also put out a lab study "
        "using NK cells from people with long COVID. In that study, low-dose naltrexone restored "
        "TRPM3 channel function in those natural killer cells."
    )
    assert [_who(m) for m in _papers(analyzer, body)] == [
        (None, "Martini Sasso", 2025),
        (None, "Sasso", 2025),
    ]


def test_a_journal_told_with_three_words_of_a_title_in_a_row_is_that_paper(analyzer: Analyzer) -> None:
    body = (
        "Onset of ME/CFS clusters at two ages, according to a new analysis published in Oxford Open "
        "Immunology. Those whose disease began early had a higher severity burden than those who got "
        "ill later."
    )
    assert [_who(m) for m in _papers(analyzer, body)] == [(None, "McGrath", 2026)]


def test_a_work_told_before_and_said_to_be_in_a_journal_is_read_with_that_journal(analyzer: Analyzer) -> None:
    body = (
        "My sister found a new study about when ME starts. The age of onset apparently has two peaks, "
        "one young and one older, and those who fall ill young end up with a heavier severity burden. "
        "It's in Oxford Open Immunology if you want it."
    )
    assert [_who(m) for m in _papers(analyzer, body)] == [(None, "McGrath", 2026)]
    # without a work told before, "it's in <journal>" names no paper
    assert _papers(analyzer, "It's in Oxford Open Immunology if you want it.") == []


def test_two_authors_of_one_paper_named_side_by_side_are_that_paper(analyzer: Analyzer) -> None:
    body = "My neurologist sent me the overview by Tony Komaroff and Robert Dantzer on why symptoms linger."
    assert [_who(m) for m in _papers(analyzer, body)] == [(None, "Komaroff", 2025)]


def test_two_authors_of_several_papers_need_a_year(analyzer: Analyzer) -> None:
    assert _papers(analyzer, "Fluge and Mella have written a lot about rituximab.") == []
    # a year beside the pair that is not the one paper's says another paper
    assert _papers(analyzer, "Komaroff and Dantzer wrote about sickness behaviour back in 2008.") == []
    # the heads of a group name the group, not one of its papers
    assert _papers(analyzer, "The lab led by Komaroff and Dantzer keeps busy.") == []


def test_a_review_said_to_be_one_counts_toward_a_review_cards_findings(analyzer: Analyzer) -> None:
    # The finding told alone is too little; that a meta-analysis found it tips it to the one
    # review card that tells it.
    said = "For fibromyalgia, a meta-analysis found plasma IL-6 just modestly raised in patients vs controls."
    assert [_who(m) for m in _papers(analyzer, said)] == [("uceyler-2011-systematic-review", "Uceyler", 2011)]
    # (Told with its long, rare word "fibromyalgia" whole, the finding alone is enough since the
    # long-word change; told with the abbreviation, the finding alone is still too little.)
    alone = "For FM, one paper found plasma IL-6 just modestly raised in patients vs controls."
    assert _papers(analyzer, alone) == []


def test_a_co_author_in_a_byline_of_a_cited_paper_names_no_paper_of_their_own(analyzer: Analyzer) -> None:
    body = (
        "Myalgic encephalomyelitis/chronic fatigue syndrome patients exhibit altered T cell metabolism "
        "and cytokine associations\nAlex Mandarano, Ludovic Giloteaux and co-authors\n"
        "Worth a read if you care about T cells."
    )
    assert [_who(m) for m in _papers(analyzer, body)] == [
        ("mandarano-2020-myalgic-encephalomyelitis", "Mandarano", 2020)
    ]


def test_a_month_after_a_work_is_its_date_not_its_groups_place(analyzer: Analyzer) -> None:
    found = analyzer.papers("", "The physiologist gave us a preprint from January.")[2]
    assert [c.value for c in found if c.value.startswith("named:group")] == []


def test_a_journal_that_ran_a_piece_names_that_piece(analyzer: Analyzer) -> None:
    body = (
        "The British Journal of Sports Medicine ran a piece calling cardiac deconditioning a myth "
        "for post-exertional malaise in long covid."
    )
    assert [_who(m) for m in _papers(analyzer, body)] == [(None, "Charlton", 2026)]


# -- a feed item's byline line of one name "and colleagues" -----------------------------------


def _first_of_the_tied(context: str, cands: tuple[str, ...]) -> list[float]:
    """A tie breaker that always decides (for the first card): whatever reaches it is guessed."""
    return [1.0] + [0.0] * (len(cands) - 1)


def test_a_byline_of_one_name_and_colleagues_is_the_items_own_paper_not_a_guess() -> None:
    from evidence.golden_io import SAMPLE_CARDS

    from bot.atlas.importer import read_atlas

    deciding = Analyzer(read_atlas([SAMPLE_CARDS]).cards, tie_breaker=_first_of_the_tied)
    body = (
        "New in Frontiers in Medicine\n"
        "Fluge and co-authors, Department of Oncology, Bergen\n"
        "Patients received a drug that removes antibody-producing plasma cells; the paper reports "
        "tolerability and how they fared over a year.\n"
        "https://doi.org/10.3389/fmed.2025.1607353"
    )
    papers = [m for m in deciding.papers("", body)[3] if not is_unresolved(m)]
    assert [_who(m) for m in papers] == [(None, "Fluge", 2025)]


def test_a_byline_sentence_followed_by_more_text_on_its_line_is_still_a_byline() -> None:
    from evidence.golden_io import SAMPLE_CARDS

    from bot.atlas.importer import read_atlas

    deciding = Analyzer(read_atlas([SAMPLE_CARDS]).cards, tie_breaker=_first_of_the_tied)
    body = (
        "Frontiers in Medicine, 2025\n"
        "Fluge and colleagues. Ten people with the illness were given an antibody against plasma "
        "cells and followed for a year.\n"
        "doi.org/10.3389/fmed.2025.1607353"
    )
    papers = [m for m in deciding.papers("", body)[3] if not is_unresolved(m)]
    assert [_who(m) for m in papers] == [(None, "Fluge", 2025)]


# -- a trial's later paper told by "its" and by how many years later --------------------------


def test_its_paper_after_a_named_trial_is_that_trials_paper_of_that_word(analyzer: Analyzer) -> None:
    body = "The PACE trial appeared in 2011. Its recovery paper then said about a fifth got better with CBT."
    assert [m.card_id for m in _papers(analyzer, body)] == [
        "white-2011-comparison-adaptive",
        "white-2013-recovery-chronic",
    ]


@pytest.mark.parametrize(
    ("later", "cards"),
    [
        ("two", ["white-2011-comparison-adaptive", "white-2013-recovery-chronic"]),
        ("five", ["white-2011-comparison-adaptive"]),  # (no paper of 2016 on it: left open)
    ],
)
def test_years_later_than_the_paper_before_it_dates_a_work_left_between_several(
    analyzer: Analyzer, later: str, cards: list[str]
) -> None:
    body = f"I remember the PACE trial in the Lancet, and {later} years later its recovery paper."
    assert [m.card_id for m in _papers(analyzer, body)] == cards


def test_a_known_authors_possessive_idea_or_theory_is_their_paper(analyzer: Analyzer) -> None:
    body = "My GP scoffed at Naviaux's hibernation theory, which I find comforting."
    assert [m.card_id for m in _papers(analyzer, body)] == ["naviaux-2016-metabolomics"]


def test_people_in_general_saying_a_titles_words_retell_no_work(analyzer: Analyzer) -> None:
    # "Other scientists" are nobody's authors: the sentence repeats a listed title's words
    # ("Immune exhaustion in ME/CFS and long COVID") as an opinion, not as that paper.
    body = "Other scientists suspect the same immune exhaustion links ME/CFS and long COVID."
    assert _papers(analyzer, body) == []


_AI_PAPER = (
    "A Nature Medicine paper this year (doi 10.1038/s41591-025-03788-3) trained an AI model on blood "
    "and stool data. "
)


@pytest.mark.parametrize(
    "told",
    [
        "The team is best known for an earlier study of how gut microbes change with years of illness.",
        "The team's earlier paper followed how gut microbes change with years of illness.",
    ],
)
def test_the_teams_earlier_study_after_a_cited_paper_is_their_earlier_paper(
    analyzer: Analyzer, told: str
) -> None:
    papers = _papers(analyzer, _AI_PAPER + told)
    assert [m.card_id for m in papers] == [None, "xiong-2023-multi-omics"]


def test_the_teams_later_study_not_yet_published_names_nothing(analyzer: Analyzer) -> None:
    papers = _papers(analyzer, _AI_PAPER + "The team plans a later study in new patients.")
    assert [m.paper.doi for m in papers] == ["10.1038/s41591-025-03788-3"]


def test_a_study_of_two_countries_joined_by_and_is_named_by_both(analyzer: Analyzer) -> None:
    body = (
        "A Canadian and Norwegian paper used peptide microarrays to pick out an antibody signature "
        "in patients' serum."
    )
    assert [m.card_id for m in _papers(analyzer, body)] == ["gunther-2018-immunosignature-analysis"]


def test_a_study_of_two_countries_no_card_is_from_names_nothing(analyzer: Analyzer) -> None:
    assert _papers(analyzer, "A Swedish and Danish study is recruiting patients for a sleep trial.") == []


# -- session 28: sizes said roughly, a team's series, works told by year or quoted word -----

_BERLIN = "A Swedish group in 2020 retested an older paper from Berlin's Charité, which found these receptor "


@pytest.mark.parametrize(
    ("told", "cards"),
    [
        ("antibodies raised in just over 260 patients.", ["loebel-2016-antibodies-adrenergic"]),
        # (no card of that place reports a size near 500; without a size both Berlin cards fit)
        ("antibodies raised in more than 500 patients.", []),
        ("antibodies raised in patients.", []),
    ],
)
def test_a_size_said_roughly_tells_which_of_a_groups_papers(
    analyzer: Analyzer, told: str, cards: list[str]
) -> None:
    swedish = "bynke-2020-autoantibodies-beta"  # (the Swedish group's own paper)
    found = [m.card_id for m in _papers(analyzer, _BERLIN + told) if m.card_id != swedish]
    assert found == cards


def test_a_design_and_year_beside_a_cited_paper_is_the_same_authors_next_work(analyzer: Analyzer) -> None:
    body = "I read the PLOS ONE follow-up (10.1371/journal.pone.0026358) first and the 2019 trial after it."
    assert [m.card_id for m in _papers(analyzer, body)] == [
        "fluge-2011-benefit-lymphocyte",
        "fluge-2019-lymphocyte-depletion",
    ]


def test_a_design_and_year_beside_another_authors_paper_stays_unread(analyzer: Analyzer) -> None:
    body = "I read the XMRV paper (10.1126/science.1179052) first and the 2019 trial after it."
    assert [m.card_id for m in _papers(analyzer, body)] == ["lombardi-2009-retracted-detection"]


def test_people_in_a_named_trial_are_that_trial(analyzer: Analyzer) -> None:
    body = "I wonder how many people in PACE ever had PEM at all."
    assert [m.card_id for m in _papers(analyzer, body)] == ["white-2011-comparison-adaptive"]


@pytest.mark.parametrize(
    "body",
    [
        "Most useful to me was the long American report from 2015, which wanted the illness renamed SEID.",
        "I printed the report from 2015 for my GP because it makes PEM a core requirement.",
        "That 2015 report, the one proposing the new name SEID, is what I show doctors.",
    ],
)
def test_a_report_told_by_its_year_is_that_years_paper_the_words_fit(analyzer: Analyzer, body: str) -> None:
    assert [m.card_id for m in _papers(analyzer, body)] == ["iom-2015-beyond-myalgic"]


def test_a_report_of_a_year_on_another_topic_names_nothing(analyzer: Analyzer) -> None:
    assert _papers(analyzer, "I read a report from 2015 about my local council's bins.") == []


@pytest.mark.parametrize("quoted", ['"recovery"', "“recovery”"])
def test_a_work_named_by_a_word_in_double_quotes(analyzer: Analyzer, quoted: str) -> None:
    body = f"Then there was the 2013 {quoted} paper from the same trial."
    assert [m.card_id for m in _papers(analyzer, body)] == ["white-2013-recovery-chronic"]


def test_a_work_named_before_its_journal_is_the_journals_paper_holding_that_name(
    analyzer: Analyzer,
) -> None:
    # The post's other words fit the journal's card (Naviaux's) better; the name says which.
    body = (
        "Naviaux's metabolomics study measured hundreds of metabolites. "
        "I keep rereading the WASF3 paper in PNAS."
    )
    assert [_who(m) for m in _papers(analyzer, body)] == [
        ("naviaux-2016-metabolomics", "Naviaux", 2016),
        (None, "Wang", 2023),
    ]


def test_two_studies_in_the_same_journal_are_both_of_its_papers(analyzer: Analyzer) -> None:
    body = "My aunt found two 2023 studies in the same journal, Cell Host & Microbe, on gut bacteria."
    assert sorted(m.card_id or "" for m in _papers(analyzer, body)) == [
        "guo-2023-deficient-butyrate",
        "xiong-2023-multi-omics",
    ]


def test_their_work_of_a_year_on_a_topic_is_the_teams_paper_on_it(analyzer: Analyzer) -> None:
    body = (
        "Germain and colleagues (JCI Insight, 2022) tracked metabolites after a maximal exercise test. "
        "Their 2025 autoantibody profiling paper is another story."
    )
    assert [(_who(m), m.paper.doi) for m in _papers(analyzer, body)] == [
        ((None, "Germain", 2022), "10.1172/jci.insight.157621"),
        ((None, "Germain", 2025), "10.3390/ijms26062799"),
    ]


def test_a_study_led_by_a_named_groups_researchers_is_that_groups_work(analyzer: Analyzer) -> None:
    body = (
        "One study, led by researchers at the Jackson Laboratory, grouped patients by how long they "
        "had been ill."
    )
    assert [m.card_id for m in _papers(analyzer, body)] == ["xiong-2023-multi-omics"]


# -- session 28, second round (read from linkdev35 and linkdev36) ---------------------------


def test_a_control_told_of_the_next_work_does_not_rule_out_the_one_before(analyzer: Analyzer) -> None:
    body = (
        "Rituximab came from Bergen. The same doctors began with a 2009 case series and then a small "
        "placebo-controlled study in 2011."
    )
    assert [m.card_id for m in _papers(analyzer, body)] == [
        "fluge-2009-clinical-impact",
        "fluge-2011-benefit-lymphocyte",
    ]


@pytest.mark.parametrize(
    ("body", "cards"),
    [
        ("Add the Bergen PDH work from 2016 to the list.", ["fluge-2016-metabolic-profiling"]),
        ("Thanks for all the hard work in 2016.", []),
    ],
)
def test_a_work_of_a_year_named_by_its_words(analyzer: Analyzer, body: str, cards: list[str]) -> None:
    assert [m.card_id for m in _papers(analyzer, body)] == cards


def test_a_study_run_from_a_place_is_no_card_of_another_place(analyzer: Analyzer) -> None:
    # The Berlin antibody card mentions rituximab too; the study run from Haukeland is Bergen's.
    body = "I took part in the big rituximab study run from Haukeland."
    assert [m.card_id for m in _papers(analyzer, body)] == ["fluge-2019-lymphocyte-depletion"]


def test_a_study_of_patients_of_two_countries_is_named_by_both(analyzer: Analyzer) -> None:
    body = "A 2018 study of Canadian and Norwegian patients found an antibody pattern on random peptides."
    assert [m.card_id for m in _papers(analyzer, body)] == ["gunther-2018-immunosignature-analysis"]


def test_an_organisations_committee_is_its_report(analyzer: Analyzer) -> None:
    body = "An Institute of Medicine committee proposed renaming the illness."
    assert [m.card_id for m in _papers(analyzer, body)] == ["iom-2015-beyond-myalgic"]


@pytest.mark.parametrize(
    ("body", "cards"),
    [
        (
            "Of all the papers, the best was the Norwegian one about pyruvate dehydrogenase.",
            ["fluge-2016-metabolic-profiling"],
        ),
        # ("one" with no work named before it may be anything: a supplement, a video)
        ("I liked the one about pyruvate dehydrogenase.", []),
    ],
)
def test_the_one_about_a_topic_after_a_work_was_named(
    analyzer: Analyzer, body: str, cards: list[str]
) -> None:
    assert [m.card_id for m in _papers(analyzer, body)] == cards


@pytest.mark.parametrize(
    ("body", "cards"),
    [
        ("My seed packet has lot number PMC10183837 printed on it.", []),
        ("Quote order no. PMC10183837 for a refund.", []),
        ("See PMC10183837 for the gut paper.", ["guo-2023-deficient-butyrate"]),
    ],
)
def test_a_labelled_number_that_looks_like_a_pmcid_cites_nothing(
    analyzer: Analyzer, body: str, cards: list[str]
) -> None:
    assert [m.card_id for m in _papers(analyzer, body)] == cards


def test_the_trials_own_later_analysis_is_that_later_paper(analyzer: Analyzer) -> None:
    body = "The PACE trial's recovery analysis claimed a fifth of patients recovered."
    assert [m.card_id for m in _papers(analyzer, body)] == ["white-2013-recovery-chronic"]


def test_a_trials_data_used_again_is_no_citation_of_the_trial(analyzer: Analyzer) -> None:
    body = "After the PACE trial data were released, other researchers went through them again."
    assert _papers(analyzer, body) == []


@pytest.mark.parametrize(
    ("body", "cards"),
    [
        (
            "The Lipkin group's paper in Cell Host & Microbe showed patients have less Faecalibacterium.",
            ["guo-2023-deficient-butyrate"],
        ),
        (
            "The Lipkin lab's 2023 gut paper showed patients have less Faecalibacterium.",
            ["guo-2023-deficient-butyrate"],
        ),
        ("The Lipkin lab is recruiting again.", []),
    ],
)
def test_a_lab_told_by_its_heads_name_is_its_places_paper(
    analyzer: Analyzer, body: str, cards: list[str]
) -> None:
    # (a card lists its first four authors; the head of the lab is known by the group table)
    assert [m.card_id for m in _papers(analyzer, body)] == cards


@pytest.mark.parametrize(
    ("body", "who"),
    [
        (
            "Action for ME's announcement said Sequence ME & Long Covid has secured major funding at last.",
            [(None, "Action for ME", 2026)],
        ),
        (
            "As Action for ME announced last spring, Sequence ME & Long Covid secured major funding.",
            [(None, "Action for ME", 2026)],
        ),
        # (an announcement its listed item's words do not tell is some other news)
        ("Action for ME announced a new helpline today.", []),
    ],
)
def test_an_organisation_announcing_is_its_listed_news_item(
    analyzer: Analyzer, body: str, who: list[tuple[str | None, str | None, int | None]]
) -> None:
    assert [_who(m) for m in _papers(analyzer, body)] == who


def test_the_next_stage_of_a_named_project_is_no_citation_of_its_paper(analyzer: Analyzer) -> None:
    body = "Our charity will follow Sequence ME, the next stage of the DecodeME project, closely."
    assert _papers(analyzer, body) == []


@pytest.mark.parametrize(
    ("body", "who"),
    [
        (
            "Our clinic prescribes from the off-label drug list by the Vienna reference center for "
            "post-viral syndromes.",
            [(None, "Reference Center for Post-Viral Syndromes", 2025)],
        ),
        ("I read a report from the reference center for post-viral syndromes about parking.", []),
    ],
)
def test_a_document_from_an_organisation_is_its_listed_item(
    analyzer: Analyzer, body: str, who: list[tuple[str | None, str | None, int | None]]
) -> None:
    assert [_who(m) for m in _papers(analyzer, body)] == who


def test_a_listed_review_told_by_journal_and_year_is_found_through_a_plural_of_its_title_word(
    analyzer: Analyzer,
) -> None:
    # The title says "Poly-Herpesvirus"; the post says "herpesviruses" (the plural of a noun in
    # "-us" once read as "herpesviruse", sharing nothing with the title's word).
    body = (
        "Worth a look: a 2025 review in the journal Viruses asks whether several herpesviruses, "
        "reactivating together after an infection, keep the illness going."
    )
    assert [_who(m) for m in _papers(analyzer, body)] == [(None, "Ariza", 2025)]


@pytest.mark.parametrize(
    "body",
    [
        "Walitt found me a spare phone charger at the support group meeting.",
        "Montoya found our lost dog two streets away, thank goodness.",
    ],
)
def test_a_surname_alone_with_nothing_of_its_papers_is_no_paper(analyzer: Analyzer, body: str) -> None:
    # The author's own name is a word of their card's profile; it alone tells no topic.
    assert _papers(analyzer, body) == []


def test_two_works_of_one_author_told_without_a_year_are_each_of_them(analyzer: Analyzer) -> None:
    # No year: the author, the journal and the topic together hold exactly the two papers told.
    body = "Back then Fluge's two PLoS ONE rituximab papers were all anyone on the forum talked about."
    assert sorted(m.card_id for m in _papers(analyzer, body)) == [
        "fluge-2011-benefit-lymphocyte",
        "fluge-2015-lymphocyte-depletion",
    ]


@pytest.mark.parametrize(
    "body",
    [
        # one naming word, no year: which two of every year's papers is not said
        "Two large single studies are worth reading before you pay for a cytokine panel.",
        # three papers hold the words, not the two the post says
        "Fluge's two rituximab papers changed how my doctor talks about this illness.",
    ],
)
def test_works_told_together_without_a_year_need_the_count_to_pick_them(
    analyzer: Analyzer, body: str
) -> None:
    assert [m for m in _papers(analyzer, body) if m.citation.value.startswith("several:")] == []


def test_the_teams_earlier_work_is_their_paper_before_the_one_cited(analyzer: Analyzer) -> None:
    body = (
        "Their symptom model is out now (doi:10.1038/s41591-025-03788-3). The team's earlier work "
        "followed people ill for a short and a long time and looked at their gut bacteria."
    )
    assert [_who(m) for m in _papers(analyzer, body)] == [
        (None, "Xiong", 2025),
        ("xiong-2023-multi-omics", "Xiong", 2023),
    ]


def test_a_groups_country_is_no_name_of_a_title_holding_it(analyzer: Analyzer) -> None:
    # A listed title holds "UK Biobank" and "genetic"; "researchers in the UK" is where a
    # group works, not a name that paper declares.
    body = (
        "The biggest DNA study of the illness so far found genetic differences, "
        "researchers in the UK said on Tuesday."
    )
    assert [m for m in _papers(analyzer, body) if m.citation.value.startswith("named:group")] == []


@pytest.mark.parametrize(
    "body",
    [
        "Our local team is copying the ACHTSAM protocol for assessing housebound patients at home.",
        "Has anyone here taken part in the ACHTSAM study? I hear they visit you at home.",
    ],
)
def test_a_name_opening_a_titles_study_protocol_names_that_paper(analyzer: Analyzer, body: str) -> None:
    # The listed title opens "ACHTSAM study protocol: …": the name before the words saying what
    # the paper is.
    assert [_who(m) for m in _papers(analyzer, body)] == [(None, "Fricke", 2026)]


def test_a_trials_protocol_without_a_name_is_no_paper(analyzer: Analyzer) -> None:
    assert _papers(analyzer, "The trial protocol let people keep taking their own painkillers.") == []


@pytest.mark.parametrize(
    "body",
    [
        "Last month a team writing in Biological Psychiatry reported lactate rising in the brain "
        "while patients watched a flickering checkerboard.",
        "The Oxford group in Biological Psychiatry saw lactate rise in the brain during visual "
        "stimulation with 7T scanning.",
    ],
)
def test_a_team_in_a_journal_is_its_paper_there(analyzer: Analyzer, body: str) -> None:
    # No year and no word for a paper: the people who wrote it, "in" the journal, say it is one.
    assert [_who(m) for m in _papers(analyzer, body)] == [(None, "Godlewska", 2026)]


@pytest.mark.parametrize(
    "body",
    [
        "A Swedish group then set out to check the antibody finding in plasma and spinal fluid "
        "from two cohorts.",
        "A Swedish group examined receptor antibodies in spinal fluid from two cohorts.",
    ],
)
def test_a_group_checking_or_examining_reports_a_finding(analyzer: Analyzer, body: str) -> None:
    # (research verbs besides "found": the group did the work its paper reports)
    assert [m.card_id for m in _papers(analyzer, body)] == ["bynke-2020-autoantibodies-beta"]


def test_a_group_recruiting_has_no_paper_yet(analyzer: Analyzer) -> None:
    assert _papers(analyzer, "A Swedish group is recruiting patients for a spinal fluid study.") == []


@pytest.mark.parametrize(
    ("body", "card"),
    [
        (
            "Keller's group now has a much bigger study, with over 150 people in it.",
            "keller-2024-cardiopulmonary-metabolic",
        ),
        ("Keller's lab once retested just 22 patients on a second day.", "keller-2014-inability-myalgic"),
    ],
)
def test_an_authors_work_without_a_year_is_told_by_the_size_it_gives(
    analyzer: Analyzer, body: str, card: str
) -> None:
    # Two cards of that first author; the group size said (exactly or roughly) is one's alone.
    assert [m.card_id for m in _papers(analyzer, body)] == [card]


def test_an_authors_new_work_told_by_nothing_else_is_no_card_of_theirs(analyzer: Analyzer) -> None:
    assert _papers(analyzer, "Keller's lab has a new study out.") == []


def test_a_work_described_by_several_words_one_card_holds_is_not_outweighed_by_another_cited_card(
    analyzer: Analyzer,
) -> None:
    # The post's words as a whole fit the Berlin antibody card better; the description's own
    # words (Canadian, Norwegian, peptide) are the immunosignature card's alone.
    body = (
        "The Berlin study of 268 patients and 108 controls found raised antibodies against beta-2 "
        "adrenergic and M3 and M4 muscarinic receptors. Those receptor antibodies may explain the "
        "blood pressure trouble. Then a Canadian and Norwegian peptide-array study found an antibody "
        "pattern that separated patients from healthy controls."
    )
    assert [m.card_id for m in _papers(analyzer, body)] == [
        "loebel-2016-antibodies-adrenergic",
        "gunther-2018-immunosignature-analysis",
    ]


def test_an_identifier_running_into_two_full_stops_is_cut_short(analyzer: Analyzer) -> None:
    body = (
        "The immunosignature paper on a peptide array, PMID 3029834.. (the printer ate the rest), is the one."
    )
    assert [(m.card_id, m.method) for m in _papers(analyzer, body)] == [
        ("gunther-2018-immunosignature-analysis", "truncated_prefix")
    ]


@pytest.mark.parametrize(
    "body",
    [
        "Someone linked pubmed.ncbi.nlm.nih.gov/4471 but the end of the link was missing.",
        "My friend sent PMID 28760 and the rest of the number got lost in the copy.",
        "Her photo of the reference cuts off the PMID after 3912.",
    ],
)
def test_an_id_the_post_says_was_cut_is_never_a_paper_as_written(analyzer: Analyzer, body: str) -> None:
    assert _papers(analyzer, body) == []


def test_a_journal_publishing_a_work_about_a_topic_tells_one_work(analyzer: Analyzer) -> None:
    # The journal and what the work is about are one citation: the second listed paper on
    # GPCR autoantibodies (another journal) is not cited as well.
    body = (
        "This spring Scientific Reports published a study on GPCR autoantibodies in post-COVID "
        "condition and chronic fatigue syndrome."
    )
    assert [_who(m) for m in _papers(analyzer, body)] == [(None, "Azcue", 2026)]


def test_a_work_told_by_its_year_and_what_it_did_is_that_years_paper(analyzer: Analyzer) -> None:
    body = "Back in 2009 a splashy paper linked a mouse retrovirus called XMRV to the illness."
    assert [m.card_id for m in _papers(analyzer, body)] == ["lombardi-2009-retracted-detection"]


def test_a_work_of_a_year_that_did_nothing_told_is_no_paper(analyzer: Analyzer) -> None:
    assert _papers(analyzer, "In 2023 a study I never read made the news.") == []


def test_an_authors_bigger_work_is_their_largest_card(analyzer: Analyzer) -> None:
    body = "Keller's group later repeated the two-day test with a far bigger sample."
    assert [m.card_id for m in _papers(analyzer, body)] == ["keller-2024-cardiopulmonary-metabolic"]


def test_a_year_opening_another_work_in_a_later_clause_is_not_the_names(analyzer: Analyzer) -> None:
    # "the 2020 meta-analysis" is that work's year, not the year of Keller's group's work.
    body = (
        "Keller's group later repeated the two-day test with a far bigger sample, and there's "
        "the 2020 meta-analysis too."
    )
    assert [m.card_id for m in _papers(analyzer, body)] == [
        "keller-2024-cardiopulmonary-metabolic",
        "lim-2020-prospects-two",
    ]


# -- session 30: plural journal mentions, split identifiers, titles inside titles ---------------


def test_topic_words_between_journal_and_plural_still_mean_each_paper(analyzer: Analyzer) -> None:
    body = "A nurse told me to read the two 2023 Cell Host & Microbe butyrate papers before my appointment."
    assert sorted(m.card_id or "" for m in _papers(analyzer, body)) == [
        "guo-2023-deficient-butyrate",
        "xiong-2023-multi-omics",
    ]


def test_a_plural_after_a_linking_word_is_not_the_journals_papers(analyzer: Analyzer) -> None:
    body = "I only skimmed a 2023 Cell Host & Microbe paper on mouse studies."
    assert len(_papers(analyzer, body)) <= 1


def test_a_doi_split_by_a_stray_space_is_joined(analyzer: Analyzer) -> None:
    body = "The cytokine paper is doi 10.1073/pnas .1710519114 (my phone keeps adding spaces)."
    papers = _papers(analyzer, body)
    assert [(m.card_id, m.paper.doi) for m in papers] == [
        ("montoya-2017-cytokine-signature", "10.1073/pnas.1710519114")
    ]


def test_a_doi_suffix_without_a_digit_is_a_beginning_not_a_doi(analyzer: Analyzer) -> None:
    matches = analyzer.papers("", "Someone linked doi 10.1126/sciadv and the rest of it was missing.")[3]
    assert [m.paper.doi for m in matches if m.paper.doi] == []
    assert [m.method for m in matches] == ["truncated_prefix"]


def test_a_journal_after_another_works_year_does_not_veto_the_name(analyzer: Analyzer) -> None:
    body = (
        "I printed White et al. 2013 about recovery rates plus the 2015 long-term results in the "
        "Lancet Psychiatry."
    )
    assert [m.card_id for m in _papers(analyzer, body)] == [
        "white-2013-recovery-chronic",
        "sharpe-2015-rehabilitative-treatments",
    ]


def test_a_listed_title_holding_another_listed_title_is_the_longer_one(analyzer: Analyzer) -> None:
    # The list also has a paper titled just "Myalgic encephalomyelitis/chronic fatigue syndrome".
    body = (
        "Also relevant: Acute Effect of Pyridostigmine in Exertional Intolerance in Myalgic "
        "Encephalomyelitis/Chronic Fatigue Syndrome (ME/CFS): A Randomized Placebo-Controlled Clinical "
        "Trial, a conference abstract from 2022 in the American Journal of Respiratory and Critical Care "
        "Medicine."
    )
    assert [_who(m) for m in _papers(analyzer, body)] == [(None, "Stovall", 2022)]


def test_a_listed_title_is_found_when_no_card_title_is_near(analyzer: Analyzer) -> None:
    # Two cards fit this title about equally badly: that says nothing against the listed paper.
    title = (
        "Autonomic Dysfunction in Myalgic Encephalomyelitis/Chronic Fatigue Syndrome (ME/CFS): Findings "
        "from the Multi-Site Clinical Assessment of ME/CFS (MCAM) Study in the USA"
    )
    papers = analyzer.papers(title, "New in the feed this week. Comments are open.")[3]
    assert [(_who(m), m.paper.doi, m.method) for m in papers] == [
        ((None, "Issa", 2025), "10.3390/jcm14176269", "title")
    ]


def test_a_meta_analysis_of_several_studies_in_a_journal_is_one_paper(analyzer: Analyzer) -> None:
    body = (
        "My physio came round after a meta-analysis of older two-day studies in the Journal of "
        "Clinical Medicine."
    )
    assert [m.card_id for m in _papers(analyzer, body)] == ["lim-2020-prospects-two"]


def test_a_short_title_given_word_for_word_beside_its_author_is_that_paper(analyzer: Analyzer) -> None:
    # The letters around the words ("…'s", "… last winter") must not lower a word-for-word title.
    body = (
        "My OT lent me Vink and Vink-Niese's overview of severe ME last winter and I keep going back to it."
    )
    assert [_who(m) for m in _papers(analyzer, body)] == [(None, "Vink", 2026)]


def test_a_coined_study_name_in_lower_case_still_names_the_study(analyzer: Analyzer) -> None:
    body = "my aunt saw something about the decodeme study results on the telly and now won't stop asking"
    assert [_who(m) for m in _papers(analyzer, body)] == [(None, "DecodeME Collaboration", 2025)]


def test_a_coined_study_name_inside_a_link_names_nothing(analyzer: Analyzer) -> None:
    body = "Fundraiser page: https://example.org/news/walk-for-a-decodeme-project (please share)"
    assert _papers(analyzer, body) == []


def test_a_registry_is_a_work_a_journal_without_a_year_is_said_of(analyzer: Analyzer) -> None:
    body = "A hyperbaric oxygen registry from Scientific Reports keeps doing the rounds on my feed."
    assert [_who(m) for m in _papers(analyzer, body)] == [(None, "van Berkel", 2025)]


def test_what_a_work_found_told_in_the_next_sentence_names_it(analyzer: Analyzer) -> None:
    body = (
        "My cousin sent a 2014 paper from a Californian exercise lab. In it, 22 ME/CFS patients "
        "cycled to their limit twice, 24 hours apart, and their oxygen uptake fell on the second "
        "test."
    )
    assert [m.card_id for m in _papers(analyzer, body)] == ["keller-2014-inability-myalgic"]
    # The next sentence telling the writer's own day names nothing.
    other = "My cousin sent a 2014 paper from a Californian exercise lab. I was too tired to read it."
    assert _papers(analyzer, other) == []


def test_a_journal_that_ran_two_papers_with_a_slashed_word_between_is_each(analyzer: Analyzer) -> None:
    body = "Back in 2023 Cell Host & Microbe printed two ME/CFS gut papers in the same issue."
    assert sorted(m.card_id or "" for m in _papers(analyzer, body)) == [
        "guo-2023-deficient-butyrate",
        "xiong-2023-multi-omics",
    ]


def test_a_proposed_study_is_no_paper_yet(analyzer: Analyzer) -> None:
    body = (
        "Dear board, the proposed activity rehabilitation study would enrol patients under a "
        "definition where post-exertional malaise is optional. We ask that recruitment require it."
    )
    assert _papers(analyzer, body) == []


def test_a_title_retold_in_lay_words_names_its_paper(analyzer: Analyzer) -> None:
    # "bimodal" as "two peaks", "onset" as "began", "higher" as "heavier": everyday words for
    # the title's (``data/lay_terms.toml``).
    body = (
        "A paper this year says the age at which the illness began shows two peaks, and those who "
        "fell ill young carry a heavier severity burden."
    )
    assert [_who(m) for m in _papers(analyzer, body)] == [(None, "McGrath", 2026)]


def test_lay_words_alone_retell_no_title(analyzer: Analyzer) -> None:
    body = "A paper this year says my brain fog began after two peaks of heavy activity."
    assert _papers(analyzer, body) == []


def test_a_journal_the_list_abbreviates_is_found_spelt_out(analyzer: Analyzer) -> None:
    # The list gives this abstract's journal as "Am J Respir Crit Care Med".
    body = (
        "A 2022 conference abstract in the American Journal of Respiratory and Critical Care "
        "Medicine tested a single placebo-controlled dose against exertional intolerance."
    )
    assert [_who(m) for m in _papers(analyzer, body)] == [(None, "Stovall", 2022)]


def test_an_nlm_abbreviated_journal_name_is_keyed_spelt_out() -> None:
    from bot.evidence.atlas_index import journal_key

    assert journal_key("Am J Respir Crit Care Med") == journal_key(
        "American Journal of Respiratory and Critical Care Medicine"
    )
    assert journal_key("Journal of Medicine") == ("journal", "medicine")


def test_a_lay_phrase_in_a_works_naming_words_is_the_title_word(analyzer: Analyzer) -> None:
    # "multi-lab" for the title's "multicenter" (``data/lay_terms.toml``).
    body = "Back then a blinded multi-lab study in 2012 settled the virus question for most of us."
    assert [m.card_id for m in _papers(analyzer, body)] == ["alter-2012-multicenter-blinded"]


def test_lay_phrases_become_title_words_in_a_mention() -> None:
    from bot.evidence.title_echo import lay_phrases_as_title_words

    assert lay_phrases_as_title_words("a blinded multi-lab study") == "a blinded multicenter study"
    assert lay_phrases_as_title_words("the Gut Bacteria paper") == "the microbiome paper"
    assert lay_phrases_as_title_words("study") == "study"


# -- session 31: identifiers told as beginnings, listed titles by their country, roundups -----


def test_an_identifier_the_writer_calls_a_beginning_is_a_prefix(analyzer: Analyzer) -> None:
    body = (
        "I only copied the beginning of the PMC number, PMC65055, before my battery died. It was "
        "the immunosignature paper in Molecular Neurobiology with peptide arrays."
    )
    assert [(c.kind, c.value) for c in extract_citations(body)] == [("truncated_url", "pmcid:PMC65055")]
    assert [m.card_id for m in _papers(analyzer, body)] == ["gunther-2018-immunosignature-analysis"]


def test_an_identifier_whose_rest_is_said_lost_is_a_prefix(analyzer: Analyzer) -> None:
    body = (
        "The reference on my printout reads PMC65055 and the rest got cropped by the printer. "
        "It was the immunosignature paper in Molecular Neurobiology."
    )
    assert [(c.kind, c.value) for c in extract_citations(body)] == [("truncated_url", "pmcid:PMC65055")]
    assert [m.card_id for m in _papers(analyzer, body)] == ["gunther-2018-immunosignature-analysis"]
    doi = "The first digits of the DOI were 10.1007/s12035-018 and I lost the rest of my notes."
    assert [(c.kind, c.value) for c in extract_citations(doi)] == [
        ("truncated_url", "doi:10.1007/s12035-018")
    ]


def test_a_short_identifier_without_such_words_stays_whole(analyzer: Analyzer) -> None:
    body = "Someone linked PMC65055 in the other thread about peptide arrays."
    assert [(c.kind, c.value) for c in extract_citations(body)] == [("pmcid", "PMC65055")]


def test_a_listed_title_naming_its_country_names_that_paper(analyzer: Analyzer) -> None:
    body = "Is anyone signed up for the Dutch brain autopsy study? I might register as a donor."
    assert [_who(m) for m in _papers(analyzer, body)] == [(None, "Silva", 2025)]


def test_a_country_and_one_word_name_no_listed_title(analyzer: Analyzer) -> None:
    assert _papers(analyzer, "The Dutch brain study sounded hopeful to my mother.") == []
    assert _papers(analyzer, "The Polish brain autopsy study is still recruiting, I heard.") == []


def test_title_words_around_a_dated_work_anchor_it(analyzer: Analyzer) -> None:
    body = "Peroxisomal dysfunction again: the 2022 plasmalogen paper is where I first read of it."
    assert [m.card_id for m in _papers(analyzer, body)] == ["che-2022-metabolomic-evidence"]


def test_a_quoted_title_beside_a_dated_work_anchors_nothing(analyzer: Analyzer) -> None:
    # The quoted words are another work's title, not words told of the dated work.
    body = 'The 2022 plasmalogen paper and "peroxisomal dysfunction in ageing mice" are unrelated.'
    assert "che-2022-metabolomic-evidence" not in [m.card_id for m in _papers(analyzer, body)]


def test_a_roundup_items_journal_in_brackets_names_its_paper(analyzer: Analyzer) -> None:
    body = (
        "This week's links\n\nCromolyn in people with mast cell activation (Cureus). A continuous "
        "high-dose oral regimen was reported to help some ME/CFS patients.\n"
    )
    assert [_who(m) for m in _papers(analyzer, body)] == [(None, "Christoforou", 2026)]
    assert _papers(analyzer, body.replace(" (Cureus)", "")) == []


def test_a_byline_of_names_with_commas_is_no_paper_of_a_coauthor(analyzer: Analyzer) -> None:
    # Che is a co-author of the butyrate paper, and first author of a 2022 card of their own.
    body = (
        "Deficient butyrate-producing capacity in the gut microbiome is associated with bacterial "
        "network disturbances and fatigue symptoms in ME/CFS\nCell Host & Microbe. Guo, Che and "
        "colleagues.\n\nStool samples from several US sites were sequenced."
    )
    assert [m.card_id for m in _papers(analyzer, body)] == ["guo-2023-deficient-butyrate"]


def test_a_size_word_names_no_topic_of_a_card(analyzer: Analyzer) -> None:
    # One card's summary says "largest"; no card is about genetics.
    body = (
        "It is the largest genetic study of the illness so far, the newsletter says. Many members "
        "have post-exertional malaise after a cardiopulmonary exercise test."
    )
    assert "keller-2024-cardiopulmonary-metabolic" not in [m.card_id for m in _papers(analyzer, body)]


def test_the_next_sentence_pointing_back_makes_a_journal_a_works(analyzer: Analyzer) -> None:
    body = (
        "Even the British Journal of Sports Medicine now says cardiac deconditioning is a myth. "
        "That piece was about long covid, but the argument carries over."
    )
    assert [_who(m) for m in _papers(analyzer, body)] == [(None, "Charlton", 2026)]
    alone = "Even the British Journal of Sports Medicine now says cardiac deconditioning is a myth."
    assert _papers(analyzer, alone) == []


def test_a_coined_name_set_after_a_work_names_it(analyzer: Analyzer) -> None:
    body = "Has the German ear stimulation pilot in long covid, COVIVA, published anything yet?"
    assert [_who(m) for m in _papers(analyzer, body)] == [(None, "Gierthmuehlen", 2026)]


def test_a_team_writing_in_a_journal_after_a_comma_cites_a_work(analyzer: Analyzer) -> None:
    body = (
        "Genetics is busy this year. Another team, writing in the Journal of Translational "
        "Medicine, looked for rare variants with a precision approach."
    )
    assert [_who(m) for m in _papers(analyzer, body)] == [(None, "Birch", 2025)]


def test_a_yearless_work_named_by_its_place_and_topic_is_read(analyzer: Analyzer) -> None:
    body = "Back then the Stanford cytokine work linked a signature of seventeen cytokines to severity."
    assert [m.card_id for m in _papers(analyzer, body)] == ["montoya-2017-cytokine-signature"]
    assert _papers(analyzer, "The Stanford work on this is worth a look.") == []


def test_a_title_word_only_one_title_has_anchors_a_dated_work(analyzer: Analyzer) -> None:
    body = "A Canadian study in 2018 described an antibody 'immunosignature' in patients' serum."
    assert [m.card_id for m in _papers(analyzer, body)] == ["gunther-2018-immunosignature-analysis"]


def test_sizes_told_of_that_study_say_which_paper_the_work_before_is(analyzer: Analyzer) -> None:
    body = (
        "A friend pointed me to the big two-day bike test study. In that study, 84 people with "
        "ME/CFS and 71 sedentary controls cycled to exhaustion on consecutive days."
    )
    assert [m.card_id for m in _papers(analyzer, body)] == ["keller-2024-cardiopulmonary-metabolic"]


def test_trials_asked_for_are_no_paper(analyzer: Analyzer) -> None:
    # (a listed title holds "medicine" and "post-exertional malaise": done work would be read)
    body = (
        "We ask the board to train staff on post-exertional malaise and to commission trials of "
        "repurposed medicines."
    )
    assert _papers(analyzer, body) == []


def test_a_number_inside_a_name_is_no_group_size() -> None:
    from bot.evidence.atlas_index import group_sizes

    assert group_sizes("matrix metalloproteinase-9 were higher in people with ME/CFS") == set()
    assert group_sizes("we followed COVID-19 patients for a year") == set()
    assert group_sizes("we followed 19 patients for a year") == {19}


def test_a_part_number_is_no_identifier() -> None:
    body = "The replacement power module (part PMC4465185) finally arrived this morning."
    assert extract_citations(body) == []


def test_a_main_title_that_is_only_the_illness_name_names_no_paper(analyzer: Analyzer) -> None:
    # A listed paper is titled "Myalgic encephalomyelitis/chronic fatigue syndrome (ME/CFS):
    # diagnosis and management."; the illness's name alone is not that title.
    body = (
        "Another group published blood-based diagnostic markers for Myalgic Encephalomyelitis/"
        "Chronic Fatigue Syndrome (ME/CFS) with a genomic test."
    )
    assert [m for m in _papers(analyzer, body) if m.paper.first_author == "Fan"] == []


def test_the_same_group_putting_out_a_work_is_another_work(analyzer: Analyzer) -> None:
    body = (
        "Here is the one I read: https://doi.org/10.3389/fmolb.2025.1582967\nIn that lab work, "
        "naltrexone brought back TRPM3 channel function in NK cells from long COVID patients. In "
        "the autumn the same group put out a large-scale investigation confirming TRPM3 "
        "dysfunction in ME/CFS too."
    )
    assert sorted(m.paper.doi or "" for m in _papers(analyzer, body)) == [
        "10.3389/fmed.2025.1703924",
        "10.3389/fmolb.2025.1582967",
    ]


def test_a_report_from_the_same_group_about_a_topic_is_read(analyzer: Analyzer) -> None:
    body = (
        "The Charité group ran the first immunoadsorption pilot. There is also a newer report "
        "from the same group about repeat immunoadsorption in post-COVID patients."
    )
    assert "10.3390/jcm12196428" in [m.paper.doi for m in _papers(analyzer, body)]


def test_typographic_hyphens_and_quotes_fold_to_ascii() -> None:
    from bot.evidence.identifiers import fold
    from bot.evidence.textnorm import words

    assert words("A Diffusion\u2010Based Imaging Study") == ["a", "diffusion", "based", "imaging", "study"]
    assert fold("Üçeyler\u2019s dose\u2013response") == "uceyler's dose-response"
    assert fold("neuro\u00adinflammation") == "neuroinflammation"


# -- a work's year after "of", as Romance languages write it -----------------------------------


def test_a_work_of_a_year_is_that_years_work(analyzer: Analyzer) -> None:
    body = (
        "My cousin sent me an article of 2016 from the Cornell lab. The stool samples of patients "
        "held fewer kinds of bacteria than those of healthy people."
    )
    assert [m.card_id for m in _papers(analyzer, body)] == ["giloteaux-2016-reduced-diversity"]


def test_a_count_after_of_is_no_year(analyzer: Analyzer) -> None:
    body = "A survey of 2016 respondents from the charity found most were housebound."
    assert _papers(analyzer, body) == []


# -- design words and a size, beside a treatment, with a listed trial of those words cited ----


def test_a_sized_trial_told_by_design_words_is_the_treatments_largest_beside_a_listed_trial(
    analyzer: Analyzer,
) -> None:
    # ResetME's listed title holds "placebo-controlled" too; the treatment says which trial.
    body = (
        "Bergen is now testing daratumumab in ResetME. Their earlier rituximab hopes ended when "
        "their big placebo-controlled trial found no benefit on fatigue."
    )
    assert [_who(m) for m in _papers(analyzer, body)] == [
        (None, "Fluge", 2026),
        ("fluge-2019-lymphocyte-depletion", "Fluge", 2019),
    ]


# -- two countries' adjectives joined by "and" are no pair of authors --------------------------


def test_two_countries_adjectives_are_no_author_pair() -> None:
    text = "Blood from Danish and Dutch patients was compared with controls in a 2019 study."
    assert [c for c in extract_citations(text) if c.kind == "author_year"] == []


def test_a_described_work_is_not_lost_to_an_author_pair_read_from_countries(analyzer: Analyzer) -> None:
    # A false "Canadian 2018" paper of unknown title would make the Swedish study's words
    # possibly its, and the work would be dropped.
    body = (
        "A Swedish validation study in two cohorts found the receptor antibodies raised again. "
        "A 2018 peptide-array paper, run on Canadian and Norwegian donors, found a pattern of "
        "antibodies."
    )
    assert [m.card_id for m in _papers(analyzer, body)] == ["bynke-2020-autoantibodies-beta"]


# -- a byline of two full names before "and colleagues" ----------------------------------------


def test_a_byline_of_two_full_names_cites_the_first() -> None:
    text = "Case report\nMarta Lindqvist, Jonas Peter Ekberg and colleagues | 2024\nOne patient was followed."
    assert [c.value for c in extract_citations(text) if c.kind == "author_year"] == ["Marta Lindqvist 2024"]


def test_an_opening_word_is_no_given_name_of_a_byline() -> None:
    text = "Later, Keller and colleagues repeated the test in 2024."
    assert [c.value for c in extract_citations(text) if c.kind == "author_year"] == ["Keller 2024"]


# -- a year that begins another work joined on by "and" --------------------------------------


def test_a_journal_takes_the_year_before_it_not_the_next_works(analyzer: Analyzer) -> None:
    body = (
        "Our letter cites a 2026 overview in the Journal of Clinical Medicine and a 2025 report on "
        "home visits for people who are bedbound."
    )
    papers = _papers(analyzer, body)
    assert [(_who(m), m.paper.doi) for m in papers] == [((None, "Vink", 2026), "10.3390/jcm15020805")]


def test_a_year_after_and_without_a_work_of_its_own_still_counts() -> None:
    from bot.evidence.extract import nearest_year

    text = "It was in the Journal of Clinical Medicine and a 2025 follow-up visit confirmed it."
    start = text.index("Journal")
    assert nearest_year(text, start, start + 28) == 2025


# -- a sized trial told by its country, with the treatment after it ----------------------------


def test_a_sized_trial_of_a_country_is_the_treatments_largest_of_that_country(analyzer: Analyzer) -> None:
    body = "A big Norwegian trial then showed that rituximab was no better than saline."
    assert [m.card_id for m in _papers(analyzer, body)] == ["fluge-2019-lymphocyte-depletion"]


def test_a_sized_trial_of_another_country_is_not_the_treatments_largest(analyzer: Analyzer) -> None:
    body = "A big Japanese trial then showed that rituximab was no better than saline."
    assert _papers(analyzer, body) == []


# -- "they" as the researchers, told with a year and a verb of finding -------------------------


def test_they_found_in_a_year_is_that_years_work(analyzer: Analyzer) -> None:
    body = (
        "Back in 2009 they found XMRV in about 67% of the patients they tested against under 4% of controls."
    )
    assert [m.card_id for m in _papers(analyzer, body)] == ["lombardi-2009-retracted-detection"]


def test_they_did_something_else_in_a_year_is_no_work(analyzer: Analyzer) -> None:
    body = "In 2009 they moved me to a ward where the XMRV patients had been, and I got worse."
    assert _papers(analyzer, body) == []


# -- "its"/"their" before a year and a kind of work ---------------------------------------------


def test_their_year_paper_is_a_work_of_that_year(analyzer: Analyzer) -> None:
    body = (
        "The Lancet trial of 2011 enrolled 641 people. Their 2013 paper claimed that 22 percent of "
        "the CBT and GET groups had recovered."
    )
    assert [m.card_id for m in _papers(analyzer, body)] == [
        "white-2011-comparison-adaptive",
        "white-2013-recovery-chronic",
    ]


# -- one stretch of text is one title ----------------------------------------------------------


def test_a_cut_off_title_close_to_two_known_titles_is_the_closer_one(analyzer: Analyzer) -> None:
    # Loebel's title is nearly the same words as Bynke's opening ("Antibodies to beta adrenergic
    # and muscarinic cholinergic receptors in …"); the quotation is Bynke's, cut off.
    body = (
        "My list ends with the Swedish one, 'Autoantibodies to beta-adrenergic and muscarinic "
        "cholinergic receptors in Myalgic Encephalomyelitis (ME) patients - A validation...', "
        "which I have not finished."
    )
    assert [m.card_id for m in _papers(analyzer, body)] == ["bynke-2020-autoantibodies-beta"]


# -- "the trial's <words> paper": a later paper of the trial ------------------------------------


def test_the_trials_paper_of_a_word_is_that_trials_later_paper(analyzer: Analyzer) -> None:
    body = (
        "The PACE results were published in 2011. The trial's later recovery paper said 22 percent "
        "got better with CBT."
    )
    assert [m.card_id for m in _papers(analyzer, body)] == [
        "white-2011-comparison-adaptive",
        "white-2013-recovery-chronic",
    ]


def test_the_trials_planned_analysis_is_still_part_of_the_trial(analyzer: Analyzer) -> None:
    body = "The trial's originally planned analysis was dropped before the results came out."
    assert _papers(analyzer, body) == []


# -- "an analysis" named by its words is a work ------------------------------------------------


def test_an_analysis_named_by_its_design_words_is_that_work(analyzer: Analyzer) -> None:
    body = (
        "Then a blinded multicentre analysis, with labs that had reported the virus taking part, "
        "found it in nobody."
    )
    assert [m.card_id for m in _papers(analyzer, body)] == ["alter-2012-multicenter-blinded"]


def test_an_analysis_of_something_is_no_work_by_itself(analyzer: Analyzer) -> None:
    assert _papers(analyzer, "A statistical analysis of the survey showed most were housebound.") == []


# -- a PubMed id too short for the illness's literature is cut off -------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "Someone posted pubmed.ncbi.nlm.nih.gov/26399 in the chat about receptor antibodies.",
        "My notes only say PMID 3029 and nothing more.",
    ],
)
def test_a_short_pubmed_id_is_a_prefix_not_a_paper(analyzer: Analyzer, text: str) -> None:
    kinds = [c.kind for c in extract_citations(text) if c.kind in ("pmid", "truncated_url")]
    assert kinds == ["truncated_url"]
    assert _papers(analyzer, text) == []


def test_a_seven_digit_pubmed_id_is_whole() -> None:
    # The case definition of 1994 has a seven-digit id.
    assert [(c.kind, c.value) for c in extract_citations("Fukuda criteria: PMID 7978722.")] == [
        ("pmid", "7978722")
    ]


# -- a sized trial with what it tested told right after it -------------------------------------


def test_a_big_trial_of_a_treatment_is_that_treatments_largest_trial(analyzer: Analyzer) -> None:
    assert [m.card_id for m in _papers(analyzer, "Then came the big trial of rituximab, and it failed.")] == [
        "fluge-2019-lymphocyte-depletion"
    ]


def test_a_big_trial_of_something_else_is_no_paper(analyzer: Analyzer) -> None:
    assert _papers(analyzer, "Then came the big trial of patience: a whole winter indoors.") == []


# -- a work named by its country and year, told apart by the finding around it ------------------


@pytest.mark.parametrize(
    "text",
    [
        "An American paper from 2023 says fewer butyrate-producing bacteria meant more fatigue.",
        "A big US study in 2023 found patients low in butyrate producing bacteria.",
    ],
)
def test_a_country_and_year_with_the_title_retold_is_that_paper(analyzer: Analyzer, text: str) -> None:
    assert [m.card_id for m in _papers(analyzer, text)] == ["guo-2023-deficient-butyrate"]


def test_a_country_and_year_alone_pick_none_of_its_papers(analyzer: Analyzer) -> None:
    # Two American gut papers of 2023 have cards: nothing around the work says which.
    assert _papers(analyzer, "A big US study in 2023 looked at the gut of patients.") == []


def test_lower_case_us_is_no_country(analyzer: Analyzer) -> None:
    from bot.evidence.mentions import naming_words

    assert "american" not in naming_words("give us the big study")
    assert "american" in naming_words("the big US study")


def test_a_lab_heads_work_is_sought_among_its_own_groups_papers(analyzer: Analyzer) -> None:
    # The lab's country is shared by every group there: its papers are its own places' papers.
    body = "The Lipkin lab's Cell Host & Microbe paper found that butyrate producers were scarce."
    assert [m.card_id for m in _papers(analyzer, body)] == ["guo-2023-deficient-butyrate"]


# -- an item's byline names its authors, not another work -----------------------------------------


def test_a_byline_with_colleagues_tells_no_second_work(analyzer: Analyzer) -> None:
    # The line after the byline reads like another card's title; the item is its own DOI's paper.
    body = (
        "New in the Journal of Translational Medicine | Research | 2014\n"
        "Authors: Keller BA, Pryor JL and colleagues, Ithaca College.\n"
        "Deficient butyrate-producing capacity in the gut microbiome went with bacterial network "
        "disturbances.\n"
        "doi: 10.1186/1479-5876-12-104"
    )
    assert [m.card_id for m in _papers(analyzer, body)] == ["keller-2014-inability-myalgic"]


def test_the_authors_in_a_sentence_still_tell_their_work(analyzer: Analyzer) -> None:
    body = "The authors report deficient butyrate-producing capacity in the gut microbiome of patients."
    assert [m.card_id for m in _papers(analyzer, body)] == ["guo-2023-deficient-butyrate"]


# -- a country's researchers told as its people ---------------------------------------------------


@pytest.mark.parametrize(
    ("text", "card"),
    [
        (
            "B-cell depletion helped some patients; the Norwegians showed as much in 2011.",
            "fluge-2011-benefit-lymphocyte",
        ),
        (
            "The Swedes tried to replicate the receptor antibody results in 2020.",
            "bynke-2020-autoantibodies-beta",
        ),
        (
            "The Germans reported raised receptor antibodies back in 2016.",
            "loebel-2016-antibodies-adrenergic",
        ),
    ],
)
def test_a_countrys_people_doing_a_work_are_its_group(analyzer: Analyzer, text: str, card: str) -> None:
    assert [m.card_id for m in _papers(analyzer, text)] == [card]


def test_a_countrys_people_doing_nothing_are_no_work(analyzer: Analyzer) -> None:
    assert _papers(analyzer, "The Norwegians in our group chat all swear by pacing.") == []


# -- a place's scans telling a finding are its study ----------------------------------------------


def test_a_places_scans_that_showed_something_are_its_study(analyzer: Analyzer) -> None:
    body = "My neurologist agreed that the Japanese brain scans revealed activated microglia."
    assert [m.card_id for m in _papers(analyzer, body)] == ["nakatomi-2014-neuroinflammation-japan"]


def test_someones_own_scans_are_no_study(analyzer: Analyzer) -> None:
    assert _papers(analyzer, "The MRI scans showed nothing, and the PET scans found nothing either.") == []


# -- a trial's name given to it, or the trial recruiting ------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "My neurologist mentioned a trial named RituxME that she followed.",
        "Was RituxME recruiting in Bergen?",
    ],
)
def test_a_name_given_to_a_trial_or_the_trial_recruiting_is_the_trial(analyzer: Analyzer, text: str) -> None:
    assert [m.card_id for m in _papers(analyzer, text)] == ["fluge-2019-lymphocyte-depletion"]


def test_a_name_after_another_word_is_still_no_trial(analyzer: Analyzer) -> None:
    assert _papers(analyzer, "We used RituxME on the forum as shorthand for the whole saga.") == []


# -- "one" standing for a work told before, named by its place ------------------------------------


def test_a_newer_one_from_a_place_after_a_study_is_that_places_work(analyzer: Analyzer) -> None:
    body = (
        "My GI doctor mentioned a stool study from Cornell. Then there is a later one from Columbia "
        "on butyrate-producing bacteria that went missing in patients."
    )
    assert "guo-2023-deficient-butyrate" in [m.card_id for m in _papers(analyzer, body)]


def test_the_place_one_after_papers_were_told_is_that_places_study(analyzer: Analyzer) -> None:
    body = "Of the cytokine papers, the Stanford one linked 17 cytokines to disease severity."
    assert [m.card_id for m in _papers(analyzer, body)] == ["montoya-2017-cytokine-signature"]


def test_one_from_a_place_with_no_work_told_before_is_no_paper(analyzer: Analyzer) -> None:
    assert (
        _papers(analyzer, "My new specialist is the Stanford one; another one from Columbia retired.") == []
    )


# -- "the later big trial": a size and "later" after a treatment's first trial --------------------


def test_the_later_big_trial_of_a_treatment_is_its_largest(analyzer: Analyzer) -> None:
    body = "Rituximab looked good in a small first study. The later large trial found no benefit."
    assert "fluge-2019-lymphocyte-depletion" in [m.card_id for m in _papers(analyzer, body)]


def test_the_later_big_trial_of_no_named_treatment_is_no_paper(analyzer: Analyzer) -> None:
    assert _papers(analyzer, "Everyone waits for the later big trial, whenever that is.") == []


# -- one name, several years: each year is a work of that name -------------------------------------


def test_a_name_with_two_years_cites_both_of_its_works(analyzer: Analyzer) -> None:
    body = "Our support group leader printed out Fluge et al. 2011 and 2015 for everyone."
    assert [m.card_id for m in _papers(analyzer, body)] == [
        "fluge-2011-benefit-lymphocyte",
        "fluge-2015-lymphocyte-depletion",
    ]


def test_the_year_one_and_the_other_year_one_of_a_name_are_both_works(analyzer: Analyzer) -> None:
    body = "My physio compared me with Keller's exercise papers, the 2014 one and the newer 2024 one."
    assert sorted(m.card_id or "" for m in _papers(analyzer, body)) == [
        "keller-2014-inability-myalgic",
        "keller-2024-cardiopulmonary-metabolic",
    ]


def test_years_that_span_a_stretch_of_time_are_not_a_second_work(analyzer: Analyzer) -> None:
    body = "Keller's exercise tests between 2014 and 2024 were all run at one clinic."
    assert [m.card_id for m in _papers(analyzer, body)] == ["keller-2014-inability-myalgic"]


# -- "the first, from Berlin": one of the works told before, by its place -------------------------


def test_the_first_of_two_papers_told_by_its_place_and_year_is_that_work(analyzer: Analyzer) -> None:
    body = (
        "The clinic handed my husband a pair of papers. The first, from Berlin in 2016, "
        "measured receptor antibodies in patients and controls."
    )
    assert [m.card_id for m in _papers(analyzer, body)] == ["loebel-2016-antibodies-adrenergic"]


def test_the_first_from_a_place_with_no_work_told_is_no_paper(analyzer: Analyzer) -> None:
    assert _papers(analyzer, "The first, from Berlin in 2016, was a very cold winter for us.") == []


# -- "the graded exercise arm of PACE": a part of a trial is the trial ------------------------------


def test_an_arm_of_a_named_trial_is_the_trial(analyzer: Analyzer) -> None:
    body = "My cousin sat in the CBT arm of PACE for a whole year and never felt better."
    assert [m.card_id for m in _papers(analyzer, body)] == ["white-2011-comparison-adaptive"]


# -- "a later analysis" after a named trial: that trial's secondary analysis ------------------------


def test_a_later_analysis_after_a_named_trial_is_its_secondary_analysis(analyzer: Analyzer) -> None:
    body = (
        "The PACE trial put 641 adults into four groups. A subsequent analysis counted how many "
        "in each group could be called recovered."
    )
    assert [m.card_id for m in _papers(analyzer, body)] == [
        "white-2011-comparison-adaptive",
        "white-2013-recovery-chronic",
    ]


def test_a_later_analysis_with_no_trial_named_is_no_paper(analyzer: Analyzer) -> None:
    assert _papers(analyzer, "Our charity hopes a later analysis of the survey will be out in spring.") == []


# -- "…: the PACE trial, and a paper on …": another work after the one a sentence cited -------------


def test_a_second_work_told_after_a_cited_one_is_read_from_its_own_words(analyzer: Analyzer) -> None:
    body = (
        "For the ward meeting I printed two things: the PACE trial, and a Norwegian paper about "
        "specialised care for severely affected patients."
    )
    papers = _papers(analyzer, body)
    assert [m.card_id for m in papers if m.card_id] == ["white-2011-comparison-adaptive"]
    assert [m.paper.doi for m in papers if not m.card_id] == ["10.1080/21641846.2025.2565101"]


def test_a_second_thing_after_a_cited_work_that_retells_no_title_is_no_paper(analyzer: Analyzer) -> None:
    body = "For the ward meeting I printed two things: the PACE trial, and a map of the hospital car park."
    assert [m.card_id for m in _papers(analyzer, body)] == ["white-2011-comparison-adaptive"]


# -- "a PNAS team": a journal's name before its authors' team ---------------------------------------


def test_a_journals_team_is_said_of_a_paper_in_that_journal(analyzer: Analyzer) -> None:
    body = "A PNAS team reported cytokine levels that rose with disease severity."
    assert [m.card_id for m in _papers(analyzer, body)] == ["montoya-2017-cytokine-signature"]


def test_a_journals_team_with_no_words_of_a_paper_is_no_paper(analyzer: Analyzer) -> None:
    assert _papers(analyzer, "The PNAS team never replied to my email.") == []


# -- "there are two 2023 papers on …": a count after other words still opens several works ---------


def test_two_papers_of_a_year_after_there_are_is_each_of_them(analyzer: Analyzer) -> None:
    body = "I keep hearing there are two 2023 papers on the gut microbiome in ME."
    assert sorted(m.card_id or "" for m in _papers(analyzer, body)) == [
        "guo-2023-deficient-butyrate",
        "xiong-2023-multi-omics",
    ]


# -- "…, builds on the team's 2023 paper": a possessive's year is that work's, not the journal's ---


def test_a_year_of_another_work_told_by_whose_it_is_leaves_the_journal_yearless(analyzer: Analyzer) -> None:
    body = (
        "An AI-driven multi-omics model of the illness, published in Nature Medicine, builds on "
        "the team's 2023 paper in Cell Host & Microbe."
    )
    papers = _papers(analyzer, body)
    assert [m.card_id for m in papers if m.card_id] == ["xiong-2023-multi-omics"]
    assert [m.paper.doi for m in papers if not m.card_id] == ["10.1038/s41591-025-03788-3"]


# -- "the Jackson Laboratory cohort": an institution's word beside its place -------------------------


def test_a_cohort_named_by_a_place_and_its_lab_is_that_groups_study(analyzer: Analyzer) -> None:
    body = "In the Jackson Laboratory cohort, microbiome changes were strongest in those ill a few years."
    assert [m.card_id for m in _papers(analyzer, body)] == ["xiong-2023-multi-omics"]


def test_a_cohort_named_by_a_lab_word_alone_is_no_paper(analyzer: Analyzer) -> None:
    assert (
        _papers(analyzer, "In the lab cohort, microbiome changes were strongest in people ill for years.")
        == []
    )


# -- "the larger 2024 study": a size before the year names no work of its own ------------------------


def test_a_size_before_a_works_year_still_tells_the_work_by_its_year(analyzer: Analyzer) -> None:
    body = "The larger 2024 study compared two-day exercise tests in patients and sedentary controls."
    assert [m.card_id for m in _papers(analyzer, body)] == ["keller-2024-cardiopulmonary-metabolic"]


# -- "27573827 on PubMed": the cue after the number -------------------------------------------------


def test_a_number_followed_by_pubmed_is_that_pmid(analyzer: Analyzer) -> None:
    body = "If anyone wants the hypometabolism paper, it is 27573827 in PubMed."
    papers = _papers(analyzer, body)
    assert [(m.card_id, m.citation.kind) for m in papers] == [("naviaux-2016-metabolomics", "pmid")]


def test_a_labelled_number_before_pubmed_cites_nothing(analyzer: Analyzer) -> None:
    body = "My support ticket 27573827 on PubMed's help desk is still open."
    assert [c for c in extract_citations(body) if c.kind == "pmid"] == []


# -- "10.1016/j.chom.2023.01.00-something": a word for the missing end of a DOI ------------------


def test_a_doi_ending_in_a_placeholder_word_is_a_prefix_not_a_doi(analyzer: Analyzer) -> None:
    body = "Somebody linked 10.1016/j.chom.2023.01.00-whatever for the gut study, with the end missing."
    cited = [(c.kind, c.value) for c in extract_citations(body) if c.kind in ("doi", "truncated_url")]
    assert cited == [("truncated_url", "doi:10.1016/j.chom.2023.01.00")]


# -- "(Sotzny, 2018) … Renz-Polster's paper": a year inside another citation's brackets -------------


def test_a_year_in_the_brackets_of_another_citation_is_not_the_next_names(analyzer: Analyzer) -> None:
    body = (
        "Begin with the autoimmunity overview (Sotzny, 2018), then Renz-Polster's neuroglial "
        "failure paper for the brain."
    )
    dois = {m.paper.doi for m in _papers(analyzer, body)}
    assert "10.3389/fncel.2022.888232" in dois


# -- "the same lab's earlier study": the team of the paper the post is about ------------------------


def test_the_same_labs_earlier_study_is_that_teams_earlier_paper(analyzer: Analyzer) -> None:
    body = (
        "An AI model tying microbes, metabolites and immune cells to symptoms is out "
        "(https://doi.org/10.1038/s41591-025-03788-3). It grows out of the same lab's earlier study "
        "comparing people ill for a few years with people ill for over a decade."
    )
    assert [m.card_id for m in _papers(analyzer, body) if m.card_id] == ["xiong-2023-multi-omics"]


# -- "two … studies, both in PLoS ONE": a journal without a year said of a counted few -------------


def test_a_counted_few_papers_of_a_journal_without_a_year_are_each_of_them(analyzer: Analyzer) -> None:
    # (and "the big negative trial" beside rituximab is the big rituximab trial, as the
    # development sets' writers count it: "negative" says how it came out, not its topic)
    body = (
        "Before the big negative trial, the Norwegian group had two smaller rituximab studies, "
        "both in PLoS ONE, that looked hopeful."
    )
    assert sorted(m.card_id or "" for m in _papers(analyzer, body)) == [
        "fluge-2011-benefit-lymphocyte",
        "fluge-2015-lymphocyte-depletion",
        "fluge-2019-lymphocyte-depletion",
    ]


def test_a_counted_few_papers_of_a_journal_the_words_do_not_pick_out_are_none(analyzer: Analyzer) -> None:
    body = "There were two studies, both in PLoS ONE, that I never finished reading."
    assert _papers(analyzer, body) == []


# -- "a 2022 pyridostigmine study": one naming word beside a year, after "a" ------------------------


def test_a_year_and_one_naming_word_after_a_name_the_one_paper_of_that_year(analyzer: Analyzer) -> None:
    body = "My cardiologist brought up a 2022 pyridostigmine study that used invasive exercise testing."
    assert [(_who(m)) for m in _papers(analyzer, body)] == [(None, "Stovall", 2022)]


def test_a_year_and_a_vague_word_after_a_name_no_paper(analyzer: Analyzer) -> None:
    assert _papers(analyzer, "She mentioned a related 2022 study about sleep that I never found.") == []


# -- "a Cochrane review": a journal called by its one word ---------------------------------------------


def test_a_journal_called_by_its_one_word_is_that_journal(analyzer: Analyzer) -> None:
    body = (
        "An older Cochrane review decided exercise therapy probably eases fatigue a little versus usual care."
    )
    assert [m.card_id for m in _papers(analyzer, body)] == ["larun-2019-exercise-therapy"]


def test_a_journals_one_word_said_of_no_work_cites_nothing(analyzer: Analyzer) -> None:
    assert _papers(analyzer, "I emailed Cochrane about how they handle complaints.") == []


# -- a size's rivals are not read from a sentence citing another work by its authors ---------------


def test_a_size_is_not_given_away_to_a_paper_the_next_sentence_cites_by_name(analyzer: Analyzer) -> None:
    body = (
        "Reading around: the Berlin group reported higher beta-2 adrenergic and muscarinic receptor "
        "antibodies in 268 patients than in 108 healthy people. Their pilot had beta-2 antibodies "
        "falling during immunoadsorption in 9 of 10 patients, and they stayed low for months. Then "
        "there is Stein and colleagues' 2023 paper on repeat immunoadsorption in post-COVID ME/CFS, "
        "which I have yet to read."
    )
    found = {m.card_id or m.paper.first_author for m in _papers(analyzer, body)}
    assert "scheibenbogen-2018-immunoadsorption-remove" in found


# -- "that 'multicentre blinded' study in 2012": a two-word piece of a title qualifying a work ----------


def test_a_quoted_two_word_piece_before_a_work_with_its_year_names_that_paper(analyzer: Analyzer) -> None:
    body = "And that 'multicenter blinded' study in 2012 people keep quoting? I have my doubts about it."
    assert [m.card_id for m in _papers(analyzer, body)] == ["alter-2012-multicenter-blinded"]


def test_a_quoted_two_word_piece_of_common_title_words_names_nothing(analyzer: Analyzer) -> None:
    body = "My aunt found some 'chronic fatigue' study from 2012 in a magazine."
    assert _papers(analyzer, body) == []


# -- a British writer quoting an American title -------------------------------------------------------


def test_a_cut_title_quoted_in_british_spelling_is_the_american_titled_paper(analyzer: Analyzer) -> None:
    body = "Somebody pasted 'A Multicentre Blinded Analysis Indicates No Association between...' and left."
    assert [m.card_id for m in _papers(analyzer, body)] == ["alter-2012-multicenter-blinded"]


# -- "a report on three patients in Bergen": a case series told by its size and its group's place ----


def test_a_case_series_told_by_its_size_and_its_groups_place_is_that_series(analyzer: Analyzer) -> None:
    body = (
        "Rituximab's story in ME is long. It all started with a write-up of only three patients from Bergen."
    )
    assert [m.card_id for m in _papers(analyzer, body)] == ["fluge-2009-clinical-impact"]


# -- "Did anybody ever do a proper blinded follow-up?": a work asked for, not cited --------------------


def test_a_question_whether_a_work_was_ever_done_cites_nothing(analyzer: Analyzer) -> None:
    body = "My cousin keeps forwarding XMRV articles to me. Did anybody ever do a proper blinded follow-up?"
    assert _papers(analyzer, body) == []


def test_the_same_work_told_as_done_is_still_cited(analyzer: Analyzer) -> None:
    body = (
        "My cousin keeps forwarding XMRV articles to me. Then a proper blinded follow-up put the "
        "idea to rest."
    )
    assert [m.card_id for m in _papers(analyzer, body)] == ["alter-2012-multicenter-blinded"]


# -- "the 2023 randomised trial": design words alone beside a year name no topic -------------------------


def test_design_words_and_a_year_do_not_pick_another_paper_of_that_year(analyzer: Analyzer) -> None:
    body = (
        "I did the nasal device course, the one tested in the 2023 randomised trial in Oxford "
        "Open Immunology."
    )
    assert [m.card_id for m in _papers(analyzer, body)] == ["rodriguez-2023-achieving-symptom"]


# -- "the small one in 2011 and the large one in 2019": works of a kind told just before -------------


def test_ones_of_a_year_after_a_kind_of_work_are_those_works(analyzer: Analyzer) -> None:
    body = (
        "Read both of the Norwegian group's rituximab trials, the small one in 2011 and the large "
        "one in 2019."
    )
    assert sorted(m.card_id or "" for m in _papers(analyzer, body)) == [
        "fluge-2011-benefit-lymphocyte",
        "fluge-2019-lymphocyte-depletion",
    ]


# -- "one of the two 2023 gut papers found …": the one the rest of the sentence tells ------------------


def test_one_of_several_papers_told_apart_by_its_finding_is_that_paper(analyzer: Analyzer) -> None:
    body = (
        "One of the two 2023 gut microbiome papers saw the largest shifts in people ill for less "
        "than four years, compared with those ill for over ten."
    )
    assert [m.card_id for m in _papers(analyzer, body)] == ["xiong-2023-multi-omics"]


def test_one_of_several_papers_not_told_apart_is_none(analyzer: Analyzer) -> None:
    body = "One of the two 2023 gut microbiome papers is still on my reading pile."
    assert _papers(analyzer, body) == []


# -- a long word told whole is as telling as a number: "immunoadsorption" is not "immune" ------------


def test_a_long_rare_word_told_whole_tells_the_study_whose_findings_it_retells(analyzer: Analyzer) -> None:
    body = "That study filtered the antibodies out of the blood with immunoadsorption, and people improved."
    assert [m.card_id for m in _papers(analyzer, body)] == ["scheibenbogen-2018-immunoadsorption-remove"]


def test_a_long_word_of_a_finding_counts_beside_the_words_of_a_review(analyzer: Analyzer) -> None:
    body = (
        "A review found the cytokine findings inconsistent across the fifteen case-control studies "
        "it included."
    )
    assert [m.card_id for m in _papers(analyzer, body)] == ["corbitt-2019-systematic-review"]


def test_a_long_word_alone_retells_no_finding(analyzer: Analyzer) -> None:
    body = "A study said immunoadsorption is expensive and hard to get on the NHS."
    assert _papers(analyzer, body) == []


# -- "the two … papers from 2011 and 2015": counted works with one year each ----------------------


def test_counted_works_with_as_many_years_after_them_are_one_paper_of_each_year(analyzer: Analyzer) -> None:
    body = "Both rituximab papers in PLoS ONE, from 2011 and 2015, are open access."
    assert sorted(m.card_id or "" for m in _papers(analyzer, body)) == [
        "fluge-2011-benefit-lymphocyte",
        "fluge-2015-lymphocyte-depletion",
    ]
    body = "I printed the two Norwegian rituximab trials, published in 2011 and 2019."
    assert sorted(m.card_id or "" for m in _papers(analyzer, body)) == [
        "fluge-2011-benefit-lymphocyte",
        "fluge-2019-lymphocyte-depletion",
    ]


def test_counted_works_with_a_year_that_holds_none_of_them_are_none(analyzer: Analyzer) -> None:
    # two gut papers of 2023 and none of 2024: which 2023 one is meant is not said
    body = "I still mean to read the two gut microbiome papers from 2023 and 2024."
    assert _papers(analyzer, body) == []


# -- "the Cell Host & Microbe paper about Faecalibacterium": what a journal's paper is on -------------


def test_a_journals_paper_told_by_what_it_is_on_is_the_one_holding_that_word(analyzer: Analyzer) -> None:
    body = (
        "The Cell Host & Microbe paper about Faecalibacterium is the one I keep rereading. Patients "
        "there had fewer butyrate producers in their stool."
    )
    assert [m.card_id for m in _papers(analyzer, body)] == ["guo-2023-deficient-butyrate"]


def test_a_journals_paper_on_a_topic_both_of_its_papers_share_is_none(analyzer: Analyzer) -> None:
    body = (
        "The Cell Host & Microbe paper about the gut is the one I keep rereading. Patients there had "
        "fewer butyrate producers in their stool."
    )
    assert _papers(analyzer, body) == []


# -- a list of links said to be cut off: each link's identifier is a beginning -------------------------


def test_a_link_in_a_list_said_to_be_cut_off_is_no_paper_of_its_own(analyzer: Analyzer) -> None:
    body = (
        "Both of the links on my screenshot are truncated:\n\n"
        "pmc.ncbi.nlm.nih.gov/articles/PMC2046\n"
        "pubmed.ncbi.nlm.nih.gov/3119\n\n"
        "Does anyone recognise them?"
    )
    _, _, found, matches = analyzer.papers("", body)
    assert sorted(c.value for c in found if c.kind == "truncated_url") == ["pmcid:PMC2046", "pmid:3119"]
    assert [m for m in matches if not is_unresolved(m)] == []


def test_a_whole_link_after_a_list_head_of_other_words_is_a_paper(analyzer: Analyzer) -> None:
    body = "Two links from the talk, both worth reading:\n\npmc.ncbi.nlm.nih.gov/articles/PMC10183837\n"
    assert [m.card_id for m in _papers(analyzer, body)] == ["guo-2023-deficient-butyrate"]


# -- "PACE came out", "PACE ran for years": the trial doing something in an irregular past tense --------


def test_a_trial_name_with_an_irregular_past_tense_verb_is_the_trial(analyzer: Analyzer) -> None:
    for body in (
        "When PACE came out, my GP changed her advice overnight.",
        "PACE ran for years before anyone outside saw its data.",
    ):
        assert [m.card_id for m in _papers(analyzer, body)] == ["white-2011-comparison-adaptive"], body


def test_a_trial_name_that_came_up_in_talk_is_a_topic_not_the_paper(analyzer: Analyzer) -> None:
    assert _papers(analyzer, "PACE came up at the support group again last night.") == []


# -- "definitions like Fukuda's": one of several criteria named after their first author ----------------


def test_criteria_named_as_one_of_several_definitions_are_that_consensus_paper(analyzer: Analyzer) -> None:
    body = (
        "Many older studies recruited people under definitions like Fukuda's, which never made PEM "
        "compulsory."
    )
    assert [m.card_id for m in _papers(analyzer, body)] == ["fukuda-1994-chronic-fatigue"]


def test_criteria_like_a_surnames_used_by_a_study_are_an_inclusion_rule(analyzer: Analyzer) -> None:
    assert _papers(analyzer, "Most trials used older criteria like Fukuda's.") == []


# -- "the three … papers, in A, B and C": a list of journals, one paper each -------------------------


def test_counted_papers_in_a_list_of_journals_are_one_paper_of_each_journal(analyzer: Analyzer) -> None:
    body = (
        "All three PACE papers, in The Lancet, Psychological Medicine and The Lancet Psychiatry, made "
        "the news. The trial compared CBT, graded exercise and adaptive pacing; the later papers "
        "reported recovery rates and a long-term follow-up."
    )
    assert sorted(m.card_id or "" for m in _papers(analyzer, body)) == [
        "sharpe-2015-rehabilitative-treatments",
        "white-2011-comparison-adaptive",
        "white-2013-recovery-chronic",
    ]


# -- "Canadian and Norwegian patients": two words held together by one card tell it as a rare one does ---


def test_two_common_words_held_together_by_one_card_tell_its_study(analyzer: Analyzer) -> None:
    body = (
        "Researchers found that antibodies binding a chip of random peptides separated Canadian and "
        "Norwegian patients from healthy people."
    )
    assert [m.card_id for m in _papers(analyzer, body)] == ["gunther-2018-immunosignature-analysis"]


def test_a_telling_pair_alone_without_the_findings_weight_tells_nothing(analyzer: Analyzer) -> None:
    assert _papers(analyzer, "A study compared how Canadian and Norwegian patients slept.") == []


# -- "across several labs": a lay wording of a title word counts in a retold finding too ------------


def test_a_lay_wording_of_a_title_word_counts_in_a_retold_finding(analyzer: Analyzer) -> None:
    body = (
        "Years later, a blinded test across several labs, the original one included, found no XMRV "
        "or related virus in patients or healthy people."
    )
    assert [m.card_id for m in _papers(analyzer, body)] == ["alter-2012-multicenter-blinded"]


def test_several_laboratories_is_a_lay_wording_of_multicenter(analyzer: Analyzer) -> None:
    body = (
        "Then several laboratories, including the original one, tested coded samples and found no "
        "XMRV or related virus in anyone."
    )
    assert [m.card_id for m in _papers(analyzer, body)] == ["alter-2012-multicenter-blinded"]


# -- "the Institute of Medicine's recommendations": what an organisation's report concluded -----------


def test_an_organisations_conclusions_are_its_one_report(analyzer: Analyzer) -> None:
    body = (
        "The Institute of Medicine's recommendations put post-exertional malaise at the centre of diagnosis."
    )
    assert [m.card_id for m in _papers(analyzer, body)] == ["iom-2015-beyond-myalgic"]


def test_a_trial_name_counted_among_others_is_the_trial(analyzer: Analyzer) -> None:
    body = "Several older trials, PACE among them, recruited by the Oxford criteria."
    assert [m.card_id for m in _papers(analyzer, body)] == ["white-2011-comparison-adaptive"]


# -- "the long-term PACE follow-up" beside a listed paper on long COVID -------------------------


def test_a_work_named_by_a_trial_name_is_not_a_listed_paper_sharing_another_word(analyzer: Analyzer) -> None:
    """A post citing a paper the atlas lacks may describe it as "the X paper"; but a work named by
    a trial's declared name is that trial's, not the listed paper whose title shares only "long"
    (of "long COVID") with "long-term"."""
    body = (
        "A ketogenic diet case report helped one person (doi:10.4236/crcm.2025.148052). "
        "Separately, the long-term PACE follow-up reported that many participants went on to other "
        "treatments once the trial was over."
    )
    cards = [m.card_id for m in _papers(analyzer, body)]
    assert "sharpe-2015-rehabilitative-treatments" in cards


# -- a title retold across the sentence naming a work and the one going on about it -----------


def test_a_title_retold_across_two_sentences_names_the_listed_paper(analyzer: Analyzer) -> None:
    """The first sentence names a work ("a small biotech group") and holds one title word; the
    next goes on about it and holds most of the rest: together they retell the title."""
    body = (
        "A small biotech group went back over the DecodeME samples to look at variants in "
        "combination. It describes reproducible combinatorial risk factors, several of them also "
        "seen in long COVID."
    )
    assert [_who(m) for m in _papers(analyzer, body)] == [(None, "Sardell", 2025)]


def test_a_next_sentence_holding_one_title_word_completes_no_retelling(analyzer: Analyzer) -> None:
    """Read together, two sentences may say enough of a short title by chance ("a medication
    review … a low dose", then "side effects"); the sentence after must retell much of it."""
    body = (
        "Ask your GP for a medication review and start any new drug at a low dose. "
        "People with ME/CFS are often sensitive to side effects."
    )
    assert _papers(analyzer, body) == []


def test_early_results_from_a_named_study_are_its_own_paper(analyzer: Analyzer) -> None:
    """ "Early" and "preliminary" results of a study, as its first results are, are its own paper,
    not a later paper's analysis of it."""
    for said in ("Early results from", "Preliminary findings of"):
        body = f"{said} DecodeME point to a handful of immune and neuronal genes."
        assert [_who(m) for m in _papers(analyzer, body)] == [(None, "DecodeME Collaboration", 2025)], said


# -- one author's counted works, one year each ---------------------------------------------------


def test_counted_works_of_one_author_with_a_year_each_need_not_all_hold_the_topic(analyzer: Analyzer) -> None:
    """ "both of Keller's CPET studies, the 2014 one and the 2024 one": the 2014 paper's words do
    not say "CPET", but its first author's name and its year tell it."""
    body = (
        "My cardiologist knew both of Keller's CPET studies: the small one from 2014, and the "
        "larger 2024 one with sedentary controls."
    )
    assert {m.card_id for m in _papers(analyzer, body)} == {
        "keller-2014-inability-myalgic",
        "keller-2024-cardiopulmonary-metabolic",
    }


def test_an_authors_counted_works_with_only_their_years_are_each_paper(analyzer: Analyzer) -> None:
    """ "Keller's two studies, from 2014 and 2024": whose works and one year each, no topic words."""
    body = "Keller's two studies, from 2014 and 2024, both saw oxygen uptake fall on the second day."
    assert {m.card_id for m in _papers(analyzer, body)} == {
        "keller-2014-inability-myalgic",
        "keller-2024-cardiopulmonary-metabolic",
    }


# -- "the Cell Host & Microbe paper on butyrate": what a journal's paper is on ---------------------


def test_the_verb_after_what_a_journals_paper_is_on_names_nothing(analyzer: Analyzer) -> None:
    """ "… paper on butyrate showed …": "showed" is no topic word, so the other paper of that
    journal whose summary happens to say "showed" is not named by it."""
    body = "That Cell Host & Microbe paper on butyrate showed that low butyrate goes with worse fatigue."
    assert "xiong-2023-multi-omics" not in {m.card_id for m in _papers(analyzer, body)}


def test_a_journals_paper_on_a_topic_is_the_one_whose_title_is_on_it(analyzer: Analyzer) -> None:
    """Both 2023 Cell Host & Microbe cards speak of butyrate; only one title is on it."""
    body = (
        "My dietitian pointed me to the Cell Host & Microbe paper on butyrate, which compared stool "
        "samples from patients and healthy controls."
    )
    assert [m.card_id for m in _papers(analyzer, body)] == ["guo-2023-deficient-butyrate"]


def test_a_one_word_journal_owning_a_review_is_that_journals_paper(analyzer: Analyzer) -> None:
    """ "Cochrane's review of …" opening a sentence: the journal's own work, not a surname
    without a year (and a one-word name alone opening a sentence still cites nothing)."""
    body = "Cochrane's review of exercise therapy keeps being quoted by my occupational therapist."
    assert [m.card_id for m in _papers(analyzer, body)] == ["larun-2019-exercise-therapy"]
    assert _papers(analyzer, "Cochrane is a charity that my therapist trusts.") == []


# -- "both Norwegian placebo-controlled rituximab trials": counted works told by their words alone -----


def test_counted_works_told_by_three_naming_words_are_each_of_them(analyzer: Analyzer) -> None:
    """No year and no owner, but a count and three words that exactly two trials hold (a listed
    trial of another drug, from the same group, holds the words the list knows, not "rituximab")."""
    body = "My neurologist has read the two Norwegian placebo-controlled rituximab trials."
    assert {m.card_id for m in _papers(analyzer, body)} == {
        "fluge-2011-benefit-lymphocyte",
        "fluge-2019-lymphocyte-depletion",
    }


def test_counted_works_told_by_one_word_are_left_unread(analyzer: Analyzer) -> None:
    assert _papers(analyzer, "My neurologist has read both rituximab trials.") == []


# -- one author's two papers, one by its link and one by its year, in one sentence --------------


def test_an_authors_year_years_away_from_the_linked_paper_of_theirs_is_another_paper(
    analyzer: Analyzer,
) -> None:
    """The linked review is Fluge's 2021 paper; "the 2019 Fluge paper" beside it, two years
    away, is the author's other card, not the link said again."""
    body = (
        "Since the 2019 Fluge paper (their rituximab trial) not much happened until the 2021 overview "
        "at https://www.jci.org/articles/view/150377 came out."
    )
    assert {m.card_id for m in _papers(analyzer, body)} == {
        "fluge-2019-lymphocyte-depletion",
        "fluge-2021-pathomechanisms-possible",
    }


def test_an_authors_year_one_year_off_the_linked_paper_of_theirs_is_that_paper(analyzer: Analyzer) -> None:
    """A year off by one may be the linked paper's print year: still the one paper."""
    body = "My rheumatologist sent me Fluge et al. 2020 (https://www.jci.org/articles/view/150377)."
    assert [m.card_id for m in _papers(analyzer, body)] == ["fluge-2021-pathomechanisms-possible"]


def test_older_work_told_after_a_linked_paper_in_its_sentence_is_read_from_its_own_words(
    analyzer: Analyzer,
) -> None:
    """ ", and older Stanford work tied …": a second work, without an article, after the one
    the sentence linked; its own words retell another card's title."""
    body = (
        "The Bergen group summed up their thinking in a review (https://doi.org/10.1172/jci150377), "
        "and older Stanford work tied a cytokine signature to disease severity in CFS patients."
    )
    assert {m.card_id for m in _papers(analyzer, body)} == {
        "fluge-2021-pathomechanisms-possible",
        "montoya-2017-cytokine-signature",
    }
    guard = (
        "The Bergen group summed up their thinking in a review (https://doi.org/10.1172/jci150377), "
        "and older work agrees."
    )
    assert [m.card_id for m in _papers(analyzer, guard)] == ["fluge-2021-pathomechanisms-possible"]


def test_an_authors_counted_works_without_years_are_each_of_that_authors_papers(analyzer: Analyzer) -> None:
    """ "Keller's two CPET studies": no year, and one of the two papers never says "CPET" in its
    words; the author's papers (cards and listed ones) are exactly two, so each is named."""
    body = "Read Keller's two CPET studies before arguing with me about exercise."
    assert {m.card_id for m in _papers(analyzer, body)} == {
        "keller-2014-inability-myalgic",
        "keller-2024-cardiopulmonary-metabolic",
    }


def test_an_authors_counted_works_fewer_than_their_papers_name_none(analyzer: Analyzer) -> None:
    """Fluge is the first author of more than two known papers: "Fluge's two trials" could be any
    two of them, so none is guessed at."""
    assert _papers(analyzer, "My neurologist has read Fluge's two cyclophosphamide trials.") == []


# -- a journal named in the sentence of a paper named by its title ---------------------------------


def test_a_journal_in_the_sentence_of_a_titled_paper_of_that_journal_is_where_it_appeared(
    analyzer: Analyzer,
) -> None:
    """The listed EpiSwitch paper appeared in the Journal of Translational Medicine; the journal
    beside it says where, not a second paper of that journal guessed from the exercise words."""
    body = (
        "In the Journal of Translational Medicine, the EpiSwitch blood test paper found oxygen uptake "
        "and workload lower on the second of two maximal exercise tests."
    )
    papers = _papers(analyzer, body)
    assert [(m.card_id, m.paper.first_author) for m in papers] == [(None, "Hunter")]


def test_a_journal_in_another_sentence_than_the_titled_paper_is_read_by_itself(analyzer: Analyzer) -> None:
    body = (
        "The EpiSwitch blood test paper is out. A separate paper in the Journal of Translational "
        "Medicine found oxygen uptake and workload lower on the second of two maximal exercise tests."
    )
    assert "keller-2014-inability-myalgic" in {m.card_id for m in _papers(analyzer, body)}


def test_a_news_feature_retelling_a_listed_pieces_title_names_it(analyzer: Analyzer) -> None:
    """A journal's news feature is a piece of work a post may retell by its title's words."""
    body = (
        "A Nature news feature asked whether the big funding boost for long COVID research will "
        "turn up new treatments."
    )
    assert [(_who(m), m.paper.doi) for m in _papers(analyzer, body)] == [
        ((None, "Marshall", 2025), "10.1038/d41586-025-03904-w")
    ]
    # (the same words with no piece told: the poster's own hope)
    hope = "Long COVID research got a big funding boost this year, and I hope it finds new treatments."
    assert _papers(analyzer, hope) == []


# -- a year before "and the …": the year of the work before "and" ---------------------------------


def test_a_year_before_and_the_next_name_is_the_year_of_the_work_before_it(analyzer: Analyzer) -> None:
    """ "the Fukuda definition from 1994 and the Institute of Medicine criteria": 1994 dates the
    definition; the institute's criteria keep no year of theirs, and are its report."""
    body = (
        "My neurologist still uses the Fukuda definition from 1994 and the Institute of Medicine "
        "criteria side by side."
    )
    assert {m.card_id for m in _papers(analyzer, body)} == {
        "fukuda-1994-chronic-fatigue",
        "iom-2015-beyond-myalgic",
    }


def test_a_year_right_before_a_name_is_still_its_year(analyzer: Analyzer) -> None:
    assert [m.card_id for m in _papers(analyzer, "Try the 2015 Institute of Medicine criteria instead.")] == [
        "iom-2015-beyond-myalgic"
    ]


# -- a group named by its lead, with a year in the sentence, is no paper in the way of a retelling ------


def test_a_group_named_by_its_lead_leaves_the_sentence_to_retell_a_title(analyzer: Analyzer) -> None:
    """ "a … trial by Systrom's lab …, a 2022 abstract": the surname leads the group (the listed
    paper's first author is another), so the sentence still retells that paper's title."""
    body = (
        "A colleague pointed me to a placebo-controlled trial by Systrom's lab on the acute effect of "
        "the drug on exertional intolerance, which I believe only ever appeared as a 2022 abstract."
    )
    assert [(_who(m), m.paper.doi) for m in _papers(analyzer, body)] == [
        ((None, "Stovall", 2022), "10.1164/ajrccm-conference.2022.205.1_meetingabstracts.a2063")
    ]


def test_a_year_that_is_another_names_own_does_not_date_a_work_named_after_it(analyzer: Analyzer) -> None:
    """ "Fluge et al. (2011) …, and the open-label maintenance study …": 2011 is the named
    paper's year; the maintenance study, told by its words alone, is its own (2015) paper."""
    body = "Fluge et al. (2011) was small, and the open-label maintenance study came after it."
    assert {m.card_id for m in _papers(analyzer, body)} == {
        "fluge-2011-benefit-lymphocyte",
        "fluge-2015-lymphocyte-depletion",
    }


# -- a number a card reports weighs more than one of its words ------------------------------------


def test_a_study_told_by_the_sizes_it_reports_is_that_card(analyzer: Analyzer) -> None:
    """The 67 and 3.7 percent the XMRV card reports, with the virus's name: told exactly, they
    weigh more than any two of its words would."""
    body = (
        "People keep quoting the study where XMRV turned up in 67 percent of patients and 3.7 percent "
        "of controls."
    )
    assert [m.card_id for m in _papers(analyzer, body)] == ["lombardi-2009-retracted-detection"]


def test_a_study_told_by_its_groups_durations_is_that_card(analyzer: Analyzer) -> None:
    body = (
        "My aunt read a study where people ill under 4 years had the most changed gut bacteria and "
        "people ill over 10 years much less."
    )
    assert [m.card_id for m in _papers(analyzer, body)] == ["xiong-2023-multi-omics"]


# -- a dated design with no card of that year: the listed paper the words fit -----------------


def test_a_dated_trial_no_card_holds_is_the_listed_paper_its_words_fit(analyzer: Analyzer) -> None:
    """No card is a 2022 trial; the list's 2022 pyridostigmine trial is the one the words fit."""
    body = "A 2022 trial tested whether pyridostigmine changes exertional intolerance in patients."
    assert [_who(m) for m in _papers(analyzer, body)] == [(None, "Stovall", 2022)]


def test_a_dated_pilot_of_plasma_cell_treatment_is_the_listed_pilot(analyzer: Analyzer) -> None:
    body = "Bergen ran a 2025 pilot giving daratumumab to target plasma cells."
    assert [_who(m) for m in _papers(analyzer, body)] == [(None, "Fluge", 2025)]


def test_a_dated_trial_the_words_fit_no_listed_paper_of_names_nothing(analyzer: Analyzer) -> None:
    body = "My cousin joined a 2022 trial of something for her knees, no idea what."
    assert _papers(analyzer, body) == []


# -- a small group named with the illness between number and noun ---------------------------------


def test_three_me_cfs_patients_given_a_drug_is_the_case_series(analyzer: Analyzer) -> None:
    """The illness's name between the number and "patients" keeps them one group told."""
    body = "Doctors in Bergen first tried rituximab on three ME/CFS patients with lymphoma histories."
    assert [m.card_id for m in _papers(analyzer, body)] == ["fluge-2009-clinical-impact"]


def test_three_of_some_other_patients_with_the_illness_named_elsewhere_is_no_group(
    analyzer: Analyzer,
) -> None:
    body = "Three of my ME/CFS friends tried rituximab privately; none of them noticed a change."
    assert [m.card_id for m in _papers(analyzer, body)] == []


# -- the same team's dated follow-up ---------------------------------------------------------


def test_the_same_labs_dated_follow_up_is_their_paper_of_that_year(analyzer: Analyzer) -> None:
    """A follow-up is a study of the team's too: "the same lab's 2024 follow-up" after Keller 2014."""
    body = (
        "Keller et al. 2014 tested patients twice, a day apart. The same lab's larger 2024 follow-up "
        "added sedentary controls."
    )
    assert {m.card_id for m in _papers(analyzer, body)} == {
        "keller-2014-inability-myalgic",
        "keller-2024-cardiopulmonary-metabolic",
    }


def test_the_same_labs_follow_up_of_a_year_they_published_nothing_names_nothing(
    analyzer: Analyzer,
) -> None:
    body = "Keller et al. 2014 tested patients twice. The same lab's 2019 follow-up is still unpublished."
    assert {m.card_id for m in _papers(analyzer, body)} == {"keller-2014-inability-myalgic"}


# -- a naming word in the past tense finds the title holding its present form ----------------------


def test_a_study_about_repeated_rounds_is_the_title_saying_repeat(analyzer: Analyzer) -> None:
    """The stemmer keeps "-ed": "repeated" still names the one title saying "Repeat …"."""
    body = (
        "There is a 2023 interim report on repeated rounds of the blood-washing treatment in "
        "post-covid patients."
    )
    assert [_who(m) for m in _papers(analyzer, body)] == [(None, "Stein", 2023)]


def test_a_past_tense_word_no_title_holds_in_any_form_names_nothing(analyzer: Analyzer) -> None:
    body = "I read a report on blended smoothies for energy, which proved nothing."
    assert _papers(analyzer, body) == []


# -- an institution's word beside its place names no topic ----------------------------------------


def test_the_2023_paper_of_a_named_laboratory_is_that_groups_paper(analyzer: Analyzer) -> None:
    """ "the Jackson Laboratory paper": "laboratory" is the place's word, not what the paper is about."""
    body = "Guo's butyrate paper came out in 2023, and the Jackson Laboratory paper came out the same week."
    assert [m.card_id for m in _papers(analyzer, body)] == [
        "guo-2023-deficient-butyrate",
        "xiong-2023-multi-omics",
    ]


def test_a_laboratory_paper_of_no_named_place_is_not_read_as_a_place(analyzer: Analyzer) -> None:
    body = "The 2023 laboratory paper my physio printed was about grip strength in athletes."
    assert [m.card_id for m in _papers(analyzer, body)] == []


# -- a lab's work told before the lab is named ----------------------------------------------------


def test_a_dated_work_from_a_named_lab_before_the_lab_is_that_labs_paper(analyzer: Analyzer) -> None:
    """ "a 2022 abstract from the Systrom lab on …": the work is told before the lab's name."""
    body = "A 2022 abstract from the Systrom lab on pyridostigmine and exertional intolerance got me curious."
    assert [_who(m) for m in _papers(analyzer, body)] == [(None, "Stovall", 2022)]


def test_a_named_lab_with_no_work_told_in_its_sentence_names_nothing(analyzer: Analyzer) -> None:
    body = "The Systrom lab is recruiting patients for exercise testing this spring."
    assert _papers(analyzer, body) == []


# -- a line's own identifier is not the line before's ---------------------------------------------


def test_an_identifier_on_the_next_line_is_not_tied_to_a_description_closing_its_line(
    analyzer: Analyzer,
) -> None:
    """A group size's description spans its line, line break included; the PMID on the next line
    is a paper of its own, not the line before's card written again."""
    body = (
        "First: doi:10.1186/1479-5876-12-104, the first 22-patient two-day study\n"
        "Second: PMID: 42212259, a 2026 paper\n"
    )
    assert [_who(m) for m in _papers(analyzer, body)] == [
        ("keller-2014-inability-myalgic", "Keller", 2014),
        (None, "Mancini", 2026),
    ]


# -- countries named, as cards write their adjectives --------------------------------------------


def test_a_finding_told_with_countries_names_matches_a_card_with_their_adjectives(
    analyzer: Analyzer,
) -> None:
    """The card says "Canadian" and "Norwegian" cases; the post says Canada and Norway."""
    body = (
        "Researchers found serum antibodies from patients in Canada and Norway bound random "
        "peptides in a way that separated them from controls."
    )
    assert [m.card_id for m in _papers(analyzer, body)] == ["gunther-2018-immunosignature-analysis"]


def test_two_countries_joined_by_and_beside_a_year_are_no_pair_of_authors() -> None:
    text = "In 2018 a group tested blood from patients in Sweden and Denmark for antibodies."
    assert [c for c in extract_citations(text) if c.kind == "author_year"] == []


# -- a title's abbreviation spelt out ------------------------------------------------------


def test_post_exertional_malaise_spelt_out_counts_as_a_titles_pem(analyzer: Analyzer) -> None:
    """The listed title says "PEM"; the retelling spells it out."""
    body = (
        "A small pilot study found low-dose rapamycin relieved post-exertional malaise in ME/CFS "
        "patients, perhaps by restoring autophagy."
    )
    assert [_who(m) for m in _papers(analyzer, body)] == [(None, "Ruan", 2025)]


# -- "That survey …" goes on about the work named before --------------------------------------------


def test_a_journal_and_year_read_with_the_next_sentence_that_goes_on_about_the_survey(
    analyzer: Analyzer,
) -> None:
    """ "That survey …" tells more of the work just named: its words are read with the mention's."""
    body = (
        "Someone cited a 2025 survey in PNAS. That survey let long COVID and ME/CFS patients grade "
        "every treatment they had tried."
    )
    assert [_who(m) for m in _papers(analyzer, body)] == [(None, "Eckey", 2025)]


def test_three_patients_told_with_their_countrys_adjective_are_the_case_series(analyzer: Analyzer) -> None:
    """A country's adjective between the number and the noun keeps them one group told."""
    body = "Rituximab first helped three Norwegian patients, and the trials came after that."
    assert [m.card_id for m in _papers(analyzer, body)] == ["fluge-2009-clinical-impact"]


def test_ibs_is_read_as_the_title_word_it_abbreviates() -> None:
    """Titles spell out "Irritable Bowel Syndrome"; posts write "IBS"."""
    from bot.evidence.title_echo import lay_prefixes

    assert "irrit" in lay_prefixes("She has IBS as well as ME.")
    assert "irrit" not in lay_prefixes("She has gut trouble as well as ME.")


def test_an_analysis_told_by_an_adverb_of_time_names_no_paper(analyzer: Analyzer) -> None:
    """ "the originally planned analysis" is a trial's protocol, not a paper about "originally"."""
    body = "Under the originally planned analysis, the two therapies did no better than usual care."
    assert _papers(analyzer, body) == []


# -- a PubMed number pasted without its label -----------------------------------------------


def test_a_bracketed_number_after_a_work_is_the_pmid_of_the_card_it_names(analyzer: Analyzer) -> None:
    """A description read as another cited paper's retelling still has its PMID beside it."""
    body = (
        "The pooled review of cytokine levels in fibromyalgia (22034969) found little beyond IL-6. "
        "A separate preprint, doi.org/10.1101/2024.01.02.573900, looks at something else entirely."
    )
    assert "uceyler-2011-systematic-review" in [m.card_id for m in _papers(analyzer, body)]


def test_a_bracketed_number_after_a_quoted_title_is_that_papers_pmid(analyzer: Analyzer) -> None:
    body = 'My sister printed "the one about exercise testing over two years" [42212259] for me.'
    assert [_who(m) for m in _papers(analyzer, body)] == [(None, "Mancini", 2026)]


def test_a_labelled_or_unexplained_bracketed_number_cites_nothing(analyzer: Analyzer) -> None:
    """Order, build and reference numbers may equal a real PMID; so may any number told alone."""
    for body in (
        "The chemist gave me an order number (38383456) for the next batch of tablets.",
        "Since the last build (27573827) the app keeps logging me out.",
        "The paper came with our petition reference (36758522) printed on the front.",
        "I finally got my parcel (36758521) after three weeks.",
    ):
        assert _papers(analyzer, body) == [], body


def test_an_mdpi_article_number_written_alone_is_its_doi(analyzer: Analyzer) -> None:
    """MDPI's pages show "ijms23147906": the journal code, volume, issue and article number."""
    body = (
        "The metabolomics one is ijms23147906 if you search the MDPI site; the other is diagnostics9030070."
    )
    assert [(m.card_id, m.paper.doi) for m in _papers(analyzer, body)] == [
        ("che-2022-metabolomic-evidence", "10.3390/ijms23147906"),
        (None, "10.3390/diagnostics9030070"),
    ]


def test_words_and_numbers_that_only_look_like_mdpi_numbers_cite_nothing(analyzer: Analyzer) -> None:
    for body in (
        "Batch jcm9994040 came back from the lab.",  # no issue 99 or 40: not volume, issue, article
        "Lot jcm9124 is what the box said.",  # too short for volume, issue and article
        "The life13 sensor reads 3 steps.",
    ):
        assert _papers(analyzer, body) == [], body


def test_a_group_size_told_with_a_lay_name_of_the_test_is_read_with_the_titles_word(
    analyzer: Analyzer,
) -> None:
    """Patients call the cardiopulmonary exercise test the bike test; titles write "CPET"."""
    body = "A friend mentioned a study where 84 patients did the cycle test twice, a day apart."
    assert [m.card_id for m in _papers(analyzer, body)] == ["keller-2024-cardiopulmonary-metabolic"]


def test_a_place_every_candidate_shares_leaves_the_choice_to_what_the_work_found(
    analyzer: Analyzer,
) -> None:
    """Cards and a listed paper by one university's authors all hold its name: only the rest of
    the sentence can say which study "a Columbia University study" is."""
    body = (
        "Stanford people keep saying inflammation drives the disease. Years before, a Columbia "
        "University study reported that cytokines were high in patients in their first years of "
        "illness but not in those ill longer."
    )
    assert [m.card_id for m in _papers(analyzer, body)] == ["hornig-2015-distinct-plasma"]


def test_a_cut_pubmed_link_is_read_with_the_sentence_before_that_describes_it(analyzer: Analyzer) -> None:
    """A PubMed number has no words of its own: the description may come a sentence earlier."""
    body = (
        "My neurologist mentioned research from Stanford tying cytokine levels to how severe the "
        "illness is. The link she emailed was cut off: pubmed.ncbi.nlm.nih.gov/287609..."
    )
    assert [m.card_id for m in _papers(analyzer, body)] == ["montoya-2017-cytokine-signature"]


@pytest.mark.parametrize(
    "body",
    [
        "Her cardiologist quoted the 2022 Thoracic Society meeting abstract on acute pyridostigmine "
        "in exertional intolerance.",
        "There is also a 2022 conference abstract on acute pyridostigmine in exertional intolerance.",
    ],
)
def test_a_conference_abstract_told_by_its_year_and_topic_is_that_listed_abstract(
    analyzer: Analyzer, body: str
) -> None:
    """A meeting abstract is a work of its year like a paper, its meeting named or not."""
    assert [_who(m) for m in _papers(analyzer, body)] == [(None, "Stovall", 2022)]


def test_a_word_only_one_title_holds_picks_that_paper_among_a_journals(analyzer: Analyzer) -> None:
    """Of a journal's papers, the one whose title alone holds a word the post says (a gene's
    name) is the one a yearless journal mention may settle on with the usual lead."""
    from bot.evidence.atlas_index import journal_key
    from bot.evidence.textnorm import PostText

    matcher = analyzer.matcher
    assert matcher.reference is not None
    key = journal_key("Proceedings of the National Academy of Sciences")
    cards, listed = matcher.index.by_journal[key], matcher.reference.by_journal[key]
    holders = matcher._own_title_word_holders(PostText("Muscle from patients had more WASF3."), cards, listed)
    assert [matcher.reference.cards[i].authors[0] for i in holders] == ["Wang P"]
    # ("mitochondrial" is in more than one title: it names none of them)
    assert matcher._own_title_word_holders(PostText("Their mitochondrial work."), cards, listed) == []


def test_a_journal_told_without_a_year_beside_a_gene_only_one_title_names(analyzer: Analyzer) -> None:
    """The lead may rest on that one word: it is the paper's name, not a word form."""
    body = (
        "Doctors have been puzzled for years. Now a group at the US National Institutes of Health "
        "reports that a protein named WASF3 is higher in muscle taken from people with the illness. "
        "When the researchers added extra WASF3 to cells, the mitochondria, the cell's power plants, "
        "used less oxygen to make energy. The scientists, writing in the Proceedings of the National "
        "Academy of Sciences, say this might explain why patients cannot tolerate exercise. They also "
        "saw stress in the part of the cell where proteins are folded."
    )
    assert [_who(m) for m in _papers(analyzer, body)] == [(None, "Wang", 2023)]


@pytest.mark.parametrize(
    ("body", "cards"),
    [
        (
            "The forum keeps quoting an old report from Norway in which three patients improved on "
            "the drug for a while.",
            ["fluge-2009-clinical-impact"],
        ),
        # (three people of a country, with no work named: anyone's three acquaintances)
        ("Three patients in Norway improved on the drug for a while.", []),
    ],
)
def test_three_patients_in_a_work_from_the_groups_country_are_the_case_series(
    analyzer: Analyzer, body: str, cards: list[str]
) -> None:
    assert [m.card_id for m in _papers(analyzer, body)] == cards


def test_an_abstract_told_by_what_it_is_about_is_read_as_a_work(analyzer: Analyzer) -> None:
    """ "an abstract on …" names a work as "a paper on …" does (a listed meeting abstract here)."""
    body = "My nephew also dug up a meeting abstract on the ferritin nanoparticle vaccine against EBV."
    assert [_who(m)[1] for m in _papers(analyzer, body)] == ["Durkee-Shock"]


@pytest.mark.parametrize("where", ["at several independent labs", "carried out by four laboratories"])
def test_a_study_told_as_done_at_several_labs_is_a_multicentre_study(analyzer: Analyzer, where: str) -> None:
    """Where a study was done, told after it, is the title's "multicenter"."""
    body = (
        f"XMRV was the big hope back then. Later a blinded study {where} found no sign of the "
        "mouse virus in anyone's blood."
    )
    assert [m.card_id for m in _papers(analyzer, body)] == ["alter-2012-multicenter-blinded"]


def test_a_report_told_by_its_year_and_what_it_did_is_weighed_as_a_year_alone(analyzer: Analyzer) -> None:
    """ "In 2015 a … report recommended …" tells one work, as "In 2009 a paper reported …" does."""
    body = (
        "Back in 2015 an American report recommended the name systemic exertion intolerance "
        "disease, which nobody uses."
    )
    assert [m.card_id for m in _papers(analyzer, body)] == ["iom-2015-beyond-myalgic"]


def test_a_dated_paper_from_a_named_trial_is_that_paper_not_the_trial_too(analyzer: Analyzer) -> None:
    """ "the 2013 recovery paper from PACE": the trial is where the paper came from; its own
    report is not cited a second time."""
    body = (
        "Ugh, pacing again. The 2013 recovery paper from PACE showed that a fifth of people got "
        "well, apparently."
    )
    assert [m.card_id for m in _papers(analyzer, body)] == ["white-2013-recovery-chronic"]


@pytest.mark.parametrize(
    ("body", "dois"),
    [
        # the title's coined word with much of its claim: that paper, though no "study" is said
        (
            "Big news for the exercise-intolerance crowd. Too much WASF3 disrupts mitochondrial "
            "respiration in muscle, and that may mediate the crash after effort.",
            ["10.1073/pnas.2302738120"],
        ),
        # the word alone is the subject, not the paper
        ("Has anyone had their WASF3 levels checked? My neurologist had never heard of it.", []),
    ],
)
def test_a_sentence_retelling_a_title_with_its_coined_word_names_that_paper(
    analyzer: Analyzer, body: str, dois: list[str]
) -> None:
    assert [m.paper.doi for m in _papers(analyzer, body)] == dois


def test_the_paper_told_after_a_cited_one_with_a_word_of_its_own_is_read_as_another(
    analyzer: Analyzer,
) -> None:
    """ "…, and the Australian paper on …" after a citation is a second work, whose retold title
    is read from its own words on."""
    body = (
        "My GP printed Fluge et al. 2011 on rituximab for me, and the Australian paper on naltrexone "
        "restoring TRPM3 ion channel function in natural killer cells of long covid patients."
    )
    assert [_who(m)[1:] for m in _papers(analyzer, body)] == [("Fluge", 2011), ("Sasso", 2025)]


def test_a_work_told_with_its_cards_own_size_is_that_card_beside_an_uncovered_namesake(
    analyzer: Analyzer,
) -> None:
    """A work named without a year may be an uncovered paper sharing its naming word; its
    sentence giving the card's own sample size says it is the card."""
    body = (
        "The Berlin immunoadsorption study treated 10 patients and their antibody levels fell. "
        "Their repeat-treatment paper is doi 10.3390/jcm12196428 if anyone wants it."
    )
    assert [m.card_id for m in _papers(analyzer, body)] == [
        "scheibenbogen-2018-immunoadsorption-remove",
        None,
    ]


def test_a_group_size_counts_with_the_illness_named_between_number_and_noun(analyzer: Analyzer) -> None:
    """ "151 CFS/ME patients" gives a size as "151 patients" does: the slash in the illness's
    name is no break between the figure and the group."""
    body = (
        "Back in the day a Norwegian group infused 151 CFS/ME patients for twelve months. Nothing came of it."
    )
    assert [m.card_id for m in _papers(analyzer, body)] == ["fluge-2019-lymphocyte-depletion"]


def test_a_year_of_what_the_writer_did_after_reading_is_not_the_works_year(analyzer: Analyzer) -> None:
    """ "… in 2018 after reading …": the year dates the writer's doing, not the works read."""
    body = (
        "I tried rituximab at a private clinic in 2016 after reading the Bergen team's two rituximab "
        "papers in PLoS ONE. In the placebo-controlled one, 10 of 15 patients on the drug responded."
    )
    assert [_who(m)[1:] for m in _papers(analyzer, body)] == [("Fluge", 2011), ("Fluge", 2015)]


def test_a_follow_up_after_a_paper_told_by_its_trials_name_is_that_trials_follow_up(
    analyzer: Analyzer,
) -> None:
    """ "the PACE recovery paper … The long-term follow-up …": the recovery paper was told by
    the trial's name, so the follow-up told next is that trial's."""
    body = (
        "My old clinic swore by the PACE recovery paper. The long-term follow-up only heard back "
        "from three quarters of the people who took part."
    )
    assert [m.card_id for m in _papers(analyzer, body)] == [
        "white-2013-recovery-chronic",
        "sharpe-2015-rehabilitative-treatments",
    ]


@pytest.mark.parametrize("opening", ["Here's what", "There's what", "What's odd about"])
def test_a_contraction_before_a_work_word_is_no_ones_name(opening: str) -> None:
    """ "Here's what the trial people point to": "Here" is no surname, so no author is read."""
    text = f"{opening} the trial people point to when they defend it."
    assert [c.value for c in extract_citations(text) if c.kind == "author_year"] == []


def test_the_big_trial_with_its_treatment_in_the_same_sentence_is_the_largest_such_trial(
    analyzer: Analyzer,
) -> None:
    """ "the big trial" with no naming word, its sentence naming the treatment it tested: the
    largest trial of that treatment (alone, "the big trial" is still left unread)."""
    body = "We all waited years, and when the big trial landed, rituximab was no better than a saline drip."
    assert [m.card_id for m in _papers(analyzer, body)] == ["fluge-2019-lymphocyte-depletion"]
    assert _papers(analyzer, "We all waited years, and then the big trial landed with a thud.") == []


def test_a_big_trial_told_by_its_country_and_design_is_that_countrys_largest_trial(
    analyzer: Analyzer,
) -> None:
    """ "a big Norwegian placebo trial" of rituximab: the country must be the trial's; the
    design word is no place to check."""
    body = "My neurologist said rituximab flopped in a big Norwegian placebo trial, so no infusions for me."
    assert [m.card_id for m in _papers(analyzer, body)] == ["fluge-2019-lymphocyte-depletion"]


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        (
            "A paper from Norway, published in Fatigue: Biomedicine, Health & Behavior in 2025, sets out "
            "specialised care for severely affected patients.",
            [(None, "Saugstad", 2025)],
        ),
        (
            "Their diffusion MRI study, published in Human Brain Mapping, pointed to inflamed white matter.",
            [(None, "Yu", 2026)],
        ),
    ],
)
def test_a_work_told_by_a_few_words_then_its_journal_is_one_work(
    analyzer: Analyzer, body: str, expected: list[tuple[str | None, str, int]]
) -> None:
    """ "a paper from Norway, published in <journal>": the few words and the journal tell one
    work, which the journal decides; the few words alone are no second paper of that place or
    subject."""
    assert [_who(m) for m in _papers(analyzer, body)] == expected


def test_one_study_from_a_year_is_a_work_of_that_year(analyzer: Analyzer) -> None:
    """ "One study from 2015 found …" tells a work by its year as "a study from 2015" does:
    "one" is the article here, not a count."""
    body = (
        "One study from 2015 found that cytokines in the plasma were raised in patients ill for "
        "under three years."
    )
    assert [m.card_id for m in _papers(analyzer, body)] == ["hornig-2015-distinct-plasma"]


@pytest.mark.parametrize(
    "body",
    [
        "My cardiologist brought up a 2022 ATS conference abstract where one dose of pyridostigmine was "
        "compared with placebo.",
        "The 2022 conference abstract tested pyridostigmine against placebo during exercise.",
    ],
)
def test_a_conference_abstract_of_a_year_is_a_work_of_that_year(analyzer: Analyzer, body: str) -> None:
    """ "a 2022 conference abstract" is a work told by its year, as "a 2022 paper" is: of that
    year's papers, the one its sentence's words fit (here a listed meeting abstract)."""
    assert [_who(m) for m in _papers(analyzer, body)] == [(None, "Stovall", 2022)]


def test_in_the_journal_before_a_name_tells_where_a_work_came_out(analyzer: Analyzer) -> None:
    """ "…, in the journal <name>" with no year and no work word: the sentence tells a work
    published there. The journal's name alone ("I like the journal …") still cites nothing."""
    body = (
        "Doctors in Norway recently described how to look after the most severely affected, in the "
        "journal Fatigue: Biomedicine, Health & Behavior."
    )
    assert [_who(m) for m in _papers(analyzer, body)] == [(None, "Saugstad", 2025)]
    assert _papers(analyzer, "I like the journal Fatigue: Biomedicine, Health & Behavior a lot.") == []


def test_the_same_groups_work_told_by_the_groups_region_is_that_groups_paper(analyzer: Analyzer) -> None:
    """ "the same Basque group's 2023 paper" after a paper of that group: the region tells the
    group (``research_groups.toml``), so the group's one paper of that year is the work."""
    body = (
        "I liked Azcue's 2026 Scientific Reports paper on receptor autoantibodies; the same Basque "
        "group's 2023 paper is worth a look too."
    )
    assert [_who(m) for m in _papers(analyzer, body)] == [(None, "Azcue", 2026), (None, "Azcue", 2023)]


def test_sizes_in_a_sentence_pointing_back_are_the_paper_cited_before() -> None:
    """ "… (PMC…) found more antibodies. Granted, it had 48 patients …": the sizes are the
    cited paper's; another card of that size read from them alone is dropped, while a size
    sentence with a subject of its own ("Another team had 48 patients") keeps its card."""
    from bot.evidence.match import _Resolved, _without_sizes_told_back
    from bot.evidence.types import Citation

    def resolved(text: str) -> list[_Resolved]:
        cited_end = text.index(").") + 2
        cited = Citation("pmcid", "PMC8474431", (text.index("PMC"), cited_end - 2), 1.0, "")
        count = Citation("description", "count:48", (cited_end, len(text)), 0.5, text[cited_end:])
        return [
            _Resolved(cited, "bynke-2020-autoantibodies-beta", "pmcid", 1.0),
            _Resolved(count, "giloteaux-2016-reduced-diversity", "description", 0.6),
        ]

    back = "A Swedish group (PMC8474431). Granted, it had 48 patients, but the gap held."
    own = "A Swedish group (PMC8474431). Another team had 48 patients and saw no gap."
    assert [r.card_id for r in _without_sizes_told_back(back, resolved(back))] == [
        "bynke-2020-autoantibodies-beta"
    ]
    assert len(_without_sizes_told_back(own, resolved(own))) == 2


def test_a_bare_pmid_beside_its_first_author_is_that_paper(analyzer: Analyzer) -> None:
    """An unlabelled, unbracketed number equal to a card's PMID is that card only where its
    sentence names the paper's first author and speaks of a work; a label owning the number, or
    no author beside it, leaves it a number."""
    cited = "Worth a read: 28760971, the Montoya team's cytokine work."
    assert [m.card_id for m in _papers(analyzer, cited)] == ["montoya-2017-cytokine-signature"]
    assert _papers(analyzer, "The parcel tracking number is 28760971; the study by Montoya came in it.") == []
    assert _papers(analyzer, "I bookmarked 28760971 next to a study about sleep.") == []


def test_a_named_work_is_the_paper_its_sentence_dates_by_the_same_author(analyzer: Analyzer) -> None:
    """ "its two-day protocol from Keller's 2014 article": the named protocol would alone read as
    Keller's later two-day CPET card, but the sentence dates that author's work to 2014: one
    paper, the 2014 one, not a second paper of another year."""
    body = (
        "Our clinic copied its two-day protocol from Keller's 2014 article in the "
        "Journal of Translational Medicine."
    )
    assert [m.card_id for m in _papers(analyzer, body)] == ["keller-2014-inability-myalgic"]


def test_a_named_trial_is_not_an_uncovered_paper_sharing_only_its_design_words(analyzer: Analyzer) -> None:
    """A post citing a paper the atlas lacks (ResetME, "… Placebo-controlled Study of
    Daratumumab …") still names "the large placebo-controlled rituximab trial": the title shares
    only design words with it, and rituximab, the word that names it, is not in that title."""
    body = (
        "ResetME is recruiting now; it comes after the large placebo-controlled rituximab trial, "
        "which failed."
    )
    cards = [m.card_id for m in _papers(analyzer, body)]
    assert cards == [None, "fluge-2019-lymphocyte-depletion"]


def test_an_ordinal_before_design_words_alone_names_no_earliest_trial(analyzer: Analyzer) -> None:
    """ "their first clinical pilot of a plasma-cell drug": "first" picks the earliest of the
    trials a name fits only when the name has a word of its own; "clinical pilot" is any
    trial's, so no card (the 2012 rintatolimod trial, "… Clinical Trial …") is guessed."""
    body = (
        "Doctors in Bergen have now released their first clinical pilot of a plasma-cell drug. Earlier, "
        "rituximab did no better than placebo in their trials, which measured fatigue and function."
    )
    assert [m.card_id for m in _papers(analyzer, body)] == []


def test_a_work_of_another_year_pointed_back_to_is_a_new_work_retold(analyzer: Analyzer) -> None:
    """ "Its 2022 metabolomics follow-up …" after a 2016 paper: "Its" points back to the group,
    and the year is not the cited paper's, so the sentence is read for the title it retells (a
    listed 2022 paper) instead of being taken for the 2016 paper again."""
    body = (
        "A Cornell group found altered gut bacteria in ME (Giloteaux 2016). Its 2022 metabolomics "
        "follow-up took blood around a maximal exercise test and reported a disrupted response and recovery."
    )
    assert [_who(m) for m in _papers(analyzer, body)] == [
        ("giloteaux-2016-reduced-diversity", "Giloteaux", 2016),
        (None, "Germain", 2022),
    ]


def test_a_works_name_does_not_run_across_a_clause(analyzer: Analyzer) -> None:
    """ "applauded the paper but added that neither study …": "but" and "that" open another
    clause, so "the paper … study" is no named work ("added" named a card before)."""
    body = "Charities applauded the paper but added that neither study proves a cause."
    assert _papers(analyzer, body) == []


def test_how_long_a_study_took_names_no_topic(analyzer: Analyzer) -> None:
    """ "The agency's years-long study": "years-long" says how long it ran, not what it is
    about, so no card whose words hold "year" and "long" (long-term patients) is named; the
    sizes told next name the study."""
    assert _papers(analyzer, "The years-long government study is out at last.") == []
    body = (
        "The agency's years-long study is finally out. Its team examined 17 patients and 21 "
        "healthy volunteers."
    )
    assert [m.card_id for m in _papers(analyzer, body)] == ["walitt-2024-deep-phenotyping"]


def test_a_works_name_holds_no_possessive_or_auxiliary(analyzer: Analyzer) -> None:
    """ "The researchers defended their analysis": "their" owns the analysis, so "researchers
    defended" is no name of a work (it matched the multicentre blinded analysis card by
    "researcher"); nor does a name run over "were", a verb of the clause."""
    assert _papers(analyzer, "The researchers defended their analysis again.") == []
    assert _papers(analyzer, "The researchers were defending their analysis.") == []


def test_a_year_written_after_a_later_name_is_that_names_own() -> None:
    """ "the Dutch survey from Jansen and colleagues and the later trial by Peters and colleagues,
    2021": the year is written as Peters's own, so Jansen's citation stays without one."""
    text = (
        "Both came up in the meeting: the Dutch survey from Jansen and colleagues and the later "
        "trial by Peters and colleagues, 2021."
    )
    names = sorted(c.value for c in extract_citations(text) if c.kind == "author_year")
    assert names == ["Jansen", "Peters 2021"]


def test_a_doi_cut_mid_number_without_an_ellipsis_is_the_paper_described(analyzer: Analyzer) -> None:
    """A link that stops mid-number with no "…" (".../fnins.2025.16378" for a listed paper whose
    DOI runs on) beside words describing that paper is that paper, with its full DOI. With
    nothing describing a paper, the DOI as written is never stored as complete: a Frontiers
    article number of 2025 has seven digits (``publishers.toml``), so five are a cut one, read
    by its beginning as any cut DOI is (here the one listed paper it begins)."""
    body = "Pyridostigmine and hand grip strength: https://doi.org/10.3389/fnins.2025.16378"
    [m] = _papers(analyzer, body)
    assert m.paper is not None
    assert m.paper.doi == "10.3389/fnins.2025.1637838"
    found = _papers(analyzer, "Saved this link for later: https://doi.org/10.3389/fnins.2025.16378")
    assert "10.3389/fnins.2025.16378" not in [m.paper.doi for m in found if m.paper]


def test_the_group_of_a_named_head_tells_that_labs_work(analyzer: Analyzer) -> None:
    """ "the group of Fluge" is "Fluge's group" in another order: a work it is said to have
    found is that person's paper the words fit best (PDH: the 2016 metabolic profiling paper,
    not one of the rituximab trials); the team only recruiting tells no work."""
    for body in (
        "The group of Fluge in Bergen reported that a factor in patients' blood shuts down PDH in muscle.",
        "Back then the team of Fluge said a factor in our blood switches off PDH in muscle.",
    ):
        assert [m.card_id for m in _papers(analyzer, body)] == ["fluge-2016-metabolic-profiling"]
    assert _papers(analyzer, "The team of Fluge is recruiting again.") == []


def test_a_journal_said_to_have_published_what_the_sentence_before_told(analyzer: Analyzer) -> None:
    """ "That was published in Science": the journal's sentence says nothing of the work, the
    sentence before it does (an infectious retrovirus in patients' blood cells), so the
    journal's paper those words fit is named; without that sentence, nothing is."""
    body = (
        "An infectious retrovirus turned up in the blood cells of most patients. That was "
        "published in Science, to great fanfare."
    )
    assert [m.card_id for m in _papers(analyzer, body)] == ["lombardi-2009-retracted-detection"]
    assert _papers(analyzer, "That was published in Science, to great fanfare.") == []


def test_a_names_work_of_another_year_set_against_the_cited_one(analyzer: Analyzer) -> None:
    """ "Keller's 2024 paper is far bigger than the 2014 one": the second year, set against the
    cited paper in the same sentence ("than the 2014 one"), is the same name's other work."""
    body = "Keller's 2024 paper is far bigger than the 2014 one, and both ran two exercise tests."
    found = sorted(m.card_id or "" for m in _papers(analyzer, body))
    assert found[0] == "keller-2014-inability-myalgic"
    assert found[1].startswith("keller-2024")
    assert len(found) == 2


def test_a_places_one_after_that_places_named_work_is_that_work_again(analyzer: Analyzer) -> None:
    """ "the Swedish spinal fluid proteomics paper … In the Swedish one, …": "the Swedish one"
    points back to the work already named by that place, so it is no second work (it matched
    the Swedish autoantibody card by "spinal fluid" and "plasma")."""
    body = (
        "My neurologist liked the Swedish spinal fluid proteomics paper in Scientific Reports. "
        "In the Swedish one, spinal fluid and plasma were both measured, she said."
    )
    found = _papers(analyzer, body)
    assert [m.card_id for m in found] == [None]
    assert found[0].paper is not None
    assert (found[0].paper.title or "").startswith("Proteomic signatures in cerebrospinal fluid")


def test_a_journal_publishing_a_work_names_that_work(analyzer: Analyzer) -> None:
    """ "Science published a paper reporting …": the one-word journal opens its sentence, where
    it is usually an ordinary word, but it is said to have published a work, so its paper that
    the words fit is named; "Science moves slowly" names none."""
    body = (
        "It was a strange year. Science published a paper reporting that a mouse retrovirus "
        "lived in two thirds of patients."
    )
    assert [m.card_id for m in _papers(analyzer, body)] == ["lombardi-2009-retracted-detection"]
    body = "It was a strange year. Science moves slowly when a retrovirus is blamed."
    assert _papers(analyzer, body) == []


def test_a_kind_of_work_then_the_year_one_is_that_years_work_of_the_kind(analyzer: Analyzer) -> None:
    """ "the small 2011 rituximab trial with the far larger 2019 one": "the … 2019 one" stands
    for a trial, the kind told before it in the sentence, of 2019."""
    body = "My GP compared the small 2011 rituximab trial with the far larger 2019 one."
    cards = [m.card_id for m in _papers(analyzer, body)]
    assert cards == ["fluge-2011-benefit-lymphocyte", "fluge-2019-lymphocyte-depletion"]


def test_the_group_a_described_work_came_from_is_no_second_work(analyzer: Analyzer) -> None:
    """ "a 2026 paper in Frontiers in Physiology from a New York group": the group says who did
    the paper the journal and year name, so it is read with that paper's words, not as a second
    work of some New York group."""
    body = (
        "Post-exertional malaise is no deconditioning. A 2026 paper in Frontiers in Physiology "
        "from a New York group reported that exercise results did not change over two days."
    )
    [m] = _papers(analyzer, body)
    assert m.paper is not None
    assert (m.paper.title or "").startswith("Cardiopulmonary exercise test results do not change")


def test_the_design_of_a_year_one_tells_its_kind(analyzer: Analyzer) -> None:
    """ "Later the big placebo-controlled one in 2019 found …": no kind of work is told before
    "one" in its sentence, but "placebo-controlled" says it is a trial, of 2019."""
    body = (
        "The Bergen group's rituximab story has many chapters. Later the big placebo-controlled "
        "one in 2019 found rituximab no better than placebo."
    )
    assert "fluge-2019-lymphocyte-depletion" in [m.card_id for m in _papers(analyzer, body)]


def test_an_organisations_committee_with_a_word_before_it_is_its_report(analyzer: Analyzer) -> None:
    """ "the Institute of Medicine's expert committee called …": the committee, with a word of
    its own before it, wrote the organisation's report, as "the Institute of Medicine's
    committee" did."""
    body = "Years back the Institute of Medicine's special committee named exertion intolerance as core."
    assert [m.card_id for m in _papers(analyzer, body)] == ["iom-2015-beyond-myalgic"]


def test_a_coined_name_straight_after_a_work_names_it(analyzer: Analyzer) -> None:
    """ "the big UK genetics study DecodeME": the project's own name, set right after the work,
    is what names it; "UK genetics" alone fits a UK Biobank genetics paper, a second work."""
    body = "Meanwhile the big UK genetics study DecodeME reported early results."
    assert _only_title(analyzer, body).startswith("Initial findings from the DecodeME")


def test_a_cut_research_square_link_is_its_listed_preprint(analyzer: Analyzer) -> None:
    """A Research Square link cut inside its number: the DOI it begins is "10.21203/rs.3.rs-"
    and those digits (the whole DOI's version comes after them), which one listed preprint
    holds; a card-less paper is found from the list as a cut DOI is."""
    body = (
        "Two-day exercise testing keeps coming up. The new preprint comparing long covid and "
        "ME/CFS is at https://www.researchsquare.com/article/rs-86063… but my app chopped the link."
    )
    [m] = _papers(analyzer, body)
    assert m.paper is not None
    assert m.paper.doi == "10.21203/rs.3.rs-8606329/v1"


def test_a_work_is_never_named_across_a_blank_line(analyzer: Analyzer) -> None:
    """A title ending "the immune signature" and a body beginning "Cytokine study after …": the
    title's last words and the body's first are no "the immune signature cytokine study"."""
    matches = analyzer.papers(
        "Long read: the immune signature", "Cytokine study after cytokine study says the same thing to me."
    )[3]
    assert [m for m in matches if not is_unresolved(m)] == []


def test_the_follow_up_alone_after_a_named_trial_is_its_follow_up_paper(analyzer: Analyzer) -> None:
    """ "Some still cite the follow-up as showing …" after the PACE trial: the follow-up, with
    no word of its own, is that trial's long-term follow-up paper; "the follow-up
    questionnaire" is only a part of it and names no paper by itself."""
    trial = "The PACE trial reported modest gains from CBT."
    cited = _papers(analyzer, trial + " Some still cite the follow-up as showing those gains lasted.")
    assert [m.card_id for m in cited] == [
        "white-2011-comparison-adaptive",
        "sharpe-2015-rehabilitative-treatments",
    ]
    asked = _papers(analyzer, trial + " Few answered the follow-up questionnaire in full.")
    assert [m.card_id for m in asked] == ["white-2011-comparison-adaptive"]


# -- a writer who capitalises nothing ----------------------------------------------------------


def test_a_place_written_in_lower_case_by_a_lower_case_writer_is_a_place(analyzer: Analyzer) -> None:
    """A post with no capitals anywhere: "a study in japan where they did brain scans" is the
    Japanese PET study, as it would be with the capital."""
    body = (
        "ok so my gp brought something up today. apparently there was a study in japan where they did "
        "PET scans on peoples brains and saw inflammation in the ME patients. is that real? "
        "i cant find it anywhere. thanks in advance"
    )
    [m] = _papers(analyzer, body)
    assert m.card_id == "nakatomi-2014-neuroinflammation-japan"
    # (what moderators are shown is the writer's own text, not the capitalised copy read)
    assert m.citation.context in body


def test_a_two_word_journal_written_in_lower_case_by_a_lower_case_writer(analyzer: Analyzer) -> None:
    """ "a paper in scientific reports" from a writer who capitalises nothing is the journal's
    paper the words describe (a two-word name in lower case is read only from such a writer)."""
    body = (
        "hey all. my dad sent me a paper in scientific reports that looked at the diagnoses "
        "kids and young people had before their ME/CFS diagnosis. some showed up more often. "
        "does anyone know if that means anything for teens like me? thanks"
    )
    assert _only_title(analyzer, body).startswith("ICD-10 Diagnoses prior to ME/CFS diagnosis")


def test_that_same_work_by_its_naming_words_is_that_work(analyzer: Analyzer) -> None:
    """ "this same NIH study" names the work by its words as "the NIH study" does ("same" says
    it is a work told before, where "this" alone is as often the post's own link)."""
    body = (
        "People keep arguing about effort. In fact this same NIH study reported altered "
        "brain activity during the grip task."
    )
    assert [m.card_id for m in _papers(analyzer, body)] == ["walitt-2024-deep-phenotyping"]


def test_a_coined_name_after_a_sentence_giving_its_journal(analyzer: Analyzer) -> None:
    """ "Researchers writing in the Proceedings of the National Academy of Sciences point to one
    protein. WASF3 seems to …": the journal in the sentence before the paper's coined name
    tells the paper as a year beside the name would."""
    body = (
        "Researchers writing in the Proceedings of the National Academy of Sciences point to one "
        "protein. WASF3 seems to interfere with energy production in muscle."
    )
    assert _only_title(analyzer, body).startswith("WASF3 disrupts mitochondrial respiration")


def test_a_coined_name_after_a_sentence_giving_its_journals_initials(analyzer: Analyzer) -> None:
    """The same with the journal by its initials: "Researchers writing in PNAS …"."""
    body = "Researchers writing in PNAS point to one protein. WASF3 seems to interfere with energy use."
    assert _only_title(analyzer, body).startswith("WASF3 disrupts mitochondrial respiration")


def test_a_numbered_roundup_item_names_its_journal_after_a_comma(analyzer: Analyzer) -> None:
    """A moderator's numbered list, "2) Pyridostigmine, Frontiers in Neuroscience.": the journal
    closing the item's heading is where the item's paper came out, as "(Cureus)" would be."""
    body = (
        "Quick list for the week, as asked in modmail. Please read slowly.\n"
        "1) Low-dose rapamycin for fatigue, nothing new yet.\n"
        "2) Hand grip and pyridostigmine, Frontiers in Neuroscience. Grip strength rose on the drug.\n"
        "3) More next week."
    )
    assert _only_title(analyzer, body).startswith("Pyridostigmine improves hand grip strength")


def test_a_work_led_by_a_named_author_is_that_authors_work(analyzer: Analyzer) -> None:
    """ "another preprint, from a group led by Sardell, …": the name after "led by" is the
    work's lead author, read as "Sardell and colleagues" would be."""
    body = (
        "The DecodeME volunteers were studied again: another preprint, from a group led by "
        "Sardell, hunted for combinations of variants."
    )
    assert ("Sardell", 2025) in [
        (m.paper.first_author, m.paper.year) for m in _papers(analyzer, body) if m.paper
    ]


def test_a_journals_sentence_naming_its_own_group_is_not_placed_by_the_sentence_before(
    analyzer: Analyzer,
) -> None:
    """ "A Cornell team reported in PNAS …. A British group published work in the Journal of
    Translational Medicine …": the journal's paper is the British group's; the place told the
    sentence before is the other work's, so it must not pick that journal's Cornell paper."""
    body = (
        "A Cornell team reported in PNAS that RNA in blood drawn on a single day told patients "
        "from healthy controls. A British group published work in the Journal of Translational "
        "Medicine on a blood test built from chromosome folding."
    )
    papers = _papers(analyzer, body)
    assert "keller-2024-cardiopulmonary-metabolic" not in [m.card_id for m in papers]
    assert [m.paper.title[:27] for m in papers if m.paper] == ["Circulating cell-free RNA s"]


def test_a_later_analysis_from_the_same_trial_is_its_later_paper(analyzer: Analyzer) -> None:
    """ "A subsequent analysis from that trial …": the trial told back, not named, so the
    analysis is the later paper of the trial named before, as "a later analysis" alone is."""
    body = (
        "PACE came out in 2011 with modest gains for therapy. A subsequent analysis from that "
        "trial asked how many participants had recovered."
    )
    assert "white-2013-recovery-chronic" in [m.card_id for m in _papers(analyzer, body)]


def test_the_same_group_reporting_in_a_year_is_that_groups_work_of_the_year(analyzer: Analyzer) -> None:
    """ "In 2023 the same group reported …" (no word for the work) after a cited paper: the
    team's one paper of that year, as "the same group's 2023 study" is."""
    body = (
        "The modelling paper is at doi:10.1038/s41591-025-03788-3 if you want it. "
        "In 2023 the same group reported something quite different, and I still think about it."
    )
    assert "xiong-2023-multi-omics" in [m.card_id for m in _papers(analyzer, body)]


def test_another_work_on_the_same_cohort_is_the_other_paper_naming_that_cohort(analyzer: Analyzer) -> None:
    """ "DecodeME's first preprint (doi …) … Another preprint re-analysed the same patient cohort,
    hunting for combinations of variants": the cohort is named in the titles of the
    works done on it, so the other such paper the words fit is the second work."""
    body = (
        "DecodeME's first preprint is doi:10.1101/2025.08.06.25333109 for anyone who wants it. "
        "Another preprint re-analysed the same patient cohort, hunting for combinations of variants."
    )
    authors = [m.paper.first_author for m in _papers(analyzer, body) if m.paper]
    assert "Sardell" in authors
    assert len(authors) == 2


def test_a_cohort_named_by_its_study_is_that_studys_cohort(analyzer: Analyzer) -> None:
    """The same with the cohort called by the study's coined name: "a December preprint looked
    at DecodeME participants …"."""
    body = (
        "The DecodeME preprint (https://doi.org/10.1101/2025.08.06.25333109) found eight regions. "
        "A December preprint looked at DecodeME participants again, this time for combinations of "
        "genetic variants, some of them risk factors for long COVID as well."
    )
    assert "Sardell" in [m.paper.first_author for m in _papers(analyzer, body) if m.paper]


def test_the_same_cohort_of_a_paper_whose_title_names_no_cohort_adds_nothing(analyzer: Analyzer) -> None:
    """A paper whose title has no coined name gives its cohort no name to find other works by:
    "a later analysis of the same participants" then adds no paper of its own."""
    body = (
        "The rituximab trial (doi:10.1371/journal.pone.0026358) was small. A later paper used the "
        "same participants to look at side effects."
    )
    assert [m.card_id for m in _papers(analyzer, body)] == ["fluge-2011-benefit-lymphocyte"]


def test_a_preprint_the_list_calls_only_a_preprint_is_found_by_its_server(analyzer: Analyzer) -> None:
    """The list calls DecodeME's first preprint only "Preprint"; its DOI says medRxiv, so "its
    first genome-wide association results, posted on medRxiv in 2025" names it."""
    body = "Its first genome-wide association results were posted on medRxiv in 2025, before review."
    assert _only_title(analyzer, body).startswith("Initial findings from the DecodeME")


def test_a_paper_given_by_its_doi_elsewhere_holds_no_word_of_another_sentences_journal(
    analyzer: Analyzer,
) -> None:
    """ "DecodeME's initial genome-wide association findings are at doi:… Separately, a medRxiv
    preprint introduced TIMES …": the DecodeME preprint holds its own title words in the first
    sentence, where its DOI is; the medRxiv preprint of the second is the one that sentence
    tells (TIMES), not a tie between the two."""
    body = (
        "DecodeME's initial genome-wide association findings are at doi:10.1101/2025.08.06.25333109 "
        "for anyone curious. Separately, a medRxiv preprint introduced TIMES, an index of ME "
        "symptoms built as a questionnaire."
    )
    titles = [m.paper.title for m in _papers(analyzer, body) if m.paper and m.paper.title]
    assert any(t.startswith("Development and psychometric evaluation of The Index") for t in titles)


def test_a_lab_heads_work_of_a_year_without_a_card_is_their_listed_paper_of_that_year(
    analyzer: Analyzer,
) -> None:
    """ "Systrom's lab presented a 2022 abstract …": no card of that year names the lab's head,
    so the one listed paper of 2022 with Systrom among its authors (last, as a lab's head mostly
    is) is the work; not an anonymous "Systrom 2022"."""
    body = "Systrom's lab presented a 2022 abstract with a single dose before exercise testing."
    assert _only_title(analyzer, body).startswith("Acute Effect of Pyridostigmine")


def test_symptom_groups_are_no_research_group_to_retell_a_finding_of(analyzer: Analyzer) -> None:
    """ "… linked to symptom groups, for example gastrointestinal symptoms and pain": a group of
    symptoms is no team, so the sentence is not read as telling what some card found (the
    consensus criteria's symptom categories share its words); the paper cited is the one."""
    body = (
        "The AI paper combined stool, blood and immune data (doi:10.1038/s41591-025-03788-3). "
        "Immune and microbial features were linked to symptom groups, for example "
        "gastrointestinal symptoms and pain."
    )
    assert [m.card_id for m in _papers(analyzer, body)] == [None]


def test_two_group_sizes_both_one_cards_need_only_an_ordinary_fit(analyzer: Analyzer) -> None:
    """ "nine patients and ten healthy volunteers": both sizes are one card's (the PET study),
    so the post's words about microglia in the brain need fit it only as well as any mention's."""
    body = (
        "Someone linked me a video about activated microglia and brain inflammation in ME. "
        "Apparently the scan study behind it had nine patients and ten healthy volunteers."
    )
    assert [m.card_id for m in _papers(analyzer, body)] == ["nakatomi-2014-neuroinflammation-japan"]


def test_a_phase_trial_with_two_words_before_its_phase(analyzer: Analyzer) -> None:
    """ "the large American phase III trial" after Ampligen is named: the card of that drug
    that says it was a phase III trial."""
    body = (
        "Ampligen has been argued about for decades. The large American phase III trial reported a "
        "small gain, and that was it."
    )
    assert [m.card_id for m in _papers(analyzer, body)] == ["strayer-2012-double-blind"]


def test_a_case_series_told_by_size_beside_the_writers_own_year(analyzer: Analyzer) -> None:
    """ "Back in 2015 I still had a job, and I'd read all that came out of Bergen: the
    three-patient case series first …": the year is the writer's, and no case series of three is
    of it; the case series of three is told alone."""
    body = (
        "Back in 2015 I still had a job, and I'd read all that came out of Bergen: the "
        "three-patient case series first, then the later trials."
    )
    assert [m.card_id for m in _papers(analyzer, body)] == ["fluge-2009-clinical-impact"]


def test_a_reanalysis_asked_for_is_no_paper(analyzer: Analyzer) -> None:
    """ "We request an independent reanalysis of the trial's data": a reanalysis wanted, not
    done, names no reanalysis paper (one card's title says it is a reanalysis of PACE)."""
    body = (
        "The PACE trial still shapes guidance. We request an independent reanalysis of the "
        "trial's raw data before any guideline cites it again."
    )
    cards = [m.card_id for m in _papers(analyzer, body)]
    assert "wilshire-2018-rethinking-treatment" not in cards


def test_a_later_work_of_the_same_team_with_a_word_of_its_own_and_the_teams_city(
    analyzer: Analyzer,
) -> None:
    """ "a later interim report from the same Berlin team": a word of what it is before the kind
    of work, and the team's city before "team", still tell the team's later work (the pilot's
    group; the listed paper after it that the words fit)."""
    body = (
        "Their first immunoadsorption pilot is PMID 29543914. A later interim report from the same "
        "Berlin team covered repeat immunoadsorption in post-COVID patients."
    )
    titles = [m.paper.title or "" for m in _papers(analyzer, body) if m.paper]
    assert any(t.startswith("Observational Study of Repeat Immunoadsorption") for t in titles)


def test_a_recent_frontiers_link_short_of_its_seven_digits_is_cut(analyzer: Analyzer) -> None:
    """A 2025 Frontiers DOI with five digits in its article number is no complete DOI (they have
    seven since 2022): the link was cut or garbled, and it is never a DOI of its own; the post's
    words still name the paper (the pyridostigmine hand-grip paper)."""
    body = (
        "Copied from my phone, sorry: frontiersin.org/articles/10.3389/fnins.2025.16391 - it is "
        "the one on pyridostigmine and hand grip strength."
    )
    dois = [m.paper.doi for m in _papers(analyzer, body) if m.paper]
    assert dois == ["10.3389/fnins.2025.1637838"]


def test_a_phase_result_after_the_treatment_is_its_phase_trial(analyzer: Analyzer) -> None:
    """ "Ampligen? Its phase III results were modest": a phase's results are its trial's, the
    card of that drug that says it was a phase III trial."""
    body = "Someone asked about Ampligen. Its phase III results were modest, and nobody repeated them."
    assert [m.card_id for m in _papers(analyzer, body)] == ["strayer-2012-double-blind"]


def test_a_countrys_scans_with_their_year_before_the_verb_are_its_study(analyzer: Analyzer) -> None:
    """ "the Japanese PET scans from 2014 showed it": a country's scans telling a finding are its
    study, with the year they came out between the scans and the verb."""
    body = "My fatigue clinic never mentions it, but the Japanese PET scans from 2014 showed inflamed brains."
    assert [m.card_id for m in _papers(analyzer, body)] == ["nakatomi-2014-neuroinflammation-japan"]


def test_the_second_of_two_studies_told_by_where_it_is_from(analyzer: Analyzer) -> None:
    """ "I read two studies … The second was from Sweden, 2020": a place's work told as the
    second of those named before, with "was" between (the Swedish receptor-antibody paper)."""
    body = (
        "My neurologist sent me two studies on receptor antibodies. The second was from Sweden, 2020, "
        "and looked at spinal fluid as well as blood."
    )
    assert "bynke-2020-autoantibodies-beta" in [m.card_id for m in _papers(analyzer, body)]


def test_a_kind_of_work_that_was_somewhere_is_no_place_named_by_was(analyzer: Analyzer) -> None:
    """ "the trial was in Norway": a work already told, said to be somewhere; "is/was" reads a
    place only after words standing for a work ("the second"), so nothing new is cited here."""
    body = "Our support group argued about whether the trial was in Norway or in Sweden; nobody could say."
    assert _papers(analyzer, body) == []


def test_a_work_dated_years_before_the_paper_told_before_it(analyzer: Analyzer) -> None:
    """ "… a small Norwegian study, published eight years earlier": a work told without its year,
    then dated from the card cited before it (the 2019 trial: 2011), is the place's work of
    that year."""
    body = (
        "Fluge's 2019 rituximab trial with 151 patients was negative. The idea came from a small "
        "Norwegian study, published eight years earlier, where most people seemed to respond."
    )
    assert [m.card_id for m in _papers(analyzer, body)] == [
        "fluge-2019-lymphocyte-depletion",
        "fluge-2011-benefit-lymphocyte",
    ]


def test_a_work_of_a_topic_dated_years_before_with_its_own_words_between(analyzer: Analyzer) -> None:
    """ "A Norwegian study on cell energy, published three years earlier": words of what the
    work is about may stand between it and how many years apart it came out."""
    body = (
        "Fluge's 2019 rituximab trial with 151 patients was negative. A Norwegian study on cell "
        "energy, published three years earlier, had hinted at the same immune story."
    )
    assert "fluge-2016-metabolic-profiling" in [m.card_id for m in _papers(analyzer, body)]


def test_a_groups_work_no_card_is_by_is_its_listed_paper_the_words_fit(analyzer: Analyzer) -> None:
    """ "a study from Harvard where each patient had one dose of pyridostigmine or placebo":
    no card is the Harvard group's, so of the listed papers led there, the one the words fit
    clearly best (the single-dose pyridostigmine trial's abstract)."""
    body = (
        "My cardiologist mentioned a study from Harvard where each patient had one dose of "
        "pyridostigmine or placebo during an invasive exercise test."
    )
    assert [_who(m) for m in _papers(analyzer, body)] == [(None, "Stovall", 2022)]


def test_a_group_beside_an_identifier_is_that_identifiers_paper(analyzer: Analyzer) -> None:
    """ "researchers in Canada … (pubmed…/30298340)": the identifier names the paper; the
    group's place is no second, listed paper of that place."""
    body = (
        "In 2018 researchers in Canada showed that antibody binding to random peptides told "
        "patients from controls (pubmed.ncbi.nlm.nih.gov/30298340)."
    )
    assert [m.card_id for m in _papers(analyzer, body)] == ["gunther-2018-immunosignature-analysis"]


def test_a_finding_told_after_a_sentence_naming_the_work_it_belongs_to(analyzer: Analyzer) -> None:
    """ "… older work by a team in New York. That paper found that …", after a paper was cited:
    "That paper" is the work the sentence before named, and its finding, told in its own
    sentence, names it though the two sentences read together do not (the early-illness
    immune signature paper)."""
    body = (
        "Stanford measured 51 cytokines in 192 patients with ME/CFS. Our clinic also points to "
        "older work by a team in New York. That paper found that patients ill for three years or "
        "less had broad cytokine activation which patients ill for longer lacked."
    )
    ids = [m.card_id for m in _papers(analyzer, body)]
    assert ids == ["montoya-2017-cytokine-signature", "hornig-2015-distinct-plasma"]


def test_a_collaboration_telling_a_finding_is_a_work(analyzer: Analyzer) -> None:
    """ "a collaboration between Canadian and Norwegian clinics printed random peptides …": a
    collaboration is a group that did a work, as "a team" is, so its finding names the paper
    (the random-peptide immunosignature study)."""
    body = (
        "Separately, a collaboration between Canadian and Norwegian clinics printed random peptides "
        "on chips to read the antibody immunosignature in patients' serum."
    )
    assert [m.card_id for m in _papers(analyzer, body)] == ["gunther-2018-immunosignature-analysis"]


def test_the_benefits_review_is_the_welfare_process_not_a_review_paper(analyzer: Analyzer) -> None:
    """ "my assessor at the benefits review": in British usage the welfare system's review of a
    claim, so no review paper (the autoimmunity review) is cited; "the benefit paper" still
    names the rituximab paper whose title begins with that word."""
    body = (
        "My sleep diary was the only thing I could hand the assessor at the benefits review, "
        "and they barely glanced at it."
    )
    assert _papers(analyzer, body) == []
    assert _who(_papers(analyzer, "Have you read the benefit paper from Norway?")[0])[1:] == ("Fluge", 2011)


def test_counts_written_as_words_are_the_counts_a_card_reports(analyzer: Analyzer) -> None:
    """ "ten of fifteen … two of fifteen": the counts the small rituximab trial reports as "10 of
    15" and "2 of 15", written as words, tell that trial as the digits would."""
    body = (
        "Back then a study reported that ten of fifteen people given rituximab responded, and "
        "only two of fifteen given saline did."
    )
    assert [_who(m)[1:] for m in _papers(analyzer, body)] == [("Fluge", 2011)]


def test_number_words_that_are_no_count_stay_words() -> None:
    """Only whole number words from ten to ninety-nine become digits: "often", "attention",
    "tenth" and "seven" stay as written."""
    from bot.evidence.finding_echo import as_digits

    assert as_digits("Twenty-one of the fifteen, ninety, Forty two") == "21 of the 15, 90, 42"
    written = "often, with attention, the tenth of seven"
    assert as_digits(written) == written


def test_the_long_term_follow_up_told_without_the(analyzer: Analyzer) -> None:
    """ "That long-term follow-up …", "At long-term follow-up, …" after the PACE trial: the trial's
    long-term follow-up paper, as "the long-term follow-up" is."""
    for second in (
        "That long-term follow-up says the differences between the arms had gone.",
        "At long-term follow-up, the arms no longer differed on fatigue.",
    ):
        body = f"The PACE trial compared four treatments in 641 patients. {second}"
        assert [_who(m)[1:] for m in _papers(analyzer, body)] == [("White", 2011), ("Sharpe", 2015)]


def test_a_retest_named_by_its_design_is_a_study(analyzer: Analyzer) -> None:
    """ "the blinded multicentre retest": a study repeating another's test, named by its design
    words as a study is (the multi-lab XMRV study); a repeat only wanted ("the finding needs
    replication") names no work."""
    body = "After the retraction came the blinded multicentre retest, and nobody found the virus."
    assert [_who(m)[1:] for m in _papers(analyzer, body)] == [("Alter", 2012)]
    assert _papers(analyzer, "The blinded multicentre idea is good, but the finding needs replication.") == []


def test_a_bare_pmid_beside_words_of_its_papers_title(analyzer: Analyzer) -> None:
    """ "my friend passed on 31445522, supposedly the big review of cytokine levels": a known
    paper's PMID without its label, in a sentence telling words of that paper's title (the
    systematic review of cytokines), is its PMID as it is beside the first author; a labelled
    number ("reference number") stays the label's."""
    body = "My friend passed on 31445522, supposedly the big review of cytokine levels."
    assert [m.card_id for m in _papers(analyzer, body)] == ["corbitt-2019-systematic-review"]
    labelled = "The cytokine review costs money; my order reference number is 31445522."
    assert _papers(analyzer, labelled) == []


def test_a_piece_retelling_a_title_is_that_paper(analyzer: Analyzer) -> None:
    """ "the piece about specialised care for severely affected patients": a journalist's word
    for an article, retelling a listed paper's title, names it as "the paper about …" would; "a
    piece of" anything is no article."""
    body = "A nurse sent me the piece about specialised care for severely affected patients."
    assert [m.paper.doi for m in _papers(analyzer, body) if m.paper] == ["10.1080/21641846.2025.2565101"]
    assert (
        _papers(analyzer, "Getting specialised care for severely affected patients is a piece of luck.") == []
    )


def test_a_feed_byline_of_given_names_cites_its_first_author() -> None:
    """ "Journal | May 2025 | Ana B. Moreno, Li Wei, Tomas Berg and colleagues": a feed item's
    byline of full names, given names first, cites the first name's surname, not the last name
    before "and colleagues"."""
    text = (
        "Journal of Fatigue Studies | May 2025 | Ana B. Moreno, Li Wei, Tomas Berg and colleagues\nA survey."
    )
    authors = [c.value for c in extract_citations(text) if c.kind == "author_year"]
    assert authors == ["Moreno 2025"]


def test_how_a_trial_came_out_names_no_topic(analyzer: Analyzer) -> None:
    """ "the big failed trial" beside rituximab: "failed", "negative" say how the trial came out,
    not what it was about, so it is the big trial of the treatment its sentence names (the
    151-patient rituximab trial), as "the big trial" is."""
    body = "Whenever rituximab is mentioned, somebody links the big failed trial and that is that."
    assert [_who(m)[1:] for m in _papers(analyzer, body)] == [("Fluge", 2019)]


def test_a_work_in_apposition_to_an_author_is_that_authors_paper(analyzer: Analyzer) -> None:
    """ "Keller and colleagues, 2024, the two-day bike test study": the words after the name
    describe Keller's 2024 paper, so they are not read as another two-day test paper (the
    meta-analysis of two-day tests by another first author)."""
    body = "Our leaflet quotes Keller and colleagues, 2024, the two-day exercise test study, on day two."
    assert [_who(m)[1:] for m in _papers(analyzer, body)] == [("Keller", 2024)]


def test_teen_numbers_and_eleven_become_digits_alone() -> None:
    """ "two of fifteen", "eleven", "seventeen cytokines": a teen number or "eleven" with no
    "ten" or "-ty" word beside it is a count too (the cheap test before the scan let them by)."""
    from bot.evidence.finding_echo import as_digits

    assert as_digits("two of fifteen") == "two of 15"
    assert as_digits("eleven") == "11"
    assert as_digits("seventeen cytokines") == "17 cytokines"


def test_a_named_work_gives_way_to_the_journal_named_with_it(analyzer: Analyzer) -> None:
    """ "the diffusion MRI paper in Human Brain Mapping": the few naming words alone might be
    read as another listed MRI paper (of another journal); the journal named with them says
    which paper it is, and contradicts the other. A naming whose paper is in that journal
    stands ("the butyrate paper in Cell Host & Microbe": the butyrate one of its two gut papers)."""
    body = "Is the diffusion MRI paper in Human Brain Mapping open access, does anyone know?"
    assert [m.paper.doi for m in _papers(analyzer, body) if m.paper] == ["10.1002/hbm.70505"]
    agreeing = "The butyrate paper in Cell Host & Microbe says Faecalibacterium was low."
    assert [m.card_id for m in _papers(analyzer, agreeing)] == ["guo-2023-deficient-butyrate"]


def test_a_medicines_name_in_lower_case_names_its_paper(analyzer: Analyzer) -> None:
    """ "the daratumumab pilot": a medicine's international name ends in its class's stem
    ("-mab"), so it is a name though written in lower case, and the one listed paper whose
    title holds it and more of the sentence's words (the plasma-cell pilot, not the drug's
    registered trial) is named; a plain word ("the service review") names no listed paper."""
    body = "My sister is hopeful about the daratumumab pilot that went after plasma cells."
    assert [m.paper.doi for m in _papers(analyzer, body) if m.paper] == ["10.3389/fmed.2025.1607353"]
    assert _papers(analyzer, "Our clinic lost its funding at the service review.") == []


def test_words_ending_like_a_medicines_stem_are_no_medicines() -> None:
    """ "the April paper", "the concept paper", "the peptide study": a month and plain words
    whose last letters are a medicine class's stem ("-pril", "-cept", "-tide") are no names of
    medicines; "atorvastatin" and "rintatolimod" are."""
    from bot.evidence.match import _DRUG_NAME

    assert [w for w in ("april", "concept", "peptide") if _DRUG_NAME.search(w)] == []
    assert all(_DRUG_NAME.search(w) for w in ("atorvastatin", "rintatolimod", "daratumumab"))


def test_a_work_of_a_place_is_that_places_work(analyzer: Analyzer) -> None:
    """ "the first pilot of the Charité": "of" joins a work to the place that did it as "from"
    does, so with the immunoadsorption its sentence tells it is the Charité's pilot of it."""
    body = "Someone said the first pilot of the Charité removed the antibodies by immunoadsorption."
    assert [m.card_id for m in _papers(analyzer, body)] == ["scheibenbogen-2018-immunoadsorption-remove"]


def test_a_description_in_apposition_to_an_author_and_year_is_that_paper(analyzer: Analyzer) -> None:
    """ "White et al. 2013, the recovery follow-up, …": the words after the author, year (and
    journal) and a comma say again which paper that is; read on their own, after the trial was
    named, "the … follow-up" would be guessed at the trial's other, long-term follow-up."""
    body = (
        "Our leaflet talks up the PACE trial. It cites White et al. 2013, the recovery follow-up, as proof."
    )
    assert sorted(m.card_id or "" for m in _papers(analyzer, body)) == [
        "white-2011-comparison-adaptive",
        "white-2013-recovery-chronic",
    ]
    journal = (
        "Our leaflet talks up the PACE trial. "
        "It cites White et al. 2013 in Psychological Medicine, the recovery follow-up."
    )
    assert "sharpe-2015-rehabilitative-treatments" not in [m.card_id for m in _papers(analyzer, journal)]


def test_the_one_of_a_place_of_two_words(analyzer: Analyzer) -> None:
    """ "the Jackson Laboratory one", after a gut paper was told: a work standing for another by
    its place, the place's name two capitalised words, as "the Stanford one" is one."""
    body = (
        "Everyone links the Columbia stool study (PMC10183837). "
        "The Jackson Laboratory one is the one my doctor liked."
    )
    assert [m.card_id for m in _papers(analyzer, body)] == [
        "guo-2023-deficient-butyrate",
        "xiong-2023-multi-omics",
    ]


def test_a_group_told_by_its_named_lead_is_no_work_of_its_own(analyzer: Analyzer) -> None:
    """ "A Norwegian group led by Ola Didrik Saugstad wrote …": the group did the cited lead's
    work, so it is read as no second citation; on its own, the group's place and the post's
    words would be guessed at another paper from that country. A group told without its lead
    stays a group's work."""
    body = (
        "A Norwegian group led by Ola Didrik Saugstad reported in 2025 that care for the bedbound is patchy."
    )
    _, _, found, matches = analyzer.papers("", body)
    assert not [c.value for c in found if c.value.startswith("named:group|")]
    assert [_who(m)[1] for m in matches] == ["Saugstad"]
    alone = "A Norwegian group found in 2025 that care for the bedbound is patchy."
    assert [c.value for c in analyzer.papers("", alone)[2] if c.value.startswith("named:group|")] == [
        "named:group|norwegian"
    ]


def test_a_timeline_line_of_a_year_and_a_kind_of_work_is_that_years_work(analyzer: Analyzer) -> None:
    """ "2015 - open-label maintenance study" on a line of its own, in a timeline of rituximab:
    a work told by the year opening its line and its kind, weighed as "the 2015 study" is
    (the 2015 maintenance study of rituximab); a year opening a line of prose names none."""
    body = (
        "Rituximab, as I have it in my notes.\n"
        "2015 - open-label maintenance study\n"
        "Every patient had the drug and then more infusions to keep it up, "
        "and nobody was in a comparison arm.\n"
        "2019 - phase III trial\n"
        "No better than placebo."
    )
    assert [m.card_id for m in _papers(analyzer, body)] == [
        "fluge-2015-lymphocyte-depletion",
        "fluge-2019-lymphocyte-depletion",
    ]
    prose = "My rituximab notes, oldest first.\n2015 - that was the year I stopped working entirely."
    assert _papers(analyzer, prose) == []


def test_reports_on_after_the_work_is_its_verb_not_a_report(analyzer: Analyzer) -> None:
    """ "The article briefly reports on clinical course …" after a cited paper: "reports" is what
    that article does, not a second work told by its subject, which would be guessed at the card
    whose title shares the words; "a report on clinical course …" stays a work told by them."""
    body = (
        "Fresh from Frontiers in Medicine, doi 10.3389/fmed.2025.1607353. "
        "The article briefly reports on clinical course and immune markers over follow-up."
    )
    assert [_who(m) for m in _papers(analyzer, body)] == [(None, "Fluge", 2025)]
    noun = "I read a report on clinical course and immune markers over follow-up."
    assert [m.card_id for m in _papers(analyzer, noun)] == ["hornig-2015-distinct-plasma"]


def test_a_trials_paper_told_by_what_it_is_about_after_on(analyzer: Analyzer) -> None:
    """ "the PACE paper on recovery" is the trial's recovery paper, as "the PACE recovery paper"
    is, not the trial's main report; told with "on" about the trial's own subject it is still
    the main report."""
    body = "My consultant keeps quoting the PACE paper on recovery, as if it settled anything."
    assert [m.card_id for m in _papers(analyzer, body)] == ["white-2013-recovery-chronic"]
    main = "The PACE paper on graded exercise was what my physio had printed out."
    assert [m.card_id for m in _papers(analyzer, main)] == ["white-2011-comparison-adaptive"]


def test_a_trials_papers_told_together_each_by_its_subject(analyzer: Analyzer) -> None:
    """ "the two later PACE papers, on recovery and on long-term follow-up": each is one of the
    trial's papers, read by its own words."""
    body = (
        "Sceptics then bring up the two later PACE papers, on recovery and on long-term follow-up. "
        "I have read both and they did not change my mind."
    )
    assert sorted(m.card_id or "" for m in _papers(analyzer, body)) == [
        "sharpe-2015-rehabilitative-treatments",
        "white-2013-recovery-chronic",
    ]


def test_a_groups_place_before_a_byline_after_from_is_no_author(analyzer: Analyzer) -> None:
    """ "newer lipid work from Columbia, Che et al. 2022": the place the work came from opens the
    list, and the cited first author is the name after it (Columbia is no surname); a byline
    after "from" that opens on a surname keeps it."""
    body = "Then came newer lipid work from Columbia, Che et al. 2022, on peroxisomes."
    assert [c.value for c in extract_citations(body) if c.kind == "author_year"] == ["Che 2022"]
    assert [m.card_id for m in _papers(analyzer, body)] == ["che-2022-metabolomic-evidence"]
    byline = "Then came a preprint from Davenport, Stevens and colleagues in 2024."
    assert [c.value for c in extract_citations(byline) if c.kind == "author_year"] == ["Davenport 2024"]


def test_asking_whether_anybody_else_did_it_names_no_work(analyzer: Analyzer) -> None:
    """ "Did anybody else try it and have a longer follow-up?": a question whether others did
    something, as "Did anybody try …?" is; the follow-up it asks about is no paper, so it is not
    guessed at a card whose words the post shares."""
    body = (
        "I started the nose stimulation after reading about the 2023 Swedish trial in Oxford Open "
        "Immunology. Immune cells in the blood changed in those who improved. "
        "Did anybody else try it and have a longer follow-up?"
    )
    assert [m.card_id for m in _papers(analyzer, body)] == ["rodriguez-2023-achieving-symptom"]


def test_the_one_published_in_a_journal_points_back_to_the_work_before(analyzer: Analyzer) -> None:
    """ "the small Bergen pilot giving the anti-CD38 antibody daratumumab to people with ME, the
    one that came out in Frontiers in Medicine": "the one" is the work just named, so the journal
    tells which paper it is; read on its own, "the small Bergen pilot" would be guessed at the
    group's earlier antibody pilot."""
    body = (
        "Someone linked the small Bergen pilot giving the anti-CD38 antibody daratumumab to people "
        "with ME, the one that came out in Frontiers in Medicine. Was anyone here in it?"
    )
    assert [_who(m) for m in _papers(analyzer, body)] == [(None, "Fluge", 2025)]


def test_written_up_in_a_one_word_journal_is_where_a_work_came_out(analyzer: Analyzer) -> None:
    """ "the phase 2b programme of sonlicromanol, written up in Brain": "written up in" says where
    a work was published, as "reported in" does, so the one-word journal is cited; the same word
    opening a sentence about symptoms cites nothing."""
    body = (
        "Off topic, sorry. Her neurologist talked about how sonlicromanol did in its phase 2b "
        "programme, written up in Brain, and we want to know more."
    )
    assert [_who(m) for m in _papers(analyzer, body)] == [(None, "Smeitink", 2024)]
    plain = "Sonlicromanol is a drug for mitochondrial disease. Brain fog is my worst symptom."
    assert _papers(analyzer, plain) == []


def test_that_study_after_an_attempt_told_before_is_that_attempt(analyzer: Analyzer) -> None:
    """ "An earlier attempt tried …. That study's …" after another cited paper: an attempt is a
    work too, so "that study" points back to it, told across the two sentences, and not to the
    paper cited before."""
    body = (
        "Hornig et al. 2015 found immune changes early in the illness. "
        "An earlier attempt at a blood test put serum from Norwegian and Canadian patients on "
        "arrays of random peptides. That study's signature of 256 peptides told patients "
        "apart from controls."
    )
    assert sorted(m.card_id or "" for m in _papers(analyzer, body)) == [
        "gunther-2018-immunosignature-analysis",
        "hornig-2015-distinct-plasma",
    ]


def test_several_works_are_named_by_words_of_their_own_paragraph(analyzer: Analyzer) -> None:
    """A headline's last word is not what the works in the paragraph below it are about:
    "… not ready for the clinic\\n\\nTwo gut microbiome papers …" tells two works by "gut
    microbiome", with their count, and not by "clinic"."""
    text = "Blood tests are still not ready for the clinic\n\nTwo gut microbiome papers came out in 2023."
    assert [c.value for c in scan_plural_works(PostText(text))] == ["several:2|gut microbiome|2023"]
    wrapped = "I keep rereading the\ntwo gut microbiome papers from 2023."
    assert [c.value for c in scan_plural_works(PostText(wrapped))] == ["several:2|gut microbiome|2023"]


def test_a_doi_cut_before_its_numbers_is_read_by_its_own_sentence(tie_breaking: Analyzer) -> None:
    """ "doi.org/10.1016/j.bb…" shows the publisher and part of a journal's code, which several
    journals share: the rest of a post about autoantibodies does not make it the atlas's
    autoantibody paper from that publisher (nor does the encoder, guessing among the papers it
    may be); words beside it that describe the paper still do."""
    analyzer = tie_breaking
    body = (
        "Antibodies against beta adrenergic and muscarinic cholinergic receptors keep coming up in "
        "CFS. A friend sent one more link, doi.org/10.1016/j.bb... and then her phone died. I think "
        "the receptor antibodies matter."
    )
    assert _papers(analyzer, body) == []
    described = (
        "A friend sent a paper on antibodies to beta adrenergic and muscarinic receptors in "
        "CFS patients, doi.org/10.1016/j.bb... and then her phone died."
    )
    assert [m.card_id for m in _papers(analyzer, described)] == ["loebel-2016-antibodies-adrenergic"]


def test_an_organisation_then_the_report_pointed_back_to_is_its_report(analyzer: Analyzer) -> None:
    """ "Years before, the Institute of Medicine called ME … That report went on to …": the next
    sentence points back to the report of the organisation just spoken of, which is that
    organisation's cited work; the organisation named with no work of its own cites nothing."""
    body = (
        "Years before, the Institute of Medicine called ME a serious and systemic illness. "
        "That report went on to suggest renaming it."
    )
    assert [m.card_id for m in _papers(analyzer, body)] == ["iom-2015-beyond-myalgic"]
    plain = "I once wrote to the Institute of Medicine about my illness. The reply never came."
    assert _papers(analyzer, plain) == []


def test_a_trials_name_in_the_words_introducing_a_title_names_no_paper_of_its_own(
    analyzer: Analyzer,
) -> None:
    """ "the PACE paper titled '…'" or "the PACE paper \\"…\\"": the trial's name tells whose paper
    the titled one is; it is not a second paper, the trial's main report. Said on its own, the
    name still cites that report."""
    recovery = "Recovery from chronic fatigue syndrome after treatments given in the PACE trial"
    for introduced in (f"the PACE paper titled '{recovery}'", f'the PACE paper "{recovery}"'):
        body = f"Our clinic's handout quotes {introduced} as if it settled the matter."
        assert [m.card_id for m in _papers(analyzer, body)] == ["white-2013-recovery-chronic"], introduced
    alone = f"Our clinic's handout quotes PACE and then '{recovery}' on the next page."
    assert sorted(m.card_id or "" for m in _papers(analyzer, alone)) == [
        "white-2011-comparison-adaptive",
        "white-2013-recovery-chronic",
    ]


def test_where_a_work_came_out_and_how_much_it_was_noticed_name_no_topic() -> None:
    """ "the journal's first notable ME paper": "journal" (every paper has one) and "notable"
    say nothing of what the work is about, so they are not words to find it by, as "famous"
    and "landmark" are not; a topic word beside them still is."""
    assert naming_words("the journal's first notable paper") == []
    assert naming_words("an important influential gut paper") == ["gut"]


def test_a_size_told_for_another_item_of_a_list_of_works_is_not_this_works(analyzer: Analyzer) -> None:
    """ "Bergen ran several rituximab studies: a small blinded one with 30 patients, and later the
    open-label maintenance study": the 30 patients belong to the first item; the second is the
    maintenance study, whose own words name it, not guessed at another card for lack of a size;
    a size told in its own item still says which work it is."""
    body = (
        "Bergen ran several rituximab studies before the big one: a small placebo-controlled study "
        "with 30 patients, and later the open-label maintenance study."
    )
    assert sorted(m.card_id or "" for m in _papers(analyzer, body)) == [
        "fluge-2011-benefit-lymphocyte",
        "fluge-2015-lymphocyte-depletion",
    ]


def test_a_word_for_the_genre_of_a_work_between_its_year_and_kind_still_tells_the_year(
    analyzer: Analyzer,
) -> None:
    """ "a 2022 opinion paper argued …": a word saying what sort of paper it was sits between the
    year and "paper"; the work is still told by its year, and its words pick the one listed paper
    of that year they retell."""
    body = (
        "My neurologist sent me a 2022 opinion paper that argued for neuroglial failure as the core problem."
    )
    assert [_who(m) for m in _papers(analyzer, body)] == [(None, "Renz-Polster", 2022)]


def test_a_work_from_a_named_centre_is_still_told_by_what_it_is_about(analyzer: Analyzer) -> None:
    """ "a report from the same institute on …": a centre, clinic or institute stands where a
    group would between the kind of work and what it is about, and the words after "on" still
    name the one listed paper that is about them."""
    body = (
        "Worth knowing before you pay: the clinic also links a report from the same institute on "
        "repeat immunoadsorption for post-COVID patients."
    )
    assert [_who(m) for m in _papers(analyzer, body)] == [(None, "Stein", 2023)]


def test_a_work_of_another_year_beside_a_listed_papers_identifier_is_a_second_paper(
    tie_breaking: Analyzer,
) -> None:
    """A DOI of a listed 2025 paper, then "not the 2023 gut butyrate paper in Cell Host & Microbe"
    or "not Guo et al. 2023": the identifier's paper is of 2025, which the list knows before the
    paper is completed from it, so a work told with 2023 in the same sentence is another one,
    the card of that year, not the identifier written twice. (The encoder, as ``analyze-file``
    runs it, chooses between the journal's two 2023 papers.)"""
    doi = "10.1016/j.brci.2025.100019"
    for other in ("the 2023 gut butyrate paper in Cell Host & Microbe", "Guo et al. 2023 on butyrate"):
        body = f"Please explain {doi} to me, not {other}, I get that one."
        found = sorted((m.card_id or "", m.paper.year) for m in _papers(tie_breaking, body))
        assert found == [("", 2025), ("guo-2023-deficient-butyrate", 2023)], other


def test_a_years_work_by_the_same_lead_author_is_that_authors_paper_of_that_year(analyzer: Analyzer) -> None:
    """ "Keller et al. 2024 …, then the 2014 work by the same lead author": the same first or lead
    author stands for the team of the paper cited before, as "the same lab" does, and "work" is
    a kind of work as "paper" is."""
    body = (
        "I'd start with Keller et al. 2024 on two-day exercise testing, "
        "then the 2014 work by the same lead author."
    )
    assert sorted(m.card_id or "" for m in _papers(analyzer, body)) == [
        "keller-2014-inability-myalgic",
        "keller-2024-cardiopulmonary-metabolic",
    ]


def test_the_counted_papers_of_an_author_and_year_are_each_of_them(analyzer: Analyzer) -> None:
    """ "the two 2025 Vernon papers about it": no words of what they are about, but how many, whose
    and of which year; when that author's listed papers of the year are exactly as many, each is
    cited. Saying only that such papers exist ("there are apparently two …") cites neither."""
    body = "My sister swears by that supplement, and sent me the two 2025 Vernon papers about it."
    assert sorted(_who(m) for m in _papers(analyzer, body)) == [
        (None, "Vernon", 2025),
        (None, "Vernon", 2025),
    ]
    titles = {m.paper.title for m in _papers(analyzer, body) if m.paper is not None}
    assert len(titles) == 2
    assert _papers(analyzer, "There are apparently two Vernon papers from 2025 on it.") == []


def test_one_years_work_is_told_by_its_year_as_a_years_work_is(analyzer: Analyzer) -> None:
    """ "One 2014 paper showed …": "one" before a year and a kind of work says "a", and the work
    is weighed against that year's papers by what the sentence says it found."""
    body = (
        "One 2014 paper showed that patients could not repeat their oxygen uptake on a second exercise test."
    )
    assert [m.card_id for m in _papers(analyzer, body)] == ["keller-2014-inability-myalgic"]


def test_a_works_published_analysis_is_a_paper_of_its_own(analyzer: Analyzer) -> None:
    """ "the study's published recovery analysis": an analysis of a trial told before, put out as
    a paper, is that paper (read by its words, as "its recovery paper" is); the trial's planned
    analysis is still part of the trial."""
    told = "Everyone has heard of the PACE trial. Fewer people read the study's {} recovery analysis."
    published = sorted(m.card_id or "" for m in _papers(analyzer, told.format("published")))
    assert published == ["white-2011-comparison-adaptive", "white-2013-recovery-chronic"]
    planned = [m.card_id for m in _papers(analyzer, told.format("planned"))]
    assert planned == ["white-2011-comparison-adaptive"]


def test_a_title_told_across_a_work_and_that_work_pointed_back_to(analyzer: Analyzer) -> None:
    """A group's work told in one sentence and what it found in the next, which opens "In that
    work, …": the next sentence points back to the same work rather than naming another, so the
    title retold across the two names the listed paper."""
    for opening in (
        "The same team had earlier tested low-dose naltrexone on natural killer cells from long COVID "
        "patients.",
        "The Griffith team looked at low-dose naltrexone and natural killer cells from long COVID patients.",
    ):
        body = f"{opening} In that work, naltrexone restored the ion channel's function."
        assert [_who(m) for m in _papers(analyzer, body)] == [(None, "Sasso", 2025)], opening


def test_a_target_for_treatment_retells_a_titles_therapeutic_target(analyzer: Analyzer) -> None:
    """ "a target for treatment" is the lay wording of a title's "therapeutic target": the
    retelling weighs it as that title word, so the one listed paper calling SMPDL3B a biomarker
    and therapeutic target is named."""
    body = "A Canadian group has put forward SMPDL3B as a new biomarker and a target for treatment in ME."
    assert [_who(m) for m in _papers(analyzer, body)] == [(None, "Rostami-Afshari", 2025)]


def test_the_one_other_known_paper_of_the_same_issue_needs_only_a_plain_fit(analyzer: Analyzer) -> None:
    """ "the companion paper in the same issue": an issue holds few papers, so when the journal
    and year of the paper cited before have one other known paper, a word of the sentence that
    fits it (the bacteria) is enough; the paper cited before is never its own companion."""
    body = (
        "I read Guo and colleagues' 2023 paper. "
        "Did the companion paper in the same issue see fewer of those bacteria too?"
    )
    assert sorted(m.card_id or "" for m in _papers(analyzer, body)) == [
        "guo-2023-deficient-butyrate",
        "xiong-2023-multi-omics",
    ]


def test_a_jci_insight_article_number_without_its_doi_prefix_is_its_doi() -> None:
    """ "jci.insight.157621" is how JCI Insight numbers its articles in the DOI's suffix; quoted
    without "10.1172/" it still names that DOI. A number too short for one names nothing."""
    dois = [
        c.value
        for c in extract_citations("A friend only sent me (jci.insight.157621), no title.")
        if c.kind == "doi"
    ]
    assert dois == ["10.1172/jci.insight.157621"]
    assert not [c for c in extract_citations("Build jci.insight.1576 crashed again.") if c.kind == "doi"]


def test_a_title_of_three_meaningful_words_is_retold_by_all_three(analyzer: Analyzer) -> None:
    """A title whose only telling words are three ("muscle", "sodium", "content": patients and
    the illness's name say nothing here) cannot be retold by four of them; all three, in a
    sentence about a study, name it. Two of the three do not."""
    told = "Someone posted a German imaging study that measured the sodium content of muscle in patients."
    assert [_who(m) for m in _papers(analyzer, told)] == [(None, "Petter", 2022)]
    half = "Someone posted a German imaging study that measured the sodium in muscle."
    assert not _papers(analyzer, half)


@pytest.mark.parametrize(
    "body",
    [
        "Exertion intolerance is the core of the illness, according to the Institute of Medicine.",
        "According to the IOM, exertion intolerance is the core of the illness.",
        "Exertion intolerance is the core of the illness according to the US National Academies.",
    ],
)
def test_a_statement_put_down_to_the_organisation_of_one_report_names_it(
    analyzer: Analyzer, body: str
) -> None:
    """ "according to the Institute of Medicine" (or its initials, or the National Academies
    that published its report) puts a statement down to that body's work: its one known report.
    The body's name without such a cue ("the Institute of Medicine website") cites nothing."""
    assert [m.card_id for m in _papers(analyzer, body)] == ["iom-2015-beyond-myalgic"]


def test_an_organisation_named_without_putting_a_statement_down_to_it_cites_nothing(
    analyzer: Analyzer,
) -> None:
    assert not _papers(
        analyzer, "I spent the morning on the Institute of Medicine website and learnt nothing."
    )


def test_testing_in_a_sentence_agrees_with_test_in_a_title(analyzer: Analyzer) -> None:
    """Words are compared by their first five letters, which "test" does not have: a long
    word's "-ing" is set aside first, so "exercise testing" retells a title's "Exercise Test"."""
    body = "My GP brought up a meta-analysis of two-day exercise testing from around 2020 as strong evidence."
    assert [m.card_id for m in _papers(analyzer, body)] == ["lim-2020-prospects-two"]


def test_an_article_type_line_is_a_field_of_the_item_not_a_work_it_tells(analyzer: Analyzer) -> None:
    """A feed item's "Article type: Original Research" line gives the kind of its own paper;
    it is no sentence speaking of a work, so the keywords line after it retells no other title."""
    body = (
        "Heart rate recovery after exertion in chronic fatigue syndrome\n"
        "Published: 2 March 2026\n"
        "DOI: 10.9999/hr-recovery.2026.118\n"
        "Article type: Original Research\n"
        "Keywords: cardiopulmonary exercise testing; two-day CPET; post-exertional malaise\n"
    )
    assert [m.card_id for m in _papers(analyzer, body)] == [None]


def test_a_preprint_told_by_its_year_alone_is_weighed_as_a_study_of_that_year_is(analyzer: Analyzer) -> None:
    """ "A 2026 preprint found …" tells a work by its year as "a 2026 study found …" does; the
    sentence's words then pick the one listed preprint of that year they fit."""
    body = "A 2026 preprint reported the same failure to recover by day two in long COVID as in ME/CFS."
    assert [_who(m) for m in _papers(analyzer, body)] == [(None, "Davenport", 2026)]


def test_a_known_surname_typed_in_lower_case_before_its_year_is_an_author_year(analyzer: Analyzer) -> None:
    """ "have a look at naviaux 2016" is a surname typed in a hurry; a lower-case word is read
    as a known first author's name only before the year of one of their papers, and never when
    it is a month or a word that could be meant as itself."""
    body = "If you want the metabolite story, have a look at naviaux 2016 before the appointment."
    assert [m.card_id for m in _papers(analyzer, body)] == ["naviaux-2016-metabolomics"]
    assert not _papers(analyzer, "Have a look at naviaux 2015 before the appointment.")
    assert not _papers(analyzer, "I crashed badly in may 2024 after the appointment.")


def test_a_group_that_did_work_in_a_journal_without_a_year_tells_that_journals_paper(
    analyzer: Analyzer,
) -> None:
    """ "A Norwegian group has since charted … in Cell Reports Medicine": the people who did the
    work, before the journal's name, say the sentence tells a work published there; the
    sentence's words then pick that journal's listed paper they fit, with no year needed."""
    body = "Meanwhile a Norwegian group charted the circulating proteome in Cell Reports Medicine."
    assert [_who(m) for m in _papers(analyzer, body)] == [(None, "Hoel", 2026)]


def test_a_titles_single_letter_weighs_nothing_a_sentence_cannot_say(analyzer: Analyzer) -> None:
    """A sentence's words are read without single letters, so the "V" of a title's "Complex V"
    can never be said; weighed in the title's whole, it kept a fair retelling below half of it."""
    body = "One study found a complex V inefficiency in immortalised lymphocytes."
    assert [_who(m) for m in _papers(analyzer, body)] == [(None, "Missailidis", 2020)]


def test_a_lab_that_reported_a_finding_speaks_of_its_work(analyzer: Analyzer) -> None:
    """ "An Australian lab then reported …" tells a work by the people who did it, as "a team"
    or "researchers" do, so its words are read for the title they retell; a lab where a test
    was done ("positive at a private lab") tells no work."""
    body = "An Australian lab then reported a complex V inefficiency in immortalised lymphocytes."
    assert [_who(m) for m in _papers(analyzer, body)] == [(None, "Missailidis", 2020)]
    tested = "She tested positive at a private lab for a complex V inefficiency in immortalised lymphocytes."
    assert not _papers(analyzer, tested)


def test_a_known_authors_work_told_in_a_few_words_as_the_subject_of_a_finding(analyzer: Analyzer) -> None:
    """ "The Naviaux metabolite panels separated …": the surname of a known first author, a few
    words for their work, then what it found, is that author's paper as "Naviaux found" is. A
    surname naming a group ("the Scheibenbogen group measured") is the group's, left alone here."""
    body = "The Naviaux blood chemistry work reported a hypometabolic pattern in patients."
    assert [m.card_id for m in _papers(analyzer, body)] == ["naviaux-2016-metabolomics"]
    group = "The Scheibenbogen group measured receptor antibodies in 268 patients and 108 controls."
    assert "scheibenbogen-2018-immunoadsorption-remove" not in [m.card_id for m in _papers(analyzer, group)]


def test_a_work_led_by_a_place_names_no_lead_author(analyzer: Analyzer) -> None:
    """ "led by Stanford University", "led by Harvard researchers": the words after "led by" are
    a place or its people, not a surname; read as one, "University 2015" became a paper of its
    own that editors would be asked to add."""
    for body in (
        "Back in 2015 a study led by Stanford University measured immune proteins in early cases.",
        "Back in 2015 a study led by Harvard researchers measured immune proteins in early cases.",
    ):
        authors = [_who(m)[1] for m in _papers(analyzer, body)]
        assert "University" not in authors, body
        assert "Harvard" not in authors, body


def test_a_work_described_on_a_known_title_is_that_title(analyzer: Analyzer) -> None:
    """ "a Norwegian paper on <its title's words>": the words after "on" are the work's title,
    so the description introduces that paper and is no citation of its own, which other words
    of the post could have resolved to a second paper guessed from the country."""
    body = (
        "A friend sent me a Norwegian paper on muscle sodium content in patients with myalgic "
        "encephalomyelitis/chronic fatigue syndrome."
    )
    found = analyzer.papers("", body)[2]
    assert [c.kind for c in found] == ["title"]
    assert [_who(m) for m in _papers(analyzer, body)] == [(None, "Petter", 2022)]


def test_a_journal_named_after_the_work_is_weighed_on_the_sentence_that_told_it(analyzer: Analyzer) -> None:
    """ "… measured sodium in their leg muscles. I believe it was in J Transl Med in 2022": the
    sentence naming the journal says only where the work came out; the one before tells what it
    was about, and its words pick that journal's paper of the year."""
    body = (
        "A German team scanned the leg muscles of patients for sodium. "
        "I believe it was in J Transl Med in 2022."
    )
    assert [_who(m) for m in _papers(analyzer, body)] == [(None, "Petter", 2022)]


def test_a_cut_id_the_writer_says_may_be_either_work_stays_ambiguous(analyzer: Analyzer) -> None:
    """ "one of the two rituximab papers …, doi.org/10.1371/journal.pone.0…": the cut DOI fits
    two cards, and the writer says it may be either; the words of the post leaning to one of
    them is no reason to pick it."""
    body = "I saved one of the two rituximab papers from Norway, doi.org/10.1371/journal.pone.0..."
    assert not _papers(analyzer, body)
    unsure = (
        "My saved link doi.org/10.1371/journal.pone.0... goes to a rituximab study in chronic "
        "fatigue syndrome, though I can't remember which."
    )
    assert not _papers(analyzer, unsure)


def test_a_trial_told_by_its_year_and_the_treatment_it_tested(analyzer: Analyzer) -> None:
    """ "the 2019 rituximab trial": the one card of that year tagged with the treatment is the
    trial, though its title names the drug's effect ("B-lymphocyte depletion"), not the drug."""
    body = "Some say the 2019 rituximab trial ended the autoimmune idea for good."
    assert [m.card_id for m in _papers(analyzer, body)] == ["fluge-2019-lymphocyte-depletion"]
    assert not _papers(analyzer, "My neurologist still brings up the 2017 rituximab trial.")


def test_a_lone_reanalysis_is_weighed_with_the_work_told_before_it(analyzer: Analyzer) -> None:
    """A post tells a trial, then what it made of it over several sentences, then "the numbers
    were reanalysed …": what was reanalysed is the work it told last, so that work's sentence
    counts among the words that must share the reanalysis card's title."""
    body = (
        "The 2011 trial in The Lancet said CBT and graded exercise helped with fatigue. My GP "
        "believed every word. So did my parents, sadly. I pushed on for a year. Years later the "
        "numbers were reanalysed under the protocol that had been promised, and the benefit "
        "mostly vanished. That took a long fight."
    )
    assert [m.card_id for m in _papers(analyzer, body)] == [
        "white-2011-comparison-adaptive",
        "wilshire-2018-rethinking-treatment",
    ]
    unrelated = (
        "My sister works in a lab. She likes her job. So do I, mostly. I pushed on for a year. "
        "Years later the numbers were reanalysed and nothing changed."
    )
    assert "wilshire-2018-rethinking-treatment" not in [m.card_id for m in _papers(analyzer, unrelated)]


def test_a_doi_cut_by_an_ellipsis_before_the_closing_bracket_is_a_prefix(analyzer: Analyzer) -> None:
    """ "(PLoS ONE, doi 10.1371/journal.pone.00313…).": the ellipsis, then the bracket and the
    stop that close the sentence; the DOI is still cut, so it is resolved by its beginning and
    the words around it, never stored as a whole DOI ending in "…"."""
    body = (
        "The rintatolimod trial in 234 severely ill patients over 40 weeks "
        "(PLoS ONE, doi 10.1371/journal.pone.00313…)."
    )
    found = analyzer.papers("", body)[2]
    assert "doi" not in [c.kind for c in found]
    assert [m.card_id for m in _papers(analyzer, body)] == ["strayer-2012-double-blind"]


def test_sizes_told_of_a_work_named_by_a_cited_papers_title_word_are_that_papers(analyzer: Analyzer) -> None:
    """A post cites the Swedish autoantibody validation paper, then says "One validation study
    with 48 patients proves little": the work is the one cited (its title calls it a validation
    study), not another card that also reports 48 patients."""
    body = (
        "Someone linked the Swedish autoantibody paper (https://pmc.ncbi.nlm.nih.gov/articles/PMC8474431/). "
        "It found no antibodies in spinal fluid. One validation study with 48 patients proves little."
    )
    assert [m.card_id for m in _papers(analyzer, body)] == ["bynke-2020-autoantibodies-beta"]
    other_work = (
        "Someone linked the Swedish autoantibody paper (https://pmc.ncbi.nlm.nih.gov/articles/PMC8474431/). "
        "A microbiome study with 48 patients and 39 controls found less diverse gut bacteria."
    )
    assert "giloteaux-2016-reduced-diversity" in [m.card_id for m in _papers(analyzer, other_work)]


def test_counted_works_whose_author_is_told_after_them(analyzer: Analyzer) -> None:
    """ "Two studies by Keller and colleagues": the count and the author, told after the works,
    are each of that author's papers when the atlas and the list hold exactly that many; an
    author with more papers than the count leaves it unsaid which."""
    body = "Two studies by Keller and colleagues put patients on a bike two days running."
    assert [m.card_id for m in _papers(analyzer, body)] == [
        "keller-2014-inability-myalgic",
        "keller-2024-cardiopulmonary-metabolic",
    ]
    assert not _papers(analyzer, "Two papers by Fluge and colleagues tested rituximab.")


def test_a_work_still_to_come_cites_nothing(analyzer: Analyzer) -> None:
    """ "before the upcoming pathway review": a review that has not happened is no paper, though
    its naming word appears in a card's title."""
    assert not analyzer.papers("", "We hope to be heard before the upcoming pathway review.")[3]


def test_a_work_said_of_a_pronoun_in_plain_words_is_what_that_work_is(analyzer: Analyzer) -> None:
    """ "…, but it remains the largest pooled analysis there is": the words after "it remains"
    say what the review just named is; they name no second work to look for."""
    body = (
        "The Cochrane review of exercise therapy is disputed, but it remains the largest pooled "
        "analysis there is."
    )
    matches = analyzer.papers("", body)[3]
    assert [m.card_id for m in matches] == ["larun-2019-exercise-therapy"]


def test_counted_reviews_with_one_year_each(analyzer: Analyzer) -> None:
    """ "The two systematic reviews of cytokines …, from 2019 and 2011": reviews are counted
    works as papers and studies are, one paper of each year."""
    body = (
        "The two systematic reviews of cytokines in BMC journals, from 2019 and 2011, found no "
        "consistent pattern."
    )
    assert [m.card_id for m in _papers(analyzer, body)] == [
        "corbitt-2019-systematic-review",
        "uceyler-2011-systematic-review",
    ]


def test_a_new_work_told_in_its_own_clause_before_a_cited_one(analyzer: Analyzer) -> None:
    """ "A Norwegian paper in Fatigue sets out how …, and an overview of … by Vink and
    Vink-Niese covers …": the sentence cites the overview, but its first clause tells another,
    new work by its own words, which retell a listed paper's title."""
    body = (
        "A Norwegian paper in Fatigue sets out how specialised care for severely affected patients can "
        "be organised, and an overview of severe myalgic encephalomyelitis by Vink and Vink-Niese covers "
        "what is known."
    )
    assert [_who(m) for m in _papers(analyzer, body)] == [(None, "Vink", 2026), (None, "Saugstad", 2025)]
