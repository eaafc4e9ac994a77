"""``digestbot analyze-file`` (what the scorer runs) and the ``analyse`` stage agree exactly.

Both build the same ``Analyzer`` from the same settings, with the real encoder and the
committed heads; this test runs both on the same posts and compares every claim (text,
strength, cites, overstated) and every flag (kind, reason, claim, card).
"""

from __future__ import annotations

import json
from pathlib import Path

from sqlalchemy import Engine, select

from bot.atlas.importer import read_atlas
from bot.cli import main
from bot.config import parse_settings
from bot.pipeline.analyse import analyse
from bot.pipeline.collect import collect
from storage.cards import upsert_cards
from storage.db import transaction
from storage.schema import ClaimRow, FlagRow, Post

ROOT = Path(__file__).resolve().parents[2]
CARDS = ROOT / "bot/atlas/sample/cards.jsonl"
POSTS = [
    {
        "id": "a1",
        "title": "Gut paper",
        "created_at": "2026-11-10T10:00:00Z",
        "body": "New paper, doi:10.1016/j.chom.2023.01.004. Patients had fewer butyrate producers than "
        "controls. Gut bacteria are the root of ME, full stop. Anyone tried butyrate?",
    },
    {
        "id": "a2",
        "title": "Rituximab",
        "created_at": "2026-11-10T11:00:00Z",
        "body": "The 2019 trial (doi 10.7326/M18-1451) found rituximab did not improve fatigue compared "
        "with placebo. Some people still say it cures ME. I had a bad week myself.",
    },
    {
        "id": "a3",
        "title": "Uncovered",
        "created_at": "2026-11-10T12:00:00Z",
        "body": "Low butyrate may drive the fatigue, see https://doi.org/10.1234/uncovered.5678 for more.",
    },
]


def test_analyze_file_and_the_analyse_stage_give_identical_claims_and_flags(
    engine: Engine, tmp_path: Path
) -> None:
    posts = tmp_path / "posts.jsonl"
    posts.write_text("\n".join(json.dumps(p) for p in POSTS) + "\n", encoding="utf-8")
    settings = parse_settings(
        {"offline": True, "sources": [{"name": "export", "kind": "file", "path": "posts.jsonl"}]},
        base_dir=tmp_path,
    )
    with transaction(engine) as session:
        upsert_cards(session, read_atlas([CARDS]).cards, "sample")
    collect(engine, settings)
    assert analyse(engine, settings).analysed == len(POSTS)
    stage: dict[str, tuple[list[tuple[object, ...]], list[tuple[object, ...]]]] = {}
    with transaction(engine) as session:
        for post in session.scalars(select(Post)):
            claims = session.scalars(select(ClaimRow).where(ClaimRow.post_id == post.id)).all()
            texts = {c.id: c.text for c in claims}
            flags = session.scalars(select(FlagRow).where(FlagRow.post_id == post.id)).all()
            stage[post.external_id] = (
                sorted((c.text, c.strength, tuple(c.cites), c.overstated) for c in claims),
                sorted(
                    (f.kind, f.reason, texts.get(f.claim_id) if f.claim_id else None, f.card_id)
                    for f in flags
                ),
            )

    out = tmp_path / "pred.jsonl"
    assert main(["analyze-file", str(posts), "--atlas", str(CARDS), "--output", str(out)]) == 0
    scored: dict[str, tuple[list[tuple[object, ...]], list[tuple[object, ...]]]] = {}
    for line in out.read_text(encoding="utf-8").splitlines():
        row = json.loads(line)
        scored[row["id"]] = (
            sorted((c["text"], c["strength"], tuple(c["cites"]), c["overstated"]) for c in row["claims"]),
            sorted((f["kind"], f["reason"], f["claim"], f["atlas_id"]) for f in row["flags"]),
        )
    assert scored == stage
    assert any(claims for claims, _ in scored.values())  # the comparison compared something
    assert any(flags for _, flags in scored.values())
