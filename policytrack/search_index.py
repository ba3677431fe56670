"""The full-text search index: its DDL on each backend, kept current by triggers.

One row per searchable text: a quote (evidence), a summary (position), a
source (title and stored text). Its key is ``record_id * 4 + kind code``, so
a trigger replaces exactly one row by key. SQLite keeps it in an FTS5 table
(porter stemming), PostgreSQL in a table with a generated ``tsvector`` and a
GIN index (english configuration). Created by revision 0005.
"""

from __future__ import annotations

from sqlalchemy import Connection

KIND_CODES = {"quote": 1, "summary": 2, "source": 3}

# (kind, table, the text indexed, the columns whose change re-indexes it)
_SOURCES = (
    ("quote", "evidence", "{row}.quote", ("quote",)),
    ("summary", "positions", "{row}.summary", ("summary",)),
    ("source", "sources", "{row}.title || CHR(10) || COALESCE({row}.content, '')", ("title", "content")),
)


def postgresql_trigger(table: str) -> str:
    """The PostgreSQL trigger that indexes a table's rows.

    On insert it does nothing for a row whose text is NULL: a bulk load may
    disable it while it inserts only such rows (PostgresWriter.bulk_load).
    """
    return f"search_{table}"


def sqlite_insert_trigger(table: str) -> str:
    """The SQLite trigger that indexes a table's new rows.

    It does nothing for a row whose text is NULL: a bulk load may drop it
    (and create it again from its definition) while it inserts only such rows
    (SqliteWriter.bulk_load).
    """
    return f"search_{table}_insert"


def _key(kind: str, row: str, cast: str = "") -> str:
    return f"{row}.id{cast} * 4 + {KIND_CODES[kind]}"


def create(connection: Connection) -> None:
    if connection.dialect.name == "sqlite":
        _create_sqlite(connection)
    else:
        _create_postgresql(connection)
    for kind, table, body, _ in _SOURCES:
        text = _body(connection, body.format(row=table))
        connection.exec_driver_sql(
            f"INSERT INTO search_index (rowid, kind, record_id, body) "
            f"SELECT {_key(kind, table)}, '{kind}', id, {text} FROM {table} WHERE {text} IS NOT NULL"
        )


def drop(connection: Connection) -> None:
    for kind, table, _, _ in _SOURCES:
        if connection.dialect.name == "sqlite":
            for event in ("insert", "update", "delete"):
                connection.exec_driver_sql(f"DROP TRIGGER IF EXISTS search_{table}_{event}")
        else:
            connection.exec_driver_sql(f"DROP TRIGGER IF EXISTS {postgresql_trigger(table)} ON {table}")
            connection.exec_driver_sql(f"DROP FUNCTION IF EXISTS search_index_{table}()")
    connection.exec_driver_sql("DROP TABLE IF EXISTS search_index")


def _body(connection: Connection, expression: str) -> str:
    # SQLite spells CHR as CHAR.
    return expression.replace("CHR(", "CHAR(") if connection.dialect.name == "sqlite" else expression


def _create_sqlite(connection: Connection) -> None:
    connection.exec_driver_sql(
        "CREATE VIRTUAL TABLE search_index USING fts5("
        "kind UNINDEXED, record_id UNINDEXED, body, tokenize = 'porter unicode61 remove_diacritics 2')"
    )
    for kind, table, body, columns in _SOURCES:
        new = _body(connection, body.format(row="new"))
        insert = (
            f"INSERT INTO search_index (rowid, kind, record_id, body) "
            f"SELECT {_key(kind, 'new')}, '{kind}', new.id, {new} WHERE {new} IS NOT NULL;"
        )
        delete = f"DELETE FROM search_index WHERE rowid = {_key(kind, 'old')};"
        connection.exec_driver_sql(
            f"CREATE TRIGGER {sqlite_insert_trigger(table)} AFTER INSERT ON {table} BEGIN {insert} END"
        )
        connection.exec_driver_sql(
            f"CREATE TRIGGER search_{table}_update AFTER UPDATE OF {', '.join(columns)} ON {table} "
            f"BEGIN {delete} {insert} END"
        )
        connection.exec_driver_sql(f"CREATE TRIGGER search_{table}_delete AFTER DELETE ON {table} BEGIN {delete} END")


def _create_postgresql(connection: Connection) -> None:
    connection.exec_driver_sql(
        "CREATE TABLE search_index ("
        "rowid bigint PRIMARY KEY, kind varchar(10) NOT NULL, record_id integer NOT NULL, body text NOT NULL, "
        "document tsvector GENERATED ALWAYS AS (to_tsvector('english', body)) STORED)"
    )
    connection.exec_driver_sql("CREATE INDEX ix_search_index_document ON search_index USING GIN (document)")
    for kind, table, body, columns in _SOURCES:
        connection.exec_driver_sql(
            f"""CREATE FUNCTION search_index_{table}() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
              IF TG_OP IN ('UPDATE', 'DELETE') THEN
                DELETE FROM search_index WHERE rowid = {_key(kind, 'OLD', '::bigint')};
              END IF;
              IF TG_OP IN ('INSERT', 'UPDATE') AND {body.format(row='NEW')} IS NOT NULL THEN
                INSERT INTO search_index (rowid, kind, record_id, body)
                VALUES ({_key(kind, 'NEW', '::bigint')}, '{kind}', NEW.id, {body.format(row='NEW')});
              END IF;
              RETURN NULL;
            END $$"""
        )
        connection.exec_driver_sql(
            f"CREATE TRIGGER {postgresql_trigger(table)} AFTER INSERT OR UPDATE OF {', '.join(columns)} OR DELETE ON {table} "
            f"FOR EACH ROW EXECUTE FUNCTION search_index_{table}()"
        )
