"""Initial schema: scales, actors, topics, sources, positions, evidence.

Also creates the built-in ``support`` scale every database has.

Revision ID: 0001
Revises:
Create Date: 2026-11-24
"""

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None

LIVE = sa.text("retracted_at IS NULL")
SUPPORT_LEVELS = {-2: "strongly oppose", -1: "oppose", 0: "neutral", 1: "support", 2: "strongly support"}


# Tables whose rows a downgrade below this revision drops (``db downgrade`` asks for --yes).
# The built-in support scale, which this revision itself creates, is not counted.
DROPS_DATA = {
    "evidence": None, "positions": None, "sources": None, "topics": None, "actor_aliases": None, "actors": None,
    "scale_levels": "scale_id NOT IN (SELECT id FROM scales WHERE slug = 'support')",
    "scales": "slug <> 'support'",
}

def upgrade() -> None:
    scales = op.create_table(
        "scales",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("slug", sa.String(length=100), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("pivot", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_scales")),
        sa.UniqueConstraint("slug", name=op.f("uq_scales_slug")),
    )
    scale_levels = op.create_table(
        "scale_levels",
        sa.Column("scale_id", sa.Integer(), nullable=False),
        sa.Column("value", sa.Integer(), nullable=False),
        sa.Column("label", sa.String(length=200), nullable=False),
        sa.ForeignKeyConstraint(
            ["scale_id"], ["scales.id"], name=op.f("fk_scale_levels_scale_id_scales"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("scale_id", "value", name=op.f("pk_scale_levels")),
        sa.UniqueConstraint("scale_id", "label", name=op.f("uq_scale_levels_scale_id_label")),
    )
    op.create_table(
        "actors",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("slug", sa.String(length=100), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("parent_id", sa.Integer(), nullable=True),
        sa.Column("active_from", sa.Date(), nullable=True),
        sa.Column("active_until", sa.Date(), nullable=True),
        sa.Column("note", sa.Text(), nullable=True),
        sa.CheckConstraint(
            "kind IN ('state', 'government', 'agency', 'person', 'organisation', 'other')",
            name=op.f("ck_actors_kind"),
        ),
        sa.ForeignKeyConstraint(["parent_id"], ["actors.id"], name=op.f("fk_actors_parent_id_actors")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_actors")),
        sa.UniqueConstraint("slug", name=op.f("uq_actors_slug")),
    )
    op.create_index(op.f("ix_actors_parent_id"), "actors", ["parent_id"])
    op.create_table(
        "actor_aliases",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("actor_id", sa.Integer(), nullable=False),
        sa.Column("alias", sa.String(length=200), nullable=False),
        sa.ForeignKeyConstraint(
            ["actor_id"], ["actors.id"], name=op.f("fk_actor_aliases_actor_id_actors"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_actor_aliases")),
    )
    op.create_index(op.f("ix_actor_aliases_actor_id"), "actor_aliases", ["actor_id"])
    op.create_index("uq_actor_aliases_alias_lower", "actor_aliases", [sa.text("lower(alias)")], unique=True)
    op.create_table(
        "topics",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("slug", sa.String(length=100), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("description", sa.Text(), nullable=True),
        sa.Column("parent_id", sa.Integer(), nullable=True),
        sa.Column("scale_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["parent_id"], ["topics.id"], name=op.f("fk_topics_parent_id_topics")),
        sa.ForeignKeyConstraint(["scale_id"], ["scales.id"], name=op.f("fk_topics_scale_id_scales")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_topics")),
        sa.UniqueConstraint("slug", name=op.f("uq_topics_slug")),
    )
    op.create_index(op.f("ix_topics_parent_id"), "topics", ["parent_id"])
    op.create_index(op.f("ix_topics_scale_id"), "topics", ["scale_id"])
    op.create_table(
        "sources",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("slug", sa.String(length=200), nullable=True),
        sa.Column("url", sa.String(length=2000), nullable=True),
        sa.Column("title", sa.String(length=500), nullable=False),
        sa.Column("outlet", sa.String(length=200), nullable=True),
        sa.Column("author", sa.String(length=200), nullable=True),
        sa.Column("published_on", sa.Date(), nullable=True),
        sa.Column("retrieved_on", sa.Date(), nullable=True),
        sa.Column("content", sa.Text(), nullable=True),
        sa.Column("content_sha256", sa.String(length=64), nullable=True),
        sa.Column("added_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_sources")),
        sa.UniqueConstraint("content_sha256", name=op.f("uq_sources_content_sha256")),
        sa.UniqueConstraint("slug", name=op.f("uq_sources_slug")),
        sa.UniqueConstraint("url", name=op.f("uq_sources_url")),
    )
    op.create_table(
        "positions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("actor_id", sa.Integer(), nullable=False),
        sa.Column("topic_id", sa.Integer(), nullable=False),
        sa.Column("stance", sa.Integer(), nullable=False),
        sa.Column("effective_on", sa.Date(), nullable=False),
        sa.Column("date_precision", sa.String(length=5), nullable=False),
        sa.Column("kind", sa.String(length=10), nullable=False),
        sa.Column("summary", sa.Text(), nullable=True),
        sa.Column("recorded_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("retracted_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("retraction_reason", sa.Text(), nullable=True),
        sa.Column("supersedes_id", sa.Integer(), nullable=True),
        sa.CheckConstraint(
            "date_precision IN ('day', 'month', 'year')", name=op.f("ck_positions_date_precision")
        ),
        sa.CheckConstraint("kind IN ('statement', 'action')", name=op.f("ck_positions_kind")),
        sa.ForeignKeyConstraint(["actor_id"], ["actors.id"], name=op.f("fk_positions_actor_id_actors")),
        sa.ForeignKeyConstraint(
            ["supersedes_id"], ["positions.id"], name=op.f("fk_positions_supersedes_id_positions")
        ),
        sa.ForeignKeyConstraint(["topic_id"], ["topics.id"], name=op.f("fk_positions_topic_id_topics")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_positions")),
    )
    op.create_index(
        "ix_positions_reversal_order",
        "positions",
        [
            "actor_id", "topic_id", "effective_on", "recorded_at", "id", "stance", "date_precision",
            "retracted_at",
        ],
    )
    op.create_index(
        "uq_positions_live_identity",
        "positions",
        ["actor_id", "topic_id", "effective_on", "date_precision", "kind", "stance"],
        unique=True,
        sqlite_where=LIVE,
        postgresql_where=LIVE,
    )
    op.create_index(op.f("ix_positions_supersedes_id"), "positions", ["supersedes_id"])
    op.create_index(op.f("ix_positions_topic_id"), "positions", ["topic_id"])
    op.create_table(
        "evidence",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("position_id", sa.Integer(), nullable=False),
        sa.Column("source_id", sa.Integer(), nullable=False),
        sa.Column("quote", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(
            ["position_id"], ["positions.id"], name=op.f("fk_evidence_position_id_positions"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(["source_id"], ["sources.id"], name=op.f("fk_evidence_source_id_sources")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_evidence")),
    )
    op.create_index(op.f("ix_evidence_position_id"), "evidence", ["position_id"])
    op.create_index(op.f("ix_evidence_source_id"), "evidence", ["source_id"])

    op.bulk_insert(scales, [{"id": 1, "slug": "support", "name": "Support", "pivot": 0}])
    op.bulk_insert(
        scale_levels, [{"scale_id": 1, "value": value, "label": label} for value, label in SUPPORT_LEVELS.items()]
    )
    if op.get_bind().dialect.name == "postgresql":
        # The explicit id above does not advance the sequence.
        op.execute("SELECT setval(pg_get_serial_sequence('scales', 'id'), (SELECT max(id) FROM scales))")


def downgrade() -> None:
    op.drop_table("evidence")
    op.drop_table("positions")
    op.drop_table("sources")
    op.drop_table("topics")
    op.drop_table("actor_aliases")
    op.drop_table("actors")
    op.drop_table("scale_levels")
    op.drop_table("scales")
