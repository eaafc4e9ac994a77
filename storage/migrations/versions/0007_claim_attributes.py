"""claim attributes: what each stored claim is about, and whether it is attributed, negated or a question

Stored so that a re-match after an atlas change judges claims again without running a model.
NULL for claims stored before; a re-match reads those once.

Revision ID: 0007_claim_attributes
Revises: 0006_web
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0007_claim_attributes"
down_revision: str | None = "0006_web"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("claims") as batch:
        batch.add_column(sa.Column("about", sa.String(length=40), nullable=True))
        batch.add_column(sa.Column("attributed", sa.Boolean(), nullable=True))
        batch.add_column(sa.Column("negated", sa.Boolean(), nullable=True))
        batch.add_column(sa.Column("question", sa.Boolean(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("claims") as batch:
        batch.drop_column("question")
        batch.drop_column("negated")
        batch.drop_column("attributed")
        batch.drop_column("about")
