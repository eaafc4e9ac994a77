"""What each head trains on: both halves of the lay set, and which lay post each row came from."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from models import datasets
from models.datasets import (
    ATTRIBUTE_PARTS,
    CLAIM_PARTS,
    LAY_PARTS,
    MIXED,
    lay_post_sentences,
    lay_posts,
    lay_sentences,
)

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(autouse=True)
def _at_root(monkeypatch: pytest.MonkeyPatch, shared_dir: Path) -> None:
    """The readers take the public corpora from ../shared/data relative to the repository root."""
    monkeypatch.chdir(ROOT)


def _lines(path: Path) -> list[dict[str, object]]:
    return [json.loads(x) for x in path.read_text(encoding="utf-8").splitlines() if x.strip()]


def test_every_batch_of_the_lay_set_is_read() -> None:
    assert [p.name for p in LAY_PARTS] == ["data", "second-half", "third", "fourth"]
    posts = [_lines(part / "posts.jsonl") for part in LAY_PARTS]
    sentences = [_lines(part / "sentences.jsonl") for part in LAY_PARTS]
    assert all(posts)
    assert all(sentences)
    assert [p["id"] for p in lay_posts()] == [p["id"] for batch in posts for p in batch]
    assert len(lay_sentences()) == sum(map(len, sentences))


@pytest.mark.parametrize("part", [1, 2, 3])
def test_every_head_trains_on_each_later_batch(part: int) -> None:
    batch = {str(p["id"]) for p in _lines(LAY_PARTS[part] / "posts.jsonl")}
    for name in ("claim", "strength", "post_type"):
        data = datasets.DATASETS[name]()
        assert data.groups is not None
        assert len(data.groups) == len(data.texts)
        assert batch & set(data.groups), f"{name} has no row from {LAY_PARTS[part].name}'s posts"
    claim_texts = set(datasets.claim().texts)
    sentences = [str(s["text"]) for s in _lines(LAY_PARTS[part] / "sentences.jsonl")]
    # A sentence written twice (in any batch) is dropped whole, so nearly all, not all, remain.
    assert sum(s in claim_texts for s in sentences) >= 0.9 * len(sentences)


def test_the_attribute_heads_alone_read_the_sentence_batch_written_for_them() -> None:
    # Batch 5 holds sentences only, written for the attribute heads; the claim and strength heads
    # were cross-validated and refit without it (models/data/fifth/SOURCE.md).
    fifth = ATTRIBUTE_PARTS[-1]
    assert ATTRIBUTE_PARTS[:-1] == LAY_PARTS
    assert fifth.name == "fifth"
    assert not (fifth / "posts.jsonl").exists()
    texts = {str(s["text"]) for s in _lines(fifth / "sentences.jsonl")}
    for name in ("about", "attributed", "negated", "question"):
        data = datasets.DATASETS[name]()
        assert len(texts & set(data.texts)) >= 0.8 * len(texts) * (0.8 if name == "about" else 1), name
        assert any(str(g).startswith("t5-b") for g in data.groups or ()), name
    earlier = {str(s["text"]) for part in LAY_PARTS for s in _lines(part / "sentences.jsonl")}
    for name in ("claim", "strength"):  # (one sentence of batch 5 was also written in batch 1-4)
        assert not (texts - earlier) & set(datasets.DATASETS[name]().texts), name


def test_the_claim_and_strength_heads_read_the_sentence_batch_written_for_the_claim_head() -> None:
    # Batch 6 holds sentences only, written for the claim head (wrapped reported claims, sarcasm
    # and one-person outcomes in a claim's words: models/data/sixth/SOURCE.md); the strength head
    # reads its claims. The attribute heads do not read it.
    sixth = CLAIM_PARTS[-1]
    assert CLAIM_PARTS[:-1] == LAY_PARTS
    assert sixth.name == "sixth"
    assert not (sixth / "posts.jsonl").exists()
    rows = _lines(sixth / "sentences.jsonl")
    claim = datasets.claim()
    label = dict(zip(claim.texts, claim.y, strict=True))
    read = [s for s in rows if str(s["text"]) in label]
    assert len(read) >= 0.9 * len(rows)
    # Read with its own labels: a claim is 1, sarcasm and one-person outcomes 0.
    assert all(label[str(s["text"])] == int(bool(s["is_claim"])) for s in read)
    assert {label[str(s["text"])] for s in read} == {0, 1}
    strength = datasets.strength()
    rated = dict(zip(strength.texts, (strength.labels[y] for y in strength.y), strict=True))
    claims = [s for s in rows if s["is_claim"]]
    assert sum(str(s["text"]) in rated for s in claims) >= 0.9 * len(claims)
    assert all(rated[str(s["text"])] == s["strength"] for s in claims if str(s["text"]) in rated)
    assert not {str(s["text"]) for s in rows if not s["is_claim"]} & set(rated)
    earlier = {str(s["text"]) for part in ATTRIBUTE_PARTS for s in _lines(part / "sentences.jsonl")}
    fresh = {str(s["text"]) for s in rows} - earlier
    for name in ("about", "attributed", "negated", "question"):
        assert not fresh & set(datasets.DATASETS[name]().texts), name


def _post(pid: str, body: str, claims: list[tuple[str, str]], post_type: str = "lay_claim") -> datasets.Post:
    return {
        "id": pid,
        "title": "",
        "body": body,
        "gold": {"post_type": post_type, "claims": [{"text": t, "strength": s} for t, s in claims]},
    }


# Written for this test: claim boundaries that differ from the sentence splitter's cut.
ODD_POST = _post(
    "x1",
    "Thanks for the replies. I have read a lot this year. the new trial showed that pacing reduces "
    "crashes. Low iron may cause fatigue and high cortisol was linked to pain.",
    [
        ("the new trial showed that pacing reduces crashes.", "direct_causal"),
        ("Low iron may cause fatigue", "conditional_causal"),
        ("high cortisol was linked to pain.", "correlational"),
    ],
)


def test_a_cut_sentence_takes_the_label_of_the_gold_claim_inside_it() -> None:
    rows = {text: label for text, label, _ in lay_post_sentences([ODD_POST])}
    assert rows["Thanks for the replies."] is None
    # The splitter does not cut before a lower-case start: the claim sits inside the cut sentence.
    merged = "I have read a lot this year. the new trial showed that pacing reduces crashes."
    assert rows[merged] == "direct_causal"
    mixed = [t for t, label in rows.items() if label == MIXED]
    assert mixed == ["Low iron may cause fatigue and high cortisol was linked to pain."]


def test_a_sentence_of_mixed_strength_is_a_claim_but_no_strength_example() -> None:
    mixed = "Low iron may cause fatigue and high cortisol was linked to pain."
    claim = datasets.claim(posts=[ODD_POST], sentences=[])
    assert claim.y[claim.texts.index(mixed)] == 1
    assert claim.groups is not None
    assert claim.groups[claim.texts.index(mixed)] == "x1"
    strength = datasets.strength(posts=[ODD_POST], sentences=[])
    assert mixed not in strength.texts
    assert "Thanks for the replies." not in strength.texts
    assert any("pacing reduces crashes" in t for t in strength.texts)


def test_posts_left_out_leave_no_sentence_behind() -> None:
    posts = lay_posts()
    kept, left = posts[::2], posts[1::2]
    data = datasets.claim(posts=kept)
    assert data.groups is not None
    assert {g for g in data.groups if g is not None} <= {str(p["id"]) for p in kept}
    types = datasets.post_type(posts=left)
    assert types.groups == [str(p["id"]) for p in left]
    assert [datasets.POST_TYPES[y] for y in types.y] == [p["gold"]["post_type"] for p in left]


def test_the_post_type_rows_are_read_as_their_sentences() -> None:
    """The post-type head trains on exactly what the analyzer feeds it: title, then own sentences."""
    post = _post("x1", "Fatigue is worse. I rest a lot.", [], "personal_experience")
    data = datasets.post_type(posts=[post])
    assert data.parts == [["Fatigue is worse.", "I rest a lot."]]
    titled = [{**_post("x2", "One sentence here.", []), "title": "My title"}]
    assert datasets.post_type(posts=titled).parts == [["My title", "One sentence here."]]
