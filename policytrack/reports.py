"""The analysis reports: reversals, positions in force, diffs.

Each function resolves names and dates (raising at once on a bad one), runs
one query from ``policytrack.queries`` and returns its rows as dicts, lazily:
iterate them inside the session (``list(...)`` in a notebook), so a report of
a million rows streams instead of sitting in memory.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

from sqlalchemy.orm import Session

from policytrack import queries
from policytrack.dates import parse_date
from policytrack.errors import InvalidValue
from policytrack.resolve import get_actor, get_topic


def _rows(session: Session, query) -> Iterator[dict]:
    result = session.execute(query.execution_options(yield_per=2000))
    keys = list(result.keys())
    for row in result:
        yield dict(zip(keys, row))


def _top_level(actor):
    while actor.parent is not None:
        actor = actor.parent
    return actor


def _actor_id(session: Session, actor: str, rollup: bool) -> int:
    """The actor named, or under ``rollup`` the top-level actor it stands for."""
    row = get_actor(session, actor)
    return (_top_level(row) if rollup else row).id


def rollup_hint(session: Session, actor: str | None) -> str | None:
    """A hint for an actor with sub-actors and no positions of its own, asked about without --rollup."""
    from sqlalchemy import exists, select

    from policytrack.models import Actor, Position

    if not actor:
        return None
    row = get_actor(session, actor)
    own = session.scalar(select(exists().where(Position.actor_id == row.id)))
    children = list(session.scalars(select(Actor.slug).where(Actor.parent_id == row.id).order_by(Actor.slug)))
    if own or not children:
        return None
    return (
        f"hint: {row.slug} has no positions of its own; its sub-actors ({', '.join(children)}) do: "
        "add --rollup to count them as one"
    )


def _topic_id(session: Session, topic: str | None) -> int | None:
    return get_topic(session, topic).id if topic else None


def _end_of(value: object, what: str) -> dt.date:
    """A date filter read as the end of its period (``--on 2023`` is through 2023-12-31)."""
    return parse_date(value, what).end


def find_reversals(
    session: Session,
    actor: str | None = None,
    topic: str | None = None,
    since: object = None,
    until: object = None,
    level: str = "full",
    rollup: bool = False,
    as_recorded: dt.datetime | None = None,
) -> Iterator[dict]:
    """Stance changes at ``level`` or above; see SPEC.md "Reversals"."""
    if level not in queries.LEVELS:
        raise InvalidValue(f"invalid level {level!r}: choose full, partial or shift")
    actor_id = None
    if actor:
        actor_row = get_actor(session, actor)
        actor_id = (_top_level(actor_row) if rollup else actor_row).id
    query = queries.reversals(
        as_recorded=as_recorded,
        rollup=rollup,
        actor_id=actor_id,
        topic_id=_topic_id(session, topic),
        since=parse_date(since, "--since").start if since else None,
        until=_end_of(until, "--until") if until else None,
        level=level,
        with_sources=True,
        ordered=True,
    )
    return (_with_source_list(row) for row in _rows(session, query))


def _with_source_list(row: dict) -> dict:
    # A source quoted twice for one position is still one source.
    row["sources"] = sorted(set(row["sources"].split("\n"))) if row["sources"] else []
    return row


def current_positions(
    session: Session,
    on: object = None,
    actor: str | None = None,
    topic: str | None = None,
    as_recorded: dt.datetime | None = None,
    rollup: bool = False,
) -> Iterator[dict]:
    """The position in force on ``on`` (default today) for each actor and topic
    (with ``rollup``, for each top-level actor)."""
    query = queries.current_positions(
        on=_end_of(on, "--on") if on else dt.date.today(),
        as_recorded=as_recorded,
        actor_id=_actor_id(session, actor, rollup) if actor else None,
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
) -> Iterator[dict]:
    """What changed in one actor's positions between two dates."""
    # The widest reading of coarse dates: "--from 2020 --to 2024" spans 2020-01-01..2024-12-31.
    start = parse_date(date_from, "--from").start
    end = _end_of(date_to, "--to") if date_to else dt.date.today()
    if end < start:
        raise InvalidValue(f"--to ({end}) is before --from ({start})")
    query = queries.diff_dates(
        _actor_id(session, actor, rollup), start, end, as_recorded=as_recorded, topic_id=_topic_id(session, topic),
        rollup=rollup,
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
) -> Iterator[dict]:
    """Where two actors agree and differ on the positions in force on one date."""
    query = queries.diff_actors(
        _actor_id(session, actor_a, rollup),
        _actor_id(session, actor_b, rollup),
        _end_of(on, "--on") if on else dt.date.today(),
        as_recorded=as_recorded,
        topic_id=_topic_id(session, topic),
        rollup=rollup,
    )
    return _rows(session, query)
