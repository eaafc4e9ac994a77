"""bot/pipeline/review.py: moderators' verdicts and editors' marks, each with its audit entry,
and the flag queue's filters, on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import Engine
from web.seed import SOURCES, seed

from bot.config import parse_settings
from bot.errors import InputError
from bot.pipeline import review
from storage import audit
from storage.db import transaction
from storage.review import FlagFilters

SETTINGS = parse_settings({"timezone": "Europe/London"})


@pytest.fixture
def seeded(engine: Engine) -> Engine:
    seed(engine, posts=24, flags=12, spacing_minutes=12 * 60)
    return engine


def _page(engine: Engine, **filters: object) -> review.FlagPage:
    return review.flags_page(engine, SETTINGS, FlagFilters(**filters), limit=100, offset=0)  # type: ignore[arg-type]


def _log(engine: Engine) -> list[audit.AuditEntry]:
    with transaction(engine) as s:
        return audit.entries(s)


def test_confirm_with_a_note_then_dismiss_then_reopen_is_audited(seeded: Engine) -> None:
    flag = _page(seeded).flags[0]
    assert review.review_flags(seeded, [flag.id], "confirm", note="  Checked by a person.  ", actor="mo") == 1
    assert review.review_flags(seeded, [flag.id], "dismiss", note=None, actor="mo2") == 1
    assert review.review_flags(seeded, [flag.id], "reopen", note="", actor="mo") == 1
    entries = list(reversed(_log(seeded)))
    assert [(e.actor, e.action, e.target) for e in entries] == [
        ("mo", "flag.confirm", f"flag:{flag.id}"),
        ("mo2", "flag.dismiss", f"flag:{flag.id}"),
        ("mo", "flag.reopen", f"flag:{flag.id}"),
    ]
    assert entries[0].before == {"status": "open", "note": None}
    assert entries[0].after == {"status": "confirmed", "note": "Checked by a person."}
    assert entries[1].after == {"status": "dismissed", "note": "Checked by a person."}  # None keeps the note
    assert entries[2].after == {"status": "open", "note": None}  # an empty note clears it


def test_a_repeated_verdict_changes_nothing_and_logs_nothing(seeded: Engine) -> None:
    flag = _page(seeded).flags[0]
    review.review_flags(seeded, [flag.id], "confirm", note=None, actor="mo")
    assert review.review_flags(seeded, [flag.id], "confirm", note=None, actor="mo") == 0
    assert len(_log(seeded)) == 1


def test_bulk_dismiss_is_all_or_nothing(seeded: Engine) -> None:
    ids = [f.id for f in _page(seeded).flags[:5]]
    with pytest.raises(InputError, match="does not exist"):
        review.review_flags(seeded, [*ids, 999_999], "dismiss", note=None, actor="mo")
    assert _log(seeded) == []
    assert review.review_flags(seeded, ids, "dismiss", note="Old news.", actor="mo") == 5
    assert {f.id for f in _page(seeded, status="dismissed").flags} == set(ids)
    assert _page(seeded).total == 12 - 5


@pytest.mark.parametrize("bad", ["delete", "confirmed", ""])
def test_unknown_actions_are_refused(seeded: Engine, bad: str) -> None:
    with pytest.raises(InputError):
        review.review_flags(seeded, [_page(seeded).flags[0].id], bad, note=None, actor="mo")


def test_filters_by_kind_topic_source_and_week(seeded: Engine) -> None:
    everything = _page(seeded)
    assert everything.total == 12
    assert everything.facets["kind"] == ["overstated", "uncovered"]
    assert {f.kind for f in _page(seeded, kind="uncovered").flags} == {"uncovered"}
    assert _page(seeded, kind="uncovered").total == 6
    by_source = _page(seeded, source=SOURCES[1])
    assert by_source.total > 0
    assert {f.source for f in by_source.flags} == {SOURCES[1]}
    topic = everything.facets["topic"][0]
    assert all(topic in f.topics for f in _page(seeded, topic=topic).flags)
    since, until = review.week_bounds(SETTINGS, date(2026, 11, 23))
    week = _page(seeded, since=since, until=until)
    assert 0 < week.total < 12
    assert all(f.post_date is not None and since <= f.post_date < until for f in week.flags)
    since, until = review.week_bounds(SETTINGS, date(2026, 11, 30))
    assert _page(seeded, since=since, until=until).total == 0


def test_the_queue_shows_claim_card_and_its_limits(seeded: Engine) -> None:
    flag = _page(seeded, kind="overstated").flags[0]
    assert flag.claim_text is not None
    assert flag.claim_span is not None
    assert flag.post_text is not None
    assert flag.post_text[flag.claim_span[0] : flag.claim_span[1]] == flag.claim_text
    assert flag.card is not None
    assert flag.card.does_not_prove
    assert flag.card.evidence_level


def test_paper_marks_are_kept_audited_and_cleared(seeded: Engine) -> None:
    papers = review.papers_page(seeded, include_marked=False, limit=None)
    first = papers.papers[0]
    assert papers.examples[first.id]
    review.mark_paper(seeded, first.id, "queued", note="Ask for the PDF", actor="ed")
    after = review.papers_page(seeded, include_marked=True, limit=None)
    marked = next(p for p in after.papers if p.id == first.id)
    assert (marked.mark, marked.mark_note) == ("queued", "Ask for the PDF")
    assert first.id not in {p.id for p in review.papers_page(seeded, include_marked=False, limit=None).papers}
    review.mark_paper(seeded, first.id, None, note=None, actor="ed")
    assert first.id in {p.id for p in review.papers_page(seeded, include_marked=False, limit=None).papers}
    log = list(reversed(_log(seeded)))
    assert [(e.action, e.before["mark"], e.after["mark"]) for e in log] == [
        ("paper.mark", None, "queued"),
        ("paper.mark", "queued", None),
    ]
    with pytest.raises(InputError):
        review.mark_paper(seeded, 999_999, "queued", note=None, actor="ed")


def test_storage_offers_no_way_to_change_the_audit_log() -> None:
    public = {name for name in dir(audit) if not name.startswith("_")}
    assert not {
        n for n in public if any(word in n for word in ("update", "delete", "remove", "edit", "purge"))
    }
