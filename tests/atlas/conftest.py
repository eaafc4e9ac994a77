"""Golden files for the atlas parsers: each input in golden/ beside ``<input>.expected.json``.

Set ``DIGESTBOT_UPDATE_GOLDEN=1`` to rewrite the expected files after a deliberate change, then
read the diff before committing it.
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from bot.atlas.types import AtlasReadResult

GOLDEN = Path(__file__).parent / "golden"


def as_json(result: AtlasReadResult) -> dict[str, Any]:
    return {"cards": [c.to_dict() for c in result.cards], "errors": [str(e) for e in result.errors]}


@pytest.fixture
def golden_dir() -> Path:
    return GOLDEN


@pytest.fixture
def check_golden() -> Callable[[str, AtlasReadResult], None]:
    """Compare a parse result with ``golden/<name>.expected.json``."""

    def check(name: str, result: AtlasReadResult) -> None:
        expected_path = GOLDEN / f"{name}.expected.json"
        got = as_json(result)
        if os.environ.get("DIGESTBOT_UPDATE_GOLDEN"):
            expected_path.write_text(json.dumps(got, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
        expected = json.loads(expected_path.read_text(encoding="utf-8"))
        assert got == expected

    return check
