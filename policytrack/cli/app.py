"""The Typer application, its global options and its error edge.

Only typer and the standard library are imported here: ``policytrack
--help`` must stay fast. Commands import the service layer when they run.
"""

from __future__ import annotations

import contextlib
import sys
from typing import Annotated, Optional

import typer
from typer.core import TyperGroup

from policytrack import __version__
from policytrack.errors import PolicytrackError


class PolicytrackGroup(TyperGroup):
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
        except Exception as error:
            if type(error).__module__.startswith("sqlalchemy"):
                fail(_database_error_message(error))
            raise


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


app = typer.Typer(
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


def database(ctx: typer.Context):
    from policytrack.db import Database

    return Database(ctx.find_root().obj)


@contextlib.contextmanager
def session(ctx: typer.Context, write: bool = False):
    """A session on the current database, which must be at the newest revision."""
    db = database(ctx)
    db.require_current()
    try:
        with db.session(write=write) as s:
            yield s
    finally:
        db.dispose()


def emit(rows, fmt: str, keys=None) -> None:
    """Print rows (streamed for csv and json) in the chosen format."""
    from policytrack.output import write

    write(rows, fmt, keys, sys.stdout)


def echo(text: str) -> None:
    if text:
        typer.echo(text)


def note(text: str) -> None:
    """A message for the person at the terminal, on stderr."""
    typer.echo(text, err=True)
