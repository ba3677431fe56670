"""``import`` and ``export``: bundles and CSV position files."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated, Any, Optional

import typer

from policytrack.cli.app import app, database, note, session
from policytrack.cli.options import BundleFormat, ImportFormat

# Files smaller than this load too fast for a progress bar to help.
PROGRESS_MIN_BYTES = 1 << 20


@app.command("import")
def import_command(
    ctx: typer.Context,
    files: Annotated[
        list[Path],
        typer.Argument(metavar="FILE", help="YAML/JSON bundles and CSV position files; - reads standard input."),
    ],
    create_missing: Annotated[
        bool, typer.Option("--create-missing", help="Create unknown actors and topics (topics on the support scale).")
    ] = False,
    source: Annotated[
        Optional[str], typer.Option("--source", metavar="SRC", help="Source (id, slug or url) for rows without one, e.g. 3.")
    ] = None,
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="Check everything and report what would be created; change nothing.")
    ] = False,
    fmt: ImportFormat = None,
    allow_outside_files: Annotated[
        bool,
        typer.Option(
            "--allow-outside-files",
            help="Let bundles read text_file paths outside their own folder (absolute, or through ..). "
            "Without it, only files at or below the bundle's folder (for -, the current directory) are read.",
        ),
    ] = False,
) -> None:
    """Import bundles and CSV position files in one transaction: all or nothing."""
    from policytrack.bulk import import_files, refresh_statistics_after

    bars = ProgressBars() if sys.stderr.isatty() else None
    try:
        with session(ctx, write=True) as s:
            summary = import_files(
                s, files, create_missing=create_missing, default_source=source, dry_run=dry_run, progress=bars,
                allow_outside_files=allow_outside_files, fmt=fmt,
            )
    except KeyboardInterrupt:
        # The session rolled the transaction back on the way out.
        if bars is not None:
            bars.close()
            bars = None
        note("import interrupted: nothing was written")
        raise typer.Exit(130) from None
    finally:
        if bars is not None:
            bars.close()
    db = database(ctx)
    try:
        refresh_statistics_after(db, summary)
    finally:
        db.dispose()
    note(str(summary))


@app.command("export")
def export_command(
    ctx: typer.Context,
    fmt: BundleFormat = None,
    output: Annotated[
        Optional[Path],
        typer.Option("--output", "-o", metavar="FILE", help="Write here, not to stdout (- is stdout), e.g. backup.yaml."),
    ] = None,
) -> None:
    """Export the database as a bundle (yaml, json) or its live positions as CSV."""
    from policytrack.bulk import export_database

    if output is not None and str(output) == "-":
        output = None
    chosen = fmt or _format_of(output)
    with session(ctx) as s:
        if output is None:
            export_database(s, chosen, sys.stdout)
            sys.stdout.flush()
            return
        try:
            with open(output, "w", encoding="utf-8", newline="") as out:
                counts = export_database(s, chosen, out)
        except OSError as error:
            from policytrack.errors import InvalidValue

            raise InvalidValue(f"cannot write {output}: {error.strerror or error}") from None
    note(f"wrote {output}: " + ", ".join(f"{count} {kind}" for kind, count in counts.items()))


def _format_of(output: Path | None) -> str:
    from policytrack.vocabulary import file_format

    return (file_format(output.name) if output is not None else None) or "yaml"


class ProgressBars:
    """One progress bar per large file, on stderr; called back by the importer."""

    def __init__(self) -> None:
        self.label: str | None = None
        self.bar: Any = None
        self.shown = 0

    def __call__(self, label: str, done: int, total: int) -> None:
        if label != self.label:
            self.close()
            self.label = label
            if total >= PROGRESS_MIN_BYTES:
                self.bar = typer.progressbar(length=total, label=Path(label).name, file=sys.stderr)
                self.bar.__enter__()
        if self.bar is not None:
            self.bar.update(done - self.shown)
            self.shown = done

    def close(self) -> None:
        if self.bar is not None:
            self.bar.__exit__(None, None, None)
        self.bar, self.shown = None, 0
