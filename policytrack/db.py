"""Opening a policytrack database: URL, engine, sessions, schema revision.

``--db`` or ``POLICYTRACK_DB`` names the database; a plain path is SQLite,
anything with ``://`` is an SQLAlchemy URL of one of the two supported
backends (SQLite, PostgreSQL through psycopg 3).

Every command checks the schema revision before it works, so that check is
one query of ``alembic_version`` against :data:`HEAD_REVISION`; Alembic
(about a fifth of a second to import) is loaded only to migrate or to
explain a revision that is not the newest.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterator
from importlib import resources
from pathlib import Path
from urllib.parse import quote

from sqlalchemy import Engine, NullPool, create_engine, event, exc
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session

from policytrack.errors import DatabaseNotReady, InvalidValue

DEFAULT_DB = "policytrack.db"
SQLITE_BUSY_TIMEOUT_MS = 30_000

#: The newest revision in migrations/versions. Checked against the migrations
#: by tests/test_migrations.py, so it cannot fall behind unnoticed.
HEAD_REVISION = "0007"

SUPPORTED_DATABASES = (
    "policytrack works with SQLite (a file path, or sqlite:///PATH) "
    "and PostgreSQL (postgresql://USER@HOST/DATABASE)"
)
# Driver names accepted for each backend; a bare postgresql:// means psycopg 3,
# the only PostgreSQL driver policytrack installs.
_DRIVERS = {
    "sqlite": "sqlite",
    "sqlite+pysqlite": "sqlite",
    "postgresql": "postgresql+psycopg",
    "postgres": "postgresql+psycopg",
    "postgresql+psycopg": "postgresql+psycopg",
}


def database_url(db: str | None = None) -> str:
    """The SQLAlchemy URL for ``--db``, ``POLICYTRACK_DB`` or the default."""
    name = db or os.environ.get("POLICYTRACK_DB") or DEFAULT_DB
    if "://" not in name:
        return f"sqlite:///{Path(name).expanduser().resolve()}"
    scheme = name.partition("://")[0]
    try:
        url = make_url(name)
    except exc.ArgumentError:
        raise InvalidValue(f"{scheme}://... is not a database URL: {SUPPORTED_DATABASES}") from None
    driver = _DRIVERS.get(url.drivername.lower())
    if driver is None:
        raise InvalidValue(f"unsupported database URL {scheme}://...: {SUPPORTED_DATABASES}")
    return url.set(drivername=driver).render_as_string(hide_password=False)


def _configure_sqlite(engine: Engine) -> None:
    # No PRAGMA here writes to the file: WAL mode is persistent, set once by
    # the migrations (see Database.upgrade), so reading never creates or
    # changes a file (an empty file stays empty).
    @event.listens_for(engine, "connect")
    def on_connect(dbapi_connection, _record):
        # Let SQLAlchemy's "begin" event below issue BEGIN itself, so a
        # writing session takes the write lock up front (BEGIN IMMEDIATE)
        # instead of failing to upgrade a read lock under concurrency.
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute(f"PRAGMA busy_timeout = {SQLITE_BUSY_TIMEOUT_MS}")
        cursor.execute("PRAGMA foreign_keys = ON")
        cursor.execute("PRAGMA synchronous = NORMAL")
        cursor.close()

    @event.listens_for(engine, "begin")
    def on_begin(connection):
        write = connection.get_execution_options().get("policytrack_write", True)
        connection.exec_driver_sql("BEGIN IMMEDIATE" if write else "BEGIN")


def _configure_postgresql(engine: Engine) -> None:
    @event.listens_for(engine, "connect")
    def on_connect(dbapi_connection, _record):
        # Reports stream their rows through server-side cursors, for which
        # PostgreSQL by default plans to fetch only 10% of the rows and picks
        # fast-start nested loops: 250 s instead of 4 s for `current` at 1M
        # positions. Every report reads its whole result.
        # JIT compilation cost more than it saved on every report measured
        # (1.7 s of 12.5 s for `reversals --level shift` at 1M positions).
        with dbapi_connection.cursor() as cursor:
            cursor.execute("SET cursor_tuple_fraction = 1.0")
            cursor.execute("SET jit = off")
        dbapi_connection.commit()


class Database:
    """One database: its engine, sessions, and schema revision checks."""

    def __init__(self, db: str | None = None):
        self.url = database_url(db)
        self._engine: Engine | None = None

    @property
    def is_sqlite(self) -> bool:
        return self.url.startswith("sqlite")

    @property
    def sqlite_path(self) -> Path | None:
        if not self.is_sqlite:
            return None
        database = make_url(self.url).database
        return Path(database) if database and database != ":memory:" else None

    @property
    def display_name(self) -> str:
        path = self.sqlite_path
        return str(path) if path else make_url(self.url).render_as_string(hide_password=True)

    @property
    def engine(self) -> Engine:
        if self._engine is None:
            path = self.sqlite_path
            if path is not None and self.read_only_reason() is not None:
                uri = sqlite_read_only_uri(path)
                self._engine = create_engine("sqlite://", creator=lambda: _sqlite_connect(uri), poolclass=NullPool)
            else:
                self._engine = create_engine(self.url)
            if self.is_sqlite:
                _configure_sqlite(self._engine)
            elif self._engine.dialect.name == "postgresql":
                _configure_postgresql(self._engine)
        return self._engine

    def exists(self) -> bool:
        path = self.sqlite_path
        return path is None or path.exists()

    def read_only_reason(self) -> str | None:
        """Why this process cannot write the SQLite database, or None when it can.

        SQLite in WAL mode writes beside the file (``-wal``, ``-shm``), so a
        file in a folder this process cannot write is read-only too.
        """
        path = self.sqlite_path
        if path is None or not path.exists():
            return None
        if not can_write(path):
            return f"the database file {path} is read-only"
        if not can_write(path.parent):
            return f"the folder of the database file {path} is read-only (SQLite writes its journal beside it)"
        return None

    @contextlib.contextmanager
    def session(self, write: bool = True) -> Iterator[Session]:
        """A session in one transaction: committed on success, rolled back on any error."""
        if write:
            self.require_writable()
        bind = self.engine.execution_options(policytrack_write=write)
        with _connection_errors(self), Session(bind=bind, expire_on_commit=False) as session:
            with session.begin():
                yield session

    def require_writable(self) -> None:
        reason = self.read_only_reason()
        if reason is not None:
            raise DatabaseNotReady(f"cannot change {self.display_name}: {reason}")

    def dispose(self) -> None:
        if self._engine is not None:
            self._engine.dispose()
            self._engine = None

    def refresh_statistics(self) -> None:
        """Bring PostgreSQL's planner statistics and visibility map up to date after a bulk load.

        Without statistics PostgreSQL plans the first report after an import of
        300k positions as if the tables were empty (50 s instead of 4 s), and
        autovacuum may take a minute to notice. VACUUM also marks the new
        pages all-visible, so the reports' index-only scans stop reading the
        table for every row: at 10M positions the bare reversal query went
        from 34.5 s to 19-22 s (docs/scaling.md). It skips pages already
        all-visible, so a later small bulk load costs little.
        SQLite is left without statistics: its plans for the reports are the
        ones wanted already, and with a bounded ANALYZE `reversals --level
        shift` at 300k positions was slower (6.0-6.7 s against 5.2-5.7 s).
        """
        if self.is_sqlite:
            return
        # VACUUM cannot run inside a transaction.
        with _connection_errors(self), self.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
            connection.exec_driver_sql("VACUUM (ANALYZE) positions, evidence, sources, actors, actor_aliases, topics")

    # Schema revisions ---------------------------------------------------

    def alembic_config(self):
        from alembic.config import Config

        config = Config()
        config.set_main_option("script_location", str(migrations_dir()))
        config.set_main_option("sqlalchemy.url", self.url.replace("%", "%%"))
        return config

    def current_revision(self) -> str | None:
        """The revision stored in ``alembic_version``, or None for a database without one."""
        bind = self.engine.execution_options(policytrack_write=False)
        with _connection_errors(self), bind.connect() as connection:
            if connection.dialect.name == "sqlite":
                query = "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'alembic_version'"
            else:
                query = "SELECT to_regclass('alembic_version')"
            if connection.exec_driver_sql(query).scalar() is None:
                return None
            versions = connection.exec_driver_sql("SELECT version_num FROM alembic_version").scalars().all()
        # Several rows would be several heads: never the case for policytrack's single line of revisions.
        return ", ".join(versions) if versions else None

    def head_revision(self) -> str:
        return HEAD_REVISION

    def require_current(self) -> None:
        """Refuse to work on a database that is missing or not at the newest revision."""
        if not self.exists():
            raise DatabaseNotReady(
                f"no database at {self.display_name}: run `policytrack init` to create it"
            )
        current = self.current_revision()
        if current == HEAD_REVISION:
            return
        if current is None:
            raise DatabaseNotReady(
                f"{self.display_name} is not a policytrack database yet: run `policytrack init`"
            )
        self._require_known(current)
        raise DatabaseNotReady(
            f"{self.display_name} is at revision {current}, behind the newest ({HEAD_REVISION}): "
            "run `policytrack init` to upgrade it"
        )

    def _require_known(self, current: str) -> None:
        """Refuse a database at a revision this release does not ship (made by a newer one)."""
        from alembic.script import ScriptDirectory

        scripts = ScriptDirectory.from_config(self.alembic_config())
        try:
            known = scripts.get_revision(current) is not None
        except Exception:
            known = False
        if not known:
            raise DatabaseNotReady(
                f"{self.display_name} is at revision {current}, which this version of policytrack "
                "does not know (a newer release made it): upgrade policytrack"
            )

    def upgrade(self, revision: str = "head") -> None:
        self._run_alembic("upgrade", revision)

    def downgrade(self, revision: str) -> None:
        self._run_alembic("downgrade", revision)

    def _run_alembic(self, command_name: str, revision: str) -> None:
        from alembic import command
        from alembic.util import CommandError

        self.require_writable()
        current = self.current_revision() if self.exists() else None
        if current is not None:
            self._require_known(current)
        config = self.alembic_config()
        with _connection_errors(self):
            if self.is_sqlite:
                self._use_wal()
            with self.engine.begin() as connection:
                config.attributes["connection"] = connection
                try:
                    getattr(command, command_name)(config, revision)
                except CommandError as error:
                    if "Can't locate revision" in str(error) or "No such revision" in str(error):
                        raise InvalidValue(
                            f"there is no schema revision {revision!r}: see `policytrack db history`"
                        ) from None
                    raise InvalidValue(
                        f"cannot {command_name} {self.display_name} from revision {current or 'base'} "
                        f"to {revision!r}: see `policytrack db history`"
                    ) from None

    def _use_wal(self) -> None:
        """Put the SQLite file in WAL mode (persistent), so that readers and a writer work at once.

        Outside any transaction: SQLite cannot change the journal mode inside one.
        """
        with self.engine.connect() as connection:
            driver = connection.connection.driver_connection
            assert driver is not None
            driver.execute("PRAGMA journal_mode = WAL")


def can_write(path: Path) -> bool:
    """Whether this process may write ``path`` (a file or a folder)."""
    return os.access(path, os.W_OK)


def sqlite_read_only_uri(path: Path) -> str:
    """The URI of a read-only SQLite connection to ``path``, for sqlite3.connect(uri, uri=True).

    ``mode=ro`` alone cannot read a WAL database whose ``-shm`` index is
    missing unless it may create it, which it may not where this process
    cannot write; then the file is opened ``immutable``: without the index
    nobody is writing it now.
    """
    uri = "file:" + quote(str(path)) + "?mode=ro"
    shared = path.with_name(path.name + "-shm").exists()
    if not shared and not (can_write(path) and can_write(path.parent)):
        uri += "&immutable=1"
    return uri


def _sqlite_connect(uri: str):
    import sqlite3

    return sqlite3.connect(uri, uri=True, check_same_thread=False)


def migrations_dir() -> Path:
    return Path(str(resources.files("policytrack.migrations")))


@contextlib.contextmanager
def _connection_errors(database: Database) -> Iterator[None]:
    """Turn "cannot connect" into one line instead of a driver traceback."""
    try:
        yield
    except exc.DatabaseError as error:
        message = str(error.orig or error)
        if "file is not a database" in message:
            raise DatabaseNotReady(f"{database.display_name} is not an SQLite database") from None
        if "readonly database" in message or "read-only transaction" in message:
            reason = database.read_only_reason() or "the database is read-only"
            raise DatabaseNotReady(f"cannot change {database.display_name}: {reason}") from None
        if not isinstance(error, exc.OperationalError):
            raise
        if error.connection_invalidated or _is_connect_error(error):
            reason = str(error.orig).strip().splitlines()[0] if error.orig else str(error)
            raise DatabaseNotReady(f"cannot open database {database.display_name}: {reason}") from None
        raise


def _is_connect_error(error: exc.OperationalError) -> bool:
    message = str(error.orig or error).lower()
    return any(
        phrase in message
        for phrase in ("connection", "could not connect", "unable to open", "does not exist", "password")
    )
