"""The published digests, read for the web archive and its feeds.

Only published weeks are public: a digest built but not yet sent is still the moderators' draft.
"""

from __future__ import annotations

from datetime import date

from sqlalchemy import Engine

from bot.digest.types import Digest
from storage.db import transaction
from storage.digests import list_digests, load_digest


def published(engine: Engine) -> list[Digest]:
    """Newest week first."""
    with transaction(engine) as session:
        stored = list_digests(session, Digest.from_dict)
        return [each.digest for each in stored if each.published_at is not None]


def published_week(engine: Engine, week_start: date) -> Digest | None:
    with transaction(engine) as session:
        stored = load_digest(session, week_start, Digest.from_dict)
    return stored.digest if stored is not None and stored.published_at is not None else None
