"""How the reports print: a table for people by default, every SPEC key with
``--wide`` or in csv/json/jsonl, or the ``--columns`` chosen."""

from __future__ import annotations

import sys
from typing import Annotated, Optional

import typer

from policytrack.cli.app import emit

Wide = Annotated[bool, typer.Option("--wide", help="Every column (the JSON keys) instead of the table for people.")]
Columns = Annotated[
    Optional[str],
    typer.Option("--columns", metavar="A,B,C", help="Only these columns (JSON keys), e.g. actor,topic,to_on,level."),
]


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
    from policytrack.tables import COLUMNS, choose_columns, people_rows

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
        emit(people_rows(session, report, rows, colour=sys.stdout.isatty()), fmt, list(COLUMNS[report]))
