"""Collected HTML to plain text plus its outbound links.

Why keep the links separately: the analyser looks for DOIs and PubMed links, and plain text
loses every href that hides behind words like "the paper".
"""

from __future__ import annotations

import warnings
from urllib.parse import urljoin, urlsplit

from bs4 import BeautifulSoup, MarkupResemblesLocatorWarning

_BLOCKS = ("p", "div", "br", "li", "blockquote", "h1", "h2", "h3", "h4", "h5", "h6", "tr", "pre")


def html_to_text(html: str, base_url: str | None = None) -> tuple[str, tuple[str, ...]]:
    """Return ``(text, links)``: paragraphs kept as lines, links absolute http(s), in order, unique."""
    if "<" not in html and "&" not in html:
        return _tidy(html), ()
    with warnings.catch_warnings():
        # A summary that happens to look like a URL or a file name is still text to us.
        warnings.simplefilter("ignore", MarkupResemblesLocatorWarning)
        soup = BeautifulSoup(html, "html.parser")
    for tag in soup(["script", "style", "noscript"]):
        tag.decompose()
    links: dict[str, None] = {}
    for a in soup.find_all("a", href=True):
        href = str(a["href"]).strip()
        absolute = urljoin(base_url, href) if base_url else href
        if urlsplit(absolute).scheme in ("http", "https"):
            links.setdefault(absolute, None)
    for tag in soup.find_all(_BLOCKS):
        tag.insert_before("\n")
        tag.insert_after("\n")
    return _tidy(soup.get_text()), tuple(links)


def _tidy(text: str) -> str:
    lines = (" ".join(line.split()) for line in text.splitlines())
    return "\n".join(line for line in lines if line)
