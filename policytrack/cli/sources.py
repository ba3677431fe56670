"""``source``: the articles and documents that report positions."""

from __future__ import annotations

from typing import Annotated, Optional

import typer

from policytrack.cli.app import app, echo, session
from policytrack.cli.options import Commands, Format
from policytrack.cli.report_output import SourceColumns, Wide, chosen_columns, emit_report

source_app = Commands(help="Sources: articles and documents, optionally with their full text.", no_args_is_help=True)
app.add_typer(source_app, name="source")


@source_app.command("add")
def source_add(
    ctx: typer.Context,
    title: Annotated[
        Optional[str],
        typer.Option("--title", metavar="TEXT", help="e.g. 'Ukraine responsible for mines'; required unless the page gives one."),
    ] = None,
    url: Annotated[Optional[str], typer.Option("--url", metavar="URL", help="e.g. https://caliber.az/post/....")] = None,
    outlet: Annotated[Optional[str], typer.Option("--outlet", metavar="NAME", help="e.g. Caliber.Az.")] = None,
    author: Annotated[Optional[str], typer.Option("--author", metavar="NAME", help="e.g. 'Naila Huseynova'.")] = None,
    published: Annotated[
        Optional[str],
        typer.Option(
            "--published", metavar="DATE",
            help="Publication date, e.g. 2024-11-21: YYYY, YYYY-MM or YYYY-MM-DD (its precision is kept).",
        ),
    ] = None,
    slug: Annotated[Optional[str], typer.Option("--slug", metavar="SLUG", help="Short name to cite it by, e.g. caliber-2024-11-21.")] = None,
    text_file: Annotated[
        Optional[str], typer.Option("--text-file", metavar="PATH|-", help="The full text, from a file or - for stdin, e.g. article.txt.")
    ] = None,
    fetch: Annotated[
        bool, typer.Option("--fetch", help="Download --url and keep its main text and metadata.")
    ] = False,
    html_file: Annotated[
        Optional[str], typer.Option("--html-file", metavar="PATH", help="A saved web page: keep its main text and metadata, e.g. article.html.")
    ] = None,
    timeout: Annotated[float, typer.Option("--timeout", metavar="SECONDS", help="For --fetch, e.g. 60.")] = 20.0,
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

        if fetch:
            if not url:
                raise InvalidValue("--fetch needs --url")
            page = fetch_page(url, timeout=timeout)
        else:
            assert html_file is not None  # one of --fetch and --html-file, checked above
            page = page_from_file(html_file, url)
        content: str | None = page.text
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
def source_list(ctx: typer.Context, fmt: Format = "simple", wide: Wide = False, columns: SourceColumns = None) -> None:
    """List sources with the number of positions each supports."""
    from policytrack.sources import list_sources

    chosen = chosen_columns("sources", columns)
    with session(ctx) as s:
        emit_report(s, "sources", list_sources(s), fmt, wide, chosen)


@source_app.command("show")
def source_show(
    ctx: typer.Context,
    source: Annotated[str, typer.Argument(metavar="SOURCE", help="Source id, slug or url, e.g. 1 or caliber-2024-11-21.")],
    text: Annotated[bool, typer.Option("--text", help="Print the stored text instead.")] = False,
    fmt: Format = "simple",
    wide: Wide = False,
) -> None:
    """Show one source (by id, slug or url) and, one row each, the positions it is evidence for."""
    from policytrack.cli.show import print_record
    from policytrack.show import source_detail, source_text

    with session(ctx) as s:
        if text:
            content = source_text(s, source)
            if content is None:
                from policytrack.errors import InvalidValue

                raise InvalidValue(f"source {source} has no stored text: add it with `source edit {source} --text-file PATH`")
            echo(content.rstrip("\n"))
            return
        print_record(s, source_detail(s, source), fmt, {"evidence": "source_evidence"}, wide)
