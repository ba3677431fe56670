"""``search``: find the quote, summary or source one remembers."""

from __future__ import annotations

import enum
from typing import Annotated, Optional

import typer

from policytrack.cli.app import app, session
from policytrack.cli.options import Format
from policytrack.cli.report_output import SearchColumns, Wide, chosen_columns, emit_report


class Within(str, enum.Enum):
    quotes = "quotes"
    summaries = "summaries"
    sources = "sources"


@app.command("search")
def search_command(
    ctx: typer.Context,
    query: Annotated[str, typer.Argument(metavar="TEXT", help="Words to find, e.g. 'non-persistent mines'.")],
    within: Annotated[Optional[Within], typer.Option("--in", help="Search only quotes, summaries or sources (titles and texts), e.g. quotes.")] = None,
    limit: Annotated[int, typer.Option("--limit", metavar="N", min=1, help="At most N hits, e.g. 50.")] = 20,
    fmt: Format = "simple",
    wide: Wide = False,
    columns: SearchColumns = None,
) -> None:
    """Search quotes, summaries, source titles and stored texts, best match first (matches in bold on a terminal)."""
    from policytrack.search import search

    chosen = chosen_columns("search", columns)
    with session(ctx) as s:
        hits = search(s, query, within.value if within else None, limit)
        emit_report(s, "search", hits, fmt, wide, chosen)
