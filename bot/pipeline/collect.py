"""The collect stage: every configured source, each failure contained and reported."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import timedelta
from functools import partial
from typing import Any

from sqlalchemy import Engine

from bot import clock
from bot.config import Settings, SourceSettings
from bot.errors import DigestBotError, SourceError, SourceNotConfigured
from bot.keys import author_key
from bot.pipeline.runs import stage_run
from bot.redact import redact_text, redact_url
from sources import privacy
from sources.base import Batch, build_source
from sources.types import SourceReport
from storage.cursors import get_cursor
from storage.db import run_transaction, transaction
from storage.posts import BatchResult, store_batch
from storage.sources import is_backing_off, last_error, record_failure, record_success

ProgressFn = Callable[[str, int], None]


class EngineCursorStore:
    """Cursor reads for a source, each in its own short transaction, so a long collect never
    holds a database transaction open while it waits on the network."""

    def __init__(self, engine: Engine, source: str) -> None:
        self._engine = engine
        self._source = source

    def get(self, key: str) -> dict[str, Any] | None:
        with transaction(self._engine) as session:
            return get_cursor(session, self._source, redact_url(key))


@dataclass
class _Tally:
    new: int = 0
    updated: int = 0
    unchanged: int = 0
    deleted: int = 0
    warnings: list[str] = field(default_factory=list)

    def add(self, batch: Batch, result: BatchResult) -> None:
        self.new += result.new
        self.updated += result.updated
        self.unchanged += result.unchanged
        self.deleted += result.deleted
        self.warnings.extend(redact_text(w) for w in batch.warnings)
        self.warnings.extend(redact_text(r) for r in result.rejected)


def _selected(settings: Settings, only: str | None) -> list[SourceSettings]:
    if only is None:
        return [s for s in settings.sources if s.enabled]
    chosen = [s for s in settings.sources if s.name == only]
    if not chosen:
        names = ", ".join(s.name for s in settings.sources) or "none configured"
        raise SourceError(only, f"no such source in the config (sources: {names})")
    return chosen


def _fail(engine: Engine, cfg: SourceSettings, message: str, tally: _Tally, *, backoff: bool) -> SourceReport:
    """Record a failure (with backoff for faults that may pass; none for a configuration error,
    which only the operator can fix and should be re-checked as soon as they have) and report it."""
    with transaction(engine) as session:
        record_failure(
            session, cfg.name, cfg.kind, message, clock.now(), **({} if backoff else {"base": timedelta(0)})
        )
    return SourceReport(
        cfg.name, tally.new, tally.updated, tally.unchanged, tally.deleted, 1, (*tally.warnings, message)
    )


def collect_source(
    engine: Engine,
    settings: Settings,
    cfg: SourceSettings,
    *,
    force: bool = False,
    progress: ProgressFn | None = None,
) -> SourceReport:
    """Collect one source. Never raises for the source's own faults: they go in the report,
    and the source backs off (it is never silently switched off).

    The source is built (its settings checked) before its backoff is looked at, so a
    misconfigured source names its problem on every run, and a fixed one runs at once. A source
    still backing off counts as failed and repeats the error it is backing off from.
    """
    # Before the try: an unreadable key file is the install's fault, not the source's.
    privacy.use_author_key(author_key(settings))
    tally = _Tally()
    try:
        source = build_source(cfg, settings)
    except Exception as exc:  # a misconfigured source never stops the others
        return _fail(engine, cfg, _message(cfg, exc), tally, backoff=False)
    now = clock.now()
    with transaction(engine) as session:
        until = is_backing_off(session, cfg.name, now)
        last = last_error(session, cfg.name) if until is not None else None
    if until is not None and not force:
        why = f"backing off after failures until {until:%Y-%m-%d %H:%M} UTC"
        return SourceReport(cfg.name, failed=1, errors=(f"{why}; last error: {last}" if last else why,))
    try:
        for batch in source.collect(EngineCursorStore(engine, cfg.name)):
            # Cursor keys are source URLs: stored with any secret in them masked.
            stored = replace(batch, cursor_key=redact_url(batch.cursor_key))
            result = run_transaction(
                engine,
                partial(store_batch, batch=stored, source=cfg.name),
                what=f"{cfg.name}: storing {len(batch.posts)} posts",
            )
            tally.add(batch, result)
            if progress is not None:
                progress(cfg.name, len(batch.posts))
    except Exception as exc:  # one failing source never stops the others
        return _fail(engine, cfg, _message(cfg, exc), tally, backoff=not isinstance(exc, SourceNotConfigured))
    with transaction(engine) as session:
        record_success(session, cfg.name, cfg.kind)
    return SourceReport(
        cfg.name, tally.new, tally.updated, tally.unchanged, tally.deleted, 0, tuple(tally.warnings)
    )


def _message(cfg: SourceSettings, exc: Exception) -> str:
    """One line naming the source; secrets in URLs masked (it is printed and stored)."""
    if isinstance(exc, DigestBotError):
        return redact_text(str(exc))
    return redact_text(f"{cfg.name}: {type(exc).__name__}: {exc}")


def collect(
    engine: Engine,
    settings: Settings,
    *,
    only: str | None = None,
    force: bool = False,
    progress: ProgressFn | None = None,
) -> list[SourceReport]:
    """Collect every enabled source (or just ``only``) and record the run with its report."""
    chosen = _selected(settings, only)
    with stage_run(engine, "collect") as run:
        reports: list[SourceReport] = []
        for cfg in chosen:
            reports.append(
                collect_source(engine, settings, cfg, force=force or only is not None, progress=progress)
            )
            run.report = {"sources": [_as_dict(r) for r in reports]}
        failed = [r.source for r in reports if r.failed]
        run.status = "partial" if failed else "ok"
        run.report = {"sources": [_as_dict(r) for r in reports], "failed": failed}
    return reports


def _as_dict(report: SourceReport) -> dict[str, Any]:
    return {
        "source": report.source,
        "new": report.new,
        "updated": report.updated,
        "unchanged": report.unchanged,
        "deleted": report.deleted,
        "failed": report.failed,
        "errors": list(report.errors),
    }


__all__ = ["EngineCursorStore", "collect", "collect_source"]
