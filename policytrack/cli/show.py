"""``position show``, ``actor show`` and ``source show``: one record, whole."""

from __future__ import annotations

import sys
from typing import Annotated

import typer

from policytrack.cli.app import app, echo, session
from policytrack.cli.catalog import actor_app
from policytrack.cli.options import Format

position_app = typer.Typer(help="One position at a time.", no_args_is_help=True)
app.add_typer(position_app, name="position")


def print_record(record: dict, fmt: str, sections: dict[str, tuple[str, ...]]) -> None:
    """A record as a field/value table followed by one table per list of rows
    (``sections``: key -> columns); in csv, json and jsonl a listing of one
    row, as SPEC.md wants of every listing."""
    from policytrack.output import DATA_FORMATS, render, write_record

    if fmt in DATA_FORMATS:
        write_record(record, fmt, sys.stdout)
        return
    fields = {key: _flat(value) for key, value in record.items() if key not in sections}
    write_record(fields, fmt, sys.stdout)
    for key, columns in sections.items():
        rows = record[key]
        echo("")
        echo(f"{key}:" if rows else f"{key}: none")
        if rows:
            echo(render(rows, fmt, columns))


def _flat(value):
    if isinstance(value, dict):
        return ", ".join(f"{k} {v}" for k, v in value.items() if v is not None)
    return value


@position_app.command("show")
def position_show(
    ctx: typer.Context,
    position_id: Annotated[int, typer.Argument(metavar="ID", help="Position id, e.g. 4.")],
    fmt: Format = "simple",
) -> None:
    """Every field of a position, its evidence, what it supersedes and what supersedes it,
    the change it makes and its retraction."""
    from policytrack.show import position_detail

    with session(ctx) as s:
        record = position_detail(s, position_id)
    print_record(record, fmt, {"sources": ("source", "source_id", "title", "outlet", "quote")})


@actor_app.command("show")
def actor_show(
    ctx: typer.Context,
    actor: Annotated[str, typer.Argument(metavar="ACTOR", help="Actor slug or alias, e.g. us.")],
    fmt: Format = "simple",
) -> None:
    """An actor with its aliases, parent and sub-actors, and its positions per topic."""
    from policytrack.show import actor_detail

    with session(ctx) as s:
        record = actor_detail(s, actor)
    print_record(
        record, fmt,
        {"topics": ("topic", "positions", "retracted", "first_on", "last_on", "current_position", "current_label")},
    )
