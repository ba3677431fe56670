"""Importing a CSV position file, streamed.

The file is read batch by batch (``BATCH_ROWS`` rows), each row resolved to
ids through caches that hold one entry per distinct actor, topic, stance,
date and source, and each batch written by :class:`PositionWriter`. Memory
does not grow with the number of rows.

Columns: ``actor,topic,stance,on`` and optionally
``kind,summary,source,quote,actor_name,topic_name``, in any order.
"""

from __future__ import annotations

import contextlib
import csv
import datetime as dt
import gc
import io
import itertools
import operator
from collections.abc import Callable
from pathlib import Path

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from policytrack.bulk.locate import relocated
from policytrack.bulk.report import ImportSummary
from policytrack.bulk.writer import position_writer
from policytrack.dates import parse_date
from policytrack.errors import InvalidValue, PolicytrackError, UnknownName
from policytrack.models import Actor, ActorAlias, Scale, ScaleLevel, Source, Topic
from policytrack.quotes import check_quote, normalize_text
from policytrack.resolve import check_slug, did_you_mean, get_source, parse_stance

REQUIRED_COLUMNS = ("actor", "topic", "stance", "on")
OPTIONAL_COLUMNS = ("kind", "summary", "source", "quote", "actor_name", "topic_name")
BATCH_ROWS = 10_000
_KINDS = {"": "statement", "statement": "statement", "action": "action"}

Progress = Callable[[str, int, int], None]


def import_csv(
    session: Session,
    path: Path,
    summary: ImportSummary,
    create_missing: bool = False,
    default_source: Source | None = None,
    progress: Progress | None = None,
    recorded_at: dt.datetime | None = None,
) -> None:
    """Import the positions of one CSV file into the session's transaction."""
    session.flush()
    total = path.stat().st_size
    writer = position_writer(session, recorded_at)
    names = Names(session, create_missing, writer.insert_row)
    try:
        with _open_csv(path) as (read, reader), _collector_paused():
            try:
                columns = _header(path, reader)
                rows = RowResolver(session, path, columns, names, writer.date_param, default_source)
                while True:
                    first_line = reader.line_num + 1
                    batch = list(itertools.islice(reader, BATCH_ROWS))
                    if not batch:
                        break
                    writer.write(rows.resolve(first_line, batch))
                    if progress is not None:
                        progress(str(path), read.consumed, total)
            except UnicodeDecodeError:
                raise InvalidValue(f"{path} is not UTF-8 text") from None
            except csv.Error as error:
                raise InvalidValue(f"{path}, line {reader.line_num}: {error}") from None
    finally:
        writer.close()
    session.expire_all()  # the writer changed rows behind the ORM's back
    if names.actors_created:
        summary.add("actors", created=names.actors_created)
    if names.topics_created:
        summary.add("topics", created=names.topics_created)
    summary.add("positions", created=writer.positions_created, skipped=writer.positions_skipped)
    summary.add("evidence", created=writer.evidence_created, skipped=writer.evidence_skipped)


@contextlib.contextmanager
def _collector_paused():
    """Pause Python's cyclic garbage collector while rows stream through.

    The rows are lists and tuples without cycles, freed by reference
    counting; but their sheer number sets off collections that walk every
    object of the process, over and over: up to a fifth of a large import.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


@contextlib.contextmanager
def _open_csv(path: Path):
    """The file as checked bytes (their count is the progress) and as CSV rows (UTF-8, an optional BOM)."""
    try:
        raw = open(path, "rb")  # noqa: SIM115 - closed by the with below
    except OSError as error:
        raise InvalidValue(f"cannot read {path}: {error.strerror or error}") from None
    with raw:
        checked = _TextBytes(raw, path)
        text = io.TextIOWrapper(io.BufferedReader(checked), encoding="utf-8-sig", newline="")
        yield checked, csv.reader(text)


class _TextBytes(io.RawIOBase):
    """A file's bytes, refused at the first NUL: a text file has none, and
    Python's csv module would read it as an ordinary character."""

    def __init__(self, raw, path: Path):
        self.raw = raw
        self.path = path
        self.consumed = 0

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:
        data = self.raw.read(len(buffer))
        if b"\x00" in data:
            raise InvalidValue(f"{self.path} is not a text file (it contains NUL bytes)")
        buffer[: len(data)] = data
        self.consumed += len(data)
        return len(data)


def _header(path: Path, reader) -> dict[str, int]:
    """Column name -> index, checked against the columns a position file may have."""
    header = next(reader, None)
    if not header:
        raise InvalidValue(f"{path} is empty: expected a header row with {','.join(REQUIRED_COLUMNS)}")
    names = [name.strip().lower() for name in header]
    allowed = REQUIRED_COLUMNS + OPTIONAL_COLUMNS
    for name in names:
        if name not in allowed:
            raise InvalidValue(f"{path}, line 1: unknown column {name!r} (allowed: {', '.join(allowed)})")
        if names.count(name) > 1:
            raise InvalidValue(f"{path}, line 1: the column {name!r} appears twice")
    missing = [name for name in REQUIRED_COLUMNS if name not in names]
    if missing:
        raise InvalidValue(
            f"{path}, line 1: no {', '.join(missing)} column: a CSV position file needs the columns "
            f"{','.join(REQUIRED_COLUMNS)}"
        )
    return {name: index for index, name in enumerate(names)}


def _line_of(first_line: int, rows: list[list[str]], number: int) -> int:
    """The line on which row ``number`` of a batch ends, as csv.reader counts lines.

    Worked out only for an error message: rows are read in batches without
    keeping each one's line; a row spans as many lines as its quoted fields
    hold line breaks, plus one.
    """
    line = first_line - 1
    for row in rows[: number + 1]:
        line += 1 + sum(field.count("\n") + field.count("\r") - field.count("\r\n") for field in row)
    return line


class Names:
    """Actors and topics by the names a file uses: all loaded once, each name
    resolved once, and with ``create_missing`` unknown ones created as met."""

    def __init__(self, session: Session, create_missing: bool, insert_row: Callable[[str, dict], int]):
        self.session = session
        self.create_missing = create_missing
        self.insert_row = insert_row
        self.actor_slugs: dict[str, int] = dict(session.execute(select(Actor.slug, Actor.id)).all())
        self.alias_ids: dict[str, int] = dict(
            session.execute(select(func.lower(ActorAlias.alias), ActorAlias.actor_id)).all()
        )
        self.topic_rows: dict[str, tuple[int, int]] = {
            slug: (topic_id, scale_id)
            for slug, topic_id, scale_id in session.execute(select(Topic.slug, Topic.id, Topic.scale_id))
        }
        self.scales: dict[int, tuple[str, dict[int, str]]] = {}
        for scale_id, slug in session.execute(select(Scale.id, Scale.slug)):
            self.scales[scale_id] = (slug, {})
        for scale_id, value, label in session.execute(select(ScaleLevel.scale_id, ScaleLevel.value, ScaleLevel.label)):
            self.scales[scale_id][1][value] = label
        # Raw cell text -> resolved value, filled as rows are read.
        self.actors: dict[str, int] = {}
        self.topics: dict[str, tuple[int, dict[str, int]]] = {}  # -> (topic id, stance cell -> level)
        self.topic_scales: dict[str, int] = {}  # topic cell -> scale id
        self.actors_created = self.topics_created = 0

    def actor(self, cell: str, name: str = "") -> int:
        """The id of the actor a cell names (slug or alias); ``name`` names a new one."""
        slug = cell.strip()
        actor_id = self._find_actor(slug)
        if actor_id is None:
            if not self.create_missing:
                hint = did_you_mean(slug, self.actor_slugs) if self.actor_slugs else ""
                raise UnknownName(f'unknown actor "{cell}"{hint}{_CREATE_HINT}')
            check_slug(slug, "actor")
            actor_id = self.insert_row("actors", {"slug": slug, "name": name.strip() or slug, "kind": "other"})
            self.actor_slugs[slug] = actor_id
            self.actors_created += 1
        self.actors[cell] = actor_id
        return actor_id

    def topic(self, cell: str, name: str = "") -> tuple[int, dict[str, int]]:
        """(id, stance cache) of the topic a cell names; ``name`` names a new one."""
        slug = cell.strip()
        row = self.topic_rows.get(slug) or self.topic_rows.get(slug.lower())
        if row is None:
            if not self.create_missing:
                hint = did_you_mean(slug, self.topic_rows) if self.topic_rows else ""
                raise UnknownName(f'unknown topic "{cell}"{hint}{_CREATE_HINT}')
            check_slug(slug, "topic")
            scale_id = self._support_scale()
            topic_id = self.insert_row("topics", {"slug": slug, "name": name.strip() or slug, "scale_id": scale_id})
            row = self.topic_rows[slug] = (topic_id, scale_id)
            self.topics_created += 1
        topic_id, scale_id = row
        self.topic_scales[cell] = scale_id
        entry = self.topics[cell] = (topic_id, {})
        return entry

    def stance(self, topic_cell: str, cell: str) -> int:
        """The level of a stance cell on the scale of the topic in ``topic_cell``."""
        scale_slug, levels = self.scales[self.topic_scales[topic_cell]]
        level = self.topics[topic_cell][1][cell] = parse_stance(cell, levels, scale_slug)
        return level

    def _support_scale(self) -> int:
        for scale_id, (slug, _) in self.scales.items():
            if slug == "support":
                return scale_id
        raise UnknownName('there is no scale "support" to put new topics on')

    def _find_actor(self, name: str) -> int | None:
        return self.actor_slugs.get(name) or self.alias_ids.get(name.lower()) or self.actor_slugs.get(name.lower())


_CREATE_HINT = " (--create-missing creates unknown actors and topics)"


class RowResolver:
    """Turns CSV rows into the writer's rows: ids, stance levels, dates, checked quotes."""

    def __init__(
        self,
        session: Session,
        path: Path,
        columns: dict[str, int],
        names: Names,
        date_param: Callable[[dt.date], object],
        default_source: Source | None,
    ):
        self.session = session
        self.path = path
        self.names = names
        self.date_param = date_param
        self.width = len(columns)
        # Absent optional columns read as empty: each row gets one "" appended.
        self.needs_pad = any(name not in columns for name in OPTIONAL_COLUMNS)
        fields = ("actor", "topic", "stance", "on", "kind", "summary", "source", "quote")
        self.fields = operator.itemgetter(*(columns.get(name, self.width) for name in fields))
        self.actor_name = operator.itemgetter(columns.get("actor_name", self.width))
        self.topic_name = operator.itemgetter(columns.get("topic_name", self.width))
        self.dates: dict[str, tuple[object, str]] = {}
        self.kinds = dict(_KINDS)
        # Source cell -> (id, its text normalized for quote matching, or None);
        # the empty cell is --source.
        self.sources: dict[str, tuple[int, str | None]] = {}
        self.source_rows: dict[int, Source] = {}
        if default_source is not None:
            self.sources[""] = self._source_entry(default_source)

    def resolve(self, first_line: int, rows: list[list[str]]) -> list[tuple]:
        """The rows of a batch that starts on ``first_line``, resolved; blank lines are skipped."""
        names = self.names
        actors, topics, dates, kinds, sources = names.actors, names.topics, self.dates, self.kinds, self.sources
        fields, needs_pad, width = self.fields, self.needs_pad, self.width
        resolved: list[tuple] = []
        append = resolved.append
        number = 0
        try:
            for number, row in enumerate(rows):
                if len(row) != width:
                    if not row:
                        continue
                    raise InvalidValue(f"expected {width} fields, found {len(row)}")
                if needs_pad:
                    row.append("")
                actor, topic, stance, on, kind, summary, source, quote = fields(row)
                actor_id = actors.get(actor) or names.actor(actor, self.actor_name(row))
                topic_id, stances = topics.get(topic) or names.topic(topic, self.topic_name(row))
                level = stances.get(stance)
                if level is None:
                    level = names.stance(topic, stance)
                date, precision = dates.get(on) or self._date(on)
                kind = kinds.get(kind) or self._kind(kind)
                source_id, normalized = sources.get(source) or self._source(source)
                if not quote:
                    quote = None
                elif normalized is not None and normalize_text(quote) not in normalized:
                    self._refuse_quote(source_id, quote)
                append((actor_id, topic_id, level, date, precision, kind, summary or None, source_id, quote))
        except PolicytrackError as error:
            raise relocated(error, f"{self.path}, line {_line_of(first_line, rows, number)}") from None
        return resolved

    def _date(self, cell: str) -> tuple[object, str]:
        date = parse_date(cell, "date")
        self.dates[cell] = entry = (self.date_param(date.start), date.precision)
        return entry

    def _kind(self, cell: str) -> str:
        kind = _KINDS.get(cell.strip().lower())
        if kind is None:
            raise InvalidValue(f"invalid kind {cell!r}: choose statement or action")
        self.kinds[cell] = kind
        return kind

    def _source(self, cell: str) -> tuple[int, str | None]:
        if not cell.strip():
            raise InvalidValue("no source for this position: fill in the source column or give --source")
        self.sources[cell] = entry = self._source_entry(get_source(self.session, cell))
        return entry

    def _source_entry(self, source: Source) -> tuple[int, str | None]:
        self.source_rows[source.id] = source
        return (source.id, normalize_text(source.content) if source.content is not None else None)

    def _refuse_quote(self, source_id: int, quote: str) -> None:
        source = self.source_rows[source_id]
        check_quote(quote, source.content, f"{source.id} ({source.slug})" if source.slug else str(source.id))
