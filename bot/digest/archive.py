"""The static archive: an index of weeks, one page per week, the feeds and the latest digest.

Every file is written to a temporary name and renamed into place, so a web server never
serves a half-written page and a crash mid-write leaves last week's files intact. Files are
world-readable (0644) and folders 0755: the archive is public, and the web server usually
runs as another user.
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

FILE_MODE = 0o644
DIR_MODE = 0o755


def _write(path: Path, data: str | bytes) -> None:
    if not path.parent.is_dir():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.parent.chmod(DIR_MODE)
    raw = data.encode("utf-8") if isinstance(data, str) else data
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(raw)
            os.fchmod(handle.fileno(), FILE_MODE)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def write_archive(
    out_dir: str | Path, digests: Sequence[Digest], settings: Settings, *, latest: Digest | None = None
) -> list[Path]:
    """Write the archive under ``out_dir``; returns the files written.

    Layout: ``index.html``, ``weeks/YYYY-MM-DD.html`` and ``.txt`` per week, ``feed.atom``,
    ``feed.rss``, and ``digest.html`` / ``digest.txt`` for ``latest`` (the week just
    published; the newest week when not given).
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

    if not out.is_dir():
        try:
            out.mkdir(parents=True, exist_ok=True)
            out.chmod(DIR_MODE)
        except OSError as exc:
            raise DeliveryError(f"{out}: cannot create the archive folder ({exc.strerror or exc})") from None
    for digest in ordered:
        page = week_path(digest)
        put(page, render_html(digest, archive_url=base))
        put(page.removesuffix(".html") + ".txt", render_text(digest, archive_url=base))
    current = latest or (ordered[0] if ordered else None)
    if current is not None:
        put("digest.html", render_html(current, archive_url=base))
        put("digest.txt", render_text(current, archive_url=base))
    put("index.html", render_index(settings.digest.title, [(d, week_path(d)) for d in ordered]))
    put("feed.atom", render_atom(ordered, settings))
    put("feed.rss", render_rss(ordered, settings))
    return written
