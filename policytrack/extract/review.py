"""Reviewing candidates: checking an analyst's edits and recording the accepted ones.

The prompting itself is the command line's; this module holds the rules:
an edited field is checked as ``record`` would check it, and the accepted
candidates are recorded together, in the caller's one transaction.
"""

from __future__ import annotations

from sqlalchemy.orm import Session

from policytrack.dates import format_date, parse_date
from policytrack.errors import InvalidValue
from policytrack.extract.propose import Candidate
from policytrack.models import POSITION_KINDS
from policytrack.positions import Recorded, record_position
from policytrack.resolve import get_actor, get_topic, parse_stance, scale_levels

EDITABLE = ("actor", "topic", "stance", "date", "kind", "summary")


def edit(session: Session, candidate: Candidate, field: str, value: str) -> None:
    """Set one field of a candidate, refusing a value ``record`` would refuse."""
    value = value.strip()
    if field == "actor":
        candidate.actor = get_actor(session, value).slug
    elif field == "topic":
        topic = get_topic(session, value)
        candidate.topic = topic.slug
        if candidate.stance is not None and candidate.stance not in scale_levels(topic.scale):
            candidate.stance = candidate.stance_label = None
    elif field == "stance":
        topic = get_topic(session, candidate.topic)
        levels = scale_levels(topic.scale)
        candidate.stance = parse_stance(value, levels, topic.scale.slug)
        candidate.stance_label = levels[candidate.stance]
    elif field == "date":
        date = parse_date(value, "date")
        candidate.on, candidate.date_precision = date.start, date.precision
    elif field == "kind":
        if value not in POSITION_KINDS:
            raise InvalidValue(f"invalid position kind {value!r}: choose statement or action")
        candidate.kind = value
    elif field == "summary":
        candidate.summary = value or None
    else:
        raise InvalidValue(f"cannot edit {field!r}: choose from {', '.join(EDITABLE)}")


def missing(candidate: Candidate) -> list[str]:
    """What a candidate still lacks to be recorded."""
    return [name for name, value in (("stance", candidate.stance), ("date", candidate.on)) if value is None]


def record_accepted(session: Session, source_id: int, accepted: list[Candidate]) -> list[Recorded]:
    return [
        record_position(
            session, candidate.actor, candidate.topic, _stance(candidate),
            format_date(candidate.on, candidate.date_precision), source_id, quote=candidate.quote,
            kind=candidate.kind, summary=candidate.summary,
        )
        for candidate in accepted
    ]


def _stance(candidate: Candidate) -> int:
    # The review accepts only candidates that lack nothing (see missing).
    if candidate.stance is None:
        raise InvalidValue(f"the candidate of {candidate.actor} on {candidate.topic} has no stance: edit it first")
    return candidate.stance
