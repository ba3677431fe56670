"""The seed data shipped with policytrack: the landmine example of SPEC.md."""

from __future__ import annotations

from importlib import resources
from pathlib import Path

from sqlalchemy.orm import Session

from policytrack.bulk.importer import import_files
from policytrack.bulk.report import ImportSummary

SEED_BUNDLES = ("landmines.yaml",)


def seeds_dir() -> Path:
    """Where the seed files are, in a checkout or an installed wheel."""
    return Path(str(resources.files("policytrack.seeds")))


def load_seed_data(session: Session) -> ImportSummary:
    """Import the seed bundles; a second time adds nothing."""
    return import_files(session, [seeds_dir() / name for name in SEED_BUNDLES])
