"""One error tree for the whole bot.

Every failure the bot expects to meet is a ``DigestBotError`` subclass, so the CLI can turn
any of them into one calm line naming the input, and the pipeline can record a failing
source or delivery in the run report instead of stopping the week.
"""

from __future__ import annotations

from bot.redact import redact_text

# Defined at the bottom layer so storage can raise them without importing the application.
from storage.errors import DigestBotError as DigestBotError
from storage.errors import InputError as InputError
from storage.errors import StorageError as StorageError


def first_line(text: str) -> str:
    """The first non-blank line of an error's text: what a one-line error message shows."""
    lines = [line.strip() for line in text.strip().splitlines() if line.strip()]
    return lines[0] if lines else ""


def unexpected(exc: BaseException) -> str:
    """One line for a failure no code expected: its kind and the first line of its text."""
    return f"unexpected {type(exc).__name__}: {first_line(str(exc))}"


def one_input_fault(exc: Exception, debug: bool) -> str:
    """The line naming what went wrong with one input (one post) of a run that goes on.

    Re-raises a DigestBotError (a model or setting that fails fails the whole run, in one line)
    and, under ``--debug``, anything, so the traceback shows."""
    if debug or isinstance(exc, DigestBotError):
        raise exc
    return unexpected(exc)


class ConfigError(DigestBotError):
    """config.yaml (or an environment variable) is missing, malformed or names a wrong value."""


class SourceError(DigestBotError):
    """A source could not be read: network fault, bad status, malformed body, bad settings.

    The message is redacted here, once, because it is printed and stored in the run report:
    a private feed's password or token never leaves in an error.
    """

    def __init__(self, source: str, message: str) -> None:
        super().__init__(redact_text(f"{source}: {message}"))
        self.source = redact_text(source)


class SourceNotConfigured(SourceError):
    """A source is switched off or lacks what it needs (credentials); the others still run."""


class AtlasError(DigestBotError):
    """An atlas export or card page could not be read."""


class AtlasRecordError(AtlasError):
    """One atlas record is bad; carries file and line so the editor can find it."""

    def __init__(self, path: str, line: int, message: str) -> None:
        super().__init__(f"{path}:{line}: {message}")
        self.path = path
        self.line = line


class ModelError(DigestBotError):
    """A model or its weights could not be loaded or run."""


class DeliveryError(DigestBotError):
    """An email or feed could not be delivered."""
