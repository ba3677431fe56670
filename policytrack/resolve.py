"""Finding records by the names users type: slugs, aliases, ids, urls, labels.

Every miss raises :class:`UnknownName` with a did-you-mean hint when a
known name is close.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session

from policytrack.errors import InvalidValue, UnknownName
from policytrack.models import Actor, ActorAlias, Scale, Source, Topic

_SLUG = re.compile(r"^[a-z0-9][a-z0-9._-]*$")


def check_slug(slug: str, what: str) -> str:
    if not _SLUG.match(slug or ""):
        raise InvalidValue(
            f"invalid {what} slug {slug!r}: use lowercase letters, digits, '-', '_' or '.', "
            "starting with a letter or digit"
        )
    return slug


# The largest id either backend stores (PostgreSQL ``integer``); a larger number names nothing.
MAX_ID = 2**31 - 1


def is_id(value: str | int) -> bool:
    """Whether ``value`` could be a row id: ASCII digits within the integer range."""
    text = str(value).strip()
    return text.isascii() and text.isdigit() and 0 < int(text) <= MAX_ID


def did_you_mean(name: str, candidates: Iterable[str] | Iterable[tuple[str, str]]) -> str:
    """`` : did you mean "x"?`` when a candidate is close to ``name``, else ``""``.

    A candidate may be a (text, suggestion) pair: an actor's name suggests its slug.
    """
    from rapidfuzz import fuzz, process, utils

    pairs = [item if isinstance(item, tuple) else (item, item) for item in candidates]
    match = process.extractOne(
        name, [text for text, _ in pairs], scorer=fuzz.WRatio, processor=utils.default_process, score_cutoff=70
    )
    return f': did you mean "{pairs[match[2]][1]}"?' if match else ""


def get_actor(session: Session, name: str) -> Actor:
    """An actor by slug or by any alias (aliases ignore case)."""
    key = name.strip()
    actor = session.scalar(select(Actor).where(Actor.slug == key))
    if actor is None:
        actor = session.scalar(
            select(Actor).join(ActorAlias).where(func.lower(ActorAlias.alias) == key.lower())
        )
    if actor is None:
        actor = session.scalar(select(Actor).where(Actor.slug == key.lower()))
    if actor is None:
        # Names and aliases are searched too: "United States" suggests "us".
        candidates = [(slug, slug) for slug in session.scalars(select(Actor.slug))]
        candidates += [(name_, slug) for slug, name_ in session.execute(select(Actor.slug, Actor.name))]
        candidates += [
            (alias, slug) for slug, alias in session.execute(select(Actor.slug, ActorAlias.alias).join(ActorAlias))
        ]
        raise UnknownName(f'unknown actor "{name}"' + did_you_mean(key, candidates))
    return actor


def get_topic(session: Session, slug: str) -> Topic:
    return _by_slug(session, Topic, slug, "topic")


def get_scale(session: Session, slug: str) -> Scale:
    return _by_slug(session, Scale, slug, "scale")


def _by_slug(session: Session, model, slug: str, what: str):
    key = slug.strip()
    record = session.scalar(select(model).where(or_(model.slug == key, model.slug == key.lower())))
    if record is None and what == "topic":
        from policytrack.audit import renamed_to

        # A renamed topic keeps answering to its old slug.
        renamed = renamed_to(session, what, key)
        record = session.get(model, renamed) if renamed is not None else None
    if record is None:
        candidates = session.scalars(select(model.slug)).all()
        raise UnknownName(f'unknown {what} "{slug}"' + did_you_mean(key, candidates))
    return record


def get_source(session: Session, ref: str | int) -> Source:
    """A source by id, slug or url."""
    key = str(ref).strip()
    source = None
    if is_id(key):
        source = session.get(Source, int(key))
    if source is None:
        source = session.scalar(select(Source).where(or_(Source.slug == key, Source.url == key)))
    if source is None:
        candidates = [s for s in session.scalars(select(Source.slug)).all() if s]
        raise UnknownName(f'unknown source "{ref}" (give its id, slug or url)' + did_you_mean(key, candidates))
    return source


def scale_levels(scale: Scale) -> dict[int, str]:
    return {level.value: level.label for level in scale.levels}


def parse_stance(value: str | int, levels: dict[int, str], scale_slug: str) -> int:
    """A stance given as an integer level or a label of the scale."""
    if isinstance(value, bool):
        raise InvalidValue(f"invalid stance {value!r}")
    text = str(value).strip()
    if re.fullmatch(r"[+-]?\d+", text):
        level = int(text)
        if level in levels:
            return level
    else:
        by_label = {label.lower(): level for level, label in levels.items()}
        if text.lower() in by_label:
            return by_label[text.lower()]
    known = ", ".join(f"{level} {label}" for level, label in sorted(levels.items()))
    hint = did_you_mean(text, levels.values()) if not text.lstrip("+-").isdigit() else ""
    raise InvalidValue(f'stance "{value}" is not on scale "{scale_slug}" ({known}){hint}')
