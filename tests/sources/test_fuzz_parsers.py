"""Hypothesis fuzzing of every collector's parser and of config loading (issue 7, done-when).

The promise under test: whatever bytes a stranger's feed, forum page or export file holds, and
whatever an operator types into config.yaml, nothing escapes but the documented one-line
errors: ``ValueError`` naming the line for a file line, ``SourceError``/``SourceNotConfigured``
for a source, ``ConfigError`` for the config; and every post that does come out is storable
(no NUL, no lone surrogate).

The default run is kept short (``FUZZ_EXAMPLES`` examples per property, 40 by default); a long
run for the report: ``DIGESTBOT_FUZZ_EXAMPLES=5000 make fuzz`` (or pytest this file with it set).
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot.config import ConfigError, Settings, SourceSettings, load_settings, parse_settings
from bot.errors import SourceError, SourceNotConfigured
from sources.base import build_source
from sources.feed_parse import entry_keys, entry_to_post, parse_feed
from sources.files import line_id, parse_line
from sources.forum_discourse import parse_post, parse_topic_list
from sources.forum_html import parse_thread_list, parse_thread_page
from sources.forum_presets import PRESETS
from sources.types import RawPost

FUZZ_EXAMPLES = int(os.environ.get("DIGESTBOT_FUZZ_EXAMPLES", "40"))
FUZZ = settings(
    max_examples=FUZZ_EXAMPLES,
    deadline=None,
    suppress_health_check=[
        HealthCheck.too_slow,
        HealthCheck.data_too_large,
        HealthCheck.function_scoped_fixture,
    ],
)
NOW = datetime(2026, 11, 10, tzinfo=UTC)
_BAD = re.compile(r"[\x00-\x08\x0b-\x1f\ud800-\udfff]")

# Text that reaches the odd corners: controls, NUL, surrogates, markup and entity fragments.
NASTY = st.lists(
    st.one_of(
        st.characters(codec=None),
        st.sampled_from(["\x00", "\x07", "\r", "\ud800", "&#0;", "&#xD800;", "<", ">", "&", "]]>", "\ufeff"]),
    ),
    max_size=60,
).map("".join)


def _error(call: Callable[[], object], *allowed: type[Exception]) -> str | None:
    """The message of an allowed error, None when ``call`` returned; anything else escapes."""
    try:
        call()
    except allowed as exc:
        return str(exc)
    return None


def _assert_storable(post: RawPost) -> None:
    for value in (post.text, post.title or "", post.external_id, post.url or "", *post.links):
        assert not _BAD.search(value), repr(value)


# -- feed bytes ------------------------------------------------------------------------------------

_FEED_TEMPLATES = [
    '<?xml version="1.0"?><rss version="2.0"><channel><title>{0}</title><item><guid>{1}</guid>'
    "<title>{2}</title><link>{3}</link><description>{4}</description><pubDate>{5}</pubDate></item>"
    "</channel></rss>",
    '<feed xmlns="http://www.w3.org/2005/Atom"><title>{0}</title><entry><id>{1}</id><title type="html">'
    '{2}</title><link href="{3}"/><content type="html">{4}</content><updated>{5}</updated></entry></feed>',
    '<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns="http://purl.org/rss/1.0/">'
    "<channel><title>{0}</title></channel><item rdf:about='{1}'><title>{2}</title><link>{3}</link>"
    "<description>{4}</description></item></rdf:RDF>",
]


@st.composite
def feed_bodies(draw: st.DrawFn) -> bytes:
    kind = draw(st.integers(0, 4))
    if kind == 0:
        return draw(st.binary(max_size=2000))
    if kind == 1:
        items = draw(
            st.lists(
                st.dictionaries(
                    st.sampled_from(
                        [
                            "id",
                            "url",
                            "title",
                            "content_html",
                            "content_text",
                            "date_published",
                            "author",
                            "authors",
                        ]
                    ),
                    st.one_of(
                        NASTY,
                        st.integers(),
                        st.none(),
                        st.lists(NASTY, max_size=2),
                        st.dictionaries(st.just("name"), NASTY),
                    ),
                ),
                max_size=4,
            )
        )
        version = draw(st.sampled_from(["https://jsonfeed.org/version/1.1", "x", 3]))
        return json.dumps({"version": version, "title": draw(NASTY), "items": items}).encode(
            "utf-8", "surrogatepass"
        )
    template = draw(st.sampled_from(_FEED_TEMPLATES))
    parts = [draw(NASTY) for _ in range(6)]
    text = template.format(*parts)
    encoding = draw(st.sampled_from(["utf-8", "latin-1", "utf-16"]))
    return text.encode(encoding, "surrogatepass" if encoding != "latin-1" else "replace")


@FUZZ
@given(
    body=feed_bodies(), ctype=st.sampled_from(["application/rss+xml", "text/html", "application/json", ""])
)
def test_feed_parser_never_raises_and_every_item_is_storable(body: bytes, ctype: str) -> None:
    parsed = parse_feed(body, url="https://feeds.example.org/f.xml", headers={"Content-Type": ctype})
    for entry in parsed.entries:
        post = entry_to_post(entry, source="f", feed_url=parsed.url, fetched_at=NOW)
        if post is not None:
            _assert_storable(post)
            assert entry_keys(post, entry)


# -- forum pages -----------------------------------------------------------------------------------

_TAGS = st.sampled_from(
    [
        "div",
        "p",
        "a",
        "article",
        "blockquote",
        "time",
        "li",
        "ul",
        "h1",
        "span",
        "br",
        "table",
        "tr",
        "script",
    ]
)
_CLASSES = st.sampled_from(
    ["structItem structItem--thread", "structItem-title", "message message--post", "message-body",
     "bbWrapper", "post", "content", "topictitle", "row", "pageNav-jump--next", "u-dt", "p-title-value",
     "results-post", "results-post__title", "post__body", "response", ""]
)  # fmt: skip


@st.composite
def html_pages(draw: st.DrawFn) -> str:
    """Tag soup built from the presets' own class names, so selectors match half-built pages."""
    if draw(st.booleans()):
        return draw(NASTY)
    pieces: list[str] = []
    for _ in range(draw(st.integers(1, 25))):
        tag, cls = draw(_TAGS), draw(_CLASSES)
        attrs = f' class="{cls}"'
        if draw(st.booleans()):
            attrs += f' href="{draw(NASTY)}" data-content="{draw(NASTY)}" datetime="{draw(NASTY)}"'
            attrs += f' data-tp-primary="on" id="p{draw(st.integers(-5, 10**12))}"'
        closing = "" if draw(st.integers(0, 4)) == 0 else f"</{tag}>"
        pieces.append(f"<{tag}{attrs}>{draw(NASTY)}{closing}")
    return "<html><body>" + "".join(pieces) + "</body></html>"


@FUZZ
@given(page=html_pages(), preset=st.sampled_from(sorted(k for k, v in PRESETS.items() if v is not None)))
def test_forum_page_parsers_never_raise(page: str, preset: str) -> None:
    selectors = PRESETS[preset]
    assert selectors is not None
    base = "https://forum.example.org/threads/a.1/"
    listed = parse_thread_list(page, base, selectors)
    thread = parse_thread_page(page, base, selectors)
    for ref in listed.threads:
        assert isinstance(ref.url, str)
    for post in thread.posts:
        raw = RawPost("f", post.post_id or "x", "post", None, thread.title, post.text, post.created_at, NOW,
                      links=post.links)  # fmt: skip
        _assert_storable(raw)


_JSON = st.recursive(
    st.one_of(st.none(), st.booleans(), st.integers(), st.floats(allow_nan=False), NASTY),
    lambda inner: st.one_of(st.lists(inner, max_size=4), st.dictionaries(NASTY, inner, max_size=4)),
    max_leaves=20,
)


@st.composite
def topic_lists(draw: st.DrawFn) -> Any:
    topic = st.fixed_dictionaries(
        {},
        optional={"id": _JSON | st.integers(), "slug": _JSON, "title": _JSON, "highest_post_number": _JSON},
    )
    listing = st.fixed_dictionaries({}, optional={"topics": st.lists(topic, max_size=3) | _JSON,
                                                  "more_topics_url": _JSON})  # fmt: skip
    return draw(st.one_of(_JSON, st.fixed_dictionaries({"topic_list": listing | _JSON})))


@FUZZ
@given(data=topic_lists())
def test_discourse_topic_list_raises_only_value_error(data: Any) -> None:
    # ValueError is documented: the walker reports it as one line naming the URL.
    _error(lambda: parse_topic_list(data, "https://forum.example.org/"), ValueError)


@FUZZ
@given(
    post=st.fixed_dictionaries(
        {"id": st.integers(1, 10**9)},
        optional={"cooked": NASTY | _JSON, "username": _JSON, "created_at": _JSON},
    )
)
def test_discourse_post_parser_never_raises(post: dict[str, Any]) -> None:
    parsed = parse_post(post, "https://forum.example.org/t/x/1")
    raw = RawPost(
        "d", parsed.post_id, "post", None, None, parsed.text, parsed.created_at, NOW, links=parsed.links
    )
    _assert_storable(raw)


# -- file lines ------------------------------------------------------------------------------------


@st.composite
def file_lines(draw: st.DrawFn) -> str:
    if draw(st.booleans()):
        return draw(NASTY)
    keys = st.sampled_from(["id", "body", "text", "title", "url", "created_at", "author", "kind", "links"])
    obj = draw(st.dictionaries(keys, _JSON | st.integers(-(10**20), 10**20), max_size=8))
    return json.dumps(obj, ensure_ascii=draw(st.booleans()))


@FUZZ
@given(line=file_lines())
def test_file_line_parser_raises_only_value_error(line: str) -> None:
    line_id(line)
    posts: list[RawPost] = []
    message = _error(lambda: posts.append(parse_line("export", line, NOW)), ValueError)
    assert "\n" not in (message or "")
    for post in posts:
        _assert_storable(post)


# -- config loading ----------------------------------------------------------------------------------

_CONFIG_KEYS = st.sampled_from(
    ["timezone", "database", "schedule", "http", "atlas", "matching", "lookup", "offline", "articles",
     "models", "digest", "email", "sources", "url", "allow_hosts", "total_timeout", "max_bytes", "publish",
     "name", "kind", "preset", "path", "selectors", "subreddits", "enabled", "interval_minutes", "urls"]
)  # fmt: skip
_YAML_VALUES = st.recursive(
    st.one_of(
        st.none(),
        st.booleans(),
        st.integers(-(10**6), 10**6),
        st.floats(allow_nan=True),
        st.text(max_size=30),
    ),
    lambda inner: st.one_of(st.lists(inner, max_size=3), st.dictionaries(_CONFIG_KEYS, inner, max_size=4)),
    max_leaves=15,
)


@FUZZ
@given(data=st.dictionaries(_CONFIG_KEYS, _YAML_VALUES, max_size=6))
def test_config_mapping_raises_only_config_error(data: dict[str, Any]) -> None:
    parsed: list[Settings] = []
    message = _error(lambda: parsed.append(parse_settings(data)), ConfigError)
    assert "\n" not in (message or "")
    for one in parsed:
        _build_every_source(one)


def _build_every_source(parsed: Settings) -> None:
    for cfg in parsed.sources:
        # SourceNotConfigured for bad options; SourceError e.g. for missing Reddit credentials.
        message = _error(lambda cfg=cfg: build_source(cfg, parsed), SourceNotConfigured, SourceError)
        assert "\n" not in (message or "")


@FUZZ
@given(
    text=st.one_of(NASTY, st.builds(yaml.safe_dump, st.dictionaries(_CONFIG_KEYS, _YAML_VALUES, max_size=5)))
)
def test_config_file_raises_only_config_error(text: str, tmp_path_factory: Any) -> None:
    path = Path(tmp_path_factory.mktemp("cfg")) / "config.yaml"
    path.write_text(text, encoding="utf-8", errors="surrogatepass")
    message = _error(lambda: load_settings(path), ConfigError)
    assert "\n" not in (message or "")


@FUZZ
@given(options=st.dictionaries(_CONFIG_KEYS, _YAML_VALUES, max_size=5),
       kind=st.sampled_from(["feed", "forum", "file", "reddit", "articles"]))  # fmt: skip
def test_source_options_raise_only_source_errors(options: dict[str, Any], kind: str) -> None:
    try:
        cfg = SourceSettings.model_validate({**options, "name": "s", "kind": kind})
    except ValueError:
        return  # pydantic's: reported by parse_settings as a ConfigError (tested above)
    _build_every_source(Settings(sources=(cfg,)))
