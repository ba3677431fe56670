"""``export``: the whole database as a bundle (YAML or JSON), or its live
positions as a CSV position file. Written as it is read, record by record,
so a large database is never held in memory whole.

The bundle carries the whole history (retracted positions, ``recorded_at``,
``supersedes``) so that importing it into an empty database gives the same
reports. Positions get keys ``p<id>``; a source without slug and url gets
the key ``source-<id>`` so that evidence can refer to it.
"""

from __future__ import annotations

import csv
import itertools
import json
from collections.abc import Iterator
from typing import TextIO

from sqlalchemy import select
from sqlalchemy.orm import Session

from policytrack import queries
from policytrack.bulk.yamlio import dump_yaml_items
from policytrack.catalog import list_actors, list_topics
from policytrack.dates import format_date, format_timestamp
from policytrack.models import Actor, Scale, ScaleLevel, Source, Topic
from policytrack.position_reader import CitedSource, read_positions
from policytrack.resolve import source_file_reference
from policytrack.vocabulary import BUNDLE_FORMATS, choose, is_integer

CSV_COLUMNS = ("actor", "topic", "stance", "on", "kind", "summary", "source", "quote", "actor_name", "topic_name")
RECORDS_PER_DUMP = 500  # YAML is dumped a few hundred records at a time: one dump call each is slow


def export_database(session: Session, fmt: str, out: TextIO) -> dict[str, int]:
    """Write the database to ``out`` in ``fmt``; return how many records of each kind."""
    fmt = choose(fmt, BUNDLE_FORMATS, "export format")
    if fmt == "csv":
        return {"positions": _write_csv(session, out)}
    sections = {
        "scales": _scales(session),
        "actors": _actors(session),
        "topics": _topics(session),
        "sources": _sources(session),
        "positions": _positions(session),
    }
    write = _write_yaml if fmt == "yaml" else _write_json
    return write(sections, out)


def _write_yaml(sections: dict[str, Iterator[dict]], out: TextIO) -> dict[str, int]:
    counts = {}
    for name, records in sections.items():
        counts[name] = 0
        while chunk := list(itertools.islice(records, RECORDS_PER_DUMP)):
            if counts[name] == 0:
                out.write(f"{name}:\n")
            out.write(dump_yaml_items(chunk))
            counts[name] += len(chunk)
        if counts[name] == 0:
            out.write(f"{name}: []\n")
    return counts


def _write_json(sections: dict[str, Iterator[dict]], out: TextIO) -> dict[str, int]:
    counts = {}
    out.write("{")
    for number, (name, records) in enumerate(sections.items()):
        out.write(("," if number else "") + f"\n  {json.dumps(name)}: [")
        counts[name] = 0
        for record in records:
            out.write(("," if counts[name] else "") + "\n    " + json.dumps(record, ensure_ascii=False))
            counts[name] += 1
        out.write("\n  ]" if counts[name] else "]")
    out.write("\n}\n")
    return counts


# Records ----------------------------------------------------------------


def _compact(record: dict) -> dict:
    """The record without empty fields."""
    return {key: value for key, value in record.items() if value not in (None, [], "")}


def _scales(session: Session) -> Iterator[dict]:
    from policytrack.lexicon import cues_by_scale

    cues = cues_by_scale(session)
    levels: dict[int, dict[int, str]] = {}
    for scale_id, value, label in session.execute(
        select(ScaleLevel.scale_id, ScaleLevel.value, ScaleLevel.label).order_by(ScaleLevel.scale_id, ScaleLevel.value)
    ):
        levels.setdefault(scale_id, {})[value] = label
    for scale in session.execute(select(Scale.id, Scale.slug, Scale.name, Scale.pivot).order_by(Scale.slug)):
        # JSON keys are strings; YAML keeps the integer levels as integers.
        record = {"slug": scale.slug, "name": scale.name, "pivot": scale.pivot, "levels": levels.get(scale.id, {})}
        if cues.get(scale.id):
            record["cues"] = cues[scale.id]
        yield record


def _actors(session: Session) -> Iterator[dict]:
    for actor in list_actors(session, parents_first=True):
        yield _compact(actor | {"active_from": _iso(actor["active_from"]), "active_until": _iso(actor["active_until"])})


def _topics(session: Session) -> Iterator[dict]:
    for topic in list_topics(session, parents_first=True):
        yield _compact(topic)


def _sources(session: Session) -> Iterator[dict]:
    for source in session.scalars(select(Source).order_by(Source.id).execution_options(yield_per=100)):
        yield _compact({
            "slug": source.slug,
            "key": None if source.slug or source.url else _source_key(source.id),
            "url": source.url,
            "title": source.title,
            "outlet": source.outlet,
            "author": source.author,
            "published_on": format_date(source.published_on, source.published_precision or "day") or None,
            "retrieved_on": _iso(source.retrieved_on),
            "content": source.content,
        })


def _source_key(source_id: int) -> str:
    return f"source-{source_id}"


def _positions(session: Session) -> Iterator[dict]:
    for position in _read_positions(session, live_only=False):
        yield _compact({
            "key": f"p{position['id']}",
            "actor": position["actor"],
            "topic": position["topic"],
            "stance": _stance(position["stance"], position["stance_label"]),
            "on": format_date(position["effective_on"], position["date_precision"]),
            "kind": position["kind"],
            "summary": position["summary"],
            "recorded_at": format_timestamp(position["recorded_at"]),
            "retracted_at": format_timestamp(position["retracted_at"]),
            "retraction_reason": position["retraction_reason"],
            "supersedes": f"p{position['supersedes_id']}" if position["supersedes_id"] else None,
            "evidence": [
                _compact({"source": _bundle_ref(cited.source), "quote": cited.quote}) for cited in position["evidence"]
            ],
        })


def _bundle_ref(source: CitedSource) -> str:
    """How the bundle names a source: as files do, else by its key."""
    return source_file_reference(source.slug, source.url) or _source_key(source.id)


def _read_positions(session: Session, live_only: bool) -> Iterator[dict]:
    """Positions in id order with their evidence, read as the timeline reads them."""
    return read_positions(session, queries.timeline(include_retracted=not live_only, by_id=True))


def _stance(level: int, label: str | None) -> str | int:
    """The label, unless it would read back as a different integer level."""
    if label is None or is_integer(label):
        return level
    return label


def _iso(value) -> str | None:
    return value.isoformat() if value is not None else None


# CSV --------------------------------------------------------------------


def _write_csv(session: Session, out: TextIO) -> int:
    """Live positions, one row per evidence item: importing it gives the same positions and evidence."""
    names = {
        "actor": dict(session.execute(select(Actor.slug, Actor.name)).all()),
        "topic": dict(session.execute(select(Topic.slug, Topic.name)).all()),
    }
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    count = 0
    for position in _read_positions(session, live_only=True):
        actor, topic = position["actor"], position["topic"]
        common = (
            actor, topic, _stance(position["stance"], position["stance_label"]),
            format_date(position["effective_on"], position["date_precision"]), position["kind"], position["summary"] or "",
        )
        for cited in position["evidence"] or [None]:
            source = (source_file_reference(cited.source.slug, cited.source.url) or str(cited.source.id)) if cited else ""
            quote = cited.quote if cited else None
            writer.writerow((*common, source, quote or "", names["actor"][actor], names["topic"][topic]))
        count += 1
    return count
