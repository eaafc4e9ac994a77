"""Collectors return data and never touch storage (the design's one-way flow; issue 7, finding 12).

Checked on the source text of every module in ``sources/``, imports inside functions included,
so a collector cannot quietly start reading or writing the database again.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

SOURCES = Path(__file__).resolve().parents[2] / "sources"
FORBIDDEN = ("storage", "sqlalchemy", "bot.pipeline", "alembic")


def _imports(path: Path) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    found: list[str] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found += [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.append(node.module)
    return found


@pytest.mark.parametrize("module", sorted(p.name for p in SOURCES.glob("*.py")))
def test_collector_modules_import_no_storage(module: str) -> None:
    bad = [m for m in _imports(SOURCES / module) if m.split(".")[0] in FORBIDDEN or m.startswith(FORBIDDEN)]
    assert bad == [], f"sources/{module} imports {bad}: collectors return data, bot/pipeline/ stores it"


def test_the_check_sees_imports() -> None:
    assert "sources.http" in _imports(SOURCES / "articles.py")
