"""Finding records by the names users type: slugs, aliases, ids, urls, labels.

Names are compared by :func:`~policytrack.models.name_key` (case folded,
NFC), the same on every backend. Every miss raises :class:`UnknownName`
with a did-you-mean hint when a known name is close. :class:`Resolver` is
the same lookup with a memory, for imports that meet the same names on row
after row (and, with ``--create-missing``, create the unknown ones).

How a source is named, in reports, in files and in messages, is decided
here too (the end of this module).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Iterable
from typing import NamedTuple

from sqlalchemy import ColumnElement, CursorResult, FromClause, String, cast, func, insert, or_, select, union_all
from sqlalchemy.orm import Session

from policytrack.errors import InvalidValue, PolicytrackError, UnknownName
from policytrack.models import Actor, ActorAlias, Scale, ScaleLevel, Source, Topic, name_key
from policytrack.quotes import check_quote, normalize_text
from policytrack.text import TextColumn, clean_text, fits, record_name
from policytrack.vocabulary import BUILT_IN_SCALE, DEFAULT_ACTOR_KIND, integer, is_integer

_SLUG = re.compile(r"[a-z0-9][a-z0-9._-]*")


def check_slug(slug: str, column: TextColumn) -> str:
    """Refuse a slug that is not lowercase ASCII, that is a number (a number always
    means an id), or that ``column`` (``Actor.slug``) cannot hold on every backend."""
    what = record_name(column)
    fits(slug or "", column, f"{what} slug")
    if not _SLUG.fullmatch(slug or ""):
        raise InvalidValue(
            f"invalid {what} slug {slug!r}: use lowercase letters, digits, '-', '_' or '.', "
            "starting with a letter or digit"
        )
    if slug.isdigit():
        raise InvalidValue(f"invalid {what} slug {slug!r}: a slug must not be all digits (a number means an id)")
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
    if not pairs:
        return ""
    match = process.extractOne(
        name, [text for text, _ in pairs], scorer=fuzz.WRatio, processor=utils.default_process, score_cutoff=70
    )
    return f': did you mean "{pairs[match[2]][1]}"?' if match else ""


# Single lookups ---------------------------------------------------------


def get_actor(session: Session, name: str) -> Actor:
    """An actor by slug or by any alias."""
    actor_id = _actor_id(session, name)
    if actor_id is None:
        raise _unknown_actor(session, name)
    actor = session.get(Actor, actor_id)
    if actor is None:
        raise _unknown_actor(session, name)
    return actor


def _actor_id(session: Session, name: str) -> int | None:
    # Slugs are lowercase ASCII, so a slug is its own key; add_alias keeps
    # aliases and other actors' slugs apart, so at most one row answers.
    key = name_key(name)
    by_slug = select(Actor.id).where(Actor.slug == key)
    by_alias = select(ActorAlias.actor_id).where(ActorAlias.alias_key == key)
    return session.scalar(union_all(by_slug, by_alias).limit(1))


def _unknown_actor(session: Session, name: str, hint: str = "") -> UnknownName:
    # Names and aliases are searched too: "United States" suggests "us".
    candidates = [(slug, slug) for slug in session.scalars(select(Actor.slug))]
    candidates += [(name_, slug) for slug, name_ in session.execute(select(Actor.slug, Actor.name))]
    candidates += [
        (alias, slug) for slug, alias in session.execute(select(Actor.slug, ActorAlias.alias).join(ActorAlias))
    ]
    return UnknownName(f'unknown actor "{name}"' + did_you_mean(name.strip(), candidates) + hint)


def get_topic(session: Session, slug: str) -> Topic:
    return _by_slug(session, Topic, slug, "topic")


def get_scale(session: Session, slug: str) -> Scale:
    return _by_slug(session, Scale, slug, "scale")


def _by_slug(session: Session, model, slug: str, what: str, hint: str = ""):
    record = session.scalar(select(model).where(model.slug == name_key(slug)))
    if record is None and what == "topic":
        from policytrack.audit import renamed_to

        # A renamed topic keeps answering to its old slug.
        renamed = renamed_to(session, what, slug.strip())
        record = session.get(model, renamed) if renamed is not None else None
    if record is None:
        candidates = session.scalars(select(model.slug)).all()
        raise UnknownName(f'unknown {what} "{slug}"' + did_you_mean(slug.strip(), candidates) + hint)
    return record


def get_source(session: Session, ref: str | int) -> Source:
    """A source by id, slug or url."""
    key = str(ref).strip()
    source = session.get(Source, int(key)) if is_id(key) else None
    if source is None:
        source = session.scalar(select(Source).where(or_(Source.slug == name_key(key), Source.url == key)))
    if source is None:
        candidates = [s for s in session.scalars(select(Source.slug)).all() if s]
        raise UnknownName(f'unknown source "{ref}" (give its id, slug or url)' + did_you_mean(key, candidates))
    return source


def scale_levels(scale: Scale) -> dict[int, str]:
    return {level.value: level.label for level in scale.levels}


def parse_stance(value: object, levels: dict[int, str], scale_slug: str) -> int:
    """A stance given as an integer level or a label of the scale."""
    if isinstance(value, bool):
        raise InvalidValue(f"invalid stance {value!r}")
    text = str(value).strip()
    if is_integer(text):
        level = integer(text, "a stance")
        if level in levels:
            return level
    else:
        by_label = {name_key(label): level for level, label in levels.items()}
        if name_key(text) in by_label:
            return by_label[name_key(text)]
    known = ", ".join(f"{level} {label}" for level, label in sorted(levels.items()))
    hint = did_you_mean(text, levels.values()) if not is_integer(text) else ""
    raise InvalidValue(f'stance "{value}" is not on scale "{scale_slug}" ({known}){hint}')


# Many lookups -----------------------------------------------------------


class TopicRef(NamedTuple):
    """What a position needs of its topic: its id and its scale's levels."""

    id: int
    scale: str
    levels: dict[int, str]
    stances: dict[object, int]  # stance as written -> level, filled as met


class SourceRef:
    """What evidence needs of a source: its id, its label, and its text for quote checks."""

    __slots__ = ("id", "label", "content", "_normalized")

    def __init__(self, source_id: int, slug: str | None, content: str | None):
        self.id = source_id
        self.label = source_label(source_id, slug)
        self.content = content
        self._normalized: str | None = None

    @classmethod
    def of(cls, source: Source) -> SourceRef:
        return cls(source.id, source.slug, source.content)

    def check_quote(self, quote: str | None) -> None:
        """Refuse a quote that is not in this source's stored text."""
        if not quote or self.content is None:
            return
        if self._normalized is None:
            self._normalized = normalize_text(self.content)
        if normalize_text(quote) not in self._normalized:
            check_quote(quote, self.content, self.label)  # raises, with the message every writer gives


InsertRow = Callable[[str, dict], int]
InsertRows = Callable[[str, list[dict]], list[int]]
CREATE_HINT = " (--create-missing creates unknown actors and topics)"


class Resolver:
    """Names to records for an import: each distinct name looked up once.

    The dicts ``actors``, ``topics`` and ``sources`` (name as written ->
    id or ref) are public so that a loop over millions of rows can try them
    before calling the method. With ``create_missing``, unknown actors and
    topics are created (topics on the ``support`` scale); ``insert_row``
    (table, values) -> id and ``insert_rows`` (table, [values]) -> ids let a
    bulk writer insert them its own fast way.
    """

    def __init__(
        self,
        session: Session,
        create_missing: bool = False,
        insert_row: InsertRow | None = None,
        insert_rows: InsertRows | None = None,
    ):
        self.session = session
        self.create_missing = create_missing
        self.insert_row = insert_row or self._insert_row
        self.insert_rows = insert_rows or (lambda table, records: [self.insert_row(table, record) for record in records])
        self.actors: dict[str, int] = {}
        self.topics: dict[str, TopicRef] = {}
        self.sources: dict[str, SourceRef] = {}
        self._scales: dict[int, tuple[str, dict[int, str]]] = {}
        self.created: Counter[str] = Counter()  # "actors", "topics" -> how many were created
        self._keys: dict[str, int] | None = None

    def actor(self, name: str, display_name: str | None = None) -> int:
        """The id of the actor ``name`` (slug or alias); ``display_name`` names one created."""
        actor_id = self.actors.get(name)
        if actor_id is None:
            key = name_key(name)
            actor_id = self._actor_keys().get(key)
            if actor_id is None:
                actor_id = self._actor_keys()[key] = self._create_actor(name, display_name)
            self.actors[name] = actor_id
        return actor_id

    def create_actors(self, names: Iterable[tuple[str, str | None]]) -> None:
        """Create the unknown actors among ``names`` ((name, display name), in file order) in one go.

        What :meth:`actor` would do for each name in turn, ids in the same
        order, but one statement for all: on PostgreSQL one round trip per
        new actor was a fifth of a first import (10,000 actors at 300k rows:
        1.1 s). Stops at the first name that cannot be created, so that
        :meth:`actor` refuses it where the file names it.
        """
        if not self.create_missing:
            return
        keys = self._actor_keys()
        new: dict[str, dict] = {}  # key -> the actor's row
        named: list[tuple[str, str]] = []  # (name, key) of each name met
        for name, display_name in names:
            if name in self.actors:
                continue
            key = name_key(name)
            if key in keys:
                self.actors[name] = keys[key]
                continue
            if key not in new:
                try:
                    new[key] = self._actor_record(name, display_name)
                except PolicytrackError:
                    break
            named.append((name, key))
        if not new:
            return
        for key, actor_id in zip(new, self.insert_rows("actors", list(new.values()))):
            keys[key] = actor_id
        self.created["actors"] += len(new)
        for name, key in named:
            self.actors[name] = keys[key]

    def _actor_keys(self) -> dict[str, int]:
        """Every actor's slug and alias keys, read at the first lookup: one query
        instead of one per name (an import may name tens of thousands). A
        resolver serves one file, after that file's own actors are written."""
        if self._keys is None:
            self._keys = dict(self.session.execute(select(Actor.slug, Actor.id)).all())
            self._keys.update(self.session.execute(select(ActorAlias.alias_key, ActorAlias.actor_id)).all())
        return self._keys

    def topic(self, name: str, display_name: str | None = None) -> TopicRef:
        """The topic ``name`` (its slug); ``display_name`` names one created."""
        ref = self.topics.get(name)
        if ref is None:
            row = self.session.execute(select(Topic.id, Topic.scale_id).where(Topic.slug == name_key(name))).first()
            topic_id, scale_id = row if row is not None else self._create_topic(name, display_name)
            scale, levels = self._scale(scale_id)
            ref = self.topics[name] = TopicRef(topic_id, scale, levels, {})
        return ref

    def stance(self, topic: TopicRef, value: object) -> int:
        """A stance (level or label) on the topic's scale."""
        if isinstance(value, (list, dict, set)):  # a YAML/JSON sequence or mapping: not hashable, never a stance
            raise InvalidValue(f"stance must be a level or its label, not {value!r}")
        level = topic.stances.get(value)
        if level is None:
            level = topic.stances[value] = parse_stance(value, topic.levels, topic.scale)
        return level

    def source(self, ref: object) -> SourceRef:
        """A source by id, slug or url."""
        key = str(ref)
        found = self.sources.get(key)
        if found is None:
            found = self.sources[key] = SourceRef.of(get_source(self.session, key))
        return found

    def _create_actor(self, name: str, display_name: str | None) -> int:
        if not self.create_missing:
            raise _unknown_actor(self.session, name, CREATE_HINT)
        record = self._actor_record(name, display_name)
        self.created["actors"] += 1
        return self.insert_row("actors", record)

    @staticmethod
    def _actor_record(name: str, display_name: str | None) -> dict:
        slug = check_slug(name.strip(), Actor.slug)
        return {"slug": slug, "name": clean_text(display_name, Actor.name) or slug, "kind": DEFAULT_ACTOR_KIND}

    def _create_topic(self, name: str, display_name: str | None) -> tuple[int, int]:
        if not self.create_missing:
            _by_slug(self.session, Topic, name, "topic", CREATE_HINT)  # raises
        slug = check_slug(name.strip(), Topic.slug)
        scale_id = self.session.scalar(select(Scale.id).where(Scale.slug == BUILT_IN_SCALE))
        if scale_id is None:
            raise UnknownName(f'there is no scale "{BUILT_IN_SCALE}" to put new topics on')
        self.created["topics"] += 1
        values = {"slug": slug, "name": clean_text(display_name, Topic.name) or slug, "scale_id": scale_id}
        return self.insert_row("topics", values), scale_id

    def _scale(self, scale_id: int) -> tuple[str, dict[int, str]]:
        if scale_id not in self._scales:
            slug = self.session.scalar(select(Scale.slug).where(Scale.id == scale_id))
            assert slug is not None  # topics.scale_id is a foreign key to scales
            levels = dict(
                self.session.execute(
                    select(ScaleLevel.value, ScaleLevel.label).where(ScaleLevel.scale_id == scale_id)
                ).all()
            )
            self._scales[scale_id] = (slug, levels)
        return self._scales[scale_id]

    def _insert_row(self, table: str, values: dict) -> int:
        model = {"actors": Actor, "topics": Topic}[table]
        result = self.session.execute(insert(model.__table__).values(**values))
        assert isinstance(result, CursorResult)  # an INSERT's result
        key = result.inserted_primary_key
        assert key is not None  # a single-row INSERT reports its key
        return key[0]


# How a source is named ---------------------------------------------------
#
# Reports show what a reader can follow (the url, else the slug, else the
# id); files refer to a source by what another database will know it by
# (the slug, else the url); messages say which row it is ("12 (caliber)");
# the audit trail keeps what named it when the change was made.


def source_reference(source_id: int, slug: str | None, url: str | None) -> str:
    """How reports name a source: its url, else its slug, else its id."""
    return url or slug or str(source_id)


def source_reference_sql(sources: FromClause) -> ColumnElement[str]:
    """:func:`source_reference` as an SQL expression over the sources table."""
    return func.coalesce(sources.c.url, sources.c.slug, cast(sources.c.id, String))


def source_file_reference(slug: str | None, url: str | None) -> str | None:
    """How an exported file refers to a source: its slug, else its url (else it needs a key or its id)."""
    return slug or url


def source_label(source_id: int, slug: str | None) -> str:
    """How messages name a source: ``12 (caliber-2024-11-21)``, or ``12``."""
    return f"{source_id} ({slug})" if slug else str(source_id)


def source_audit_name(source_id: int, slug: str | None, url: str | None) -> str:
    """How the audit trail names a source: its slug, else its url, else ``source 12``."""
    return slug or url or f"source {source_id}"
