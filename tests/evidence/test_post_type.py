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


# --- purpose, not surface marks: posts written for these tests in several wordings per type ---

PURPOSE_CASES = [
    (
        "advocacy",
        "New study shows NK cells are impaired - tell your MP",
        "A 2023 study of 200 patients found NK cell cytotoxicity was lower than in controls. This is "
        "exactly the kind of biomedical work that needs funding. Email your MP this week and ask them"
        " to back the research motion. A template is below.",
        [DOI],
    ),
    (
        "advocacy",
        "Consultation on the ME/CFS delivery plan closes Friday",
        "The government's consultation on the delivery plan closes on Friday. Researchers estimate "
        "that around 250,000 people in the UK have ME. Please submit a response, even a short one. "
        "Our charity has guidance on what to say.",
        [],
    ),
    (
        "advocacy",
        "Open letter to the health minister",
        "We, the undersigned people with ME and long covid, ask the minister to fund biomedical "
        "research. Trials of GET found no objective improvement. Add your name in the comments and we"
        " will send the letter on Monday.",
        [],
    ),
    (
        "lay_claim",
        "Why are doctors still pushing exercise?",
        "Every study shows exercise makes PEM worse. GET harmed thousands of us and the NHS still "
        "prescribes it. It's a scandal. How many more people have to be made bedbound before they "
        "listen?",
        [],
    ),
    (
        "lay_claim",
        "It's the mitochondria, people",
        "ME is a mitochondrial disease, full stop. The energy factories in our cells are broken and "
        "that causes the crashes. Anyone who says otherwise hasn't read the science. Why won't anyone"
        " fund this?",
        [],
    ),
    (
        "research_news",
        "Could a blood test diagnose ME/CFS?",
        "Researchers at a UK university have reported a blood test that distinguished 61 patients "
        "from 45 controls with 91% accuracy in a small study. The test measures the electrical "
        "response of immune cells to salt stress. The authors say it must be validated in larger "
        "groups.",
        [DOI],
    ),
    (
        "research_news",
        "Is long COVID an autoimmune disease? New preprint",
        "A preprint posted this week reports that transferring antibodies from long COVID patients "
        "into mice produced pain-like behaviour. The mice that received antibodies from healthy "
        "donors did not show it. The study has not yet been peer reviewed.",
        [DOI],
    ),
    (
        "question",
        "LDN dose for fibro?",
        "My rheumatologist suggested low dose naltrexone for my fibromyalgia. What dose did you start"
        " on, and how long before you noticed anything? Did anyone get bad dreams?",
        [],
    ),
    (
        "question",
        "Confused about the PACE recovery figures",
        "I keep seeing people argue about the 22% recovery rate in PACE. Was that changed after the "
        "trial started? And what would the figure be under the original protocol? Any explainer "
        "appreciated.",
        [DOI],
    ),
    (
        "treatment_report",
        "Three months of CoQ10 and D-ribose",
        "I started CoQ10 (200 mg) and D-ribose in January after a friend recommended them. No side "
        "effects. Honestly, I can't tell any difference in my energy or PEM. I'll stop in a couple of"
        " weeks to see if anything changes. Not a great advert, sorry.",
        [],
    ),
    (
        "treatment_report",
        "Pacing with a heart rate monitor",
        "I've been using a heart rate monitor to pace since October, keeping under 110 bpm. My "
        "crashes went from weekly to about once a month. I stopped doing the morning walk and I rest "
        "after showers now. It's not a cure for me but it has given me some control.",
        [],
    ),
    (
        "personal_experience",
        "One year bedbound",
        "A year ago today I went to bed with what I thought was flu and never really got up. I miss "
        "my job, my friends and walking the dog. My mum does almost everything for me now. Some days "
        "I can read for ten minutes. I wanted to write this down somewhere people understand.",
        [],
    ),
    (
        "personal_experience",
        "Got my diagnosis today",
        "After four years and eleven doctors, a specialist finally said the words ME/CFS. I cried in "
        "the car park. It doesn't change anything practical, but I feel believed for the first time. "
        "Thank you all for the advice over the years.",
        [],
    ),
    (
        "off_topic",
        "Anyone know a good laptop for under £500?",
        "My old one finally died. I mostly need it for browsing and emails. Does anyone have a "
        "recommendation? Should I go for a Chromebook?",
        [],
    ),
    (
        "off_topic",
        "Which football team do you support?",
        "Bit of fun for the weekend. I'm a lifelong Everton fan, which explains a lot. Who do you all"
        " follow?",
        [],
    ),
    (
        "off_topic",
        "Great sourdough recipe",
        "Mix 500 g flour, 350 g water and 100 g starter. Leave overnight, shape, and bake at 230C for"
        " 40 minutes. It never fails.",
        [],
    ),
]


@pytest.mark.parametrize(
    ("expected", "title", "text", "citations"), PURPOSE_CASES, ids=[c[1][:40] for c in PURPOSE_CASES]
)
def test_post_type_follows_purpose(expected: str, title: str, text: str, citations: list[Citation]) -> None:
    """Advocacy quoting research, rants ending in questions, news headlines with "?", dose-free
    treatment reports and off-topic questions."""
    assert classify_post(title, text, citations) == expected


def test_a_carers_diary_in_we_and_he_is_personal_experience() -> None:
    text = (
        "A calmer week for us. Sam sat in the garden twice and we managed a short phone call with "
        "his gran. On Friday a delivery van set him back and he needed the dark room all evening. "
        "We are learning to plan around the crashes."
    )
    assert classify_post("Update from a carer", text, []) == "personal_experience"


def test_an_organisations_statement_is_advocacy_even_when_it_cites_research() -> None:
    text = (
        "A patient charity has welcomed the decision to revise the guideline. Its statement cites "
        "a 2021 review that found no reliable benefit from graded exercise."
    )
    assert classify_post("Charity responds to guideline change", text, [DOI]) == "advocacy"


def test_a_research_summary_with_one_closing_question_is_research_news() -> None:
    text = (
        "The study compared 60 patients with 60 controls. Patients had lower cerebral blood flow "
        "when tilted. The drop was larger in those with more severe illness. Blood flow was "
        "associated with cognitive scores. Does anyone know if there is a follow-up?"
    )
    assert classify_post("Tilt and brain blood flow in ME", text, [DOI]) == "research_news"
