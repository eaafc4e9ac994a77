"""The static archive: an index of weeks, one page per week, the feeds and the latest digest.

Every file is written to a temporary name and renamed into place, so a web server never
serves a half-written page and a crash mid-write leaves last week's files intact.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Sequence
from pathlib import Path

from bot.config import Settings
from bot.digest.feed import render_atom, render_rss, site_base, week_path
from bot.digest.render import render_html, render_index, render_text
from bot.digest.types import Digest
from bot.errors import DeliveryError


def _write(path: Path, data: str | bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    raw = data.encode("utf-8") if isinstance(data, str) else data
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(raw)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def write_archive(out_dir: str | Path, digests: Sequence[Digest], settings: Settings) -> list[Path]:
    """Write the archive under ``out_dir``; returns the files written.

    Layout: ``index.html``, ``weeks/YYYY-MM-DD.html`` and ``.txt`` per week, ``feed.atom``,
    ``feed.rss``, and ``digest.html`` / ``digest.txt`` for the newest week (what the demo
    and a "latest" link show).
    """
    out = Path(out_dir)
    ordered = sorted(digests, key=lambda d: d.week_start, reverse=True)
    base = site_base(settings)
    written: list[Path] = []

    def put(rel: str, data: str | bytes) -> None:
        target = out / rel
        try:
            _write(target, data)
        except OSError as exc:
            raise DeliveryError(f"{target}: cannot write archive file ({exc.strerror or exc})") from None
        written.append(target)

    for digest in ordered:
        page = week_path(digest)
        put(page, render_html(digest, archive_url=base))
        put(page.removesuffix(".html") + ".txt", render_text(digest, archive_url=base))
    if ordered:
        put("digest.html", render_html(ordered[0], archive_url=base))
        put("digest.txt", render_text(ordered[0], archive_url=base))
    put("index.html", render_index(settings.digest.title, [(d, week_path(d)) for d in ordered]))
    put("feed.atom", render_atom(ordered, settings))
    put("feed.rss", render_rss(ordered, settings))
    return written
