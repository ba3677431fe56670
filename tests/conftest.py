"""Fixtures: every test that takes ``db`` runs on SQLite and, when
``POLICYTRACK_TEST_POSTGRES_URL`` is set, on a fresh PostgreSQL database
created for the test and dropped after it."""

from __future__ import annotations

import os
import uuid
from collections.abc import Callable

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url
from typer.testing import CliRunner

from policytrack.cli import app
from policytrack.db import Database

POSTGRES_URL = os.environ.get("POLICYTRACK_TEST_POSTGRES_URL")
BACKENDS = ["sqlite", "postgresql"]


@pytest.fixture(params=BACKENDS)
def db_url(request, tmp_path):
    """The URL of an empty database on each backend."""
    if request.param == "sqlite":
        yield str(tmp_path / "policytrack.db")
        return
    if not POSTGRES_URL:
        pytest.skip("POLICYTRACK_TEST_POSTGRES_URL is not set")
    yield from postgres_database()


def postgres_database():
    """Yields the URL of a fresh PostgreSQL database, dropped when resumed."""
    # With the variable set, an unreachable server is a failure, not a skip.
    admin_url = make_url(POSTGRES_URL).set(drivername="postgresql+psycopg")
    name = f"policytrack_test_{uuid.uuid4().hex[:12]}"
    admin = create_engine(admin_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield admin_url.set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


@pytest.fixture
def db(db_url) -> Database:
    """A database at the newest revision, on each backend."""
    database = Database(db_url)
    database.upgrade()
    database.dispose()
    yield database
    database.dispose()


def _cache_the_command_tree() -> None:
    """Build the Click command tree of the app once, not on every invocation.

    typer.testing rebuilds it for each ``invoke`` (about 80 ms, a large share
    of the suite's time). If typer renames this private name, the assignment
    is simply unused and the tests run slower, never differently.
    """
    import typer.main
    import typer.testing

    command = typer.main.get_command(app)
    build = typer.main.get_command
    typer.testing._get_command = lambda typer_app: command if typer_app is app else build(typer_app)


_cache_the_command_tree()


def one_error_line(result) -> str:
    """The one ``Error:`` line of a command refused with exit 1 (and nothing else on stderr)."""
    assert result.exit_code == 1, (result.exit_code, result.stdout, result.stderr)
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("Error: ") and "Traceback" not in result.stderr, result.stderr
    return lines[0]


class Cli:
    """Runs ``policytrack --db URL ...`` in-process and returns the result."""

    def __init__(self, url: str):
        self.url = url
        self.runner = CliRunner()

    def __call__(self, *args: str, input: str | None = None, expect: int | None = 0):
        result = self.runner.invoke(app, ["--db", self.url, *map(str, args)], input=input, catch_exceptions=False)
        if expect is not None:
            assert result.exit_code == expect, (
                f"exit {result.exit_code} (expected {expect}) for {args}\n"
                f"stdout: {result.stdout}\nstderr: {result.stderr}"
            )
        return result

    def fails(self, *args: str, code: int = 1, input: str | None = None):
        """A refused command: exit ``code``, one ``Error:`` line (exit 1), no traceback."""
        result = self(*args, input=input, expect=code)
        assert "Traceback" not in result.stderr
        if code == 1:
            one_error_line(result)
        return result

    def json(self, *args: str):
        import json

        return json.loads(self(*args, "--format", "json").stdout)


@pytest.fixture
def cli(db) -> Cli:
    return Cli(db.url)


def snapshot(database: Database) -> dict[str, list[tuple]]:
    """Every row of every table, to prove that a refused command changed nothing."""
    from policytrack.models import Base

    with database.engine.connect() as connection:
        state = {
            table.name: sorted(map(tuple, connection.execute(table.select())), key=repr)
            for table in Base.metadata.sorted_tables
        }
    database.dispose()
    return state


@pytest.fixture
def unchanged(db) -> Callable:
    """``with unchanged(): ...`` asserts that the block leaves every table as it was."""
    import contextlib

    @contextlib.contextmanager
    def check():
        before = snapshot(db)
        yield
        assert snapshot(db) == before, "the database changed"

    return check


@pytest.fixture
def world(cli, db):
    """The small fixed cast of the analysis tests (see helpers.World) on each backend."""
    from helpers import World

    return World(cli, db).build()


@pytest.fixture
def seeded(cli):
    """The bundled seed data (``init --seed``) on each backend."""
    cli("init", "--seed")
    return cli


@pytest.fixture
def landmine(cli):
    """SPEC.md's landmine example (actors, apl-policy scale, apl-use topic, the article) on each backend."""
    from helpers import build_landmine

    return build_landmine(cli)
