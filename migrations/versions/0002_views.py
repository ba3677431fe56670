"""Views for analysts' SQL: v_positions, v_current_positions, v_reversals.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-24
"""

from alembic import op

from policytrack import views

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

# The definitions this revision installs (policytrack.views.fingerprint()).
VIEWS_FINGERPRINT = "55ab505d41858680e52f2a7e502bf14bf6a5f5368f7c4c7c493980541f61b6f5"


def upgrade() -> None:
    views.create_views(op.get_bind())


def downgrade() -> None:
    views.drop_views(op.get_bind())
