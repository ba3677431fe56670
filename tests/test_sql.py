"""``policytrack sql``: one read-only query, its output formats, the views, and every write refused."""

from __future__ import annotations

import datetime as dt
import json
import uuid
from pathlib import Path

import pytest
from sqlalchemy import inspect, text

from helpers import postgresql_only, sqlite_only


def sql(world, query, *args):
    return world.cli.json("sql", query, *args)


# Output --------------------------------------------------------------------

QUERY = "SELECT slug, name FROM actors WHERE slug IN ('fr', 'us') ORDER BY slug"


def test_sql_json(world):
    assert sql(world, QUERY) == [{"slug": "fr", "name": "France"}, {"slug": "us", "name": "United States"}]


def test_sql_jsonl(world):
    lines = world.cli("sql", QUERY, "--format", "jsonl").stdout.splitlines()

    assert [json.loads(line) for line in lines] == [
        {"slug": "fr", "name": "France"}, {"slug": "us", "name": "United States"},
    ]


def test_sql_csv(world):
    assert world.cli("sql", QUERY, "--format", "csv").stdout.splitlines() == [
        "slug,name", "fr,France", "us,United States",
    ]


@pytest.mark.parametrize("fmt", ["simple", "github", "grid", "plain", "html", "latex"])
def test_sql_tables(world, fmt):
    out = world.cli("sql", QUERY, "--format", fmt).stdout

    for cell in ("slug", "name", "fr", "France", "United States"):
        assert cell in out


def test_sql_table_default_is_simple(world):
    lines = world.cli("sql", QUERY).stdout.splitlines()

    assert lines[0].split() == ["slug", "name"]
    assert set(lines[1]) <= {"-", " "}


def test_sql_without_rows_still_names_the_columns(world):
    assert world.cli("sql", "SELECT slug, name FROM actors WHERE slug = 'nobody'", "-f", "csv").stdout.strip() == (
        "slug,name"
    )
    assert sql(world, "SELECT slug FROM actors WHERE slug = 'nobody'") == []


def test_sql_accepts_percent_signs(world):
    assert sql(world, "SELECT slug FROM actors WHERE slug LIKE 'bid%'") == [{"slug": "biden-admin"}]
    assert sql(world, "SELECT '100% %s %(x)s' AS text") == [{"text": "100% %s %(x)s"}]


def test_sql_accepts_a_read_only_cte(world):
    query = "WITH roots AS (SELECT slug FROM actors WHERE parent_id IS NULL) SELECT count(*) AS n FROM roots"

    assert sql(world, query) == [{"n": 2}]  # us, fr


def test_sql_prints_dates_and_timestamps_like_the_reports(world):
    position = world.record("fr", "aid", "support", "2020-03")
    [listed] = world.cli.json("timeline")

    [row] = sql(world, f"SELECT effective_on, recorded_at FROM v_positions WHERE id = {position}")

    assert row == {"effective_on": "2020-03-01", "recorded_at": listed["recorded_at"]}
    assert row["recorded_at"].endswith("Z")


@pytest.mark.parametrize("query", ["SELECT 1 AS x;", "SELECT 1 AS x -- a note", "/* a note */ SELECT 1 AS x"])
def test_sql_accepts_a_final_semicolon_and_comments(world, query):
    assert sql(world, query) == [{"x": 1}]


@pytest.mark.parametrize("query", ["", "   ", "/* only a comment */"])
def test_sql_without_a_statement_is_refused(world, query):
    world.cli.fails("sql", query)


def test_sql_syntax_error_is_one_error_line(world):
    world.cli.fails("sql", "SELEKT * FROM actors")


def test_sql_unknown_table_is_one_error_line(world):
    world.cli.fails("sql", "SELECT * FROM no_such_table")


def test_sql_on_a_database_that_does_not_exist(tmp_path):
    from helpers import Cli

    result = Cli(str(tmp_path / "missing.db")).fails("sql", "SELECT 1")

    assert "policytrack init" in result.stderr
    assert not (tmp_path / "missing.db").exists()


# The views answer like the commands ----------------------------------------------


@pytest.fixture
def story(world):
    """Positions on several actors and topics: changes of every level, a
    retraction, two positions on one date, a future position."""
    future = (dt.date.today() + dt.timedelta(days=60)).isoformat()
    for actor, topic, stance, on in [
        ("obama-admin", "apl", "restrict", "2014-06"),
        ("trump-admin", "apl", "permit", "2020-01"),
        ("biden-admin", "apl", "restrict", "2022-06-21"),
        ("biden-admin", "apl", "permit", "2024-11-19"),
        ("fr", "aid", "support", "2020"),
        ("fr", "aid", "strongly support", "2021"),
        ("fr", "aid", "neutral", "2022-02"),
        ("fr", "aid", "oppose", "2022-02"),
        ("fr", "aid", "support", future),
        ("fr", "schools", "0", "2020-03-01"),
        ("fr", "schools", "2", "2020-03-16"),
        ("fr", "schools", "3", "2020-04-01"),
        ("fr", "schools", "1", "2020-06-01"),
        ("us", "aid", "oppose", "2019"),
        ("us", "aid", "support", "2023"),
    ]:
        world.record(actor, topic, stance, on)
    wrong = world.record("us", "aid", "strongly oppose", "2024")
    world.cli("retract", wrong, "--reason", "misattributed")
    return world


REVERSAL_COLUMNS = (
    "actor", "topic", "from_position", "to_position", "from_stance", "from_label", "from_on",
    "to_stance", "to_label", "to_on", "level",
)
CURRENT_COLUMNS = ("actor", "topic", "stance", "stance_label", "effective_on", "date_precision", "position_id")


def rows_as_set(rows, columns):
    return {tuple(row[column] for column in columns) for row in rows}


def test_v_reversals_answers_like_reversals_level_shift(story):
    command = story.cli.json("reversals", "--level", "shift")
    view = sql(story, "SELECT * FROM v_reversals")

    assert len(command) == 9  # biden 1, fr aid 4 (support->strongly->neutral->oppose->support), schools 3, us 1
    assert rows_as_set(view, REVERSAL_COLUMNS) == rows_as_set(command, REVERSAL_COLUMNS)
    assert len(view) == len(command)


def test_v_current_positions_answers_like_current(story):
    command = story.cli.json("current")
    view = sql(story, "SELECT * FROM v_current_positions")

    assert len(command) == 6  # the three administrations on apl; fr on aid and schools; us on aid
    assert rows_as_set(view, CURRENT_COLUMNS) == rows_as_set(command, CURRENT_COLUMNS)
    assert len(view) == len(command)


def test_v_current_positions_leaves_out_future_and_retracted_positions(story):
    rows = sql(story, "SELECT actor, topic, stance_label FROM v_current_positions WHERE topic = 'aid' ORDER BY actor")

    assert rows == [
        {"actor": "fr", "topic": "aid", "stance_label": "oppose"},
        {"actor": "us", "topic": "aid", "stance_label": "support"},
    ]


def test_v_positions_has_one_row_per_position_with_its_details(story):
    story.cli("source", "add", "--title", "Second report", "--slug", "second")
    position = story.record("fr", "apl", "ban", "2019-05", "--kind", "action", "--summary", "Signed the treaty")
    story.record("fr", "apl", "ban", "2019-05", "--kind", "action", source="second")

    [row] = sql(story, f"SELECT * FROM v_positions WHERE id = {position}")
    retracted = sql(story, "SELECT id, retracted_at FROM v_positions WHERE retracted_at IS NOT NULL")
    total = sql(story, "SELECT count(*) AS n FROM v_positions")

    assert {key: row[key] for key in (
        "id", "actor", "actor_name", "topic", "topic_name", "stance", "stance_label", "effective_on",
        "date_precision", "kind", "summary", "retracted_at", "source_count",
    )} == {
        "id": position, "actor": "fr", "actor_name": "France", "topic": "apl", "topic_name": "Anti-personnel landmines",
        "stance": -2, "stance_label": "ban", "effective_on": "2019-05-01", "date_precision": "month",
        "kind": "action", "summary": "Signed the treaty", "retracted_at": None, "source_count": 2,
    }
    assert row["recorded_at"]
    assert len(retracted) == 1
    assert total == [{"n": 17}]


# Writes are refused ----------------------------------------------------------------

WRITES = [
    "INSERT INTO scales (slug, name, pivot) VALUES ('x', 'X', 0)",
    "UPDATE actors SET name = 'Changed'",
    "DELETE FROM evidence",
    "DROP TABLE evidence",
    "DROP VIEW v_positions",
    "CREATE TABLE scratch (x INTEGER)",
    "CREATE TEMP TABLE scratch (x INTEGER)",
    "CREATE TEMPORARY VIEW scratch AS SELECT 1 AS x",
    "CREATE INDEX ix_scratch ON actors (name)",
    "ALTER TABLE actors ADD COLUMN scratch INTEGER",
    "SELECT 1; DELETE FROM positions",
    "DELETE FROM positions; SELECT 1",
    "SELECT 1; COMMIT; DROP TABLE positions",
    "BEGIN",
    "ANALYZE",
    "VACUUM",
]
SQLITE_WRITES = [
    "PRAGMA user_version = 5",
    "PRAGMA journal_mode = delete",
    "PRAGMA foreign_keys = OFF",
    "PRAGMA wal_checkpoint(TRUNCATE)",
    "REINDEX",
    "INSERT INTO positions SELECT * FROM positions",
    "REPLACE INTO scales (id, slug, name, pivot) VALUES (1, 'support', 'Changed', 0)",
    "SELECT load_extension('nothing')",
]
POSTGRESQL_WRITES = [
    "WITH x AS (DELETE FROM evidence RETURNING *) SELECT * FROM x",
    "SELECT nextval('positions_id_seq')",
    "SELECT setval('positions_id_seq', 1000)",
    "SELECT set_config('transaction_read_only', 'off', false)",
    "SELECT * FROM actors FOR UPDATE",
    "LOCK TABLE positions",
    "REINDEX TABLE positions",
    "DO $$ BEGIN DELETE FROM evidence; END $$",
    "COPY actors FROM STDIN",
    "COMMENT ON TABLE actors IS 'changed'",
    "SET ROLE postgres",
]


def schema(db) -> dict:
    """The names of every table and view, and the SQLite header values a PRAGMA could change."""
    inspector = inspect(db.engine)
    state = {
        "tables": sorted(inspector.get_table_names()),
        "views": sorted(inspector.get_view_names()),
    }
    with db.engine.connect() as connection:
        if db.is_sqlite:
            for pragma in ("user_version", "journal_mode", "application_id"):
                state[pragma] = connection.exec_driver_sql(f"PRAGMA {pragma}").scalar()
        else:
            state["temp_tables"] = connection.execute(
                text("SELECT count(*) FROM pg_class WHERE relpersistence = 't'")
            ).scalar()
    db.dispose()
    return state


def refuse(world, unchanged, query):
    before = schema(world.db)
    with unchanged():
        world.cli.fails("sql", query)
    assert schema(world.db) == before


@pytest.fixture
def with_positions(world):
    world.record("fr", "aid", "support", "2020")
    world.record("fr", "aid", "oppose", "2021")
    return world


@pytest.mark.parametrize("query", WRITES)
def test_writes_are_refused_and_change_nothing(with_positions, unchanged, query):
    refuse(with_positions, unchanged, query)


@sqlite_only
@pytest.mark.parametrize("query", SQLITE_WRITES)
def test_sqlite_writes_are_refused_and_change_nothing(with_positions, unchanged, query):
    refuse(with_positions, unchanged, query)


@postgresql_only
@pytest.mark.parametrize("query", POSTGRESQL_WRITES)
def test_postgresql_writes_are_refused_and_change_nothing(with_positions, unchanged, query):
    refuse(with_positions, unchanged, query)


@sqlite_only
def test_attach_is_refused_and_creates_no_file(world, unchanged, tmp_path):
    target = tmp_path / "attached.db"

    refuse(world, unchanged, f"ATTACH DATABASE '{target}' AS other")

    assert not target.exists()


@sqlite_only
def test_vacuum_into_is_refused_and_creates_no_file(world, unchanged, tmp_path):
    target = tmp_path / "copy.db"

    refuse(world, unchanged, f"VACUUM INTO '{target}'")

    assert not target.exists()


@pytest.fixture
def server_file():
    """A path the PostgreSQL server could write to when it runs on this machine."""
    path = Path("/tmp") / f"policytrack-sql-test-{uuid.uuid4().hex}"
    yield path
    path.unlink(missing_ok=True)


@postgresql_only
def test_copy_to_a_server_file_is_refused(world, unchanged, server_file):
    refuse(world, unchanged, f"COPY (SELECT slug FROM actors) TO '{server_file}'")

    assert not server_file.exists()


@postgresql_only
def test_copy_to_a_program_is_refused(world, unchanged, server_file):
    refuse(world, unchanged, f"COPY (SELECT 1) TO PROGRAM 'cat > {server_file}'")

    assert not server_file.exists()


@postgresql_only
def test_turning_read_only_off_in_one_query_does_not_open_the_next_to_writes(with_positions, unchanged):
    with unchanged():
        with_positions.cli("sql", "SELECT set_config('default_transaction_read_only', 'off', false)")
        with_positions.cli.fails("sql", "DELETE FROM evidence")


@postgresql_only
def test_a_refused_nextval_does_not_use_up_an_id(with_positions):
    [last] = sql(with_positions, "SELECT max(id) AS id FROM positions")

    with_positions.cli.fails("sql", "SELECT nextval('positions_id_seq')")

    assert with_positions.record("us", "aid", "support", "2020") == last["id"] + 1


def test_a_refused_write_leaves_the_database_usable(with_positions):
    with_positions.cli.fails("sql", "DELETE FROM evidence")

    assert with_positions.record("us", "aid", "support", "2020")
    assert sql(with_positions, "SELECT count(*) AS n FROM positions") == [{"n": 3}]


@sqlite_only
@pytest.mark.parametrize("query", [
    "PRAGMA table_info(positions)",
    "PRAGMA user_version",
    "PRAGMA foreign_key_list(evidence)",
])
def test_sqlite_reading_pragmas_are_allowed(world, query):
    assert sql(world, query)


@postgresql_only
@pytest.mark.parametrize("query", ["SHOW server_version", "EXPLAIN SELECT * FROM positions", "TABLE scales"])
def test_postgresql_statements_that_return_rows_are_allowed(world, query):
    assert sql(world, query)


# Every column type gets a value (JSON, JSON lines, CSV, tables) -------------------


def sql_text(world, query, fmt):
    return world.cli("sql", query, "--format", fmt).stdout


def test_sql_avg_is_a_json_number_and_a_plain_decimal_in_tables(world):
    query = "SELECT avg(v) AS mean, sum(v) AS total FROM (SELECT 1 AS v UNION ALL SELECT 2) AS t"

    assert sql(world, query) == [{"mean": 1.5, "total": 3}]
    assert [json.loads(line) for line in sql_text(world, query, "jsonl").splitlines()] == [{"mean": 1.5, "total": 3}]
    table = sql_text(world, query, "plain")
    assert "E" not in table and table.splitlines()[1].split()[0].startswith("1.5")


@postgresql_only
def test_sql_numeric_keeps_every_digit_and_never_prints_an_exponent(world):
    query = "SELECT 0::numeric(30, 20) AS zero, 12345678901234567890.123456789::numeric AS big, avg(1) AS one"

    raw = sql_text(world, query, "json")
    assert '"zero": 0.00000000000000000000' in raw and '"big": 12345678901234567890.123456789' in raw
    assert json.loads(raw) == [{"zero": 0, "big": 12345678901234567890.123456789, "one": 1}]
    for fmt in ("simple", "csv"):
        text = sql_text(world, query, fmt)
        assert "0.00000000000000000000" in text and "12345678901234567890.123456789" in text
        assert "E-" not in text and "E+" not in text


@postgresql_only
def test_sql_postgresql_types_become_json_values(world):
    query = (
        "SELECT interval '1 day 2 hours 30 minutes' AS span, interval '-0.5 seconds' AS back, "
        "time '12:30:05' AS at, '6f1c2c1e-5b3a-4f0e-9a51-2a3b4c5d6e7f'::uuid AS id, "
        "inet '192.168.0.1' AS host, cidr '10.0.0.0/8' AS net, '\\x00ff'::bytea AS data, "
        "date '2024-02-29' AS day, timestamptz '2024-02-29 12:00:00+02' AS moment, true AS yes"
    )
    expected = {
        "span": "P1DT2H30M", "back": "-PT0.5S", "at": "12:30:05", "id": "6f1c2c1e-5b3a-4f0e-9a51-2a3b4c5d6e7f",
        "host": "192.168.0.1", "net": "10.0.0.0/8", "data": "AP8=", "day": "2024-02-29",
        "moment": "2024-02-29T10:00:00Z", "yes": True,
    }

    assert sql(world, query) == [expected]
    assert [json.loads(line) for line in sql_text(world, query, "jsonl").splitlines()] == [expected]
    [row] = csv_rows(sql_text(world, query, "csv"))
    assert row == {**expected, "yes": "yes"}
    assert "P1DT2H30M" in sql_text(world, query, "simple")


@postgresql_only
def test_sql_postgresql_non_finite_numbers_are_null_in_json_and_words_in_tables(world):
    query = (
        "SELECT 'Infinity'::float8 AS inf, '-Infinity'::float8 AS ninf, 'NaN'::float8 AS nan, "
        "'NaN'::numeric AS nan_numeric, 1.5::float8 AS finite"
    )

    raw = sql_text(world, query, "json")
    assert "Infinity" not in raw and "NaN" not in raw
    assert json.loads(raw) == [{"inf": None, "ninf": None, "nan": None, "nan_numeric": None, "finite": 1.5}]
    [row] = csv_rows(sql_text(world, query, "csv"))
    assert row == {"inf": "Infinity", "ninf": "-Infinity", "nan": "NaN", "nan_numeric": "NaN", "finite": "1.5"}


@postgresql_only
def test_sql_postgresql_arrays_of_numerics_are_json_lists_of_numbers(world):
    assert sql(world, "SELECT ARRAY[1.50, 2]::numeric[] AS values") == [{"values": [1.5, 2]}]


@sqlite_only
def test_sql_sqlite_blobs_and_infinity_become_json_values(world):
    query = "SELECT x'00ff' AS data, 1e999 AS inf, -1e999 AS ninf, 0.25 AS quarter, NULL AS missing"
    expected = {"data": "AP8=", "inf": None, "ninf": None, "quarter": 0.25, "missing": None}

    raw = sql_text(world, query, "json")
    assert "Infinity" not in raw
    assert json.loads(raw) == [expected]
    assert [json.loads(line) for line in sql_text(world, query, "jsonl").splitlines()] == [expected]
    [row] = csv_rows(sql_text(world, query, "csv"))
    assert row == {"data": "AP8=", "inf": "Infinity", "ninf": "-Infinity", "quarter": "0.25", "missing": ""}


@pytest.mark.parametrize("fmt", ["simple", "github", "plain"])
def test_sql_blob_in_a_table_is_base64(world, fmt):
    blob = "x'00ff'" if world.db.is_sqlite else "'\\x00ff'::bytea"

    assert "AP8=" in sql_text(world, f"SELECT {blob} AS data", fmt)


def csv_rows(text):
    import csv
    import io

    return list(csv.DictReader(io.StringIO(text)))
