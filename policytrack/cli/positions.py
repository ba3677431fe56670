"""``record``, ``retract``, ``correct`` and ``timeline``."""

from __future__ import annotations

from typing import Annotated, Optional

import typer

from policytrack.cli.app import app, echo, note, session
from policytrack.cli.options import (
    CLEARED,
    ActorFilter,
    AsRecorded,
    Format,
    KindFilter,
    NewKind,
    PositionKind,
    Rollup,
    Since,
    TopicFilter,
    Until,
    as_recorded_timestamp,
)
from policytrack.cli.report_output import TimelineColumns, Wide, chosen_columns, emit_report


@app.command()
def record(
    ctx: typer.Context,
    actor: Annotated[str, typer.Option("--actor", metavar="ACTOR", help="Actor slug or alias, e.g. biden-admin.")],
    topic: Annotated[str, typer.Option("--topic", metavar="TOPIC", help="Topic slug, e.g. apl-use.")],
    stance: Annotated[str, typer.Option("--stance", metavar="STANCE", help="A level or label of the topic's scale, e.g. restrict or -1.")],
    on: Annotated[str, typer.Option("--on", metavar="DATE", help="YYYY, YYYY-MM or YYYY-MM-DD, e.g. 2022-06.")],
    source: Annotated[str, typer.Option("--source", metavar="SOURCE", help="Source id, slug or url, e.g. caliber-2024-11-21.")],
    quote: Annotated[Optional[str], typer.Option("--quote", metavar="TEXT", help="Words from the source's text, e.g. 'not persistent'.")] = None,
    kind: PositionKind = "statement",
    summary: Annotated[Optional[str], typer.Option("--summary", metavar="TEXT", help="One line, e.g. 'Biden authorises delivery'.")] = None,
) -> None:
    """Record a position with its source and print its id."""
    from policytrack.positions import record_position

    with session(ctx, write=True) as s:
        result = record_position(
            s, actor, topic, stance, on, source, quote=quote, kind=kind, summary=summary
        )
    echo(str(result.position.id))
    if not result.created and result.evidence_added:
        note(f"position {result.position.id} already records this; its evidence now includes the source")
    elif not result.created:
        note(f"position {result.position.id} already records this, with this source and quote: nothing was added")
    elif result.change:
        change = result.change
        note(
            f"{change['level']} change for {change['actor']} on {change['topic']}: "
            f"{change['from_label']} (position {change['from_position']}) -> {change['to_label']}"
        )


@app.command()
def retract(
    ctx: typer.Context,
    position_id: Annotated[int, typer.Argument(metavar="ID", help="Position id, e.g. 4.")],
    reason: Annotated[str, typer.Option("--reason", metavar="TEXT", help="Why it was wrong, e.g. 'misread the date'.")],
) -> None:
    """Retract a position: it stays in the history, marked with the reason."""
    from policytrack.positions import retract_position

    with session(ctx, write=True) as s:
        retract_position(s, position_id, reason)
    note(f"retracted position {position_id}")


@app.command()
def correct(
    ctx: typer.Context,
    position_id: Annotated[int, typer.Argument(metavar="ID", help="Position id, e.g. 4.")],
    stance: Annotated[Optional[str], typer.Option("--stance", metavar="STANCE", help="The right stance, e.g. supply.")] = None,
    on: Annotated[Optional[str], typer.Option("--on", metavar="DATE", help="The right date, e.g. 2024-11-19.")] = None,
    source: Annotated[Optional[str], typer.Option("--source", metavar="SOURCE", help="Replace the evidence with this source, e.g. 3.")] = None,
    quote: Annotated[Optional[str], typer.Option("--quote", metavar="TEXT", help="Words from that source, e.g. 'not persistent'.")] = None,
    actor: Annotated[Optional[str], typer.Option("--actor", metavar="ACTOR", help="The right actor, e.g. biden-admin.")] = None,
    topic: Annotated[Optional[str], typer.Option("--topic", metavar="TOPIC", help="The right topic, e.g. apl-use.")] = None,
    kind: NewKind = None,
    summary: Annotated[Optional[str], typer.Option("--summary", metavar="TEXT", help=f"The right summary, e.g. 'Authorised delivery'. {CLEARED}")] = None,
) -> None:
    """Record a corrected position that supersedes ID, retract ID, print the new id."""
    from policytrack.positions import correct_position

    with session(ctx, write=True) as s:
        new_id = correct_position(
            s, position_id, stance=stance, on=on, source=source, quote=quote, actor=actor, topic=topic,
            kind=kind, summary=summary,
        ).id
    echo(str(new_id))
    note(f"position {new_id} supersedes position {position_id}, which is retracted")


@app.command()
def timeline(
    ctx: typer.Context,
    actor: ActorFilter = None,
    topic: TopicFilter = None,
    since: Since = None,
    until: Until = None,
    kind: KindFilter = None,
    rollup: Rollup = False,
    include_retracted: Annotated[bool, typer.Option("--include-retracted", help="Show retracted positions too.")] = False,
    as_recorded: AsRecorded = None,
    fmt: Format = "simple",
    wide: Wide = False,
    columns: TimelineColumns = None,
) -> None:
    """Positions in order of their dates."""
    from policytrack.reports import rollup_hint
    from policytrack.reports import timeline as timeline_rows

    chosen = chosen_columns("timeline", columns)
    moment = as_recorded_timestamp(as_recorded)
    with session(ctx) as s:
        rows = timeline_rows(
            s, actor, topic, include_retracted=include_retracted, as_recorded=moment, rollup=rollup,
            since=since, until=until, kind=kind,
        )
        emit_report(s, "timeline", rows, fmt, wide, chosen)
        hint = rollup_hint(s, actor) if actor and not rollup else None
    if hint:
        note(hint)
