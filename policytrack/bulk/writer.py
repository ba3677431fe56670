"""Writing many positions at once: a few bulk statements per batch.

One ORM object or one statement per row is an order of magnitude slower
than the database's own bulk paths, so a batch of resolved rows goes in as:

1. one position per row, with ids reserved up front, through
   ``INSERT ... ON CONFLICT DO NOTHING``: the unique index on the live
   identity skips positions already recorded;
2. when every row made a new position (a first import), their evidence in
   one bulk insert referring to the reserved ids (when all rows share one
   source and quote, as with ``--source``, one ``INSERT ... SELECT``);
3. otherwise (a re-import, or the same position twice in the file), one
   lookup of the ids of the positions that were already there, and evidence
   inserts that skip what those positions already have.

SQLite takes rows fastest as multi-row ``VALUES`` statements; PostgreSQL as
``COPY``, into temporary tables that the same ``INSERT ... SELECT`` reads.
Everything runs in the caller's transaction, on the session's own connection.

A file at least as large as the positions already recorded is a bulk load
(:meth:`PositionWriter.bulk_load`): the indexes the writer does not read are
built at the end instead of kept up to date, the search-index triggers sleep
while rows have no text, and on PostgreSQL the foreign keys are checked
once, at the end, instead of row by row.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import itertools
import operator
from abc import ABC, abstractmethod
from collections.abc import Iterator, Sequence
from typing import NamedTuple

from sqlalchemy.orm import Session

from policytrack.dates import utcnow
from policytrack.errors import Conflict
from policytrack.models import POSITION_IDENTITY, Position
from policytrack.quotes import quote_key
from policytrack.search_index import postgresql_trigger, sqlite_insert_trigger


class BulkRow(NamedTuple):
    """A resolved row: a position (its identity and summary) and one piece of evidence.

    effective_on is already in the database driver's form (see date_param).
    """

    actor_id: int
    topic_id: int
    effective_on: object
    date_precision: str
    kind: str
    stance: int
    summary: str | None
    source_id: int
    quote: str | None

    @property
    def identity(self) -> tuple:
        return self[:IDENTITY_WIDTH]

    @property
    def evidence(self) -> tuple[int, str | None]:
        return (self.source_id, self.quote)


# The identity (models.PositionIdentity, the columns of the unique index
# uq_positions_live_identity) leads the row, so that a row's first columns are its identity.
IDENTITY = POSITION_IDENTITY
IDENTITY_WIDTH = len(IDENTITY)
assert BulkRow._fields[:IDENTITY_WIDTH] == IDENTITY
POSITION_COLUMNS = ("id", *IDENTITY, "summary", "recorded_at")
# PositionWriter.write unpacks a row into these columns (after the id) and its evidence.
assert BulkRow._fields == (*POSITION_COLUMNS[1:-1], "source_id", "quote")
_EVIDENCE = operator.itemgetter(BulkRow._fields.index("source_id"), BulkRow._fields.index("quote"))
EVIDENCE_COLUMNS = ("position_id", "source_id", "quote")
# The conflict target names the unique index uq_positions_live_identity by its
# columns (in any order) and its WHERE clause.
ON_LIVE_CONFLICT = f"ON CONFLICT ({', '.join(IDENTITY)}) WHERE retracted_at IS NULL DO NOTHING"
# The table whose search trigger indexes a BulkRow field, and that field.
SEARCHED_TEXT = {"positions": "summary", "evidence": "quote"}


def position_writer(session: Session, recorded_at: dt.datetime | None = None) -> PositionWriter:
    """The writer for the session's database."""
    is_sqlite = session.connection().dialect.name == "sqlite"
    return (SqliteWriter if is_sqlite else PostgresWriter)(session, recorded_at)


class PositionWriter(ABC):
    """Inserts resolved rows batch by batch and counts what it created and skipped."""

    def __init__(self, session: Session, recorded_at: dt.datetime | None = None):
        connection = session.connection()
        self.dialect = connection.dialect
        self.dbapi_connection = connection.connection
        self.cursor = self.dbapi_connection.cursor()
        columns = Position.__table__.c
        self._date_processor = columns.effective_on.type.dialect_impl(self.dialect).bind_processor(self.dialect)
        stamp = columns.recorded_at.type.dialect_impl(self.dialect).bind_processor(self.dialect)
        moment = recorded_at or utcnow()
        self.recorded_at = stamp(moment) if stamp else moment
        self.positions_created = self.positions_skipped = 0
        self.evidence_created = self.evidence_skipped = 0
        # Tables whose search trigger a bulk load put to sleep -> the statement that wakes it.
        self._quiet: dict[str, str] = {}

    def date_param(self, value: dt.date):
        """A date as this database's driver takes it (SQLite: ISO text, as SQLAlchemy stores it)."""
        return self._date_processor(value) if self._date_processor else value

    def close(self) -> None:
        self.cursor.close()

    @contextlib.contextmanager
    def bulk_load(self, expected_rows: int) -> Iterator[None]:
        """Around the writes of one file of about ``expected_rows`` rows (0: one batch, not a bulk load).

        When the file holds at least as many rows as positions does, what the
        writer does not need while it writes (:meth:`_prepare_bulk_load`: the
        indexes it does not read, the search triggers, PostgreSQL's foreign
        keys) is dropped in a savepoint and put back, as it was, after the
        last batch; building an index once is cheaper than keeping it up to
        date row by row. Any failure rolls back to the savepoint, which
        restores them, and the caller's transaction is rolled back anyway.
        """
        if not expected_rows or not self._outnumbers_positions(expected_rows):
            yield
            return
        cursor = self.cursor
        cursor.execute("SAVEPOINT policytrack_bulk_load")
        restore = self._prepare_bulk_load()
        if restore is None:  # undo what was dropped before it could not go on
            cursor.execute("ROLLBACK TO SAVEPOINT policytrack_bulk_load")
            cursor.execute("RELEASE SAVEPOINT policytrack_bulk_load")
            self._quiet.clear()
            yield
            return
        try:
            yield
            for statement in [*self._quiet.values(), *restore]:
                cursor.execute(statement)
            cursor.execute("RELEASE SAVEPOINT policytrack_bulk_load")
        except BaseException:
            cursor.execute("ROLLBACK TO SAVEPOINT policytrack_bulk_load")
            raise
        finally:
            self._quiet.clear()

    def _prepare_bulk_load(self) -> list[str] | None:
        """Drop what a bulk load does without (in its savepoint); return the statements that put it back.

        None when this cannot be done now: bulk_load then rolls back to its
        savepoint, releases it, and the rows go in as in any import.
        """
        return []

    def _outnumbers_positions(self, rows: int) -> bool:
        """Whether positions holds at most ``rows`` rows (counted only that far)."""
        mark = "?" if self.dialect.paramstyle == "qmark" else "%s"
        self.cursor.execute(f"SELECT count(*) FROM (SELECT 1 FROM positions LIMIT {mark}) AS p", (rows + 1,))
        return self._one() <= rows

    def write(self, rows: Sequence[BulkRow]) -> None:
        if not rows:
            return
        # A search trigger asleep wakes up for the first batch with text for it to index.
        for table in [table for table in self._quiet if any(getattr(row, SEARCHED_TEXT[table]) for row in rows)]:
            self.cursor.execute(self._quiet.pop(table))
        ids = self._reserve_ids(len(rows))
        recorded_at = self.recorded_at
        # Unpacked rather than sliced through the properties: half the time at a million rows.
        positions = [
            (position_id, actor_id, topic_id, effective_on, precision, kind, stance, summary, recorded_at)
            for position_id, (actor_id, topic_id, effective_on, precision, kind, stance, summary, _, _) in zip(ids, rows)
        ]
        created = self._insert_positions(positions)
        if created == len(rows):
            # Every row was a new position (the usual first import): its
            # evidence is new too, and needs no checks.
            shared = set(map(_EVIDENCE, rows))
            if len(shared) == 1:  # one source for all, as with --source: no row needs sending again
                added = self._insert_shared_evidence(ids, *shared.pop())
            else:
                added = self._insert_evidence([(position_id, *row.evidence) for position_id, row in zip(ids, rows)])
        else:
            added = self._evidence_after_conflicts(ids, rows)
        self.positions_created += created
        self.positions_skipped += len(rows) - created
        self.evidence_created += added
        self.evidence_skipped += len(rows) - added

    def _evidence_after_conflicts(self, ids: list[int], rows: Sequence[BulkRow]) -> int:
        """Evidence for a batch in which some rows named positions already recorded.

        Those rows' reserved ids went unused: each gets the id of the live
        position with its identity (recorded earlier, or by a row before it).
        """
        self.cursor.execute(self._ids_between, (min(ids), max(ids)))
        inserted = {row[0] for row in self.cursor.fetchall()} & set(ids)
        others = [number for number, position_id in enumerate(ids) if position_id not in inserted]
        found = self._live_ids(list(dict.fromkeys(rows[number].identity for number in others)))
        position_ids = list(ids)
        for number in others:
            identity = rows[number].identity
            if identity not in found:  # retracted meanwhile by another session
                raise Conflict("a position this file names changed while it was imported: import it again")
            position_ids[number] = found[identity]
        # Without repeats (quotes compared as quote_key does), in file order:
        # one statement does not see its own rows.
        evidence: dict[tuple, tuple] = {}
        for number, row in enumerate(rows):
            item = (position_ids[number], *row.evidence)
            evidence.setdefault((item[0], item[1], quote_key(item[2])), item)
        new = [item for item in evidence.values() if item[0] in inserted]
        more = self._without_present_quotes([item for item in evidence.values() if item[0] not in inserted])
        return self._insert_evidence(new) + self._insert_missing_evidence(more)

    def _without_present_quotes(self, evidence: list[tuple]) -> list[tuple]:
        """Evidence whose position has no quote from the same source that is the same quote (quote_key)."""
        quoted = sorted({position_id for position_id, _, quote in evidence if quote is not None})
        if not quoted:
            return evidence
        mark = "?" if self.dialect.paramstyle == "qmark" else "%s"
        present: set[tuple[int, int, str | None]] = set()
        for start in range(0, len(quoted), 500):
            chunk = quoted[start : start + 500]
            self.cursor.execute(
                "SELECT position_id, source_id, quote FROM evidence "
                f"WHERE quote IS NOT NULL AND position_id IN ({', '.join([mark] * len(chunk))})",
                chunk,
            )
            present.update((position_id, source_id, quote_key(quote)) for position_id, source_id, quote in self.cursor.fetchall())
        return [item for item in evidence if item[2] is None or (item[0], item[1], quote_key(item[2])) not in present]

    # What each database does its own way.

    _ids_between: str

    @abstractmethod
    def insert_row(self, table: str, record: dict) -> int:
        """Insert one row (a new actor or topic) and return its id."""
        ...

    def insert_rows(self, table: str, records: list[dict]) -> list[int]:
        """Insert rows with the same keys (new actors) and return their ids, in order."""
        return [self.insert_row(table, record) for record in records]

    @abstractmethod
    def _reserve_ids(self, count: int) -> list[int]:
        """Ids for the batch's positions, so that evidence can refer to them without a lookup."""
        ...

    @abstractmethod
    def _insert_positions(self, positions: list[tuple]) -> int:
        """Insert positions (POSITION_COLUMNS) unless a live twin exists; return how many went in."""
        ...

    @abstractmethod
    def _insert_evidence(self, evidence: list[tuple]) -> int:
        """Insert evidence rows (EVIDENCE_COLUMNS); return how many."""
        ...

    @abstractmethod
    def _insert_shared_evidence(self, ids: list[int], source_id: int, quote: str | None) -> int:
        """The same source and quote as evidence for each of the new positions ``ids``."""
        ...

    @abstractmethod
    def _insert_missing_evidence(self, evidence: list[tuple]) -> int:
        """Insert evidence rows unless the position has exactly that source and quote already."""
        ...

    @abstractmethod
    def _live_ids(self, identities: list[tuple]) -> dict[tuple, int]:
        """The ids of the live positions with these identities."""
        ...

    def _one(self):
        """The single value of the row the last statement returned."""
        row = self.cursor.fetchone()
        assert row is not None
        return row[0]


class SqliteWriter(PositionWriter):
    """Multi-row ``VALUES`` statements: one statement per row would pay for
    every index's lookup from the root again, row after row."""

    ROWS_PER_STATEMENT = 200
    _ids_between = "SELECT id FROM positions WHERE id BETWEEN ? AND ?"

    def __init__(self, session: Session, recorded_at: dt.datetime | None = None):
        super().__init__(session, recorded_at)
        self.max_params = _max_params(self.dbapi_connection.driver_connection)
        self._next_id: int | None = None

    def insert_row(self, table: str, record: dict) -> int:
        self.cursor.execute(
            f"INSERT INTO {table} ({', '.join(record)}) VALUES ({', '.join('?' * len(record))})",
            tuple(record.values()),
        )
        return self.cursor.lastrowid

    def _prepare_bulk_load(self) -> list[str]:
        """Drop the indexes the writer does not read and the search triggers; return what builds them again.

        SQLite changes its schema in a transaction like anything else, and
        the session holds the write lock, so no other connection sees the
        tables without them: readers go on with the schema of their snapshot.
        At 1M rows of the import benchmark the import went from 8.9 to 7.4 s:
        the search triggers cost about 0.7 s for being called on rows without
        text, and the four indexes took 1.2 s to build against more than 2 s
        kept up to date (dropping only the reversal-order one: 7.8 s; none, the
        triggers asleep: 8.2 s).
        """
        cursor = self.cursor
        cursor.execute(
            "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name IN ('positions', 'evidence') "
            "AND sql IS NOT NULL ORDER BY name"
        )
        indexes = [(name, sql) for name, sql in cursor.fetchall() if not self._read_by_writer(name)]
        for name, _ in indexes:
            cursor.execute(f'DROP INDEX "{name}"')
        for table in SEARCHED_TEXT:
            name = sqlite_insert_trigger(table)
            cursor.execute("SELECT sql FROM sqlite_master WHERE type = 'trigger' AND name = ?", (name,))
            row = cursor.fetchone()
            if row is not None:
                cursor.execute(f'DROP TRIGGER "{name}"')
                self._quiet[table] = row[0]
        return [sql for _, sql in indexes]

    def _read_by_writer(self, index: str) -> bool:
        """Whether the writer reads through this index: a unique one (the live identity), or evidence's by position."""
        self.cursor.execute("SELECT tbl_name FROM sqlite_master WHERE name = ?", (index,))
        table = self._one()
        self.cursor.execute(f"SELECT \"unique\" FROM pragma_index_list('{table}') WHERE name = ?", (index,))
        if self._one():
            return True
        self.cursor.execute("SELECT name FROM pragma_index_info(?) ORDER BY seqno LIMIT 1", (index,))
        return table == "evidence" and self._one() == "position_id"

    def _reserve_ids(self, count: int) -> list[int]:
        # The session holds SQLite's write lock (BEGIN IMMEDIATE) from its
        # first statement, so nobody else can take these ids meanwhile.
        if self._next_id is None:
            self.cursor.execute("SELECT coalesce(max(id), 0) + 1 FROM positions")
            self._next_id = self._one()
        first, self._next_id = self._next_id, self._next_id + count
        return list(range(first, first + count))

    def _insert_positions(self, positions: list[tuple]) -> int:
        sql = f"INSERT INTO positions ({', '.join(POSITION_COLUMNS)}) VALUES {{values}} {ON_LIVE_CONFLICT}"
        return self._execute_chunks(sql, positions, len(POSITION_COLUMNS))

    def _insert_evidence(self, evidence: list[tuple]) -> int:
        sql = f"INSERT INTO evidence ({', '.join(EVIDENCE_COLUMNS)}) VALUES {{values}}"
        return self._execute_chunks(sql, evidence, len(EVIDENCE_COLUMNS))

    def _insert_shared_evidence(self, ids: list[int], source_id: int, quote: str | None) -> int:
        # The reserved ids are consecutive, and all of them are this batch's.
        self.cursor.execute(
            f"INSERT INTO evidence ({', '.join(EVIDENCE_COLUMNS)}) "
            "SELECT id, ?, ? FROM positions WHERE id BETWEEN ? AND ? ORDER BY id",
            (source_id, quote, ids[0], ids[-1]),
        )
        return self.cursor.rowcount

    def _insert_missing_evidence(self, evidence: list[tuple]) -> int:
        # "source_id + 0" keeps SQLite from searching the source_id index,
        # which can hold millions of rows for one source, instead of position_id.
        sql = (
            f"INSERT INTO evidence ({', '.join(EVIDENCE_COLUMNS)}) "
            "SELECT v.column1, v.column2, v.column3 FROM (VALUES {values}) AS v "
            "WHERE NOT EXISTS (SELECT 1 FROM evidence e WHERE e.position_id = v.column1 "
            "AND e.source_id + 0 = v.column2 AND e.quote IS v.column3)"
        )
        return self._execute_chunks(sql, evidence, len(EVIDENCE_COLUMNS))

    def _live_ids(self, identities: list[tuple]) -> dict[tuple, int]:
        found: dict[tuple, int] = {}
        match = " AND ".join(f"p.{column} = v.column{number}" for number, column in enumerate(IDENTITY, 1))
        for chunk in self._chunks(identities, IDENTITY_WIDTH):
            self.cursor.execute(
                f"SELECT p.id, {', '.join('p.' + column for column in IDENTITY)} FROM positions p "
                f"JOIN (VALUES {self._values(len(chunk), IDENTITY_WIDTH)}) AS v "
                f"ON {match} AND p.retracted_at IS NULL",
                _flat(chunk),
            )
            for position_id, *identity in self.cursor.fetchall():
                found[tuple(identity)] = position_id
        return found

    def _execute_chunks(self, sql: str, rows: list[tuple], width: int) -> int:
        """Run ``sql`` with ``{values}`` standing for as many rows as one statement takes."""
        changed = 0
        size = self._rows_per_statement(width)
        full_sql = sql.format(values=self._values(size, width))
        for chunk in self._chunks(rows, width):
            statement = full_sql if len(chunk) == size else sql.format(values=self._values(len(chunk), width))
            self.cursor.execute(statement, _flat(chunk))
            changed += self.cursor.rowcount
        return changed

    def _rows_per_statement(self, width: int) -> int:
        return max(1, min(self.ROWS_PER_STATEMENT, self.max_params // width))

    def _chunks(self, rows: list, width: int):
        size = self._rows_per_statement(width)
        for start in range(0, len(rows), size):
            yield rows[start : start + size]

    @staticmethod
    def _values(count: int, width: int) -> str:
        one = "(" + ", ".join("?" * width) + ")"
        return ", ".join([one] * count)


# SQLSTATEs after which a bulk load goes on with its foreign keys checked row by row.
INSUFFICIENT_PRIVILEGE = "42501"  # not the tables' owner
LOCK_NOT_AVAILABLE = "55P03"  # lock_timeout: another session is using the tables
BULK_LOCK_WAIT = "2s"


class PostgresWriter(PositionWriter):
    """``COPY`` into temporary tables, then set-based statements on them:
    PostgreSQL parses and types many-parameter statements slowly."""

    _ids_between = "SELECT id FROM positions WHERE id BETWEEN %s AND %s"

    def __init__(self, session: Session, recorded_at: dt.datetime | None = None):
        super().__init__(session, recorded_at)
        # Staging tables of this transaction; ON COMMIT DROP also clears them on rollback.
        # The position ones are typed from the model, so a new identity column reaches them.
        staging = {
            "import_positions": self._columns_as_in_positions(POSITION_COLUMNS),
            "import_evidence": "n serial, position_id integer, source_id integer, quote text",
            "import_identities": self._columns_as_in_positions(IDENTITY),
        }
        for table, columns in staging.items():
            self.cursor.execute(f"CREATE TEMPORARY TABLE IF NOT EXISTS {table} ({columns}) ON COMMIT DROP")
        self.cursor.execute("SELECT pg_get_serial_sequence('positions', 'id')")
        self._sequence = self._one()
        self._column_types: dict[tuple[str, tuple[str, ...]], list[int]] = {}

    def _columns_as_in_positions(self, names: Sequence[str]) -> str:
        """Column definitions for a staging table: these columns of positions, with their types."""
        columns = Position.__table__.c
        return ", ".join(f"{name} {columns[name].type.compile(dialect=self.dialect)}" for name in names)

    def insert_row(self, table: str, record: dict) -> int:
        self.cursor.execute(
            f"INSERT INTO {table} ({', '.join(record)}) VALUES ({', '.join(['%s'] * len(record))}) RETURNING id",
            tuple(record.values()),
        )
        return self._one()

    def insert_rows(self, table: str, records: list[dict]) -> list[int]:
        # Ids drawn from the table's sequence one after the other, as one
        # INSERT per row would draw them, then one COPY for all the rows.
        if not records:
            return []
        self.cursor.execute(
            "SELECT nextval(pg_get_serial_sequence(%s, 'id')::regclass) FROM generate_series(1, %s)",
            (table, len(records)),
        )
        ids = [row[0] for row in self.cursor.fetchall()]
        columns = list(records[0])
        self._copy(table, ["id", *columns], [(record_id, *record.values()) for record_id, record in zip(ids, records)])
        return ids

    def _prepare_bulk_load(self) -> list[str] | None:
        """Drop the foreign keys of positions and evidence too, so they are checked once, after the file.

        Each foreign key is a row-level trigger that looks the parent up:
        half the server's time in a first import (300k rows: 9 s of 16),
        for ids the importer has just resolved or created itself. Adding a
        constraint back checks every row in one join (0.35 s for the five at
        300k). The price: dropping takes an exclusive lock on positions,
        evidence, actors, topics and sources until the transaction ends, so
        other sessions wait for the import even to read. If the lock is not
        granted within BULK_LOCK_WAIT (another session is using the tables)
        or the user may not alter the tables, the rows go in checked one by one.
        """
        try:
            return self._drop_foreign_keys() + self._drop_unread_indexes() + self._quiet_search_triggers()
        except Exception as error:
            if getattr(error, "sqlstate", None) not in (INSUFFICIENT_PRIVILEGE, LOCK_NOT_AVAILABLE):
                raise
            return None

    def _quiet_search_triggers(self) -> list[str]:
        """Disable the search-index triggers until a row has text to index (see PositionWriter.write).

        On insert they do nothing for a row without a summary (positions) or
        quote (evidence), but cost 0.7 s at 300k such rows for being called.
        A table's owner may disable its own triggers.
        """
        for table in SEARCHED_TEXT:
            self.cursor.execute(f"ALTER TABLE {table} DISABLE TRIGGER {postgresql_trigger(table)}")
            self._quiet[table] = f"ALTER TABLE {table} ENABLE TRIGGER {postgresql_trigger(table)}"
        return []

    def _drop_foreign_keys(self) -> list[str]:
        """Drop the foreign keys of positions and evidence; return the statements that add them back."""
        cursor = self.cursor
        cursor.execute("SELECT current_setting('lock_timeout')")
        lock_timeout = self._one()
        cursor.execute("SELECT set_config('lock_timeout', %s, true)", (BULK_LOCK_WAIT,))
        cursor.execute(
            "SELECT conrelid::regclass::text, conname, pg_get_constraintdef(oid) FROM pg_constraint "
            "WHERE contype = 'f' AND conrelid IN ('positions'::regclass, 'evidence'::regclass) "
            "ORDER BY conrelid::regclass::text, conname"
        )
        constraints = cursor.fetchall()
        for table, name, _ in constraints:
            cursor.execute(f'ALTER TABLE {table} DROP CONSTRAINT "{name}"')
        cursor.execute("SELECT set_config('lock_timeout', %s, true)", (lock_timeout,))
        return [f'ALTER TABLE {table} ADD CONSTRAINT "{name}" {definition}' for table, name, definition in constraints]

    def _drop_unread_indexes(self) -> list[str]:
        """Drop the indexes that the writer does not read; return the statements that build them again.

        It reads positions by id and by live identity (both unique), and
        evidence by position. Building an index once is cheaper than keeping
        it up to date row by row: at 300k rows the reversal-order and topic
        indexes cost 1.9 s during the load and 0.4 s built afterwards, the
        evidence source index 0.23 s and 0.08 s. Called with the tables locked.
        """
        cursor = self.cursor
        cursor.execute(
            "SELECT indexrelid::regclass::text, pg_get_indexdef(indexrelid) FROM pg_index "
            "WHERE indrelid IN ('positions'::regclass, 'evidence'::regclass) AND NOT indisunique AND NOT ("
            "indrelid = 'evidence'::regclass AND indkey[0] = (SELECT attnum FROM pg_attribute "
            "WHERE attrelid = 'evidence'::regclass AND attname = 'position_id')) ORDER BY 1"
        )
        indexes = cursor.fetchall()
        for name, _ in indexes:
            cursor.execute(f"DROP INDEX {name}")
        return [definition for _, definition in indexes]

    def _reserve_ids(self, count: int) -> list[int]:
        self.cursor.execute("SELECT nextval(%s::regclass) FROM generate_series(1, %s)", (self._sequence, count))
        return [row[0] for row in self.cursor.fetchall()]

    def _insert_positions(self, positions: list[tuple]) -> int:
        self._stage("import_positions", POSITION_COLUMNS, positions)
        columns = ", ".join(POSITION_COLUMNS)
        self.cursor.execute(
            f"INSERT INTO positions ({columns}) SELECT {columns} FROM import_positions ORDER BY id {ON_LIVE_CONFLICT}"
        )
        return self.cursor.rowcount

    def _insert_evidence(self, evidence: list[tuple]) -> int:
        self._copy("evidence", EVIDENCE_COLUMNS, evidence)
        return len(evidence)

    def _insert_shared_evidence(self, ids: list[int], source_id: int, quote: str | None) -> int:
        # Called when every staged position went in: the staging table names this batch's ids.
        self.cursor.execute(
            f"INSERT INTO evidence ({', '.join(EVIDENCE_COLUMNS)}) "
            "SELECT id, %s, %s::text FROM import_positions ORDER BY id",
            (source_id, quote),
        )
        return self.cursor.rowcount

    def _insert_missing_evidence(self, evidence: list[tuple]) -> int:
        self._stage("import_evidence", EVIDENCE_COLUMNS, evidence)
        self.cursor.execute(
            f"INSERT INTO evidence ({', '.join(EVIDENCE_COLUMNS)}) "
            "SELECT v.position_id, v.source_id, v.quote FROM import_evidence v "
            "WHERE NOT EXISTS (SELECT 1 FROM evidence e WHERE e.position_id = v.position_id "
            "AND e.source_id = v.source_id AND e.quote IS NOT DISTINCT FROM v.quote) ORDER BY v.n"
        )
        return self.cursor.rowcount

    def _live_ids(self, identities: list[tuple]) -> dict[tuple, int]:
        self._stage("import_identities", IDENTITY, identities)
        match = " AND ".join(f"p.{column} = v.{column}" for column in IDENTITY)
        self.cursor.execute(
            f"SELECT p.id, {', '.join('p.' + column for column in IDENTITY)} FROM positions p "
            f"JOIN import_identities v ON {match} AND p.retracted_at IS NULL"
        )
        return {tuple(identity): position_id for position_id, *identity in self.cursor.fetchall()}

    def _stage(self, table: str, columns: Sequence[str], rows: list[tuple]) -> None:
        self.cursor.execute(f"TRUNCATE {table}")
        self._copy(table, columns, rows)

    def _copy(self, table: str, columns: Sequence[str], rows: list[tuple]) -> None:
        """``COPY`` rows into these columns of a table, in binary: about 4x less of the client's
        time per row than text, which formats each value by looking up its type."""
        key = (table, tuple(columns))
        types = self._column_types.get(key)
        if types is None:
            self.cursor.execute(
                "SELECT atttypid::int FROM pg_attribute WHERE attrelid = %s::regclass "
                "AND attname = ANY(%s) ORDER BY array_position(%s, attname::text)",
                (table, list(columns), list(columns)),
            )
            types = self._column_types[key] = [row[0] for row in self.cursor.fetchall()]
        with self.cursor.copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN (FORMAT BINARY)") as copy:
            copy.set_types(types)
            for row in rows:
                copy.write_row(row)


def _flat(rows: list[tuple]) -> tuple:
    return tuple(itertools.chain.from_iterable(rows))


def _max_params(dbapi_connection) -> int:
    """How many parameters one SQLite statement may take (999 before SQLite 3.32)."""
    import sqlite3

    getlimit = getattr(dbapi_connection, "getlimit", None)  # Python 3.11+
    if getlimit is not None:
        return getlimit(sqlite3.SQLITE_LIMIT_VARIABLE_NUMBER)
    return 32_766 if sqlite3.sqlite_version_info >= (3, 32) else 999
