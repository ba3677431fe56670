"""``import``: bundles and CSV position files, all in the caller's one transaction."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from sqlalchemy.orm import Session

from policytrack.bulk.bundles import BundleImport
from policytrack.bulk.csvfiles import Progress, import_csv
from policytrack.bulk.report import ImportSummary
from policytrack.dates import utcnow
from policytrack.errors import InvalidValue
from policytrack.resolve import SourceRef, get_source
from policytrack.vocabulary import file_format



class _DryRun(Exception):
    """Raised to roll back a dry run's savepoint."""


def import_files(
    session: Session,
    paths: Sequence[str | Path],
    create_missing: bool = False,
    default_source: str | None = None,
    dry_run: bool = False,
    progress: Progress | None = None,
) -> ImportSummary:
    """Import bundles and CSV files, in order, into the session's transaction.

    The first bad record raises a domain error naming its file and line or
    record; the caller's transaction then rolls back, so nothing is kept.
    With ``dry_run`` everything is checked and counted, then undone.
    ``progress(label, done, total)`` is called as large files are read.
    """
    files = [_checked(Path(path)) for path in paths]
    summary = ImportSummary()
    summary.dry_run = dry_run
    if not dry_run:
        _import(session, files, summary, create_missing, default_source, progress)
        return summary
    try:
        with session.begin_nested():
            _import(session, files, summary, create_missing, default_source, progress)
            raise _DryRun
    except _DryRun:
        pass
    return summary


def _import(session, files, summary, create_missing, default_source, progress) -> None:
    # One import, one moment: every position it records has this recorded_at.
    now = utcnow()
    bundles = BundleImport(session, summary, create_missing=create_missing, now=now)
    for path in files:
        if file_format(path.name) == "csv":
            # Looked up for each file: an earlier bundle may have added it.
            source = SourceRef.of(get_source(session, default_source)) if default_source else None
            import_csv(
                session, path, summary, create_missing=create_missing, default_source=source,
                progress=progress, recorded_at=now,
            )
        else:
            bundles.run(path, default_source=default_source)


def _checked(path: Path) -> Path:
    if file_format(path.name) is None:
        raise InvalidValue(
            f"{path}: cannot tell what kind of file this is: name bundles .yaml, .yml or .json "
            "and position files .csv"
        )
    if not path.exists():
        raise InvalidValue(f"cannot read {path}: No such file or directory")
    if not path.is_file():
        raise InvalidValue(f"cannot read {path}: not a file")
    return path
