"""The schema of SPEC.md as SQLAlchemy 2.x typed models.

The database itself is created only by the Alembic revisions in
``migrations/``; ``tests/test_migrations.py`` checks that they agree.
"""

from __future__ import annotations

import datetime as dt
import unicodedata
from typing import TYPE_CHECKING, ClassVar, NamedTuple, Optional

from sqlalchemy import (
    CheckConstraint,
    Date,
    DateTime,
    ForeignKey,
    ForeignKeyConstraint,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    TypeDecorator,
    UniqueConstraint,
    event,
    text,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship, validates

from policytrack.dates import as_utc, utcnow
from policytrack.vocabulary import (
    ACTOR_KINDS,
    DATE_PRECISIONS,
    DEFAULT_ACTOR_KIND,
    DEFAULT_POSITION_KIND,
    POSITION_KINDS,
)

NAMING_CONVENTION = {
    "ix": "ix_%(table_name)s_%(column_0_N_name)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class UTCDateTime(TypeDecorator):
    """A timestamp stored in UTC on both backends and read back as aware UTC.

    SQLite has no time zones, so values are stored naive (in UTC); PostgreSQL
    stores ``timestamp with time zone``.
    """

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value, dialect):
        if value is None:
            return None
        value = as_utc(value)
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value, dialect):
        return None if value is None else as_utc(value)


def _choice(column: str, values: tuple[str, ...]) -> str:
    return f"{column} IN ({', '.join(repr(v) for v in values)})"


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)

    if TYPE_CHECKING:
        # Every model maps one Table (DeclarativeBase declares any FromClause).
        __table__: ClassVar[Table]


class Scale(Base):
    __tablename__ = "scales"

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(100), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    pivot: Mapped[int] = mapped_column(Integer)

    levels: Mapped[list[ScaleLevel]] = relationship(
        back_populates="scale", order_by="ScaleLevel.value", cascade="all, delete-orphan"
    )


class ScaleLevel(Base):
    __tablename__ = "scale_levels"
    __table_args__ = (UniqueConstraint("scale_id", "label"),)

    scale_id: Mapped[int] = mapped_column(ForeignKey("scales.id", ondelete="CASCADE"), primary_key=True)
    value: Mapped[int] = mapped_column(Integer, primary_key=True)
    label: Mapped[str] = mapped_column(String(200))

    scale: Mapped[Scale] = relationship(back_populates="levels")


class Actor(Base):
    __tablename__ = "actors"
    __table_args__ = (CheckConstraint(_choice("kind", ACTOR_KINDS), name="kind"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(100), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    kind: Mapped[str] = mapped_column(String(20), default=DEFAULT_ACTOR_KIND)
    parent_id: Mapped[Optional[int]] = mapped_column(ForeignKey("actors.id"), index=True)
    active_from: Mapped[Optional[dt.date]] = mapped_column(Date)
    active_until: Mapped[Optional[dt.date]] = mapped_column(Date)
    note: Mapped[Optional[str]] = mapped_column(Text)

    parent: Mapped[Optional[Actor]] = relationship(remote_side=[id])
    aliases: Mapped[list[ActorAlias]] = relationship(
        back_populates="actor", order_by="ActorAlias.alias", cascade="all, delete-orphan"
    )


def name_key(name: str) -> str:
    """What a typed name is compared by: its case folded and its composition fixed.

    "USA" and "usa" are one name, and so are "Élysée" and "ÉLYSÉE", and an
    "é" typed as one character or as "e" and a combining accent. Computed
    here rather than by the database: SQLite's lower() knows only ASCII and
    PostgreSQL's depends on the server's locale.
    """
    return unicodedata.normalize("NFC", unicodedata.normalize("NFC", name.strip()).casefold())


class ActorAlias(Base):
    __tablename__ = "actor_aliases"
    __table_args__ = (
        # One alias per name key, across all actors: a name typed anywhere names one actor.
        Index("uq_actor_aliases_alias_key", "alias_key", unique=True),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    actor_id: Mapped[int] = mapped_column(ForeignKey("actors.id", ondelete="CASCADE"), index=True)
    alias: Mapped[str] = mapped_column(String(200))
    # name_key(alias); case folding can lengthen a name (ß is ss), hence the room.
    alias_key: Mapped[str] = mapped_column(String(600))

    actor: Mapped[Actor] = relationship(back_populates="aliases")

    @validates("alias")
    def _keep_key(self, _field: str, alias: str) -> str:
        self.alias_key = name_key(alias)
        return alias


class Topic(Base):
    __tablename__ = "topics"

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(100), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    description: Mapped[Optional[str]] = mapped_column(Text)
    parent_id: Mapped[Optional[int]] = mapped_column(ForeignKey("topics.id"), index=True)
    scale_id: Mapped[int] = mapped_column(ForeignKey("scales.id"), index=True)

    parent: Mapped[Optional[Topic]] = relationship(remote_side=[id])
    scale: Mapped[Scale] = relationship()


class Source(Base):
    __tablename__ = "sources"
    __table_args__ = (CheckConstraint(_choice("published_precision", DATE_PRECISIONS), name="published_precision"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[Optional[str]] = mapped_column(String(200), unique=True)
    url: Mapped[Optional[str]] = mapped_column(String(2000), unique=True)
    title: Mapped[str] = mapped_column(String(500))
    outlet: Mapped[Optional[str]] = mapped_column(String(200))
    author: Mapped[Optional[str]] = mapped_column(String(200))
    published_on: Mapped[Optional[dt.date]] = mapped_column(Date)
    # Like positions.date_precision: "published in 2024" is 2024-01-01, year.
    published_precision: Mapped[Optional[str]] = mapped_column(String(5))
    retrieved_on: Mapped[Optional[dt.date]] = mapped_column(Date)
    content: Mapped[Optional[str]] = mapped_column(Text)
    content_sha256: Mapped[Optional[str]] = mapped_column(String(64), unique=True)
    added_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)


class PositionIdentity(NamedTuple):
    """What makes two positions the same position (SPEC.md, "Bundle format"):
    the same actor, topic, date at the same precision, kind and stance.

    Among live positions the unique index ``uq_positions_live_identity``
    enforces it; every writer (record, correct, the bundle and CSV
    importers) finds an existing position by it.
    """

    actor_id: int
    topic_id: int
    effective_on: dt.date
    date_precision: str
    kind: str
    stance: int

    def matches(self, table=None) -> list:
        """Conditions selecting the positions (of ``table``, default positions) with this identity."""
        columns = (Position.__table__ if table is None else table).c
        return [columns[name] == value for name, value in zip(self._fields, self)]

    @classmethod
    def alike(cls, a, b, apart_from: tuple[str, ...] = ()) -> list:
        """Conditions that rows of the positions tables ``a`` and ``b`` have the
        same identity but for the columns ``apart_from`` (those a change would set alike)."""
        return [a.c[name] == b.c[name] for name in cls._fields if name not in apart_from]

    @classmethod
    def of(cls, position: Position) -> PositionIdentity:
        return cls(*(getattr(position, name) for name in cls._fields))


#: The identity's columns, in the order of the unique index on them.
POSITION_IDENTITY = PositionIdentity._fields
LIVE_IDENTITY_INDEX = "uq_positions_live_identity"
LIVE_POSITIONS = text("retracted_at IS NULL")


class Position(Base):
    __tablename__ = "positions"
    __table_args__ = (
        CheckConstraint(_choice("kind", POSITION_KINDS), name="kind"),
        CheckConstraint(_choice("date_precision", DATE_PRECISIONS), name="date_precision"),
        # Reversal order within one actor and topic, covering every column the
        # window queries read, so they scan this index alone (measured at 1M
        # positions on SQLite: 1.5 s instead of 3 to 6 s).
        Index(
            "ix_positions_reversal_order",
            "actor_id", "topic_id", "effective_on", "recorded_at", "id", "stance", "date_precision",
            "retracted_at",
        ),
        # One live position per identity (PositionIdentity, above): recording or
        # importing the same position again adds evidence to it instead of a duplicate.
        # Partial on PostgreSQL too: schema_metadata() adds its postgresql_where.
        Index(LIVE_IDENTITY_INDEX, *POSITION_IDENTITY, unique=True, sqlite_where=LIVE_POSITIONS),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    actor_id: Mapped[int] = mapped_column(ForeignKey("actors.id"))
    topic_id: Mapped[int] = mapped_column(ForeignKey("topics.id"), index=True)
    stance: Mapped[int] = mapped_column(Integer)
    effective_on: Mapped[dt.date] = mapped_column(Date)
    date_precision: Mapped[str] = mapped_column(String(5), default="day")
    kind: Mapped[str] = mapped_column(String(10), default=DEFAULT_POSITION_KIND)
    summary: Mapped[Optional[str]] = mapped_column(Text)
    recorded_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    retracted_at: Mapped[Optional[dt.datetime]] = mapped_column(UTCDateTime)
    retraction_reason: Mapped[Optional[str]] = mapped_column(Text)
    supersedes_id: Mapped[Optional[int]] = mapped_column(ForeignKey("positions.id"), index=True)

    actor: Mapped[Actor] = relationship()
    topic: Mapped[Topic] = relationship()
    evidence: Mapped[list[Evidence]] = relationship(
        back_populates="position", order_by="Evidence.id", cascade="all, delete-orphan"
    )


class Evidence(Base):
    __tablename__ = "evidence"

    id: Mapped[int] = mapped_column(primary_key=True)
    position_id: Mapped[int] = mapped_column(ForeignKey("positions.id", ondelete="CASCADE"), index=True)
    source_id: Mapped[int] = mapped_column(ForeignKey("sources.id"), index=True)
    quote: Mapped[Optional[str]] = mapped_column(Text)

    position: Mapped[Position] = relationship(back_populates="evidence")
    source: Mapped[Source] = relationship()


class AuditEntry(Base):
    """One changed field of one record: the trace every in-place fix leaves.

    Written by the service layer (``policytrack.audit``) in the same
    transaction as the change; ``history`` and the view ``v_history`` read it.
    """

    __tablename__ = "audit_log"

    id: Mapped[int] = mapped_column(primary_key=True)
    changed_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)
    changed_by: Mapped[Optional[str]] = mapped_column(String(200))
    action: Mapped[str] = mapped_column(String(50))
    record_type: Mapped[str] = mapped_column(String(20))
    record_id: Mapped[Optional[int]] = mapped_column(Integer)
    record: Mapped[str] = mapped_column(String(500))
    field: Mapped[Optional[str]] = mapped_column(String(50))
    old_value: Mapped[Optional[str]] = mapped_column(Text)
    new_value: Mapped[Optional[str]] = mapped_column(Text)


class TopicKeyword(Base):
    """A phrase that signals a topic in a text ("anti-personnel mines")."""

    __tablename__ = "topic_keywords"
    __table_args__ = (UniqueConstraint("topic_id", "phrase"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    topic_id: Mapped[int] = mapped_column(ForeignKey("topics.id", ondelete="CASCADE"))
    phrase: Mapped[str] = mapped_column(String(200))


class ScaleCue(Base):
    """A phrase that signals a level of a scale ("lift restrictions" -> permit)."""

    __tablename__ = "scale_cues"
    __table_args__ = (
        ForeignKeyConstraint(
            ["scale_id", "value"], ["scale_levels.scale_id", "scale_levels.value"], ondelete="CASCADE"
        ),
        UniqueConstraint("scale_id", "value", "phrase"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    scale_id: Mapped[int] = mapped_column(Integer)
    value: Mapped[int] = mapped_column(Integer)
    phrase: Mapped[str] = mapped_column(String(200))


def schema_metadata() -> MetaData:
    """``Base.metadata`` complete for schema work on either backend: what the
    Alembic environment compares the database with.

    The live identity index gets its ``postgresql_where`` here rather than in
    ``Position``: SQLAlchemy validates a dialect's keyword argument when it is
    given, by importing that dialect's package (with its five drivers'
    modules, about 30 ms), and every report or ``record`` on SQLite would pay
    for it. Queries and writes never read an index's options; only DDL and
    autogenerate do, and DDL from the models (``create_all``) completes them
    itself (``_complete_before_create``). ``dialect_kwargs`` is documented as
    writable.
    """
    index = next(index for index in Position.__table__.indexes if index.name == LIVE_IDENTITY_INDEX)
    index.dialect_kwargs["postgresql_where"] = LIVE_POSITIONS
    return Base.metadata


@event.listens_for(Position.__table__, "before_create")
def _complete_before_create(_table, connection, **_kw) -> None:
    # Creating the tables from the models rather than the revisions (as a
    # test or a script might) still gets the partial index on PostgreSQL.
    if connection.dialect.name == "postgresql":
        schema_metadata()
