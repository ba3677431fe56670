"""The reports: ``current``, ``diff``, ``reversals``, ``check`` and ``sql``."""

from __future__ import annotations

from typing import Annotated, Optional

import typer

from policytrack.cli.app import app, database, emit, note, session
from policytrack.cli.options import (
    ActorFilter,
    AsRecorded,
    Format,
    FromDate,
    Level,
    OnDate,
    Rollup,
    Since,
    ToDate,
    TopicFilter,
    Until,
    as_recorded_timestamp,
)
from policytrack.cli.report_output import (
    CheckColumns,
    CurrentColumns,
    DiffColumns,
    ReversalsColumns,
    Wide,
    chosen_columns,
    emit_report,
)


@app.command()
def current(
    ctx: typer.Context,
    on: OnDate = None,
    actor: ActorFilter = None,
    topic: TopicFilter = None,
    rollup: Rollup = False,
    as_recorded: AsRecorded = None,
    fmt: Format = "simple",
    wide: Wide = False,
    columns: CurrentColumns = None,
) -> None:
    """The position in force on a date (default today) for each actor and topic."""
    from policytrack.reports import current_positions, rollup_hint

    chosen = chosen_columns("current", columns)
    moment = as_recorded_timestamp(as_recorded)
    with session(ctx) as s:
        rows = current_positions(s, on=on, actor=actor, topic=topic, as_recorded=moment, rollup=rollup)
        hint = None if rollup else rollup_hint(s, actor)
        emit_report(s, "current", rows, fmt, wide, chosen)
    if hint:
        note(hint)


@app.command()
def diff(
    ctx: typer.Context,
    actor: Annotated[str, typer.Argument(metavar="ACTOR", help="Actor slug or alias, e.g. us.")],
    other: Annotated[Optional[str], typer.Argument(metavar="OTHER", help="A second actor to compare with, e.g. uk.")] = None,
    date_from: FromDate = None,
    date_to: ToDate = None,
    on: OnDate = None,
    topic: TopicFilter = None,
    rollup: Rollup = False,
    as_recorded: AsRecorded = None,
    fmt: Format = "simple",
    wide: Wide = False,
    columns: DiffColumns = None,
) -> None:
    """What changed for ACTOR between two dates (--from/--to), or how ACTOR and OTHER differ (--on)."""
    from policytrack import reports

    if other is None:
        if date_from is None:
            raise typer.BadParameter("give --from DATE (or a second actor to compare with)", param_hint="--from")
        if on is not None:
            raise typer.BadParameter("--on compares two actors; with one actor use --from/--to", param_hint="--on")
    elif date_from is not None or date_to is not None:
        raise typer.BadParameter("--from/--to compare one actor over time; for two actors use --on", param_hint="--from")
    report = "diff_dates" if other is None else "diff_actors"
    chosen = chosen_columns(report, columns)
    moment = as_recorded_timestamp(as_recorded)
    with session(ctx) as s:
        if other is None:
            rows = reports.diff_dates(s, actor, date_from, date_to, topic=topic, as_recorded=moment, rollup=rollup)
        else:
            rows = reports.diff_actors(s, actor, other, on=on, topic=topic, as_recorded=moment, rollup=rollup)
        hints = [] if rollup else [reports.rollup_hint(s, name) for name in (actor, other)]
        emit_report(s, report, rows, fmt, wide, chosen)
    for hint in filter(None, hints):
        note(hint)


@app.command()
def reversals(
    ctx: typer.Context,
    actor: ActorFilter = None,
    topic: TopicFilter = None,
    since: Since = None,
    until: Until = None,
    level: Level = "full",
    rollup: Rollup = False,
    as_recorded: AsRecorded = None,
    fmt: Format = "simple",
    wide: Wide = False,
    columns: ReversalsColumns = None,
) -> None:
    """Who changed their stance, when, and on what evidence."""
    from policytrack.reports import find_reversals

    chosen = chosen_columns("reversals", columns)
    moment = as_recorded_timestamp(as_recorded)
    with session(ctx) as s:
        rows = find_reversals(
            s, actor=actor, topic=topic, since=since, until=until, level=level, rollup=rollup,
            as_recorded=moment,
        )
        emit_report(s, "reversals", rows, fmt, wide, chosen)


@app.command()
def check(
    ctx: typer.Context,
    as_recorded: AsRecorded = None,
    fmt: Format = "simple",
    wide: Wide = False,
    columns: CheckColumns = None,
) -> None:
    """Integrity report: quotes missing from their sources, dates outside active periods, ... Exit 1 on errors."""
    from policytrack.checks import run_checks

    chosen = chosen_columns("check", columns)
    moment = as_recorded_timestamp(as_recorded)
    with session(ctx) as s:
        findings = run_checks(s, as_recorded=moment)
        emit_report(s, "check", findings, fmt, wide, chosen)
    if not findings:
        note("no findings")
    if any(f["severity"] == "error" for f in findings):
        raise typer.Exit(1)


@app.command()
def sql(ctx: typer.Context, query: Annotated[str, typer.Argument(metavar="QUERY", help="One read-only query, e.g. 'SELECT * FROM v_reversals'.")], fmt: Format = "simple") -> None:
    """Run one read-only SQL query (see the views v_positions, v_current_positions, v_reversals)."""
    from policytrack.sqlquery import run_query_with_columns

    columns, rows = run_query_with_columns(database(ctx), query)
    emit(rows, fmt, columns)
