"""``position show``, ``actor show`` and ``source show``: one record, whole."""

from __future__ import annotations

import sys
from typing import Annotated

import typer

from policytrack.cli.app import app, echo, emit, session
from policytrack.cli.catalog import actor_app
from policytrack.cli.options import Format
from policytrack.cli.report_output import Wide

position_app = typer.Typer(help="One position at a time.", no_args_is_help=True)
app.add_typer(position_app, name="position")


def print_record(session, record: dict, fmt: str, sections: dict[str, str], wide: bool = False) -> None:
    """A record as a field/value table followed by one table per list of rows
    (``sections``: key -> the people table of its rows, tables.COLUMNS); in csv,
    json and jsonl a listing of one row, as SPEC.md wants of every listing.
    With ``wide``, the fields unwrapped and every key of the rows."""
    from policytrack.output import DATA_FORMATS, write_record
    from policytrack.tables import people_record, people_rows

    if fmt in DATA_FORMATS:
        write_record(record, fmt, sys.stdout)
        return
    write_record(people_record(record, sections, wrap=not wide), fmt, sys.stdout)
    for key, table in sections.items():
        rows = record[key]
        echo("")
        echo(f"{key}:" if rows else f"{key}: none")
        if rows:
            emit(rows if wide else people_rows(session, table, rows), fmt)


@position_app.command("show")
def position_show(
    ctx: typer.Context,
    position_id: Annotated[int, typer.Argument(metavar="ID", help="Position id, e.g. 4.")],
    fmt: Format = "simple",
    wide: Wide = False,
) -> None:
    """Every field of a position, its evidence, what it supersedes and what supersedes it,
    the change it makes and its retraction."""
    from policytrack.show import position_detail

    with session(ctx) as s:
        print_record(s, position_detail(s, position_id), fmt, {"sources": "position_sources"}, wide)


@actor_app.command("show")
def actor_show(
    ctx: typer.Context,
    actor: Annotated[str, typer.Argument(metavar="ACTOR", help="Actor slug or alias, e.g. us.")],
    fmt: Format = "simple",
    wide: Wide = False,
) -> None:
    """An actor with its aliases, parent and sub-actors, and its positions per topic."""
    from policytrack.show import actor_detail

    with session(ctx) as s:
        print_record(s, actor_detail(s, actor), fmt, {"topics": "actor_topics"}, wide)
