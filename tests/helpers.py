"""Helpers shared by the tests: the CLI runner, databases and snapshots, SPEC.md's landmine example,
the analysis tests' ``World``, small checks.

The ``world`` fixture (conftest.py) gives a ``World``: a migrated database (each backend) holding a small,
fixed cast:

- scales: the built-in ``support`` (-2..2, pivot 0); ``apl`` (-2 ban,
  -1 restrict, 0 no stated policy, 1 permit, 2 supply; pivot 0); ``ordinal``
  (0 none, 1 recommend, 2 require some, 3 require all; pivot 1);
- actors: ``us`` (state) with the administrations ``obama-admin``,
  ``trump-admin`` and ``biden-admin`` as sub-actors, the agency ``dod``
  under ``biden-admin`` (a grandchild of ``us``), and ``fr`` (state);
- topics: ``apl`` (scale apl), ``aid`` (support), ``schools`` (ordinal);
- one source, slug ``src``, url ``https://example.org/src``, without text.

``world.record(actor, topic, stance, on, ...)`` records a position through
the CLI and returns its id.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import uuid
from dataclasses import dataclass
from pathlib import Path

import pytest
from sqlalchemy import create_engine, select, text, update
from sqlalchemy.engine import make_url
from typer.testing import CliRunner

from policytrack.cli import app
from policytrack.db import Database
from policytrack.models import Evidence, Position

POSTGRES_URL = os.environ.get("POLICYTRACK_TEST_POSTGRES_URL")

DATA = Path(__file__).parent / "data"
# The article of SPEC.md's motivating example (a copy of the shared seed-article.txt),
# with typographic quotes and apostrophes: “Because the Russians ...”, they’ve.
SEED_ARTICLE = DATA / "seed-article.txt"
SOURCE_URL = "https://caliber.az/post/us-defense-secretary-explains-landmines"
SOURCE_SLUG = "caliber-2024-11-21"

# ISO 8601 in UTC with a Z, as SPEC.md requires for timestamps.
UTC_TIMESTAMP = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$")

APL_LEVELS = {-2: "ban", -1: "restrict", 0: "no stated policy", 1: "permit", 2: "supply"}


# Databases and the CLI -----------------------------------------------------


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


# SPEC.md's landmine example ------------------------------------------------


@dataclass
class Landmine:
    """Ids of what :func:`build_landmine` created."""

    source_id: int
    source_slug: str = SOURCE_SLUG
    source_url: str = SOURCE_URL


def build_landmine(cli) -> Landmine:
    """The landmine example of SPEC.md, built through the CLI.

    Actors us (aliases Washington, USA), biden-admin and trump-admin (both
    governments under us), the scale apl-policy (-2 ban .. 2 supply, pivot 0),
    the topic apl-use on it, and the Caliber.Az article with its full text.
    """
    cli("actor", "add", "us", "--name", "United States", "--kind", "state", "--alias", "Washington", "--alias", "USA")
    cli(
        "actor", "add", "trump-admin", "--name", "Trump administration", "--kind", "government",
        "--parent", "us", "--active-from", "2017-01-20", "--active-until", "2021-01-20",
    )
    cli(
        "actor", "add", "biden-admin", "--name", "Biden administration", "--kind", "government",
        "--parent", "us", "--active-from", "2021-01-20", "--active-until", "2025-01-20",
    )
    levels = [f"--level={value}={label}" for value, label in APL_LEVELS.items()]
    cli("scale", "add", "apl-policy", "--name", "Anti-personnel landmine policy", *levels)
    cli("topic", "add", "apl-use", "--name", "Use of anti-personnel landmines", "--scale", "apl-policy")
    result = cli(
        "source", "add", "--title", "Ukraine responsible for tracking locations of mines",
        "--url", SOURCE_URL, "--slug", SOURCE_SLUG, "--outlet", "Caliber.Az", "--author", "Naila Huseynova",
        "--published", "2024-11-21", "--text-file", str(SEED_ARTICLE),
    )
    return Landmine(source_id=int(result.stdout.strip()))


def record(cli, actor: str, stance: str, on: str, *extra: str, topic: str = "apl-use", source: str = SOURCE_SLUG) -> int:
    """``policytrack record`` with the usual defaults; returns the printed id."""
    result = cli("record", "--actor", actor, "--topic", topic, "--stance", stance, "--on", on, "--source", source, *extra)
    return int(result.stdout.strip())


def position_row(db: Database, position_id: int) -> Position:
    """A position read straight from the database (bypassing the CLI), with its evidence."""
    with db.session(write=False) as session:
        position = session.get(Position, position_id)
        assert position is not None, f"no position {position_id}"
        list(position.evidence)  # load before the session closes
    db.dispose()
    return position


def evidence_of(db: Database, position_id: int) -> list[tuple[int, str | None]]:
    with db.session(write=False) as session:
        rows = session.execute(
            select(Evidence.source_id, Evidence.quote).where(Evidence.position_id == position_id).order_by(Evidence.id)
        ).all()
    db.dispose()
    return [tuple(row) for row in rows]


# The view columns SPEC.md promises analysts ("at least these").
SPEC_VIEW_COLUMNS = {
    "v_positions": {
        "id", "actor", "actor_name", "topic", "topic_name", "stance", "stance_label", "effective_on",
        "date_precision", "kind", "summary", "recorded_at", "retracted_at", "source_count",
    },
    "v_current_positions": {
        "actor", "topic", "stance", "stance_label", "effective_on", "date_precision", "position_id",
    },
    "v_reversals": {
        "actor", "topic", "from_position", "to_position", "from_stance", "from_label", "from_on",
        "to_stance", "to_label", "to_on", "level",
    },
}


# The analysis tests' cast -----------------------------------------------------

# The source of the analysis tests' World (without stored text).
WORLD_SOURCE_URL = "https://example.org/src"
ORDINAL_LEVELS = {0: "none", 1: "recommend", 2: "require some", 3: "require all"}


class World:
    def __init__(self, cli, db):
        self.cli = cli
        self.db = db

    def build(self) -> World:
        # The catalog commands have their own tests; the cast is made through
        # the service layer in one transaction, which keeps each test fast.
        from policytrack.catalog import add_actor, add_scale, add_topic
        from policytrack.sources import add_source

        with self.db.session() as s:
            add_scale(s, "apl", "Landmine policy", APL_LEVELS)
            add_scale(s, "ordinal", "Ordinal 0..3", ORDINAL_LEVELS, pivot=1)
            add_actor(s, "us", "United States", kind="state", aliases=["USA"])
            for slug, name in (("obama-admin", "Obama"), ("trump-admin", "Trump"), ("biden-admin", "Biden")):
                add_actor(s, slug, f"{name} administration", kind="government", parent="us")
            add_actor(s, "dod", "Department of Defense", kind="agency", parent="biden-admin")
            add_actor(s, "fr", "France", kind="state")
            add_topic(s, "apl", "Anti-personnel landmines", scale="apl")
            add_topic(s, "aid", "Military aid")
            add_topic(s, "schools", "School closing", scale="ordinal")
            self.source = add_source(s, "A report", url=WORLD_SOURCE_URL, slug="src").id
        self.db.dispose()
        return self

    def record(self, actor: str, topic: str, stance, on: str, *options: str, source: str = "src") -> int:
        result = self.cli(
            "record", "--actor", actor, "--topic", topic, "--stance", str(stance), "--on", on,
            "--source", source, *options,
        )
        return int(result.stdout)

    def set_times(self, position_id: int, recorded_at: dt.datetime | None = None, retracted_at=None) -> None:
        """Move a position's recorded_at / retracted_at (the transaction-time axis)."""
        values = {}
        if recorded_at is not None:
            values["recorded_at"] = recorded_at
        if retracted_at is not None:
            values["retracted_at"] = retracted_at
            values["retraction_reason"] = "test"
        with self.db.session() as s:
            s.execute(update(Position).where(Position.id == position_id).values(**values))
        self.db.dispose()


def utc(*args) -> dt.datetime:
    return dt.datetime(*args, tzinfo=dt.timezone.utc)


def changes(rows, *keys):
    """The rows as a list of tuples of ``keys`` (default: from/to stance and level)."""
    keys = keys or ("from_stance", "to_stance", "level")
    return [tuple(row[key] for key in keys) for row in rows]


def table(text: str) -> list[dict]:
    """A ``--format github`` table as a list of dicts (cells stripped)."""
    lines = [line for line in text.strip().splitlines() if not line.startswith("|-") and not line.startswith("|:")]
    header, *body = [[cell.strip() for cell in line.strip().strip("|").split("|")] for line in lines]
    return [dict(zip(header, cells)) for cells in body]


#: Run a test on one backend only (it overrides the ``db_url`` fixture's parameters).
sqlite_only = pytest.mark.parametrize("db_url", ["sqlite"], indirect=True)
postgresql_only = pytest.mark.parametrize("db_url", ["postgresql"], indirect=True)
