"""``init`` and ``db``: creating and migrating the database."""

from __future__ import annotations

from typing import Annotated

import typer

from policytrack.cli.app import app, database, echo, note
from policytrack.cli.options import Commands

db_app = Commands(help="Schema revisions (Alembic), with policytrack's own configuration.", no_args_is_help=True)
app.add_typer(db_app, name="db")


@app.command()
def init(
    ctx: typer.Context,
    seed: Annotated[bool, typer.Option("--seed", help="Also load the bundled seed data (the landmine example).")] = False,
) -> None:
    """Create the database or upgrade it to the newest revision. Idempotent."""
    db = database(ctx)
    try:
        before = db.current_revision() if db.exists() else None
        db.upgrade("head")
        head = db.current_revision()
        if before == head:
            note(f"{db.display_name} is up to date (revision {head})")
        else:
            note(f"{db.display_name} is at revision {head}" + (f" (was {before})" if before else ""))
        if seed:
            from policytrack.bulk import load_seed_data

            with db.session(write=True) as session:
                summary = load_seed_data(session)
            note(f"seed data: {summary}")
    finally:
        db.dispose()


@db_app.command("upgrade")
def db_upgrade(
    ctx: typer.Context, revision: Annotated[str, typer.Argument(help="Target revision.")] = "head"
) -> None:
    """Upgrade the schema to REVISION (default: the newest)."""
    db = database(ctx)
    try:
        db.upgrade(revision)
        note(f"{db.display_name} is at revision {db.current_revision()}")
    finally:
        db.dispose()


@db_app.command("downgrade")
def db_downgrade(
    ctx: typer.Context,
    revision: Annotated[str, typer.Argument(metavar="REVISION", help="Target revision, e.g. 0001, or base.")],
    yes: Annotated[bool, typer.Option("--yes", help="Drop the rows the downgrade removes, without asking.")] = False,
) -> None:
    """Downgrade the schema to REVISION (asks for --yes when that drops rows)."""
    from policytrack.downgrade import rows_dropped
    from policytrack.errors import Conflict

    db = database(ctx)
    try:
        _require_file(db)
        dropped = rows_dropped(db, revision)
        if dropped and not yes:
            counts = ", ".join(f"{count} in {table}" for table, count in dropped.items())
            raise Conflict(
                f"downgrading to {revision} drops {sum(dropped.values())} rows ({counts}): "
                "export first if you need them, then add --yes"
            )
        db.downgrade(revision)
        note(f"{db.display_name} is at revision {db.current_revision() or 'base'}")
    finally:
        db.dispose()


@db_app.command("current")
def db_current(ctx: typer.Context) -> None:
    """Show the database's revision."""
    db = database(ctx)
    try:
        _require_file(db)
        current, head = db.current_revision(), db.head_revision()
        echo(f"{current or 'base (empty)'}" + (" (head)" if current == head else f" (newest is {head})"))
    finally:
        db.dispose()


@db_app.command("history")
def db_history(ctx: typer.Context) -> None:
    """List the schema revisions, newest first."""
    from alembic.script import ScriptDirectory

    db = database(ctx)
    scripts = ScriptDirectory.from_config(db.alembic_config())
    for script in scripts.walk_revisions():
        echo(f"{script.down_revision or 'base'} -> {script.revision}: {script.doc}")


def _require_file(db) -> None:
    from policytrack.errors import DatabaseNotReady

    if not db.exists():
        raise DatabaseNotReady(f"no database at {db.display_name}: run `policytrack init` to create it")
