"""``actor``, ``scale`` and ``topic``: the things positions are about."""

from __future__ import annotations

from typing import Annotated, Optional

import typer

from policytrack.cli.app import app, emit, note, session
from policytrack.cli.options import ActorKind, Commands, Format
from policytrack.cli.report_output import ScaleColumns, Wide, chosen_columns, emit_report
from policytrack.vocabulary import BUILT_IN_SCALE

actor_app = Commands(help="Actors: states, governments, agencies, people, organisations.", no_args_is_help=True)
scale_app = Commands(help="Stance scales: integer levels with labels and a pivot.", no_args_is_help=True)
topic_app = Commands(help="Topics: the policies positions are about.", no_args_is_help=True)
app.add_typer(actor_app, name="actor")
app.add_typer(scale_app, name="scale")
app.add_typer(topic_app, name="topic")


@actor_app.command("add")
def actor_add(
    ctx: typer.Context,
    slug: Annotated[str, typer.Argument(metavar="SLUG", help="Short lowercase name, e.g. biden-admin.")],
    name: Annotated[str, typer.Option("--name", metavar="NAME", help="Display name, e.g. 'Biden administration'.")],
    kind: ActorKind = "other",
    parent: Annotated[Optional[str], typer.Option("--parent", metavar="ACTOR", help="Parent actor (slug or alias), e.g. us.")] = None,
    alias: Annotated[Optional[list[str]], typer.Option("--alias", metavar="NAME", help="Another name, e.g. Washington; repeatable.")] = None,
    active_from: Annotated[Optional[str], typer.Option("--active-from", metavar="DATE", help="First day in office, e.g. 2021-01-20.")] = None,
    active_until: Annotated[Optional[str], typer.Option("--active-until", metavar="DATE", help="Last day, e.g. 2025-01-20 (2025 means through its end).")] = None,
    note_text: Annotated[Optional[str], typer.Option("--note", metavar="TEXT", help="Free text, e.g. '46th US administration'.")] = None,
) -> None:
    """Add an actor."""
    from policytrack.catalog import add_actor

    with session(ctx, write=True) as s:
        actor = add_actor(
            s, slug, name, kind=kind, parent=parent, aliases=alias or (),
            active_from=active_from, active_until=active_until, note=note_text,
        )
    note(f"added actor {actor.slug}")


@actor_app.command("list")
def actor_list(ctx: typer.Context, fmt: Format = "simple") -> None:
    """List actors."""
    from policytrack.catalog import list_actors
    from policytrack.output import KEYS

    with session(ctx) as s:
        emit(list_actors(s), fmt, KEYS["actors"])


@actor_app.command("alias")
def actor_alias(
    ctx: typer.Context,
    actor: Annotated[str, typer.Argument(metavar="ACTOR", help="Actor slug or alias, e.g. us.")],
    alias: Annotated[str, typer.Argument(metavar="ALIAS", help="Another name, e.g. Washington.")],
    remove: Annotated[bool, typer.Option("--remove", help="Remove the alias instead of adding it.")] = False,
) -> None:
    """Give ACTOR another name, ALIAS (or take it away with --remove)."""
    from policytrack.edits import add_actor_alias, remove_alias

    with session(ctx, write=True) as s:
        if remove:
            message = f'"{remove_alias(s, actor, alias)}" no longer names actor {actor}'
        else:
            record = add_actor_alias(s, actor, alias)
            message = f'"{record.alias}" now names actor {record.actor.slug}'
    note(message)


@scale_app.command("add")
def scale_add(
    ctx: typer.Context,
    slug: Annotated[str, typer.Argument(metavar="SLUG", help="Short lowercase name, e.g. apl-policy.")],
    name: Annotated[str, typer.Option("--name", metavar="NAME", help="Display name, e.g. 'Landmine policy'.")],
    level: Annotated[list[str], typer.Option("--level", metavar="VALUE=LABEL", help="A level, e.g. -1=restrict; repeatable.")],
    pivot: Annotated[Optional[int], typer.Option("--pivot", metavar="VALUE", help="The neutral level, e.g. 1. [default: 0]")] = None,
    cue: Annotated[
        Optional[list[str]],
        typer.Option("--cue", metavar="LABEL=PHRASE", help="A phrase that signals a level, e.g. 'permit=lift restrictions'; repeatable."),
    ] = None,
) -> None:
    """Add a stance scale."""
    from policytrack.catalog import add_scale, parse_levels
    from policytrack.lexicon import add_cues, parse_cues

    cues = parse_cues(cue or ())
    with session(ctx, write=True) as s:
        scale = add_scale(s, slug, name, parse_levels(level), pivot)
        for label, phrase in cues:
            add_cues(s, scale, label, [phrase])
        message = f"added scale {scale.slug} ({len(scale.levels)} levels, pivot {scale.pivot})"
    note(message)


@scale_app.command("cue")
def scale_cue(
    ctx: typer.Context,
    scale: str,
    label: Annotated[str, typer.Argument(help="The level (its label or value).")],
    phrases: Annotated[list[str], typer.Argument(metavar="PHRASE...", help="Phrases that signal the level.")],
) -> None:
    """Add phrases that signal a level of SCALE (matched on word stems, ignoring case)."""
    from policytrack.lexicon import add_cues

    with session(ctx, write=True) as s:
        added, skipped = add_cues(s, scale, label, phrases)
    note(f"added {added} cue(s) to {scale} {label}" + (f", {skipped} already there" if skipped else ""))


@scale_app.command("list")
def scale_list(ctx: typer.Context, fmt: Format = "simple", wide: Wide = False, columns: ScaleColumns = None) -> None:
    """List stance scales and their levels."""
    from policytrack.catalog import list_scales

    chosen = chosen_columns("scales", columns)
    with session(ctx) as s:
        emit_report(s, "scales", list_scales(s), fmt, wide, chosen)


@topic_app.command("add")
def topic_add(
    ctx: typer.Context,
    slug: Annotated[str, typer.Argument(metavar="SLUG", help="Short lowercase name, e.g. apl-use.")],
    name: Annotated[str, typer.Option("--name", metavar="NAME", help="Display name, e.g. 'Use of landmines'.")],
    scale: Annotated[str, typer.Option("--scale", metavar="SCALE", help="Stance scale slug, e.g. apl-policy.")] = BUILT_IN_SCALE,
    parent: Annotated[Optional[str], typer.Option("--parent", metavar="TOPIC", help="Parent topic slug, e.g. weapons.")] = None,
    description: Annotated[Optional[str], typer.Option("--description", metavar="TEXT", help="e.g. 'Anti-personnel mines only'.")] = None,
    keyword: Annotated[
        Optional[list[str]],
        typer.Option("--keyword", metavar="PHRASE", help="A phrase that signals the topic, e.g. landmines; repeatable."),
    ] = None,
) -> None:
    """Add a topic."""
    from policytrack.catalog import add_topic
    from policytrack.lexicon import add_keywords

    with session(ctx, write=True) as s:
        topic = add_topic(s, slug, name, scale=scale, parent=parent, description=description)
        add_keywords(s, topic, keyword or ())
        message = f"added topic {topic.slug} (scale {topic.scale.slug})"
    note(message)


@topic_app.command("keyword")
def topic_keyword(
    ctx: typer.Context,
    topic: str,
    phrases: Annotated[list[str], typer.Argument(metavar="PHRASE...", help="Phrases that signal the topic.")],
) -> None:
    """Add phrases that signal TOPIC (matched on word stems, ignoring case)."""
    from policytrack.lexicon import add_keywords

    with session(ctx, write=True) as s:
        added, skipped = add_keywords(s, topic, phrases)
    note(f"added {added} keyword(s) to {topic}" + (f", {skipped} already there" if skipped else ""))


@topic_app.command("list")
def topic_list(ctx: typer.Context, fmt: Format = "simple") -> None:
    """List topics."""
    from policytrack.catalog import list_topics
    from policytrack.output import KEYS

    with session(ctx) as s:
        emit(list_topics(s), fmt, KEYS["topics"])
