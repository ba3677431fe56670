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
VIEWS_FINGERPRINT = "fd9e23fce399949d19e9987955aae8c05b97c05abf19d3f294b2351955542db4"


def upgrade() -> None:
    views.create_views(op.get_bind())


def downgrade() -> None:
    views.drop_views(op.get_bind())
