"""The database: choosing it, creating and migrating it, refusing a missing or old one,
SQLite settings and concurrency, and the command line's own surface (--version, --help)."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from concurrent.futures import ThreadPoolExecutor
from importlib.metadata import version
from pathlib import Path

import pytest
import typer
from sqlalchemy import inspect, text
from typer.testing import CliRunner

import policytrack
from policytrack.cli import app
from policytrack.db import Database, database_url

from helpers import Cli, one_error_line, record

ROOT = Path(__file__).resolve().parents[1]
HEAD = Database("unused.db").head_revision()
VIEWS = {"v_positions", "v_current_positions", "v_reversals"}
TABLES = {"actors", "actor_aliases", "scales", "scale_levels", "topics", "sources", "positions", "evidence"}


def run(*args: str, env: dict | None = None):
    """The CLI without ``--db`` (for the tests of how the database is chosen)."""
    return CliRunner().invoke(app, list(args), env=env, catch_exceptions=False)


def subprocess_env(**extra: str) -> dict:
    env = {k: v for k, v in os.environ.items() if k != "POLICYTRACK_DB"}
    return env | extra


@pytest.fixture
def sqlite_db(tmp_path) -> Database:
    database = Database(str(tmp_path / "policytrack.db"))
    database.upgrade()
    database.dispose()
    yield database
    database.dispose()


# A missing database ---------------------------------------------------

COMMANDS = [
    ("timeline",),
    ("actor", "list"),
    ("actor", "add", "us", "--name", "United States"),
    ("actor", "alias", "us", "USA"),
    ("scale", "list"),
    ("scale", "add", "s", "--name", "S", "--level", "0=a", "--level", "1=b"),
    ("topic", "list"),
    ("topic", "add", "t", "--name", "T"),
    ("source", "list"),
    ("source", "add", "--title", "T"),
    ("source", "show", "1"),
    ("record", "--actor", "us", "--topic", "t", "--stance", "1", "--on", "2024", "--source", "1"),
    ("retract", "1", "--reason", "wrong"),
    ("correct", "1", "--stance", "1"),
    ("current",),
    ("reversals",),
    ("diff", "us", "--from", "2020"),
    ("check",),
    ("sql", "SELECT 1"),
    ("db", "current"),
    ("db", "downgrade", "base"),
]


@pytest.mark.parametrize("command", COMMANDS, ids=lambda c: " ".join(c[:2]))
def test_commands_on_a_missing_sqlite_file_say_to_run_init_and_create_nothing(tmp_path, command):
    path = tmp_path / "missing.db"
    line = one_error_line(run("--db", str(path), *command))
    assert line == f"Error: no database at {path}: run `policytrack init` to create it"
    assert list(tmp_path.iterdir()) == []


def test_commands_on_an_empty_database_say_it_is_not_a_policytrack_database(db_url):
    if "://" not in db_url:
        Path(db_url).touch()
    line = one_error_line(Cli(db_url)("timeline", expect=1))
    assert line.endswith("is not a policytrack database yet: run `policytrack init`")


def test_a_file_that_is_not_a_database_gives_one_error_line(tmp_path):
    path = tmp_path / "notes.db"
    path.write_text("these are my notes, not a database\n")
    one_error_line(run("--db", str(path), "timeline"))
    assert path.read_text() == "these are my notes, not a database\n"


def test_commands_on_a_database_behind_the_newest_revision_say_to_run_init(cli, db, landmine):
    position = record(cli, "biden-admin", "supply", "2024-11-19")
    cli("db", "downgrade", "0001")
    line = one_error_line(cli("timeline", expect=1))
    assert f"is at revision 0001, behind the newest ({HEAD}): run `policytrack init`" in line
    one_error_line(cli("record", "--actor", "us", "--topic", "apl-use", "--stance", "ban", "--on", "2022",
                       "--source", "1", expect=1))
    cli("init")
    assert [row["id"] for row in cli.json("timeline")] == [position]


def test_a_database_from_a_newer_policytrack_is_refused(cli, db):
    with db.engine.begin() as connection:
        connection.execute(text("UPDATE alembic_version SET version_num = '9999_future'"))
    db.dispose()
    line = one_error_line(cli("actor", "list", expect=1))
    assert "9999_future" in line and "upgrade policytrack" in line


def test_an_unreachable_postgresql_server_gives_one_error_line():
    url = "postgresql+psycopg://postgres@127.0.0.1:1/policytrack"
    for command in (("timeline",), ("init",), ("actor", "add", "us", "--name", "US"), ("db", "current")):
        line = one_error_line(run("--db", url, *command))
        assert line.startswith(f"Error: cannot open database {url}")


# init and db ----------------------------------------------------------


def test_init_creates_the_database_at_the_newest_revision(db_url):
    cli = Cli(db_url)
    result = cli("init")
    assert f"is at revision {HEAD}" in result.stderr
    database = Database(db_url)
    assert database.current_revision() == HEAD
    assert TABLES <= set(inspect(database.engine).get_table_names())
    database.dispose()
    assert [row["slug"] for row in cli.json("scale", "list")] == ["support"]


def test_init_creates_a_sqlite_file_where_asked(tmp_path):
    path = tmp_path / "sub dir" / "my.db"
    path.parent.mkdir()
    run("--db", str(path), "init")
    assert path.is_file()


def test_init_in_a_directory_that_does_not_exist_gives_one_error_line(tmp_path):
    path = tmp_path / "no such dir" / "x.db"
    line = one_error_line(run("--db", str(path), "init"))
    assert line.startswith(f"Error: cannot open database {path}")
    assert not path.parent.exists()


def test_init_is_idempotent_and_keeps_the_data(cli, db, landmine, unchanged):
    with unchanged():
        result = cli("init")
        cli("init")
    assert f"up to date (revision {HEAD})" in result.stderr
    assert [row["slug"] for row in cli.json("topic", "list")] == ["apl-use"]


def test_db_current_shows_the_revision(cli, db):
    assert cli("db", "current").stdout.strip() == f"{HEAD} (head)"
    cli("db", "downgrade", "0001")
    assert cli("db", "current").stdout.strip() == f"0001 (newest is {HEAD})"


def test_db_downgrade_base_removes_the_schema_and_upgrade_restores_it(cli, db):
    result = cli("db", "downgrade", "base")
    assert "is at revision base" in result.stderr
    inspector = inspect(db.engine)
    assert set(inspector.get_table_names()) == {"alembic_version"}
    assert not VIEWS & set(inspector.get_view_names())
    db.dispose()
    assert cli("db", "current").stdout.strip() == f"base (empty) (newest is {HEAD})"
    cli("db", "upgrade", "0001")
    assert db.current_revision() == "0001"
    db.dispose()
    cli("db", "upgrade")
    assert db.current_revision() == HEAD
    assert VIEWS <= set(inspect(db.engine).get_view_names())
    db.dispose()


def test_db_downgrade_and_upgrade_keep_the_data(cli, db, landmine):
    position = record(cli, "biden-admin", "supply", "2024-11-19")
    cli("db", "downgrade", "0001")
    cli("db", "upgrade", "head")
    assert [row["id"] for row in cli.json("timeline")] == [position]


def test_db_downgrade_to_an_unknown_revision_is_refused(cli, db, unchanged):
    with unchanged():
        line = cli.fails("db", "downgrade", "zzz").stderr
    assert "zzz" in line
    assert db.current_revision() == HEAD


def test_db_downgrade_needs_a_revision(cli, db):
    cli.fails("db", "downgrade", code=2)


def test_db_history_lists_the_revisions_newest_first(cli, db):
    lines = cli("db", "history").stdout.strip().splitlines()
    assert f" -> {HEAD}" in lines[0].split(": ")[0]  # the newest revision first
    assert any(line.startswith("0001 -> 0002: ") and "Views" in line for line in lines)
    assert lines[-1].startswith("base -> 0001: ")


# Choosing the database ------------------------------------------------


def test_policytrack_db_environment_variable_names_the_database(db_url, tmp_path, monkeypatch):
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    monkeypatch.chdir(elsewhere)
    result = run("init", env={"POLICYTRACK_DB": db_url})
    assert result.exit_code == 0, result.stderr
    database = Database(db_url)
    assert database.current_revision() == HEAD
    database.dispose()
    assert list(elsewhere.iterdir()) == []


def test_db_option_wins_over_the_environment_variable(tmp_path):
    from_env, from_option = tmp_path / "env.db", tmp_path / "option.db"
    result = run("--db", str(from_option), "init", env={"POLICYTRACK_DB": str(from_env)})
    assert result.exit_code == 0
    assert from_option.exists() and not from_env.exists()


def test_default_database_is_policytrack_db_in_the_current_directory(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("POLICYTRACK_DB", raising=False)
    assert run("init").exit_code == 0
    assert (tmp_path / "policytrack.db").is_file()
    assert run("actor", "add", "us", "--name", "United States").exit_code == 0
    assert "United States" in run("actor", "list").stdout


def test_a_relative_path_is_resolved_against_the_current_directory(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert database_url("data/x.db") == f"sqlite:///{tmp_path.resolve() / 'data' / 'x.db'}"
    assert database_url("~/x.db") == f"sqlite:///{Path.home() / 'x.db'}"


@pytest.mark.parametrize("given, expected", [
    ("postgresql://alice@db.example/policy", "postgresql+psycopg://alice@db.example/policy"),
    ("postgres://alice:s3cret@db.example:5433/policy", "postgresql+psycopg://alice:s3cret@db.example:5433/policy"),
    ("postgresql+psycopg://alice@db.example/policy", "postgresql+psycopg://alice@db.example/policy"),
    ("sqlite:////tmp/x.db", "sqlite:////tmp/x.db"),
])
def test_a_name_with_a_scheme_is_an_sqlalchemy_url(given, expected):
    assert database_url(given) == expected


# SQLite settings and concurrency --------------------------------------


def test_sqlite_connections_use_wal_foreign_keys_and_a_busy_timeout(sqlite_db):
    with sqlite_db.engine.connect() as connection:
        assert connection.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert connection.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
        assert connection.exec_driver_sql("PRAGMA busy_timeout").scalar() > 0


def test_sqlite_enforces_foreign_keys(sqlite_db):
    from sqlalchemy.exc import IntegrityError

    with pytest.raises(IntegrityError):
        with sqlite_db.engine.begin() as connection:
            connection.execute(text("INSERT INTO evidence (position_id, source_id) VALUES (41, 42)"))


def concurrency_setup(path: Path) -> None:
    cli = Cli(str(path))
    cli("actor", "add", "us", "--name", "United States")
    cli("topic", "add", "t", "--name", "A topic")
    cli("source", "add", "--title", "A source", "--slug", "src")


def test_several_processes_can_record_at_once_on_sqlite(sqlite_db):
    # 4 concurrent `python -m policytrack record` loops; each process costs ~0.7 s of CPU
    # (imports), so 5 each keeps this test quick; the tight loop below adds contention.
    path = sqlite_db.sqlite_path
    concurrency_setup(path)

    def worker(w: int) -> list[subprocess.CompletedProcess]:
        return [
            subprocess.run(
                [sys.executable, "-m", "policytrack", "--db", str(path), "record", "--actor", "us", "--topic", "t",
                 "--stance", str(i % 5 - 2), "--on", f"{2000 + w}-{i + 1:02d}", "--source", "src"],
                capture_output=True, text=True, env=subprocess_env(), cwd=path.parent,
            )
            for i in range(5)
        ]

    with ThreadPoolExecutor(4) as pool:
        results = [r for batch in pool.map(worker, range(4)) for r in batch]
    failures = [(r.returncode, r.stderr) for r in results if r.returncode != 0]
    assert failures == []
    assert not any("locked" in r.stderr for r in results)
    ids = [int(r.stdout) for r in results]
    assert len(set(ids)) == 20
    with sqlite_db.engine.connect() as connection:
        assert connection.execute(text("SELECT count(*) FROM positions")).scalar() == 20
        assert connection.execute(text("SELECT count(*) FROM evidence")).scalar() == 20


WRITER = textwrap.dedent("""
    import sys
    from policytrack.db import Database
    from policytrack.positions import record_position

    path, worker = sys.argv[1], int(sys.argv[2])
    ids = []
    for i in range(25):
        database = Database(path)
        with database.session(write=True) as session:
            ids.append(record_position(session, "us", "t", i % 5 - 2, f"{1900 + worker}-01-{i + 1:02d}", "src").position.id)
        database.dispose()
    print(" ".join(map(str, ids)))
""")


def test_concurrent_writers_in_tight_loops_do_not_hit_database_is_locked(sqlite_db):
    path = sqlite_db.sqlite_path
    concurrency_setup(path)
    writers = [
        subprocess.Popen([sys.executable, "-c", WRITER, str(path), str(w)], stdout=subprocess.PIPE,
                         stderr=subprocess.PIPE, text=True, env=subprocess_env())
        for w in range(4)
    ]
    outputs = [writer.communicate(timeout=120) for writer in writers]
    assert [writer.returncode for writer in writers] == [0] * 4, [err for _, err in outputs]
    ids = [int(i) for out, _ in outputs for i in out.split()]
    assert len(ids) == len(set(ids)) == 100
    assert not any("locked" in err for _, err in outputs)
    with sqlite_db.engine.connect() as connection:
        assert connection.execute(text("SELECT count(*) FROM positions")).scalar() == 100


# The command line's own surface ---------------------------------------


def test_version_option_prints_the_package_version():
    result = run("--version")
    assert result.exit_code == 0
    assert result.stdout.strip() == f"policytrack {policytrack.__version__}"
    assert policytrack.__version__ == version("policytrack")


def test_python_dash_m_policytrack_help_works(tmp_path):
    result = subprocess.run([sys.executable, "-m", "policytrack", "--help"], capture_output=True, text=True,
                            env=subprocess_env(), cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "Usage:" in result.stdout
    for command in ("init", "db", "actor", "scale", "topic", "source", "record", "retract", "correct", "timeline"):
        assert command in result.stdout


def command_paths(command=None, prefix=()) -> list[tuple[str, ...]]:
    """Every command and subcommand of the Typer app, as argument tuples."""
    command = command or typer.main.get_command(app)
    paths = [prefix]
    for name, sub in sorted(getattr(command, "commands", {}).items()):
        paths += command_paths(sub, prefix + (name,))
    return paths


COMMAND_PATHS = command_paths()


def test_the_command_tree_has_the_foundation_commands():
    names = {" ".join(path) for path in COMMAND_PATHS}
    assert {
        "init", "db upgrade", "db downgrade", "db current", "db history", "actor add", "actor list", "actor alias",
        "scale add", "scale list", "topic add", "topic list", "source add", "source list", "source show",
        "record", "retract", "correct", "timeline",
    } <= names


@pytest.mark.parametrize("path", COMMAND_PATHS, ids=lambda p: " ".join(p) or "policytrack")
def test_help_works_on_every_command(path, tmp_path):
    missing = tmp_path / "none.db"
    result = run("--db", str(missing), *path, "--help")
    assert result.exit_code == 0, result.stderr
    assert "Usage:" in result.stdout
    assert not missing.exists()


HELP_WITHOUT_SQLALCHEMY = textwrap.dedent("""
    import sys
    from policytrack.cli import main

    for path in PATHS:
        sys.argv = ["policytrack", *path, "--help"]
        try:
            main()
        except SystemExit as exit:
            assert exit.code in (0, None), (path, exit.code)
    loaded = sorted(m for m in sys.modules if m.split(".")[0] in ("sqlalchemy", "alembic", "psycopg"))
    sys.stdout.flush()
    print("LOADED:", loaded)
""")


def test_help_does_not_import_sqlalchemy():
    script = f"PATHS = {COMMAND_PATHS!r}\n" + HELP_WITHOUT_SQLALCHEMY
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, env=subprocess_env())
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().splitlines()[-1] == "LOADED: []"


def test_a_file_that_is_not_a_database_is_named_as_such(tmp_path):
    from typer.testing import CliRunner

    from policytrack.cli import app

    path = tmp_path / "notes.db"
    path.write_text("these are my notes, not a database\n")
    for args in (["timeline"], ["init"]):
        result = CliRunner().invoke(app, ["--db", str(path), *args])
        assert result.exit_code == 1
        assert result.stderr.strip() == f"Error: {path} is not an SQLite database"
    assert path.read_text() == "these are my notes, not a database\n"


def test_a_run_builds_only_the_command_it_runs_and_leaves_the_app_whole():
    from typer.main import get_command

    from policytrack.cli import app
    from policytrack.cli.app import app_for

    whole = set(get_command(app).commands)
    assert set(get_command(app_for(["--db", "reversals.db", "reversals", "--rollup"])).commands) == {"reversals"}
    assert set(get_command(app_for(["actor", "list"])).commands) == {"actor"}
    assert app_for(["--help"]) is app and app_for(["reversls"]) is app  # --help and did-you-mean see every command
    assert set(get_command(app).commands) == whole and len(whole) > 20
