"""``plot``, ``publish`` and ``serve``: the database as pictures and web pages."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Optional

import typer

from policytrack.cli.app import app, database, echo, fail, note, session
from policytrack.cli.options import AsRecorded, Level, Since, Until, as_recorded_timestamp

Topics = Annotated[Optional[list[str]], typer.Option("--topic", metavar="TOPIC", help="Topic slug, e.g. apl-use; repeatable. [default: all]")]
Actors = Annotated[Optional[list[str]], typer.Option("--actor", metavar="ACTOR", help="Actor slug or alias, e.g. us; repeatable. [default: the --top]")]
Rollup = Annotated[
    bool, typer.Option("--rollup", help="One line per top-level actor, coloured by the sub-actor holding each position.")
]


def _require(module: str, extra: str) -> None:
    import importlib.util

    if importlib.util.find_spec(module) is None:
        fail(f"this command needs {module}: pip install 'policytrack[{extra}]'")


@app.command()
def plot(
    ctx: typer.Context,
    output: Annotated[Path, typer.Option("--output", "-o", metavar="FILE", help="A .png, .svg or .pdf file, e.g. landmines.png.")],
    topic: Topics = None,
    actor: Actors = None,
    rollup: Rollup = False,
    since: Since = None,
    until: Until = None,
    top: Annotated[
        Optional[int], typer.Option("--top", metavar="N", help="Draw the N actors with the most positions per topic, e.g. 5. [default: 12]")
    ] = None,
    level: Level = "shift",
    as_recorded: AsRecorded = None,
) -> None:
    """Draw the positions over time, one panel per topic, with reversals marked."""
    _require("matplotlib", "plot")
    from policytrack.chart_data import chart_data
    from policytrack.plot import output_format, write_chart

    output_format(output)
    moment = as_recorded_timestamp(as_recorded)
    with session(ctx) as s:
        chart = chart_data(
            s, topic or (), actor or (), rollup=rollup, since=since, until=until, as_recorded=moment, top=top,
            level=level,
        )
    write_chart(chart, output)
    for line in chart.notes:
        note(f"note: {line}")
    positions = sum(len(series.points) for panel in chart.panels for series in panel.series)
    reversals = sum(len(panel.reversals) for panel in chart.panels)
    note(f"wrote {output} ({len(chart.panels)} topics, {positions} positions, {reversals} changes)")


@app.command()
def publish(
    ctx: typer.Context,
    folder: Annotated[Path, typer.Argument(metavar="DIR", help="The folder to write the site to (created if missing).")],
    topic: Annotated[Optional[list[str]], typer.Option("--topic", metavar="TOPIC", help="Topic slug, e.g. apl-use; repeatable. [default: all]")] = None,
    actor: Annotated[Optional[list[str]], typer.Option("--actor", metavar="ACTOR", help="Actor slug or alias, e.g. us; repeatable. [default: all]")] = None,
    rollup: Annotated[
        bool, typer.Option("--rollup", help="Topic pages count each actor as its top-level actor (administrations as their state).")
    ] = False,
    as_recorded: AsRecorded = None,
) -> None:
    """Write a static web site (HTML and CSS, no JavaScript): topics, actors, reversals and their evidence."""
    from policytrack.publish import publish_site

    moment = as_recorded_timestamp(as_recorded)
    with session(ctx) as s:
        result = publish_site(s, folder, topic or (), actor or (), as_recorded=moment, rollup=rollup)
    for line in result.notes:
        note(f"note: {line}")
    removed = f", removed {len(result.removed)} it wrote before" if result.removed else ""
    note(f"wrote {len(result.written)} files to {result.folder}{removed}; open {result.folder / 'index.html'}")


@app.command()
def serve(
    ctx: typer.Context,
    host: Annotated[str, typer.Option("--host", help="Address to listen on, e.g. 0.0.0.0.")] = "127.0.0.1",
    port: Annotated[int, typer.Option("--port", "-p", metavar="PORT", help="Port to listen on, e.g. 8080.")] = 8001,
    metadata: Annotated[
        bool, typer.Option("--metadata", help="Print the Datasette metadata (YAML) for running Datasette yourself, and exit.")
    ] = False,
) -> None:
    """Browse the database in Datasette (SQLite only; read-only), with descriptions, facets and canned queries."""
    from policytrack import serve as service

    db = database(ctx)
    try:
        path = service.sqlite_file(db)
        db.require_current()
    finally:
        db.dispose()
    if metadata:
        echo(service.metadata_yaml(service.datasette_name(path)).rstrip("\n"))
        return
    _require("datasette", "web")
    note(f"Datasette on http://{host}:{port}/{service.datasette_name(path)} (read-only); Ctrl-C stops it")
    service.run(path, host, port)
