"""Every way policytrack prints rows: tabulate tables, CSV, JSON, JSON lines.

JSON and CSV carry the values as they are (dates ISO ``YYYY-MM-DD`` with a
precision key beside them, timestamps ISO 8601 UTC, stances as integers).
Tables are for reading: dates at their precision, stance labels instead of
integers, lists joined.

Any value a query can return gets one reading (``sql`` returns whatever the
database holds): numbers stay numbers (a ``numeric`` is written in JSON with
all its digits, in tables and CSV as a plain decimal, never ``0E-20``); a
number JSON cannot hold (NaN, Infinity) is null in JSON and ``NaN``,
``Infinity`` or ``-Infinity`` in tables and CSV; blobs are base64; times and
intervals are ISO 8601 (``12:30:00``, ``P1DT2H``); anything else (uuid,
inet, ...) is its text.
"""

from __future__ import annotations

import base64
import csv
import datetime as dt
import decimal
import io
import itertools
import json
import math
from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import Any, TextIO

from policytrack.dates import format_date, format_timestamp
from policytrack.vocabulary import DATA_FORMATS

# The JSON keys of each listing (SPEC.md "Commands"), also the CSV header
# and the table columns when there are no rows.
KEYS = {
    "actors": ("slug", "name", "kind", "parent", "active_from", "active_until", "aliases", "note"),
    "scales": ("slug", "name", "pivot", "levels", "cues"),
    "topics": ("slug", "name", "scale", "parent", "description", "keywords"),
    "sources": ("id", "slug", "url", "title", "outlet", "author", "published_on", "published_precision", "has_text",
                "positions"),
    "timeline": (
        "id", "actor", "topic", "stance", "stance_label", "effective_on", "date_precision", "kind",
        "summary", "recorded_at", "retracted_at", "retraction_reason", "supersedes_id", "sources",
    ),
    "current": ("actor", "topic", "stance", "stance_label", "effective_on", "date_precision", "position_id"),
    "diff_dates": (
        "topic", "from_position", "from_stance", "from_label", "from_on", "from_precision",
        "to_position", "to_stance", "to_label", "to_on", "to_precision", "change",
    ),
    "diff_actors": ("topic", "stance_a", "label_a", "stance_b", "label_b", "relation"),
    "reversals": (
        "actor", "topic", "from_actor", "to_actor", "from_position", "to_position", "from_stance",
        "from_label", "from_on", "from_precision", "to_stance", "to_label", "to_on", "to_precision",
        "level", "kind", "restores", "sources",
    ),
    "check": ("severity", "code", "position", "source", "actor", "message"),
    "search": ("kind", "position", "actor", "topic", "source", "retracted", "fragment"),
    "history": (
        "id", "changed_at", "changed_by", "action", "record_type", "record_id", "record", "field", "old_value",
        "new_value",
    ),
}

# In tables a date is shown at the precision kept beside it ...
_DATE_PRECISION = {
    "effective_on": "date_precision", "from_on": "from_precision", "to_on": "to_precision",
    "published_on": "published_precision",
}
# ... and a stance by its label.
_STANCE_LABEL = {
    "stance": "stance_label",
    "from_stance": "from_label",
    "to_stance": "to_label",
    "stance_a": "label_a",
    "stance_b": "label_b",
}


def is_known_format(name: str) -> bool:
    from tabulate import tabulate_formats

    return name in DATA_FORMATS or name in tabulate_formats


def known_formats() -> list[str]:
    from tabulate import tabulate_formats

    return sorted(set(tabulate_formats) | set(DATA_FORMATS))


def render(rows: Iterable[dict], fmt: str = "simple", keys: Sequence[str] | None = None) -> str:
    """``rows`` in format ``fmt`` as one string; see :func:`write`."""
    buffer = io.StringIO()
    write(rows, fmt, keys, buffer)
    return buffer.getvalue().rstrip("\n")


def write(rows: Iterable[dict], fmt: str, keys: Sequence[str] | None, stream: TextIO) -> None:
    """Write ``rows`` to ``stream`` in format ``fmt``.

    CSV and JSON are written row by row, so a report of a million rows never
    sits in memory as text; tables need every row to size their columns.
    ``keys`` names the columns when there are no rows.
    """
    with _Buffered(stream) as buffered:
        _write(rows, fmt, keys, buffered)


class _Buffered:
    """Collects small writes into large ones: with PYTHONUNBUFFERED set, every
    write to stdout would be a system call (11 s for 455,000 CSV rows)."""

    LIMIT = 1 << 16

    def __init__(self, stream: TextIO):
        self.stream = stream
        self.parts: list[str] = []
        self.size = 0

    def write(self, text: str) -> None:
        self.parts.append(text)
        self.size += len(text)
        if self.size >= self.LIMIT:
            self.flush()

    def flush(self) -> None:
        self.stream.write("".join(self.parts))
        self.parts.clear()
        self.size = 0

    def __enter__(self) -> _Buffered:
        return self

    def __exit__(self, *_exc) -> None:
        self.flush()


class Lines(str):
    """The type of a column of :class:`TypedRows` that holds items one per line (a
    position's sources): its rows read it as the sorted list of its distinct items."""


def _lines(text: str | None) -> list[str]:
    return [] if not text else [text] if "\n" not in text else sorted(set(text.split("\n")))


class TypedRows:
    """Rows whose columns have known types, for writers of hundreds of thousands of rows.

    Iterating gives a dict per row, as any rows do. ``chunks()`` gives the same rows a list
    at a time, each row a sequence of values in ``keys`` order, each value of its column's
    type in ``types`` (a Python type, ``object`` when unknown, :class:`Lines`) or None: the
    CSV writer converts the few columns that need it a column at a time and hands the rest
    to the csv module, instead of building a dict and testing every value of every row
    (1.7 s of the Python side at 216,000 reversals)."""

    def __init__(self, keys: list[str], types: list[type], chunks: Callable[[], Iterator[Sequence[Sequence[Any]]]]):
        self.keys, self.types, self._chunks = keys, types, chunks

    def chunks(self) -> Iterator[Sequence[Sequence[Any]]]:
        """The rows, a list at a time; each call reads them again."""
        return self._chunks()

    def __iter__(self) -> Iterator[dict]:
        keys = self.keys
        lines = [index for index, kind in enumerate(self.types) if kind is Lines]
        for chunk in self.chunks():
            for row in chunk:
                record = dict(zip(keys, row))
                for index in lines:
                    record[keys[index]] = _lines(row[index])
                yield record


def _write(rows: Iterable[dict], fmt: str, keys: Sequence[str] | None, stream) -> None:
    if fmt == "csv" and isinstance(rows, TypedRows):
        _write_typed_csv(rows, keys, stream)
        return
    rows = iter(rows)
    first = next(rows, None)
    columns = list(first.keys()) if first is not None else list(keys or ())
    remaining = itertools.chain([first], rows) if first is not None else iter(())
    if fmt == "json":
        stream.write("[")
        for index, row in enumerate(remaining):
            stream.write(",\n  " if index else "\n  ")
            stream.write(to_json(row))
        stream.write("\n]\n" if first is not None else "]\n")
    elif fmt == "jsonl":
        for row in remaining:
            stream.write(to_json(row))
            stream.write("\n")
    elif fmt == "csv":
        writer = csv.writer(stream, lineterminator="\n")
        writer.writerow(columns)
        # The csv module writes str, int and None (as empty) itself.
        writer.writerows(
            [value if type(value) in _CSV_NATIVE else _flat(value) for value in row.values()] for row in remaining
        )
    elif fmt == "simple":
        _write_simple_table(remaining, columns, stream)
    else:
        stream.write(_table(remaining, columns, fmt))
        stream.write("\n")


def _write_typed_csv(rows: TypedRows, keys: Sequence[str] | None, stream) -> None:
    """The CSV of :class:`TypedRows`, the same text as of their dicts."""
    # csv writes each row with a call of stream.write: into a StringIO (C), emptied a chunk at a time.
    text = io.StringIO()
    writer = csv.writer(text, lineterminator="\n")
    converted = [(index, convert) for index, kind in enumerate(rows.types) if (convert := _CSV_CONVERTERS.get(kind, _csv_value))]
    header = False
    for chunk in rows.chunks():
        if not header:
            writer.writerow(rows.keys)
            header = True
        if converted:
            columns: list[Iterable[Any]] = list(zip(*chunk))
            for index, convert in converted:
                columns[index] = convert(columns[index])
            writer.writerows(zip(*columns))
        else:
            writer.writerows(chunk)
        stream.write(text.getvalue())
        text.seek(0)
        text.truncate()
    if not header:
        writer.writerow(list(keys or ()))
        stream.write(text.getvalue())


def _csv_value(column):
    return [value if type(value) in _CSV_NATIVE else _flat(value) for value in column]


def _csv_date(column):
    return [value if value is None else value.isoformat() for value in column]


def _csv_lines(column):
    # As _flat writes the list of _lines: most texts are one item, written as they are.
    return [value if not value or "\n" not in value else "; ".join(_lines(value)) for value in column]


#: Rows a ``simple`` table sizes its columns on; later rows are printed a chunk at a time.
TABLE_CHUNK = 10_000


def _write_simple_table(rows: Iterator[dict], keys: Sequence[str], stream) -> None:
    """The default table, in chunks, so that a report of millions of rows does not sit in
    memory (tabulate sizes columns from every row: 457 MB for 216,000 reversals).

    The first chunk is sized by tabulate as any table is; each later chunk is given
    headers padded to those widths, so its columns line up, and printed without them.
    A later cell wider than any of the first chunk's widens its column from there on.
    A table of up to TABLE_CHUNK rows is exactly tabulate's."""
    text = _table(itertools.islice(rows, TABLE_CHUNK), keys, "simple")
    stream.write(text)
    stream.write("\n")
    if "\n" not in text:
        return  # no columns at all
    separator = text.split("\n", 2)[1]
    # tabulate makes a column at least its header and two wide.
    widths = [len(dashes) - 2 for dashes in separator.split("  ")]
    while chunk := list(itertools.islice(rows, TABLE_CHUNK)):
        headers = [column.ljust(width) for column, width in zip(_shown(keys), widths)]
        body = _table(chunk, keys, "simple", headers=headers).split("\n", 2)[2]
        stream.write(body)
        stream.write("\n")


# Floats are not among them: the csv module would write "inf" and "nan".
_CSV_NATIVE = {str, int, type(None)}
# How a column of TypedRows is written, by its type: None for the types of _CSV_NATIVE, which
# the csv module writes itself; any other type (object: unknown) value by value as _flat.
_CSV_CONVERTERS: dict[type, Any] = {str: None, int: None, dt.date: _csv_date, Lines: _csv_lines}


def _flat(value) -> str:
    if type(value) is dt.date:
        return value.isoformat()
    if type(value) is list and all(type(item) is str for item in value):
        return "; ".join(value)
    return _cell(value)


def write_record(record: dict, fmt: str, stream: TextIO) -> None:
    """One record (``source show``): in a data format a listing of one row, as
    SPEC.md wants of every listing; in a table format one field/value row per key."""
    if fmt in DATA_FORMATS:
        write([record], fmt, list(record), stream)
        return
    from tabulate import tabulate

    fields = [key for key in record if key not in _hidden(record)]
    table = [[key, _table_cell(record, key)] for key in fields]
    headers = ["field", "value"]
    if fmt in _MARKDOWN_FORMATS:
        table = [[_markdown_cell(cell) for cell in row] for row in table]
    stream.write(tabulate(table, headers=headers, tablefmt=fmt, disable_numparse=True))
    stream.write("\n")


def to_json(value) -> str:
    """``value`` as JSON text (see the module's docstring for how each type reads)."""
    try:
        return json.dumps(value, default=_json_default, ensure_ascii=False, allow_nan=False)
    except (_ExactNumber, ValueError):
        # A Decimal, NaN or Infinity somewhere: the slow path, only for such rows.
        return _json_text(value)


class _ExactNumber(Exception):
    """A Decimal, which ``json`` can only write as a lossy float."""


def _json_default(value):
    """JSON for what ``json`` cannot write itself."""
    if isinstance(value, decimal.Decimal):
        raise _ExactNumber
    return _portable(value)


def _json_text(value) -> str:
    if isinstance(value, dict):
        items = (f"{json.dumps(str(key), ensure_ascii=False)}: {_json_text(item)}" for key, item in value.items())
        return "{" + ", ".join(items) + "}"
    if isinstance(value, (list, tuple)):
        return "[" + ", ".join(_json_text(item) for item in value) + "]"
    if isinstance(value, decimal.Decimal):
        return _decimal_text(value) if value.is_finite() else "null"
    if isinstance(value, float) and not math.isfinite(value):
        return "null"
    return json.dumps(value, default=_json_default, ensure_ascii=False)


def _portable(value):
    """A value JSON has no type for, as the text that stands for it (JSON and table cells alike)."""
    if isinstance(value, dt.datetime):
        return format_timestamp(value)
    if isinstance(value, (dt.date, dt.time)):
        return value.isoformat()
    if isinstance(value, dt.timedelta):
        return _iso_duration(value)
    if isinstance(value, (bytes, bytearray, memoryview)):
        return base64.b64encode(bytes(value)).decode("ascii")
    return str(value)  # uuid, inet, cidr, ranges, ...


def _iso_duration(delta: dt.timedelta) -> str:
    """ISO 8601 duration: ``P1DT2H30M``, ``-PT0.5S``, ``PT0S``."""
    sign = "-" if delta < dt.timedelta(0) else ""
    delta = abs(delta)
    hours, rest = divmod(delta.seconds, 3600)
    minutes, seconds = divmod(rest, 60)
    clock = (f"{hours}H" if hours else "") + (f"{minutes}M" if minutes else "")
    if seconds or delta.microseconds:
        clock += f"{seconds}.{delta.microseconds:06d}".rstrip("0").rstrip(".") + "S"
    text = (f"{delta.days}D" if delta.days else "") + (f"T{clock}" if clock else "")
    return f"{sign}P{text}" if text else "PT0S"


def _decimal_text(value: decimal.Decimal) -> str:
    """A finite decimal written out plainly (``0.00000000000000000000``, not ``0E-20``)."""
    return format(value, "f")


def _number_text(value: float | decimal.Decimal) -> str:
    if isinstance(value, decimal.Decimal) and value.is_finite():
        return _decimal_text(value)
    if math.isnan(value):
        return "NaN"
    if math.isinf(value):
        return "Infinity" if value > 0 else "-Infinity"
    return str(value)


def _cell(value) -> str:
    """A value as flat text (CSV cells and table cells)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, (float, decimal.Decimal)):
        return _number_text(value)
    if isinstance(value, dict):
        return ", ".join(f"{key}={_cell(item)}" for key, item in value.items())
    if isinstance(value, (list, tuple)):
        # A list of sources ({source, quote}) shows the sources; other records show all their fields.
        cells = [_cell(item["source"] if isinstance(item, dict) and "source" in item else item) for item in value]
        return "; ".join(dict.fromkeys(cells))  # each source once, even when quoted twice
    if isinstance(value, (str, int)):
        return str(value)
    return _portable(value)


# Markdown tables: a "|" in a cell would end the cell, a newline the row.
_MARKDOWN_FORMATS = ("github", "pipe")


def _markdown_cell(text: str) -> str:
    """A cell of a Markdown table: ``|`` escaped, line breaks as ``<br>`` (GitHub and pandoc render both)."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return text.replace("|", "\\|").replace("\n", "<br>")


def _hidden(keys) -> set[str]:
    """Columns a table does not show: precisions (the dates show them) and labels (the stances show them)."""
    return {precision for date, precision in _DATE_PRECISION.items() if date in keys} | {
        label for stance, label in _STANCE_LABEL.items() if stance in keys
    }


def _shown(keys: Sequence[str]) -> list[str]:
    hidden = _hidden(keys)
    return [key for key in keys if key not in hidden]


def _table(rows: Iterable[dict], keys: Sequence[str], fmt: str, headers: Sequence[str] | None = None) -> str:
    from tabulate import tabulate

    columns = _shown(keys)
    # Cells as text while the rows stream in: a dict per row would double the memory.
    if fmt in _MARKDOWN_FORMATS:
        table = [[_markdown_cell(_table_cell(row, key)) for key in columns] for row in rows]
        return tabulate(table, headers=[_markdown_cell(c) for c in columns], tablefmt=fmt, disable_numparse=True)
    table = [[_table_cell(row, key) for key in columns] for row in rows]
    return tabulate(table, headers=headers or columns, tablefmt=fmt, disable_numparse=True)


def _table_cell(row: dict, key: str) -> str:
    value = row.get(key)
    if key in _DATE_PRECISION and isinstance(value, dt.date):
        return format_date(value, row.get(_DATE_PRECISION[key]) or "day")
    if key in _STANCE_LABEL and value is not None:
        label = row.get(_STANCE_LABEL[key])
        return label if label is not None else str(value)
    if isinstance(value, dt.datetime):
        return value.astimezone(dt.timezone.utc).strftime("%Y-%m-%d %H:%M:%S")
    return _cell(value)
