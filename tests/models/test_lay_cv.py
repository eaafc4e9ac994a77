"""The lay-post cross-validation keeps every held-out post out of its fold's training data."""

from __future__ import annotations

from collections import Counter

from models.datasets import Dataset, Post
from models.lay_cv import held_out_sentences, post_folds, train_rows


def _post(pid: str, post_type: str, body: str) -> Post:
    return {"id": pid, "title": "", "body": body, "gold": {"post_type": post_type, "claims": []}}


POSTS = [
    _post(f"p{i}", ("question", "advocacy", "off_topic")[i % 3], f"Sentence {i}. Shared one.")
    for i in range(30)
]


def test_folds_cover_every_post_once_and_keep_the_type_mix() -> None:
    folds = post_folds(POSTS, 5, seed=13)
    ids = [pid for fold in folds for pid in fold]
    assert sorted(ids) == sorted(p["id"] for p in POSTS)
    assert len(set(ids)) == len(ids)
    types = {p["id"]: p["gold"]["post_type"] for p in POSTS}
    for fold in folds:
        assert Counter(types[i] for i in fold) == {"question": 2, "advocacy": 2, "off_topic": 2}
    assert post_folds(POSTS, 5, seed=13) == folds
    assert post_folds(POSTS, 5, seed=14) != folds


def test_training_rows_leave_out_held_out_posts_and_their_sentences_anywhere() -> None:
    data = Dataset(
        "claim",
        ("not_claim", "claim"),
        ["Sentence 1.", "Shared one.", "Sentence 2.", "A public tweet.", "Sentence 1."],
        [0, 1, 0, 1, 0],
        [False, False, False, True, False],
        "test",
        "f1",
        groups=["p1", "p1", "p2", None, None],
    )
    held = [POSTS[1]]
    rows = train_rows(data, {"p1"}, held_out_sentences(held))
    # p1's own rows go, and so does its sentence repeated outside it (row 4).
    assert rows == [2, 3]
