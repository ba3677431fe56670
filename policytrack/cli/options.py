"""Options shared by many commands, defined once."""

from __future__ import annotations

import enum
from typing import Annotated, Optional

import typer


def _check_format(value: str) -> str:
    from policytrack.output import is_known_format, known_formats

    if not is_known_format(value):
        raise typer.BadParameter(f"{value!r} is not a format; choose from {', '.join(known_formats())}")
    return value


Format = Annotated[
    str,
    typer.Option(
        "--format", "-f", callback=_check_format,
        metavar="FORMAT",
        help="A table format (simple, github, grid, pipe, plain, html, latex, ...) or csv, json, jsonl; e.g. json.",
    ),
]

AsRecorded = Annotated[
    Optional[str],
    typer.Option(
        "--as-recorded", metavar="TIMESTAMP",
        help="Answer as the database stood then, e.g. 2025-01-31T12:00:00Z (no zone means UTC; a date means its end).",
    ),
]

ActorFilter = Annotated[Optional[str], typer.Option("--actor", metavar="ACTOR", help="Actor slug or alias, e.g. biden-admin.")]
TopicFilter = Annotated[Optional[str], typer.Option("--topic", metavar="TOPIC", help="Topic slug, e.g. apl-use.")]
OnDate = Annotated[
    Optional[str], typer.Option("--on", metavar="DATE", help="e.g. 2023-06 (YYYY, YYYY-MM or YYYY-MM-DD; a period means its end). [default: today]")
]
Since = Annotated[Optional[str], typer.Option("--since", metavar="DATE", help="From this date, e.g. 2022 (YYYY, YYYY-MM or YYYY-MM-DD).")]
Until = Annotated[Optional[str], typer.Option("--until", metavar="DATE", help="Through this date, e.g. 2024-11 (a period means its end).")]

Rollup = Annotated[
    bool, typer.Option("--rollup", help="Count each actor as its top-level ancestor (administrations as their state, e.g. us).")
]


def as_recorded_timestamp(value: str | None):
    from policytrack.dates import parse_timestamp

    return parse_timestamp(value, "--as-recorded") if value else None


class ActorKind(str, enum.Enum):
    state = "state"
    government = "government"
    agency = "agency"
    person = "person"
    organisation = "organisation"
    other = "other"


class PositionKind(str, enum.Enum):
    statement = "statement"
    action = "action"


class Level(str, enum.Enum):
    full = "full"
    partial = "partial"
    shift = "shift"


class BundleFormat(str, enum.Enum):
    yaml = "yaml"
    json = "json"
    csv = "csv"
