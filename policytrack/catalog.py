"""Actors, scales and topics: adding them and listing them as rows."""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from sqlalchemy import select
from sqlalchemy.orm import Session, aliased, selectinload

from policytrack.dates import period
from policytrack.errors import Conflict, InvalidValue
from policytrack.models import Actor, ActorAlias, Scale, ScaleLevel, Topic, name_key
from policytrack.resolve import check_slug, get_actor, get_scale, get_topic
from policytrack.text import clean_text, required_text
from policytrack.vocabulary import BUILT_IN_SCALE, DEFAULT_ACTOR_KIND, actor_kind, integer, is_integer

# Actors ---------------------------------------------------------------


def add_actor(
    session: Session,
    slug: str,
    name: str,
    kind: str = DEFAULT_ACTOR_KIND,
    parent: str | None = None,
    aliases: Iterable[str] = (),
    active_from: object = None,
    active_until: object = None,
    note: str | None = None,
) -> Actor:
    check_slug(slug, Actor.slug)
    kind = actor_kind(kind)
    if session.scalar(select(Actor.id).where(Actor.slug == slug)) is not None:
        raise Conflict(f'actor "{slug}" already exists')
    _check_not_an_alias(session, slug)
    # A coarse active period covers its whole extent: "until 2025" is through 2025-12-31.
    start, end = period(active_from, active_until, "--active-from", "--active-until")
    actor = Actor(
        slug=slug,
        name=required_text(name, Actor.name),
        kind=kind,
        parent=get_actor(session, parent) if parent else None,
        active_from=start,
        active_until=end,
        note=clean_text(note, Actor.note),
    )
    session.add(actor)
    session.flush()
    for alias in aliases:
        add_alias(session, actor, alias)
    return actor


def add_alias(session: Session, actor: Actor | str, alias: str) -> ActorAlias:
    if isinstance(actor, str):
        actor = get_actor(session, actor)
    alias = required_text(alias, ActorAlias.alias, "alias")
    holder = session.execute(
        select(Actor.slug, ActorAlias.alias).join(ActorAlias).where(ActorAlias.alias_key == name_key(alias))
    ).first()
    if holder is not None:
        same = "" if holder.alias == alias else f' (as "{holder.alias}")'
        raise Conflict(f'alias "{alias}" already names actor "{holder.slug}"{same}')
    other = session.scalar(select(Actor.slug).where(Actor.slug == name_key(alias), Actor.id != actor.id))
    if other is not None:
        raise Conflict(f'alias "{alias}" is the slug of actor "{other}"')
    record = ActorAlias(actor=actor, alias=alias)
    session.add(record)
    session.flush()
    return record


def _check_not_an_alias(session: Session, slug: str) -> None:
    holder = session.scalar(select(Actor.slug).join(ActorAlias).where(ActorAlias.alias_key == name_key(slug)))
    if holder is not None:
        raise Conflict(f'"{slug}" is already an alias of actor "{holder}"')


def list_actors(session: Session, parents_first: bool = False) -> list[dict]:
    """Actors by slug, or with ``parents_first`` in the order they were added,
    so that each parent comes before its children (as ``export`` needs)."""
    parent = aliased(Actor)
    rows = session.execute(
        select(Actor, parent.slug)
        .outerjoin(parent, Actor.parent_id == parent.id)
        .options(selectinload(Actor.aliases))
        .order_by(Actor.id if parents_first else Actor.slug)
    ).all()
    return [
        {
            "slug": actor.slug,
            "name": actor.name,
            "kind": actor.kind,
            "parent": parent_slug,
            "active_from": actor.active_from,
            "active_until": actor.active_until,
            "aliases": [a.alias for a in actor.aliases],
            "note": actor.note,
        }
        for actor, parent_slug in rows
    ]


# Scales ---------------------------------------------------------------


def add_scale(
    session: Session, slug: str, name: str, levels: Mapping[int, str], pivot: int | None = None
) -> Scale:
    check_slug(slug, Scale.slug)
    if session.scalar(select(Scale.id).where(Scale.slug == slug)) is not None:
        raise Conflict(f'scale "{slug}" already exists')
    levels = {integer(value, "a level"): required_text(label, ScaleLevel.label, "level label") for value, label in levels.items()}
    if len(levels) < 2:
        raise InvalidValue(f'scale "{slug}" needs at least two levels')
    for value, label in levels.items():
        if is_integer(label):
            # "--stance 1" would then name the level 1 or the level labelled "1".
            raise InvalidValue(f'level {value} of scale "{slug}" has the label "{label}": a label must not be a number')
    labels = [name_key(label) for label in levels.values()]
    duplicates = sorted({label for label in labels if labels.count(label) > 1})
    if duplicates:
        raise InvalidValue(f'scale "{slug}" uses the label "{duplicates[0]}" twice')
    if pivot is None:
        if 0 not in levels:
            raise InvalidValue(f'scale "{slug}" has no level 0: give its pivot')
        pivot = 0
    if pivot not in levels:
        raise InvalidValue(f'pivot {pivot} is not a level of scale "{slug}"')
    scale = Scale(
        slug=slug,
        name=required_text(name, Scale.name),
        pivot=pivot,
        levels=[ScaleLevel(value=value, label=label) for value, label in sorted(levels.items())],
    )
    session.add(scale)
    session.flush()
    return scale


def parse_levels(items: Iterable[str]) -> dict[int, str]:
    """``VALUE=LABEL`` strings (as given to ``scale add --level``) as a mapping."""
    levels: dict[int, str] = {}
    for item in items:
        value, sep, label = item.partition("=")
        level = int(value) if is_integer(value) else None
        if not sep or level is None or not label.strip():
            raise InvalidValue(f"invalid level {item!r}: expected VALUE=LABEL, such as -1=restrict")
        if level in levels:
            raise InvalidValue(f"level {level} is given twice")
        levels[level] = label.strip()
    return levels


def list_scales(session: Session) -> list[dict]:
    from policytrack.lexicon import cues_by_scale

    scales = session.scalars(select(Scale).options(selectinload(Scale.levels)).order_by(Scale.slug))
    cues = cues_by_scale(session)
    return [
        {
            "slug": scale.slug,
            "name": scale.name,
            "pivot": scale.pivot,
            "levels": {str(level.value): level.label for level in scale.levels},
            "cues": cues.get(scale.id, {}),
        }
        for scale in scales
    ]


# Topics ---------------------------------------------------------------


def add_topic(
    session: Session,
    slug: str,
    name: str,
    scale: str = BUILT_IN_SCALE,
    parent: str | None = None,
    description: str | None = None,
) -> Topic:
    check_slug(slug, Topic.slug)
    if session.scalar(select(Topic.id).where(Topic.slug == slug)) is not None:
        raise Conflict(f'topic "{slug}" already exists')
    topic = Topic(
        slug=slug,
        name=required_text(name, Topic.name),
        scale=get_scale(session, scale),
        parent=get_topic(session, parent) if parent else None,
        description=clean_text(description, Topic.description),
    )
    session.add(topic)
    session.flush()
    return topic


def list_topics(session: Session, parents_first: bool = False) -> list[dict]:
    """Topics by slug, or with ``parents_first`` in the order they were added."""
    from policytrack.lexicon import keywords_by_topic

    parent = aliased(Topic)
    rows = session.execute(
        select(Topic.id, Topic.slug, Topic.name, Scale.slug, parent.slug, Topic.description)
        .join(Scale, Topic.scale_id == Scale.id)
        .outerjoin(parent, Topic.parent_id == parent.id)
        .order_by(Topic.id if parents_first else Topic.slug)
    ).all()
    keywords = keywords_by_topic(session)
    keys = ("slug", "name", "scale", "parent", "description")
    return [dict(zip(keys, row[1:]), keywords=keywords.get(row[0], [])) for row in rows]
