"""The topic head on the real encoder and its committed weights: posts written for this test."""

from __future__ import annotations

import json

import numpy as np
import pytest

from bot.evidence.topic_model import shared_topic_reader
from models.topics import WEIGHTS, atlas_tags, macro_f1, micro_f1, topic_data

pytestmark = pytest.mark.slow

# (title, body, a topic the post is plainly about)
POSTS = [
    (
        "Rituximab trial results",
        "The Norwegian rituximab trial gave the B-cell drug or a saline infusion to 151 patients. "
        "Fatigue scores did not differ between the groups after two years.",
        "Rituximab",
    ),
    (
        "GET again?",
        "My clinic wants me to start graded exercise therapy, adding five minutes of walking each "
        "week. Every time I push like that I crash for days.",
        "Graded Exercise Therapy",
    ),
    (
        "Gut study",
        "A new study sequenced stool samples and found that patients had fewer butyrate-producing "
        "bacteria in their gut microbiome than healthy controls.",
        "Gut Microbiome",
    ),
]
OFF_TOPIC = ("Allotment", "The tomatoes are finally ripening and the beans need picking this weekend.")


def test_committed_topics_are_atlas_tags_and_the_cv_file_has_intervals() -> None:
    meta = json.loads((WEIGHTS / "topics.json").read_text(encoding="utf-8"))
    assert set(meta["labels"]) <= atlas_tags()
    report = json.loads((WEIGHTS / "topics.cv.json").read_text(encoding="utf-8"))
    assert report["micro_ci95"][0] <= report["micro_f1"] <= report["micro_ci95"][1]
    assert report["macro_ci95"][0] <= report["macro_f1"] <= report["macro_ci95"][1]
    assert (WEIGHTS / "topics.safetensors").stat().st_size <= 25 * 1024 * 1024


def test_the_training_data_has_a_label_for_every_learned_tag() -> None:
    data = topic_data()
    assert data.y.shape == (len(data.texts), len(data.labels))
    assert (data.y.sum(0) >= 5).all()


def test_micro_and_macro_f1_count_as_they_should() -> None:
    gold = np.array([[1, 0], [1, 1], [0, 0]], dtype=np.float32)
    assert micro_f1(gold, gold) == 1.0
    pred = np.array([[1, 0], [0, 0], [0, 1]], dtype=np.float32)
    assert micro_f1(gold, pred) == pytest.approx(2 * 1 / (2 * 1 + 1 + 2))
    assert macro_f1(gold, pred) == pytest.approx((2 / 3 + 0.0) / 2)


def test_posts_plainly_about_a_topic_get_it_and_an_allotment_post_gets_none() -> None:
    reader = shared_topic_reader()
    hits = sum(want in reader.topics(title, body) for title, body, want in POSTS)
    assert hits >= len(POSTS) - 1
    assert reader.topics(*OFF_TOPIC) == ()
