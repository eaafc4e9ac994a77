"""The linker on the citedev development set: paper precision and recall must not fall.

Why a floor on a development set: its posts vary the citation forms on purpose, and the
linker's general mechanisms were built while reading its errors (see citedev/README.md), so a
later change that loses what they gained should fail here. It is not an evaluation figure.
Scored with the shared scorer's own paper matching, on the papers ``analyze-file`` writes.
"""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path
from types import ModuleType

import pytest

from bot.atlas.importer import read_atlas
from bot.commands.analyze import paper_json
from bot.evidence.analyze import Analyzer
from bot.evidence.match import is_unresolved

CITEDEV = Path(__file__).parent / "citedev" / "posts.jsonl"
# citedev3: lay voices naming papers without identifiers (see citedev3/README.md).
CITEDEV3 = Path(__file__).parent / "citedev3" / "posts.jsonl"
SAMPLE_CARDS = Path(__file__).resolve().parents[2] / "bot" / "atlas" / "sample" / "cards.jsonl"
# Reached when each set's floor was written (paper figures: precision, recall, covered and
# uncovered recall): a later change may raise them.
FLOORS = {
    CITEDEV: (0.99, 0.98, 0.99, 0.96),
    CITEDEV3: (0.98, 0.89, 0.97, 0.79),
}


def _scorer(shared_dir: Path) -> ModuleType:
    spec = importlib.util.spec_from_file_location("shared_score", shared_dir / "eval" / "score.py")
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.mark.parametrize("path", list(FLOORS), ids=lambda p: p.parent.name)
def test_citedev_paper_precision_and_recall_hold(shared_dir: Path, path: Path) -> None:
    score = _scorer(shared_dir)
    analyzer = Analyzer(read_atlas([SAMPLE_CARDS]).cards)  # analyze-file's own settings
    gold = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    preds = []
    for post in gold:
        url = post.get("url") or ""
        *_, matches = analyzer.papers(post["title"], post["body"], links=(url,) if url else ())
        papers = [paper_json(m) for m in matches if not is_unresolved(m)]
        preds.append({"id": post["id"], "papers": papers, "claims": [], "post_type": None})
    figures = score.score(gold, preds)["papers"]
    precision, recall, covered, uncovered = FLOORS[path]
    assert figures["precision"] >= precision, figures
    assert figures["recall"] >= recall, figures
    assert figures["covered_recall"] >= covered, figures
    assert figures["uncovered_recall"] >= uncovered, figures


@pytest.mark.parametrize("path", list(FLOORS), ids=lambda p: p.parent.name)
@pytest.mark.parametrize("field", ["id", "title", "body", "gold"])
def test_citedev_posts_are_complete(field: str, path: Path) -> None:
    for line in path.read_text(encoding="utf-8").splitlines():
        assert field in json.loads(line)
