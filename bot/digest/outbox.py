"""Messages written as .eml files instead of sent: ``--dry-run``, the demo, and confirmation
emails while sending is switched off. Any mail client opens them."""

from __future__ import annotations

import os
import re
import tempfile
from email.message import EmailMessage
from pathlib import Path

from bot.errors import DeliveryError

_UNSAFE = re.compile(r"[^A-Za-z0-9._@+-]+")


def safe_name(text: str) -> str:
    """A file name made only of harmless characters (addresses contain few, but never trust)."""
    return _UNSAFE.sub("_", text).strip("._")[:120] or "message"


def write_eml(folder: Path, name: str, msg: EmailMessage) -> Path:
    """Write ``msg`` as ``folder/name.eml`` atomically; DeliveryError naming the file on failure."""
    target = folder / f"{safe_name(name)}.eml"
    tmp: str | None = None
    try:
        folder.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", dir=folder)
        with os.fdopen(fd, "wb") as handle:
            handle.write(msg.as_bytes())
        os.replace(tmp, target)
    except OSError as exc:
        if tmp is not None:
            Path(tmp).unlink(missing_ok=True)
        raise DeliveryError(f"{target}: cannot write the message ({exc.strerror or exc})") from None
    return target
