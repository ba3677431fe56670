"""``source``: the articles and documents that report positions."""

from __future__ import annotations

from typing import Annotated, Optional

import typer

from policytrack.cli.app import app, echo, emit, emit_record, session
from policytrack.cli.options import Commands, Format

source_app = Commands(help="Sources: articles and documents, optionally with their full text.", no_args_is_help=True)
app.add_typer(source_app, name="source")


@source_app.command("add")
def source_add(
    ctx: typer.Context,
    title: Annotated[str, typer.Option("--title")],
    url: Annotated[Optional[str], typer.Option("--url")] = None,
    outlet: Annotated[Optional[str], typer.Option("--outlet")] = None,
    author: Annotated[Optional[str], typer.Option("--author")] = None,
    published: Annotated[
        Optional[str],
        typer.Option("--published", metavar="DATE", help="Publication date: YYYY, YYYY-MM or YYYY-MM-DD (its precision is kept)."),
    ] = None,
    slug: Annotated[Optional[str], typer.Option("--slug")] = None,
    text_file: Annotated[
        Optional[str], typer.Option("--text-file", metavar="PATH|-", help="The full text, from a file or stdin.")
    ] = None,
) -> None:
    """Add a source and print its id."""
    from policytrack.sources import add_source, read_text

    content = read_text(text_file, "--text-file") if text_file else None
    with session(ctx, write=True) as s:
        source_id = add_source(
            s, title, url=url, outlet=outlet, author=author, published=published, slug=slug, content=content
        ).id
    echo(str(source_id))


@source_app.command("list")
def source_list(ctx: typer.Context, fmt: Format = "simple") -> None:
    """List sources with the number of positions each supports."""
    from policytrack.output import KEYS
    from policytrack.sources import list_sources

    with session(ctx) as s:
        emit(list_sources(s), fmt, KEYS["sources"])


@source_app.command("show")
def source_show(ctx: typer.Context, source: str, fmt: Format = "simple") -> None:
    """Show one source (by id, slug or url) and the positions it is evidence for."""
    from policytrack.sources import show_source

    with session(ctx) as s:
        emit_record(show_source(s, source), fmt)
