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
from policytrack.cli.app import app, app_for

__all__ = ["app", "main"]


def main() -> None:
    import sys

    app_for(sys.argv[1:])(prog_name="policytrack")
