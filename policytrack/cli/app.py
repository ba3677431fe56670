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

    def invoke(self, ctx):
        try:
            return super().invoke(ctx)
        except PolicytrackError as error:
            fail(str(error))
        except Exception as error:
            if type(error).__module__.startswith("sqlalchemy"):
                fail(_database_error_message(error))
            raise


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
            help="Database: a path (SQLite) or an SQLAlchemy URL. [default: policytrack.db]",
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
