"""Free text as every writer stores it: one normalisation, one set of limits.

Names, titles, summaries, notes and quotes lose their surrounding
whitespace, and blank text is no text, whichever way it comes in (a
command's option, a CSV cell, a bundle field): so an export imported again
is the same database. The limits are the columns' own lengths, read from
the models, and NUL, which PostgreSQL refuses in any text: both are checked
before a write on both backends, so SQLite never holds (or exports) a value
PostgreSQL would refuse.
"""

from __future__ import annotations

from typing import Any, TypeAlias, cast

from sqlalchemy import Column, ColumnElement
from sqlalchemy.orm import QueryableAttribute

from policytrack.errors import InvalidValue

# A table's column or a model attribute standing for one (Actor.name).
TextColumn: TypeAlias = "ColumnElement[Any] | QueryableAttribute[Any]"

# How messages name each table's records.
_RECORD_NAMES = {
    "actors": "actor", "actor_aliases": "actor", "scales": "scale", "scale_levels": "level",
    "topics": "topic", "sources": "source", "positions": "position", "evidence": "evidence",
}


def shortened(text: str, width: int) -> str:
    """``text`` cut to ``width`` characters, ending in "..." when cut (for messages and tables)."""
    return text if len(text) <= width else text[: width - 3] + "..."


def record_name(column: TextColumn) -> str:
    """``actor``, ``source``: how a message names the records of a column's table."""
    table = _column(column).table.name
    return _RECORD_NAMES.get(table, table)


def field_name(column: TextColumn) -> str:
    """``actor name``, ``source title``: how a message names a column."""
    return f"{record_name(column)} {_column(column).name.replace('_', ' ')}"


def fits(value: str, column: TextColumn | None, what: str | None = None) -> str:
    """``value`` unchanged, refused if the column (any column, without one) cannot hold it on every backend."""
    if not what:
        if column is None:
            raise TypeError("fits() needs a column or a name for the value")
        what = field_name(column)
    if "\x00" in value:
        raise InvalidValue(f"{what} contains a NUL character")
    limit = getattr(_column(column).type, "length", None) if column is not None else None
    if limit is not None and len(value) > limit:
        raise InvalidValue(f"{what} is {len(value)} characters long; at most {limit} fit")
    return value


def clean_text(value: object, column: TextColumn | None, what: str | None = None) -> str | None:
    """Free text as stored: stripped of surrounding whitespace, blank as None, checked to fit."""
    if value is None:
        return None
    text = str(value).strip()
    return fits(text, column, what) if text else None


def required_text(value: object, column: TextColumn, what: str | None = None) -> str:
    """Like :func:`clean_text`, but the text must not be blank."""
    text = clean_text(value, column, what)
    if text is None:
        raise InvalidValue(f"{what or field_name(column)} must not be empty")
    return text


def _column(column: TextColumn) -> Column[Any]:
    # A model attribute (Actor.name) stands for its column.
    element = column.__clause_element__() if isinstance(column, QueryableAttribute) else column
    return cast("Column[Any]", element)
