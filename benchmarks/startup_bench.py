"""Start-up benchmark: small commands as whole processes against the stack's floor.

The floor is a Python that imports typer and sqlalchemy.orm and does nothing
else: no command can start faster with this stack. Each command runs on the
seed database (a few positions), so its time is almost all start-up. Runs
alternate between the floor and the commands, so a machine busy with other
work slows both alike; the median of ``--runs`` is printed with the ratio,
both of wall-clock time and of the CPU time (user + system) the process
used, which a busy machine disturbs less.
"""

from __future__ import annotations

import compileall
import importlib.util
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

FLOORS = {
    "floor: import typer, sqlalchemy.orm": "import typer, sqlalchemy.orm",
    # typer coerces every option value through pydantic, so every command pays for it.
    "floor + pydantic (typer's value coercion)": "import typer, sqlalchemy.orm; from pydantic import TypeAdapter",
}


def commands() -> dict[str, list[str]]:
    return {
        "policytrack --version": ["--version"],
        "current": ["current"],
        "reversals --rollup": ["reversals", "--rollup"],
        "timeline --actor us": ["timeline", "--actor", "us"],
        "record (an existing position again)": [
            "record", "--actor", "biden-admin", "--topic", "apl-transfer", "--stance", "supply",
            "--on", "2024-11", "--source", "caliber-2024-11-21",
        ],
    }


def seconds(argv: list[str]) -> tuple[float, float]:
    """Wall-clock and CPU seconds of one run of ``argv``."""
    start = time.perf_counter()
    child = subprocess.Popen(argv, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _, status, usage = os.wait4(child.pid, 0)
    wall = time.perf_counter() - start
    child.returncode = os.waitstatus_to_exitcode(status)
    if child.returncode != 0:
        raise SystemExit(f"{' '.join(argv)} exited with {child.returncode}")
    return wall, usage.ru_utime + usage.ru_stime


def _package_dir() -> str:
    spec = importlib.util.find_spec("policytrack")
    assert spec is not None and spec.submodule_search_locations
    return next(iter(spec.submodule_search_locations))


def run(args) -> None:
    python = sys.executable
    policytrack = [python, "-m", "policytrack"]
    with tempfile.TemporaryDirectory(prefix="policytrack-startup-") as folder:
        db = str(Path(folder) / "seed.db")
        subprocess.run([*policytrack, "--db", db, "init", "--seed"], check=True, capture_output=True)
        cases = {name: [python, "-c", code] for name, code in FLOORS.items()}
        cases |= {name: [*policytrack, "--db", db, *argv] for name, argv in commands().items()}
        # With PYTHONDONTWRITEBYTECODE set (as in some shells and CI) no run
        # writes policytrack's bytecode, so every run would compile its
        # modules from source (about 0.1 s); an installed copy has bytecode.
        compileall.compile_dir(_package_dir(), quiet=1)
        for argv in cases.values():  # warm the file cache
            seconds(argv)
        times: dict[str, list[tuple[float, float]]] = {name: [] for name in cases}
        for _ in range(args.runs):
            for name, argv in cases.items():
                times[name].append(seconds(argv))
    wall = {name: statistics.median(w for w, _ in values) for name, values in times.items()}
    cpu = {name: statistics.median(c for _, c in values) for name, values in times.items()}
    floor = next(iter(FLOORS))
    print(f"median of {args.runs} runs each, alternating; ratio to the first floor (goal <= 1.2x)")
    print(f"  {'':45} {'wall':>8}  {'ratio':>5}  {'cpu':>8}  {'ratio':>5}")
    for name in cases:
        print(
            f"  {name:45} {wall[name] * 1000:5.0f} ms  {wall[name] / wall[floor]:4.2f}x"
            f"  {cpu[name] * 1000:5.0f} ms  {cpu[name] / cpu[floor]:4.2f}x"
        )


def register(subparsers) -> None:
    parser = subparsers.add_parser("startup", help="Small commands as whole processes against the floor.")
    parser.add_argument("--runs", type=int, default=9, help="Runs of each command (default 9).")
    parser.set_defaults(run=run)
