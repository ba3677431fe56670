"""The ``policytrack`` command line: parse, call the service layer, print."""

from policytrack.cli import admin, bulk, catalog, edits, extract, pictures, positions, reports, search, show, sources  # noqa: F401  (registers commands)  # noqa: F401  (registers commands)
from policytrack.cli.app import app


def main() -> None:
    app(prog_name="policytrack")
