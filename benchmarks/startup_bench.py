"""Start-up benchmark: small commands as whole processes against the stack's floor.

The floor is a Python that imports typer and sqlalchemy.orm and does nothing
else: no command can start faster with this stack. Each command runs on the
seed database (a few positions), so its time is almost all start-up. Runs
alternate between the floor and the commands, so a machine busy with other
work slows both alike; the median of ``--runs`` is printed with the ratio,
both of wall-clock time and of the CPU time (user + system) the process
used, which a busy machine disturbs less.

With ``--baseline DIR`` (another checkout's tree, e.g. ``git archive main |
tar -x -C DIR``) every command also runs on that code, through
``PYTHONPATH``, in the same rotation: old and new measured alike.
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
    # The first floor with the collector set as policytrack.cli.main() sets
    # it: what that setting saves, any Python of this stack could save too.
    "floor, collector as in policytrack's main()": (
        "import gc; gc.set_threshold(10_000, 10, 10); import typer, sqlalchemy.orm; gc.freeze()"
    ),
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


def seconds(argv: list[str], env: dict[str, str] | None = None, cwd: str | None = None) -> tuple[float, float]:
    """Wall-clock and CPU seconds of one run of ``argv`` (in ``env``, default this process's)."""
    start = time.perf_counter()
    child = subprocess.Popen(argv, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env, cwd=cwd)
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


def _baseline_env(folder: str) -> dict[str, str]:
    """This process's environment with ``folder``'s policytrack first on the path
    (ahead of the editable install's finder, which comes after ``sys.path``)."""
    package = Path(folder).resolve() / "policytrack"
    if not (package / "__init__.py").exists():
        raise SystemExit(f"--baseline {folder}: no policytrack package there")
    compileall.compile_dir(str(package), quiet=1)
    env = os.environ | {"PYTHONPATH": os.pathsep.join(filter(None, [str(package.parent), os.environ.get("PYTHONPATH")]))}
    found = subprocess.run(
        [sys.executable, "-c", "import policytrack; print(policytrack.__file__)"],
        env=env, cwd=tempfile.gettempdir(), capture_output=True, text=True, check=True,
    ).stdout.strip()
    if not Path(found).resolve().is_relative_to(package):
        raise SystemExit(f"--baseline {folder}: its policytrack is shadowed by {found}")
    return env


def run(args) -> None:
    python = sys.executable
    policytrack = [python, "-m", "policytrack"]
    with tempfile.TemporaryDirectory(prefix="policytrack-startup-") as folder:
        db = str(Path(folder) / "seed.db")
        subprocess.run([*policytrack, "--db", db, "init", "--seed"], check=True, capture_output=True)
        baseline = _baseline_env(args.baseline) if args.baseline else None
        cases: dict[str, tuple[list[str], dict[str, str] | None]] = {
            name: ([python, "-c", code], None) for name, code in FLOORS.items()
        }
        for name, argv in commands().items():
            if baseline is not None:
                cases[f"{name} [baseline]"] = ([*policytrack, "--db", db, *argv], baseline)
            cases[name] = ([*policytrack, "--db", db, *argv], None)
        # With PYTHONDONTWRITEBYTECODE set (as in some shells and CI) no run
        # writes policytrack's bytecode, so every run would compile its
        # modules from source (about 0.1 s); an installed copy has bytecode.
        compileall.compile_dir(_package_dir(), quiet=1)
        # Run from the temporary folder: ``python -m`` puts the working
        # directory first on the path, and a checkout's own package there
        # would shadow the baseline's.
        for argv, env in cases.values():  # warm the file cache
            seconds(argv, env, cwd=folder)
        times: dict[str, list[tuple[float, float]]] = {name: [] for name in cases}
        for _ in range(args.runs):
            for name, (argv, env) in cases.items():
                times[name].append(seconds(argv, env, cwd=folder))
    wall = {name: statistics.median(w for w, _ in values) for name, values in times.items()}
    cpu = {name: statistics.median(c for _, c in values) for name, values in times.items()}
    floor = next(iter(FLOORS))
    print(f"median of {args.runs} runs each, alternating; ratio to the first floor (goal <= 1.2x)")
    print(f"  {'':56} {'wall':>8}  {'ratio':>5}  {'cpu':>8}  {'ratio':>5}")
    for name in cases:
        print(
            f"  {name:56} {wall[name] * 1000:5.0f} ms  {wall[name] / wall[floor]:4.2f}x"
            f"  {cpu[name] * 1000:5.0f} ms  {cpu[name] / cpu[floor]:4.2f}x"
        )


def register(subparsers) -> None:
    parser = subparsers.add_parser("startup", help="Small commands as whole processes against the floor.")
    parser.add_argument("--runs", type=int, default=9, help="Runs of each command (default 9).")
    parser.add_argument(
        "--baseline", metavar="DIR",
        help="Also run every command on the policytrack package in DIR (another checkout), alternately.",
    )
    parser.set_defaults(run=run)
