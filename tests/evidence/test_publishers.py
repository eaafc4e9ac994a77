"""Publisher link schemes read back into DOIs, PIIs and MDPI article keys."""

from __future__ import annotations

import pytest

from bot.evidence import publishers
from bot.evidence.identifiers import ids_in_url


@pytest.mark.parametrize(
    ("url", "doi"),
    [
        ("https://www.nature.com/articles/s41591-023-02000-1", "10.1038/s41591-023-02000-1"),
        ("nature.com/articles/nrneurol.2017.5.pdf", "10.1038/nrneurol.2017.5"),
        ("https://insight.jci.org/articles/view/150310/pdf", "10.1172/jci.insight.150310"),
        ("http://www.jci.org/articles/view/12345", "10.1172/jci12345"),
        ("https://www.researchsquare.com/article/rs-999/v3", "10.21203/rs.3.rs-999/v3"),
        ("https://elifesciences.org/articles/81234", "10.7554/elife.81234"),
        ("https://www.mdpi.com/2227-9059/11/2/345", "10.3390/biomedicines11020345"),
    ],
)
def test_encoded_paths_become_dois(url: str, doi: str) -> None:
    assert publishers.doi_from_url(url) == doi
    assert ids_in_url(url).doi == doi


@pytest.mark.parametrize(
    "url",
    [
        "https://academic.oup.com/brain/article/147/3/1234/7000000",
        "https://www.nature.com/",
        "https://www.mdpi.com/journal/ijms",
        "https://www.bbc.co.uk/news/health-68123456",
    ],
)
def test_other_links_encode_no_doi(url: str) -> None:
    assert publishers.doi_from_url(url) is None


def test_pii_with_or_without_punctuation() -> None:
    assert publishers.pii_key("S0140-6736(11)60096-2") == "S0140673611600962"
    link = "https://www.sciencedirect.com/science/article/abs/pii/S0140673611600962"
    assert publishers.pii_in_url(link) == "S0140673611600962"
    assert publishers.pii_doi("S0140673611600962") == "10.1016/s0140-6736(11)60096-2"
    # A Cell Press PII does not reveal its DOI (10.1016/j.chom.…): kept as a PII.
    assert publishers.pii_doi("S1931312823000385") is None
    assert ids_in_url("https://www.cell.com/cell-host-microbe/fulltext/S1931-3128(23)00038-5").pii == (
        "S1931312823000385"
    )
    assert publishers.pii_key("S123") is None


def test_mdpi_article_without_a_known_journal_code() -> None:
    article = publishers.mdpi_article("https://www.mdpi.com/9999-999X/4/1/22/htm")
    assert article is not None
    assert article.doi is None
    assert article.doi_tail == "4010022"


@pytest.mark.parametrize(
    ("url", "prefix"),
    [
        ("nature.com/articles/s41467-024-451", "10.1038/s41467-024-451"),
        ("jci.org/articles/view/1321", "10.1172/jci1321"),
        # (the version a whole Research Square DOI ends with is not part of a cut one)
        ("researchsquare.com/article/rs-4417", "10.21203/rs.3.rs-4417"),
        ("nature.com/articles/s4", None),
    ],
)
def test_truncated_publisher_links_give_doi_prefixes(url: str, prefix: str | None) -> None:
    assert publishers.doi_prefix_from_truncated(url) == prefix


@pytest.mark.parametrize(
    ("url", "truncated"),
    [
        ("www.nature.com/articles/s41467-024-451...", "url:nature.com/articles/s41467-024-451"),
        ("https://www.jci.org/articles/view/1321…", "url:jci.org/articles/view/1321"),
        ("https://t.co/ab...", None),
    ],
)
def test_cut_links_become_url_prefixes(url: str, truncated: str | None) -> None:
    assert ids_in_url(url).truncated == truncated
    assert ids_in_url(url).doi is None


@pytest.mark.parametrize(
    ("url", "title"),
    [
        (
            "https://scholar.google.co.uk/scholar?q=rituximab+versus+placebo+in+ME%2FCFS&hl=en",
            "rituximab versus placebo in ME/CFS",
        ),
        (
            "https://scholar.google.com/scholar_lookup?title=Deficient%20butyrate-producing%20capacity%20in%20the%20gut",
            "Deficient butyrate-producing capacity in the gut",
        ),
        (
            "https://www.researchgate.net/publication/123456_Cytokine_signature_associated_with_disease_severity",
            "Cytokine signature associated with disease severity",
        ),
        (
            "https://www.semanticscholar.org/paper/Cytokine-signature-associated-with-disease-severity-Montoya-Davis/"
            "fa0b1c2d3e4f5a6b7c8d",
            "Cytokine signature associated with disease severity",
        ),
        ("https://scholar.google.com/scholar?q=author:%22Fluge+O%22", None),
        ("https://scholar.google.com/scholar?q=fluge+rituximab", None),
        ("https://www.researchgate.net/profile/Some-Researcher", None),
    ],
)
def test_titles_spelt_out_by_search_and_profile_links(url: str, title: str | None) -> None:
    assert publishers.title_in_url(url) == title


@pytest.mark.parametrize(
    ("doi", "work", "version"),
    [
        ("10.1002/14651858.cd011040.pub3", "10.1002/14651858.cd011040", True),
        ("10.1002/14651858.cd011040", "10.1002/14651858.cd011040", False),  # the work itself
        ("10.1002/14651858.cd0110401.pub3", "10.1002/14651858.cd011040", False),  # another number
        ("10.1002/14651858.cd011040.pub3", "10.1002/14651858.cd011040.pub2", False),  # a version
        ("10.1038/s41591-023-02345-6", "10.1038/s41591-023", False),  # no versions at Nature
    ],
)
def test_a_version_of_a_work_at_a_registrant_that_versions_its_dois(
    doi: str, work: str, version: bool
) -> None:
    assert publishers.is_version_of(doi, work) is version


@pytest.mark.parametrize(
    ("doi", "cut"),
    [
        # Frontiers' article numbers passed a million in 2022: a later one with five digits is
        # the beginning of a seven-digit number; earlier ones had five or six
        ("10.3389/fnins.2025.16374", True),
        ("10.3389/fmed.2024.140", True),
        ("10.3389/fnins.2025.1637838", False),
        ("10.3389/fimmu.2019.00796", False),
        ("10.3389/fneur.2022.877772", False),
    ],
)
def test_frontiers_numbers_by_year(doi: str, cut: bool) -> None:
    assert publishers.is_cut_doi(doi) is cut


def test_a_preprint_server_is_known_by_its_doi_from_the_table() -> None:
    """The servers of ``[[preprint_server]]`` rows: Cold Spring Harbor's 10.1101 with eight final
    digits is medRxiv, with six bioRxiv; a journal's DOI is on no server."""
    assert publishers.preprint_server("10.1101/2025.08.06.25333109") == "medRxiv"
    assert publishers.preprint_server("10.1101/2023.01.30.526309") == "bioRxiv"
    assert publishers.preprint_server("10.21203/rs.3.rs-8606329/v1") == "Research Square"
    assert publishers.preprint_server("10.1038/s41591-023-02345-6") is None
