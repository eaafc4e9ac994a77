"""Claim sentences, their strength and the post's type, read by the fine-tuned heads.

Why reader objects: the heads are loaded once per process (``shared_heads``) and every
sentence of a post, its title included, is classified in one batched call, so a post costs one
encoder pass over its sentences whatever its length: the post type is read from the sentence
vectors that pass computes (``PostTypeReader``), not from a second pass over the post. A
head that cannot load stops the analyzer when it is built, with one line naming the file
(``ModelError``); there is no fallback to anything weaker.

Why the models and not the phrase rules they replaced: measured on the 400 lay posts of
``models/data`` (written blind; neither the rules nor any cue ever saw them) by 5-fold
cross-validation over posts (``python -m models.lay_cv --folds 5``, 2026-12-01, scored by
``../shared/eval/score.py --bootstrap 1000``; ``models/LAY_CV.md``): claim F1 rules 0.741
(95% 0.702-0.774), heads 0.852 (0.825-0.876); strength macro-F1 on the claims each finds,
rules 0.824 (0.775-0.869), heads 0.832 (0.797-0.862); post-type macro-F1 rules 0.601
(0.550-0.648), head 0.757 (0.711-0.795) when it read the whole post, 0.894 (0.860-0.922) since
it pools the sentence vectors. Paired differences (heads minus rules): claims +0.112
(+0.078 to +0.145), strength on the rules' own claims +0.017 (-0.031 to +0.061), post type
+0.155 (+0.095 to +0.215); overstated F1 moved 0.500 -> 0.480 (-0.124 to +0.074). The
project's earlier choice of the rules rested on the dev posts, which the rules were written
against, so those figures flattered them. The rules were then deleted (issue 9 item 4).

Sentences quoted from someone else (a "> …" line, or lines after "… wrote:") are the other
person's words, answered by the post, so they are never the post's claims.

Every claim also carries its ``SentenceAttributes`` (what it is about, attributed, negated, a
question), which the overstatement policy reads instead of cue patterns. They come from the
sentence-attribute heads (``models/MODEL_CARD_attributes.md``) where a head scores at least as
well as the cue pattern it replaces, by cross-validation on the lay sentences
(``python -m models.compare_attributes``); only claim sentences are read, in one batched run.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from functools import lru_cache

from bot.errors import ModelError
from bot.evidence.sentences import quoted_ranges, sentence_spans
from bot.evidence.types import ABOUTS, POST_TYPES, STRENGTHS, Claim, PostType, SentenceAttributes
from models.features import QUESTION_END
from models.heads import ATTRIBUTE_HEADS, HEADS, SentenceHeads

# Measured 2026-12-01 on the lay sentences (5-fold CV over blocks of sentences; F1 of the
# positive class, head vs cue pattern): treatment 0.857 vs 0.749, attributed 0.596 vs 0.560,
# negated 0.769 vs 0.510, question 0.953 vs 0.994. The question mark at the end beats the
# question head, so it still decides that one.
QUESTION_FROM_MODEL = False


@lru_cache(maxsize=4)
def shared_attribute_heads(encoder_path: str | None = None, quantize: bool = False) -> SentenceHeads:
    """The sentence-attribute heads, loaded once per process and setting."""
    heads = SentenceHeads(encoder_path, heads=ATTRIBUTE_HEADS, quantize=quantize)
    heads.load()
    return heads


# Every head the analyzer runs, in one SentenceHeads: one pass over a post's sentences serves them all.
EVERY_HEAD = (*HEADS, *ATTRIBUTE_HEADS, "post_type")
# Strength is read for claims only (the claim head's "claim"): see SentenceHeads.
CLAIM_GATE = {"strength": ("claim", "claim")}


@lru_cache(maxsize=4)
def shared_heads(encoder_path: str | None = None, quantize: bool = False) -> SentenceHeads:
    """One loaded copy of every head per process and setting; loading fails loudly, once."""
    heads = SentenceHeads(encoder_path, heads=EVERY_HEAD, quantize=quantize, gates=CLAIM_GATE)
    heads.load()
    return heads


class ClaimReader:
    """``detect(text)``: the claims of a post body in order, each with its exact span and strength."""

    def __init__(self, heads: SentenceHeads, attributes: SentenceHeads | None = None) -> None:
        """``attributes``: the sentence-attribute heads (default: ``heads`` when it holds them,
        else the committed ones, loaded once per process)."""
        self.heads = heads
        if attributes is None:
            holds = set(ATTRIBUTE_HEADS) <= set(heads.head_names)
            attributes = heads if holds else shared_attribute_heads()
        self.attribute_heads = attributes

    @classmethod
    def default(cls, encoder_path: str | None = None) -> ClaimReader:
        """The reader the analyzer uses: the committed heads, loaded now (a failure is one line)."""
        return cls(shared_heads(encoder_path))

    @staticmethod
    def spans(text: str) -> list[tuple[int, int]]:
        """The post's own sentences: every sentence outside a quotation of someone else."""
        quoted = quoted_ranges(text)
        return [(a, b) for a, b in sentence_spans(text) if not any(q0 <= a < q1 for q0, q1 in quoted)]

    def prefetch(self, bodies: Sequence[str]) -> None:
        """Classify the sentences of many posts in one length-sorted batched run; ``detect`` then
        finds them in the heads' cache and costs no model time."""
        sentences = [body[a:b] for body in bodies for a, b in self.spans(body)]
        readings = self.heads.classify(sentences)
        self.attribute_heads.classify(
            [s for s, r in zip(sentences, readings, strict=True) if r["claim"].label == "claim"]
        )

    def detect(self, text: str) -> list[Claim]:
        spans = self.spans(text)
        sentences = [text[a:b] for a, b in spans]
        readings = self.heads.classify(sentences) if sentences else []
        claims: list[Claim] = []
        for (start, end), sentence, reading in zip(spans, sentences, readings, strict=True):
            if reading["claim"].label != "claim":
                continue
            strength = reading["strength"].label
            if strength not in STRENGTHS:
                raise ModelError(f"strength model gave an unknown label: {strength!r}")
            claims.append(Claim(text=sentence, span=(start, end), strength=strength))
        read = self.attributes([c.text for c in claims])
        return [replace(c, attributes=a) for c, a in zip(claims, read, strict=True)]

    def attributes(self, sentences: Sequence[str]) -> list[SentenceAttributes]:
        """Each sentence's attributes, from the heads (or, for questions, the question mark: see
        ``QUESTION_FROM_MODEL``); one batched run, cached by sentence."""
        if not sentences:
            return []
        out: list[SentenceAttributes] = []
        for sentence, reading in zip(sentences, self.attribute_heads.classify(sentences), strict=True):
            about = reading["about"].label
            if about not in ABOUTS:
                raise ModelError(f"about model gave an unknown label: {about!r}")
            question = (
                reading["question"].label == "question"
                if QUESTION_FROM_MODEL
                else bool(QUESTION_END.search(sentence))
            )
            out.append(
                SentenceAttributes(
                    about=about,
                    attributed=reading["attributed"].label == "attributed",
                    negated=reading["negated"].label == "negated",
                    question=question,
                )
            )
        return out


def post_sentences(title: str, body: str) -> list[str]:
    """What the post-type head reads: the title as one sentence, then the body's own sentences
    (``ClaimReader.spans``), the very texts the sentence pass classifies, so typing a post costs
    no encoder time of its own."""
    own = [body[a:b] for a, b in ClaimReader.spans(body)]
    return [title, *own] if title.strip() else own


def post_text(title: str, body: str) -> str:
    """A post as one text (title, blank line, body): what the topic head reads."""
    return f"{title}\n\n{body}" if title else body


class PostTypeReader:
    """``classify(title, body)``: the post's purpose, one of the seven post types."""

    def __init__(self, heads: SentenceHeads) -> None:
        """``heads`` must hold the post-type head; share the ``ClaimReader``'s so that both read
        one cached pass over the post's sentences."""
        self.heads = heads

    @classmethod
    def default(cls, encoder_path: str | None = None) -> PostTypeReader:
        """The reader the analyzer uses: the committed heads (the claim reader's), loaded now."""
        return cls(shared_heads(encoder_path))

    def prefetch(self, posts: Sequence[tuple[str, str]]) -> None:
        """Type many (title, body) posts in one batched run; ``classify`` then reads the cache."""
        self.heads.classify_posts([post_sentences(title, body) for title, body in posts])

    def classify(self, title: str, body: str) -> PostType:
        label = self.heads.classify_posts([post_sentences(title, body)])[0]["post_type"].label
        if label not in POST_TYPES:
            raise ModelError(f"post-type model gave an unknown label: {label!r}")
        return label
