"""Reading and (on request) rewriting the citation golden files.

Each case is ``NAME.txt`` (the input; for posts the first line is the title) beside
``NAME.json`` (what extraction and matching must give). Set ``DIGESTBOT_REGEN_GOLDEN=1`` to
rewrite the JSON from the current code, then read the diff before committing it.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

from bot.atlas.importer import read_atlas
from bot.evidence.analyze import Analyzer
from bot.evidence.match import is_unresolved
from bot.evidence.types import Citation, Match

GOLDEN = Path(__file__).parent / "golden"
SAMPLE_CARDS = Path(__file__).resolve().parents[2] / "bot" / "atlas" / "sample" / "cards.jsonl"
REGEN = os.environ.get("DIGESTBOT_REGEN_GOLDEN") == "1"


def sample_analyzer() -> Analyzer:
    """The golden files record extraction and matching before the encoder breaks any tie."""
    return Analyzer(read_atlas([SAMPLE_CARDS]).cards, semantic=False)


def citation_row(text: str, c: Citation) -> dict[str, Any]:
    return {"kind": c.kind, "value": c.value, "role": c.role, "text": text[c.span[0] : c.span[1]]}


def paper_row(m: Match) -> dict[str, Any]:
    if m.card_id:
        return {"atlas_id": m.card_id, "method": m.method}
    p = m.paper
    row = {
        k: v
        for k, v in (
            ("doi", p.doi),
            ("pmid", p.pmid),
            ("pmcid", p.pmcid),
            ("first_author", p.first_author),
            ("year", p.year),
        )
        if v
    }
    return {"uncovered": row, "method": m.method}


def reading(analyzer: Analyzer, title: str, body: str) -> dict[str, Any]:
    whole, _, found, matches = analyzer.papers(title, body)
    return {
        "citations": sorted((citation_row(whole, c) for c in found), key=lambda r: json.dumps(r)),
        "papers": sorted(
            (paper_row(m) for m in matches if not is_unresolved(m)), key=lambda r: json.dumps(r)
        ),
        "unresolved": sorted(
            (
                {"citation": m.citation.value, "candidates": sorted(m.ambiguous)}
                for m in matches
                if is_unresolved(m)
            ),
            key=lambda r: json.dumps(r),
        ),
    }


def check(expected_path: Path, actual: dict[str, Any]) -> dict[str, Any]:
    """The expected reading (rewritten first when regenerating)."""
    if REGEN:
        expected_path.write_text(json.dumps(actual, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    return dict(json.loads(expected_path.read_text(encoding="utf-8")))
