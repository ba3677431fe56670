"""Opening the database: URLs of backends policytrack does not support, read-only and
empty files, databases from a newer release, and usage errors in policytrack's own words."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest
from sqlalchemy import insert, text

import policytrack.db
from policytrack.db import Database
from policytrack.errors import DatabaseNotReady
from policytrack.models import Actor

from helpers import SOURCE_SLUG, Cli, build_landmine, record

SUPPORTED = (
    "policytrack works with SQLite (a file path, or sqlite:///PATH) and PostgreSQL (postgresql://USER@HOST/DATABASE)"
)


# URLs -------------------------------------------------------------------

UNSUPPORTED_URLS = [
    "mysql://user:secret@localhost/db",
    "mysql+pymysql://user:secret@localhost/db",
    "oracle://user:secret@localhost/db",
    "mssql+pyodbc://user:secret@localhost/db",
    "postgresql+psycopg2://user:secret@localhost/db",
    "nosuch://x",
]


@pytest.mark.parametrize("url", UNSUPPORTED_URLS)
@pytest.mark.parametrize(
    "command", [("timeline",), ("init",), ("actor", "add", "us", "--name", "US"), ("db", "current"), ("sql", "SELECT 1")]
)
def test_an_unsupported_database_url_gives_one_error_line_naming_the_two_backends(url, command):
    line = Cli(url).fails(*command).stderr.strip()
    scheme = url.partition("://")[0]
    assert line == f"Error: unsupported database URL {scheme}://...: {SUPPORTED}"
    assert "secret" not in line


def test_a_url_that_does_not_parse_gives_one_error_line_naming_the_two_backends():
    line = Cli("://nowhere").fails("timeline").stderr.strip()
    assert line == f"Error: ://... is not a database URL: {SUPPORTED}"


def test_the_supported_url_forms_still_open_the_database(tmp_path):
    path = tmp_path / "url.db"
    for url in (f"sqlite:///{path}", f"sqlite+pysqlite:///{path}"):
        Cli(url)("init")
        assert Cli(url)("actor", "list").exit_code == 0
    assert path.exists()
    if os.environ.get("POLICYTRACK_TEST_POSTGRES_URL"):
        for scheme in ("postgresql", "postgres", "postgresql+psycopg"):
            url = os.environ["POLICYTRACK_TEST_POSTGRES_URL"].replace("postgresql+psycopg", scheme, 1)
            Cli(url)("db", "current")


# Read-only files ----------------------------------------------------------


@pytest.fixture
def take_write_permission(monkeypatch):
    """``take(path)`` makes a file or folder unwritable for policytrack, as for a user without the permission.

    The permission bits are really removed (and given back afterwards). The
    tests run as root, whom permission bits do not stop; for root,
    policytrack's own check (``policytrack.db.can_write``) is told the same,
    and SQLite then opens the file in its read-only mode, which refuses
    every write even to root: so a read that wrote would still fail here.
    """
    taken: list[tuple[Path, int]] = []
    denied: set[Path] = set()
    real_can_write = policytrack.db.can_write
    monkeypatch.setattr(policytrack.db, "can_write", lambda path: Path(path) not in denied and real_can_write(path))

    def take(path: Path) -> None:
        mode = path.stat().st_mode
        taken.append((path, mode))
        path.chmod(mode & ~(stat.S_IWUSR | stat.S_IWGRP | stat.S_IWOTH))
        denied.add(path)

    yield take
    for path, mode in reversed(taken):
        path.chmod(mode)


def files_of(folder: Path) -> dict[str, tuple[bytes, int]]:
    """Every file in the folder with its bytes and modification time."""
    return {path.name: (path.read_bytes(), path.stat().st_mtime_ns) for path in sorted(folder.iterdir())}


READS = [
    ("timeline",),
    ("timeline", "--actor", "us", "--format", "json"),
    ("current",),
    ("reversals", "--rollup"),
    ("diff", "us", "--from", "2020"),
    ("actor", "list"),
    ("scale", "list"),
    ("topic", "list"),
    ("source", "list"),
    ("source", "show", "1"),
    ("sql", "SELECT count(*) AS n FROM v_positions"),
    ("export", "--format", "json"),
    ("db", "current"),
]

WRITES = [
    ("actor", "add", "fr", "--name", "France"),
    ("record", "--actor", "biden-admin", "--topic", "apl-use", "--stance", "ban", "--on", "2023", "--source", "1"),
    ("retract", "1", "--reason", "wrong"),
    ("init",),
    ("db", "downgrade", "base", "--yes"),
]


@pytest.fixture
def sqlite_landmine(tmp_path) -> tuple[Cli, Path]:
    folder = tmp_path / "data"
    folder.mkdir()
    path = folder / "policytrack.db"
    cli = Cli(str(path))
    cli("init")
    build_landmine(cli)
    record(cli, "biden-admin", "restrict", "2022-06")
    record(cli, "biden-admin", "supply", "2024-11-19")
    return cli, path


@pytest.mark.parametrize("what", ["file", "folder"])
def test_a_read_only_database_can_be_read_and_nothing_is_written(sqlite_landmine, take_write_permission, what):
    cli, path = sqlite_landmine
    before = files_of(path.parent)
    take_write_permission(path if what == "file" else path.parent)
    for command in READS:
        cli(*command)
    assert [row["stance_label"] for row in cli.json("timeline")] == ["restrict", "supply"]
    assert files_of(path.parent) == before


@pytest.mark.parametrize("what", ["file", "folder"])
@pytest.mark.parametrize("command", WRITES, ids=lambda c: " ".join(c[:2]))
def test_a_write_to_a_read_only_database_says_it_is_read_only(sqlite_landmine, take_write_permission, what, command):
    cli, path = sqlite_landmine
    before = files_of(path.parent)
    take_write_permission(path if what == "file" else path.parent)
    line = cli.fails(*command).stderr.strip()
    if what == "file":
        assert line == f"Error: cannot change {path}: the database file {path} is read-only"
    else:
        assert line.startswith(f"Error: cannot change {path}: the folder of the database file {path} is read-only")
    assert files_of(path.parent) == before


def test_a_read_only_database_is_opened_so_that_sqlite_itself_refuses_writes(sqlite_landmine, take_write_permission):
    _, path = sqlite_landmine
    take_write_permission(path)
    database = Database(str(path))
    with pytest.raises(DatabaseNotReady, match="is read-only"):
        with database.session(write=False) as session:
            session.execute(insert(Actor).values(slug="x", name="X", kind="other"))
    database.dispose()


def test_a_read_only_postgresql_database_can_be_read_and_a_write_says_it_is_read_only(db_url):
    if "://" not in db_url:
        pytest.skip("PostgreSQL: a database whose transactions are read-only")
    cli = Cli(db_url)
    cli("init")
    build_landmine(cli)
    record(cli, "biden-admin", "supply", "2024-11-19")
    name = Database(db_url).engine.url.database
    with Database(db_url).engine.connect() as connection:
        connection.execute(text(f'ALTER DATABASE "{name}" SET default_transaction_read_only = on'))
        connection.commit()
    for command in READS:
        if command[0] not in ("db",):
            cli(*command)
    line = cli.fails(*WRITES[1]).stderr.strip()
    assert line == f"Error: cannot change {Database(db_url).display_name}: the database is read-only"


# Empty files -----------------------------------------------------------------


@pytest.mark.parametrize("command", [c for c in READS if c[0] != "db"], ids=lambda c: " ".join(c[:2]))
def test_a_read_command_on_an_empty_file_changes_nothing(tmp_path, command):
    path = tmp_path / "empty.db"
    path.touch()
    before = files_of(tmp_path)
    line = Cli(str(path)).fails(*command).stderr.strip()
    assert line == f"Error: {path} is not a policytrack database yet: run `policytrack init`"
    assert files_of(tmp_path) == before
    assert path.stat().st_size == 0


@pytest.fixture
def no_garbage_collection():
    """Keeps the cyclic garbage collector off, so that a connection a command leaves open stays open.

    With the collector on, an engine left undisposed is closed whenever a
    collection happens to run, and a test of "no files left behind" passes
    or fails by chance.
    """
    import gc

    gc.collect()
    gc.disable()
    yield
    gc.enable()


def test_reading_a_policytrack_database_leaves_its_files_as_they_were(sqlite_landmine, no_garbage_collection):
    cli, path = sqlite_landmine
    before = files_of(path.parent)
    assert set(before) == {"policytrack.db"}
    for command in READS:
        cli(*command)
        assert files_of(path.parent) == before, command


@pytest.mark.parametrize(
    "command",
    [("timeline", "--actor", "nosuch"), ("sql", "SELECT nosuch FROM v_positions"), ("record", "--actor", "us",
     "--topic", "apl-use", "--stance", "nosuch", "--on", "2024", "--source", "1")],
    ids=lambda c: c[0],
)
def test_a_refused_command_closes_the_database_too(sqlite_landmine, no_garbage_collection, command):
    cli, path = sqlite_landmine
    cli.fails(*command)
    assert sorted(files_of(path.parent)) == ["policytrack.db"]


def test_a_command_on_a_database_behind_the_newest_revision_closes_it(tmp_path, no_garbage_collection):
    path = tmp_path / "old.db"
    cli = Cli(str(path))
    cli("db", "upgrade", "0001")
    for command in (("timeline",), ("sql", "SELECT 1")):
        assert "behind the newest" in cli.fails(*command).stderr
        assert sorted(files_of(tmp_path)) == ["old.db"]


def test_init_makes_the_file_a_wal_database_that_reads_then_share(tmp_path):
    import sqlite3

    path = tmp_path / "wal.db"
    Cli(str(path))("init")
    connection = sqlite3.connect(path)
    assert connection.execute("PRAGMA journal_mode").fetchone() == ("wal",)
    connection.close()


# Revisions ---------------------------------------------------------------


def test_init_on_a_database_from_a_newer_release_says_to_upgrade_policytrack(cli, db, unchanged):
    with db.engine.begin() as connection:
        connection.execute(text("UPDATE alembic_version SET version_num = '9999_future'"))
    db.dispose()
    for command in (("init",), ("db", "upgrade"), ("db", "downgrade", "base"), ("timeline",)):
        with unchanged():
            line = cli.fails(*command).stderr.strip()
        assert line == (
            f"Error: {db.display_name} is at revision 9999_future, which this version of policytrack does not know "
            "(a newer release made it): upgrade policytrack"
        )


@pytest.mark.parametrize("command", [("db", "upgrade", "nosuch"), ("db", "downgrade", "9999")])
def test_an_unknown_target_revision_says_so_in_policytracks_words(cli, unchanged, command):
    with unchanged():
        line = cli.fails(*command).stderr.strip()
    assert line == f"Error: there is no schema revision {command[2]!r}: see `policytrack db history`"


def test_the_revision_check_does_not_load_alembic(cli, db, landmine):
    """Every command checks the revision; Alembic costs a fifth of a second to import."""
    import subprocess
    import sys

    code = (
        "import sys\nfrom policytrack.db import Database\n"
        f"Database({db.url!r}).require_current()\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] == 'alembic'))"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "[]"


COMMANDS_WITHOUT_ALEMBIC = {
    "reversals": ("reversals", "--rollup"),
    "record": ("record", "--actor", "biden-admin", "--topic", "apl-use", "--stance", "ban", "--on", "2024-11",
               "--source", SOURCE_SLUG),
}


def _loaded_after(db, command, *packages):
    """The modules of ``packages`` that a whole ``policytrack`` process running ``command`` imported."""
    import subprocess
    import sys

    code = (
        "import sys\nfrom policytrack.cli import main\n"
        f"sys.argv = ['policytrack', '--db', {db.url!r}, *{command!r}]\n"
        "try:\n    main()\nexcept SystemExit as exit:\n    assert exit.code in (0, None), exit.code\n"
        "sys.stdout.flush()\n"
        f"print('LOADED:', sorted(m for m in sys.modules if m.startswith({packages!r})))"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    return result.stdout.strip().splitlines()[-1]


@pytest.mark.parametrize("command", COMMANDS_WITHOUT_ALEMBIC.values(), ids=COMMANDS_WITHOUT_ALEMBIC.keys())
def test_a_report_or_a_record_does_not_load_alembic(cli, db, landmine, command):
    """The whole command, not only its revision check: every command is a process of its own."""
    assert _loaded_after(db, command, "alembic") == "LOADED: []"


@pytest.mark.parametrize("command", COMMANDS_WITHOUT_ALEMBIC.values(), ids=COMMANDS_WITHOUT_ALEMBIC.keys())
def test_a_report_or_a_record_on_sqlite_does_not_load_the_postgresql_dialect(cli, db, landmine, command):
    """Importing sqlalchemy.dialects.postgresql (and its drivers' modules) costs about 30 ms."""
    if db.engine.dialect.name != "sqlite":
        pytest.skip("on PostgreSQL the dialect is the connection's own")
    assert _loaded_after(db, command, "sqlalchemy.dialects.postgresql") == "LOADED: []"


def test_a_command_process_sets_the_collector_for_start_up_and_freezes_it_at_the_end(db, landmine):
    """Start-up makes long-lived objects, not garbage: ``main()`` collects in batches of
    10,000 and, when the command is done, freezes what is left, so the interpreter's
    shutdown does not walk every object again (about 0.1 s of a small report)."""
    import subprocess
    import sys

    code = (
        "import gc, sys\nfrom policytrack.cli import main\n"
        f"sys.argv = ['policytrack', '--db', {db.url!r}, 'reversals', '--rollup']\n"
        "try:\n    main()\nexcept SystemExit as exit:\n    assert exit.code in (0, None), exit.code\n"
        "sys.stdout.flush()\n"
        "print('COLLECTOR:', gc.isenabled(), gc.get_threshold()[0], gc.get_freeze_count() > 0)"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.startswith("actor")  # the report ran
    assert result.stdout.strip().splitlines()[-1] == "COLLECTOR: True 10000 True"


# Usage errors ----------------------------------------------------------------

PYDANTIC_WORDS = ("Value error", "Input should", "unable to parse", "pydantic", "validation error")

USAGE_ERRORS = [
    (("actor", "add", "x", "--name", "X", "--kind", "country"),
     "Invalid value for '--kind': actor kind must be state, government, agency, person, "
     "organisation or other, not 'country'"),
    (("reversals", "--level", "big"), "Invalid value for '--level': level must be full, partial or shift, not 'big'"),
    (("record", "--actor", "us", "--topic", "t", "--stance", "1", "--on", "2024", "--source", "1", "--kind", "deed"),
     "Invalid value for '--kind': position kind must be statement or action, not 'deed'"),
    (("export", "--format", "xml"), "Invalid value for '--format' / '-f': export format must be yaml, json or csv, not 'xml'"),
    (("retract", "one", "--reason", "r"), "Invalid value for 'ID': 'one' is not a whole number"),
    (("correct", "1.5", "--stance", "1"), "Invalid value for 'ID': '1.5' is not a whole number"),
    (("scale", "add", "s", "--name", "S", "--level", "0=a", "--pivot", "zero"),
     "Invalid value for '--pivot': 'zero' is not a whole number"),
]


@pytest.mark.parametrize("command, message", USAGE_ERRORS, ids=lambda c: " ".join(c[:2]) if isinstance(c, tuple) else "")
def test_usage_errors_speak_policytracks_words(cli, unchanged, command, message):
    with unchanged():
        result = cli.fails(*command, code=2)
    assert result.stderr.strip().splitlines()[-1] == f"Error: {message}"
    assert not any(word in result.stderr for word in PYDANTIC_WORDS), result.stderr
