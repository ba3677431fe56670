"""Audit trail (audit_log, v_history) and the full-text search index kept by triggers.

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-01
"""

import sqlalchemy as sa
from alembic import op

from policytrack import search_index

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None

# Tables whose rows a downgrade below this revision drops (``db downgrade`` asks for --yes).
DROPS_DATA = {"audit_log": None}

HISTORY_VIEW = (
    "CREATE VIEW v_history AS SELECT id, changed_at, changed_by, action, record_type, record_id, record, "
    "field, old_value, new_value FROM audit_log"
)


def upgrade() -> None:
    op.create_table(
        "audit_log",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("changed_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("changed_by", sa.String(length=200), nullable=True),
        sa.Column("action", sa.String(length=50), nullable=False),
        sa.Column("record_type", sa.String(length=20), nullable=False),
        sa.Column("record_id", sa.Integer(), nullable=True),
        sa.Column("record", sa.String(length=500), nullable=False),
        sa.Column("field", sa.String(length=50), nullable=True),
        sa.Column("old_value", sa.Text(), nullable=True),
        sa.Column("new_value", sa.Text(), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_audit_log")),
    )
    op.create_index(op.f("ix_audit_log_changed_at"), "audit_log", ["changed_at"])
    op.execute(HISTORY_VIEW)
    search_index.create(op.get_bind())


def downgrade() -> None:
    search_index.drop(op.get_bind())
    op.execute("DROP VIEW IF EXISTS v_history")
    op.drop_index(op.f("ix_audit_log_changed_at"), table_name="audit_log")
    op.drop_table("audit_log")
