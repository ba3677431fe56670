"""``python -m benchmarks SUBCOMMAND [options]``: one subcommand per benchmark.

Each benchmark module has ``register(subparsers)``, which adds its
subcommand and sets ``run`` to a function taking the parsed arguments.
To add a benchmark, write the module and list it in BENCHMARKS.
"""

from __future__ import annotations

import argparse
import importlib
import sys

BENCHMARKS = (
    "benchmarks.startup_bench", "benchmarks.import_bench", "benchmarks.reports_bench", "benchmarks.pictures_bench",
    "benchmarks.extract_bench", "benchmarks.scale_bench",
)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks", description="policytrack benchmarks (see benchmarks/README.md).")
    subparsers = parser.add_subparsers(dest="benchmark", metavar="BENCHMARK")
    for name in BENCHMARKS:
        importlib.import_module(name).register(subparsers)
    args = parser.parse_args(argv)
    if args.benchmark is None:  # `make bench` with no arguments runs every benchmark with its defaults
        for name in subparsers.choices:
            print(f"== {name}")
            defaults = parser.parse_args([name])
            defaults.run(defaults)
        return 0
    args.run(args)
    return 0


if __name__ == "__main__":
    sys.exit(main())
