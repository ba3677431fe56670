"""The audit trail: every in-place change to a record leaves one row per field.

Fixes (``actor edit``, ``source edit``, ``correct``, ...) call :func:`log`
in the same transaction as the change, so a refused command leaves no trace
and an accepted one always does. ``history`` and the view ``v_history`` read
the rows back.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator, Mapping

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from policytrack.dates import format_timestamp, parse_date, parse_timestamp
from policytrack.models import AuditEntry
from policytrack.output import KEYS

HISTORY_KEYS = KEYS["history"]


def who(session: Session) -> str | None:
    """Who makes the change, where the database knows it: the PostgreSQL role,
    else the operating-system user running policytrack."""
    if "audit_user" not in session.info:
        if session.get_bind().dialect.name == "postgresql":
            user = session.scalar(select(func.current_user()))
        else:
            import getpass

            try:
                user = getpass.getuser()
            except Exception:  # no login name in this environment (a bare container)
                user = None
        session.info["audit_user"] = user
    return session.info["audit_user"]


def as_text(value: object) -> str | None:
    """How a value is kept in the trail: dates ISO, timestamps ISO UTC, the rest as text."""
    if value is None:
        return None
    if isinstance(value, dt.datetime):
        return format_timestamp(value)
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


def log(
    session: Session,
    action: str,
    record_type: str,
    record_id: int | None,
    record: str,
    changes: Mapping[str, tuple[object, object]] | None = None,
) -> None:
    """Record ``action`` on one record; ``changes`` maps each field to (old, new).

    Without changes (an action that touches no field, such as removing an
    alias) one row is written with no field.
    """
    when, user = _now(), who(session)
    items: Iterable = (changes or {}).items() or [(None, (None, None))]
    for field, (old, new) in items:
        session.add(
            AuditEntry(
                changed_at=when, changed_by=user, action=action, record_type=record_type, record_id=record_id,
                record=record, field=field, old_value=as_text(old), new_value=as_text(new),
            )
        )
    session.flush()


def changed(record: object, values: dict[str, object]) -> dict[str, tuple[object, object]]:
    """Set the attributes of ``record`` that differ from ``values``; return them as (old, new)."""
    changes: dict[str, tuple[object, object]] = {}
    for field, new in values.items():
        old = getattr(record, field)
        if old != new:
            changes[field] = (old, new)
            setattr(record, field, new)
    return changes


def _now() -> dt.datetime:
    from policytrack.dates import utcnow

    return utcnow()


def since_moment(value: str, what: str = "--since") -> dt.datetime:
    """A ``--since`` for the trail: a date (its first moment, UTC) or an ISO 8601 timestamp."""
    text = str(value).strip()
    if len(text) <= 10 and text[:4].isdigit():
        return dt.datetime.combine(parse_date(text, what).start, dt.time.min, tzinfo=dt.timezone.utc)
    return parse_timestamp(text, what)


def history(
    session: Session, since: str | None = None, record_type: str | None = None, record_id: int | None = None
) -> Iterator[dict]:
    """The audit trail, oldest first."""
    query = select(AuditEntry).order_by(AuditEntry.changed_at, AuditEntry.id)
    if since:
        query = query.where(AuditEntry.changed_at >= since_moment(since))
    if record_type:
        query = query.where(AuditEntry.record_type == record_type)
    if record_id is not None:
        query = query.where(AuditEntry.record_id == record_id)
    for entry in session.scalars(query):
        yield {key: getattr(entry, key) for key in HISTORY_KEYS}


def renamed_to(session: Session, record_type: str, old_slug: str) -> int | None:
    """The id of the record that was once called ``old_slug`` (the latest rename wins),
    so that scripts using an old slug keep working after a rename."""
    return session.scalar(
        select(AuditEntry.record_id)
        .where(
            AuditEntry.record_type == record_type,
            AuditEntry.action == "rename",
            AuditEntry.field == "slug",
            AuditEntry.old_value == old_slug,
        )
        .order_by(AuditEntry.id.desc())
        .limit(1)
    )
