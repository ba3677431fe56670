"""How the reports print: a table for people by default, every SPEC key with
``--wide`` or in csv/json/jsonl, or the ``--columns`` chosen."""

from __future__ import annotations

import sys
from typing import Annotated, Optional

import typer

from policytrack.cli.app import emit

Wide = Annotated[bool, typer.Option("--wide", help="Every column (the JSON keys) instead of the table for people.")]


def _columns(example: str):
    """``--columns`` with an example of the command's own keys (tests/test_people_tables.py runs each one)."""
    return typer.Option("--columns", metavar="A,B,C", help=f"Only these columns (JSON keys), e.g. {example}.")


TimelineColumns = Annotated[Optional[str], _columns("id,actor,effective_on,stance")]
CurrentColumns = Annotated[Optional[str], _columns("actor,topic,stance,effective_on")]
DiffColumns = Annotated[Optional[str], _columns("topic,to_on,change (two actors: topic,label_a,label_b,relation)")]
ReversalsColumns = Annotated[Optional[str], _columns("actor,topic,to_on,level")]
CheckColumns = Annotated[Optional[str], _columns("severity,code,message")]
SourceColumns = Annotated[Optional[str], _columns("id,slug,url")]
ScaleColumns = Annotated[Optional[str], _columns("slug,levels")]
SearchColumns = Annotated[Optional[str], _columns("position,source,fragment")]
HistoryColumns = Annotated[Optional[str], _columns("changed_at,record,field,new_value")]


def chosen_columns(report: str, columns: str | None) -> list[str] | None:
    """The ``--columns`` asked for, checked against the report's keys (a usage error otherwise)."""
    from policytrack.output import KEYS

    if columns is None:
        return None
    chosen = [name.strip() for name in columns.split(",") if name.strip()]
    unknown = [name for name in chosen if name not in KEYS[report]]
    if unknown or not chosen:
        raise typer.BadParameter(
            f"no column {unknown[0]!r}; choose from {', '.join(KEYS[report])}" if unknown else "name a column",
            param_hint="--columns",
        )
    return chosen


def emit_report(session, report: str, rows, fmt: str, wide: bool = False, columns: list[str] | None = None) -> None:
    from policytrack.output import _DATE_PRECISION, _STANCE_LABEL, DATA_FORMATS, KEYS
    from policytrack.tables import COLUMNS, choose_columns, highlight, people_rows

    terminal = sys.stdout.isatty()
    if report == "search" and (columns or wide or fmt in DATA_FORMATS):
        # The table for people highlights the fragment as it wraps it; every other output, here.
        bold = terminal and fmt not in DATA_FORMATS
        rows = ({**row, "fragment": highlight(row["fragment"], bold)} for row in rows)
    if columns:
        keys = list(columns)
        if fmt not in DATA_FORMATS:
            # A table shows dates at their precision and stances by label: keep what it needs.
            keys += [companion for key in columns for companion in (_DATE_PRECISION.get(key), _STANCE_LABEL.get(key))
                     if companion and companion not in keys]
        emit(choose_columns(rows, keys), fmt, keys)
    elif wide or fmt in DATA_FORMATS:
        emit(rows, fmt, KEYS[report])
    else:
        emit(people_rows(session, report, rows, colour=terminal), fmt, list(COLUMNS[report]))
