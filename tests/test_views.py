"""The SQL views of SPEC.md: present after migration, and built from the current query definitions."""

from __future__ import annotations

import pytest
from sqlalchemy import inspect, text

from policytrack import views

from helpers import SPEC_VIEW_COLUMNS as SPEC_COLUMNS
from helpers import sqlite_only


def view_columns(db) -> dict[str, list[str]]:
    inspector = inspect(db.engine)
    names = inspector.get_view_names()
    columns = {name: [column["name"] for column in inspector.get_columns(name)] for name in names}
    db.dispose()
    return columns


def test_the_spec_views_exist_after_migration(db):
    assert set(SPEC_COLUMNS) <= set(view_columns(db))


@pytest.mark.parametrize("name", sorted(SPEC_COLUMNS))
def test_each_view_has_at_least_the_spec_columns(db, name):
    assert SPEC_COLUMNS[name] <= set(view_columns(db)[name])


@pytest.mark.parametrize("name", sorted(SPEC_COLUMNS))
def test_each_view_has_the_columns_of_its_current_definition(db, name):
    defined = [column.name for column in views.definitions()[name].selected_columns]

    assert view_columns(db)[name] == defined


@sqlite_only  # SQLite keeps a view's SQL as written; PostgreSQL keeps it parsed
@pytest.mark.parametrize("name", sorted(SPEC_COLUMNS))
def test_sqlite_views_are_the_current_query_definitions(db, name):
    """A changed query in policytrack.queries needs a migration that replaces the views."""
    with db.engine.connect() as connection:
        stored = connection.execute(
            text("SELECT sql FROM sqlite_master WHERE type = 'view' AND name = :name"), {"name": name}
        ).scalar_one()
        expected = f"CREATE VIEW {name} AS {views.view_sql(name, connection.dialect)}"
    db.dispose()

    assert stored == expected


def test_the_views_can_be_queried_on_an_empty_database(db):
    with db.engine.connect() as connection:
        for name in SPEC_COLUMNS:
            assert connection.execute(text(f"SELECT * FROM {name}")).all() == []
    db.dispose()


def test_the_newest_views_revision_installs_the_current_definitions():
    """A changed view definition needs a revision that replaces the views in
    existing databases (see policytrack/views.py): this fails until it exists."""
    from alembic.script import ScriptDirectory

    from policytrack.db import Database

    scripts = ScriptDirectory.from_config(Database(":memory:").alembic_config())
    recorded = next(
        script.module.VIEWS_FINGERPRINT
        for script in scripts.walk_revisions()
        if hasattr(script.module, "VIEWS_FINGERPRINT")
    )
    assert recorded == views.fingerprint(), (
        "the view definitions changed: add a revision that calls policytrack.views.replace_views "
        f'and sets VIEWS_FINGERPRINT = "{views.fingerprint()}"'
    )
