"""The Typer application, its global options and its error edge.

Only typer and the standard library are imported here: ``policytrack
--help`` must stay fast. Commands import the service layer when they run.
"""

from __future__ import annotations

import contextlib
import sys
from typing import Annotated, Optional

import typer

from policytrack import __version__
from policytrack.cli.options import Commands, Group
from policytrack.errors import PolicytrackError


class PolicytrackGroup(Group):
    """Turns domain and database errors into one ``Error:`` line and exit 1."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        from policytrack.cli.helptext import tidy

        tidy(self)

    def parse_args(self, ctx, args):
        return super().parse_args(ctx, global_options_first(args))

    def invoke(self, ctx):
        try:
            return super().invoke(ctx)
        except PolicytrackError as error:
            fail(str(error))
        except typer.BadParameter as error:
            _reword_coercion_error(error)
            raise
        except Exception as error:
            if type(error).__module__.startswith("sqlalchemy"):
                fail(_database_error_message(error))
            raise


def _reword_coercion_error(error: typer.BadParameter) -> None:
    """Say in policytrack's words what typer's value coercion refused.

    Typer converts option and argument values (integers, choices such as
    ``--kind``) with pydantic and passes pydantic's wording on ("Value error,
    ... is not one of ...", "Input should be a valid integer"). The pydantic
    error it chains holds the refused value and why; the message is rebuilt
    from that.
    """
    cause = error.__cause__
    if cause is None or not type(cause).__module__.startswith("pydantic"):
        return
    problems = cause.errors()  # type: ignore[attr-defined]
    if not problems:
        return
    problem = problems[0]
    value = problem.get("input")
    kind = problem.get("type", "")
    choices = _choices_of(error.param)
    if choices:
        error.message = f"{value!r} is not one of the choices: {', '.join(choices)}"
    elif kind.startswith("int"):
        error.message = f"{value!r} is not a whole number"
    elif kind.startswith("float"):
        error.message = f"{value!r} is not a number"
    elif kind == "value_error" and problem.get("ctx", {}).get("error") is not None:
        error.message = str(problem["ctx"]["error"])
    else:
        error.message = f"{value!r} is not a valid value"


def _choices_of(param) -> list[str]:
    """The allowed values of an enum-typed parameter, else none."""
    import enum

    annotation = getattr(getattr(param, "type_descriptor", None), "annotation", None)
    if isinstance(annotation, type) and issubclass(annotation, enum.Enum):
        return [str(member.value) for member in annotation]
    return []


def global_options_first(args: list[str]) -> list[str]:
    """``policytrack timeline --db x.db`` works like ``policytrack --db x.db timeline``:
    ``--db`` is moved before the command wherever it is given (up to ``--``)."""
    args = list(args)
    moved: list[str] = []
    index = 1
    while index < len(args) and args[index] != "--":
        if args[index] == "--db" and index + 1 < len(args):
            moved += args[index:index + 2]
            del args[index:index + 2]
        elif args[index].startswith("--db="):
            moved.append(args.pop(index))
        else:
            index += 1
    return moved + args


def _database_error_message(error: Exception) -> str:
    original = getattr(error, "orig", None) or error
    first_line = (str(original).strip().splitlines() or [type(original).__name__])[0]
    return f"database refused the change: {first_line}"


def fail(message: str) -> None:
    typer.echo(f"Error: {message}", err=True)
    raise typer.Exit(1)


app = Commands(
    cls=PolicytrackGroup,
    rich_markup_mode=None,
    add_completion=False,
    no_args_is_help=True,
    help="Track what actors say and do about a policy over time, with sources, and find reversals.",
)


def _show_version(value: bool) -> None:
    if value:
        typer.echo(f"policytrack {__version__}")
        raise typer.Exit()


@app.callback()
def main_options(
    ctx: typer.Context,
    db: Annotated[
        Optional[str],
        typer.Option(
            "--db",
            envvar="POLICYTRACK_DB",
            metavar="DB",
            help="Database: a path (SQLite), e.g. news.db, or an SQLAlchemy URL, e.g. "
            "postgresql://me@host/policy; also accepted after the command. [default: policytrack.db]",
        ),
    ] = None,
    version: Annotated[
        bool, typer.Option("--version", callback=_show_version, is_eager=True, help="Show the version and exit.")
    ] = False,
) -> None:
    """policytrack: positions over time, with sources, and who reversed course."""
    ctx.obj = db


def app_for(args: list[str]) -> typer.Typer:
    """The app with only the command ``args`` name (``reversals`` in ``--db x.db reversals --rollup``).

    Typer reads the signature and type hints of every registered command to
    build its command tree, about 100 ms for fifty commands; one run needs
    one command. Without a known command name (``policytrack --help``, a
    typo that deserves its did-you-mean) it is the whole app. ``app`` itself
    is left as it is (tests and the CLI reference use it whole).
    """
    import copy

    from typer.main import get_command_name

    name = _command_name(args)
    commands = [info for info in app.registered_commands if get_command_name(_name_of(info)) == name]
    groups = [info for info in app.registered_groups if info.name == name]
    if not (commands or groups):
        return app
    run = copy.copy(app)
    run.registered_commands, run.registered_groups = commands, groups
    return run


def _name_of(info) -> str:
    return info.name or info.callback.__name__


def _command_name(args: list[str]) -> str | None:
    """The first argument that is not a global option or its value."""
    values = iter(args)
    for arg in values:
        if arg == "--db":
            next(values, None)
        elif not arg.startswith("-"):
            return arg
    return None


def database(ctx: typer.Context):
    from policytrack.db import Database

    return Database(ctx.find_root().obj)


@contextlib.contextmanager
def session(ctx: typer.Context, write: bool = False):
    """A session on the current database, which must be at the newest revision."""
    db = database(ctx)
    try:
        db.require_current()
        with db.session(write=write) as s:
            yield s
    finally:
        db.dispose()


def emit(rows, fmt: str, keys=None) -> None:
    """Print rows (streamed for csv and json) in the chosen format: every listing prints through here."""
    from policytrack.output import write

    write(rows, fmt, keys, sys.stdout)


def emit_record(record: dict, fmt: str) -> None:
    """Print one record (a listing of one row in csv and json, a field/value table otherwise)."""
    from policytrack.output import write_record

    write_record(record, fmt, sys.stdout)


def echo(text: str) -> None:
    if text:
        typer.echo(text)


def note(text: str) -> None:
    """A message for the person at the terminal, on stderr."""
    typer.echo(text, err=True)
