"""The ``policytrack`` command line: parse, call the service layer, print."""

from policytrack.cli import (  # noqa: F401  (registers commands)
    admin,
    bulk,
    catalog,
    edits,
    extract,
    pictures,
    positions,
    reports,
    search,
    show,
    sources,
)
from policytrack.cli.app import app, keep_only_the_command_run


def main() -> None:
    import sys

    keep_only_the_command_run(sys.argv[1:])
    app(prog_name="policytrack")
