"""Opening a policytrack database: URL, engine, sessions, schema revision.

``--db`` or ``POLICYTRACK_DB`` names the database; a plain path is SQLite,
anything with ``://`` is an SQLAlchemy URL.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterator
from importlib import resources
from pathlib import Path

from sqlalchemy import Engine, create_engine, event, exc
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session

from policytrack.errors import DatabaseNotReady

DEFAULT_DB = "policytrack.db"
SQLITE_BUSY_TIMEOUT_MS = 30_000


def database_url(db: str | None = None) -> str:
    """The SQLAlchemy URL for ``--db``, ``POLICYTRACK_DB`` or the default."""
    name = db or os.environ.get("POLICYTRACK_DB") or DEFAULT_DB
    if "://" in name:
        url = make_url(name)
        # A bare postgresql:// URL means psycopg 3, the only driver we install.
        if url.drivername in ("postgresql", "postgres"):
            url = url.set(drivername="postgresql+psycopg")
        return url.render_as_string(hide_password=False)
    return f"sqlite:///{Path(name).expanduser().resolve()}"


def _configure_sqlite(engine: Engine) -> None:
    @event.listens_for(engine, "connect")
    def on_connect(dbapi_connection, _record):
        # Let SQLAlchemy's "begin" event below issue BEGIN itself, so a
        # writing session takes the write lock up front (BEGIN IMMEDIATE)
        # instead of failing to upgrade a read lock under concurrency.
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute(f"PRAGMA busy_timeout = {SQLITE_BUSY_TIMEOUT_MS}")
        cursor.execute("PRAGMA foreign_keys = ON")
        cursor.execute("PRAGMA journal_mode = WAL")
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
            self._engine = create_engine(self.url)
            if self.is_sqlite:
                _configure_sqlite(self._engine)
            elif self._engine.dialect.name == "postgresql":
                _configure_postgresql(self._engine)
        return self._engine

    def exists(self) -> bool:
        path = self.sqlite_path
        return path is None or path.exists()

    @contextlib.contextmanager
    def session(self, write: bool = True) -> Iterator[Session]:
        """A session in one transaction: committed on success, rolled back on any error."""
        bind = self.engine.execution_options(policytrack_write=write)
        with _connection_errors(self), Session(bind=bind, expire_on_commit=False) as session:
            with session.begin():
                yield session

    def dispose(self) -> None:
        if self._engine is not None:
            self._engine.dispose()
            self._engine = None

    # Schema revisions ---------------------------------------------------

    def alembic_config(self):
        from alembic.config import Config

        config = Config()
        config.set_main_option("script_location", str(migrations_dir()))
        config.set_main_option("sqlalchemy.url", self.url.replace("%", "%%"))
        return config

    def current_revision(self) -> str | None:
        from alembic.migration import MigrationContext

        with _connection_errors(self), self.engine.connect() as connection:
            return MigrationContext.configure(connection).get_current_revision()

    def head_revision(self) -> str:
        from alembic.script import ScriptDirectory

        return ScriptDirectory.from_config(self.alembic_config()).get_current_head()

    def require_current(self) -> None:
        """Refuse to work on a database that is missing or not at the newest revision."""
        if not self.exists():
            raise DatabaseNotReady(
                f"no database at {self.display_name}: run `policytrack init` to create it"
            )
        current, head = self.current_revision(), self.head_revision()
        if current == head:
            return
        if current is None:
            raise DatabaseNotReady(
                f"{self.display_name} is not a policytrack database yet: run `policytrack init`"
            )
        from alembic.script import ScriptDirectory

        scripts = ScriptDirectory.from_config(self.alembic_config())
        try:
            scripts.get_revision(current)
        except Exception:
            raise DatabaseNotReady(
                f"{self.display_name} is at revision {current}, which this version of policytrack "
                "does not know: upgrade policytrack"
            ) from None
        raise DatabaseNotReady(
            f"{self.display_name} is at revision {current}, behind the newest ({head}): "
            "run `policytrack init` to upgrade it"
        )

    def upgrade(self, revision: str = "head") -> None:
        self._run_alembic("upgrade", revision)

    def downgrade(self, revision: str) -> None:
        self._run_alembic("downgrade", revision)

    def _run_alembic(self, command_name: str, revision: str) -> None:
        from alembic import command
        from alembic.util import CommandError

        from policytrack.errors import InvalidValue

        config = self.alembic_config()
        with _connection_errors(self), self.engine.begin() as connection:
            config.attributes["connection"] = connection
            try:
                getattr(command, command_name)(config, revision)
            except CommandError as error:
                raise InvalidValue(str(error)) from None


def migrations_dir() -> Path:
    return Path(str(resources.files("policytrack.migrations")))


@contextlib.contextmanager
def _connection_errors(database: Database) -> Iterator[None]:
    """Turn "cannot connect" into one line instead of a driver traceback."""
    try:
        yield
    except exc.DatabaseError as error:
        if "file is not a database" in str(error.orig or error):
            raise DatabaseNotReady(f"{database.display_name} is not an SQLite database") from None
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
