"""Concurrent workers on one database (issue 7, finding 3): ``bench/soak.py`` run small.

Two ``analyse`` processes on PostgreSQL used to deadlock on shared ``papers`` rows and leave
their run marked running. Here real processes share a real database: two collectors and two
analysers at once, or one collect and then two analysers started together; afterwards there
must be no process error, no duplicate row, no post unanalysed or analysed twice, no run left
open and no wrong mention count.
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

import pytest

ROOT = Path(__file__).resolve().parents[2]


def _soak_module() -> ModuleType:
    spec = importlib.util.spec_from_file_location("bench_soak", ROOT / "bench" / "soak.py")
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up by name
    spec.loader.exec_module(module)
    return module


soak = _soak_module()


@pytest.mark.slow
@pytest.mark.parametrize(
    ("posts", "collect_first"),
    [pytest.param(300, True, id="analysers-together"), pytest.param(200, False, id="all-four-together")],
)
def test_workers_side_by_side(db_url: str, tmp_path: Path, posts: int, collect_first: bool) -> None:
    plan = soak.make_plan(posts, shared=0.2, sources=4)
    outcome, problems, _ = soak.soak(tmp_path, db_url, plan, collect_first=collect_first)
    assert outcome.errors == []
    assert problems == dict.fromkeys(problems, 0)
    assert set(problems) >= {
        "duplicate posts",
        "posts not analysed",
        "analyses beyond one per post",
        "runs not ok",
    }
