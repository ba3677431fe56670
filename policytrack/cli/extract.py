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
        ExtractFormat, typer.Option("--format", "-f", help="table, json, jsonl, or yaml (a draft bundle to edit and import), e.g. yaml.")
    ] = ExtractFormat.table,
    output: Annotated[
        Optional[str], typer.Option("--output", "-o", metavar="FILE", help="Write the draft bundle (yaml) to FILE, e.g. draft.yaml.")
    ] = None,
    model: Annotated[
        Optional[str], typer.Option("--model", metavar="NAME", help="Ask this model (llm library, the llm extra) instead, e.g. gpt-4o-mini.")
    ] = None,
    review: Annotated[
        bool, typer.Option("--review", help="Accept, edit or skip each candidate; record the accepted ones.")
    ] = False,
) -> None:
    """Propose the positions SOURCE reports, with quotes and dates; nothing is recorded
    (except what you accept with --review)."""
    from policytrack.errors import InvalidValue
    from policytrack.extract.run import extract_source, source_reference

    with session(ctx) as s:
        found, candidates, dropped = extract_source(s, source, actor, topic, model)
        label = found.slug or str(found.id)
        ref = source_reference(found)
        if dropped:
            note(f"dropped {dropped} answer(s) of the model whose quote is not in the stored text or whose names are unknown")
        try:
            accepted = _review(s, candidates) if review else None
        except typer.Abort:  # Ctrl-C, or the end of the input, in the middle of a review
            raise InvalidValue("review interrupted: nothing recorded (answer q to record what you accepted)") from None
    if review:
        _record(ctx, found.id, accepted)
        return
    if output is not None or fmt is ExtractFormat.yaml:
        from policytrack.extract.draft import draft_bundle

        text = draft_bundle(label, ref, candidates)
        if output is None:
            typer.echo(text, nl=False)
            return
        try:
            with open(output, "w", encoding="utf-8") as out:
                out.write(text)
        except OSError as error:
            raise InvalidValue(f"cannot write {output}: {error.strerror or error}") from None
        note(f"wrote {len(candidates)} draft position(s) to {output}: edit it, then policytrack import {output}")
        return
    from policytrack.output import render
    from policytrack.text import shortened

    if fmt in (ExtractFormat.json, ExtractFormat.jsonl):
        echo(render([candidate.as_row() for candidate in candidates], fmt.value, EXTRACT_KEYS))
        return
    rows = [
        {
            "actor": c.actor, "topic": c.topic, "stance": c.stance_label or "?", "on": c.when or "?",
            "kind": c.kind, "confidence": f"{c.confidence:.2f}", "quote": shortened(c.quote, 70),
        }
        for c in candidates
    ]
    echo(render(rows, "simple", TABLE_KEYS))
    note(f"{len(candidates)} candidate(s) from source {label}; nothing recorded (see --format yaml, --review)")


def _marked(candidate) -> str:
    """The sentence with the matched words in [brackets]."""
    text, out, at = candidate.sentence, [], 0
    for start, end in candidate.marks:
        if start < at:
            continue
        out += [text[at:start], "[", text[start:end], "]"]
        at = end
    return "".join(out + [text[at:]])


def _review(s, candidates) -> list:
    from policytrack.errors import PolicytrackError
    from policytrack.extract.review import EDITABLE, edit, missing

    accepted = []
    for number, candidate in enumerate(candidates, 1):
        while True:
            typer.echo("")
            typer.echo(f"[{number}/{len(candidates)}] {_marked(candidate)}")
            typer.echo(
                f"  actor {candidate.actor} | topic {candidate.topic} | stance {candidate.stance_label or '?'} | "
                f"date {candidate.when or '?'} | kind {candidate.kind} | confidence {candidate.confidence:.2f}"
                + (f" | summary {candidate.summary}" if candidate.summary else "")
            )
            choice = typer.prompt("  a)ccept, e)dit, s)kip, q)uit", default="s").strip().lower()[:1]
            if choice == "a":
                lacking = missing(candidate)
                if lacking:
                    typer.echo(f"  needs {' and '.join(lacking)}: edit first")
                    continue
                accepted.append(candidate)
                break
            if choice == "e":
                field = typer.prompt(f"  field ({', '.join(EDITABLE)})").strip().lower()
                value = typer.prompt(f"  {field}")
                try:
                    edit(s, candidate, field, value)
                except PolicytrackError as error:
                    typer.echo(f"  {error}")
                continue
            if choice == "q":
                return accepted
            if choice == "s":
                break
    return accepted


def _record(ctx, source_id: int, accepted: list | None) -> None:
    from policytrack.extract.review import record_accepted

    if not accepted:
        note("nothing accepted, nothing recorded")
        return
    with session(ctx, write=True) as s:
        results = record_accepted(s, source_id, accepted)
        lines = []
        for result in results:
            lines.append(f"recorded position {result.position.id}" if result.created else
                         f"position {result.position.id} already records this; its evidence now includes the source")
            change = result.change
            if result.created and change:
                lines.append(
                    f"{change['level']} change for {change['actor']} on {change['topic']}: "
                    f"{change['from_label']} (position {change['from_position']}) -> {change['to_label']}"
                )
    for line in lines:
        note(line)
