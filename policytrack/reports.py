"""The analysis reports: the timeline, reversals, positions in force, diffs.

Each function resolves names and dates (raising at once on a bad one), runs
one query from ``policytrack.queries`` and returns its rows as dicts, lazily:
iterate them inside the session (``list(...)`` in a notebook), so a report of
a million rows streams instead of sitting in memory.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

from sqlalchemy import select
from sqlalchemy.orm import Session

from policytrack import queries
from policytrack.dates import date_option, parse_date, period
from policytrack.output import Lines, TypedRows
from policytrack.position_reader import read_positions
from policytrack.resolve import get_actor, get_topic
from policytrack.sources import source_ref
from policytrack.vocabulary import change_level


def _rows(session: Session, query, source_lists: tuple[str, ...] = ()) -> TypedRows:
    """The rows of one report query, streamed (CHUNK at a time) when first iterated.

    ``source_lists``: columns of sources one per line (``queries.source_refs``), read as
    the sorted list of distinct sources (a source quoted twice for one position is still
    one source)."""
    keys = [column.key for column in query.selected_columns]
    types = [Lines if key in source_lists else _python_type(column) for key, column in zip(keys, query.selected_columns)]
    return TypedRows(keys, types, lambda: session.execute(query.execution_options(yield_per=CHUNK)).partitions())


#: Rows a report reads from the database at a time.
CHUNK = 2000


def _python_type(column) -> type:
    try:
        return column.type.python_type
    except NotImplementedError:  # SQLAlchemy's answer for a type without one (NullType, some TypeDecorators)
        return object


def _top_level(actor):
    while actor.parent is not None:
        actor = actor.parent
    return actor


def _topic_id(session: Session, topic: str | None) -> int | None:
    return get_topic(session, topic).id if topic else None


def counted_actor_id(session: Session, actor: str | None, rollup: bool) -> int | None:
    """The id a report filters on for ``--actor``: with ``--rollup`` a sub-actor
    stands for its top-level ancestor (pair with ``queries.counted_actor``)."""
    if not actor:
        return None
    actor_row = get_actor(session, actor)
    return (_top_level(actor_row) if rollup else actor_row).id


def rollup_hint(session: Session, actor: str | None) -> str | None:
    """A hint for a report of ``actor`` without ``--rollup`` when the actor has
    no positions of its own but actors below it have (``us`` and its administrations)."""
    if not actor:
        return None
    actor_row = get_actor(session, actor)
    positions, actors = queries.positions, queries.actors
    if session.scalar(select(positions.c.id).where(positions.c.actor_id == actor_row.id).limit(1)) is not None:
        return None
    below = queries.sub_actors(actor_row.id)
    held_below = select(positions.c.id).where(positions.c.actor_id.in_(select(below.c.actor_id))).limit(1)
    if session.scalar(held_below) is None:
        return None
    children = session.scalars(select(actors.c.slug).where(actors.c.parent_id == actor_row.id).order_by(actors.c.slug))
    return (
        f"hint: {actor_row.slug} has no positions of its own; its sub-actors ({', '.join(children)}) do: "
        "add --rollup to count them as one"
    )


def timeline(
    session: Session,
    actor: str | None = None,
    topic: str | None = None,
    include_retracted: bool = False,
    as_recorded: dt.datetime | None = None,
    rollup: bool = False,
    since: object = None,
    until: object = None,
    kind: str | None = None,
) -> Iterator[dict]:
    """Positions in reversal order, each with its sources and quotes; streamed."""
    start, end = period(since, until, "--since", "--until")
    query = queries.timeline(
        as_recorded=as_recorded,
        include_retracted=include_retracted,
        actor_id=counted_actor_id(session, actor, rollup),
        rollup=rollup,
        topic_id=_topic_id(session, topic),
        since=start,
        until=end,
        kind=kind,
    )
    return (_with_sources(row) for row in read_positions(session, query))


def _with_sources(row: dict) -> dict:
    row["sources"] = [{"source": source_ref(cited.source), "quote": cited.quote} for cited in row.pop("evidence")]
    return row


def find_reversals(
    session: Session,
    actor: str | None = None,
    topic: str | None = None,
    since: object = None,
    until: object = None,
    level: str = "full",
    rollup: bool = False,
    as_recorded: dt.datetime | None = None,
) -> TypedRows:
    """Stance changes at ``level`` or above; see SPEC.md "Reversals"."""
    level = change_level(level)
    # The widest reading of coarse dates: "--since 2020 --until 2024" spans 2020-01-01..2024-12-31.
    start, end = period(since, until, "--since", "--until")
    query = queries.reversals(
        as_recorded=as_recorded,
        rollup=rollup,
        actor_id=counted_actor_id(session, actor, rollup),
        topic_id=_topic_id(session, topic),
        since=start,
        until=end,
        level=level,
        with_sources=True,
        ordered=True,
        # The faster form of `restores` on each backend (queries.reversals).
        restores_from_window=session.get_bind().dialect.name == "postgresql",
    )
    return _rows(session, query, source_lists=("sources",))


def current_positions(
    session: Session,
    on: object = None,
    actor: str | None = None,
    topic: str | None = None,
    as_recorded: dt.datetime | None = None,
    rollup: bool = False,
) -> TypedRows:
    """The position in force on ``on`` (default today) for each actor and topic
    (with ``rollup``, for each top-level actor)."""
    query = queries.current_positions(
        on=date_option(on, "--on") if on else dt.date.today(),
        as_recorded=as_recorded,
        actor_id=counted_actor_id(session, actor, rollup),
        topic_id=_topic_id(session, topic),
        rollup=rollup,
    )
    return _rows(session, query)


def diff_dates(
    session: Session,
    actor: str,
    date_from: object,
    date_to: object = None,
    topic: str | None = None,
    as_recorded: dt.datetime | None = None,
    rollup: bool = False,
) -> TypedRows:
    """What changed in one actor's positions between two dates."""
    parse_date(date_from, "--from")  # required
    start, end = period(date_from, date_to or dt.date.today().isoformat(), "--from", "--to")
    assert start is not None and end is not None  # both dates are given (checked above, or today)
    # The "from" side is the state just before --from's first day: a position
    # dated "2024-11" is stored as 2024-11-01, and it is a change made during
    # --from 2024-11, so it must not already be in force on the "from" side.
    query = queries.diff_dates(
        counted_actor_id(session, actor, rollup), start - dt.timedelta(days=1), end,
        as_recorded=as_recorded, topic_id=_topic_id(session, topic), rollup=rollup,
    )
    return _rows(session, query)


def diff_actors(
    session: Session,
    actor_a: str,
    actor_b: str,
    on: object = None,
    topic: str | None = None,
    as_recorded: dt.datetime | None = None,
    rollup: bool = False,
) -> TypedRows:
    """Where two actors agree and differ on the positions in force on one date."""
    query = queries.diff_actors(
        counted_actor_id(session, actor_a, rollup),
        counted_actor_id(session, actor_b, rollup),
        date_option(on, "--on") if on else dt.date.today(),
        as_recorded=as_recorded,
        topic_id=_topic_id(session, topic),
        rollup=rollup,
    )
    return _rows(session, query)
