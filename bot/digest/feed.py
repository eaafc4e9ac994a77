"""Weekly digests as an Atom (and RSS) feed: one entry per week, its content the digest's HTML.

Entry ids are the week's archive URL, which never changes once a week is published, so feed
readers do not show a rebuilt week as new. Rebuilding only moves the entry's ``updated``.
"""

from __future__ import annotations

from collections.abc import Sequence

from feedgen.feed import FeedGenerator

from bot.config import Settings
from bot.digest.render import render_html_fragment, week_range
from bot.digest.types import Digest


def site_base(settings: Settings) -> str:
    """The configured site URL, always ending in one slash."""
    return settings.digest.site_url.rstrip("/") + "/"


def week_path(digest: Digest) -> str:
    """Where a week's page lives, relative to the site root (stable: the week's start date)."""
    return f"weeks/{digest.week_start.isoformat()}.html"


def _newest_first(digests: Sequence[Digest]) -> list[Digest]:
    return sorted(digests, key=lambda d: d.week_start, reverse=True)


def _generator(digests: Sequence[Digest], settings: Settings, self_name: str) -> FeedGenerator:
    base = site_base(settings)
    fg = FeedGenerator()
    fg.id(base + "feed.atom")
    fg.title(settings.digest.title)
    fg.subtitle("Weekly: what ME/CFS communities discussed, next to the evidence. Not medical advice.")
    fg.author({"name": "digestbot"})
    # RSS's channel <link> takes the last link given, so "self" goes first.
    fg.link(href=base + self_name, rel="self")
    fg.link(href=base, rel="alternate")
    fg.language("en")
    ordered = _newest_first(digests)
    if ordered:
        fg.updated(max(d.generated_at for d in ordered))
    for digest in ordered:
        url = base + week_path(digest)
        entry = fg.add_entry(order="append")
        entry.id(url)
        entry.guid(url, permalink=True)
        entry.title(f"{settings.digest.title}: {week_range(digest)}")
        entry.link(href=url, rel="alternate")
        entry.updated(digest.generated_at)
        entry.published(digest.generated_at)
        entry.summary(" ".join(digest.summary) + " Not medical advice.")
        entry.content(render_html_fragment(digest, archive_url=base), type="html")
    return fg


def render_atom(digests: Sequence[Digest], settings: Settings) -> bytes:
    """Atom 1.0 XML, newest week first."""
    result: bytes = _generator(digests, settings, "feed.atom").atom_str(pretty=True)
    return result


def render_rss(digests: Sequence[Digest], settings: Settings) -> bytes:
    """RSS 2.0 XML, for readers that still lack Atom."""
    result: bytes = _generator(digests, settings, "feed.rss").rss_str(pretty=True)
    return result
