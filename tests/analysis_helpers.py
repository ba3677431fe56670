"""Builders for the analysis tests (reversals, current, diff, check, sql).

``world`` gives a migrated database (each backend) holding a small,
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

import pytest
from sqlalchemy import update

from policytrack.models import Position

SOURCE_URL = "https://example.org/src"

APL_LEVELS = {-2: "ban", -1: "restrict", 0: "no stated policy", 1: "permit", 2: "supply"}
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
            self.source = add_source(s, "A report", url=SOURCE_URL, slug="src").id
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
