"""Fixing records in place, with history kept: actors, topics, scales, sources.

Every change writes the audit trail (``policytrack.audit``) in the same
transaction; every refusal raises before anything is written, so a refused
command leaves the database as it was. Positions are never edited in place:
``correct`` supersedes them (``policytrack.positions``).
"""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Iterable
from typing import Final

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from policytrack import audit
from policytrack.catalog import _check_not_an_alias, add_alias
from policytrack.dates import optional_date, parse_date, period
from policytrack.errors import Conflict, InvalidValue, UnknownName
from policytrack.models import Actor, ActorAlias, Evidence, Position, PositionIdentity, Scale, ScaleLevel, Source, Topic, name_key
from policytrack.quotes import quote_occurs
from policytrack.resolve import check_slug, get_actor, get_scale, get_source, get_topic, parse_stance, scale_levels, source_audit_name
from policytrack.text import clean_text, required_text, shortened
from policytrack.vocabulary import actor_kind, is_integer


class Unchanged(enum.Enum):
    """The type of :data:`UNCHANGED` (an enum member, so type checkers can tell it from a value)."""

    UNCHANGED = "unchanged"


#: "leave as it is" for options that may also be set to nothing (``--no-parent``).
UNCHANGED: Final = Unchanged.UNCHANGED


def _list(ids: Iterable[object], limit: int = 10) -> str:
    ids = list(ids)
    shown = ", ".join(str(i) for i in ids[:limit])
    return shown + (f" and {len(ids) - limit} more" if len(ids) > limit else "")


def _nothing_to_change(what: str) -> InvalidValue:
    return InvalidValue(f"nothing to change for {what}: every value given is the one it has")


# Actors ---------------------------------------------------------------


def _at_or_under(session: Session, record: Actor | Topic, other: Actor | Topic) -> bool:
    """Whether ``record`` is ``other`` or below it in the parent tree (actors, or topics)."""
    model = type(record)
    ancestor: int | None = record.id
    seen: set[int] = set()
    while ancestor is not None and ancestor not in seen:  # a cycle already stored must not hang the check
        if ancestor == other.id:
            return True
        seen.add(ancestor)
        ancestor = session.scalar(select(model.parent_id).where(model.id == ancestor))
    return False


def _parent_id(session: Session, record: Actor | Topic, parent: str | None) -> int | None:
    """The id of the new parent of an actor or topic, refusing one that would make a cycle."""
    if parent is None:
        return None
    what = "actor" if isinstance(record, Actor) else "topic"
    parent_row = get_actor(session, parent) if isinstance(record, Actor) else get_topic(session, parent)
    if _at_or_under(session, parent_row, record):
        raise InvalidValue(f"{what} {parent_row.slug} cannot be the parent of {record.slug}: it is {record.slug} or under it")
    return parent_row.id


def edit_actor(
    session: Session,
    slug: str,
    name: str | None = None,
    kind: str | None = None,
    parent: str | None | Unchanged = UNCHANGED,
    active_from: object = UNCHANGED,
    active_until: object = UNCHANGED,
    note: str | None | Unchanged = UNCHANGED,
) -> dict[str, tuple[object, object]]:
    """Change an actor's fields; ``parent=None`` removes the parent, ``""`` clears a date or note."""
    actor = get_actor(session, slug)
    values: dict[str, object] = {}
    if name is not None:
        values["name"] = required_text(name, Actor.name)
    if kind is not None:
        values["kind"] = actor_kind(kind)
    if parent is not UNCHANGED:
        values["parent_id"] = _parent_id(session, actor, parent)
    start: dt.date | None = actor.active_from
    end: dt.date | None = actor.active_until
    if active_from is not UNCHANGED:
        start = values["active_from"] = parse_date(active_from, "--active-from").start if active_from else None
    if active_until is not UNCHANGED:
        end = values["active_until"] = parse_date(active_until, "--active-until").end if active_until else None
    if note is not UNCHANGED:
        values["note"] = clean_text(note, Actor.note)
    # The period as it would stand, checked by the one rule for periods.
    period(start, end, "--active-from", "--active-until")
    return _edit(session, "actor", actor, values, f"actor {actor.slug}", {"parent_id": ("parent", Actor)})


def _edit(
    session: Session,
    record_type: str,
    record: Actor | Topic | Source,
    values: dict[str, object],
    what: str,
    links: dict[str, tuple[str, type[Actor | Topic | Scale]]] | None = None,
    unrecorded: tuple[str, ...] = (),
) -> dict[str, tuple[object, object]]:
    """Set the ``values`` that differ and write them to the audit trail, refusing an edit
    that changes nothing; ``links`` (id column -> field, model) are recorded by slug, and
    the ``unrecorded`` columns, which follow from others, not at all."""
    changes = audit.changed(record, values)
    for column in unrecorded:
        changes.pop(column, None)
    if not changes:
        raise _nothing_to_change(what)
    for column, (field, model) in (links or {}).items():
        if column in changes:
            old, new = changes.pop(column)
            changes[field] = (_slug_of(session, model, old), _slug_of(session, model, new))
    session.flush()
    name = source_audit_name(record.id, record.slug, record.url) if isinstance(record, Source) else record.slug
    audit.log(session, "edit", record_type, record.id, name, changes)
    return changes


def _slug_of(session: Session, model: type[Actor | Topic | Scale], record_id: object) -> str | None:
    # record_id: an id (or None) as audit.changed reports it.
    return session.scalar(select(model.slug).where(model.id == record_id)) if record_id is not None else None


def rename_actor(session: Session, old: str, new: str) -> Actor:
    """Give an actor a new slug; the old slug becomes an alias, so scripts keep working."""
    actor = get_actor(session, old)
    check_slug(new, Actor.slug)
    if new == actor.slug:
        raise _nothing_to_change(f"actor {actor.slug}")
    taken = session.scalar(select(Actor.slug).where(Actor.slug == new))
    if taken is not None:
        raise Conflict(f'actor "{new}" already exists')
    own_alias = session.scalar(
        select(ActorAlias).where(ActorAlias.actor_id == actor.id, func.lower(ActorAlias.alias) == new.lower())
    )
    if own_alias is not None:
        # The new slug was one of its own aliases: it becomes the slug instead.
        session.delete(own_alias)
        session.flush()
        audit.log(session, "alias-remove", "actor", actor.id, actor.slug, {"alias": (own_alias.alias, None)})
    _check_not_an_alias(session, new)
    previous = actor.slug
    actor.slug = new
    session.flush()
    audit.log(session, "rename", "actor", actor.id, new, {"slug": (previous, new)})
    add_actor_alias(session, actor, previous)
    return actor


def add_actor_alias(session: Session, actor: Actor | str, alias: str) -> ActorAlias:
    """Give an actor another alias, in the audit trail like every change to an existing record."""
    record = add_alias(session, actor, alias)
    audit.log(session, "alias-add", "actor", record.actor.id, record.actor.slug, {"alias": (None, record.alias)})
    return record


def remove_alias(session: Session, actor: str, alias: str) -> str:
    """Remove one of an actor's aliases; returns the alias as stored."""
    actor_row = get_actor(session, actor)
    record = session.scalar(
        select(ActorAlias).where(ActorAlias.actor_id == actor_row.id, ActorAlias.alias_key == name_key(alias))
    )
    if record is None:
        known = ", ".join(f'"{a.alias}"' for a in actor_row.aliases) or "none"
        raise UnknownName(f'actor {actor_row.slug} has no alias "{alias}" (its aliases: {known})')
    stored = record.alias
    actor_row.aliases.remove(record)
    session.flush()
    audit.log(session, "alias-remove", "actor", actor_row.id, actor_row.slug, {"alias": (stored, None)})
    return stored


def merge_actors(session: Session, duplicate: str, into: str) -> dict:
    """Move every position, alias and child of ``duplicate`` to ``into``; the
    duplicate's slug becomes an alias of ``into`` and the duplicate is removed
    (its fields stay in the audit trail)."""
    dup, target = get_actor(session, duplicate), get_actor(session, into)
    if dup.id == target.id:
        raise InvalidValue(f'"{duplicate}" and "{into}" are the same actor ({dup.slug})')
    if _at_or_under(session, target, dup) or _at_or_under(session, dup, target):
        raise InvalidValue(f"cannot merge {dup.slug} and {target.slug}: one is under the other")
    twins = _live_twins(session, dup.id, target.id)
    if twins:
        pairs = "; ".join(f"position {a} of {dup.slug} and {b} of {target.slug}" for a, b in twins[:5])
        raise Conflict(
            f"merging would make live twins ({pairs}{' ...' if len(twins) > 5 else ''}): retract one of each pair first"
        )
    moved = list(session.scalars(select(Position.id).where(Position.actor_id == dup.id).order_by(Position.id)))
    for position_id in moved:
        audit.log(session, "merge", "position", position_id, f"position {position_id}", {"actor": (dup.slug, target.slug)})
    session.execute(Position.__table__.update().where(Position.actor_id == dup.id).values(actor_id=target.id))
    children = list(session.scalars(select(Actor).where(Actor.parent_id == dup.id)))
    for child in children:
        child.parent_id = target.id
        audit.log(session, "merge", "actor", child.id, child.slug, {"parent": (dup.slug, target.slug)})
    aliases = [a.alias for a in dup.aliases]
    fields: dict[str, tuple[object, object]] = {
        field: (getattr(dup, field), None)
        for field in ("slug", "name", "kind", "active_from", "active_until", "note")
        if getattr(dup, field) is not None
    }
    if dup.parent is not None:
        fields["parent"] = (dup.parent.slug, None)
    fields["merged_into"] = (None, target.slug)
    dup_id, dup_slug, target_id = dup.id, dup.slug, target.id
    session.delete(dup)
    session.flush()
    session.expire_all()
    audit.log(session, "merge", "actor", dup_id, dup_slug, fields)
    merged = session.get(Actor, target_id)
    assert merged is not None  # only the duplicate was deleted
    target = merged
    for alias in [*aliases, dup_slug]:
        add_actor_alias(session, target, alias)
    return {"positions": len(moved), "aliases": len(aliases) + 1, "children": len(children)}


def _live_twins(session: Session, dup_id: int, target_id: int) -> list[tuple[int, int]]:
    """Pairs of live positions of the two actors that would be one position once merged."""
    a, b = Position.__table__.alias("a"), Position.__table__.alias("b")
    same = PositionIdentity.alike(a, b, apart_from=("actor_id",))
    return [
        tuple(row)
        for row in session.execute(
            select(a.c.id, b.c.id)
            .where(a.c.actor_id == dup_id, b.c.actor_id == target_id, *same,
                   a.c.retracted_at.is_(None), b.c.retracted_at.is_(None))
            .order_by(a.c.id)
        )
    ]


# Topics ---------------------------------------------------------------


def edit_topic(
    session: Session,
    slug: str,
    name: str | None = None,
    description: str | None | Unchanged = UNCHANGED,
    parent: str | None | Unchanged = UNCHANGED,
    scale: str | None = None,
) -> dict[str, tuple[object, object]]:
    topic = get_topic(session, slug)
    values: dict[str, object] = {}
    if name is not None:
        values["name"] = required_text(name, Topic.name)
    if description is not UNCHANGED:
        values["description"] = clean_text(description, Topic.description)
    if parent is not UNCHANGED:
        values["parent_id"] = _parent_id(session, topic, parent)
    if scale is not None:
        scale_row = get_scale(session, scale)
        stranded = _positions_off_scale(session, topic.id, scale_row.id)
        if stranded:
            raise Conflict(
                f"scale {scale_row.slug} has no level for the stance of positions {_list(stranded)} "
                f"on topic {topic.slug}: correct them first"
            )
        values["scale_id"] = scale_row.id
    return _edit(
        session, "topic", topic, values, f"topic {topic.slug}", {"parent_id": ("parent", Topic), "scale_id": ("scale", Scale)}
    )


def _positions_off_scale(session: Session, topic_id: int, scale_id: int) -> list[int]:
    levels = select(ScaleLevel.value).where(ScaleLevel.scale_id == scale_id)
    return list(
        session.scalars(
            select(Position.id).where(Position.topic_id == topic_id, Position.stance.not_in(levels)).order_by(Position.id)
        )
    )


def rename_topic(session: Session, old: str, new: str) -> Topic:
    """Give a topic a new slug; the old slug keeps naming it (through the audit trail)."""
    topic = get_topic(session, old)
    check_slug(new, Topic.slug)
    if new == topic.slug:
        raise _nothing_to_change(f"topic {topic.slug}")
    if session.scalar(select(Topic.id).where(Topic.slug == new)) is not None:
        raise Conflict(f'topic "{new}" already exists')
    previous = topic.slug
    topic.slug = new
    session.flush()
    audit.log(session, "rename", "topic", topic.id, new, {"slug": (previous, new)})
    return topic


# Scale levels ---------------------------------------------------------


def add_level(session: Session, scale: str, value: int, label: str) -> ScaleLevel:
    scale_row = get_scale(session, scale)
    label = required_text(label, ScaleLevel.label, "level label")
    if is_integer(label):
        raise InvalidValue(f'the label "{label}" is a number: a label must not be one (it would read as a level)')
    for level in scale_row.levels:
        if level.value == value:
            raise Conflict(f'scale {scale_row.slug} already has level {value} ("{level.label}")')
        if name_key(level.label) == name_key(label):
            raise Conflict(f'scale {scale_row.slug} already has the label "{level.label}" (level {level.value})')
    level = ScaleLevel(value=value, label=label)
    scale_row.levels.append(level)
    session.flush()
    audit.log(session, "level-add", "scale", scale_row.id, scale_row.slug, {f"level {value}": (None, label)})
    return level


def _find_level(scale_row: Scale, level: str) -> ScaleLevel:
    value = parse_stance(level, scale_levels(scale_row), scale_row.slug)
    return next(row for row in scale_row.levels if row.value == value)


def rename_level(session: Session, scale: str, level: str, label: str) -> ScaleLevel:
    scale_row = get_scale(session, scale)
    row = _find_level(scale_row, level)
    label = required_text(label, ScaleLevel.label, "level label")
    if is_integer(label):
        raise InvalidValue(f'the label "{label}" is a number: a label must not be one (it would read as a level)')
    if label == row.label:
        raise _nothing_to_change(f"level {row.value} of scale {scale_row.slug}")
    clash = next((r for r in scale_row.levels if r is not row and name_key(r.label) == name_key(label)), None)
    if clash is not None:
        raise Conflict(f'scale {scale_row.slug} already has the label "{clash.label}" (level {clash.value})')
    old = row.label
    row.label = label
    session.flush()
    audit.log(session, "level-rename", "scale", scale_row.id, scale_row.slug, {f"level {row.value}": (old, label)})
    return row


def remove_level(session: Session, scale: str, level: str) -> int:
    """Remove a level no position uses; refused (naming the positions) when one does,
    or when it is the pivot."""
    scale_row = get_scale(session, scale)
    row = _find_level(scale_row, level)
    if row.value == scale_row.pivot:
        raise Conflict(f"level {row.value} ({row.label}) is the pivot of scale {scale_row.slug}")
    stranded = list(
        session.scalars(
            select(Position.id)
            .join(Topic, Topic.id == Position.topic_id)
            .where(Topic.scale_id == scale_row.id, Position.stance == row.value)
            .order_by(Position.id)
        )
    )
    if stranded:
        raise Conflict(
            f"positions {_list(stranded)} take the stance {row.value} ({row.label}) of scale {scale_row.slug}: "
            "removing it would strand them"
        )
    if len(scale_row.levels) <= 2:
        raise Conflict(f"scale {scale_row.slug} needs at least two levels")
    value, old = row.value, row.label
    scale_row.levels.remove(row)
    session.flush()
    audit.log(session, "level-remove", "scale", scale_row.id, scale_row.slug, {f"level {value}": (old, None)})
    return value


# Sources --------------------------------------------------------------


def edit_source(
    session: Session,
    ref: str,
    title: str | None = None,
    url: str | None | Unchanged = UNCHANGED,
    outlet: str | None | Unchanged = UNCHANGED,
    author: str | None | Unchanged = UNCHANGED,
    published: object = UNCHANGED,
    slug: str | None | Unchanged = UNCHANGED,
    content: str | None = None,
) -> dict[str, tuple[object, object]]:
    """Change a source's fields. New text re-checks every quote of the source
    against it and is refused, listing the quotes, when one is not in it."""
    from policytrack.sources import content_hash

    source = get_source(session, ref)
    values: dict[str, object] = {}
    if title is not None:
        values["title"] = required_text(title, Source.title)
    if url is not UNCHANGED:
        url = clean_text(url, Source.url)
        if url:
            other = session.scalar(select(Source.id).where(Source.url == url, Source.id != source.id))
            if other is not None:
                raise Conflict(f"source {other} already has the url {url}")
        values["url"] = url
    if slug is not UNCHANGED:
        if slug:
            slug = check_slug(str(slug).strip(), Source.slug)
            other = session.scalar(select(Source.id).where(Source.slug == slug, Source.id != source.id))
            if other is not None:
                raise Conflict(f'source slug "{slug}" is taken by source {other}')
        values["slug"] = slug or None
    for field, value in (("outlet", outlet), ("author", author)):
        if value is not UNCHANGED:
            values[field] = clean_text(value, getattr(Source, field))
    if published is not UNCHANGED:
        publication = optional_date(published, "--published")
        values["published_on"] = publication.start if publication else None
        values["published_precision"] = publication.precision if publication else None
    if content is not None:
        if not content.strip():
            raise InvalidValue("the source text is empty")
        digest = content_hash(content)
        other = session.scalar(select(Source.id).where(Source.content_sha256 == digest, Source.id != source.id))
        if other is not None:
            raise Conflict(f"source {other} already has the same text")
        missing = [
            (position_id, quote)
            for position_id, quote in session.execute(
                select(Evidence.position_id, Evidence.quote)
                .where(Evidence.source_id == source.id, Evidence.quote.is_not(None))
                .order_by(Evidence.position_id, Evidence.id)
            )
            if quote is not None and not quote_occurs(quote, content)
        ]
        if missing:
            listed = "; ".join(f'position {pid}: "{shortened(quote, 50)}"' for pid, quote in missing[:5])
            more = f" and {len(missing) - 5} more" if len(missing) > 5 else ""
            raise InvalidValue(
                f"{len(missing)} quote(s) of source {source.id} are not in the new text ({listed}{more}); "
                "correct those positions first"
            )
        values["content"] = content
        values["content_sha256"] = digest
    return _edit(session, "source", source, values, f"source {source.id}", unrecorded=("content_sha256",))


def remove_source(session: Session, ref: str) -> int:
    """Remove a source that supports no position; its fields stay in the audit trail."""
    source = get_source(session, ref)
    used = list(
        session.scalars(
            select(Evidence.position_id).where(Evidence.source_id == source.id).distinct().order_by(Evidence.position_id)
        )
    )
    if used:
        raise Conflict(f"source {source.id} is evidence for positions {_list(used)}: only an unused source can be removed")
    fields: dict[str, tuple[object, object]] = {
        field: (getattr(source, field), None)
        for field in ("slug", "url", "title", "outlet", "author", "published_on", "retrieved_on", "content")
        if getattr(source, field) is not None
    }
    source_id, name = source.id, source_audit_name(source.id, source.slug, source.url)
    session.delete(source)
    session.flush()
    audit.log(session, "remove", "source", source_id, name, fields)
    return source_id
