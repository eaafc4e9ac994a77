"""A built Digest as an HTML page and a plain-text e-mail body, from the templates beside it.

Two Jinja environments on purpose: the HTML one has autoescape switched on for every
template it loads (collected text is hostile until proven otherwise), and the text one has it
off, because escaping plain text would only show readers "&amp;".
"""

from __future__ import annotations

import textwrap
from datetime import date

import css_inline
from jinja2 import Environment, PackageLoader, StrictUndefined

from bot.digest.types import Digest

TEXT_WIDTH = 72


def week_range(digest: Digest) -> str:
    """ "3–9 March 2025", "24 February – 2 March 2025", "29 December 2025 – 4 January 2026"."""
    start, end = digest.week_start, digest.week_end
    if start.year != end.year:
        return f"{_day(start)} {start.year} – {_day(end)} {end.year}"
    if start.month != end.month:
        return f"{_day(start)} – {_day(end)} {end.year}"
    return f"{start.day}–{end.day} {end:%B} {end.year}"


def _day(d: date) -> str:
    return f"{d.day} {d:%B}"


def _wrap(text: object, first: str = "", rest: str = "") -> str:
    """Wrap at TEXT_WIDTH without splitting words or links (a long URL keeps its own line)."""
    return textwrap.fill(
        str(text),
        width=TEXT_WIDTH,
        initial_indent=first,
        subsequent_indent=rest,
        break_long_words=False,
        break_on_hyphens=False,
    )


def _environment(*, html: bool) -> Environment:
    env = Environment(
        loader=PackageLoader("bot.digest", "templates"),
        autoescape=html,
        undefined=StrictUndefined,
        # The text template controls its own newlines with "{%-"; HTML does not care.
        trim_blocks=html,
        lstrip_blocks=html,
        keep_trailing_newline=True,
    )
    env.filters["week_range"] = week_range
    env.filters["wrap"] = _wrap
    return env


_HTML = _environment(html=True)
_TEXT = _environment(html=False)


def render_html(digest: Digest, *, unsubscribe_url: str | None = None, archive_url: str | None = None) -> str:
    """The digest as one standalone HTML page (also the e-mail's HTML part)."""
    return _HTML.get_template("digest.html.j2").render(
        digest=digest, unsubscribe_url=unsubscribe_url, archive_url=archive_url
    )


# Style tags are kept as well: the dark-mode and narrow-screen rules are media queries, which
# cannot be inlined, and the clients that ignore <style> still get the inlined light look.
_INLINER = css_inline.CSSInliner(keep_style_tags=True)


def render_email_html(
    digest: Digest, *, unsubscribe_url: str | None = None, archive_url: str | None = None
) -> str:
    """The e-mail's HTML part: the page with its CSS inlined (many mail clients drop <style>)."""
    return inline_css(render_html(digest, unsubscribe_url=unsubscribe_url, archive_url=archive_url))


def inline_css(html: str) -> str:
    """The page with each CSS rule copied onto the elements it styles."""
    result: str = _INLINER.inline(html)
    return result


def render_confirmation(title: str, confirm_link: str) -> tuple[str, str]:
    """(plain text, inlined HTML) of the double opt-in email."""
    text = _TEXT.get_template("confirm.txt.j2").render(title=title, confirm_url=confirm_link)
    html = _HTML.get_template("confirm.html.j2").render(title=title, confirm_url=confirm_link)
    return text.rstrip() + "\n", inline_css(html)


def render_html_fragment(digest: Digest, *, archive_url: str | None = None) -> str:
    """The digest's body without <html>/<head>: what a feed entry carries."""
    return _HTML.get_template("digest_body.html.j2").render(
        digest=digest, unsubscribe_url=None, archive_url=archive_url
    )


def render_text(digest: Digest, *, unsubscribe_url: str | None = None, archive_url: str | None = None) -> str:
    """The digest as a plain-text e-mail body, wrapped at 72 columns."""
    text = _TEXT.get_template("digest.txt.j2").render(
        digest=digest, unsubscribe_url=unsubscribe_url, archive_url=archive_url
    )
    return text.rstrip() + "\n"


def render_index(title: str, weeks: list[tuple[Digest, str]]) -> str:
    """The archive's index page: (digest, relative link) newest first."""
    return _HTML.get_template("index.html.j2").render(title=title, weeks=weeks)
