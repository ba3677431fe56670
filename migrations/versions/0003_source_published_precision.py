"""sources.published_precision: a source's publication date keeps its precision.

Sources stored before this revision had a publication date taken as a day
(``--published 2024`` was kept as 2024-01-01), so they get ``day``.

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-01
"""

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None

CHECK = "published_precision IN ('day', 'month', 'year')"
CHECK_NAME = "ck_sources_published_precision"


def upgrade() -> None:
    connection = op.get_bind()
    if connection.dialect.name == "sqlite":
        # SQLite cannot add a table constraint without rebuilding the table
        # (which the evidence and the views refer to); a column constraint
        # added with the column enforces the same rule.
        op.execute(
            f"ALTER TABLE sources ADD COLUMN published_precision VARCHAR(5) CONSTRAINT {CHECK_NAME} CHECK ({CHECK})"
        )
    else:
        op.add_column("sources", sa.Column("published_precision", sa.String(length=5), nullable=True))
        op.create_check_constraint(op.f(CHECK_NAME), "sources", CHECK)
    op.execute("UPDATE sources SET published_precision = 'day' WHERE published_on IS NOT NULL")


def downgrade() -> None:
    connection = op.get_bind()
    if connection.dialect.name == "sqlite":
        op.execute("ALTER TABLE sources DROP COLUMN published_precision")
    else:
        op.drop_constraint(op.f(CHECK_NAME), "sources", type_="check")
        op.drop_column("sources", "published_precision")
