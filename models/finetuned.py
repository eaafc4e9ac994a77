"""A MiniLM sentence classifier whose top layers are fine-tuned: the shared model behind every head.

Why a head tunes only as many layers as it needs: freezing the embeddings and the lower layers
lets training run the frozen part once per sentence and cache it, and at run time every head
shares that frozen part. The claim head tunes the top three layers (SciTweets F1 0.799 against
0.774 for two and 0.752 for one; MODEL_CARD_claim.md); the strength head tunes all six,
because wording strength lives in function words ("may", "associated with") that only tuned
attention keeps apart (0.833 macro-F1 on the causal-language corpus against 0.756 for the top
layer alone and about 0.57 for a linear head on frozen embeddings; MODEL_CARD_strength.md).
A file holds only the tuned layers and the head (about 7 MB a layer in fp32); more than one
tuned layer is stored in fp16 to stay under the 25 MB a file the brief allows.

Why every head shares the same frozen bottom: one pass of the frozen layers per sentence then
serves every head that reads them, and only the tuned stacks run once per head. The heads that
tune nothing (post type, sentence attributes) read the layer the claim head's stack starts
from (``HeadSpec.reads_layer``), so a sentence costs six layer passes, the encoder's own count,
rather than the frozen six plus the claim head's three.

torch and transformers are imported inside functions: importing them costs seconds and most
commands never classify anything.
"""

from __future__ import annotations

import json
import os
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt

from bot.errors import ModelError
from models.encoder import default_model_path

Probabilities = npt.NDArray[np.float32]
MAX_TOKENS = 96  # sentences; the causal corpus's longest is 57 words
# A post-level head's input: its post's sentence vectors (the frozen base layer it reads,
# mean-pooled per sentence), one "token" per sentence, rather than the post's own tokens.
READS_SENTENCE_VECTORS = "sentence_vectors"
READS_TOKENS = "tokens"


@dataclass(frozen=True)
class HeadSpec:
    """What a saved head needs besides its tensors: its labels and where the tuned part starts."""

    name: str
    labels: tuple[str, ...]
    tuned_layers: int  # the top N transformer layers are tuned and saved with the head
    max_tokens: int = MAX_TOKENS  # sentences; whole posts get more
    features: tuple[str, ...] = ()  # surface cues (models.features) the head reads beside the tokens
    reads: str = READS_TOKENS  # or READS_SENTENCE_VECTORS: a post head over its sentences' vectors
    # The frozen base layer whose output an untuned head reads (None: the last). Every head
    # below the top reads a layer the claim head's stack starts from anyway, so it costs no
    # layer pass of its own (docs/DESIGN-NOTES.md).
    reads_layer: int | None = None

    def input_layer(self, n_layers: int) -> int:
        """How many frozen base layers run before this head: all but its tuned ones."""
        return input_layer(n_layers, self.tuned_layers, self.reads_layer)


def input_layer(n_layers: int, tuned_layers: int, reads_layer: int | None) -> int:
    """The depth of the frozen base a head reads: ``reads_layer`` for an untuned head that names
    one, otherwise the layer below its tuned ones; a head that tunes layers reads no other."""
    if reads_layer is None:
        return n_layers - tuned_layers
    if tuned_layers:
        raise ModelError(
            f"a head reads layer {reads_layer} of {n_layers} only when it tunes none "
            f"(it tunes {tuned_layers})"
        )
    if not 0 <= reads_layer <= n_layers:
        raise ModelError(f"a head reads layer {reads_layer}, but the encoder has layers 0 to {n_layers}")
    return reads_layer


def load_base(path: str | Path | None = None) -> tuple[Any, Any]:
    """Tokenizer and encoder from the installed MiniLM folder (or a configured one), offline only."""
    folder = Path(path) if path else default_model_path()
    if not folder.is_dir() or not (folder / "config.json").is_file():
        raise ModelError(f"encoder model folder not found or incomplete: {folder}")
    os.environ["HF_HUB_OFFLINE"] = "1"
    os.environ["TRANSFORMERS_OFFLINE"] = "1"
    try:
        from transformers import AutoModel, AutoTokenizer
        from transformers.utils import logging as hf_logging

        quiet: Any = hf_logging  # untyped module
        quiet.disable_progress_bar()
        quiet.set_verbosity_error()
        tokenizer = AutoTokenizer.from_pretrained(str(folder), local_files_only=True)
        model = AutoModel.from_pretrained(str(folder), local_files_only=True, attn_implementation="eager")
    except Exception as exc:
        first = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        raise ModelError(f"cannot load encoder from {folder}: {first}") from exc
    model.eval()
    return tokenizer, model


def additive_mask(attention: Any, dtype: Any) -> Any:
    """(n, 1, 1, tokens) mask that adds a large negative number at padding positions."""
    import torch

    mask = attention[:, None, None, :].to(dtype)
    return (1.0 - mask) * torch.finfo(dtype).min


def run_layers(layers: Sequence[Any], hidden: Any, attention: Any) -> Any:
    """Run BERT layers over hidden states with a 0/1 attention mask."""
    extended = additive_mask(attention, hidden.dtype)
    for layer in layers:
        out = layer(hidden, attention_mask=extended)
        hidden = out[0] if isinstance(out, tuple) else out
    return hidden


def mean_pool(hidden: Any, attention: Any) -> Any:
    mask = attention.unsqueeze(-1).to(hidden.dtype)
    return (hidden * mask).sum(dim=1) / mask.sum(dim=1).clamp(min=1e-9)


def build_top(base: Any, tuned_layers: int, n_labels: int, n_features: int = 0) -> Any:
    """Deep copies of the base's top ``tuned_layers`` layers (none: all frozen) and a fresh head.

    The head pools the tokens two ways, the mean and a learned attention over tokens, then a
    small MLP. Why attention pooling: strength and claim cues are a few function words
    ("may", "associated with", "?"), and a mean over every token blurs them. ``n_features``
    surface cues (``models.features``), when given, join the pooled vector before the MLP.
    """
    import copy

    import torch

    dim = base.config.hidden_size

    class Top(torch.nn.Module):
        def __init__(self) -> None:
            super().__init__()
            all_layers = base.encoder.layer
            self.layers = torch.nn.ModuleList(
                copy.deepcopy(all_layers[i]) for i in range(len(all_layers) - tuned_layers, len(all_layers))
            )
            self.score = torch.nn.Linear(dim, 1)
            self.n_features = n_features
            self.hidden = torch.nn.Linear(2 * dim + n_features, 256)
            self.dropout = torch.nn.Dropout(0.1)
            self.head = torch.nn.Linear(256, n_labels)
            # The cues also reach the logits directly (a wide-and-deep skip): one strong cue (the
            # question mark) need not fight through an MLP fed 768 encoder numbers for weight.
            self.cue = torch.nn.Linear(n_features, n_labels) if n_features else None

        def forward(self, hidden: Any, attention: Any, features: Any = None) -> Any:
            hidden = run_layers(list(self.layers), hidden, attention)
            weights = self.score(hidden).squeeze(-1).masked_fill(attention == 0, -1e4)
            attended = (torch.softmax(weights, dim=-1).unsqueeze(-1) * hidden).sum(dim=1)
            parts = [mean_pool(hidden, attention), attended]
            if self.n_features:
                if features is None:
                    raise ValueError(f"this head reads {self.n_features} cue features; none were given")
                parts.append(features.to(hidden.dtype))
            pooled = torch.cat(parts, dim=-1)
            inner = torch.nn.functional.gelu(self.hidden(self.dropout(pooled)))
            logits = self.head(self.dropout(inner))
            if self.cue is not None:
                logits = logits + self.cue(parts[-1])
            return logits

    return Top()


def bottom_states(
    tokenizer: Any, base: Any, texts: Sequence[str], frozen_layers: int, max_tokens: int = MAX_TOKENS
) -> tuple[Any, Any]:
    """Token ids through the embeddings and the frozen lower layers: (hidden, attention)."""
    import torch

    batch = tokenizer(list(texts), padding=True, truncation=True, max_length=max_tokens, return_tensors="pt")
    with torch.inference_mode():
        hidden = base.embeddings(input_ids=batch["input_ids"], token_type_ids=batch.get("token_type_ids"))
        hidden = run_layers(list(base.encoder.layer)[:frozen_layers], hidden, batch["attention_mask"])
    return hidden, batch["attention_mask"]


# Heads that tune more than this many layers are stored in fp16 (and computed in fp32): all six
# of MiniLM's layers are 43 MB in fp32, over the 25 MB a committed file may weigh.
FP32_STORED_LAYERS = 1


def save_head(folder: Path, spec: HeadSpec, top: Any, extra: dict[str, Any] | None = None) -> None:
    """Write ``<name>.safetensors`` (tuned layers + head) and ``<name>.json`` beside it."""
    import torch
    from safetensors.torch import save_file

    folder.mkdir(parents=True, exist_ok=True)
    half = spec.tuned_layers > FP32_STORED_LAYERS
    tensors = {
        k: (v.detach().to(torch.float16) if half and v.is_floating_point() else v.detach()).contiguous()
        for k, v in top.state_dict().items()
    }
    save_file(tensors, str(folder / f"{spec.name}.safetensors"))
    meta = {
        "name": spec.name,
        "labels": list(spec.labels),
        "tuned_layers": spec.tuned_layers,
        "max_tokens": spec.max_tokens,
        "features": list(spec.features),
        **({"reads_layer": spec.reads_layer} if spec.reads_layer is not None else {}),
        "stored_as": "float16" if half else "float32",
        **(extra or {}),
    }
    (folder / f"{spec.name}.json").write_text(json.dumps(meta, indent=2) + "\n", encoding="utf-8")


def load_head(folder: Path, name: str, base: Any) -> tuple[HeadSpec, Any]:
    """The saved head ``name`` rebuilt on ``base``; a missing or mismatched file is a ModelError."""
    from safetensors.torch import load_file

    meta_path, weights = folder / f"{name}.json", folder / f"{name}.safetensors"
    if not meta_path.is_file() or not weights.is_file():
        raise ModelError(f"model weights missing: {weights} (run `make train`)")
    try:
        meta = json.loads(meta_path.read_text(encoding="utf-8"))
        spec = HeadSpec(
            name,
            tuple(meta["labels"]),
            int(meta["tuned_layers"]),
            int(meta.get("max_tokens", MAX_TOKENS)),
            tuple(meta.get("features", ())),
            str(meta.get("reads", READS_TOKENS)),
            None if meta.get("reads_layer") is None else int(meta["reads_layer"]),
        )
        spec.input_layer(len(base.encoder.layer))  # a head that names an impossible layer fails here
        top = build_top(base, spec.tuned_layers, len(spec.labels), len(spec.features))
        # fp16-stored weights are copied into the fp32 layers (load_state_dict converts).
        top.load_state_dict(load_file(str(weights)))
    except Exception as exc:
        raise ModelError(f"cannot load model {weights}: {str(exc).splitlines()[0]}") from exc
    top.eval()
    return spec, top
