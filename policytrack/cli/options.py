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
        help="A tabulate table format (simple, github, grid, pipe, plain, html, latex, ...) or csv, json, jsonl.",
    ),
]

AsRecorded = Annotated[
    Optional[str],
    typer.Option(
        "--as-recorded", metavar="TIMESTAMP",
        help="Answer as the database stood at this moment (ISO 8601; no zone means UTC; a date means its end).",
    ),
]

ActorFilter = Annotated[Optional[str], typer.Option("--actor", help="Actor slug or alias.")]
TopicFilter = Annotated[Optional[str], typer.Option("--topic", help="Topic slug.")]
OnDate = Annotated[
    Optional[str], typer.Option("--on", metavar="DATE", help="YYYY, YYYY-MM or YYYY-MM-DD (a period means its end). [default: today]")
]
Since = Annotated[Optional[str], typer.Option("--since", metavar="DATE", help="From this date (YYYY, YYYY-MM or YYYY-MM-DD).")]
Until = Annotated[Optional[str], typer.Option("--until", metavar="DATE", help="Through this date (a period means its end).")]

Rollup = Annotated[
    bool, typer.Option("--rollup", help="Count each actor as its top-level ancestor (administrations as their state).")
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
