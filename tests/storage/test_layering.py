"""Storage imports no application code (issue 7, finding 12; the design's one-way flow).

Every module under storage/ is read as source and each import checked, type-only imports
included: storage may use the standard library, its own modules and third-party packages,
never ``bot``, ``sources`` or ``models``.
"""

from __future__ import annotations

import ast
from pathlib import Path
from typing import get_args

from sources.base import Batch
from sources.types import PostKind, RawPost
from storage.types import POST_KINDS, IncomingBatch, IncomingPost

ROOT = Path(__file__).resolve().parents[2]
APPLICATION = ("bot", "sources", "models")
# Every storage module is held to the rule: no exceptions.
NOT_YET: set[tuple[str, str]] = set()


def _imports(path: Path) -> set[str]:
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            found.add(node.module)
    return found


def test_storage_imports_no_application_code() -> None:
    offences = sorted(
        (str(path.relative_to(ROOT)), name)
        for path in (ROOT / "storage").rglob("*.py")
        for name in _imports(path)
        if name.split(".")[0] in APPLICATION
    )
    assert [o for o in offences if o not in NOT_YET] == []
    assert len(list((ROOT / "storage").rglob("*.py"))) > 10  # the walk found the package


def test_the_collectors_records_are_what_storage_reads() -> None:
    assert set(POST_KINDS) == set(get_args(PostKind))
    from datetime import UTC, datetime

    post: IncomingPost = RawPost("s", "1", "post", None, None, "text", None, datetime.now(UTC))
    batch: IncomingBatch = Batch(
        posts=(RawPost("s", "2", "post", None, None, "t", None, datetime.now(UTC)),),
        cursor_key="k",
        cursor=None,
    )
    assert post.content_hash
    assert batch.posts[0].external_id == "2"


def test_old_names_still_import() -> None:
    from bot import clock
    from bot.atlas.types import AtlasCard
    from bot.errors import DigestBotError, InputError, StorageError
    from bot.evidence.types import STRENGTHS, Citation, PostAnalysis
    from storage import clock as storage_clock
    from storage import errors, types

    assert (AtlasCard, Citation, PostAnalysis, STRENGTHS) == (
        types.AtlasCard,
        types.Citation,
        types.PostAnalysis,
        types.STRENGTHS,
    )
    assert issubclass(StorageError, DigestBotError)
    assert (StorageError, InputError) == (errors.StorageError, errors.InputError)
    assert clock.now is storage_clock.now
