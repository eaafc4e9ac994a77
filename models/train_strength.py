"""Train the claim-strength n-gram model on the causal-language corpus and write its weights.

    .venv/bin/pip install scikit-learn   # training only; prediction is plain Python
    .venv/bin/python -m models.train_strength \
        ../shared/data/causal-language-pubmed/pubmed_causal_language_use.csv

Re-runnable and deterministic (fixed seed). Steps: read the CSV, map the corpus's label codes
(NOT in strength order: 0 none, 1 direct causal, 2 conditional causal, 3 correlational) to our
labels, drop duplicated sentences (one duplicated pair has conflicting labels, and a sentence
must never sit in both train and test), hold out a stratified 20% test split, choose the
regularisation by 5-fold cross-validation on the training part, report macro-F1 on the
held-out part, then write the model fitted on the training part to models/strength_ngram.json.
Takes a few seconds on one core.
"""

from __future__ import annotations

import argparse
import csv
import json
import sys
from collections import Counter
from pathlib import Path

from bot.evidence.types import STRENGTHS
from models.strength import DEFAULT_WEIGHTS, StrengthModel, features

LABEL_CODES = {"0": "none", "1": "direct_causal", "2": "conditional_causal", "3": "correlational"}
MAX_N = 2
MIN_DF = 2
SEED = 13


def read_corpus(path: Path) -> tuple[list[str], list[str]]:
    """Sentences and labels, with every duplicated sentence dropped (conflicts included)."""
    with path.open(encoding="utf-8", newline="") as fh:
        rows = [(r["sentence"].strip(), LABEL_CODES[r["label"].strip()]) for r in csv.DictReader(fh)]
    counts = Counter(s for s, _ in rows)
    kept = [(s, y) for s, y in rows if counts[s] == 1]
    return [s for s, _ in kept], [y for _, y in kept]


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("csv", type=Path)
    parser.add_argument("--out", type=Path, default=DEFAULT_WEIGHTS)
    args = parser.parse_args(argv)

    import numpy as np
    from scipy.sparse import csr_matrix
    from sklearn.linear_model import LogisticRegression
    from sklearn.metrics import classification_report, f1_score
    from sklearn.model_selection import StratifiedKFold, cross_val_score, train_test_split

    sentences, labels = read_corpus(args.csv)
    s_train, s_test, y_train, y_test = train_test_split(
        sentences, labels, test_size=0.2, stratify=labels, random_state=SEED
    )
    df = Counter(g for s in s_train for g in features(s, MAX_N))
    vocabulary = sorted(g for g, c in df.items() if c >= MIN_DF)
    index = {g: i for i, g in enumerate(vocabulary)}

    def matrix(texts: list[str]) -> csr_matrix:
        rows, cols, vals = [], [], []
        for r, text in enumerate(texts):
            cols_r = sorted({index[g] for g in features(text, MAX_N) if g in index})
            weight = 1.0 / np.sqrt(len(cols_r)) if cols_r else 0.0
            rows += [r] * len(cols_r)
            cols += cols_r
            vals += [weight] * len(cols_r)
        return csr_matrix((vals, (rows, cols)), shape=(len(texts), len(vocabulary)))

    x_train = matrix(s_train)
    folds = StratifiedKFold(n_splits=5, shuffle=True, random_state=SEED)
    best_c, best_cv = 1.0, -1.0
    for c in (1.0, 3.0, 10.0, 30.0, 100.0):
        clf = LogisticRegression(C=c, max_iter=3000, class_weight="balanced")
        cv = float(cross_val_score(clf, x_train, y_train, cv=folds, scoring="f1_macro").mean())
        print(f"C={c:g}: 5-fold CV macro-F1 {cv:.3f}")
        if cv > best_cv:
            best_c, best_cv = c, cv
    clf = LogisticRegression(C=best_c, max_iter=3000, class_weight="balanced").fit(x_train, y_train)
    order = [list(clf.classes_).index(label) for label in STRENGTHS]
    coef = [[round(float(v), 4) for v in clf.coef_[i]] for i in order]
    intercept = [round(float(clf.intercept_[i]), 4) for i in order]
    training: dict[str, object] = {
        "corpus": "Yu, Li & Wang 2019, pubmed_causal_language_use.csv (GPL-3.0)",
        "sentences": len(sentences),
        "train": len(s_train),
        "test": len(s_test),
        "seed": SEED,
        "C": best_c,
        "cv_macro_f1": round(best_cv, 4),
    }
    # Score through the plain-Python predictor, exactly as the bot will use the weights.
    model = StrengthModel(list(STRENGTHS), index, coef, intercept, MAX_N)
    predicted = model.predict_many(s_test)
    test_f1 = float(f1_score(y_test, predicted, average="macro"))
    training["test_macro_f1"] = round(test_f1, 4)
    weights = {
        "labels": list(STRENGTHS),
        "max_n": MAX_N,
        "vocabulary": vocabulary,
        "coef": coef,
        "intercept": intercept,
        "training": training,
    }
    print(classification_report(y_test, predicted, digits=3))
    print(f"held-out test macro-F1 {test_f1:.3f} (C={best_c:g}, {len(vocabulary)} n-grams)")
    args.out.write_text(json.dumps(weights, separators=(",", ":")) + "\n", encoding="utf-8")
    print(f"wrote {args.out} ({args.out.stat().st_size / 1024:.0f} KiB)")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
