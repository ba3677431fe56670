"""Fixtures: every test that takes ``db`` runs on SQLite and, when
``POLICYTRACK_TEST_POSTGRES_URL`` is set, on a fresh PostgreSQL database
created for the test and dropped after it."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from policytrack.cli import app
from policytrack.db import Database

from helpers import POSTGRES_URL, Cli, World, build_landmine, postgres_database, snapshot

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


@pytest.fixture
def cli(db) -> Cli:
    return Cli(db.url)


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
    return World(cli, db).build()


@pytest.fixture
def seeded(cli):
    """The bundled seed data (``init --seed``) on each backend."""
    cli("init", "--seed")
    return cli


@pytest.fixture
def landmine(cli):
    """SPEC.md's landmine example (actors, apl-policy scale, apl-use topic, the article) on each backend."""
    return build_landmine(cli)
