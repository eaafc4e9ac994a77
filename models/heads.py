"""Run the committed heads (claim, strength and the sentence attributes per sentence, post type
per post) in one batched run over a post's sentences.

Why one shared run: every head keeps MiniLM's embeddings (and all but its tuned layers) frozen,
so a sentence is tokenised once and run through the frozen layers once; each head then runs
only its own tuned layers (the strength head all six, for claims only: see
docs/DESIGN-NOTES.md). Why length-sorted batches: padding dominates the cost of short
sentences. Why a cache keyed by the sentence's sha256: re-analysing a post (after an atlas
change, or a cross-post) costs no model time; the caches are bounded (least recently used
entries go first) because the scheduler's process lives for weeks and would otherwise keep
every sentence it ever read. Why ``quantize``: torch dynamic int8
quantisation of the linear layers roughly doubles CPU speed for a small accuracy cost,
measured in ``bench/classify.py``; weights are scaled per output channel (see ``load``).

Why the post type reads sentence vectors: a head over the whole post's tokens needed a second
encoder pass per post, which halved end-to-end speed; the post-type head instead pools the
vectors this pass already computes (the frozen base's third layer, where the claim head's stack
starts, mean-pooled per sentence; the title is one more sentence), and cross-validated better
(``models/MODEL_CARD_post_type.md``). No base layer above the highest one a head reads is run.
"""

from __future__ import annotations

import hashlib
from collections import OrderedDict
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Generic, TypeVar

from bot.errors import ModelError
from models.features import values
from models.finetuned import (
    MAX_TOKENS,
    READS_SENTENCE_VECTORS,
    HeadSpec,
    load_base,
    load_head,
    mean_pool,
    run_layers,
)

WEIGHTS = Path(__file__).with_name("weights")
HEADS = ("claim", "strength")
# What a sentence says besides its strength, read by the overstatement policy (models.datasets).
ATTRIBUTE_HEADS = ("about", "attributed", "negated", "question")
# How many sentences (and posts) each cache keeps: far more than one analyse batch holds, and
# about 80 MB of sentence vectors at most.
CACHE_ENTRIES = 50_000
V = TypeVar("V")
T = TypeVar("T")


class LruCache(Generic[V]):
    """A mapping that forgets its least recently used entry beyond ``limit`` entries."""

    def __init__(self, limit: int = CACHE_ENTRIES) -> None:
        if limit < 1:
            raise ValueError(f"cache limit must be at least 1, got {limit}")
        self.limit = limit
        self._items: OrderedDict[str, V] = OrderedDict()

    def get(self, key: str) -> V | None:
        value = self._items.get(key)
        if value is not None:
            self._items.move_to_end(key)
        return value

    def put(self, key: str, value: V) -> None:
        self._items[key] = value
        self._items.move_to_end(key)
        while len(self._items) > self.limit:
            self._items.popitem(last=False)

    def __contains__(self, key: object) -> bool:
        return key in self._items

    def __len__(self) -> int:
        return len(self._items)

    def clear(self) -> None:
        self._items.clear()

    def split(self, items: Sequence[tuple[str, T]]) -> tuple[dict[str, V], dict[str, T]]:
        """``items`` (key, what to compute on a miss) parted into the values held for the keys
        found and the items of the keys missing."""
        found: dict[str, V] = {}
        missing: dict[str, T] = {}
        for key, item in items:
            value = self.get(key)
            if value is None:
                missing[key] = item
            else:
                found[key] = value
        return found, missing


@dataclass(frozen=True, slots=True)
class Reading:
    """One head's answer for one sentence: its label and that label's probability."""

    label: str
    probability: float


class SentenceHeads:
    """Loads the encoder and the heads on first use; ``classify`` answers every head per sentence.

    A missing encoder folder or weights file raises ``ModelError`` naming the path.
    """

    def __init__(
        self,
        encoder_path: str | Path | None = None,
        weights: Path = WEIGHTS,
        heads: Sequence[str] = HEADS,
        batch_size: int = 32,
        quantize: bool = False,
        cache_entries: int = CACHE_ENTRIES,
        gates: dict[str, tuple[str, str]] | None = None,
    ) -> None:
        """``gates`` maps a head to (another head, label): the head then reads only the sentences
        the other gave that label, and the others' readings lack it. The analyzer gates the
        strength head on the claim head's "claim": a non-claim's strength is never used, and
        the strength head's six tuned layers are the dearest part of the run."""
        if batch_size < 1:
            raise ModelError(f"model batch_size must be at least 1, got {batch_size}")
        self.encoder_path = encoder_path or None
        self.weights = weights
        self.head_names = tuple(heads)
        self.batch_size = batch_size
        self.quantize = quantize
        self.gates = dict(gates or {})
        for head, (gate, _) in self.gates.items():
            if head not in self.head_names or gate not in self.head_names or gate in self.gates:
                names = ", ".join(self.head_names)
                raise ModelError(f"cannot gate head {head!r} on {gate!r} (heads: {names})")
        self.computed = 0  # sentences actually run through the model (cache misses)
        self._cache: LruCache[dict[str, Reading]] = LruCache(cache_entries)
        # Each sentence's vector for the post-level heads (only when some head reads them).
        self._vectors: LruCache[Any] = LruCache(cache_entries)
        self._posts: LruCache[dict[str, Reading]] = LruCache(cache_entries)
        # tokenizer, base, heads by name, and the base layer the post heads pool (``pooled_layer``)
        self._loaded: tuple[Any, Any, dict[str, tuple[HeadSpec, Any]], int] | None = None

    def load(self) -> None:
        """Load now (the CLI does this up front so a broken model fails before any work)."""
        if self._loaded is not None:
            return
        tokenizer, base = load_base(self.encoder_path)
        heads = {name: load_head(self.weights, name, base) for name in self.head_names}
        pooled = pooled_layer([spec for spec, _ in heads.values()], len(base.encoder.layer))
        if self.quantize:
            import warnings

            import torch

            # torch marks eager dynamic quantisation deprecated in favour of torchao, which is
            # not a dependency here; it still works in the pinned torch 2.13.
            with warnings.catch_warnings():
                warnings.simplefilter("ignore", DeprecationWarning)
                warnings.filterwarnings("ignore", ".*quantiz.* deprecated", UserWarning)
                # Per-channel weight scales: one scale per output row keeps the int8 heads within
                # 0.002 macro-F1 of fp32 on the causal corpus, where one scale per tensor lost 0.07
                # (bench/classify.py prints the cost).
                quantize: Any = torch.ao.quantization.quantize_dynamic  # untyped
                spec_map = {torch.nn.Linear: torch.ao.quantization.per_channel_dynamic_qconfig}
                base = quantize(base, spec_map)
                heads = {n: (spec, quantize(top, spec_map)) for n, (spec, top) in heads.items()}
        self._loaded = (tokenizer, base, heads, pooled)

    def labels(self, head: str) -> tuple[str, ...]:
        self.load()
        assert self._loaded is not None
        return self._loaded[2][head][0].labels

    def _post_heads(self) -> list[str]:
        assert self._loaded is not None
        return [n for n, (spec, _) in self._loaded[2].items() if spec.reads == READS_SENTENCE_VECTORS]

    def _run(self, texts: list[str]) -> tuple[list[dict[str, Reading]], list[Any]]:
        """Every sentence head's reading of ``texts``, and each text's vector for the post heads
        (an empty list when no head reads them)."""
        import torch

        assert self._loaded is not None
        tokenizer, base, heads, pooled_at = self._loaded
        layers = list(base.encoder.layer)
        frozen = {name: spec.input_layer(len(layers)) for name, (spec, _) in heads.items()}
        post_heads = set(self._post_heads())
        shared = min(frozen.values())
        longest = max((spec.max_tokens for spec, _ in heads.values()), default=MAX_TOKENS)
        batch = tokenizer(texts, padding=True, truncation=True, max_length=longest, return_tensors="pt")
        attention = batch["attention_mask"]
        out: list[dict[str, Reading]] = [{} for _ in texts]
        vectors: list[Any] = []
        with torch.inference_mode():
            hidden = base.embeddings(input_ids=batch["input_ids"], token_type_ids=batch.get("token_type_ids"))
            hidden = run_layers(layers[:shared], hidden, attention)
            # The base's states at each depth some head starts from, each layer run once (and
            # none above the highest such depth): the untuned heads read the layer the claim
            # head's stack starts from, so no layer runs for them alone.
            states, depth = {shared: hidden}, shared
            for stop in sorted(set(frozen.values())):
                hidden = run_layers(layers[depth:stop], hidden, attention)
                states[stop], depth = hidden, stop
            if post_heads:
                pooled = mean_pool(states[pooled_at], attention)
                vectors = [pooled[row].clone() for row in range(len(texts))]
            gated = [n for n in heads if n in self.gates]
            for name, (spec, top) in heads.items():
                if name in post_heads or name in gated:
                    continue
                cues = torch.tensor(values(spec.features, texts)) if spec.features else None
                for row, reading in enumerate(_best(top(states[frozen[name]], attention, cues), spec)):
                    out[row][name] = reading
            for name in gated:
                spec, top = heads[name]
                gate, wanted = self.gates[name]
                rows = [r for r, reading in enumerate(out) if reading[gate].label == wanted]
                if not rows:
                    continue
                picked = [texts[r] for r in rows]
                cues = torch.tensor(values(spec.features, picked)) if spec.features else None
                index = torch.tensor(rows)
                answers = _best(top(states[frozen[name]][index], attention[index], cues), spec)
                for row, reading in zip(rows, answers, strict=True):
                    out[row][name] = reading
        return out, vectors

    def _fill(
        self, todo: dict[str, str], found: dict[str, dict[str, Reading]], vectors: dict[str, Any]
    ) -> None:
        """Run the uncached sentences ``todo`` (key to text) in length-sorted batches, keeping
        their readings and vectors both in the caches and in ``found`` and ``vectors`` (which
        the caller reads, so a bounded cache can never lose what it was just asked for)."""
        self.load()
        pending = sorted(todo.items(), key=lambda kv: len(kv[1]))
        for start in range(0, len(pending), self.batch_size):
            chunk = pending[start : start + self.batch_size]
            readings, pooled = self._run([s for _, s in chunk])
            for (key, _), reading in zip(chunk, readings, strict=True):
                self._cache.put(key, reading)
                found[key] = reading
            if pooled:  # (only when some head reads sentence vectors)
                for (key, _), vector in zip(chunk, pooled, strict=True):
                    self._vectors.put(key, vector)
                    vectors[key] = vector
            self.computed += len(chunk)

    def classify(self, sentences: Sequence[str]) -> list[dict[str, Reading]]:
        """Every sentence head's reading for every sentence, in the order given."""
        keys = [content_key(s) for s in sentences]
        found, todo = self._cache.split(list(zip(keys, sentences, strict=True)))
        if todo:
            self._fill(todo, found, {})
        return [found[k] for k in keys]

    def classify_posts(self, posts: Sequence[Sequence[str]]) -> list[dict[str, Reading]]:
        """Every post head's reading for every post, each given as its sentences (title first).

        The sentences go through ``classify`` (one batched run for every post's uncached ones,
        cached by content hash), so a post whose sentences were already read costs only the
        post heads' small layers, and a post already typed costs nothing. A post with no
        sentence is read as one empty sentence, as in training.
        """
        import torch

        self.load()
        names = self._post_heads()
        if not names:
            raise ModelError(f"none of the heads {', '.join(self.head_names)} reads whole posts")
        rows = [list(p) or [""] for p in posts]
        row_keys = [[content_key(s) for s in sents] for sents in rows]
        keys = ["\x00".join(k) for k in row_keys]
        found, unread = self._posts.split([(key, i) for i, key in enumerate(keys)])
        todo = sorted(set(unread.values()))
        if todo:
            pairs = [pair for i in todo for pair in zip(row_keys[i], rows[i], strict=True)]
            vectors, missing = self._vectors.split(pairs)
            if missing:
                self._fill(missing, {}, vectors)
            assert self._loaded is not None
            heads = self._loaded[2]
            for start in range(0, len(todo), self.batch_size):
                chunk = todo[start : start + self.batch_size]
                longest = max(len(rows[i]) for i in chunk)
                dim = vectors[row_keys[chunk[0]][0]].shape[0]
                hidden = torch.zeros(len(chunk), longest, dim)
                attention = torch.zeros(len(chunk), longest, dtype=torch.long)
                for r, i in enumerate(chunk):
                    for j, key in enumerate(row_keys[i]):
                        hidden[r, j] = vectors[key]
                    attention[r, : len(rows[i])] = 1
                with torch.inference_mode():
                    readings: list[dict[str, Reading]] = [{} for _ in chunk]
                    for name in names:
                        spec, top = heads[name]
                        for r, answer in enumerate(_best(top(hidden, attention, None), spec)):
                            readings[r][name] = answer
                for i, reading in zip(chunk, readings, strict=True):
                    self._posts.put(keys[i], reading)
                    found[keys[i]] = reading
        return [found[k] for k in keys]


def pooled_layer(specs: Sequence[HeadSpec], n_layers: int) -> int:
    """The base layer whose mean-pooled output the post heads read: one for all of them, since
    one vector per sentence is kept (checked when the heads load, before any work)."""
    wanted = {spec.input_layer(n_layers) for spec in specs if spec.reads == READS_SENTENCE_VECTORS}
    if len(wanted) > 1:
        raise ModelError(f"the post heads read different layers ({sorted(wanted)}); retrain them alike")
    return wanted.pop() if wanted else n_layers


def _best(logits: Any, spec: HeadSpec) -> list[Reading]:
    """Each row's most probable label and its probability (one place for every head)."""
    import torch

    probs = torch.softmax(logits, dim=-1)
    best = probs.argmax(dim=-1)
    return [Reading(spec.labels[int(k)], float(probs[row, int(k)])) for row, k in enumerate(best)]


def content_key(sentence: str) -> str:
    """The cache key of a sentence: its content hash."""
    return hashlib.sha256(sentence.encode("utf-8")).hexdigest()
