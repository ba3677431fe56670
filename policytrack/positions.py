"""Recording, retracting and correcting positions, and the timeline.

History is never destroyed: a wrong position is retracted (it stays, with a
reason) or corrected (a new position supersedes it and it is retracted).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from policytrack import audit, queries
from policytrack.dates import PartialDate, parse_date, utcnow
from policytrack.errors import Conflict, InvalidValue, UnknownName
from policytrack.models import POSITION_KINDS, Actor, Evidence, Position, ScaleLevel, Source, Topic
from policytrack.quotes import check_quote
from policytrack.resolve import get_actor, get_source, get_topic, is_id, parse_stance, scale_levels
from policytrack.sources import source_ref


@dataclass
class Recorded:
    """What ``record_position`` did."""

    position: Position
    created: bool  # False when an identical live position already existed
    change: dict | None = None  # the full or partial change it makes, if any


def record_position(
    session: Session,
    actor: str,
    topic: str,
    stance: str | int,
    on: object,
    source: str | int,
    quote: str | None = None,
    kind: str = "statement",
    summary: str | None = None,
) -> Recorded:
    """Record what ``actor`` said or did about ``topic``, with its source.

    The same position twice (same actor, topic, stance, date, precision and
    kind) is one position: the new evidence is added to it.
    """
    actor_row, topic_row = get_actor(session, actor), get_topic(session, topic)
    level = parse_stance(stance, scale_levels(topic_row.scale), topic_row.scale.slug)
    date = parse_date(on)
    _check_kind(kind)
    source_row = get_source(session, source)
    check_quote(quote, source_row.content, _source_label(source_row))

    existing = session.scalar(
        select(Position).where(
            Position.actor_id == actor_row.id,
            Position.topic_id == topic_row.id,
            Position.stance == level,
            Position.effective_on == date.start,
            Position.date_precision == date.precision,
            Position.kind == kind,
            Position.retracted_at.is_(None),
        )
    )
    if existing is not None:
        add_evidence(session, existing, source_row, quote)
        return Recorded(existing, created=False)

    position = Position(
        actor=actor_row,
        topic=topic_row,
        stance=level,
        effective_on=date.start,
        date_precision=date.precision,
        kind=kind,
        summary=summary,
        evidence=[Evidence(source=source_row, quote=quote or None)],
    )
    session.add(position)
    session.flush()
    return Recorded(position, created=True, change=change_made_by(session, position))


def add_evidence(session: Session, position: Position, source: Source, quote: str | None) -> bool:
    """Add a source (and quote) to a position unless it already has exactly that."""
    quote = quote or None
    if any(e.source_id == source.id and e.quote == quote for e in position.evidence):
        return False
    position.evidence.append(Evidence(source=source, quote=quote))
    session.flush()
    return True


def change_made_by(session: Session, position: Position) -> dict | None:
    """The full or partial change from the position before this one, if any."""
    query = queries.reversals(actor_id=position.actor_id, topic_id=position.topic_id, level="partial")
    pairs = query.selected_columns
    row = session.execute(query.where(pairs.to_position == position.id)).mappings().first()
    return dict(row) if row else None


def retract_position(session: Session, position_id: int, reason: str) -> Position:
    if not reason or not reason.strip():
        raise InvalidValue("a retraction needs a reason")
    position = get_position(session, position_id)
    if position.retracted_at is not None:
        raise Conflict(
            f"position {position.id} was already retracted at "
            f"{position.retracted_at:%Y-%m-%d %H:%M} UTC ({position.retraction_reason})"
        )
    position.retracted_at = utcnow()
    position.retraction_reason = reason.strip()
    session.flush()
    audit.log(
        session, "retract", "position", position.id, f"position {position.id}",
        {"retraction_reason": (None, position.retraction_reason)},
    )
    return position


def correct_position(
    session: Session,
    position_id: int,
    stance: str | int | None = None,
    on: object = None,
    source: str | int | None = None,
    quote: str | None = None,
    actor: str | None = None,
    topic: str | None = None,
    kind: str | None = None,
    summary: str | None = None,
) -> Position:
    """Record a corrected copy of a position and retract the original, linking them.

    Without ``source``, the corrected position keeps the original's evidence.
    A new ``topic`` reads the stance (given, or else the old one) on its scale.
    """
    old = get_position(session, position_id)
    if old.retracted_at is not None:
        raise Conflict(f"position {old.id} is retracted; correct the position that replaced it")
    if quote and not source:
        raise InvalidValue("--quote needs --source: the quote must come from a source")
    actor_row = old.actor if actor is None else get_actor(session, actor)
    topic_row = old.topic if topic is None else get_topic(session, topic)
    if kind is not None:
        _check_kind(kind)
    new_kind = old.kind if kind is None else kind
    new_summary = old.summary if summary is None else (summary.strip() or None)
    scale = topic_row.scale
    level = parse_stance(old.stance if stance is None else stance, scale_levels(scale), scale.slug)
    date = PartialDate(old.effective_on, old.date_precision) if on is None else parse_date(on)
    if source is not None:
        source_row = get_source(session, source)
        check_quote(quote, source_row.content, _source_label(source_row))
        new_evidence = [Evidence(source=source_row, quote=quote or None)]
    else:
        new_evidence = [Evidence(source_id=e.source_id, quote=e.quote) for e in old.evidence]
    before = (old.actor_id, old.topic_id, old.stance, old.effective_on, old.date_precision, old.kind, old.summary)
    after = (actor_row.id, topic_row.id, level, date.start, date.precision, new_kind, new_summary)
    if before == after and source is None:
        raise InvalidValue(
            f"nothing to correct: give --stance, --on, --source, --actor, --topic, --kind or --summary "
            f"for position {old.id}"
        )

    duplicate = _live_twin(session, old, level, date, actor_row.id, topic_row.id, new_kind)
    if duplicate is not None:
        raise Conflict(f"position {duplicate} already records that; retract position {old.id} instead")

    now = utcnow()
    old.retracted_at = now
    session.flush()
    new = Position(
        actor_id=actor_row.id,
        topic_id=topic_row.id,
        stance=level,
        effective_on=date.start,
        date_precision=date.precision,
        kind=new_kind,
        summary=new_summary,
        recorded_at=now,
        supersedes_id=old.id,
        evidence=new_evidence,
    )
    session.add(new)
    session.flush()
    old.retraction_reason = f"corrected by position {new.id}"
    session.flush()
    fields = ("actor", "topic", "stance", "effective_on", "date_precision", "kind", "summary")
    old_values = (old.actor.slug, old.topic.slug, *before[2:])
    new_values = (actor_row.slug, topic_row.slug, *after[2:])
    changes = {f: (a, b) for f, a, b in zip(fields, old_values, new_values) if a != b}
    if source is not None:
        changes["evidence"] = (
            "; ".join(source_ref(e.source) for e in old.evidence), source_ref(new.evidence[0].source)
        )
    changes["superseded_by"] = (None, new.id)
    audit.log(session, "correct", "position", old.id, f"position {old.id}", changes)
    return new


def _live_twin(
    session: Session, old: Position, level: int, date: PartialDate, actor_id: int, topic_id: int, kind: str
) -> int | None:
    """Another live position with the identity the corrected one would have."""
    return session.scalar(
        select(Position.id).where(
            Position.id != old.id,
            Position.actor_id == actor_id,
            Position.topic_id == topic_id,
            Position.stance == level,
            Position.effective_on == date.start,
            Position.date_precision == date.precision,
            Position.kind == kind,
            Position.retracted_at.is_(None),
        )
    )


def get_position(session: Session, position_id: int) -> Position:
    position = session.get(Position, position_id) if is_id(position_id) else None
    if position is None:
        raise UnknownName(f"no position with id {position_id}")
    return position


def timeline(
    session: Session,
    actor: str | None = None,
    topic: str | None = None,
    include_retracted: bool = False,
    as_recorded: dt.datetime | None = None,
) -> list[dict]:
    """Positions in reversal order, each with its sources and quotes."""
    query = (
        select(Position, Actor.slug, Topic.slug, ScaleLevel.label)
        .join(Actor, Position.actor_id == Actor.id)
        .join(Topic, Position.topic_id == Topic.id)
        .outerjoin(
            ScaleLevel, (ScaleLevel.scale_id == Topic.scale_id) & (ScaleLevel.value == Position.stance)
        )
        .options(selectinload(Position.evidence).selectinload(Evidence.source))
        .order_by(Position.effective_on, Position.recorded_at, Position.id)
    )
    if actor:
        query = query.where(Position.actor_id == get_actor(session, actor).id)
    if topic:
        query = query.where(Position.topic_id == get_topic(session, topic).id)
    if as_recorded is not None:
        query = query.where(Position.recorded_at <= as_recorded)
    if not include_retracted:
        query = query.where(queries.live(Position.__table__, as_recorded))
    rows = []
    for position, actor_slug, topic_slug, stance_label in session.execute(query):
        retracted_at = position.retracted_at
        if as_recorded is not None and retracted_at is not None and retracted_at > as_recorded:
            retracted_at = None
        rows.append(
            {
                "id": position.id,
                "actor": actor_slug,
                "topic": topic_slug,
                "stance": position.stance,
                "stance_label": stance_label,
                "effective_on": position.effective_on,
                "date_precision": position.date_precision,
                "kind": position.kind,
                "summary": position.summary,
                "recorded_at": position.recorded_at,
                "retracted_at": retracted_at,
                "sources": [{"source": source_ref(e.source), "quote": e.quote} for e in position.evidence],
            }
        )
    return rows


def _check_kind(kind: str) -> None:
    if kind not in POSITION_KINDS:
        raise InvalidValue(f"invalid position kind {kind!r}: choose statement or action")


def _source_label(source: Source) -> str:
    return f"{source.id} ({source.slug})" if source.slug else str(source.id)
