"""Every source kind behind one Protocol, built from its config section by a registry.

Why a registry keyed by ``kind``: config.yaml names sources, and a misconfigured one must be
reported on its own line while the others still run (``SourceNotConfigured``).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Protocol

from bot.errors import SourceNotConfigured
from sources.types import RawPost

if TYPE_CHECKING:
    from bot.config import Settings, SourceSettings


class CursorStore(Protocol):
    """Read-only view of a source's stored cursors; the collector returns new cursor values
    alongside the posts they cover so storage can commit both in one transaction."""

    def get(self, key: str) -> dict[str, Any] | None: ...


@dataclass(frozen=True, slots=True)
class Batch:
    """Posts plus the cursor update that covers them: committed together or not at all.

    ``deleted`` lists external ids the source reports as deleted or removed, to be purged.
    ``cursor_key`` scopes the cursor within the source (a subreddit, a feed URL, a thread).
    """

    posts: tuple[RawPost, ...]
    cursor_key: str
    cursor: dict[str, Any] | None
    deleted: tuple[str, ...] = ()
    warnings: tuple[str, ...] = ()


class Source(Protocol):
    """A configured source: yields batches until it has nothing new."""

    name: str

    def collect(self, cursors: CursorStore) -> Iterator[Batch]: ...

    def check(self) -> str:
        """Validate settings and reachability; return a one-line status, raise SourceError if bad."""
        ...


SourceFactory = Callable[["SourceSettings", "Settings"], Source]
_REGISTRY: dict[str, SourceFactory] = {}


def register(kind: str) -> Callable[[SourceFactory], SourceFactory]:
    """Class decorator / factory decorator mounting a source kind."""

    def deco(factory: SourceFactory) -> SourceFactory:
        _REGISTRY[kind] = factory
        return factory

    return deco


def build_source(cfg: SourceSettings, settings: Settings) -> Source:
    """Build one source from its config; SourceNotConfigured names what is wrong."""
    _load_builtin_kinds()
    factory = _REGISTRY.get(cfg.kind)
    if factory is None:
        raise SourceNotConfigured(cfg.name, f"no source module for kind {cfg.kind!r}")
    return factory(cfg, settings)


def _load_builtin_kinds() -> None:
    """Import the built-in source modules so their @register decorators run."""
    import importlib

    for module in ("sources.feeds", "sources.forums", "sources.reddit", "sources.articles", "sources.files"):
        try:
            importlib.import_module(module)
        except ModuleNotFoundError as exc:
            if exc.name != module:
                raise
