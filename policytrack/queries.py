"""The analytics of policytrack as SQL: one definition per report.

Each builder returns an SQLAlchemy ``Select``. The reports run them with
parameters (a date, ``--as-recorded``, ``--rollup``, filters), and the views
of SPEC.md are the same builders compiled without parameters (see
``policytrack.views``), so a report and its view cannot disagree.

Positions are ordered within one actor and topic by
``(effective_on, recorded_at, id)``: the *reversal order*.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import and_, case, func, literal, null, or_, select, tuple_
from sqlalchemy.sql import ColumnElement, FromClause, Select

from policytrack.models import Actor, Evidence, Position, Scale, ScaleLevel, Source, Topic
from policytrack.resolve import source_reference_sql
from policytrack.vocabulary import levels_at_least

positions = Position.__table__
actors = Actor.__table__
topics = Topic.__table__
scales = Scale.__table__
scale_levels = ScaleLevel.__table__
evidence = Evidence.__table__
sources = Source.__table__

def live(table=positions, as_recorded: dt.datetime | None = None) -> ColumnElement[bool]:
    """Positions not retracted, as the database stood at ``as_recorded`` (default: now)."""
    if as_recorded is None:
        return table.c.retracted_at.is_(None)
    return and_(
        table.c.recorded_at <= as_recorded,
        or_(table.c.retracted_at.is_(None), table.c.retracted_at > as_recorded),
    )


def change_level(from_stance, to_stance, pivot) -> ColumnElement[str]:
    """``full``, ``partial`` or ``shift`` for two different stances on a scale with ``pivot``."""
    return case(
        ((from_stance - pivot) * (to_stance - pivot) < 0, literal("full")),
        (or_(from_stance == pivot, to_stance == pivot), literal("partial")),
        else_=literal("shift"),
    )


def relation(stance_a, stance_b, pivot) -> ColumnElement[str]:
    """How two actors' stances on one topic compare (``diff ACTOR OTHER``)."""
    return case(
        (stance_a.is_(None), literal("only_b")),
        (stance_b.is_(None), literal("only_a")),
        (stance_a == stance_b, literal("agree")),
        ((stance_a - pivot) * (stance_b - pivot) < 0, literal("opposed")),
        else_=literal("differ"),
    )


def actor_roots():
    """Each actor with its top-level ancestor (itself when it has no parent)."""
    base = (
        select(actors.c.id.label("actor_id"), actors.c.id.label("root_id"))
        .where(actors.c.parent_id.is_(None))
        .cte("actor_roots", recursive=True)
    )
    child = actors.alias("child")
    return base.union_all(
        select(child.c.id, base.c.root_id).where(child.c.parent_id == base.c.actor_id)
    )


def counted_actor(table=positions, roots=None):
    """``--rollup`` in one place: the actor each position of ``table`` counts as,
    and the FROM clause that provides it.

    Without ``roots`` a position counts as its own actor; with ``roots``
    (:func:`actor_roots`) as its top-level ancestor. A report groups or
    filters on the returned column (``column == actor_id`` with the top-level
    id from ``reports.counted_actor_id``) and selects from the returned clause.
    """
    if roots is None:
        return table.c.actor_id, table
    return roots.c.root_id, table.join(roots, roots.c.actor_id == table.c.actor_id)


def sub_actors(actor_id: int):
    """Every actor below ``actor_id`` (children, their children, ...)."""
    base = select(actors.c.id.label("actor_id")).where(actors.c.parent_id == actor_id).cte("sub_actors", recursive=True)
    child = actors.alias("child")
    return base.union_all(select(child.c.id).where(child.c.parent_id == base.c.actor_id))


def source_refs(position_id) -> ColumnElement[str]:
    """The position's sources (as reports name them), one per line."""
    ref = source_reference_sql(sources)
    return (
        select(func.aggregate_strings(ref, "\n"))
        .select_from(evidence.join(sources, evidence.c.source_id == sources.c.id))
        .where(evidence.c.position_id == position_id)
        .scalar_subquery()
    )


def _label(level_table, stance, scale_id):
    return and_(level_table.c.scale_id == scale_id, level_table.c.value == stance)


# Reversals ------------------------------------------------------------


def _changes(as_recorded, roots, actor_id, topic_id, restores_from_window=False):
    """Every live position whose stance differs from the one before it in
    reversal order (LAG), with that previous position's id and stance.

    Only the id and the stance come from the window: the rest of the previous
    position is joined by id, for the changes alone (each LAG costs a pass
    over every position; measured at 1M positions, 4.1 s instead of 5.6 s).

    With ``restores_from_window``, ``restores`` comes from a second window:
    the previous row in reversal order among the positions of the same
    (rolled-up) actor, topic and stance. That is the latest such position
    before the one the change replaces too, since that one, right before the
    change in reversal order, has another stance. See :func:`reversals`.
    """
    p = positions
    actor_key, frm = counted_actor(p, roots)
    conditions = [live(p, as_recorded)]
    if actor_id is not None:
        conditions.append(actor_key == actor_id)
    if topic_id is not None:
        conditions.append(p.c.topic_id == topic_id)
    window = {"partition_by": (actor_key, p.c.topic_id), "order_by": (p.c.effective_on, p.c.recorded_at, p.c.id)}
    same_stance = {"partition_by": (actor_key, p.c.topic_id, p.c.stance), "order_by": window["order_by"]}
    restores = (
        [func.lag(p.c.id, type_=p.c.id.type).over(**same_stance).label("restores")] if restores_from_window else []
    )
    pairs = (
        select(
            actor_key.label("actor_key"),
            p.c.topic_id,
            func.lag(p.c.id, type_=p.c.id.type).over(**window).label("from_position"),
            func.lag(p.c.stance, type_=p.c.stance.type).over(**window).label("from_stance"),
            p.c.id.label("to_position"),
            p.c.actor_id.label("to_actor_id"),
            p.c.stance.label("to_stance"),
            p.c.effective_on.label("to_on"),
            p.c.date_precision.label("to_precision"),
            p.c.recorded_at.label("to_recorded_at"),
            *restores,
        )
        .select_from(frm)
        .where(*conditions)
        .subquery("pairs")
    )
    return select(pairs).where(pairs.c.from_stance != pairs.c.to_stance).subquery("changes")


def _restored_position(changes, previous, roots, as_recorded):
    """The latest live position of the same (rolled-up) actor and topic with the
    stance a change takes, older than the position it replaces.

    A correlated subquery rather than a second window: it runs only for the
    changes reported, each an index seek, instead of sorting every position.
    """
    earlier = positions.alias("earlier")
    query = select(earlier.c.id)
    if roots is None:
        query = query.where(earlier.c.actor_id == changes.c.actor_key)
    else:
        query = query.join(roots, roots.c.actor_id == earlier.c.actor_id).where(roots.c.root_id == changes.c.actor_key)
    return (
        query
        .where(
            earlier.c.topic_id == changes.c.topic_id,
            earlier.c.stance == changes.c.to_stance,
            live(earlier, as_recorded),
            tuple_(earlier.c.effective_on, earlier.c.recorded_at, earlier.c.id)
            < tuple_(previous.c.effective_on, previous.c.recorded_at, previous.c.id),
        )
        .order_by(earlier.c.effective_on.desc(), earlier.c.recorded_at.desc(), earlier.c.id.desc())
        .limit(1)
        .scalar_subquery()
    )


def reversals(
    as_recorded: dt.datetime | None = None,
    rollup: bool = False,
    actor_id: int | None = None,
    topic_id: int | None = None,
    since: dt.date | None = None,
    until: dt.date | None = None,
    level: str = "shift",
    with_sources: bool = False,
    ordered: bool = False,
    restores_from_window: bool = False,
) -> Select:
    """Stance changes between consecutive live positions of an actor on a topic.

    ``ordered`` sorts them by actor and topic, then in reversal order of the
    new position (two changes on one date in the order they happened).

    ``restores`` is the same with either ``restores_from_window``: a correlated
    index search per change (the default, and the views'), or a second window
    over the positions, which sorts them all once. At 10M positions on
    PostgreSQL the window took the query from 301 s to 191 s; on SQLite it was
    slower (1.9 s against 2.9 s at 300k), see docs/scaling.md.
    """
    roots = actor_roots() if rollup else None
    changes = _changes(as_recorded, roots, actor_id, topic_id, restores_from_window)
    previous = positions.alias("previous")
    key_actor, from_actor, to_actor = actors.alias("key_actor"), actors.alias("from_actor"), actors.alias("to_actor")
    from_level, to_level = scale_levels.alias("from_level"), scale_levels.alias("to_level")
    level_of_change = change_level(changes.c.from_stance, changes.c.to_stance, scales.c.pivot)
    columns = [
        key_actor.c.slug.label("actor"),
        topics.c.slug.label("topic"),
        from_actor.c.slug.label("from_actor"),
        to_actor.c.slug.label("to_actor"),
        changes.c.from_position,
        changes.c.to_position,
        changes.c.from_stance,
        from_level.c.label.label("from_label"),
        previous.c.effective_on.label("from_on"),
        previous.c.date_precision.label("from_precision"),
        changes.c.to_stance,
        to_level.c.label.label("to_label"),
        changes.c.to_on,
        changes.c.to_precision,
        level_of_change.label("level"),
        case((previous.c.actor_id == changes.c.to_actor_id, literal("self")), else_=literal("succession")).label(
            "kind"
        ),
        (changes.c.restores if restores_from_window else _restored_position(changes, previous, roots, as_recorded))
        .label("restores"),
    ]
    if with_sources:
        columns.append(source_refs(changes.c.to_position).label("sources"))
    query = (
        select(*columns)
        .select_from(changes)
        .join(previous, previous.c.id == changes.c.from_position)
        .join(key_actor, key_actor.c.id == changes.c.actor_key)
        .join(from_actor, from_actor.c.id == previous.c.actor_id)
        .join(to_actor, to_actor.c.id == changes.c.to_actor_id)
        .join(topics, topics.c.id == changes.c.topic_id)
        .join(scales, scales.c.id == topics.c.scale_id)
        .outerjoin(from_level, _label(from_level, changes.c.from_stance, scales.c.id))
        .outerjoin(to_level, _label(to_level, changes.c.to_stance, scales.c.id))
    )
    if level != "shift":
        query = query.where(level_of_change.in_(levels_at_least(level)))
    if since is not None:
        query = query.where(changes.c.to_on >= since)
    if until is not None:
        query = query.where(changes.c.to_on <= until)
    if ordered:
        query = query.order_by(
            key_actor.c.slug, topics.c.slug, changes.c.to_on, changes.c.to_recorded_at, changes.c.to_position
        )
    return query


# Positions in force ---------------------------------------------------


def in_force(
    on: dt.date | None = None,
    as_recorded: dt.datetime | None = None,
    actor_id: int | None = None,
    topic_id: int | None = None,
    name: str = "in_force",
    rollup: bool = False,
    roots=None,
):
    """For each actor and topic, the latest live position dated on or before ``on``
    (default: the database's current date), as a subquery.

    With ``rollup`` each actor counts as its top-level ancestor (as in the
    reversals): ``actor_id`` is then the ancestor's id, and ``actor_id`` the
    filter names an ancestor. Subqueries of one statement share ``roots``.
    """
    p = positions
    frm: FromClause
    if rollup:
        roots = roots if roots is not None else actor_roots()
        actor_key, actor_column = roots.c.root_id, roots.c.root_id.label("actor_id")
        frm = p.join(roots, roots.c.actor_id == p.c.actor_id)
    else:
        actor_key = actor_column = p.c.actor_id
        frm = p
    conditions = [live(p, as_recorded), p.c.effective_on <= (on if on is not None else func.current_date())]
    if actor_id is not None:
        conditions.append(actor_key == actor_id)
    if topic_id is not None:
        conditions.append(p.c.topic_id == topic_id)
    # The last position in reversal order is the one with no next position:
    # the same ascending window as the reversals, read straight off the index
    # instead of sorting every position in descending order.
    next_position = func.lead(p.c.id).over(
        partition_by=(actor_key, p.c.topic_id), order_by=(p.c.effective_on, p.c.recorded_at, p.c.id)
    )
    ranked = (
        select(
            p.c.id, actor_column, p.c.topic_id, p.c.stance, p.c.effective_on, p.c.date_precision,
            next_position.label("next_position"),
        )
        .select_from(frm)
        .where(*conditions)
        .subquery(f"{name}_ranked")
    )
    return select(ranked).where(ranked.c.next_position.is_(None)).subquery(name)


def current_positions(
    on: dt.date | None = None,
    as_recorded: dt.datetime | None = None,
    actor_id: int | None = None,
    topic_id: int | None = None,
    rollup: bool = False,
) -> Select:
    current = in_force(on, as_recorded, actor_id, topic_id, rollup=rollup)
    return (
        select(
            actors.c.slug.label("actor"),
            topics.c.slug.label("topic"),
            current.c.stance,
            scale_levels.c.label.label("stance_label"),
            current.c.effective_on,
            current.c.date_precision,
            current.c.id.label("position_id"),
        )
        .select_from(current)
        .join(actors, actors.c.id == current.c.actor_id)
        .join(topics, topics.c.id == current.c.topic_id)
        .outerjoin(scale_levels, _label(scale_levels, current.c.stance, topics.c.scale_id))
        .order_by(actors.c.slug, topics.c.slug)
    )


# Diffs ----------------------------------------------------------------


def diff_dates(
    actor_id: int | None,
    date_from: dt.date,
    date_to: dt.date,
    as_recorded: dt.datetime | None = None,
    topic_id: int | None = None,
    rollup: bool = False,
) -> Select:
    """Per topic, the actor's position in force on two dates and the change between them.

    Positions stay in force until replaced, so every topic with a position on
    ``date_from`` has one on the later ``date_to``. With ``rollup`` the actor
    is a top-level actor standing for all its sub-actors.
    """
    roots = actor_roots() if rollup else None
    before = in_force(date_from, as_recorded, actor_id, topic_id, name="before", rollup=rollup, roots=roots)
    after = in_force(date_to, as_recorded, actor_id, topic_id, name="after", rollup=rollup, roots=roots)
    from_level, to_level = scale_levels.alias("from_level"), scale_levels.alias("to_level")
    change = case(
        (before.c.id.is_(None), literal("new")),
        (before.c.stance == after.c.stance, literal("unchanged")),
        else_=change_level(before.c.stance, after.c.stance, scales.c.pivot),
    )
    return (
        select(
            topics.c.slug.label("topic"),
            before.c.id.label("from_position"),
            before.c.stance.label("from_stance"),
            from_level.c.label.label("from_label"),
            before.c.effective_on.label("from_on"),
            before.c.date_precision.label("from_precision"),
            after.c.id.label("to_position"),
            after.c.stance.label("to_stance"),
            to_level.c.label.label("to_label"),
            after.c.effective_on.label("to_on"),
            after.c.date_precision.label("to_precision"),
            change.label("change"),
        )
        .select_from(after)
        .outerjoin(before, before.c.topic_id == after.c.topic_id)
        .join(topics, topics.c.id == after.c.topic_id)
        .join(scales, scales.c.id == topics.c.scale_id)
        .outerjoin(from_level, _label(from_level, before.c.stance, scales.c.id))
        .outerjoin(to_level, _label(to_level, after.c.stance, scales.c.id))
        .order_by(topics.c.slug)
    )


def diff_actors(
    actor_a: int | None,
    actor_b: int | None,
    on: dt.date,
    as_recorded: dt.datetime | None = None,
    topic_id: int | None = None,
    rollup: bool = False,
) -> Select:
    """Per topic where either actor has a position in force on ``on``, both stances."""
    roots = actor_roots() if rollup else None
    a = in_force(on, as_recorded, actor_a, topic_id, name="side_a", rollup=rollup, roots=roots)
    b = in_force(on, as_recorded, actor_b, topic_id, name="side_b", rollup=rollup, roots=roots)
    either = select(a.c.topic_id).union(select(b.c.topic_id)).subquery("either")
    level_a, level_b = scale_levels.alias("level_a"), scale_levels.alias("level_b")
    return (
        select(
            topics.c.slug.label("topic"),
            a.c.stance.label("stance_a"),
            level_a.c.label.label("label_a"),
            b.c.stance.label("stance_b"),
            level_b.c.label.label("label_b"),
            relation(a.c.stance, b.c.stance, scales.c.pivot).label("relation"),
        )
        .select_from(either)
        .join(topics, topics.c.id == either.c.topic_id)
        .join(scales, scales.c.id == topics.c.scale_id)
        .outerjoin(a, a.c.topic_id == either.c.topic_id)
        .outerjoin(b, b.c.topic_id == either.c.topic_id)
        .outerjoin(level_a, _label(level_a, a.c.stance, scales.c.id))
        .outerjoin(level_b, _label(level_b, b.c.stance, scales.c.id))
        .order_by(topics.c.slug)
    )


# One row per position -------------------------------------------------


def position_rows() -> Select:
    """The columns of ``v_positions``."""
    source_count = (
        select(func.count(func.distinct(evidence.c.source_id)))
        .where(evidence.c.position_id == positions.c.id)
        .scalar_subquery()
    )
    p = positions
    retraction = (p.c.retracted_at, p.c.retraction_reason)
    return _with_names(
        select(*_position_columns(retraction, with_names=True), source_count.label("source_count")).select_from(p)
    )


def _position_columns(retraction: tuple[ColumnElement, ColumnElement], with_names: bool = False) -> list[ColumnElement]:
    """Every column of a position, with its actor's and topic's slugs (``with_names``:
    and names) and its stance label, in the order v_positions and the timeline give them.

    ``retraction``: its retracted_at and retraction_reason, as the caller reads them.
    """
    p = positions
    return [
        p.c.id,
        actors.c.slug.label("actor"),
        *([actors.c.name.label("actor_name")] if with_names else []),
        topics.c.slug.label("topic"),
        *([topics.c.name.label("topic_name")] if with_names else []),
        p.c.stance,
        scale_levels.c.label.label("stance_label"),
        p.c.effective_on,
        p.c.date_precision,
        p.c.kind,
        p.c.summary,
        p.c.recorded_at,
        *retraction,
        p.c.supersedes_id,
    ]


def _with_names(query: Select) -> Select:
    """``query`` over positions, joined to what :func:`_position_columns` reads."""
    p = positions
    return (
        query.join(actors, actors.c.id == p.c.actor_id)
        .join(topics, topics.c.id == p.c.topic_id)
        .outerjoin(scale_levels, _label(scale_levels, p.c.stance, topics.c.scale_id))
    )


# The timeline -----------------------------------------------------------


def as_it_stood(column, as_recorded: dt.datetime | None, table=positions):
    """A retraction column as the database stood at ``as_recorded``: empty if the retraction came later."""
    if as_recorded is None:
        return column
    return case((table.c.retracted_at > as_recorded, null()), else_=column)


def timeline(
    as_recorded: dt.datetime | None = None,
    include_retracted: bool = False,
    actor_id: int | None = None,
    rollup: bool = False,
    topic_id: int | None = None,
    since: dt.date | None = None,
    until: dt.date | None = None,
    kind: str | None = None,
    by_id: bool = False,
) -> Select:
    """Positions in reversal order (``by_id``: in id order, as export writes
    them), every column of a position with its actor, topic and stance label.

    With ``rollup``, ``actor_id`` (a top-level actor) selects the positions
    of every actor below it too; ``actor`` stays the position's own actor.
    """
    p = positions
    actor_key, frm = counted_actor(p, actor_roots() if rollup else None)
    conditions = []
    if as_recorded is not None:
        conditions.append(p.c.recorded_at <= as_recorded)
    if not include_retracted:
        conditions.append(live(p, as_recorded))
    if actor_id is not None:
        conditions.append(actor_key == actor_id)
    if topic_id is not None:
        conditions.append(p.c.topic_id == topic_id)
    if since is not None:
        conditions.append(p.c.effective_on >= since)
    if until is not None:
        conditions.append(p.c.effective_on <= until)
    if kind is not None:
        conditions.append(p.c.kind == kind)
    order = (p.c.id,) if by_id else (p.c.effective_on, p.c.recorded_at, p.c.id)
    retraction = (
        as_it_stood(p.c.retracted_at, as_recorded).label("retracted_at"),
        as_it_stood(p.c.retraction_reason, as_recorded).label("retraction_reason"),
    )
    return _with_names(select(*_position_columns(retraction)).select_from(frm)).where(*conditions).order_by(*order)
