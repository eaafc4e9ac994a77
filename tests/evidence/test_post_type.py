"""Post purpose, read by the committed post-type head on the real MiniLM encoder.

The posts were written for these tests (none comes from the dev posts, the lay training set
or an evaluation set), two per type. The head is statistical, so the wording test asks for a
share right, set before the head was run on them; what the reader and the analyzer do around
it is asserted exactly.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.atlas.importer import read_atlas
from bot.errors import ModelError
from bot.evidence.analyze import Analyzer
from bot.evidence.claim_model import PostTypeReader
from bot.evidence.types import POST_TYPES
from models.heads import SentenceHeads

pytestmark = pytest.mark.slow
CARDS = Path(__file__).resolve().parents[2] / "bot/atlas/sample/cards.jsonl"


@pytest.fixture(scope="module")
def reader() -> PostTypeReader:
    return PostTypeReader.default()


CASES = [
    (
        "research_news",
        "Small study finds altered gut microbes in ME/CFS (Microbiome 2025)",
        "Researchers compared stool samples from 70 patients and 55 healthy controls. Patients had "
        "fewer butyrate-producing bacteria, and those with the fewest reported the most fatigue. The "
        "team says larger studies are needed before any treatment can be tested.",
    ),
    (
        "research_news",
        "Trial of an immune drug reports no benefit",
        "A placebo-controlled trial of 150 adults with ME found that the drug did not improve "
        "fatigue or physical function after a year. Side effects were more common in the drug group. "
        "The authors conclude it should not be used outside research.",
    ),
    (
        "lay_claim",
        "Stop calling it fatigue - it's an energy disease",
        "ME is caused by broken energy production in our cells, simple as that. Every crash is "
        "the mitochondria failing. Doctors who talk about deconditioning are just wrong and always "
        "have been.",
    ),
    (
        "lay_claim",
        "Viruses are the whole story",
        "Honestly nobody can convince me otherwise: a hidden virus keeps ME going in all of us. "
        "Kill the virus and the illness goes away. That's why antivirals are the only thing worth "
        "trying.",
    ),
    (
        "personal_experience",
        "Two years since I got ill",
        "Two years ago I was running half marathons. Now a shower means an afternoon lying down. "
        "My partner has been amazing, and I've learned to enjoy small things like the birds at "
        "the feeder. Some days are still very hard.",
    ),
    (
        "personal_experience",
        "A good day, for once",
        "I made it to my niece's birthday for an hour today and sat in a quiet corner. Paid for "
        "it in the evening but it was worth it to see her open my present. Just wanted to share "
        "something nice.",
    ),
    (
        "question",
        "Which blood tests should I ask my GP for?",
        "I have had fatigue and dizziness for eight months and my GP is finally open to tests. "
        "Which ones did your doctors run before a diagnosis? Is it worth asking about a tilt table "
        "test too?",
    ),
    (
        "question",
        "Does anyone use a wheelchair part time?",
        "I can walk short distances but the supermarket wipes me out for days. Did anyone here "
        "start with a part-time wheelchair? How did you get one, and was it covered?",
    ),
    (
        "treatment_report",
        "Six weeks on LDN",
        "I started low dose naltrexone at 1.5 mg and went up to 4.5 mg over six weeks. The first "
        "week gave me vivid dreams, which have settled. My pain is a little lower in the mornings "
        "but the fatigue is the same.",
    ),
    (
        "treatment_report",
        "Electrolytes for my POTS: one month in",
        "For a month I've taken two sachets of electrolytes a day plus compression socks. My heart "
        "rate on standing is about 20 beats lower and I can stand in the kitchen long enough to "
        "make toast. Still crashing after outings though.",
    ),
    (
        "advocacy",
        "Write to your MP about research funding",
        "Parliament debates research funding next Thursday. Please write to your MP today and ask "
        "them to attend and to support biomedical research into ME. A short template letter is in "
        "the comments, and it only takes five minutes.",
    ),
    (
        "advocacy",
        "Sign the petition for specialist clinics",
        "There is still no specialist ME service in our region. The petition asks the health board "
        "to fund one. Please sign and share it with friends and family before the end of the month.",
    ),
    (
        "off_topic",
        "Selling a bike",
        "Road bike, 54 cm frame, barely ridden, new tyres. Looking for 250 pounds, collection from "
        "the town centre only.",
    ),
    (
        "off_topic",
        "Favourite board games?",
        "We're having friends round at the weekend. Which board games do you all like for four "
        "players? Nothing too long please.",
    ),
]


def test_every_type_is_exercised() -> None:
    assert {c[0] for c in CASES} == set(POST_TYPES)


def test_the_head_reads_each_posts_purpose(reader: PostTypeReader) -> None:
    got = [reader.classify(title, body) for _, title, body in CASES]
    right = sum(g == c[0] for g, c in zip(got, CASES, strict=True))
    assert right >= 11, [(c[0], g, c[1]) for g, c in zip(got, CASES, strict=True) if g != c[0]]


def test_a_number_word_in_a_title_does_not_change_the_type(reader: PostTypeReader) -> None:
    """The phrase rules typed "Six weeks on LDN" and "Seven weeks on LDN" differently."""
    _, title, body = CASES[8]
    types = {reader.classify(title.replace("Six", word), body) for word in ("Six", "Seven", "Eleven", "12")}
    assert len(types) == 1


def test_an_empty_post_gets_a_valid_type(reader: PostTypeReader) -> None:
    assert reader.classify("", "") in POST_TYPES


def test_the_analyzer_types_posts_with_the_head(reader: PostTypeReader) -> None:
    analyzer = Analyzer(read_atlas([CARDS]).cards, semantic=False)
    for _, title, body in CASES[:4]:
        assert analyzer.analyze("p", title, body).post_type == reader.classify(title, body)


def test_missing_post_type_weights_fail_in_one_line_naming_the_file(tmp_path: Path) -> None:
    with pytest.raises(ModelError) as caught:
        SentenceHeads(weights=tmp_path, heads=("post_type",)).load()
    assert str(tmp_path / "post_type.safetensors") in str(caught.value)
    assert "\n" not in str(caught.value)
