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
import json
from collections.abc import Iterable, Sequence

from policytrack.dates import format_date, format_timestamp

DATA_FORMATS = ("csv", "json", "jsonl")

# The JSON keys of each listing (SPEC.md "Commands"), also the CSV header
# and the table columns when there are no rows.
KEYS = {
    "actors": ("slug", "name", "kind", "parent", "active_from", "active_until", "aliases", "note"),
    "scales": ("slug", "name", "pivot", "levels"),
    "topics": ("slug", "name", "scale", "parent", "description"),
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


def render(rows: Sequence[dict], fmt: str = "simple", keys: Sequence[str] | None = None) -> str:
    """``rows`` in format ``fmt``; ``keys`` names the columns when there are no rows."""
    keys = list(rows[0].keys()) if rows else list(keys or ())
    if fmt == "json":
        return json.dumps([_json_row(row) for row in rows], indent=2, ensure_ascii=False)
    if fmt == "jsonl":
        return "\n".join(json.dumps(_json_row(row), ensure_ascii=False) for row in rows)
    if fmt == "csv":
        return _csv(rows, keys)
    return _table(rows, keys, fmt)


def render_record(record: dict, fmt: str = "simple") -> str:
    """One record (``source show``): a field/value table, or a JSON object."""
    if fmt in ("json", "jsonl"):
        return json.dumps(_json_row(record), indent=2 if fmt == "json" else None, ensure_ascii=False)
    if fmt == "csv":
        return _csv([record], list(record))
    from tabulate import tabulate

    return tabulate([(key, _cell(value)) for key, value in record.items()], tablefmt=fmt)


def _json_value(value):
    if isinstance(value, dt.datetime):
        return format_timestamp(value)
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, dict):
        return {key: _json_value(item) for key, item in value.items()}
    if isinstance(value, (list, tuple)):
        return [_json_value(item) for item in value]
    return value


def _json_row(row: dict) -> dict:
    return {key: _json_value(value) for key, value in row.items()}


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
        return ", ".join(f"{key}={item}" for key, item in value.items())
    if isinstance(value, (list, tuple)):
        return "; ".join(_cell(item.get("source") if isinstance(item, dict) else item) for item in value)
    return str(value)


def _csv(rows: Iterable[dict], keys: Sequence[str]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(keys)
    for row in rows:
        writer.writerow([_csv_cell(row.get(key)) for key in keys])
    return buffer.getvalue().rstrip("\n")


def _csv_cell(value):
    # Numbers stay numbers so the csv module writes them without quotes.
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return value
    return _cell(value)


def _table(rows: Sequence[dict], keys: Sequence[str], fmt: str) -> str:
    from tabulate import tabulate

    hidden = set(_DATE_PRECISION.values()) | {label for stance, label in _STANCE_LABEL.items() if stance in keys}
    columns = [key for key in keys if key not in hidden]
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
