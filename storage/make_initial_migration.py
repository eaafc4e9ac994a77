"""Regenerate the initial Alembic migration from storage/schema.py.

Used while the schema is young and nothing has shipped: once a release has been installed
anywhere, add new revisions with ``alembic revision --autogenerate`` instead.
Run: ``python -m storage.make_initial_migration``.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

from alembic import command
from sqlalchemy import create_engine

from storage.db import MIGRATIONS, alembic_config


def main() -> None:
    for old in (MIGRATIONS / "versions").glob("0001_*.py"):
        old.unlink()
    with tempfile.TemporaryDirectory() as tmp:
        engine = create_engine(f"sqlite:///{Path(tmp) / 'empty.sqlite3'}")
        cfg = alembic_config(engine)
        command.revision(cfg, message="initial schema", autogenerate=True, rev_id="0001", version_path=None)
    made = next((MIGRATIONS / "versions").glob("0001_*.py"))
    print(f"wrote {made}")


if __name__ == "__main__":
    main()
