"""Cross-validation folds over groups: no group is split, rare labels are spread over the folds."""

from __future__ import annotations

from models.datasets import _block, attributed
from models.training import grouped_folds


def test_no_group_is_split_and_every_fold_gets_rare_labels() -> None:
    groups = [f"g{i // 10}" for i in range(300)]
    labels = [1 if i % 37 == 0 else 0 for i in range(300)]
    folds = grouped_folds(labels, groups, 5, seed=13)
    assert sorted(i for f in folds for i in f) == list(range(300))
    for fold in folds:
        others = {groups[i] for f in folds if f is not fold for i in f}
        assert not {groups[i] for i in fold} & others
        assert sum(labels[i] for i in fold) >= 1


def test_lay_sentences_fall_into_blocks_of_ten_consecutive_ids() -> None:
    assert _block("t1-s0009") == _block("t1-s0001") != _block("t1-s0010")
    assert _block("t1-s0010") != _block("t2-s0010")
    data = attributed()
    assert data.cv_by_group
    assert data.groups is not None
    assert len(set(data.groups)) > 100
