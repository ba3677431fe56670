"""``search``: find the quote, summary or source one remembers."""

from __future__ import annotations

import enum
import sys
from typing import Annotated, Optional

import typer

from policytrack.cli.app import app, echo, session
from policytrack.cli.options import Format


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
) -> None:
    """Search quotes, summaries, source titles and stored texts, best match first."""
    from policytrack.output import render
    from policytrack.search import KEYS, MARK_END, MARK_START, search

    with session(ctx) as s:
        hits = search(s, query, within.value if within else None, limit)
    # Bold matches on a terminal; plain text in pipes and files.
    bold, plain = ("\x1b[1m", "\x1b[0m") if sys.stdout.isatty() and fmt not in ("csv", "json", "jsonl") else ("", "")
    for hit in hits:
        hit["fragment"] = hit["fragment"].replace(MARK_START, bold).replace(MARK_END, plain)
    echo(render(hits, fmt, KEYS))
