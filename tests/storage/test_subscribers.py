"""Subscriber rows on SQLite and PostgreSQL: pending, confirmed, unsubscribed, and back."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlalchemy import Engine

from storage import subscribers as store
from storage.db import transaction

NOW = datetime(2025, 3, 10, 9, 0, tzinfo=UTC)


def test_pending_then_confirmed_then_unsubscribed_then_back(engine: Engine) -> None:
    with transaction(engine) as s:
        first = store.upsert_pending(s, "reader@example.org", NOW)
        assert first.status == "pending"
        assert store.upsert_pending(s, "reader@example.org", NOW) == first  # idempotent
        assert store.confirmed_subscribers(s) == []
    with transaction(engine) as s:
        assert store.confirm(s, first.id, "stale-nonce", NOW) is None
        done = store.confirm(s, first.id, first.nonce, NOW + timedelta(hours=1))
        assert done is not None
        assert (done.status, done.confirmed_at) == ("confirmed", NOW + timedelta(hours=1))
        again = store.confirm(s, first.id, first.nonce, NOW + timedelta(hours=2))
        assert again is not None
        assert again.confirmed_at == NOW + timedelta(hours=1)  # the first confirmation counts
        assert [r.email for r in store.confirmed_subscribers(s)] == ["reader@example.org"]
    with transaction(engine) as s:
        gone = store.unsubscribe(s, first.id, first.nonce, NOW)
        assert gone is not None
        assert gone.status == "unsubscribed"
        assert store.unsubscribe(s, first.id, first.nonce, NOW) is not None  # a second click is harmless
        assert store.confirm(s, first.id, first.nonce, NOW) is None  # an old link cannot resubscribe
        assert store.confirmed_subscribers(s) == []
    with transaction(engine) as s:
        back = store.upsert_pending(s, "reader@example.org", NOW)
    assert back.id == first.id
    assert back.status == "pending"
    assert back.nonce != first.nonce  # every link from before is void


def test_an_imported_list_never_re_adds_someone_who_left(engine: Engine) -> None:
    with transaction(engine) as s:
        record, added = store.add_confirmed(s, "a@example.org", NOW)
        assert added
        assert record.status == "confirmed"
        store.unsubscribe_email(s, "a@example.org", NOW)
    with transaction(engine) as s:
        record, added = store.add_confirmed(s, "a@example.org", NOW)
    assert not added
    assert record.status == "unsubscribed"


def test_erase_forgets_the_address(engine: Engine) -> None:
    with transaction(engine) as s:
        store.add_confirmed(s, "a@example.org", NOW)
        store.upsert_pending(s, "b@example.org", NOW)
    with transaction(engine) as s:
        assert store.erase(s, "a@example.org")
        assert not store.erase(s, "nobody@example.org")
        assert [r.email for r in store.list_subscribers(s)] == ["b@example.org"]
        assert [r.email for r in store.list_subscribers(s, "pending")] == ["b@example.org"]
        assert store.list_subscribers(s, "confirmed") == []
