"""The Alembic revisions: pytest-alembic's built-in checks on SQLite and PostgreSQL,
plus what the revisions must leave behind (the built-in ``support`` scale, the views)."""

from __future__ import annotations

import pytest
from pytest_alembic.config import Config
from pytest_alembic.tests import (  # noqa: F401  (collected as tests of this module)
    test_model_definitions_match_ddl,
    test_single_head_revision,
    test_up_down_consistency,
    test_upgrade,
)
from sqlalchemy import inspect, text
from sqlalchemy.exc import IntegrityError

from policytrack.db import Database

from helpers import SPEC_VIEW_COLUMNS as VIEW_COLUMNS


@pytest.fixture
def alembic_config(db_url):
    """policytrack's own Alembic configuration (the one ``policytrack db`` uses)."""
    return Config(alembic_config=Database(db_url).alembic_config())


@pytest.fixture
def alembic_engine(db_url):
    """An empty database on each backend (``db_url`` is parametrized over SQLite and PostgreSQL)."""
    database = Database(db_url)
    yield database.engine
    database.dispose()


def test_upgrade_creates_the_builtin_support_scale(alembic_runner, alembic_engine):
    alembic_runner.migrate_up_to("heads")
    with alembic_engine.connect() as connection:
        scale = connection.execute(text("SELECT id, slug, name, pivot FROM scales")).one()
        levels = connection.execute(
            text("SELECT value, label FROM scale_levels WHERE scale_id = :id ORDER BY value"), {"id": scale.id}
        ).all()
    assert (scale.slug, scale.pivot) == ("support", 0)
    assert [tuple(level) for level in levels] == [
        (-2, "strongly oppose"), (-1, "oppose"), (0, "neutral"), (1, "support"), (2, "strongly support"),
    ]


def test_a_new_scale_after_upgrade_gets_a_fresh_id(alembic_runner, alembic_engine):
    # The support scale is inserted with an explicit id; PostgreSQL's sequence must move past it.
    alembic_runner.migrate_up_to("heads")
    with alembic_engine.begin() as connection:
        new_id = connection.execute(
            text("INSERT INTO scales (slug, name, pivot) VALUES ('grade', 'Grade', 1) RETURNING id")
        ).scalar()
    assert new_id == 2


def test_views_answer_queries_on_an_empty_database(alembic_runner, alembic_engine):
    alembic_runner.migrate_up_to("heads")
    with alembic_engine.connect() as connection:
        for view in VIEW_COLUMNS:
            assert connection.execute(text(f"SELECT * FROM {view}")).all() == []


def test_downgrade_to_0001_drops_only_the_views(alembic_runner, alembic_engine):
    alembic_runner.migrate_up_to("heads")
    alembic_runner.migrate_down_to("0001")
    inspector = inspect(alembic_engine)
    assert not set(VIEW_COLUMNS) & set(inspector.get_view_names())
    assert "positions" in inspector.get_table_names()


def test_downgrade_to_base_leaves_only_the_version_table(alembic_runner, alembic_engine):
    alembic_runner.migrate_up_to("heads")
    alembic_runner.migrate_down_to("base")
    inspector = inspect(alembic_engine)
    assert set(inspector.get_table_names()) == {"alembic_version"}
    assert inspector.get_view_names() == []


def test_alias_uniqueness_ignores_case_in_the_database(alembic_runner, alembic_engine):
    alembic_runner.migrate_up_to("heads")
    with alembic_engine.begin() as connection:
        connection.execute(text("INSERT INTO actors (id, slug, name, kind) VALUES (1, 'us', 'United States', 'state')"))
        connection.execute(text("INSERT INTO actor_aliases (actor_id, alias, alias_key) VALUES (1, 'USA', 'usa')"))
    with pytest.raises(IntegrityError), alembic_engine.begin() as connection:
        connection.execute(text("INSERT INTO actor_aliases (actor_id, alias, alias_key) VALUES (1, 'usa', 'usa')"))


def test_upgrade_to_0004_keys_stored_aliases_and_keeps_the_first_of_two_that_are_one_name(
    alembic_runner, alembic_engine, capsys
):
    # Before 0004, SQLite stored both "Élysée" and "élysée" (its lower() knows only ASCII).
    alembic_runner.migrate_up_to("0002")
    with alembic_engine.begin() as connection:
        connection.execute(text("INSERT INTO actors (id, slug, name, kind) VALUES (1, 'fr', 'France', 'state')"))
        connection.execute(text("INSERT INTO actors (id, slug, name, kind) VALUES (2, 'fr2', 'Elysee', 'other')"))
        connection.execute(text("INSERT INTO actor_aliases (id, actor_id, alias) VALUES (1, 1, 'Élysée')"))
        connection.execute(text("INSERT INTO actor_aliases (id, actor_id, alias) VALUES (2, 1, 'Paris')"))
        if alembic_engine.dialect.name == "sqlite":
            connection.execute(text("INSERT INTO actor_aliases (id, actor_id, alias) VALUES (3, 2, 'élysée')"))
    alembic_runner.migrate_up_to("heads")
    with alembic_engine.connect() as connection:
        keys = connection.execute(text("SELECT actor_id, alias, alias_key FROM actor_aliases ORDER BY id")).all()
        note = connection.execute(text("SELECT note FROM actors WHERE id = 2")).scalar()
    assert [tuple(row) for row in keys] == [(1, "Élysée", "élysée"), (1, "Paris", "paris")]
    if alembic_engine.dialect.name == "sqlite":
        assert 'alias "élysée" of actor fr2 removed' in note and '"Élysée" of actor fr' in note
        assert 'alias "élysée" of actor fr2 removed' in capsys.readouterr().err


POSITION = (
    "INSERT INTO positions (actor_id, topic_id, stance, effective_on, date_precision, kind, recorded_at, retracted_at)"
    " VALUES (1, 1, 1, '2024-11-19', 'day', 'statement', '2024-11-20 10:00:00', {retracted})"
)


def test_a_position_is_unique_among_live_positions_only(alembic_runner, alembic_engine):
    alembic_runner.migrate_up_to("heads")
    with alembic_engine.begin() as connection:
        connection.execute(text("INSERT INTO actors (id, slug, name, kind) VALUES (1, 'us', 'United States', 'state')"))
        connection.execute(text("INSERT INTO topics (id, slug, name, scale_id) VALUES (1, 't', 'T', 1)"))
        connection.execute(text(POSITION.format(retracted="'2024-11-21 10:00:00'")))
        connection.execute(text(POSITION.format(retracted="NULL")))
    with pytest.raises(IntegrityError), alembic_engine.begin() as connection:
        connection.execute(text(POSITION.format(retracted="NULL")))


@pytest.mark.parametrize("column, value", [("kind", "'maybe'"), ("date_precision", "'week'")])
def test_positions_check_their_kind_and_precision(alembic_runner, alembic_engine, column, value):
    alembic_runner.migrate_up_to("heads")
    with alembic_engine.begin() as connection:
        connection.execute(text("INSERT INTO actors (id, slug, name, kind) VALUES (1, 'us', 'United States', 'state')"))
        connection.execute(text("INSERT INTO topics (id, slug, name, scale_id) VALUES (1, 't', 'T', 1)"))
    statement = POSITION.format(retracted="NULL").replace(
        "'statement'" if column == "kind" else "'day'", value
    )
    with pytest.raises(IntegrityError), alembic_engine.begin() as connection:
        connection.execute(text(statement))


def test_migrations_are_found_outside_the_checkout(tmp_path, monkeypatch):
    # `policytrack db ...` must not depend on alembic.ini or the current directory.
    monkeypatch.chdir(tmp_path)
    database = Database(str(tmp_path / "x.db"))
    database.upgrade()
    assert database.current_revision() == database.head_revision()
    database.dispose()


def test_0003_gives_sources_stored_before_it_a_day_precision(alembic_runner, alembic_engine):
    alembic_runner.migrate_up_to("0002")
    with alembic_engine.begin() as connection:
        connection.execute(text(
            "INSERT INTO sources (id, slug, title, published_on, added_at) VALUES "
            "(1, 'dated', 'Dated', '2024-11-21', '2024-11-22 00:00:00'), "
            "(2, 'undated', 'Undated', NULL, '2024-11-22 00:00:00')"
        ))
    alembic_runner.migrate_up_to("0003")
    with alembic_engine.connect() as connection:
        rows = connection.execute(text("SELECT slug, published_precision FROM sources ORDER BY id")).all()
    assert [tuple(row) for row in rows] == [("dated", "day"), ("undated", None)]


def test_0003_refuses_an_unknown_publication_precision(alembic_runner, alembic_engine):
    alembic_runner.migrate_up_to("0003")
    with pytest.raises(IntegrityError), alembic_engine.begin() as connection:
        connection.execute(text(
            "INSERT INTO sources (slug, title, published_on, published_precision, added_at) "
            "VALUES ('weekly', 'Weekly', '2024-11-21', 'week', '2024-11-22 00:00:00')"
        ))


def test_0007_adds_general_support_cues_keeps_an_analysts_and_takes_back_only_its_own(alembic_runner, alembic_engine):
    def cues() -> set[tuple[int, str]]:
        with alembic_engine.connect() as connection:
            return {tuple(row) for row in connection.execute(text("SELECT value, phrase FROM scale_cues"))}

    alembic_runner.migrate_up_to("0006")
    with alembic_engine.begin() as connection:  # an analyst's own cues, one of them also shipped by 0007
        connection.execute(text("INSERT INTO scale_cues (scale_id, value, phrase) VALUES "
                                "(1, -1, 'Suspend'), (1, -1, 'torpedo')"))
    before = cues()
    alembic_runner.migrate_up_to("0007")
    after = cues()
    assert {(-1, "halt"), (-1, "put on hold"), (0, "under review"), (1, "restore"), (1, "call for")} <= after
    assert (-1, "suspend") not in after and (-1, "Suspend") in after  # not added twice
    alembic_runner.migrate_down_to("0006")
    assert cues() == before  # a downgrade takes back the phrases as shipped (an analyst's "Suspend" stays)


def test_the_head_revision_constant_is_the_newest_migration():
    """policytrack checks the revision without loading Alembic's script directory (start-up time)."""
    from alembic.script import ScriptDirectory

    from policytrack.db import HEAD_REVISION

    head = ScriptDirectory.from_config(Database(":memory:").alembic_config()).get_current_head()
    assert HEAD_REVISION == head, (
        f"migrations/versions ends at revision {head!r} but policytrack/db.py says "
        f"HEAD_REVISION = {HEAD_REVISION!r}: set HEAD_REVISION = {head!r} in policytrack/db.py"
    )


def _live_identity_where(engine) -> str:
    """The WHERE of the live identity index as the database reports it."""
    from policytrack.models import LIVE_IDENTITY_INDEX

    dialect = engine.dialect.name
    index = next(index for index in inspect(engine).get_indexes("positions") if index["name"] == LIVE_IDENTITY_INDEX)
    return str(index["dialect_options"][f"{dialect}_where"]).strip("()")


def test_the_live_identity_index_is_partial_in_the_models_as_in_the_database(alembic_runner, alembic_engine):
    """Autogenerate compares an index's columns, not its WHERE: this compares that, on each backend."""
    from policytrack.models import LIVE_IDENTITY_INDEX, Position, schema_metadata

    alembic_runner.migrate_up_to("heads")
    schema_metadata()
    declared = next(index for index in Position.__table__.indexes if index.name == LIVE_IDENTITY_INDEX)

    assert _live_identity_where(alembic_engine) == "retracted_at IS NULL"
    where = declared.dialect_kwargs[f"{alembic_engine.dialect.name}_where"]
    assert str(where).strip("()") == "retracted_at IS NULL"


def test_tables_created_from_the_models_have_the_partial_live_identity_index(alembic_engine, db_url):
    """``create_all`` in a fresh process, where nothing has asked for ``schema_metadata()``:
    the models leave the PostgreSQL WHERE out of ``Position`` (tests/test_database_access.py says why)."""
    import subprocess
    import sys

    code = (
        "from policytrack.db import Database\n"
        "from policytrack.models import Base\n"
        f"Base.metadata.create_all(Database({db_url!r}).engine)\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True)
    assert _live_identity_where(alembic_engine) == "retracted_at IS NULL"
