"""Discourse JSON parsing: golden files for the topic list and every post in a topic.

Regenerate after a deliberate change with ``DIGESTBOT_UPDATE_GOLDEN=1`` and review the diff.
"""

from __future__ import annotations

import dataclasses
import json
import os
from pathlib import Path
from typing import Any

import pytest

from sources.forum_discourse import base_url, json_url, parse_post, parse_topic_list

PAGES = Path(__file__).parent / "pages" / "discourse"
BASE = "https://forum.example.org/"
UPDATE = os.environ.get("DIGESTBOT_UPDATE_GOLDEN") == "1"


def _golden(name: str, actual: Any) -> None:
    expected = PAGES / f"{name}.expected.json"
    data = json.loads(json.dumps(actual, default=str))
    if UPDATE:
        expected.write_text(json.dumps(data, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    assert data == json.loads(expected.read_text(encoding="utf-8"))


@pytest.mark.parametrize("name", ["latest.json", "latest-page-1.json"])
def test_topic_list_golden(name: str) -> None:
    topics, more = parse_topic_list(json.loads((PAGES / name).read_text(encoding="utf-8")), BASE)
    assert topics
    _golden(name, {"topics": [dataclasses.asdict(t) for t in topics], "more": more})


@pytest.mark.parametrize("name", ["t-7781.json", "t-7781-posts.json", "t-7790.json"])
def test_topic_posts_golden(name: str) -> None:
    data = json.loads((PAGES / name).read_text(encoding="utf-8"))
    posts = [parse_post(p, BASE + "t/x/1") for p in data["post_stream"]["posts"]]
    assert posts
    _golden(name, [dataclasses.asdict(p) for p in posts])


def test_a_topic_list_without_its_object_is_an_error() -> None:
    with pytest.raises(ValueError, match="topic_list"):
        parse_topic_list({"errors": ["not found"]}, BASE)


def test_urls() -> None:
    assert base_url("https://forum.example.org/latest") == BASE
    assert (
        json_url(BASE, "/latest?no_definitions=true&page=1")
        == BASE + "latest.json?no_definitions=true&page=1"
    )
    assert json_url(BASE, "t/7781.json") == BASE + "t/7781.json"
