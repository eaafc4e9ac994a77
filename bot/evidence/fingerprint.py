"""Which card set a stored analysis was matched against, so an atlas change re-matches it.

Why a fingerprint of the card set: a post's matches are only as current as the cards they
were made against. Each analysed post records the fingerprint; when an import (or any other
change) gives a different one, the post's stored extraction is matched again on the next
``analyse``, with no extraction and no model time. The fingerprint covers every card field,
because a changed design or badge can change a flag as surely as a new DOI changes a match.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable

from bot.atlas.types import AtlasCard
from bot.evidence.types import PostAnalysis


def atlas_fingerprint(cards: Iterable[AtlasCard]) -> str:
    """A short hash of the whole card set, independent of the order cards were loaded in."""
    digest = hashlib.sha256()
    for card in sorted(cards, key=lambda c: c.id):
        digest.update(json.dumps(card.to_dict(), sort_keys=True, ensure_ascii=False).encode("utf-8"))
        digest.update(b"\n")
    return digest.hexdigest()[:32]


def analysis_digest(analysis: PostAnalysis) -> str:
    """A short hash of everything a stored analysis holds that matching decides (citations,
    matches, claims' cards and judgements, flags, topics, post type). A re-match that gives
    the same digest changes nothing stored, so only the post's card-set fingerprint moves:
    after an import, only the posts the new cards concern are rewritten."""
    parts = (
        analysis.post_type,
        analysis.topics,
        analysis.citations,
        analysis.matches,
        analysis.claims,
        analysis.flags,
    )
    return hashlib.sha256(repr(parts).encode("utf-8")).hexdigest()[:32]
