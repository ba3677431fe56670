"""Report benchmark: the reports end to end against the bare window query.

Over a database of N positions (the import benchmark's synthetic data), runs
each report as a user would (``policytrack --db ... REPORT``, output to
/dev/null) and, in the same run, the bare reversal window query in plain
``sqlite3`` (or psycopg), and prints seconds, peak memory and the ratio.
With ``--postgres URL`` the same data is copied into a scratch PostgreSQL
database (created and dropped here) and measured there too.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
import uuid
from pathlib import Path

from benchmarks.import_bench import build_database, timed_child

# The reversal window alone: what any implementation has to compute.
BARE_WINDOW_QUERY = """
SELECT actor_id, topic_id, id, stance, from_stance FROM (
  SELECT actor_id, topic_id, id, stance,
         LAG(stance) OVER (PARTITION BY actor_id, topic_id ORDER BY effective_on, recorded_at, id) AS from_stance
  FROM positions WHERE retracted_at IS NULL
) AS pairs WHERE from_stance <> stance
"""

TABLES = ("scales", "scale_levels", "actors", "actor_aliases", "topics", "sources", "positions", "evidence")


def reports(sample_actor: str) -> list[list[str]]:
    return [
        ["reversals", "--level", "shift", "--format", "csv"],
        ["reversals", "--rollup"],
        ["current"],
        ["diff", sample_actor, "--from", "2000"],
        ["diff", sample_actor, "actor-00001"],
    ]


# The bare queries count their rows as they stream in rather than keep them:
# the reports are children of this process, and Linux counts the memory a
# child had when it was forked in its peak (ru_maxrss), so a parent holding
# 720,000 rows made every report look 90 MB bigger than it is.


def bare_sqlite(path: Path) -> tuple[float, int]:
    import sqlite3

    connection = sqlite3.connect(path)
    start = time.perf_counter()
    count = sum(1 for _ in connection.execute(BARE_WINDOW_QUERY))
    elapsed = time.perf_counter() - start
    connection.close()
    return elapsed, count


def bare_postgres(url: str) -> tuple[float, int]:
    """Read through a server-side cursor, as the reports read theirs."""
    import psycopg

    with psycopg.connect(_libpq(url)) as connection:
        start = time.perf_counter()
        count = 0
        with connection.cursor(name="bare") as cursor:
            cursor.execute(BARE_WINDOW_QUERY)
            while chunk := cursor.fetchmany(2000):
                count += len(chunk)
        return time.perf_counter() - start, count


def _libpq(url: str) -> str:
    return url.replace("postgresql+psycopg://", "postgresql://")


def copy_to_postgres(sqlite_path: Path, admin_url: str) -> str:
    """A scratch PostgreSQL database at the newest revision holding the SQLite data."""
    import sqlite3

    import psycopg

    from policytrack.db import Database

    name = f"policytrack_bench_{uuid.uuid4().hex[:8]}"
    with psycopg.connect(_libpq(admin_url), autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    url = admin_url.rsplit("/", 1)[0] + f"/{name}"
    database = Database(url)
    database.upgrade()
    database.dispose()
    source = sqlite3.connect(sqlite_path)
    with psycopg.connect(_libpq(url)) as target:
        target.execute("DELETE FROM scale_levels; DELETE FROM scales")
        for table in TABLES:
            columns = [row[1] for row in source.execute(f"PRAGMA table_info({table})")]
            listing = ", ".join(columns)
            with target.cursor().copy(f"COPY {table} ({listing}) FROM STDIN") as copy:
                for row in source.execute(f"SELECT {listing} FROM {table}"):
                    copy.write_row(row)
            if "id" in columns:
                target.execute(
                    f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), coalesce(max(id), 1)) FROM {table}"
                )
        target.commit()
        target.autocommit = True
        target.execute("VACUUM ANALYZE")
    return url


def drop_postgres(url: str, admin_url: str) -> None:
    import psycopg

    name = url.rsplit("/", 1)[1]
    with psycopg.connect(_libpq(admin_url), autocommit=True) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def measure(db: str, bare: tuple[float, int], sample_actor: str, backend: str) -> None:
    bare_seconds, changes = bare
    print(f"\n{backend}: bare window query {bare_seconds:.2f} s ({changes:,} changes)")
    print(f"{'report':45s} {'seconds':>8s} {'peak MB':>8s} {'x bare':>7s}")
    for args in reports(sample_actor):
        seconds, peak = timed_child([sys.executable, "-m", "policytrack", "--db", db, *args], stdout=subprocess.DEVNULL)
        print(f"{' '.join(args):45s} {seconds:8.2f} {peak:8.0f} {seconds / bare_seconds:7.2f}")


def register(subparsers) -> None:
    parser = subparsers.add_parser("reports", help="the reports end to end against the bare window query")
    parser.add_argument("--rows", type=int, default=1_000_000, help="positions in the synthetic database")
    parser.add_argument("--db", type=Path, help="an existing SQLite policytrack database instead")
    parser.add_argument("--actor", default="actor-00000", help="the actor for `diff`")
    parser.add_argument(
        "--postgres", metavar="URL", default=os.environ.get("POLICYTRACK_TEST_POSTGRES_URL"),
        help="also measure on PostgreSQL, in a scratch database created through this server URL "
        "[default: $POLICYTRACK_TEST_POSTGRES_URL]",
    )
    parser.set_defaults(run=lambda args: run(args.db or build_database(args.rows), args.postgres, args.actor))


def run(database_path: Path, postgres_url: str | None, sample_actor: str) -> None:
    import sqlite3

    count = sqlite3.connect(database_path).execute("SELECT count(*) FROM positions").fetchone()[0]
    print(f"database {database_path}: {count:,} positions")
    measure(str(database_path), bare_sqlite(database_path), sample_actor, "SQLite")
    if postgres_url:
        start = time.perf_counter()
        url = copy_to_postgres(database_path, postgres_url)
        print(f"\n(copied to PostgreSQL in {time.perf_counter() - start:.1f} s)")
        try:
            measure(url, bare_postgres(url), sample_actor, "PostgreSQL")
        finally:
            drop_postgres(url, postgres_url)
