"""``import``: bundles and CSV position files, all in the caller's one transaction."""

from __future__ import annotations

import sys
from collections.abc import Sequence
from pathlib import Path
from typing import BinaryIO, NamedTuple

from sqlalchemy.orm import Session

from policytrack.bulk.bundles import BundleImport
from policytrack.bulk.csvfiles import OPTIONAL_COLUMNS, REQUIRED_COLUMNS, Progress, import_csv
from policytrack.bulk.report import ImportSummary
from policytrack.dates import utcnow
from policytrack.db import Database
from policytrack.errors import InvalidValue
from policytrack.resolve import SourceRef, get_source
from policytrack.sources import decode_text
from policytrack.vocabulary import file_format

STDIN = "-"
STDIN_LABEL = Path("<stdin>")


class _DryRun(Exception):
    """Raised to roll back a dry run's savepoint."""


class Input(NamedTuple):
    """A file to import: where it is (for messages), its format, and its bytes when read from stdin."""

    path: Path
    fmt: str  # yaml, json or csv
    data: bytes | None = None


#: An import that adds at least this many rows is a bulk load: it ends by
#: refreshing the planner's statistics (see Database.refresh_statistics).
BULK_LOAD_ROWS = 1000


def refresh_statistics_after(database: Database, summary: ImportSummary) -> None:
    """After a committed bulk load, refresh the statistics, so the next report gets a good plan."""
    if summary.rows_created() >= BULK_LOAD_ROWS:
        database.refresh_statistics()


def import_files(
    session: Session,
    paths: Sequence[str | Path],
    create_missing: bool = False,
    default_source: str | None = None,
    dry_run: bool = False,
    progress: Progress | None = None,
    allow_outside_files: bool = False,
    fmt: str | None = None,
    stdin: BinaryIO | None = None,
) -> ImportSummary:
    """Import bundles and CSV files, in order, into the session's transaction.

    The first bad record raises a domain error naming its file and line or
    record; the caller's transaction then rolls back, so nothing is kept.
    With ``dry_run`` everything is checked and counted, then undone.
    ``progress(label, done, total)`` is called as large files are read.
    ``-`` is standard input (``stdin``, by default the process's), read once,
    in the format ``fmt`` or else the one it looks like; ``fmt`` is also the
    format of files whose name does not tell.
    """
    if sum(str(path) == STDIN for path in paths) > 1:
        raise InvalidValue("standard input (-) can be imported only once")
    files = [_input(Path(path), fmt, stdin) for path in paths]
    summary = ImportSummary()
    summary.dry_run = dry_run
    if not dry_run:
        _import(session, files, summary, create_missing, default_source, progress, allow_outside_files)
        return summary
    try:
        with session.begin_nested():
            _import(session, files, summary, create_missing, default_source, progress, allow_outside_files)
            raise _DryRun
    except _DryRun:
        pass
    return summary


def _import(session, files, summary, create_missing, default_source, progress, allow_outside_files) -> None:
    # One import, one moment: every position it records has this recorded_at.
    now = utcnow()
    bundles = BundleImport(
        session, summary, create_missing=create_missing, now=now, allow_outside_files=allow_outside_files
    )
    for file in files:
        if file.fmt == "csv":
            # Looked up for each file: an earlier bundle may have added it.
            source = SourceRef.of(get_source(session, default_source)) if default_source else None
            import_csv(
                session, file.path, summary, create_missing=create_missing, default_source=source,
                progress=progress, recorded_at=now, data=file.data,
            )
        else:
            text = None if file.data is None else decode_text(file.data, str(file.path))
            bundles.run(file.path, default_source=default_source, text=text, fmt=file.fmt)


def _input(path: Path, fmt: str | None, stdin: BinaryIO | None) -> Input:
    if str(path) == STDIN:
        data = (stdin or sys.stdin.buffer).read()
        return Input(STDIN_LABEL, fmt or sniffed_format(data), data)
    chosen = file_format(path.name) or fmt
    if chosen is None:
        raise InvalidValue(
            f"{path}: cannot tell what kind of file this is: name bundles .yaml, .yml or .json "
            "and position files .csv, or give --format"
        )
    if not path.exists():
        raise InvalidValue(f"cannot read {path}: No such file or directory")
    if not path.is_file():
        raise InvalidValue(f"cannot read {path}: not a file")
    return Input(path, chosen)


def sniffed_format(data: bytes) -> str:
    """What standard input looks like: JSON if it starts with ``{``, CSV if its
    first line is a header of position columns, else YAML."""
    text = data[:4096].decode("utf-8-sig", errors="replace").lstrip()
    if text.startswith(("{", "[")):
        return "json"
    header = [name.strip().lower() for name in text.splitlines()[0].split(",")] if text else []
    if len(header) > 1 and set(header) <= set(REQUIRED_COLUMNS + OPTIONAL_COLUMNS):
        return "csv"
    return "yaml"
