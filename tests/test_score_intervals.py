"""``tools/score_intervals.py``: an interval beside every figure, from the shared scorer's own scoring."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_every_figure_gets_an_interval_that_moves_when_posts_disagree(
    shared_dir: Path, tmp_path: Path
) -> None:
    gold = [
        {"id": str(i), "gold": {"papers": [{"atlas_id": None, "doi": f"10.5555/x.{i}"}], "claims": []}}
        for i in range(12)
    ]
    # Half the posts get their paper right, half a wrong one: precision and recall are 0.5.
    preds = [
        {"id": str(i), "papers": [{"atlas_id": None, "doi": f"10.5555/{'x' if i % 2 else 'y'}.{i}"}]}
        for i in range(12)
    ]
    (tmp_path / "gold.jsonl").write_text("\n".join(json.dumps(g) for g in gold) + "\n")
    (tmp_path / "pred.jsonl").write_text("\n".join(json.dumps(p) for p in preds) + "\n")
    out = subprocess.run(
        [
            sys.executable,
            str(ROOT / "tools" / "score_intervals.py"),
            str(tmp_path / "gold.jsonl"),
            str(tmp_path / "pred.jsonl"),
            "--bootstrap",
            "200",
            "--scorer",
            str(shared_dir / "eval" / "score.py"),
        ],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    papers = next(line for line in out.splitlines() if line.strip().startswith("papers:"))
    assert "precision=0.500 [" in papers
    low, high = papers.split("precision=0.500 [", 1)[1].split("]", 1)[0].split(", ")
    assert float(low) < 0.5 < float(high)
    assert "uncovered_recall=0.500 [" in papers
