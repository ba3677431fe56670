"""``extract``: propose the positions a source reports; never writes on its own."""

from __future__ import annotations

import enum
from typing import Annotated, Optional

import typer

from policytrack.cli.app import app, echo, note, session
from policytrack.cli.options import ActorFilter, TopicFilter

EXTRACT_KEYS = (
    "actor", "topic", "stance", "stance_label", "on", "date_precision", "date_text", "kind", "quote", "sentence",
    "confidence", "reasons",
)
TABLE_KEYS = ("actor", "topic", "stance", "on", "kind", "confidence", "quote")


class ExtractFormat(str, enum.Enum):
    table = "table"
    json = "json"
    jsonl = "jsonl"
    yaml = "yaml"


@app.command()
def extract(
    ctx: typer.Context,
    source: Annotated[str, typer.Argument(help="Source id, slug or url (it must have stored text).")],
    actor: ActorFilter = None,
    topic: TopicFilter = None,
    fmt: Annotated[
        ExtractFormat, typer.Option("--format", "-f", help="table, json, jsonl, or yaml (a draft bundle to edit and import).")
    ] = ExtractFormat.table,
    output: Annotated[
        Optional[str], typer.Option("--output", "-o", metavar="FILE", help="Write the draft bundle (yaml) to FILE.")
    ] = None,
) -> None:
    """Propose the positions SOURCE reports, with quotes and dates; nothing is recorded."""
    from policytrack.extract.run import extract_source, source_reference

    with session(ctx) as s:
        found, candidates = extract_source(s, source, actor, topic)
        label = found.slug or str(found.id)
        ref = source_reference(found)
    if output is not None or fmt is ExtractFormat.yaml:
        from policytrack.extract.draft import draft_bundle

        text = draft_bundle(label, ref, candidates)
        if output is None:
            typer.echo(text, nl=False)
            return
        from policytrack.errors import InvalidValue

        try:
            with open(output, "w", encoding="utf-8") as out:
                out.write(text)
        except OSError as error:
            raise InvalidValue(f"cannot write {output}: {error.strerror or error}") from None
        note(f"wrote {len(candidates)} draft position(s) to {output}: edit it, then policytrack import {output}")
        return
    from policytrack.output import render

    if fmt in (ExtractFormat.json, ExtractFormat.jsonl):
        echo(render([candidate.as_row() for candidate in candidates], fmt.value, EXTRACT_KEYS))
        return
    rows = [
        {
            "actor": c.actor, "topic": c.topic, "stance": c.stance_label or "?", "on": c.when or "?",
            "kind": c.kind, "confidence": f"{c.confidence:.2f}", "quote": _shorten(c.quote),
        }
        for c in candidates
    ]
    echo(render(rows, "simple", TABLE_KEYS))
    note(f"{len(candidates)} candidate(s) from source {label}; nothing recorded (see --format yaml, --review)")


def _shorten(text: str, width: int = 70) -> str:
    return text if len(text) <= width else text[: width - 3] + "..."
