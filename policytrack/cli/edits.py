"""Fixing records with history kept: ``actor edit|rename|merge``, ``topic edit|rename``,
``scale level add|rename|remove``, ``source edit|remove`` and ``history``."""

from __future__ import annotations

from typing import Annotated, Optional

import typer

from policytrack.cli.app import app, note, session
from policytrack.cli.catalog import actor_app, scale_app, topic_app
from policytrack.cli.options import CLEARED, Format, NewActorKind
from policytrack.cli.report_output import HistoryColumns, Wide, chosen_columns, emit_report
from policytrack.cli.sources import source_app

level_app = typer.Typer(help="The levels of a stance scale.", no_args_is_help=True)
scale_app.add_typer(level_app, name="level")

def _given(value):
    """An option left out keeps the field; an empty value clears it."""
    from policytrack.edits import UNCHANGED

    return UNCHANGED if value is None else value


def _summary(changes: dict) -> str:
    return ", ".join(f"{field} {_show(old)} -> {_show(new)}" for field, (old, new) in changes.items())


def _show(value) -> str:
    if value is None:
        return "(none)"
    text = str(value)
    return text if len(text) <= 40 else f"({len(text)} characters)"


@actor_app.command("edit")
def actor_edit(
    ctx: typer.Context,
    slug: Annotated[str, typer.Argument(metavar="ACTOR", help="Actor slug or alias, e.g. biden-admin.")],
    name: Annotated[Optional[str], typer.Option("--name", metavar="NAME", help="New display name, e.g. 'Biden administration'.")] = None,
    kind: NewActorKind = None,
    parent: Annotated[Optional[str], typer.Option("--parent", metavar="ACTOR", help="New parent actor, e.g. us.")] = None,
    no_parent: Annotated[bool, typer.Option("--no-parent", help="Make it a top-level actor.")] = False,
    active_from: Annotated[Optional[str], typer.Option("--active-from", metavar="DATE", help=f"e.g. 2021-01-20. {CLEARED}")] = None,
    active_until: Annotated[Optional[str], typer.Option("--active-until", metavar="DATE", help=f"e.g. 2025-01-20. {CLEARED}")] = None,
    note_text: Annotated[Optional[str], typer.Option("--note", metavar="TEXT", help=f"e.g. 'Also called POTUS'. {CLEARED}")] = None,
) -> None:
    """Change an actor's name, kind, parent, active period or note (recorded in `history`)."""
    from policytrack.edits import edit_actor

    if parent is not None and no_parent:
        raise typer.BadParameter("give --parent or --no-parent, not both", param_hint="--parent")
    with session(ctx, write=True) as s:
        changes = edit_actor(
            s, slug, name=name, kind=kind,
            parent=None if no_parent else _given(parent),
            active_from=_given(active_from), active_until=_given(active_until), note=_given(note_text),
        )
    note(f"actor {slug}: {_summary(changes)}")


@actor_app.command("rename")
def actor_rename(
    ctx: typer.Context,
    old: Annotated[str, typer.Argument(metavar="OLD", help="Current slug or alias, e.g. biden.")],
    new: Annotated[str, typer.Argument(metavar="NEW", help="New slug, e.g. biden-admin.")],
) -> None:
    """Give an actor a new slug; the old slug becomes an alias, so scripts using it keep working."""
    from policytrack.edits import rename_actor

    with session(ctx, write=True) as s:
        actor = rename_actor(s, old, new)
        message = f'actor {old} is now {actor.slug}; "{old}" stays as an alias'
    note(message)


@actor_app.command("merge")
def actor_merge(
    ctx: typer.Context,
    duplicate: Annotated[str, typer.Argument(metavar="DUPLICATE", help="The actor to fold in, e.g. biden.")],
    into: Annotated[str, typer.Argument(metavar="INTO", help="The actor that stays, e.g. biden-admin.")],
) -> None:
    """Move DUPLICATE's positions, aliases and sub-actors to INTO; DUPLICATE's slug becomes an alias."""
    from policytrack.edits import merge_actors

    with session(ctx, write=True) as s:
        counts = merge_actors(s, duplicate, into)
    note(
        f"merged {duplicate} into {into}: {counts['positions']} position(s), {counts['aliases']} alias(es), "
        f"{counts['children']} sub-actor(s) moved"
    )


@topic_app.command("edit")
def topic_edit(
    ctx: typer.Context,
    slug: Annotated[str, typer.Argument(metavar="TOPIC", help="Topic slug, e.g. apl-use.")],
    name: Annotated[Optional[str], typer.Option("--name", metavar="NAME", help="e.g. 'Use of landmines'.")] = None,
    description: Annotated[Optional[str], typer.Option("--description", metavar="TEXT", help=f"e.g. 'Anti-personnel mines only'. {CLEARED}")] = None,
    parent: Annotated[Optional[str], typer.Option("--parent", metavar="TOPIC", help="New parent topic, e.g. weapons.")] = None,
    no_parent: Annotated[bool, typer.Option("--no-parent", help="Make it a top-level topic.")] = False,
    scale: Annotated[Optional[str], typer.Option("--scale", metavar="SCALE", help="Another scale, e.g. support; refused if a stance has no level there.")] = None,
) -> None:
    """Change a topic's name, description, parent or scale (recorded in `history`)."""
    from policytrack.edits import edit_topic

    if parent is not None and no_parent:
        raise typer.BadParameter("give --parent or --no-parent, not both", param_hint="--parent")
    with session(ctx, write=True) as s:
        changes = edit_topic(
            s, slug, name=name, description=_given(description),
            parent=None if no_parent else _given(parent), scale=scale,
        )
    note(f"topic {slug}: {_summary(changes)}")


@topic_app.command("rename")
def topic_rename(
    ctx: typer.Context,
    old: Annotated[str, typer.Argument(metavar="OLD", help="Current slug, e.g. landmines.")],
    new: Annotated[str, typer.Argument(metavar="NEW", help="New slug, e.g. apl-use.")],
) -> None:
    """Give a topic a new slug; the old slug keeps naming it."""
    from policytrack.edits import rename_topic

    with session(ctx, write=True) as s:
        rename_topic(s, old, new)
    note(f'topic {old} is now {new}; "{old}" still names it')


@level_app.command("add")
def level_add(
    ctx: typer.Context,
    scale: Annotated[str, typer.Argument(metavar="SCALE", help="Scale slug, e.g. apl-policy.")],
    level: Annotated[str, typer.Argument(metavar="VALUE=LABEL", help="e.g. 3=mass deployment.")],
) -> None:
    """Add a level to a scale."""
    from policytrack.catalog import parse_levels
    from policytrack.edits import add_level

    ((value, label),) = parse_levels([level]).items()
    with session(ctx, write=True) as s:
        add_level(s, scale, value, label)
    note(f'scale {scale}: added level {value} "{label}"')


@level_app.command("rename")
def level_rename(
    ctx: typer.Context,
    scale: Annotated[str, typer.Argument(metavar="SCALE", help="Scale slug, e.g. apl-policy.")],
    level: Annotated[str, typer.Argument(metavar="LEVEL", help="The level's value or label, e.g. -1 or restrict.")],
    label: Annotated[str, typer.Argument(metavar="LABEL", help="Its new label, e.g. 'restrict use'.")],
) -> None:
    """Give a level of a scale a new label."""
    from policytrack.edits import rename_level

    with session(ctx, write=True) as s:
        row = rename_level(s, scale, level, label)
        message = f'scale {scale}: level {row.value} is now "{row.label}"'
    note(message)


@level_app.command("remove")
def level_remove(
    ctx: typer.Context,
    scale: Annotated[str, typer.Argument(metavar="SCALE", help="Scale slug, e.g. apl-policy.")],
    level: Annotated[str, typer.Argument(metavar="LEVEL", help="The level's value or label, e.g. 2 or supply.")],
) -> None:
    """Remove a level no position takes (refused, naming the positions, otherwise)."""
    from policytrack.edits import remove_level

    with session(ctx, write=True) as s:
        value = remove_level(s, scale, level)
    note(f"scale {scale}: removed level {value}")


@source_app.command("edit")
def source_edit(
    ctx: typer.Context,
    source: Annotated[str, typer.Argument(metavar="SOURCE", help="Source id, slug or url, e.g. 3 or caliber-2024-11-21.")],
    title: Annotated[Optional[str], typer.Option("--title", metavar="TEXT", help="e.g. 'Ukraine responsible for mines'.")] = None,
    url: Annotated[Optional[str], typer.Option("--url", metavar="URL", help=f"e.g. https://example.org/a. {CLEARED}")] = None,
    outlet: Annotated[Optional[str], typer.Option("--outlet", metavar="NAME", help=f"e.g. Reuters. {CLEARED}")] = None,
    author: Annotated[Optional[str], typer.Option("--author", metavar="NAME", help=f"e.g. 'Jane Doe'. {CLEARED}")] = None,
    published: Annotated[Optional[str], typer.Option("--published", metavar="DATE", help=f"e.g. 2024-11-21. {CLEARED}")] = None,
    slug: Annotated[Optional[str], typer.Option("--slug", metavar="SLUG", help=f"e.g. reuters-2024-11-20. {CLEARED}")] = None,
    text_file: Annotated[
        Optional[str],
        typer.Option("--text-file", metavar="PATH|-", help="The full text, from a file or - for stdin, e.g. article.txt; every quote of the source must be in it."),
    ] = None,
) -> None:
    """Change a source's details or add its text later (recorded in `history`)."""
    from policytrack.edits import edit_source
    from policytrack.sources import read_text

    content = read_text(text_file, "--text-file") if text_file else None
    with session(ctx, write=True) as s:
        changes = edit_source(
            s, source, title=title, url=_given(url), outlet=_given(outlet), author=_given(author),
            published=_given(published), slug=_given(slug), content=content,
        )
    note(f"source {source}: {_summary(changes)}")


@source_app.command("remove")
def source_remove(
    ctx: typer.Context,
    source: Annotated[str, typer.Argument(metavar="SOURCE", help="Source id, slug or url, e.g. 3.")],
) -> None:
    """Remove a source that supports no position (its details stay in `history`)."""
    from policytrack.edits import remove_source

    with session(ctx, write=True) as s:
        source_id = remove_source(s, source)
    note(f"removed source {source_id}")


@app.command("history")
def history_command(
    ctx: typer.Context,
    since: Annotated[Optional[str], typer.Option("--since", metavar="WHEN", help="From this date or timestamp, e.g. 2026-12-01 or 2026-12-01T09:00:00Z.")] = None,
    fmt: Format = "simple",
    wide: Wide = False,
    columns: HistoryColumns = None,
) -> None:
    """Every change made to records in place: what, old and new value, when, and who."""
    from policytrack.audit import history

    chosen = chosen_columns("history", columns)
    with session(ctx) as s:
        emit_report(s, "history", history(s, since=since), fmt, wide, chosen)
