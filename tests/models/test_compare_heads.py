"""The lay-batch comparison reads each text once, with its gold strength or claim label."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from models.compare_heads import claim_rows, sentence_rows


def test_claim_rows_take_sentences_and_post_claims_once(tmp_path: Path) -> None:
    sentences = [
        {"text": "Pacing cuts crashes.", "is_claim": True, "strength": "direct_causal"},
        {"text": "Has anyone tried pacing?", "is_claim": False, "strength": None},
    ]
    post = {
        "gold": {
            "claims": [
                {"text": "Pacing cuts crashes.", "strength": "direct_causal"},
                {"text": "Crashes were rarer in the pacing arm.", "strength": "correlational"},
            ]
        }
    }
    (tmp_path / "sentences.jsonl").write_text("\n".join(json.dumps(s) for s in sentences), encoding="utf-8")
    (tmp_path / "posts.jsonl").write_text(json.dumps(post), encoding="utf-8")
    assert claim_rows(tmp_path) == [("Pacing cuts crashes.", 3), ("Crashes were rarer in the pacing arm.", 1)]


def test_sentence_rows_mark_post_sentences_holding_a_gold_claim(tmp_path: Path) -> None:
    sentences = [{"text": "Has anyone tried pacing?", "is_claim": False}]
    post = {
        "id": "x-1",
        "body": "Crashes were rarer in the pacing arm. I rested all week.",
        "gold": {"claims": [{"text": "Crashes were rarer in the pacing arm.", "strength": "correlational"}]},
    }
    (tmp_path / "sentences.jsonl").write_text(json.dumps(sentences[0]), encoding="utf-8")
    (tmp_path / "posts.jsonl").write_text(json.dumps(post), encoding="utf-8")
    assert sentence_rows(tmp_path) == [
        ("Has anyone tried pacing?", 0),
        ("Crashes were rarer in the pacing arm.", 1),
        ("I rested all week.", 0),
    ]


def test_a_missing_batch_or_model_is_one_line_naming_it(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from models.compare_heads import main

    with pytest.raises(SystemExit) as exit_info:
        main([str(tmp_path / "a"), str(tmp_path / "b"), "--head", "claim", "--batch", str(tmp_path)])
    assert exit_info.value.code == 2
    err = capsys.readouterr().err.strip().splitlines()[-1]
    assert str(tmp_path / "sentences.jsonl") in err
    assert str(tmp_path / "a" / "claim.safetensors") in err


def test_a_batch_of_sentences_only_gives_its_sentences(tmp_path: Path) -> None:
    """Batch 6 has no posts.jsonl: its sentences are the rows, not an error."""
    rows = [
        {"text": "My GP says rest cures ME.", "is_claim": True, "strength": "direct_causal"},
        {"text": "Oh sure, yoga fixes everything.", "is_claim": False, "strength": "none"},
    ]
    (tmp_path / "sentences.jsonl").write_text("\n".join(map(json.dumps, rows)), encoding="utf-8")
    assert sentence_rows(tmp_path) == [
        ("My GP says rest cures ME.", 1),
        ("Oh sure, yoga fixes everything.", 0),
    ]
    assert claim_rows(tmp_path) == [("My GP says rest cures ME.", 3)]
