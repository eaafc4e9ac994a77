"""Claim sentences and their strength, read by the fine-tuned sentence heads.

Why a reader object: the heads are loaded once per process (``shared_heads``) and every
sentence of a post is classified in one batched call, so a post costs one encoder pass
whatever its length. Which decisions come from the models and which from the older cue rules
is fixed here, by measurement (``models/MODEL_CARD_*.md`` give the figures): the reader
takes the model's answer wherever the model scored at least as well on the dev posts.
Sentences quoted from someone else (a "> …" line, or lines after "… wrote:") are the other
person's words, answered by the post, so they are never the post's claims.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache
from typing import cast

from bot.errors import ModelError
from bot.evidence.claims import cue_strength, is_claim
from bot.evidence.sentences import quoted_ranges, sentence_spans
from bot.evidence.types import STRENGTHS, Claim, Strength
from models.heads import SentenceHeads


@lru_cache(maxsize=4)
def shared_heads(encoder_path: str | None = None, quantize: bool = False) -> SentenceHeads:
    """One loaded copy of the heads per process and setting; loading fails loudly, once."""
    heads = SentenceHeads(encoder_path, quantize=quantize)
    heads.load()
    return heads


class ClaimReader:
    """``detect(text)``: the claims of a post body in order, each with its exact span and strength."""

    def __init__(self, heads: SentenceHeads, claim_model: bool = True, strength_model: bool = True) -> None:
        self.heads = heads
        self.claim_model = claim_model
        self.strength_model = strength_model

    @staticmethod
    def spans(text: str) -> list[tuple[int, int]]:
        """The post's own sentences: every sentence outside a quotation of someone else."""
        quoted = quoted_ranges(text)
        return [(a, b) for a, b in sentence_spans(text) if not any(q0 <= a < q1 for q0, q1 in quoted)]

    def prefetch(self, bodies: Sequence[str]) -> None:
        """Classify the sentences of many posts in one length-sorted batched run; ``detect`` then
        finds them in the heads' cache and costs no model time."""
        self.heads.classify([body[a:b] for body in bodies for a, b in self.spans(body)])

    def detect(self, text: str) -> list[Claim]:
        spans = self.spans(text)
        sentences = [text[a:b] for a, b in spans]
        readings = self.heads.classify(sentences) if sentences else []
        claims: list[Claim] = []
        for (start, end), sentence, reading in zip(spans, sentences, readings, strict=True):
            found = reading["claim"].label == "claim" if self.claim_model else is_claim(sentence)
            if not found:
                continue
            strength = reading["strength"].label if self.strength_model else cue_strength(sentence)
            if strength not in STRENGTHS:
                raise ModelError(f"strength model gave an unknown label: {strength!r}")
            claims.append(Claim(text=sentence, span=(start, end), strength=cast(Strength, strength)))
        return claims
