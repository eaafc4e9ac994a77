"""evidence: re-matching after an atlas change, and the lookup cache

Revision ID: 0004_evidence
Revises: 0005_digest
Create Date: 2026-12-01 12:30:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import storage.schema

revision: str = "0004_evidence"
down_revision: str | None = "0005_digest"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("posts", schema=None) as batch_op:
        batch_op.add_column(sa.Column("atlas_version", sa.String(length=64), nullable=True))
        batch_op.add_column(sa.Column("extracted", sa.JSON(), nullable=True))
        batch_op.add_column(sa.Column("match_digest", sa.String(length=32), nullable=True))
    # Posts analysed before this revision have no stored extraction: they are re-extracted
    # once (the analyser falls back to extraction when the list is empty).
    op.execute("UPDATE posts SET extracted = '[]'")
    with op.batch_alter_table("posts", schema=None) as batch_op:
        batch_op.alter_column("extracted", existing_type=sa.JSON(), nullable=False)
    op.create_table(
        "lookup_cache",
        sa.Column("key", sa.String(length=500), nullable=False),
        sa.Column("fetched_at", storage.schema.UTCDateTime(), nullable=False),
        sa.Column("result", sa.JSON(), nullable=False),
        sa.PrimaryKeyConstraint("key", name=op.f("pk_lookup_cache")),
    )


def downgrade() -> None:
    op.drop_table("lookup_cache")
    with op.batch_alter_table("posts", schema=None) as batch_op:
        batch_op.drop_column("match_digest")
        batch_op.drop_column("extracted")
        batch_op.drop_column("atlas_version")
