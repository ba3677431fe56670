"""Import benchmark: ``policytrack import`` against a minimal plain importer.

Generates a synthetic CSV of N positions (random-walk stances on the
``support`` scale) into ``benchmarks/data/``, imports it into a fresh SQLite
database with ``policytrack import --create-missing --source ...`` in a child
process, and, in the same run, times the least any importer has to do: the
``csv`` module reading the same file and plain ``sqlite3`` ``executemany``
inserting its rows into one table of the same columns, in one transaction.
Prints rows per second, wall time, the child's peak memory, and the ratio.

With ``--csv FILE --scales scales.json`` it imports a real file instead
(the OxCGRT change points): each topic gets its own scale from scales.json.

With ``--postgres [URL]`` the same file goes into a scratch PostgreSQL
database created and dropped through URL (default
``$POLICYTRACK_TEST_POSTGRES_URL``), against psycopg ``COPY`` of the file
into one unindexed table of the same database, in the same run.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import json
import os
import random
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATA = Path(__file__).resolve().parent / "data"
SOURCE_SLUG = "bench"
SUPPORT_LEVELS = (-2, -1, 0, 1, 2)
FIRST_DAY = dt.date(2000, 1, 1)


def register(subparsers) -> None:
    parser = subparsers.add_parser("import", help="policytrack import of a large CSV against a plain sqlite3 insert")
    parser.add_argument("--rows", type=int, default=1_000_000, help="synthetic positions (default 1,000,000)")
    parser.add_argument("--actors", type=int, default=10_000)
    parser.add_argument("--topics", type=int, default=50)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--csv", type=Path, help="import this CSV position file instead of synthetic data")
    parser.add_argument("--scales", type=Path, help="with --csv: topic slug -> {name, pivot, labels} (OxCGRT scales.json)")
    parser.add_argument(
        "--postgres", metavar="URL", nargs="?", const=os.environ.get("POLICYTRACK_TEST_POSTGRES_URL", ""),
        help="import into a scratch PostgreSQL database made through URL instead, against COPY "
        "[URL default: $POLICYTRACK_TEST_POSTGRES_URL]",
    )
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> None:
    if args.csv is not None:
        if args.scales is None:
            raise SystemExit("--csv needs --scales (the scale of each topic)")
        path, scales = args.csv, json.loads(args.scales.read_text(encoding="utf-8"))
    else:
        path, scales = synthetic_csv(args.rows, args.actors, args.topics, args.seed), None
    if args.postgres is None:
        compare(path, scales=scales)
    elif not args.postgres:
        raise SystemExit("--postgres needs a URL (or $POLICYTRACK_TEST_POSTGRES_URL)")
    else:
        compare_postgres(path, args.postgres, scales=scales)


# Data -------------------------------------------------------------------


def synthetic_csv(rows: int, actors: int = 10_000, topics: int = 50, seed: int = 1) -> Path:
    """A CSV of ``rows`` positions in benchmarks/data/, made once per set of parameters.

    Each actor gets about rows/actors positions: random walks on the support
    scale over a few topics, dated a few weeks to months apart. Rows are in
    (actor, topic, date) order, as a tracker would export them.
    """
    path = DATA / f"synthetic-{rows}-{actors}a-{topics}t-seed{seed}.csv"
    if path.exists():
        return path
    DATA.mkdir(parents=True, exist_ok=True)
    partial = path.with_suffix(".partial")
    rng = random.Random(seed)
    with partial.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(("actor", "topic", "stance", "on"))
        for actor in range(actors):
            budget = rows // actors + (1 if actor < rows % actors else 0)
            series = min(topics, max(1, budget // 10))
            for number, topic in enumerate(sorted(rng.sample(range(topics), series))):
                steps = budget // series + (1 if number < budget % series else 0)
                _walk(writer, rng, f"actor-{actor:05d}", f"topic-{topic:02d}", steps)
    partial.rename(path)
    return path


def _walk(writer, rng: random.Random, actor: str, topic: str, steps: int) -> None:
    day = FIRST_DAY + dt.timedelta(days=rng.randrange(3650))
    stance = rng.choice(SUPPORT_LEVELS)
    for _ in range(steps):
        writer.writerow((actor, topic, stance, day.isoformat()))
        day += dt.timedelta(days=rng.randint(7, 120))
        stance = min(2, max(-2, stance + rng.choice((-1, 1))))


# Measuring --------------------------------------------------------------


def compare(path: Path, scales: dict | None = None) -> None:
    rows = _count_rows(path)
    print(f"{path} ({rows:,} rows, {path.stat().st_size / 1e6:.1f} MB)")
    with tempfile.TemporaryDirectory(prefix="policytrack-bench-") as scratch:
        workdir = Path(scratch)
        header_only = workdir / "header.csv"
        with path.open(newline="", encoding="utf-8-sig") as handle, header_only.open("w", encoding="utf-8") as out:
            out.write(handle.readline())
        times = {}
        for name, source in (("start-up", header_only), ("import", path)):
            database = workdir / f"{name}.db"
            # In a child too: this process stays small, so the children it forks
            # do not start out with its memory counted as theirs.
            timed_child([sys.executable, "-c", "import sys, json; from benchmarks.import_bench import "
                         "prepare_database; prepare_database(sys.argv[1], json.loads(sys.argv[2]))",
                         str(database), json.dumps(scales or {})])
            times[name] = timed_child(
                [sys.executable, "-m", "policytrack", "--db", str(database), "import", str(source),
                 "--create-missing", "--source", SOURCE_SLUG]
            )
        positions = _count(workdir / "import.db", "positions")
        plain_seconds, plain_peak = timed_child(
            [sys.executable, "-c", "import sys; from benchmarks.import_bench import plain_insert; "
             "plain_insert(sys.argv[1], sys.argv[2])", str(path), str(workdir / "plain.db")]
        )
    _print_comparison(rows, positions, times, "policytrack import", "plain csv + sqlite3 executemany",
                      (plain_seconds, plain_peak), "the plain insert")


def _print_comparison(rows: int, positions: int, times: dict, import_label: str, floor_label: str,
                      floor: tuple[float, float], floor_name: str) -> None:
    full_seconds, full_peak = times["import"]
    startup = times["start-up"][0]
    floor_seconds, floor_peak = floor
    width = max(34, len(import_label))
    print(f"{'':{width}s} {'seconds':>8s} {'rows/s':>10s} {'peak MB':>8s}")
    print(f"{import_label:{width}s} {full_seconds:8.2f} {rows / full_seconds:10,.0f} {full_peak:8.0f}")
    print(f"{'  of which start-up (header only)':{width}s} {startup:8.2f}")
    print(f"{floor_label:{width}s} {floor_seconds:8.2f} {rows / floor_seconds:10,.0f} {floor_peak:8.0f}")
    print(f"ratio: {full_seconds / floor_seconds:.2f}x {floor_name}, "
          f"{(full_seconds - startup) / floor_seconds:.2f}x without start-up ({positions:,} positions imported)")


def compare_postgres(path: Path, admin_url: str, scales: dict | None = None) -> None:
    """As :func:`compare`, on a scratch PostgreSQL database; the floor is COPY (scale_bench.copy_floor)."""
    from benchmarks.reports_bench import drop_postgres
    from benchmarks.scale_bench import create_database

    rows = _count_rows(path)
    print(f"{path} ({rows:,} rows, {path.stat().st_size / 1e6:.1f} MB), PostgreSQL")
    with tempfile.TemporaryDirectory(prefix="policytrack-bench-") as scratch:
        header_only = Path(scratch) / "header.csv"
        with path.open(newline="", encoding="utf-8-sig") as handle, header_only.open("w", encoding="utf-8") as out:
            out.write(handle.readline())
        times = {}
        for name, source in (("start-up", header_only), ("import", path)):
            url = create_database(admin_url, f"bench_import_{name.replace('-', '')}", scales)
            try:
                times[name] = timed_child(
                    [sys.executable, "-m", "policytrack", "--db", url, "import", str(source),
                     "--create-missing", "--source", SOURCE_SLUG]
                )
                if name == "import":
                    positions = _count_postgres(url, "positions")
                    # The floor in the same database, after the import: the same server, the same disk.
                    copy_seconds, copy_peak = timed_child(
                        [sys.executable, "-c", "import sys; from benchmarks.scale_bench import copy_floor; "
                         "copy_floor(sys.argv[1], sys.argv[2])", str(path), url]
                    )
            finally:
                drop_postgres(url, admin_url)
    _print_comparison(rows, positions, times, "policytrack import (+ VACUUM ANALYZE)", "psycopg COPY into one table",
                      (copy_seconds, copy_peak), "COPY")


def prepare_database(path: str | Path, scales: dict | None = None) -> Path:
    """A fresh database with the benchmark source and, for a real file, its scales and topics."""
    from policytrack.catalog import add_scale, add_topic
    from policytrack.db import Database
    from policytrack.sources import add_source

    database = Database(str(path))
    database.upgrade()
    with database.session() as session:
        add_source(session, "Synthetic benchmark positions", slug=SOURCE_SLUG)
        for slug, scale in (scales or {}).items():
            levels = {int(value): label for value, label in scale["labels"].items()}
            add_scale(session, slug, scale["name"], levels, pivot=scale["pivot"])
            add_topic(session, slug, scale["name"], scale=slug)
    database.dispose()
    return Path(path)


def timed_child(command: list[str], stdout=None) -> tuple[float, float]:
    """Wall seconds and peak resident memory (MB) of a child process."""
    start = time.perf_counter()
    process = subprocess.Popen(command, cwd=ROOT, stdout=stdout, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(process.pid, 0)
    seconds = time.perf_counter() - start
    errors = process.stderr.read().decode()
    process.stderr.close()
    if status != 0:
        raise SystemExit(f"{' '.join(command)} failed:\n{errors}")
    return seconds, usage.ru_maxrss / 1024  # Linux reports KiB


def plain_insert(csv_path: str, db_path: str) -> None:
    """The minimal importer: csv rows into one table of the same columns, one transaction.

    Same connection settings as policytrack's SQLite databases (WAL,
    synchronous=NORMAL), so the comparison is about the import itself.
    """
    import itertools
    import sqlite3

    connection = sqlite3.connect(db_path, isolation_level=None)
    connection.execute("PRAGMA journal_mode = WAL")
    connection.execute("PRAGMA synchronous = NORMAL")
    with open(csv_path, newline="", encoding="utf-8-sig") as handle:
        reader = csv.reader(handle)
        header = next(reader)
        columns = ", ".join(f'"{name}" TEXT' for name in header)
        connection.execute(f"CREATE TABLE rows ({columns})")
        insert = f"INSERT INTO rows VALUES ({', '.join('?' * len(header))})"
        connection.execute("BEGIN")
        while batch := list(itertools.islice(reader, 10_000)):
            connection.executemany(insert, batch)
        connection.execute("COMMIT")
    connection.close()


def build_database(rows: int = 1_000_000, path: Path | None = None, seed: int = 1) -> Path:
    """A SQLite database of ``rows`` synthetic positions, built once and reused.

    For the reports benchmark: the same data as this benchmark, imported
    with the library (``import_files``, then the statistics refreshed) as
    ``policytrack import`` does.
    """
    from policytrack.bulk import import_files, refresh_statistics_after
    from policytrack.db import Database

    path = path or DATA / f"synthetic-{rows}-seed{seed}.db"
    if path.exists():
        return path
    source = synthetic_csv(rows, seed=seed)
    building = path.with_suffix(".building")
    for leftover in building.parent.glob(building.name + "*"):
        leftover.unlink()
    prepare_database(building)
    database = Database(str(building))
    with database.session() as session:
        summary = import_files(session, [source], create_missing=True, default_source=SOURCE_SLUG)
    refresh_statistics_after(database, summary)
    database.dispose()
    for suffix in ("-wal", "-shm"):
        Path(f"{building}{suffix}").unlink(missing_ok=True)
    shutil.move(building, path)
    return path


def _count(path: Path, table: str) -> int:
    import sqlite3

    connection = sqlite3.connect(path)
    try:
        return connection.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
    finally:
        connection.close()


def _count_postgres(url: str, table: str) -> int:
    import psycopg

    from benchmarks.reports_bench import _libpq

    with psycopg.connect(_libpq(url)) as connection:
        row = connection.execute(f"SELECT count(*) FROM {table}").fetchone()
        assert row is not None
        return row[0]


def _count_rows(path: Path) -> int:
    with path.open(newline="", encoding="utf-8-sig") as handle:
        return sum(1 for _ in csv.reader(handle)) - 1
