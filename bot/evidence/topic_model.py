"""A post's topics, in the atlas's tag spelling, read by the topic head (``models/topics.py``).

Why a reader beside the analyzer rather than inside it: ``PostAnalysis.topics`` holds the tags
of the cards a post cites, which a re-match after an atlas change recomputes without running a
model; the topic head reads the post itself, so wiring it in means storing its reading apart
from the cards' tags. Until that is done, callers that want a post's own topics (with or
without citations) ask this reader. The card (``models/MODEL_CARD_topics.md``) says how little
data it learned from.
"""

from __future__ import annotations

from functools import lru_cache

from models.datasets import post_text
from models.encoder import Encoder
from models.topics import TopicHead


class TopicReader:
    """``topics(title, body)``: the atlas tags the post is about (possibly none), sorted."""

    def __init__(self, head: TopicHead) -> None:
        self.head = head

    def topics(self, title: str, body: str) -> tuple[str, ...]:
        return self.head.topics([post_text(title, body)])[0]


@lru_cache(maxsize=4)
def shared_topic_reader(encoder_path: str | None = None) -> TopicReader:
    """One loaded topic head per process and encoder setting; a missing file fails loudly."""
    return TopicReader(TopicHead(Encoder(encoder_path)))
