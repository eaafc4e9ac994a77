"""The labelled sentences each head trains on, read from the corpora in ``../shared/data``.

Each reader returns a ``Dataset``: texts, integer labels, and which rows are *evaluated*
(cross-validated and scored, the benchmark's own items) versus extra training rows that join
every fold's training part but are never scored (other corpora, our lay-language set).
Paths are relative to the repository root, where ``make train`` runs.
"""

from __future__ import annotations

import csv
import json
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from bot.evidence.claim_model import post_sentences
from bot.evidence.claim_model import post_text as post_text  # re-exported: the training side names it here
from bot.evidence.types import POST_TYPES, STRENGTHS
from models.training import TrainConfig, binary_f1, macro_f1

SHARED = Path("../shared/data")
LAY = Path(__file__).with_name("data")
# Our lay-language set, written in two halves by writers who saw neither the code nor any
# evaluation post (each folder's SOURCE.md): every reader below takes both.
LAY_PARTS: tuple[Path, ...] = (LAY, LAY / "second-half", LAY / "third", LAY / "fourth")
# The sentence-attribute heads also read batch 5, sentences only, written for them (negation
# late in long sentences, treatment effects told through outcomes, attribution without a speech
# verb: models/data/fifth/SOURCE.md). The claim and strength heads were cross-validated and
# refit without it.
ATTRIBUTE_PARTS: tuple[Path, ...] = (*LAY_PARTS, LAY / "fifth")
# The claim and strength heads also read batch 6, sentences only, written for the claim head
# (claims reported in many wrappers, idiomatic claims, sarcasm and one-person outcomes in a
# claim's words; the strength head reads its claims): models/data/sixth/SOURCE.md gives the
# measurements that chose it.
CLAIM_PARTS: tuple[Path, ...] = (*LAY_PARTS, LAY / "sixth")

# The causal-language corpus's codes are NOT in strength order (see its SOURCE.md).
CAUSAL_CODES = {"0": "none", "1": "direct_causal", "2": "conditional_causal", "3": "correlational"}

# The frozen base layer the untuned heads (post type, sentence attributes) read: the one the
# claim head's tuned stack starts from, so they cost no layer pass of their own. It also
# cross-validated better than the last layer for every one of them (5-fold, the model cards:
# post type 0.919 against 0.879, attributed 0.856 against 0.698), and better than layer 2 or
# the claim stack's own output; lower layers keep the wording ("the authors say", "not")
# that these heads read and the last layer has folded into topic.
CLAIM_TUNED_LAYERS = 3  # see MODEL_CARD_claim
SHARED_LAYER = 6 - CLAIM_TUNED_LAYERS  # MiniLM-L6's six layers, less the claim head's own

# (text, label, evaluated, lay post id or None)
Row = tuple[str, int, bool, str | None]
Post = dict[str, Any]


@dataclass
class Dataset:
    name: str
    labels: tuple[str, ...]
    texts: list[str]
    y: list[int]
    evaluated: list[bool]  # scored in cross-validation; the rest is extra training data
    source: str
    metric_name: str
    config: TrainConfig = field(default_factory=TrainConfig)
    # Extra rows that also join every cross-validation fold's training part (None: all of them).
    # The shipped model is refitted on every row either way.
    in_cv: list[bool] | None = None
    # The lay post each row was cut from (None: not from a lay post), so a cross-validation
    # over lay posts (models/lay_cv.py) can keep a held-out post's sentences out of training.
    groups: list[str | None] | None = None
    # Cross-validate over ``groups`` (every member of a group in one fold) instead of over rows.
    cv_by_group: bool = False
    # Surface cues (models.features) the head reads beside the tokens.
    features: tuple[str, ...] = ()
    # A post-level head that reads its post's sentence vectors (title first, then the body's own
    # sentences) instead of the post's tokens: each row's sentences (None: a token-level head).
    parts: list[list[str]] | None = None

    def metric(self, gold: Sequence[int], pred: Sequence[int]) -> float:
        if self.metric_name == "f1":
            return binary_f1(gold, pred)
        return macro_f1(gold, pred, len(self.labels))[0]

    def head(self, n: int) -> Dataset:
        return Dataset(
            self.name,
            self.labels,
            self.texts[:n],
            self.y[:n],
            self.evaluated[:n],
            self.source,
            self.metric_name,
            self.config,
            self.in_cv[:n] if self.in_cv else None,
            self.groups[:n] if self.groups else None,
            self.cv_by_group,
            self.features,
            self.parts[:n] if self.parts else None,
        )


def _dedupe(rows: list[Row]) -> list[Row]:
    """Drop every sentence that occurs more than once, so none sits in both train and test."""
    counts = Counter(r[0] for r in rows)
    return [r for r in rows if counts[r[0]] == 1]


def _jsonl(path: Path) -> list[dict[str, Any]]:
    if not path.is_file():
        return []
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def causal_rows(
    path: Path = SHARED / "causal-language-pubmed/pubmed_causal_language_use.csv",
) -> list[Row]:
    with path.open(encoding="utf-8", newline="") as fh:
        return [
            (r["sentence"].strip(), STRENGTHS.index(CAUSAL_CODES[r["label"].strip()]), True, None)
            for r in csv.DictReader(fh)
        ]


def lay_sentences(parts: Sequence[Path] = LAY_PARTS) -> list[dict[str, Any]]:
    """Our lay-language sentences (``sentences.jsonl`` of every part), first half first."""
    return [s for part in parts for s in _jsonl(part / "sentences.jsonl")]


def lay_posts(parts: Sequence[Path] = LAY_PARTS) -> list[Post]:
    """Our labelled lay posts (``posts.jsonl`` of every part), first half first."""
    return [p for part in parts for p in _jsonl(part / "posts.jsonl")]


# A body sentence (as ``split_sentences`` cuts it) holding gold claims of different strengths:
# a claim for the claim head, no label for the strength head.
MIXED = "mixed"


def lay_post_sentences(posts: Sequence[Post] | None = None) -> list[tuple[str, str | None, str]]:
    """Every sentence of the lay posts' bodies: (text, gold strength, post id).

    The gold strength is None when the sentence is not a claim and ``MIXED`` when it holds
    gold claims of different strengths. Sentences are cut as the analyzer cuts them
    (``split_sentences``), because that is what the heads read at run time; where the writers'
    claim boundaries differ from the cut (a lower-case sentence start, say), the cut sentence
    that contains a gold claim, or lies inside one, takes that claim's label.
    """
    from bot.evidence.sentences import split_sentences

    out: list[tuple[str, str | None, str]] = []
    for post in lay_posts() if posts is None else posts:
        claims = [(str(c["text"]), str(c["strength"])) for c in post["gold"]["claims"]]
        for sentence in split_sentences(post["body"]):
            found = {strength for text, strength in claims if text in sentence or sentence in text}
            label = None if not found else found.pop() if len(found) == 1 else MIXED
            out.append((sentence, label, str(post["id"])))
    return out


def _lay_source(sentences: Sequence[object], posts: Sequence[object]) -> str:
    return f" + models/data lay sentences ({len(sentences)}) and posts ({len(posts)}), batches 1-4 and 6"


def _columns(rows: Sequence[Row]) -> tuple[list[str], list[int], list[bool], list[str | None]]:
    return [r[0] for r in rows], [r[1] for r in rows], [r[2] for r in rows], [r[3] for r in rows]


def strength(
    posts: Sequence[Post] | None = None, sentences: Sequence[dict[str, Any]] | None = None
) -> Dataset:
    """The causal corpus (scored) and the lay claims with their strength (extra, in every fold).

    ``posts``/``sentences`` replace the lay set (default: batches 1-4 and batch 6's sentences).
    """
    posts = lay_posts() if posts is None else posts
    sentences = lay_sentences(CLAIM_PARTS) if sentences is None else sentences
    rows = causal_rows()
    for s in sentences:
        if s.get("is_claim") and s.get("strength") in STRENGTHS:
            rows.append((str(s["text"]), STRENGTHS.index(s["strength"]), False, None))
    for text, label, post_id in lay_post_sentences(posts):
        if label in STRENGTHS:
            rows.append((text, STRENGTHS.index(label), False, post_id))
    texts, y, evaluated, groups = _columns(_dedupe(rows))
    return Dataset(
        "strength",
        STRENGTHS,
        texts,
        y,
        evaluated,
        "causal-language-pubmed (Yu et al. 2019, GPL-3.0)" + _lay_source(sentences, posts),
        "macro_f1",
        TrainConfig(tuned_layers=6, epochs=4, head_lr=1e-3),  # the whole encoder: see MODEL_CARD_strength
        groups=groups,
    )


def scitweets_rows(path: Path = SHARED / "scitweets/annotations.tsv") -> list[Row]:
    """Category 1.1 (scientific claim or question); undecided (0.5) tweets dropped."""
    out: list[Row] = []
    with path.open(encoding="utf-8", newline="") as fh:
        for r in csv.DictReader(fh, delimiter="\t"):
            answer = float(r["cat1_final_answer"])
            if answer in (0.0, 1.0):
                out.append((r["text"].strip(), int(answer), True, None))
    return out


def scifact_rows(folder: Path = SHARED / "scifact", every: int = 3) -> list[Row]:
    """A third of the SciFact claims as extra positives: formal, one claim a sentence."""
    out: list[Row] = []
    for name in ("claims_train.jsonl", "claims_dev.jsonl", "claims_test.jsonl"):
        for i, line in enumerate((folder / name).read_text(encoding="utf-8").splitlines()):
            if line.strip() and i % every == 0:
                out.append((json.loads(line)["claim"].strip(), 1, False, None))
    return out


def claim(posts: Sequence[Post] | None = None, sentences: Sequence[dict[str, Any]] | None = None) -> Dataset:
    """SciTweets 1.1 (scored), SciFact (extra, in every fold), our lay sentences (shipped model only:
    tripling each of the ten folds' training cost is more than 2 shared CPU cores allow).

    ``posts``/``sentences`` replace the lay set (default: batches 1-4 and batch 6's sentences).
    """
    posts = lay_posts() if posts is None else posts
    sentences = lay_sentences(CLAIM_PARTS) if sentences is None else sentences
    rows = scitweets_rows() + scifact_rows()
    benchmark = len(rows)
    for s in sentences:
        rows.append((str(s["text"]), int(bool(s.get("is_claim"))), False, None))
    rows.extend((text, int(label is not None), False, pid) for text, label, pid in lay_post_sentences(posts))
    keep = set(_dedupe(rows))
    in_cv = [i < benchmark for i, r in enumerate(rows) if r in keep]
    texts, y, evaluated, groups = _columns([r for r in rows if r in keep])
    return Dataset(
        "claim",
        ("not_claim", "claim"),
        texts,
        y,
        evaluated,
        "SciTweets cat. 1.1 (Hafid et al. 2022, CC BY 4.0) + SciFact claims (CC BY 4.0)"
        + _lay_source(sentences, posts),
        "f1",
        TrainConfig(tuned_layers=CLAIM_TUNED_LAYERS, epochs=4, head_lr=1e-3),
        in_cv,
        groups,
    )


def post_type(posts: Sequence[Post] | None = None) -> Dataset:
    """Our lay posts (every batch), every one evaluated: the only post-type labels we may train on."""
    posts = lay_posts() if posts is None else posts
    rows: list[Row] = [
        (
            post_text(post.get("title") or "", post["body"]),
            POST_TYPES.index(post["gold"]["post_type"]),
            True,
            str(post["id"]),
        )
        for post in posts
    ]
    texts, y, evaluated, groups = _columns(rows)
    return Dataset(
        "post_type",
        POST_TYPES,
        texts,
        y,
        evaluated,
        f"models/data lay posts ({len(posts)}, all four batches; CC0-1.0)",
        "macro_f1",
        TrainConfig(
            tuned_layers=0, epochs=30, batch_size=16, head_lr=1e-3, max_tokens=96, reads_layer=SHARED_LAYER
        ),
        groups=groups,
        parts=[post_sentences(post.get("title") or "", post["body"]) for post in posts],
    )


# --- sentence attributes: what the overstatement policy reads besides strength -----------------
ABOUT = ("cause_mechanism", "treatment_efficacy", "biomarker_finding", "prevalence_or_description")
# Rewordings of one idea sit next to each other in the lay set ("Gut bacteria cause ME." then
# "Gut bacteria might play a part in ME." then "Do gut bacteria cause ME?"), so a fold that
# held one of them out while training on its neighbours would flatter the heads. Folds are cut
# over blocks of this many consecutive sentences of a file instead.
BLOCK = 10
# Measured by 5-fold CV on the lay sentences (models/MODEL_CARD_attributes.md): 8 epochs did as
# well as 20 for every attribute and better for questions; 4 was worse.
ATTRIBUTE_CONFIG = TrainConfig(
    tuned_layers=0, epochs=8, batch_size=32, head_lr=2e-3, reads_layer=SHARED_LAYER
)


def _block(sentence_id: str) -> str:
    """'t1-s0123' -> 't1-b12': the block of consecutive sentences it was written in."""
    prefix, _, number = sentence_id.rpartition("s")
    return f"{prefix}b{int(number) // BLOCK}" if number.isdigit() else sentence_id


def _attribute(
    name: str,
    labels: tuple[str, ...],
    label_of: Callable[[dict[str, Any]], int | None],
    metric: str,
    features: tuple[str, ...] = (),
) -> Dataset:
    sentences = lay_sentences(ATTRIBUTE_PARTS)
    rows: list[Row] = []
    for s in sentences:
        label = label_of(s)
        if label is not None:
            rows.append((str(s["text"]), label, True, _block(str(s["id"]))))
    texts, y, evaluated, groups = _columns(_dedupe(rows))
    return Dataset(
        name,
        labels,
        texts,
        y,
        evaluated,
        f"models/data lay sentences ({len(sentences)}, batches 1-5; CC0-1.0)",
        metric,
        ATTRIBUTE_CONFIG,
        groups=groups,
        cv_by_group=True,
        features=features,
    )


def about() -> Dataset:
    """What a claim is about (the lay claim sentences only: the policy reads it for claims)."""
    return _attribute(
        "about",
        ABOUT,
        lambda s: ABOUT.index(s["about"]) if s.get("about") in ABOUT else None,
        "macro_f1",
        ("treatment_cue",),
    )


def attributed() -> Dataset:
    """Someone else's words passed on: "the headline says …", "the authors argue …"."""
    return _attribute(
        "attributed",
        ("own", "attributed"),
        lambda s: int(bool(s.get("attributed"))),
        "f1",
        ("attribution_cue",),
    )


def negated() -> Dataset:
    """The proposition denied: "did not improve", "does not cause", "found no virus"."""
    return _attribute(
        "negated", ("affirmed", "negated"), lambda s: int(bool(s.get("negated"))), "f1", ("negation_cue",)
    )


def question() -> Dataset:
    """A question rather than an assertion, with or without its question mark."""
    return _attribute(
        "question",
        ("statement", "question"),
        lambda s: int(bool(s.get("question"))),
        "f1",
        ("question_end", "question_mark"),
    )


ATTRIBUTES = ("about", "attributed", "negated", "question")

DATASETS: dict[str, Callable[[], Dataset]] = {
    "strength": strength,
    "claim": claim,
    "post_type": post_type,
    "about": about,
    "attributed": attributed,
    "negated": negated,
    "question": question,
}
