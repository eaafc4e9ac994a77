"""The root of the error tree and the errors storage raises.

Why here, in storage: storage is the bottom layer and imports no application code, yet what it
raises must be a ``DigestBotError`` so every command reports it in one line. ``bot.errors``
re-exports these names and adds the rest of the tree; import them from there.
"""

from __future__ import annotations


class DigestBotError(Exception):
    """Base of every error the bot raises on purpose."""


class InputError(DigestBotError):
    """A posts file or other user-supplied input is malformed."""


class StorageError(DigestBotError):
    """The database could not be reached, migrated or written."""
