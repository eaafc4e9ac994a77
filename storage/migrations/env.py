"""Alembic environment: the engine comes from storage.db (or a URL for the alembic CLI)."""

from __future__ import annotations

from alembic import context
from sqlalchemy import Engine, create_engine, text

from storage.schema import Base

# Any fixed number: every digestbot process migrating one PostgreSQL database takes this lock,
# so two started at once on a new database take turns instead of both creating the tables.
MIGRATION_LOCK_ID = 7_406_131_311
config = context.config
target_metadata = Base.metadata


def _engine() -> Engine:
    engine = config.attributes.get("engine")
    if engine is not None:
        return engine  # type: ignore[no-any-return]
    return create_engine(config.get_main_option("sqlalchemy.url") or "sqlite:///var/digestbot.sqlite3")


def run_migrations_online() -> None:
    engine = _engine()
    with engine.connect() as connection:
        context.configure(
            connection=connection,
            target_metadata=target_metadata,
            render_as_batch=connection.dialect.name == "sqlite",
            compare_type=True,
        )
        with context.begin_transaction():
            if connection.dialect.name == "postgresql":
                connection.execute(text("SELECT pg_advisory_xact_lock(:id)"), {"id": MIGRATION_LOCK_ID})
            context.run_migrations()
        connection.commit()


run_migrations_online()
