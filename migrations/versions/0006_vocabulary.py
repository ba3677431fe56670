"""The analyst's vocabulary: topic keywords and scale cues, with cues for the built-in support scale.

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-01
"""

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None

# General phrases for the levels of the built-in ``support`` scale (scale id 1, created by 0001).
SUPPORT_CUES = {
    -2: ["condemn", "denounce", "strongly oppose", "vehemently oppose"],
    -1: [
        "oppose", "criticise", "criticize", "reject", "object to", "against", "hesitate", "hesitation", "withhold",
        "decline", "refuse", "repeal", "scrap", "withdraw", "withdrew", "unlawful",
    ],
    0: ["remain neutral", "take no position"],
    1: [
        "support", "back", "endorse", "welcome", "favour", "favor", "approve", "authorise", "authorize", "allow",
        "agree", "adopt", "pass", "passed", "sign", "ratify", "rejoin", "send", "sent", "deliver", "provide",
        "supply", "introduce",
    ],
    2: ["strongly support", "champion", "wholeheartedly support"],
}

_BUILT_IN_PHRASES = ", ".join(f"'{phrase}'" for phrases in SUPPORT_CUES.values() for phrase in phrases)

# Tables whose rows a downgrade below this revision drops (``db downgrade`` asks for --yes);
# the built-in support scale's cues, which this revision itself creates, are not counted.
DROPS_DATA = {"topic_keywords": None, "scale_cues": None}
BUILT_IN_ROWS = {
    "scale_cues": f"scale_id IN (SELECT id FROM scales WHERE slug = 'support') AND phrase IN ({_BUILT_IN_PHRASES})",
}


def upgrade() -> None:
    op.create_table(
        "topic_keywords",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("topic_id", sa.Integer(), nullable=False),
        sa.Column("phrase", sa.String(length=200), nullable=False),
        sa.ForeignKeyConstraint(
            ["topic_id"], ["topics.id"], name=op.f("fk_topic_keywords_topic_id_topics"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_topic_keywords")),
        sa.UniqueConstraint("topic_id", "phrase", name=op.f("uq_topic_keywords_topic_id_phrase")),
    )
    cues = op.create_table(
        "scale_cues",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("scale_id", sa.Integer(), nullable=False),
        sa.Column("value", sa.Integer(), nullable=False),
        sa.Column("phrase", sa.String(length=200), nullable=False),
        sa.ForeignKeyConstraint(
            ["scale_id", "value"], ["scale_levels.scale_id", "scale_levels.value"],
            name=op.f("fk_scale_cues_scale_id_scale_levels"), ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_scale_cues")),
        sa.UniqueConstraint("scale_id", "value", "phrase", name=op.f("uq_scale_cues_scale_id_value_phrase")),
    )
    support = op.get_bind().execute(sa.text("SELECT id FROM scales WHERE slug = 'support'")).scalar()
    if support is not None:
        op.bulk_insert(
            cues,
            [
                {"scale_id": support, "value": value, "phrase": phrase}
                for value, phrases in SUPPORT_CUES.items()
                for phrase in phrases
            ],
        )


def downgrade() -> None:
    op.drop_table("scale_cues")
    op.drop_table("topic_keywords")
