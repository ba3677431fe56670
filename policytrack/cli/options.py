"""Options shared by many commands, defined once, and the rule that an
option taking one value is given once."""

from __future__ import annotations

from typing import Annotated, Optional

import typer
from typer.core import TyperCommand, TyperGroup, TyperOption

from policytrack import vocabulary
from policytrack.dates import PERIOD_END_HELP, PERIOD_START_HELP


class OneValueEach:
    """Refuses an option that takes one value but is given twice
    (``record --source 1 --source 2``): the parser would keep the last one
    without a word. Options that take several values say so (``--alias``)."""

    def make_parser(self, ctx):
        parser = super().make_parser(ctx)
        parse = parser.parse_args

        def parse_args(args):
            opts, rest, order = parse(args)
            seen = set()
            for param in order:
                if _takes_one_value(param) and param in seen:
                    ctx.fail(f"{_longest_name(param)} is given more than once; it takes one value")
                seen.add(param)
            return opts, rest, order

        parser.parse_args = parse_args
        return parser


def _takes_one_value(param) -> bool:
    return isinstance(param, TyperOption) and not (param.multiple or param.count or param.is_flag)


def _longest_name(param) -> str:
    return max(param.opts, key=len)


class Command(OneValueEach, TyperCommand):
    pass


class Group(OneValueEach, TyperGroup):
    pass


class Commands(typer.Typer):
    """A command group whose commands (and itself) take each one-value option once."""

    def __init__(self, **kwargs):
        kwargs.setdefault("cls", Group)
        super().__init__(**kwargs)

    def command(self, *args, cls=None, **kwargs):
        return super().command(*args, cls=cls or Command, **kwargs)



#: How an edit option says that an empty value clears the field (``--note ''``).
CLEARED = "Give an empty value ('') to clear it."


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
# Every date option states how it reads a coarse date (the rule is policytrack.dates.date_option).
OnDate = Annotated[
    Optional[str],
    typer.Option(
        "--on", metavar="DATE",
        help=f"On this date, e.g. 2023-06: YYYY, YYYY-MM or YYYY-MM-DD; {PERIOD_END_HELP}. [default: today]",
    ),
]
Since = Annotated[
    Optional[str],
    typer.Option(
        "--since", metavar="DATE", help=f"From this date on, e.g. 2022: YYYY, YYYY-MM or YYYY-MM-DD; {PERIOD_START_HELP}."
    ),
]
Until = Annotated[
    Optional[str],
    typer.Option(
        "--until", metavar="DATE", help=f"Through this date, e.g. 2024-11: YYYY, YYYY-MM or YYYY-MM-DD; {PERIOD_END_HELP}."
    ),
]
FromDate = Annotated[
    Optional[str],
    typer.Option(
        "--from", metavar="DATE",
        help=f"Compare ACTOR as it stood just before this date, e.g. 2021: YYYY, YYYY-MM or YYYY-MM-DD; {PERIOD_START_HELP}.",
    ),
]
ToDate = Annotated[
    Optional[str],
    typer.Option(
        "--to", metavar="DATE",
        help=f"... with this date, e.g. 2024-12: YYYY, YYYY-MM or YYYY-MM-DD; {PERIOD_END_HELP}. [default: today]",
    ),
]
Rollup = Annotated[
    bool, typer.Option("--rollup", help="Count each actor as its top-level ancestor (administrations as their state, e.g. us).")
]


def as_recorded_timestamp(value: str | None):
    from policytrack.dates import parse_timestamp

    return parse_timestamp(value, "--as-recorded") if value else None


def _choice(*names: str, values: tuple[str, ...], what: str, help: str | None = None):
    """An option whose value is one of ``values``, in any case, read by the vocabulary's parser."""

    def parse(value: str | None) -> str | None:
        from policytrack.errors import InvalidValue

        try:
            return None if value is None else vocabulary.choose(value, values, what)
        except InvalidValue as error:
            raise typer.BadParameter(str(error)) from None

    return typer.Option(*names, metavar="[" + "|".join(values) + "]", callback=parse, help=help)


ActorKind = Annotated[
    str, _choice("--kind", values=vocabulary.ACTOR_KINDS, what="actor kind", help="What the actor is, e.g. government.")
]
NewActorKind = Annotated[
    Optional[str],
    _choice("--kind", values=vocabulary.ACTOR_KINDS, what="actor kind", help="New kind, e.g. government."),
]
PositionKind = Annotated[
    str,
    _choice(
        "--kind", values=vocabulary.POSITION_KINDS, what="position kind",
        help="statement (what was said) or action (what was done), e.g. action.",
    ),
]
KindFilter = Annotated[
    Optional[str],
    _choice("--kind", values=vocabulary.POSITION_KINDS, what="position kind", help="Only statements or only actions, e.g. action."),
]
NewKind = Annotated[
    Optional[str],
    _choice("--kind", values=vocabulary.POSITION_KINDS, what="position kind", help="The right kind, e.g. action."),
]
Level = Annotated[
    str,
    _choice("--level", values=tuple(reversed(vocabulary.CHANGE_LEVELS)), what="level", help="The least change reported, e.g. partial."),
]
ImportFormat = Annotated[
    Optional[str],
    _choice(
        "--format", "-f", values=vocabulary.BUNDLE_FORMATS, what="import format",
        help="Format of standard input (-) and of files whose name does not end in .yaml, .yml, .json or "
        ".csv, e.g. csv. [default for -: json if it starts with a brace or a bracket, csv if its first line "
        "is a header of position columns, else yaml]",
    ),
]
BundleFormat = Annotated[
    Optional[str],
    _choice(
        "--format", "-f", values=vocabulary.BUNDLE_FORMATS, what="export format",
        help="yaml or json: the whole database; csv: the live positions; e.g. json. "
        "[default: from the -o file's extension, else yaml]",
    ),
]
