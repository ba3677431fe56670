"""Aliases unique by their name key (case folded, NFC) on both backends.

Until now an alias was unique by ``lower(alias)``, which SQLite computes
for ASCII only and PostgreSQL by its locale: "Élysée" and "élysée" could
both be stored, and a lookup found either. Each alias now carries
``alias_key`` (``policytrack.models.name_key``), unique.

Aliases stored before that share a key with an older alias cannot stay:
the later one is removed and noted on its actor (``note``), and a line on
stderr says so.

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-01
"""

import sys
import unicodedata

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def name_key(name: str) -> str:
    # A copy of policytrack.models.name_key as of this revision: a revision must not change with the code.
    return unicodedata.normalize("NFC", unicodedata.normalize("NFC", name.strip()).casefold())


aliases = sa.table(
    "actor_aliases",
    sa.column("id", sa.Integer),
    sa.column("actor_id", sa.Integer),
    sa.column("alias", sa.String),
    sa.column("alias_key", sa.String),
)
actors = sa.table("actors", sa.column("id", sa.Integer), sa.column("slug", sa.String), sa.column("note", sa.Text))


def upgrade() -> None:
    op.drop_index("uq_actor_aliases_alias_lower", table_name="actor_aliases")
    op.add_column("actor_aliases", sa.Column("alias_key", sa.String(length=600), nullable=True))
    bind = op.get_bind()
    slugs = dict(bind.execute(sa.select(actors.c.id, actors.c.slug)).all())
    kept: dict[str, tuple[int, str]] = {}
    for alias_id, actor_id, alias in bind.execute(
        sa.select(aliases.c.id, aliases.c.actor_id, aliases.c.alias).order_by(aliases.c.id)
    ).all():
        key = name_key(alias)
        if key in kept:
            _drop_duplicate(bind, alias_id, actor_id, alias, *kept[key], slugs)
            continue
        kept[key] = (actor_id, alias)
        bind.execute(sa.update(aliases).where(aliases.c.id == alias_id).values(alias_key=key))
    with op.batch_alter_table("actor_aliases") as batch:
        batch.alter_column("alias_key", existing_type=sa.String(length=600), nullable=False)
    op.create_index("uq_actor_aliases_alias_key", "actor_aliases", ["alias_key"], unique=True)


def _drop_duplicate(bind, alias_id, actor_id, alias, holder_id, holder_alias, slugs) -> None:
    message = (
        f'alias "{alias}" of actor {slugs[actor_id]} removed by revision 0004: '
        f'it is the same name as "{holder_alias}" of actor {slugs[holder_id]}'
    )
    print(f"policytrack: {message}", file=sys.stderr)
    note = bind.execute(sa.select(actors.c.note).where(actors.c.id == actor_id)).scalar()
    bind.execute(
        sa.update(actors).where(actors.c.id == actor_id).values(note=f"{note}\n{message}" if note else message)
    )
    bind.execute(sa.delete(aliases).where(aliases.c.id == alias_id))


def downgrade() -> None:
    op.drop_index("uq_actor_aliases_alias_key", table_name="actor_aliases")
    with op.batch_alter_table("actor_aliases") as batch:
        batch.drop_column("alias_key")
    op.create_index("uq_actor_aliases_alias_lower", "actor_aliases", [sa.text("lower(alias)")], unique=True)
