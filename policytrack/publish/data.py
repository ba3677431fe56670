"""What the published pages show, read with the report queries.

Positions come from the ``v_positions`` definition, changes from the
``reversals`` query (every level, no rollup, like ``v_reversals``), both as
the database stood at ``as_recorded``. A page lists at most ``MAX_ROWS``
positions and changes (the latest) and says how many it left out, so a site
of a million positions stays a site of readable pages.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from policytrack import queries
from policytrack.resolve import get_actor, get_topic

MAX_ROWS = 500
LATEST_ON_INDEX = 20


@dataclass
class Scope:
    """Which topics and actors the site covers (ids; empty means all)."""

    topic_ids: list[int] = field(default_factory=list)
    actor_ids: list[int] = field(default_factory=list)
    as_recorded: dt.datetime | None = None
    rollup: bool = False  # topic pages count each actor as its top-level actor
    # The actors whose positions are in scope: actor_ids, and with rollup every actor below them.
    holder_ids: list[int] = field(default_factory=list)


def scope(session: Session, topics: Sequence[str], actors: Sequence[str], as_recorded, rollup: bool = False) -> Scope:
    actor_ids = [get_actor(session, name).id for name in actors]
    holder_ids = _holders(session, actor_ids, rollup) if actor_ids else []
    return Scope([get_topic(session, slug).id for slug in topics], actor_ids, as_recorded, rollup, holder_ids)


def _holders(session: Session, actor_ids: list[int], rollup: bool) -> list[int]:
    """The actors whose positions count for these: themselves, and with ``rollup`` (top-level
    actors) every actor below them. Ids, not a subquery: two copies of the roots CTE in one
    statement would clash."""
    if not rollup:
        return actor_ids
    roots = queries.actor_roots()
    return list(session.scalars(select(roots.c.actor_id).where(roots.c.root_id.in_(actor_ids))))


def _live_positions(where: Scope):
    p = queries.positions
    conditions = [queries.live(p, where.as_recorded)]
    if where.topic_ids:
        conditions.append(p.c.topic_id.in_(where.topic_ids))
    if where.actor_ids:
        conditions.append(p.c.actor_id.in_(where.holder_ids))
    return conditions


def topic_list(session: Session, where: Scope) -> list[dict]:
    """Topics with live positions in scope, with their counts."""
    p, t = queries.positions, queries.topics
    query = (
        select(t.c.id, t.c.slug, t.c.name, t.c.description, func.count(p.c.id).label("positions"),
               func.count(func.distinct(p.c.actor_id)).label("actors"))
        .join(p, p.c.topic_id == t.c.id)
        .where(*_live_positions(where))
        .group_by(t.c.id, t.c.slug, t.c.name, t.c.description)
        .order_by(t.c.name, t.c.slug)
    )
    return [dict(row) for row in session.execute(query).mappings()]


def actor_list(session: Session, where: Scope) -> list[dict]:
    """Actors with live positions in scope, with their parent and counts."""
    p, a = queries.positions, queries.actors
    parent = a.alias("parent")
    query = (
        select(a.c.id, a.c.slug, a.c.name, a.c.kind, parent.c.slug.label("parent"),
               parent.c.name.label("parent_name"), func.count(p.c.id).label("positions"))
        .join(p, p.c.actor_id == a.c.id)
        .outerjoin(parent, parent.c.id == a.c.parent_id)
        .where(*_live_positions(where))
        .group_by(a.c.id, a.c.slug, a.c.name, a.c.kind, parent.c.slug, parent.c.name)
        .order_by(a.c.name, a.c.slug)
    )
    found = [dict(row) for row in session.execute(query.add_columns(a.c.parent_id)).mappings()]
    return sorted(found + _missing_ancestors(session, found), key=lambda row: (row["name"].lower(), row["slug"]))


def _missing_ancestors(session: Session, found: list[dict]) -> list[dict]:
    """The parents (and theirs) of listed actors that hold no position themselves: their pages list their sub-actors."""
    a = queries.actors
    parent = a.alias("parent")
    known = {row["id"] for row in found}
    wanted = {row["parent_id"] for row in found} - known - {None}
    added = []
    while wanted:
        query = (
            select(a.c.id, a.c.slug, a.c.name, a.c.kind, parent.c.slug.label("parent"),
                   parent.c.name.label("parent_name"), a.c.parent_id)
            .outerjoin(parent, parent.c.id == a.c.parent_id)
            .where(a.c.id.in_(wanted))
        )
        rows = [dict(row, positions=0) for row in session.execute(query).mappings()]
        added += rows
        known |= wanted
        wanted = {row["parent_id"] for row in rows} - known - {None}
    return sorted(added, key=lambda row: (row["name"], row["slug"]))


def sub_actors(session: Session, actor_id: int) -> list[dict]:
    a = queries.actors
    query = select(a.c.slug, a.c.name, a.c.kind).where(a.c.parent_id == actor_id).order_by(a.c.name)
    return [dict(row) for row in session.execute(query).mappings()]


def counts(session: Session, where: Scope) -> dict:
    p, e = queries.positions, queries.evidence
    positions = session.scalar(select(func.count()).select_from(p).where(*_live_positions(where)))
    sources = session.scalar(
        select(func.count(func.distinct(e.c.source_id))).select_from(e.join(p, p.c.id == e.c.position_id))
        .where(*_live_positions(where))
    )
    return {"positions": positions, "sources": sources, "changes": count_changes(session, where)}


def count_changes(
    session: Session, where: Scope, topic_id: int | None = None, actor_id: int | None = None, rollup: bool = False
) -> dict[str, int]:
    """How many changes of each level: the pairs of the reversals query, classified by its
    ``change_level``, without the per-change columns (restores, labels) a count does not need."""
    roots = queries.actor_roots() if rollup else None
    changes = queries._changes(where.as_recorded, roots, actor_id, topic_id)
    t, s = queries.topics, queries.scales
    level = queries.change_level(changes.c.from_stance, changes.c.to_stance, s.c.pivot)
    query = (
        select(level.label("level"), func.count())
        .select_from(changes.join(t, t.c.id == changes.c.topic_id).join(s, s.c.id == t.c.scale_id))
        .group_by(level)
    )
    if where.topic_ids:
        query = query.where(changes.c.topic_id.in_(where.topic_ids))
    if where.actor_ids:
        query = query.where(changes.c.actor_key.in_(where.actor_ids))
    return dict(session.execute(query).all())


def _changes(
    where: Scope, topic_id: int | None = None, actor_id: int | None = None, rollup: bool = False, since=None
):
    query = queries.reversals(
        as_recorded=where.as_recorded, topic_id=topic_id, actor_id=actor_id, level="shift", rollup=rollup,
        since=since,
    )
    # The scope filters on the ids behind the slugs the query returns.
    t, a = queries.topics, queries.actors
    changes = query.subquery("all_changes")
    query = select(changes).select_from(changes)
    if where.topic_ids:
        query = query.join(t, t.c.slug == changes.c.topic).where(t.c.id.in_(where.topic_ids))
    if where.actor_ids:
        query = query.join(a, a.c.slug == changes.c.actor).where(a.c.id.in_(where.actor_ids))
    return query


def latest_changes(
    session: Session, where: Scope, topic_id: int | None = None, actor_id: int | None = None,
    limit: int = MAX_ROWS, rollup: bool = False,
) -> tuple[list[dict], int]:
    """The latest changes (newest first) and how many there are in all; ``rollup`` counts
    ``actor_id`` (a top-level actor) with all its sub-actors, as ``reversals --rollup`` does.

    The reversals query computes its per-change columns (restores, sources) for every
    change it keeps, so it is asked only for changes dated on or after the date of the
    latest positions, widening that window until it holds ``limit`` changes.
    """
    total = sum(count_changes(session, where, topic_id, actor_id, rollup).values())
    window = limit
    while True:
        since = _date_of_latest(session, where, topic_id, actor_id, rollup, window)
        changes = _changes(where, topic_id, actor_id, rollup, since).subquery("changes")
        a, t = queries.actors, queries.topics
        # Under rollup the change's own actors (its "By" column) are sub-actors: named too.
        from_actor, to_actor = queries.actors.alias("from_actor"), queries.actors.alias("to_actor")
        query = (
            select(
                changes, a.c.name.label("actor_name"), t.c.name.label("topic_name"),
                from_actor.c.name.label("from_actor_name"), to_actor.c.name.label("to_actor_name"),
            )
            .join(a, a.c.slug == changes.c.actor)
            .join(t, t.c.slug == changes.c.topic)
            .join(from_actor, from_actor.c.slug == changes.c.from_actor)
            .join(to_actor, to_actor.c.slug == changes.c.to_actor)
            .order_by(changes.c.to_on.desc(), changes.c.to_position.desc())
            .limit(limit)
        )
        rows = [dict(row) for row in session.execute(query).mappings()]
        if len(rows) >= min(limit, total) or since is None:
            return rows, total
        window *= 4


def _date_of_latest(session, where, topic_id, actor_id, rollup, count: int):
    """The date of the ``count``-th latest live position in scope (None when there are fewer)."""
    p = queries.positions
    conditions = _live_positions_of_page(session, where, topic_id, actor_id, rollup)
    query = select(p.c.effective_on).where(*conditions).order_by(p.c.effective_on.desc()).offset(count - 1).limit(1)
    return session.scalar(query)


def _live_positions_of_page(
    session: Session, where: Scope, topic_id: int | None, actor_id: int | None, rollup: bool
) -> list:
    """The live positions in scope that one page covers: those of its topic and of its actor."""
    p = queries.positions
    conditions = _live_positions(where)
    if topic_id is not None:
        conditions.append(p.c.topic_id == topic_id)
    if actor_id is not None:
        conditions.append(p.c.actor_id.in_(_holders(session, [actor_id], rollup)))
    return conditions


def latest_positions(
    session: Session, where: Scope, topic_id: int | None = None, actor_id: int | None = None,
    limit: int = MAX_ROWS, rollup: bool = False,
) -> tuple[list[dict], int]:
    """The latest live positions (newest first) with their evidence, and how many there are in all;
    ``rollup`` includes those of the sub-actors of ``actor_id`` (a top-level actor)."""
    rows = queries.position_rows().subquery("v_positions")
    p = queries.positions
    conditions = _live_positions_of_page(session, where, topic_id, actor_id, rollup)
    total = session.execute(select(func.count()).select_from(p).where(*conditions)).scalar_one()
    query = (
        select(rows)
        .join(p, p.c.id == rows.c.id)
        .where(*conditions)
        .order_by(p.c.effective_on.desc(), p.c.recorded_at.desc(), p.c.id.desc())
        .limit(limit)
    )
    found = [dict(row) for row in session.execute(query).mappings()]
    evidence = evidence_of(session, [row["id"] for row in found])
    for row in found:
        row["evidence"] = evidence.get(row["id"], [])
    return found, total


def evidence_of(session: Session, position_ids: list[int]) -> dict[int, list[dict]]:
    e, s = queries.evidence, queries.sources
    found: dict[int, list[dict]] = defaultdict(list)
    for start in range(0, len(position_ids), 500):
        query = (
            select(e.c.position_id, e.c.quote, s.c.id.label("source_id"), s.c.slug, s.c.url, s.c.title, s.c.outlet,
                   s.c.published_on)
            .join(s, s.c.id == e.c.source_id)
            .where(e.c.position_id.in_(position_ids[start:start + 500]))
            .order_by(e.c.position_id, s.c.published_on, s.c.id)
        )
        for row in session.execute(query).mappings():
            found[row["position_id"]].append(dict(row))
    return found
