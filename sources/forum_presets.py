"""CSS selectors for the forum engines patient communities actually run on.

Why selectors in data rather than one parser per engine: forums are themed and upgraded, and
a moderator can fix a changed class name in config.yaml (``selectors:``) without a release.
A selector value is plain CSS for an element's text, ``css@attr`` for one of its attributes,
or ``@attr`` for an attribute of the element itself (the post container, the thread row).
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict

PresetName = Literal["xenforo", "phpbb", "discourse", "healthunlocked"]


class ForumSelectors(BaseModel):
    """Where things are on a forum's pages; every field can be overridden from config."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    # Thread list (forum index) pages.
    thread_item: str = ""
    thread_link: str = "a@href"
    # Latest activity in a thread row: lets an unchanged thread be skipped without fetching it.
    thread_last: str | None = None
    next_page: str = "a[rel=next]@href"
    # Thread pages.
    thread_title: str = "h1"
    post: str = ""
    post_id: str = "@id"
    post_body: str = ""
    author: str | None = None
    date: str | None = "time@datetime"
    permalink: str | None = None
    # Quotes of earlier posts inside a body: removed, so a claim is attributed once.
    quote: str | None = "blockquote"
    # Chrome inside a body that is not the author's words ("Click to expand...", edit notes).
    remove: str | None = None


XENFORO = ForumSelectors(
    thread_item="div.structItem--thread",
    thread_link="div.structItem-title a[data-tp-primary=on]@href",
    thread_last="time.structItem-latestDate@datetime",
    next_page="a.pageNav-jump--next@href",
    thread_title="h1.p-title-value",
    post="article.message--post",
    post_id="@data-content",
    post_body="article.message-body div.bbWrapper",
    author="@data-author",
    date="ul.message-attribution-main time.u-dt@datetime",
    permalink="ul.message-attribution-main a@href",
    quote="blockquote.bbCodeBlock--quote",
    remove="div.bbCodeBlock-expandLink, div.js-selectToQuoteEnd",
)

PHPBB = ForumSelectors(
    thread_item="ul.topiclist.topics > li.row",
    thread_link="a.topictitle@href",
    thread_last="dd.lastpost time@datetime",
    next_page="div.action-bar li.arrow.next a[rel=next]@href",
    thread_title="h2.topic-title",
    post="div.post",
    post_id="@id",
    post_body="div.content",
    author="dl.postprofile .username, dl.postprofile .username-coloured",
    date="p.author time@datetime",
    permalink="h3 a@href",
    quote="blockquote",
)

HEALTHUNLOCKED = ForumSelectors(
    thread_item="div.results-posts div.results-post",
    thread_link="a.results-post__title@href",
    thread_last="time.results-post__latest@datetime",
    next_page="nav.pagination a[rel=next]@href",
    thread_title="h1.post__title",
    post="article.post, div.response",
    post_id="@id",
    post_body="div.post__body, div.response__body",
    author="a.username",
    date="time@datetime",
    permalink="a.permalink@href",
    quote="blockquote",
)

# Discourse is read through its JSON API, so it needs no page selectors.
PRESETS: dict[str, ForumSelectors | None] = {
    "xenforo": XENFORO,
    "phpbb": PHPBB,
    "discourse": None,
    "healthunlocked": HEALTHUNLOCKED,
}
