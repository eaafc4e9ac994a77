"""The staff queues between the web app and storage: moderators' verdicts, editors' marks, and
the audit log that records both.

Why here and not in the web handlers: only the pipeline touches storage, and each verdict must
be written with its audit entry in one transaction, whichever door (web form, bulk action,
keyboard shortcut) it came through.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from time import monotonic
from typing import Literal

from sqlalchemy import Engine
from sqlalchemy.orm import Session

from bot import clock
from bot.config import Settings
from bot.digest.build import week_window
from bot.errors import InputError
from bot.pipeline.audit import AuditReport, audit_atlas
from storage import audit
from storage.analysis import UncoveredPaper, count_uncovered, set_flag_status, uncovered_papers
from storage.db import transaction
from storage.review import (
    ExamplePost,
    FlagFilters,
    FlagRecord,
    flag_facets,
    flag_queue,
    flag_states,
    paper_examples,
    set_paper_mark,
)

FlagAction = Literal["confirm", "dismiss", "reopen", "note"]
FLAG_ACTIONS: tuple[FlagAction, ...] = ("confirm", "dismiss", "reopen", "note")
_STATUS_AFTER = {"confirm": "confirmed", "dismiss": "dismissed", "reopen": "open"}
NOTE_LIMIT = 1000


@dataclass(frozen=True, slots=True)
class FlagPage:
    flags: list[FlagRecord]
    total: int
    facets: dict[str, list[str]]
    weeks: list[date]


def recent_weeks(settings: Settings, count: int = 12) -> list[date]:
    """The starts of the last ``count`` digest weeks, newest first, for the week filter."""
    start, _ = week_window(clock.now(), settings.zone, settings.schedule.publish.day_of_week)
    first = start + timedelta(days=7)  # the week in progress comes first
    return [(first - timedelta(days=7 * i)).date() for i in range(count)]


def week_bounds(settings: Settings, week_start: date) -> tuple[datetime, datetime]:
    start = datetime.combine(week_start, time(0), tzinfo=settings.zone)
    return start, start + timedelta(days=7)


# The filters' choices change only when analysis adds a new source or topic: reading them
# once a minute keeps four DISTINCT scans off every page view.
FACETS_TTL = 60.0
_facets: dict[str, tuple[float, dict[str, list[str]]]] = {}


def _cached_facets(engine: Engine, session: Session) -> dict[str, list[str]]:
    key = engine.url.render_as_string(hide_password=True)
    hit = _facets.get(key)
    if hit is not None and monotonic() - hit[0] < FACETS_TTL:
        return hit[1]
    facets = flag_facets(session)
    _facets[key] = (monotonic(), facets)
    return facets


def flags_page(
    engine: Engine, settings: Settings, filters: FlagFilters, *, limit: int, offset: int
) -> FlagPage:
    with transaction(engine) as session:
        flags, total = flag_queue(session, filters, limit=limit, offset=offset)
        facets = _cached_facets(engine, session)
    return FlagPage(flags, total, facets, recent_weeks(settings))


def _clean_note(note: str | None) -> str | None:
    if note is None:
        return None
    text = note.strip()
    if len(text) > NOTE_LIMIT:
        raise InputError(f"note: keep it under {NOTE_LIMIT} characters")
    return text


def review_flags(
    engine: Engine, flag_ids: Sequence[int], action: str, *, note: str | None, actor: str
) -> int:
    """Apply one moderator action to each flag; returns how many changed.

    ``note`` None keeps each flag's note; an empty note clears it. Every change is audited
    with the flag's status and note before and after.
    """
    if action not in FLAG_ACTIONS:
        raise InputError(f"action {action!r}: use one of {', '.join(FLAG_ACTIONS)}")
    cleaned = _clean_note(note)
    now = clock.now()
    changed = 0
    with transaction(engine) as session:
        before = flag_states(session, flag_ids)
        missing = [fid for fid in flag_ids if fid not in before]
        if missing:
            raise InputError(f"flag {missing[0]} does not exist")
        for fid in dict.fromkeys(flag_ids):
            status = _STATUS_AFTER.get(action, before[fid]["status"])
            row = set_flag_status(session, fid, status, cleaned or None, now=now)
            if cleaned == "":
                row.moderator_note = None
            after = {"status": row.status, "note": row.moderator_note}
            if after == before[fid]:
                continue
            audit.append(
                session,
                actor=actor,
                action=f"flag.{action}",
                target=f"flag:{fid}",
                before=before[fid],
                after=after,
                at=now,
            )
            changed += 1
    return changed


# --- editors ---------------------------------------------------------------------------------

PaperShow = Literal["open", "all"]


@dataclass(frozen=True, slots=True)
class PaperPage:
    papers: list[UncoveredPaper]
    examples: dict[int, list[ExamplePost]]
    total: int


def papers_page(engine: Engine, *, include_marked: bool, limit: int | None, offset: int = 0) -> PaperPage:
    with transaction(engine) as session:
        papers = uncovered_papers(session, limit, include_marked=include_marked, offset=offset)
        examples = paper_examples(session, [p.id for p in papers])
        total = count_uncovered(session, include_marked=include_marked)
    return PaperPage(papers, examples, total)


def mark_paper(engine: Engine, paper_id: int, mark: str | None, *, note: str | None, actor: str) -> None:
    """Mark a paper queued for the atlas or not relevant (None clears it), audited."""
    cleaned = _clean_note(note) or None
    now = clock.now()
    with transaction(engine) as session:
        try:
            before = set_paper_mark(session, paper_id, mark, cleaned, actor, now)
        except Exception as exc:
            raise InputError(str(exc)) from None
        after = {"mark": mark, "note": cleaned if mark else None}
        if after != before:
            audit.append(
                session,
                actor=actor,
                action="paper.mark",
                target=f"paper:{paper_id}",
                before=before,
                after=after,
                at=now,
            )


def atlas_disagreements(engine: Engine, settings: Settings) -> AuditReport:
    """The atlas audit from cached PubMed/Crossref answers only: a page view never waits on
    (or spends requests of) the services; ``digestbot atlas audit`` refreshes the cache."""
    return audit_atlas(engine, settings.model_copy(update={"offline": True}))


# --- admins ----------------------------------------------------------------------------------


def audit_page(engine: Engine, *, limit: int, offset: int) -> tuple[list[audit.AuditEntry], int]:
    with transaction(engine) as session:
        return audit.entries(session, limit=limit, offset=offset), audit.count(session)
