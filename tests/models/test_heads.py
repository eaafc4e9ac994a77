"""The committed fine-tuned heads, run on the real MiniLM encoder (no stub anywhere)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from bot.cli import main
from bot.errors import ModelError
from bot.evidence.claim_model import ClaimReader, shared_heads
from models.heads import HEADS, WEIGHTS, LruCache, SentenceHeads

pytestmark = pytest.mark.slow
ROOT = Path(__file__).resolve().parents[2]

# Written for these tests (not taken from any evaluation set): one clear sentence per wording.
STRENGTH_CASES = [
    ("Vitamin D levels were associated with fatigue severity in the cohort.", "correlational"),
    ("Patients had lower NK-cell activity than healthy controls.", "correlational"),
    ("Higher lactate went together with worse post-exertional malaise.", "correlational"),
    ("Low-dose naltrexone may reduce pain in some patients.", "conditional_causal"),
    ("Mitochondrial damage could explain the energy crash after exercise.", "conditional_causal"),
    ("Persistent virus might drive the immune activation.", "conditional_causal"),
    ("Pacing reduces the number of crashes.", "direct_causal"),
    ("The enterovirus causes the illness.", "direct_causal"),
    ("Graded exercise makes patients worse.", "direct_causal"),
    ("The study enrolled 120 adults from three clinics.", "none"),
    ("About one in four patients is housebound or bedbound.", "none"),
]
CLAIMS = [
    "Gut bacteria are the root of ME.",
    "Rituximab is a miracle for ME.",
    "Exercise makes ME sufferers deteriorate.",
    "B cells were not depleted in the placebo group.",
]
NOT_CLAIMS = [
    "Has anyone here tried low-dose naltrexone?",
    "Thanks everyone for the kind replies last week.",
    "Please sign the petition before Friday.",
    "I slept eleven hours and still woke up exhausted.",
]


@pytest.fixture(scope="module")
def heads() -> SentenceHeads:
    return shared_heads()


@pytest.fixture(scope="module")
def ungated() -> SentenceHeads:
    """Claim and strength without the analyzer's gate: strength for every sentence given."""
    return SentenceHeads()


def test_every_committed_weight_file_is_small_and_has_a_card() -> None:
    for name in (*HEADS, "post_type"):
        weights = WEIGHTS / f"{name}.safetensors"
        assert weights.stat().st_size <= 25 * 1024 * 1024
        meta = json.loads((WEIGHTS / f"{name}.json").read_text(encoding="utf-8"))
        assert meta["labels"]
        assert (ROOT / f"models/MODEL_CARD_{name}.md").is_file()


def test_strength_head_reads_the_wording(heads: SentenceHeads, ungated: SentenceHeads) -> None:
    readings = ungated.classify([s for s, _ in STRENGTH_CASES])
    got = [r["strength"].label for r in readings]
    right = sum(g == want for g, (_, want) in zip(got, STRENGTH_CASES, strict=True))
    assert right >= 9, list(zip(got, STRENGTH_CASES, strict=True))


# Missed by the one-layer claim head refit with lay batch 3; the three-layer head finds both:
# a cause put as "X are what cause Y" after a demonstrative.
@pytest.mark.parametrize(
    "sentence", ["These antibodies are what cause ME.", "The antibodies are what cause ME."]
)
def test_claim_head_reads_a_cause_put_as_are_what_cause(heads: SentenceHeads, sentence: str) -> None:
    assert heads.classify([sentence])[0]["claim"].label == "claim"


def test_claim_head_finds_reworded_claims_and_skips_chatter(heads: SentenceHeads) -> None:
    readings = heads.classify(CLAIMS + NOT_CLAIMS)
    got = [r["claim"].label == "claim" for r in readings]
    right = sum(
        g == want for g, want in zip(got, [True] * len(CLAIMS) + [False] * len(NOT_CLAIMS), strict=True)
    )
    assert right >= 7, got


def test_a_sentence_seen_before_costs_no_model_time(heads: SentenceHeads) -> None:
    heads.classify(["Butyrate producers were lower in patients."])
    before = heads.computed
    heads.classify(["Butyrate producers were lower in patients."] * 3)
    assert heads.computed == before


def test_int8_heads_agree_with_fp32_on_clear_sentences(ungated: SentenceHeads) -> None:
    int8 = SentenceHeads(quantize=True)
    texts = [s for s, _ in STRENGTH_CASES]
    same = sum(
        a["strength"].label == b["strength"].label
        for a, b in zip(ungated.classify(texts), int8.classify(texts), strict=True)
    )
    assert same >= len(texts) - 1


def test_claim_reader_keeps_exact_spans_and_skips_quotes(heads: SentenceHeads) -> None:
    text = "> Gut bacteria cause ME.\n\nNo. Rituximab did not improve fatigue over placebo. Anyone around?"
    claims = ClaimReader(heads).detect(text)
    assert [c.text for c in claims] == ["Rituximab did not improve fatigue over placebo."]
    assert all(text[c.span[0] : c.span[1]] == c.text for c in claims)


def test_missing_weights_are_one_clear_error(tmp_path: Path) -> None:
    with pytest.raises(ModelError, match="model weights missing"):
        SentenceHeads(weights=tmp_path).load()


def test_analyze_file_with_a_broken_encoder_path_fails_in_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    config = tmp_path / "config.yaml"
    config.write_text(f"models:\n  encoder_path: {tmp_path / 'nowhere'}\n", encoding="utf-8")
    posts = tmp_path / "posts.jsonl"
    posts.write_text(json.dumps({"id": "1", "body": "Gut bacteria cause ME."}) + "\n", encoding="utf-8")
    status = main(
        [
            "--config",
            str(config),
            "analyze-file",
            str(posts),
            "--atlas",
            str(ROOT / "bot/atlas/sample/cards.jsonl"),
            "--output",
            str(tmp_path / "out.jsonl"),
        ]
    )
    err = capsys.readouterr().err.strip()
    assert status == 2
    assert err.startswith("error: encoder model folder not found")
    assert len(err.splitlines()) == 1


def test_lru_cache_forgets_the_least_recently_used_entry() -> None:
    cache: LruCache[int] = LruCache(2)
    cache.put("a", 1)
    cache.put("b", 2)
    assert cache.get("a") == 1  # "a" is now the most recently used
    cache.put("c", 3)
    assert "b" not in cache
    assert cache.get("a") == 1
    assert cache.get("c") == 3
    assert len(cache) == 2
    with pytest.raises(ValueError, match="at least 1"):
        LruCache(0)


def test_a_tiny_cache_gives_the_same_readings_as_a_large_one() -> None:
    """Eviction mid-call must never lose what the call was asked for (sentences or posts)."""
    sentences = [s for s, _ in STRENGTH_CASES] + CLAIMS + NOT_CLAIMS
    posts = [sentences[i : i + 5] for i in range(0, len(sentences), 5)]
    roomy = SentenceHeads(heads=(*HEADS, "post_type"))
    tiny = SentenceHeads(heads=(*HEADS, "post_type"), cache_entries=3)
    expected = [{k: r.label for k, r in x.items()} for x in roomy.classify(sentences)]
    assert [{k: r.label for k, r in x.items()} for x in tiny.classify(sentences)] == expected
    assert len(tiny._cache) == 3
    assert [p["post_type"].label for p in tiny.classify_posts(posts)] == [
        p["post_type"].label for p in roomy.classify_posts(posts)
    ]


def test_a_gated_strength_head_reads_claims_only_and_reads_them_the_same() -> None:
    sentences = [s for s, _ in STRENGTH_CASES] + CLAIMS + NOT_CLAIMS
    plain = SentenceHeads().classify(sentences)
    gated = SentenceHeads(gates={"strength": ("claim", "claim")}).classify(sentences)
    for alone, read in zip(plain, gated, strict=True):
        assert read["claim"] == alone["claim"]
        if alone["claim"].label == "claim":
            assert read["strength"].label == alone["strength"].label
        else:
            assert "strength" not in read
    assert any("strength" not in r for r in gated)  # the gate did leave some sentence out


def test_a_gate_on_a_head_that_is_not_loaded_is_an_error() -> None:
    with pytest.raises(ModelError, match="cannot gate"):
        SentenceHeads(heads=("strength",), gates={"strength": ("claim", "claim")})


def test_every_head_reads_a_layer_the_claim_stack_starts_from() -> None:
    """Why it matters: a head reading a base layer above the claim stack's input would make every
    sentence run the top frozen layers as well (9 layer passes instead of 6; bench/classify.py)."""
    from bot.evidence.claim_model import EVERY_HEAD
    from models.finetuned import load_base, load_head

    _, base = load_base()
    n_layers = len(base.encoder.layer)
    specs = {name: load_head(WEIGHTS, name, base)[0] for name in EVERY_HEAD}
    claim_input = specs["claim"].input_layer(n_layers)
    for name, spec in specs.items():
        if name in ("claim", "strength"):
            continue
        assert spec.tuned_layers == 0, name
        assert spec.input_layer(n_layers) == claim_input, name


def test_a_run_of_every_head_skips_the_base_layers_no_head_reads() -> None:
    from bot.evidence.claim_model import CLAIM_GATE, EVERY_HEAD

    heads = SentenceHeads(heads=EVERY_HEAD, gates=CLAIM_GATE)
    heads.load()
    assert heads._loaded is not None
    base = heads._loaded[1]
    ran: list[int] = []
    layers = list(base.encoder.layer)
    hooks = [layer.register_forward_hook(lambda *_, i=i: ran.append(i)) for i, layer in enumerate(layers)]
    try:
        readings = heads.classify(CLAIMS + NOT_CLAIMS)
        heads.classify_posts([["A title", *CLAIMS]])
    finally:
        for hook in hooks:
            hook.remove()
    assert ran
    assert max(ran) < 3  # the claim stack's copies run instead of layers 3-5 of the base
    assert {"claim", "about", "negated", "question", "attributed"} <= set(readings[0])


def test_a_head_that_tunes_layers_cannot_also_name_the_layer_it_reads() -> None:
    from models.finetuned import HeadSpec

    assert HeadSpec("x", ("a", "b"), 0, reads_layer=3).input_layer(6) == 3
    assert HeadSpec("x", ("a", "b"), 2).input_layer(6) == 4
    with pytest.raises(ModelError, match="only when it tunes none"):
        HeadSpec("x", ("a", "b"), 2, reads_layer=3).input_layer(6)
    with pytest.raises(ModelError, match="reads layer 7, but the encoder has layers 0 to 6"):
        HeadSpec("x", ("a", "b"), 0, reads_layer=7).input_layer(6)


def test_post_heads_that_read_different_layers_are_one_clear_error(tmp_path: Path) -> None:
    import shutil

    for name in ("claim", "post_type"):
        for suffix in (".json", ".safetensors"):
            shutil.copy(WEIGHTS / f"{name}{suffix}", tmp_path / f"{name}{suffix}")
    shutil.copy(WEIGHTS / "post_type.safetensors", tmp_path / "other_type.safetensors")
    meta = json.loads((WEIGHTS / "post_type.json").read_text(encoding="utf-8"))
    meta["name"], meta["reads_layer"] = "other_type", 1
    (tmp_path / "other_type.json").write_text(json.dumps(meta), encoding="utf-8")
    heads = SentenceHeads(weights=tmp_path, heads=("claim", "post_type", "other_type"))
    with pytest.raises(ModelError, match="post heads read different layers"):
        heads.classify_posts([["A title", "Rituximab is a miracle for ME."]])
