"""Importing a CSV position file, streamed.

The file is read batch by batch (``BATCH_ROWS`` rows), each row resolved to
ids through caches that hold one entry per distinct actor, topic, stance,
date and source, and each batch written by :class:`PositionWriter`. Memory
does not grow with the number of rows.

Columns: ``actor,topic,stance,on`` and optionally
``kind,summary,source,quote,actor_name,topic_name``, in any order.

Only ``summary`` and ``quote`` may hold line breaks (in a quoted field): a
line break anywhere else, like a quoted field that runs to the end of the
file, means a closing ``"`` is missing, and is refused naming the line where
the field opened rather than read as one long field.
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

from sqlalchemy.orm import Session

from policytrack.bulk.locate import relocated
from policytrack.bulk.report import ImportSummary
from policytrack.bulk.writer import BulkRow, position_writer
from policytrack.dates import parse_date
from policytrack.errors import InvalidValue, PolicytrackError
from policytrack.models import Position
from policytrack.quotes import clean_quote
from policytrack.resolve import Resolver, SourceRef
from policytrack.text import clean_text
from policytrack.vocabulary import DEFAULT_POSITION_KIND, position_kind

REQUIRED_COLUMNS = ("actor", "topic", "stance", "on")
OPTIONAL_COLUMNS = ("kind", "summary", "source", "quote", "actor_name", "topic_name")
BATCH_ROWS = 10_000
MULTILINE_COLUMNS = ("summary", "quote")
_SUMMARY = Position.__table__.c.summary

Progress = Callable[[str, int, int], None]


def import_csv(
    session: Session,
    path: Path,
    summary: ImportSummary,
    create_missing: bool = False,
    default_source: SourceRef | None = None,
    progress: Progress | None = None,
    recorded_at: dt.datetime | None = None,
    data: bytes | None = None,
) -> None:
    """Import the positions of one CSV file into the session's transaction.

    ``data`` is the file's content when it does not come from ``path`` (standard input).
    """
    session.flush()
    total = path.stat().st_size if data is None else len(data)
    writer = position_writer(session, recorded_at)
    names = Resolver(session, create_missing, writer.insert_row, writer.insert_rows)
    try:
        with _open_csv(path, data) as (read, reader), _collector_paused():
            try:
                columns = _header(path, reader)
                rows = RowResolver(session, path, columns, names, writer.date_param, default_source)
                first_line = reader.line_num + 1
                batch = list(itertools.islice(reader, BATCH_ROWS))
                # A file of more than one batch: about as many rows as the first batch's share of its bytes tells.
                expected_rows = len(batch) * total // max(read.consumed, 1) if len(batch) == BATCH_ROWS else 0
                with writer.bulk_load(expected_rows):
                    while batch:
                        writer.write(rows.resolve(first_line, batch))
                        if progress is not None:
                            progress(str(path), read.consumed, total)
                        first_line = reader.line_num + 1
                        batch = list(itertools.islice(reader, BATCH_ROWS))
            except UnicodeDecodeError:
                raise InvalidValue(f"{path} is not UTF-8 text") from None
            except csv.Error as error:
                if "unexpected end of data" in str(error):
                    raise InvalidValue(
                        f"{path}, line {_unclosed_field_line(path, data)}: a quoted field opens here and never "
                        'closes (is a closing " missing?)'
                    ) from None
                if "field larger than field limit" in str(error):
                    raise InvalidValue(
                        f"{path}, line {_unclosed_field_line(path, data)}: a field on this line runs on for more "
                        f'than {csv.field_size_limit()} characters (is a closing " missing?)'
                    ) from None
                raise InvalidValue(f"{path}, line {reader.line_num}: {error}") from None
    finally:
        writer.close()
    session.expire_all()  # the writer changed rows behind the ORM's back
    for kind, count in names.created.items():
        summary.add(kind, created=count)
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
def _open_csv(path: Path, data: bytes | None = None):
    """The file as checked bytes (their count is the progress) and as CSV rows (UTF-8, an optional BOM).

    Strict: a quoted field still open at the end of the file is an error, not the rest of the file.
    """
    try:
        raw = open(path, "rb") if data is None else io.BytesIO(data)  # noqa: SIM115 - closed by the with below
    except OSError as error:
        raise InvalidValue(f"cannot read {path}: {error.strerror or error}") from None
    with raw:
        checked = _TextBytes(raw, path)
        text = io.TextIOWrapper(io.BufferedReader(checked), encoding="utf-8-sig", newline="")
        yield checked, csv.reader(text, strict=True)


def _unclosed_field_line(path: Path, data: bytes | None) -> int:
    """The line on which the row holding a never-closed quoted field starts.

    Read again only for the message: while importing, rows are read in batches
    without noting where each starts.
    """
    with _open_csv(path, data) as (_, reader):
        start = 1
        try:
            for _ in reader:
                start = reader.line_num + 1
        except csv.Error:
            pass
    return start


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


class _LineBreak(PolicytrackError):
    """A line break in a column that holds one line; its message is the column."""


def _one_line(cell: str, column: str) -> str:
    # Checked as each distinct cell is first resolved, so it costs nothing per row.
    if "\n" in cell or "\r" in cell:
        raise _LineBreak(column)
    return cell


class RowResolver:
    """Turns CSV rows into the writer's rows: ids, stance levels, dates, checked quotes."""

    def __init__(
        self,
        session: Session,
        path: Path,
        columns: dict[str, int],
        names: Resolver,
        date_param: Callable[[dt.date], object],
        default_source: SourceRef | None,
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
        self.actor_column = columns["actor"]
        self.actor_name_column = columns.get("actor_name")
        self.actor_name = operator.itemgetter(columns.get("actor_name", self.width))
        self.topic_name = operator.itemgetter(columns.get("topic_name", self.width))
        self.dates: dict[str, tuple[object, str]] = {}
        self.kinds = {"": DEFAULT_POSITION_KIND}
        # The empty source cell is --source.
        if default_source is not None:
            names.sources[""] = default_source

    def resolve(self, first_line: int, rows: list[list[str]]) -> list[BulkRow]:
        """The rows of a batch that starts on ``first_line``, resolved; blank lines are skipped."""
        names = self.names
        if names.create_missing:
            self._create_actors(rows)
        actors, topics, dates, kinds, sources = names.actors, names.topics, self.dates, self.kinds, names.sources
        fields, needs_pad, width = self.fields, self.needs_pad, self.width
        resolved: list[BulkRow] = []
        append = resolved.append
        make = BulkRow._make  # tuple.__new__: a third of the time of BulkRow(...) for each of millions of rows
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
                actor_id = actors.get(actor) or names.actor(
                    _one_line(actor, "actor"), _one_line(self.actor_name(row), "actor_name")
                )
                topic_ref = topics.get(topic) or names.topic(
                    _one_line(topic, "topic"), _one_line(self.topic_name(row), "topic_name")
                )
                level = topic_ref.stances.get(stance)
                if level is None:
                    level = names.stance(topic_ref, _one_line(stance, "stance"))
                date, precision = dates.get(on) or self._date(on)
                kind = kinds.get(kind) or self._kind(kind)
                source_ref = sources.get(source) or self._source(source)
                if quote:
                    quote = clean_quote(quote)
                    source_ref.check_quote(quote)
                else:
                    quote = None
                if summary:
                    summary = clean_text(summary, _SUMMARY)
                append(make((actor_id, topic_ref.id, date, precision, kind, level, summary or None, source_ref.id, quote)))
        except _LineBreak as error:
            line = _line_of(first_line, rows, number - 1) + 1
            raise InvalidValue(
                f"{self.path}, line {line}: the {error} field holds a line break: a quoted field opens on this "
                f'line and closes on a later one (is a closing " missing? only {" and ".join(MULTILINE_COLUMNS)} '
                "may span lines)"
            ) from None
        except PolicytrackError as error:
            raise relocated(error, f"{self.path}, line {_line_of(first_line, rows, number)}") from None
        return resolved

    def _create_actors(self, rows: list[list[str]]) -> None:
        """Create the batch's new actors in one go, before its rows are resolved.

        Only as far as the first row whose actor cells are not what a row's
        actor may be (a line break, a row of the wrong width): the loop in
        :meth:`resolve` reports that row.
        """
        actors, width, column, name_column = self.names.actors, self.width, self.actor_column, self.actor_name_column
        new: list[tuple[str, str | None]] = []
        for row in rows:
            if len(row) != width:  # a blank line, or a row the loop refuses
                if not row:
                    continue
                break
            actor = row[column]
            if actor in actors:
                continue
            display_name = row[name_column] if name_column is not None else ""
            if "\n" in actor or "\r" in actor or "\n" in display_name or "\r" in display_name:
                break
            new.append((actor, display_name))
        if new:
            self.names.create_actors(new)

    def _date(self, cell: str) -> tuple[object, str]:
        _one_line(cell, "on")
        date = parse_date(cell, "date")
        self.dates[cell] = entry = (self.date_param(date.start), date.precision)
        return entry

    def _kind(self, cell: str) -> str:
        _one_line(cell, "kind")
        self.kinds[cell] = kind = position_kind(cell)
        return kind

    def _source(self, cell: str) -> SourceRef:
        _one_line(cell, "source")
        if not cell.strip():
            raise InvalidValue("no source for this position: fill in the source column or give --source")
        return self.names.source(cell)
