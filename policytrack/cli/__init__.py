"""The ``policytrack`` command line: parse, call the service layer, print."""

from policytrack.cli import admin, bulk, catalog, extract, pictures, positions, reports, sources  # noqa: F401  (registers commands)
from policytrack.cli import edits, search, show  # noqa: F401  (registers commands)
from policytrack.cli.app import app


def main() -> None:
    app(prog_name="policytrack")
