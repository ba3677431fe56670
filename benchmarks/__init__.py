"""Benchmarks: ``python -m benchmarks SUBCOMMAND`` (see README.md). They print
figures; they do not pass or fail on time."""
