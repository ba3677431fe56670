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
    import gc
    import sys

    # Start-up makes some 70,000 objects that live as long as the process
    # (modules, classes, SQLAlchemy's and pydantic's structures) and next
    # to no garbage; at the default threshold of 700 the collector walks
    # them about 150 times before a small command has printed anything.
    # Cycles are still collected, in batches of 10,000 new objects.
    gc.set_threshold(10_000, 10, 10)
    try:
        app_for(sys.argv[1:])(prog_name="policytrack")
    finally:
        # The process ends here. Frozen, those objects are not walked again
        # by the collections of the interpreter's shutdown (about 0.1 s on
        # the seed database, more than any command's own work); the files
        # and connections a command opens it closes itself.
        gc.freeze()
