"""``position show``, ``actor show`` and ``source show``: one record, whole."""

from __future__ import annotations

from typing import Annotated

import typer

from policytrack.cli.app import app, echo, session
from policytrack.cli.catalog import actor_app
from policytrack.cli.options import Format
from policytrack.cli.sources import source_app

position_app = typer.Typer(help="One position at a time.", no_args_is_help=True)
app.add_typer(position_app, name="position")


def print_record(record: dict, fmt: str, sections: dict[str, tuple[str, ...]]) -> None:
    """A record as a field/value table followed by one table per list of rows
    (``sections``: key -> columns); as one object in JSON."""
    from policytrack.output import render, render_record

    if fmt in ("json", "jsonl"):
        echo(render_record(record, fmt))
        return
    fields = {key: value for key, value in record.items() if key not in sections}
    echo(render_record({k: _flat(v) for k, v in fields.items()}, fmt))
    if fmt == "csv":
        return
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
