"""``source``: the articles and documents that report positions."""

from __future__ import annotations

from typing import Annotated, Optional

import typer

from policytrack.cli.app import app, echo, session
from policytrack.cli.options import Format

source_app = typer.Typer(help="Sources: articles and documents, optionally with their full text.", no_args_is_help=True)
app.add_typer(source_app, name="source")


@source_app.command("add")
def source_add(
    ctx: typer.Context,
    title: Annotated[Optional[str], typer.Option("--title", help="Required unless the page gives one.")] = None,
    url: Annotated[Optional[str], typer.Option("--url")] = None,
    outlet: Annotated[Optional[str], typer.Option("--outlet")] = None,
    author: Annotated[Optional[str], typer.Option("--author")] = None,
    published: Annotated[Optional[str], typer.Option("--published", metavar="DATE")] = None,
    slug: Annotated[Optional[str], typer.Option("--slug")] = None,
    text_file: Annotated[
        Optional[str], typer.Option("--text-file", metavar="PATH|-", help="The full text, from a file or stdin.")
    ] = None,
    fetch: Annotated[
        bool, typer.Option("--fetch", help="Download --url and keep its main text and metadata.")
    ] = False,
    html_file: Annotated[
        Optional[str], typer.Option("--html-file", metavar="PATH", help="A saved web page: keep its main text and metadata.")
    ] = None,
    timeout: Annotated[float, typer.Option("--timeout", metavar="SECONDS", help="For --fetch.")] = 20.0,
) -> None:
    """Add a source and print its id."""
    import datetime as dt

    from policytrack.errors import InvalidValue
    from policytrack.sources import add_source, read_text

    if sum(map(bool, (text_file, fetch, html_file))) > 1:
        raise InvalidValue("give one of --text-file, --fetch and --html-file")
    retrieved = None
    if fetch or html_file:
        from policytrack.fetch import fetch_page, page_from_file

        if fetch and not url:
            raise InvalidValue("--fetch needs --url")
        page = fetch_page(url, timeout=timeout) if fetch else page_from_file(html_file, url)
        content = page.text
        title, outlet = title or page.title, outlet or page.outlet
        author, published = author or page.author, published or page.published
        retrieved = dt.date.today() if fetch else None
    else:
        content = read_text(text_file, "--text-file") if text_file else None
    if not title and not (fetch or html_file):
        raise typer.BadParameter("missing option '--title'", param_hint="--title")  # a usage error: exit 2
    if not title:
        raise InvalidValue("the page gives no title: give --title")
    with session(ctx, write=True) as s:
        source_id = add_source(
            s, title, url=url, outlet=outlet, author=author, published=published, slug=slug, content=content,
            retrieved=retrieved,
        ).id
    echo(str(source_id))


@source_app.command("list")
def source_list(ctx: typer.Context, fmt: Format = "simple") -> None:
    """List sources with the number of positions each supports."""
    from policytrack.output import KEYS, render
    from policytrack.sources import list_sources

    with session(ctx) as s:
        echo(render(list_sources(s), fmt, KEYS["sources"]))


@source_app.command("show")
def source_show(ctx: typer.Context, source: str, fmt: Format = "simple") -> None:
    """Show one source (by id, slug or url) and the positions it is evidence for."""
    from policytrack.output import render_record
    from policytrack.sources import show_source

    with session(ctx) as s:
        echo(render_record(show_source(s, source), fmt))
