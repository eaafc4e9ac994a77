"""``tools/paper_figures.py``: the linker's paper figures per set, scored by the shared scorer."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_found_missed_and_false_papers_are_counted_per_set_and_per_post(
    shared_dir: Path, tmp_path: Path
) -> None:
    butyrate = {
        "atlas_id": "guo-2023-deficient-butyrate",
        "doi": "10.1016/j.chom.2023.01.004",
        "pmid": "36758522",
    }
    posts = [
        # Found: the DOI is in the text.
        {
            "id": "a",
            "title": "",
            "body": "Read doi:10.1016/j.chom.2023.01.004 today.",
            "gold": {"papers": [butyrate]},
        },
        # Missed: the gold names a paper the text never cites.
        {"id": "b", "title": "", "body": "Nothing cited here at all.", "gold": {"papers": [butyrate]}},
        # False: the text cites a paper the gold leaves out.
        {"id": "c", "title": "", "body": "See PMID 36758522 for details.", "gold": {"papers": []}},
    ]
    (tmp_path / "posts.jsonl").write_text("\n".join(json.dumps(p) for p in posts) + "\n")
    out = subprocess.run(
        [
            sys.executable,
            str(ROOT / "tools" / "paper_figures.py"),
            str(tmp_path / "posts.jsonl"),
            "--atlas",
            str(ROOT / "bot" / "atlas" / "sample" / "cards.jsonl"),
            "--per-post",
            str(tmp_path / "per_post.json"),
        ],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert "precision 0.500 recall 0.500 (found 1, missed 1, false 1)" in out
    per_post = json.loads((tmp_path / "per_post.json").read_text())
    assert per_post[str(tmp_path / "posts.jsonl")] == {"a": [1, 0, 0], "b": [0, 1, 0], "c": [0, 0, 1]}
