"""Pictures benchmark: ``plot`` and ``publish`` end to end, seconds and peak memory.

    python -m benchmarks pictures [--rows 1000000] [--db DB]
    python -m benchmarks pictures --csv ../shared/oxcgrt/changepoints.csv --scales ../shared/oxcgrt/scales.json

Over the import benchmark's synthetic database of ``--rows`` positions (built
once, then reused), an existing ``--db``, or a real CSV imported into a
scratch database, runs in a child process each: ``plot -o chart.png``, the
same as SVG (one element per position, for the ids), ``plot --rollup``,
``publish SITE`` and ``publish SITE --rollup``, and prints seconds, peak MB
and the size of what was written. Both commands draw at most the 12 actors
with the most positions per topic and 12 topics, and list at most the latest
500 positions and changes per page, with a note; that is what keeps a
million positions quick.
"""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
from pathlib import Path

from benchmarks.import_bench import SOURCE_SLUG, build_database, prepare_database, timed_child


def register(subparsers) -> None:
    parser = subparsers.add_parser("pictures", help="policytrack plot and publish: seconds and peak memory")
    parser.add_argument("--rows", type=int, default=1_000_000, help="positions in the synthetic database")
    parser.add_argument("--db", type=Path, help="an existing SQLite policytrack database instead")
    parser.add_argument("--csv", type=Path, help="import this CSV position file into a scratch database instead")
    parser.add_argument("--scales", type=Path, help="with --csv: topic slug -> {name, pivot, labels} (OxCGRT scales.json)")
    parser.set_defaults(run=run)


def run(args) -> None:
    with tempfile.TemporaryDirectory(prefix="policytrack-pictures-") as scratch:
        workdir = Path(scratch)
        if args.csv is not None:
            if args.scales is None:
                raise SystemExit("--csv needs --scales (the scale of each topic)")
            database = workdir / "imported.db"
            prepare_database(database, json.loads(args.scales.read_text(encoding="utf-8")))
            timed_child([sys.executable, "-m", "policytrack", "--db", str(database), "import", str(args.csv),
                         "--create-missing", "--source", SOURCE_SLUG])
        else:
            database = args.db or build_database(args.rows)
        measure(database, workdir)


def measure(database: Path, workdir: Path) -> None:
    import sqlite3

    count = sqlite3.connect(database).execute("SELECT count(*) FROM positions").fetchone()[0]
    print(f"database {database}: {count:,} positions")
    print(f"{'command':32s} {'seconds':>8s} {'peak MB':>8s} {'output':>12s}")
    runs = [
        ("plot -o chart.png", ["plot", "-o", str(workdir / "chart.png")], workdir / "chart.png"),
        ("plot -o chart.svg", ["plot", "-o", str(workdir / "chart.svg")], workdir / "chart.svg"),
        ("plot --rollup -o rollup.png", ["plot", "--rollup", "-o", str(workdir / "rollup.png")], workdir / "rollup.png"),
        ("publish site", ["publish", str(workdir / "site")], workdir / "site"),
        ("publish site --rollup (again)", ["publish", str(workdir / "site"), "--rollup"], workdir / "site"),
    ]
    for label, args, output in runs:
        seconds, peak = timed_child([sys.executable, "-m", "policytrack", "--db", str(database), *args],
                                    stdout=subprocess.DEVNULL)
        print(f"{label:32s} {seconds:8.2f} {peak:8.0f} {_size(output):>12s}")


def _size(path: Path) -> str:
    if path.is_dir():
        files = [p for p in path.rglob("*") if p.is_file()]
        return f"{len(files)} files, {sum(p.stat().st_size for p in files) / 1e6:.1f} MB"
    return f"{path.stat().st_size / 1e3:.0f} kB"
