"""Bulk loading and dumping: ``import`` of YAML/JSON bundles and CSV position
files, ``export`` of the whole database, and the bundled seed data.

The functions here take a SQLAlchemy session and return plain results; the
CLI in ``policytrack.cli.bulk`` only parses options and prints.
"""

from policytrack.bulk.export import export_database
from policytrack.bulk.importer import import_files, refresh_statistics_after
from policytrack.bulk.report import ImportSummary
from policytrack.bulk.seeds import load_seed_data

__all__ = ["ImportSummary", "export_database", "import_files", "load_seed_data", "refresh_statistics_after"]
