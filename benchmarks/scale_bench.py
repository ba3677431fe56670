"""Scale benchmark: a PostgreSQL database of N positions built and measured by one command.

Writes the synthetic CSV (the import benchmark's generator, at ``--rows``
positions over ``--actors`` actors and ``--topics`` topics), imports it with
``policytrack import`` into a fresh scratch PostgreSQL database, and in the
same run measures

- the import: seconds, rows/s and peak memory of the whole CLI process,
  against psycopg ``COPY`` of the same file into one unindexed table;
- the database size (whole database, positions and evidence with indexes);
- each report, in a streamed format, as a child process (seconds, peak MB)
  against the bare reversal window query read through a server-side cursor.

The default size is small (1M positions); ``--rows 10000000 --actors 100000``
is the ten-million case of docs/scaling.md. The scratch database is dropped
at the end unless ``--keep``.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
import uuid
from pathlib import Path

from benchmarks.import_bench import SOURCE_SLUG, synthetic_csv, timed_child
from benchmarks.reports_bench import _libpq, bare_postgres, drop_postgres

# Streamed formats only: a table (the default format) holds every row to size
# its columns, which at millions of rows is gigabytes (see docs/scaling.md).
REPORTS = (
    ["reversals", "--level", "shift", "--format", "csv"],
    ["reversals", "--rollup", "--format", "csv"],
    ["current", "--format", "csv"],
    ["diff", "actor-00000", "--from", "2000"],
    ["diff", "actor-00000", "actor-00001"],
)


def register(subparsers) -> None:
    parser = subparsers.add_parser("scale", help="build a PostgreSQL database of N positions and measure import and reports")
    parser.add_argument("--rows", type=int, default=1_000_000, help="synthetic positions (default 1,000,000)")
    parser.add_argument("--actors", type=int, help="actors (default rows / 100)")
    parser.add_argument("--topics", type=int, default=200)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument(
        "--postgres", metavar="URL", default=os.environ.get("POLICYTRACK_TEST_POSTGRES_URL"),
        help="server URL to create the scratch database through [default: $POLICYTRACK_TEST_POSTGRES_URL]",
    )
    parser.add_argument("--keep", action="store_true", help="keep the scratch database (its URL is printed)")
    parser.set_defaults(run=run)


def run(args) -> None:
    if not args.postgres:
        # Not an error: `make bench` runs every benchmark, and this one needs a server.
        print("scale: skipped, it needs --postgres URL (or $POLICYTRACK_TEST_POSTGRES_URL)")
        return
    actors = args.actors or max(1, args.rows // 100)
    start = time.perf_counter()
    path = synthetic_csv(args.rows, actors, args.topics, args.seed)
    print(f"{path} ({args.rows:,} rows, {actors:,} actors, {args.topics} topics, "
          f"{path.stat().st_size / 1e6:.0f} MB; ready in {time.perf_counter() - start:.0f} s)")
    url = create_database(args.postgres, f"bench_scale_{args.rows}")
    try:
        measure_import(path, args.rows, url)
        print_sizes(url)
        measure_reports(url)
    finally:
        if args.keep:
            print(f"\nkept {url}")
        else:
            drop_postgres(url, args.postgres)


def create_database(admin_url: str, prefix: str, scales: dict | None = None) -> str:
    import psycopg

    name = f"{prefix}_{uuid.uuid4().hex[:8]}"
    with psycopg.connect(_libpq(admin_url), autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    url = admin_url.rsplit("/", 1)[0] + f"/{name}"
    # In a child, like the import: this process stays small.
    timed_child([sys.executable, "-c", "import sys, json; from benchmarks.import_bench import prepare_database; "
                 "prepare_database(sys.argv[1], json.loads(sys.argv[2]))", url, json.dumps(scales or {})])
    return url


def measure_import(path: Path, rows: int, url: str) -> None:
    full_seconds, full_peak = timed_child(
        [sys.executable, "-m", "policytrack", "--db", url, "import", str(path), "--create-missing", "--source", SOURCE_SLUG]
    )
    copy_seconds, copy_peak = timed_child(
        [sys.executable, "-c", "import sys; from benchmarks.scale_bench import copy_floor; copy_floor(sys.argv[1], sys.argv[2])",
         str(path), url]
    )
    print(f"\n{'import':34s} {'seconds':>8s} {'rows/s':>10s} {'peak MB':>8s}")
    print(f"{'policytrack import (+ VACUUM ANALYZE)':34s} {full_seconds:8.1f} {rows / full_seconds:10,.0f} {full_peak:8.0f}")
    print(f"{'psycopg COPY into one table':34s} {copy_seconds:8.1f} {rows / copy_seconds:10,.0f} {copy_peak:8.0f}")
    print(f"ratio: {full_seconds / copy_seconds:.2f}x COPY")


def copy_floor(csv_path: str, url: str) -> None:
    """The least a PostgreSQL importer does: the file's bytes through COPY into one unindexed table.

    A plain table, committed, then dropped: a temporary one would skip the
    write-ahead log that every real import writes.
    """
    import psycopg

    with psycopg.connect(_libpq(url)) as connection:
        connection.execute("CREATE TABLE copy_floor (actor text, topic text, stance text, \"on\" text)")
        connection.commit()
        try:
            with open(csv_path, "rb") as handle, connection.cursor().copy(
                "COPY copy_floor FROM STDIN (FORMAT csv, HEADER true)"
            ) as copy:
                while block := handle.read(1 << 20):
                    copy.write(block)
            connection.commit()
        finally:
            connection.rollback()
            connection.execute("DROP TABLE copy_floor")
            connection.commit()


def print_sizes(url: str) -> None:
    import psycopg

    with psycopg.connect(_libpq(url)) as connection:
        database = connection.execute("SELECT pg_database_size(current_database())").fetchone()[0]
        print(f"\ndatabase size {database / 1e6:,.0f} MB")
        for table in ("positions", "evidence"):
            total, heap, rows = connection.execute(
                "SELECT pg_total_relation_size(c.oid), pg_relation_size(c.oid), c.reltuples::bigint "
                "FROM pg_class c WHERE c.relname = %s AND c.relkind = 'r'",
                (table,),
            ).fetchone()
            print(f"  {table:10s} {total / 1e6:8,.0f} MB ({heap / 1e6:,.0f} MB rows, {(total - heap) / 1e6:,.0f} MB indexes), "
                  f"{total / max(rows, 1):.0f} bytes a row")


def measure_reports(url: str) -> None:
    bare_seconds, changes = bare_postgres(url)
    print(f"\nbare window query {bare_seconds:.1f} s ({changes:,} changes, server-side cursor)")
    print(f"{'report':45s} {'seconds':>8s} {'peak MB':>8s} {'x bare':>7s}")
    for args in REPORTS:
        seconds, peak = timed_child([sys.executable, "-m", "policytrack", "--db", url, *args], stdout=subprocess.DEVNULL)
        print(f"{' '.join(args):45s} {seconds:8.1f} {peak:8.0f} {seconds / bare_seconds:7.2f}", flush=True)
    again, _ = bare_postgres(url)
    print(f"bare window query again {again:.1f} s (the spread between the two is the machine's noise)")
