"""``sql``: one read-only query on the database.

Read-only is enforced by the database, not by reading the query: on SQLite a
connection in ``query_only`` mode (opened read-only where this process cannot
write the file) with an authorizer that allows only reading (no ATTACH, no
temporary tables, no writing PRAGMA, so not turning ``query_only`` off). A
connection opened read-only (or still ``query_only`` when it closes) would
leave SQLite's ``-wal`` and ``-shm`` files behind; a read never leaves files. On PostgreSQL a read-only
transaction, with the query sent as a prepared statement so it cannot carry
a second statement, and refused unless the server describes it as returning
rows: statements such as ``COPY ... TO 'file'``, ``COPY ... TO PROGRAM``,
``ANALYZE`` or ``LOCK`` act outside the transaction's read-only guard (a
superuser's COPY writes server files), while every query returns rows.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from policytrack.dates import as_utc
from policytrack.db import Database, sqlite_read_only_uri
from policytrack.errors import InvalidValue

# PRAGMAs that only report, and may take an argument (a table or index name).
_READING_PRAGMAS = {
    "table_info", "table_xinfo", "table_list", "index_list", "index_info", "index_xinfo",
    "foreign_key_list", "foreign_key_check", "integrity_check", "quick_check", "database_list",
    "collation_list", "function_list", "pragma_list", "compile_options", "user_version",
    "schema_version", "page_count", "page_size", "freelist_count", "encoding", "journal_mode",
    "foreign_keys", "application_id",
}


def run_query_with_columns(database: Database, query: str) -> tuple[list[str], list[dict]]:
    """The column names and rows of one read-only query (the names even when there are no rows)."""
    if not query.strip():
        raise InvalidValue('no query given: try policytrack sql "SELECT * FROM v_positions"')
    try:
        database.require_current()
    except BaseException:
        database.dispose()
        raise
    if database.is_sqlite:
        # The check's pooled connection must not outlive it: an open one
        # keeps the WAL files beside the database after the command.
        database.dispose()
        columns, rows = _sqlite_query(database, query)
    else:
        columns, rows = _postgresql_query(database, query)
    names = _unique(columns)
    return names, [dict(zip(names, row)) for row in rows]


def _unique(columns: list[str]) -> list[str]:
    seen: dict[str, int] = {}
    names = []
    for column in columns:
        seen[column] = seen.get(column, 0) + 1
        names.append(column if seen[column] == 1 else f"{column}_{seen[column]}")
    return names


def _sqlite_authorizer(action, arg1, arg2, _db, _trigger):
    import sqlite3

    if action in (sqlite3.SQLITE_SELECT, sqlite3.SQLITE_READ, sqlite3.SQLITE_RECURSIVE):
        return sqlite3.SQLITE_OK
    if action == sqlite3.SQLITE_FUNCTION:
        return sqlite3.SQLITE_DENY if arg2 == "load_extension" else sqlite3.SQLITE_OK
    if action == sqlite3.SQLITE_PRAGMA:
        name = (arg1 or "").lower()
        if name in _READING_PRAGMAS and (arg2 is None or name not in _SETTABLE):
            return sqlite3.SQLITE_OK
    return sqlite3.SQLITE_DENY


# Reading pragmas that would write when given a value.
_SETTABLE = {"user_version", "schema_version", "journal_mode", "foreign_keys", "application_id", "page_size"}


def _sqlite_query(database: Database, query: str):
    import sqlite3

    path = database.sqlite_path
    assert path is not None, "sql on SQLite needs a database file"
    _register_sqlite_converters()
    # Columns declared DATE or DATETIME (and view columns taken from them) come
    # back as dates and UTC timestamps, as PostgreSQL's do, so that both
    # backends print them alike (timestamps in JSON as ISO 8601 with a Z).
    if database.read_only_reason() is None:
        connection = sqlite3.connect(path, detect_types=sqlite3.PARSE_DECLTYPES)
    else:
        connection = sqlite3.connect(sqlite_read_only_uri(path), uri=True, detect_types=sqlite3.PARSE_DECLTYPES)
    try:
        connection.execute("PRAGMA query_only = ON")
        connection.set_authorizer(_sqlite_authorizer)
        cursor = connection.execute(query)
        if cursor.description is None:  # nothing but comments: no statement was run
            raise InvalidValue(_NO_ROWS)
        columns = [d[0] for d in cursor.description]
        return columns, cursor.fetchall()
    except sqlite3.ProgrammingError as error:
        if "one statement" in str(error):
            raise InvalidValue("sql runs exactly one statement; nothing was run") from None
        raise InvalidValue(f"query failed: {error}") from None
    except sqlite3.DatabaseError as error:
        message = str(error)
        if "not authorized" in message or "authorization denied" in message or "readonly" in message:
            raise InvalidValue(f"sql is read-only: {message}; nothing was changed") from None
        raise InvalidValue(f"query failed: {message}") from None
    finally:
        # The query has run: let the closing connection, the last one, fold
        # the WAL back and remove its files, as every other reader does.
        connection.set_authorizer(None)
        connection.execute("PRAGMA query_only = OFF")
        connection.close()


def _register_sqlite_converters() -> None:
    import sqlite3

    sqlite3.register_converter("DATE", _sqlite_date)
    sqlite3.register_converter("DATETIME", _sqlite_timestamp)


def _sqlite_date(value: bytes):
    text = value.decode("utf-8", "replace")
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        return text


def _sqlite_timestamp(value: bytes):
    """A timestamp as SQLAlchemy stores it on SQLite (naive, in UTC), read back aware."""
    text = value.decode("utf-8", "replace")
    try:
        parsed = dt.datetime.fromisoformat(text)
    except ValueError:
        return text
    return as_utc(parsed)


def _postgresql_query(database: Database, query: str):
    import psycopg

    raw = database.engine.raw_connection()
    connection: Any = raw.driver_connection
    try:
        connection.rollback()
        connection.read_only = True
        _require_rows(connection, query)
        with connection.cursor() as cursor:
            # prepare=True sends the text as one prepared statement: a second
            # statement (say "; COMMIT; DROP ...") is refused by the server.
            cursor.execute(query, prepare=True)
            columns = [d.name for d in cursor.description or ()]
            rows = cursor.fetchall() if cursor.description else []
        connection.rollback()
        return columns, rows
    except psycopg.errors.ReadOnlySqlTransaction as error:
        raise InvalidValue(f"sql is read-only: {_first_line(error)}; nothing was changed") from None
    except psycopg.Error as error:
        if "multiple commands" in str(error):
            raise InvalidValue("sql runs exactly one statement; nothing was run") from None
        raise InvalidValue(f"query failed: {_first_line(error)}") from None
    finally:
        try:
            connection.rollback()
            connection.read_only = False
        except Exception:
            pass
        raw.close()
        database.dispose()


def _require_rows(connection, query: str) -> None:
    """Refuse a statement that the server describes as returning no rows.

    The statement is only parsed and described here (libpq PQprepare and
    PQdescribePrepared on the unnamed statement), not run. A statement that
    does not parse is left to the execution, which reports the error.
    """
    import psycopg

    pgconn = connection.pgconn
    parsed = pgconn.prepare(b"", query.encode(connection.info.encoding))
    if parsed.status != psycopg.pq.ExecStatus.COMMAND_OK:
        return
    described = pgconn.describe_prepared(b"")
    if described.status == psycopg.pq.ExecStatus.COMMAND_OK and described.nfields == 0:
        raise InvalidValue(_NO_ROWS)


_NO_ROWS = "sql runs queries that return rows (SELECT, VALUES, TABLE, WITH, SHOW, EXPLAIN); nothing was run"


def _first_line(error: Exception) -> str:
    return (str(error).strip().splitlines() or [type(error).__name__])[0]
