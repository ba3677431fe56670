"""Every way policytrack prints rows: tabulate tables, CSV, JSON, JSON lines.

JSON and CSV carry the values as they are (dates ISO ``YYYY-MM-DD`` with a
precision key beside them, timestamps ISO 8601 UTC, stances as integers).
Tables are for reading: dates at their precision, stance labels instead of
integers, lists joined.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import itertools
import json
from collections.abc import Iterable, Sequence
from typing import TextIO

from policytrack.dates import format_date, format_timestamp

DATA_FORMATS = ("csv", "json", "jsonl")

# The JSON keys of each listing (SPEC.md "Commands"), also the CSV header
# and the table columns when there are no rows.
KEYS = {
    "actors": ("slug", "name", "kind", "parent", "active_from", "active_until", "aliases", "note"),
    "scales": ("slug", "name", "pivot", "levels", "cues"),
    "topics": ("slug", "name", "scale", "parent", "description", "keywords"),
    "sources": ("id", "slug", "url", "title", "outlet", "author", "published_on", "has_text", "positions"),
    "timeline": (
        "id", "actor", "topic", "stance", "stance_label", "effective_on", "date_precision", "kind",
        "summary", "recorded_at", "retracted_at", "sources",
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
}

# In tables a date is shown at the precision kept beside it ...
_DATE_PRECISION = {"effective_on": "date_precision", "from_on": "from_precision", "to_on": "to_precision"}
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
    with _Buffered(stream) as stream:
        _write(rows, fmt, keys, stream)


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


def _write(rows: Iterable[dict], fmt: str, keys: Sequence[str] | None, stream) -> None:
    rows = iter(rows)
    first = next(rows, None)
    columns = list(first.keys()) if first is not None else list(keys or ())
    remaining = itertools.chain([first], rows) if first is not None else iter(())
    if fmt == "json":
        stream.write("[")
        for index, row in enumerate(remaining):
            stream.write(",\n  " if index else "\n  ")
            stream.write(json.dumps(row, default=_json_default, ensure_ascii=False))
        stream.write("\n]\n" if first is not None else "]\n")
    elif fmt == "jsonl":
        for row in remaining:
            stream.write(json.dumps(row, default=_json_default, ensure_ascii=False))
            stream.write("\n")
    elif fmt == "csv":
        writer = csv.writer(stream, lineterminator="\n")
        writer.writerow(columns)
        # The csv module writes str, int and None (as empty) itself.
        writer.writerows(
            [value if type(value) in _CSV_NATIVE else _flat(value) for value in row.values()] for row in remaining
        )
    else:
        stream.write(_table(remaining, columns, fmt))
        stream.write("\n")


_CSV_NATIVE = {str, int, float, type(None)}


def _flat(value) -> str:
    if type(value) is dt.date:
        return value.isoformat()
    if type(value) is list and all(type(item) is str for item in value):
        return "; ".join(value)
    return _cell(value)


def render_record(record: dict, fmt: str = "simple") -> str:
    """One record (``source show``): a field/value table, or a JSON object."""
    if fmt in ("json", "jsonl"):
        return json.dumps(record, default=_json_default, indent=2 if fmt == "json" else None, ensure_ascii=False)
    if fmt == "csv":
        return render([record], "csv")
    from tabulate import tabulate

    return tabulate([(key, _cell(value)) for key, value in record.items()], tablefmt=fmt)


def _json_default(value):
    """JSON for what ``json`` cannot write itself: dates and timestamps."""
    if isinstance(value, dt.datetime):
        return format_timestamp(value)
    if isinstance(value, dt.date):
        return value.isoformat()
    raise TypeError(f"cannot write {type(value).__name__} as JSON")


def _cell(value) -> str:
    """A value as flat text (CSV cells and table cells)."""
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        return format_timestamp(value)
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, dict):
        return ", ".join(f"{key}={_cell(item)}" for key, item in value.items())
    if isinstance(value, (list, tuple)):
        # A list of sources ({source, quote}) shows the sources; other records show all their fields.
        cells = [_cell(item["source"] if isinstance(item, dict) and "source" in item else item) for item in value]
        return "; ".join(dict.fromkeys(cells))  # each source once, even when quoted twice
    return str(value)


def _table(rows: Iterable[dict], keys: Sequence[str], fmt: str) -> str:
    from tabulate import tabulate

    hidden = set(_DATE_PRECISION.values()) | {label for stance, label in _STANCE_LABEL.items() if stance in keys}
    columns = [key for key in keys if key not in hidden]
    # Cells as text while the rows stream in: a dict per row would double the memory.
    table = [[_table_cell(row, key) for key in columns] for row in rows]
    return tabulate(table, headers=columns, tablefmt=fmt, disable_numparse=True)


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
