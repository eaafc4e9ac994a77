"""What every command shares: the settings and the database, opened the same way."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import typer
from sqlalchemy import Engine

from bot.config import Settings, load_settings
from bot.keys import secret_key
from storage.db import open_database


@dataclass
class AppState:
    """Lazily loaded, so ``--help`` never touches the config or the database."""

    config_path: Path | None = None
    _settings: Settings | None = field(default=None, repr=False)
    _engine: Engine | None = field(default=None, repr=False)

    @property
    def settings(self) -> Settings:
        if self._settings is None:
            self._settings = load_settings(self.config_path)
        return self._settings

    @property
    def engine(self) -> Engine:
        if self._engine is None:
            self._engine = open_database(self.settings.database_url())
        return self._engine

    @property
    def secret(self) -> bytes:
        """The install's signing key for subscription links (see ``bot.keys``)."""
        return secret_key(self.settings)

    def close(self) -> None:
        """Release the database connections (each CLI run opens its own engine)."""
        if self._engine is not None:
            self._engine.dispose()
            self._engine = None


def state(ctx: typer.Context) -> AppState:
    """The AppState the root callback put on the context."""
    root = ctx.find_root()
    if not isinstance(root.obj, AppState):
        root.obj = AppState()
    return root.obj
