"""Recording, retracting and correcting positions.

History is never destroyed: a wrong position is retracted (it stays, with a
reason) or corrected (a new position supersedes it and it is retracted).
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import insert, select
from sqlalchemy.orm import Session

from policytrack import audit, queries
from policytrack.dates import PartialDate, parse_date, utcnow
from policytrack.errors import Conflict, InvalidValue, UnknownName
from policytrack.models import Evidence, Position, PositionIdentity, Source
from policytrack.quotes import check_quote, clean_quote, quote_key
from policytrack.resolve import get_actor, get_source, get_topic, is_id, parse_stance, scale_levels, source_label
from policytrack.sources import source_ref
from policytrack.text import clean_text, required_text
from policytrack.vocabulary import DEFAULT_POSITION_KIND, position_kind


@dataclass
class Recorded:
    """What ``record_position`` did."""

    position: Position
    created: bool  # False when an identical live position already existed
    evidence_added: bool = True  # False when that position already had exactly this source and quote
    change: dict | None = None  # the full or partial change it makes, if any


def record_position(
    session: Session,
    actor: str,
    topic: str,
    stance: str | int,
    on: object,
    source: str | int,
    quote: str | None = None,
    kind: str = DEFAULT_POSITION_KIND,
    summary: str | None = None,
) -> Recorded:
    """Record what ``actor`` said or did about ``topic``, with its source.

    The same position twice (same actor, topic, stance, date, precision and
    kind) is one position: the new evidence is added to it.
    """
    actor_row, topic_row = get_actor(session, actor), get_topic(session, topic)
    level = parse_stance(stance, scale_levels(topic_row.scale), topic_row.scale.slug)
    date = parse_date(on)
    kind = position_kind(kind)
    summary = clean_text(summary, Position.summary)
    quote = clean_quote(quote)
    source_row = get_source(session, source)
    check_quote(quote, source_row.content, _source_label(source_row))

    identity = PositionIdentity(actor_row.id, topic_row.id, date.start, date.precision, kind, level)
    existing = live_position(session, identity)
    if existing is not None:
        added = add_evidence(session, existing.id, source_row.id, quote)
        session.expire(existing, ["evidence"])
        return Recorded(existing, created=False, evidence_added=added)

    position = Position(
        **identity._asdict(),
        summary=summary,
        evidence=[Evidence(source=source_row, quote=quote)],
    )
    session.add(position)
    session.flush()
    return Recorded(position, created=True, change=change_made_by(session, position))


def live_position(session: Session, identity: PositionIdentity, other_than: int | None = None) -> Position | None:
    """The live position with this identity (there is at most one), other than position ``other_than``."""
    query = select(Position).where(*identity.matches(), Position.retracted_at.is_(None))
    if other_than is not None:
        query = query.where(Position.id != other_than)
    return session.scalar(query)


def add_evidence(session: Session, position_id: int, source_id: int, quote: str | None) -> bool:
    """Add a source (and quote) to a position unless it already has that (the same quote, see quote_key);
    say whether it did."""
    quote = clean_quote(quote)
    key = quote_key(quote)
    present = session.scalars(
        select(Evidence.quote).where(Evidence.position_id == position_id, Evidence.source_id == source_id)
    )
    if any(quote_key(other) == key for other in present):
        return False
    session.execute(insert(Evidence).values(position_id=position_id, source_id=source_id, quote=quote))
    return True


def change_made_by(session: Session, position: Position) -> dict | None:
    """The full or partial change from the position before this one, if any."""
    query = queries.reversals(actor_id=position.actor_id, topic_id=position.topic_id, level="partial")
    pairs = query.selected_columns
    row = session.execute(query.where(pairs.to_position == position.id)).mappings().first()
    return dict(row) if row else None


def retract_position(session: Session, position_id: int, reason: str) -> Position:
    reason = required_text(reason, Position.__table__.c.retraction_reason, "the reason of a retraction")
    position = get_position(session, position_id)
    if position.retracted_at is not None:
        raise Conflict(
            f"position {position.id} was already retracted at "
            f"{position.retracted_at:%Y-%m-%d %H:%M} UTC ({position.retraction_reason})"
        )
    position.retracted_at = utcnow()
    position.retraction_reason = reason
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
    quote = clean_quote(quote)
    if quote and not source:
        raise InvalidValue("--quote needs --source: the quote must come from a source")
    actor_row = old.actor if actor is None else get_actor(session, actor)
    topic_row = old.topic if topic is None else get_topic(session, topic)
    new_kind = old.kind if kind is None else position_kind(kind)
    new_summary = old.summary if summary is None else clean_text(summary, Position.summary)
    scale = topic_row.scale
    level = parse_stance(old.stance if stance is None else stance, scale_levels(scale), scale.slug)
    date = PartialDate(old.effective_on, old.date_precision) if on is None else parse_date(on)
    if source is not None:
        source_row = get_source(session, source)
        check_quote(quote, source_row.content, _source_label(source_row))
        new_evidence = [Evidence(source=source_row, quote=quote)]
    else:
        new_evidence = [Evidence(source_id=e.source_id, quote=e.quote) for e in old.evidence]
    before = (old.actor_id, old.topic_id, old.stance, old.effective_on, old.date_precision, old.kind, old.summary)
    after = (actor_row.id, topic_row.id, level, date.start, date.precision, new_kind, new_summary)
    if before == after and source is None:
        raise InvalidValue(
            f"nothing to correct: give --stance, --on, --source, --actor, --topic, --kind or --summary "
            f"for position {old.id}"
        )

    identity = PositionIdentity(actor_row.id, topic_row.id, date.start, date.precision, new_kind, level)
    duplicate = live_position(session, identity, other_than=old.id)
    if duplicate is not None:
        raise Conflict(f"position {duplicate.id} already records that; retract position {old.id} instead")

    now = utcnow()
    old.retracted_at = now
    session.flush()
    new = Position(
        **identity._asdict(),
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


def get_position(session: Session, position_id: int | str) -> Position:
    position = session.get(Position, position_id) if is_id(position_id) else None
    if position is None:
        raise UnknownName(f"no position with id {position_id}")
    return position


def _source_label(source: Source) -> str:
    return source_label(source.id, source.slug)
