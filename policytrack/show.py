"""One record seen whole: a position, an actor, a source, with what relates to it."""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from policytrack import queries
from policytrack.models import Actor, Evidence, Position, ScaleLevel, Source, Topic
from policytrack.positions import get_position
from policytrack.resolve import get_actor, get_source
from policytrack.sources import show_source, source_ref


def _label(session: Session, topic: Topic, stance: int | None) -> str | None:
    if stance is None:
        return None
    return session.scalar(select(ScaleLevel.label).where(ScaleLevel.scale_id == topic.scale_id, ScaleLevel.value == stance))


def _change(session: Session, position: Position, rollup: bool) -> dict | None:
    query = queries.reversals(
        rollup=rollup, topic_id=position.topic_id, actor_id=None if rollup else position.actor_id, level="shift"
    )
    row = session.execute(query.where(query.selected_columns.to_position == position.id)).mappings().first()
    if row is None:
        return None
    return {key: row[key] for key in ("from_position", "from_label", "to_label", "level", "kind", "restores", "from_actor")}


def position_detail(session: Session, position_id: int | str) -> dict:
    """Every field of a position, its evidence, its place in the chain of corrections,
    the change it makes (own actor, and rolled up to the top-level actor) and its retraction."""
    position = get_position(session, position_id)
    superseded_by = session.scalar(select(Position.id).where(Position.supersedes_id == position.id))
    evidence = session.execute(
        select(Evidence.quote, Source).join(Source, Source.id == Evidence.source_id)
        .where(Evidence.position_id == position.id).order_by(Evidence.id)
    ).all()
    return {
        "id": position.id,
        "actor": position.actor.slug,
        "actor_name": position.actor.name,
        "topic": position.topic.slug,
        "topic_name": position.topic.name,
        "stance": position.stance,
        "stance_label": _label(session, position.topic, position.stance),
        "effective_on": position.effective_on,
        "date_precision": position.date_precision,
        "kind": position.kind,
        "summary": position.summary,
        "recorded_at": position.recorded_at,
        "retracted_at": position.retracted_at,
        "retraction_reason": position.retraction_reason,
        "supersedes_id": position.supersedes_id,
        "superseded_by": superseded_by,
        "change": _change(session, position, rollup=False) if position.retracted_at is None else None,
        "change_rolled_up": (
            _change(session, position, rollup=True)
            if position.retracted_at is None and position.actor.parent_id is not None else None
        ),
        "sources": [
            {"source": source_ref(source), "source_id": source.id, "title": source.title, "outlet": source.outlet,
             "quote": quote}
            for quote, source in evidence
        ],
    }


def actor_detail(session: Session, name: str) -> dict:
    """An actor with its aliases, parent and children, and its positions per topic."""
    actor = get_actor(session, name)
    children = list(session.scalars(select(Actor.slug).where(Actor.parent_id == actor.id).order_by(Actor.slug)))
    p = Position
    live = p.retracted_at.is_(None)
    per_topic = session.execute(
        select(
            Topic.slug,
            func.count().filter(live),
            func.count().filter(~live),
            func.min(p.effective_on).filter(live),
            func.max(p.effective_on).filter(live),
        )
        .join(Topic, Topic.id == p.topic_id)
        .where(p.actor_id == actor.id)
        .group_by(Topic.slug)
        .order_by(Topic.slug)
    ).all()
    current = {
        row["topic"]: row
        for row in session.execute(queries.current_positions(actor_id=actor.id)).mappings()
    }
    return {
        "slug": actor.slug,
        "name": actor.name,
        "kind": actor.kind,
        "parent": actor.parent.slug if actor.parent else None,
        "children": children,
        "aliases": [a.alias for a in actor.aliases],
        "active_from": actor.active_from,
        "active_until": actor.active_until,
        "note": actor.note,
        "topics": [
            {
                "topic": topic,
                "positions": live_count,
                "retracted": retracted,
                "first_on": first,
                "last_on": last,
                "current_position": current[topic]["position_id"] if topic in current else None,
                "current_label": current[topic]["stance_label"] if topic in current else None,
            }
            for topic, live_count, retracted, first, last in per_topic
        ],
    }


def source_detail(session: Session, ref: str) -> dict:
    """``source show``: the source's fields and the positions it is evidence for, one row each."""
    record = show_source(session, ref)
    return record


def source_text(session: Session, ref: str) -> str | None:
    return get_source(session, ref).content
