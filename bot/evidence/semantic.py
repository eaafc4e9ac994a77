"""Semantic similarity as the matcher's last resort: it only breaks ties.

Why lazy: loading torch and the encoder costs seconds and most posts never produce a tie, so
the encoder is loaded at the first tie, not when the analyzer is built. Why it may give up:
when the model cannot be loaded (a broken install, no model folder) the tie is reported as
ambiguous, exactly as without an encoder, and the run goes on.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from bot.atlas.types import AtlasCard
from bot.errors import ModelError


class SemanticTieBreaker:
    """Cosine similarity between a mention's sentence and each tied card's title and summary."""

    def __init__(
        self, cards: dict[str, AtlasCard], encoder_path: str | None = None, batch_size: int = 32
    ) -> None:
        self.cards = cards
        self.encoder_path = encoder_path
        self.batch_size = batch_size
        self._encoder: Any = None
        self.unavailable: str | None = None  # why the encoder could not be used, once known

    def _load(self) -> Any:
        if self._encoder is None and self.unavailable is None:
            try:
                from models.encoder import Encoder

                self._encoder = Encoder(self.encoder_path, batch_size=self.batch_size)
            except (ImportError, ModelError) as exc:
                self.unavailable = str(exc)
        return self._encoder

    def __call__(self, context: str, candidates: Sequence[str]) -> Sequence[float]:
        encoder = self._load()
        if encoder is None:
            return [0.0] * len(candidates)
        texts = [context] + [
            f"{self.cards[c].title}. {self.cards[c].quick_summary or ''}".strip() for c in candidates
        ]
        try:
            vectors = encoder.embed(texts)
        except ModelError as exc:
            self.unavailable = str(exc)
            self._encoder = None
            return [0.0] * len(candidates)
        return [float(vectors[0] @ vectors[i + 1]) for i in range(len(candidates))]
