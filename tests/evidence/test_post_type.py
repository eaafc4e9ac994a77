"""Post purpose, on short posts written for these tests."""

from __future__ import annotations

import pytest

from bot.evidence.post_type import classify_post
from bot.evidence.types import POST_TYPES, Citation

DOI = Citation(kind="doi", value="10.1000/example.1", span=(0, 17), confidence=1.0)

CASES = [
    (
        "research_news",
        "New cohort study on sleep in ME/CFS (Sleep Med 2024)",
        "Researchers recorded sleep in 80 patients and 60 controls for two weeks. Patients had more "
        "awakenings and lower sleep efficiency than controls. The authors say the study was small and "
        "call for a larger replication.",
        [DOI],
    ),
    (
        "lay_claim",
        "Mould CAUSES ME - the evidence is clear!",
        "A 2020 survey found more mould exposure among patients than in the general public. Mould "
        "toxins cause ME, clearly. Remove the mould and you cure the illness.",
        [DOI],
    ),
    (
        "personal_experience",
        "Bad month, small wins",
        "I have been mostly in bed since my birthday. My partner has taken over the cooking and I "
        "listen to audiobooks when my head allows it. Yesterday I sat in the garden for ten minutes "
        "and it felt wonderful.",
        [],
    ),
    (
        "question",
        "Has anyone had their NK cell function tested?",
        "My consultant mentioned an NK cell test. Is it worth paying for? Which lab do people use, "
        "and did the result change anything for you?",
        [],
    ),
    (
        "treatment_report",
        "Mestinon - 3 month update",
        "I started pyridostigmine at 30 mg twice a day after my tilt test. I took it with food to "
        "avoid cramps. Side effects faded after a week and I stopped taking the evening dose. "
        "Standing is easier for me now, but the fatigue is unchanged.",
        [],
    ),
    (
        "advocacy",
        "Sign the petition for biomedical research funding",
        "The government is reviewing research budgets this autumn. Please share the petition and "
        "write to your MP asking for ME research funding in proportion to the disease burden.",
        [],
    ),
    (
        "off_topic",
        "For sale: recliner chair, collection only",
        "Electric recliner, two years old, barely used. £150 or nearest offer. Collection only from "
        "the Leeds area.",
        [],
    ),
]


@pytest.mark.parametrize(("expected", "title", "text", "citations"), CASES, ids=[c[0] for c in CASES])
def test_classify_post(expected: str, title: str, text: str, citations: list[Citation]) -> None:
    assert classify_post(title, text, citations) == expected


def test_every_type_is_exercised_and_valid() -> None:
    assert {c[0] for c in CASES} == set(POST_TYPES)


def test_text_with_nothing_about_the_illness_is_off_topic() -> None:
    assert (
        classify_post("Cake recipe", "Mix the flour and the butter, then bake for an hour.", [])
        == "off_topic"
    )


def test_empty_post_does_not_crash() -> None:
    assert classify_post("", "", []) in POST_TYPES
