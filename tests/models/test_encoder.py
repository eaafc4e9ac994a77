"""The real MiniLM encoder: unit vectors, sensible similarities, a working cache, clear errors."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from bot.errors import ModelError
from models.encoder import Encoder, default_model_path


@pytest.fixture(scope="module")
def encoder() -> Encoder:
    return Encoder(batch_size=2)


def test_default_path_is_the_installed_package_model() -> None:
    path = default_model_path()
    assert path.name == "model"
    assert (path / "config.json").is_file()


@pytest.mark.slow
def test_embeddings_have_unit_norm_and_shape(encoder: Encoder) -> None:
    texts = [
        "Low-dose naltrexone reduced pain in a small open trial.",
        "The parcel arrived two days late.",
        "Crash after exertion lasts for days.",
    ]
    vectors = encoder.embed(texts)
    assert vectors.shape == (3, encoder.dim)
    assert vectors.dtype == np.float32
    np.testing.assert_allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-5)


@pytest.mark.slow
def test_similar_sentences_score_higher_than_unrelated(encoder: Encoder) -> None:
    anchor = "Gut bacteria that make butyrate were depleted in patients."
    close = "Patients had fewer butyrate-producing gut microbes."
    far = "My neighbour repainted his fence blue over the weekend."
    assert encoder.similarity(anchor, close) > encoder.similarity(anchor, far) + 0.2


@pytest.mark.slow
def test_cache_hits_avoid_recomputation(encoder: Encoder) -> None:
    texts = ["Orthostatic intolerance is common in this illness.", "A second, different sentence here."]
    first = encoder.embed(texts)
    before = encoder.computed
    again = encoder.embed([texts[1], texts[0], texts[1]])
    assert encoder.computed == before
    np.testing.assert_array_equal(again[1], first[0])
    np.testing.assert_array_equal(again[0], first[1])
    encoder.embed(["A sentence the encoder has not seen yet."])
    assert encoder.computed == before + 1


@pytest.mark.slow
def test_batching_gives_the_same_vectors_as_one_by_one(encoder: Encoder) -> None:
    texts = ["short", "a much longer sentence that needs padding in the batch", "middling length text"]
    batched = Encoder(batch_size=3).embed(texts)
    single = np.stack([Encoder(batch_size=1).embed([t])[0] for t in texts])
    np.testing.assert_allclose(batched, single, atol=1e-5)


def test_bad_path_gives_one_line_model_error(tmp_path: Path) -> None:
    missing = tmp_path / "no-such-model"
    with pytest.raises(ModelError) as info:
        Encoder(missing).embed(["anything"])
    message = str(info.value)
    assert str(missing) in message
    assert "\n" not in message


def test_folder_without_weights_gives_model_error(tmp_path: Path) -> None:
    (tmp_path / "config.json").write_text('{"model_type": "bert"}', encoding="utf-8")
    with pytest.raises(ModelError, match=str(tmp_path)):
        Encoder(tmp_path).embed(["anything"])


def test_importing_the_module_does_not_import_torch() -> None:
    import subprocess
    import sys

    code = "import sys, models.encoder; print('torch' in sys.modules, 'transformers' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False False"
