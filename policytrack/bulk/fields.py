"""The records of a bundle: their sections and fields, read, typed and checked.

Every problem is a domain error with a one-line message; the importer adds
where it is (file, section, index, slug).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Literal, overload

from policytrack.dates import optional_date, parse_timestamp
from policytrack.errors import InvalidValue
from policytrack.lexicon import refuse_a_number
from policytrack.models import name_key
from policytrack.quotes import clean_quote
from policytrack.text import TextColumn, clean_text
from policytrack.vocabulary import integer

SECTIONS = ("scales", "actors", "topics", "sources", "positions")
FIELDS = {
    "scales": ("slug", "name", "pivot", "levels", "cues"),
    "actors": ("slug", "name", "kind", "parent", "aliases", "active_from", "active_until", "note"),
    "topics": ("slug", "name", "scale", "parent", "description", "keywords"),
    "sources": (
        "slug", "url", "title", "outlet", "author", "published_on", "retrieved_on", "text_file", "content", "key",
    ),
    "positions": (
        "key", "actor", "topic", "stance", "on", "kind", "summary", "evidence", "supersedes",
        "recorded_at", "retracted_at", "retraction_reason",
    ),
}
EVIDENCE_FIELDS = ("source", "quote")


def read_records(path: Path, section: str, value: object) -> list[tuple[int, dict]]:
    """(index, record) for each record of a section, checked to be mappings of known fields."""
    if value is None:
        return []
    if not isinstance(value, list):
        raise InvalidValue(f"{path}: {section} must be a list of records")
    allowed = FIELDS[section]
    records = []
    for index, record in enumerate(value):
        if not isinstance(record, dict):
            raise InvalidValue(f"{record_where(path, section, index, None)}: a record must be a mapping of fields")
        unknown = sorted(map(str, set(record) - set(allowed)))
        if unknown:
            label = record.get("slug") if section != "positions" else position_label(record)
            raise InvalidValue(
                f"{record_where(path, section, index, label)}: unknown field {unknown[0]!r} "
                f"(expected {', '.join(allowed)})"
            )
        records.append((index, record))
    return records


def record_where(path: Path, section: str, index: int, label: object) -> str:
    """Where a record is, for error messages: ``FILE: positions[3] (label)``."""
    return f"{path}: {section}[{index}]" + (f" ({label})" if label not in (None, "") else "")


def position_label(record: dict) -> str:
    """A position's key, else its actor, topic and date: positions have no slug."""
    if record.get("key") is not None:
        return str(record["key"])
    parts = [str(record.get(field)) for field in ("actor", "topic", "on") if record.get(field) is not None]
    return " ".join(parts)


def parents_first(path: Path, section: str, records: list[tuple[int, dict]]) -> list[tuple[int, dict]]:
    """Records ordered so that a parent defined in the bundle comes before its children."""
    by_slug = {str(record.get("slug")): (index, record) for index, record in records}
    ordered: list[tuple[int, dict]] = []
    done: set[int] = set()

    def visit(index: int, record: dict, chain: tuple[int, ...]) -> None:
        if index in done:
            return
        if index in chain:
            raise InvalidValue(f"{record_where(path, section, index, record.get('slug'))}: its parents form a cycle")
        parent = by_slug.get(str(record.get("parent")))
        if parent is not None:
            visit(*parent, chain + (index,))
        done.add(index)
        ordered.append((index, record))

    for index, record in records:
        visit(index, record, ())
    return ordered


@overload
def text_field(record: dict, field: str, required: Literal[True], column: TextColumn | None = None) -> str: ...
@overload
def text_field(record: dict, field: str, required: bool = False, column: TextColumn | None = None) -> str | None: ...
def text_field(record: dict, field: str, required: bool = False, column: TextColumn | None = None) -> str | None:
    """A field as free text (YAML may give a number or a date; see policytrack.text), None when blank."""
    value = record.get(field)
    if isinstance(value, (dict, list, bool)):
        raise InvalidValue(f"{field} must be text, not {value!r}")
    text = clean_text(value, column, field)
    if text is None and required:
        raise InvalidValue(f"{field} is required")
    return text


def quote_field(item: dict) -> str | None:
    """An evidence item's quote, as every writer stores quotes."""
    value = item.get("quote")
    if isinstance(value, (dict, list, bool)):
        raise InvalidValue(f"quote must be text, not {value!r}")
    return clean_quote(value)


def integer_field(value: object, field: str) -> int | None:
    return None if value is None else integer(value, field)


def levels_field(value: object) -> dict[int, str]:
    if not isinstance(value, dict):
        raise InvalidValue("levels must map each integer level to its label, such as {-1: restrict, 0: none}")
    levels: dict[int, str] = {}
    for level, label in value.items():
        number = integer_field(level, "a level")
        if number is None:
            raise InvalidValue("a level must be an integer, not empty")
        if label is None or isinstance(label, (dict, list)) or not str(label).strip():
            raise InvalidValue(f"level {number} needs a label")
        if number in levels:
            # JSON keys "1" and "01" are one level: keeping the last would drop a label unseen.
            raise InvalidValue(f"level {number} is given twice")
        levels[number] = str(label).strip()
    return levels


def aliases_field(value: object) -> list[str]:
    if value is None:
        return []
    items = [value] if isinstance(value, str) else value
    if not isinstance(items, list) or any(isinstance(item, (dict, list)) for item in items):
        raise InvalidValue("aliases must be a list of names")
    for item in items:
        refuse_a_number(item, "alias")
    unique: dict[str, str] = {}
    for item in items:
        alias = str(item).strip()
        if alias:
            unique.setdefault(name_key(alias), alias)
    return list(unique.values())


def date_field(record: dict, field: str, end: bool) -> dt.date | None:
    """A date field as its first day, or with ``end`` its last (``2025`` ends on 2025-12-31)."""
    date = optional_date(record.get(field), field)
    if date is None:
        return None
    return date.end if end else date.start


def timestamp_field(value: object, field: str) -> dt.datetime | None:
    """An ISO 8601 timestamp (YAML may give a datetime) in UTC."""
    if value is None or value == "":
        return None
    return parse_timestamp(value if isinstance(value, dt.datetime) else str(value), field)
