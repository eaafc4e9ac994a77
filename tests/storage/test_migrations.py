"""The Alembic migration builds exactly storage/schema.py, on first use, on both backends."""

from __future__ import annotations

from typing import Any

from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import Column, Engine, MetaData, String, func, select

from storage.db import alembic_config, is_current, open_database, table_names, transaction, upgrade
from storage.runs import start_run
from storage.schema import Base, Run


def _differences(engine: Engine, metadata: MetaData = Base.metadata) -> list[Any]:
    with engine.connect() as conn:
        opts = {"compare_type": True, "compare_server_default": True}
        return list(compare_metadata(MigrationContext.configure(conn, opts=opts), metadata))


def test_the_migrated_database_matches_the_schema(engine: Engine) -> None:
    assert _differences(engine) == []


def test_the_comparison_would_notice_a_column_the_migration_lacks(engine: Engine) -> None:
    changed = MetaData(naming_convention=Base.metadata.naming_convention)
    for table in Base.metadata.tables.values():
        table.to_metadata(changed)
    changed.tables["runs"].append_column(Column("host", String(100)))
    assert [diff[0] for diff in _differences(engine, changed)] == ["add_column"]


def test_first_use_migrates_an_empty_database_and_reopening_is_harmless(db_url: str) -> None:
    engine = open_database(db_url)
    try:
        assert table_names(engine) == sorted([*Base.metadata.tables, "alembic_version"])
        assert is_current(engine)
        with transaction(engine) as s:
            start_run(s, "collect")
    finally:
        engine.dispose()
    again = open_database(db_url)
    try:
        upgrade(again)  # an explicit `digestbot db upgrade` on a current database changes nothing
        assert is_current(again)
        with transaction(again) as s:
            assert s.scalar(select(func.count()).select_from(Run)) == 1
    finally:
        again.dispose()


def test_downgrade_to_base_and_back(engine: Engine) -> None:
    command.downgrade(alembic_config(engine), "base")
    assert table_names(engine) == ["alembic_version"]
    assert not is_current(engine)
    upgrade(engine)
    assert is_current(engine)
    assert _differences(engine) == []
