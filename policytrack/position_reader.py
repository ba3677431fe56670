"""Positions with their evidence, streamed: the one reader behind ``timeline`` and ``export``.

The positions come from one query (``queries.timeline``) read a chunk at a
time; each chunk's evidence is fetched with one more query, so a database of
a million positions is never in memory whole and never costs a query per
position.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import NamedTuple

from sqlalchemy import select
from sqlalchemy.orm import Session
from sqlalchemy.sql import Select

from policytrack.queries import evidence, sources

CHUNK = 1000


class CitedSource(NamedTuple):
    """What naming a source needs (``sources.source_ref`` and export's references)."""

    id: int
    slug: str | None
    url: str | None


class Cited(NamedTuple):
    """One piece of evidence: a source and the quote from it."""

    source: CitedSource
    quote: str | None


def read_positions(session: Session, query: Select) -> Iterator[dict]:
    """The rows of ``query`` (which selects positions with their ``id``) as
    dicts, each with ``evidence``: its :class:`Cited` items in the order given."""
    result = session.execute(query.execution_options(yield_per=CHUNK))
    keys = list(result.keys())
    for chunk in result.partitions():
        rows = [dict(zip(keys, row)) for row in chunk]
        cited = _evidence_of(session, [row["id"] for row in rows])
        for row in rows:
            row["evidence"] = cited.get(row["id"], [])
            yield row


def _evidence_of(session: Session, position_ids: list[int]) -> dict[int, list[Cited]]:
    cited: dict[int, list[Cited]] = {}
    for position_id, source_id, slug, url, quote in session.execute(
        select(evidence.c.position_id, sources.c.id, sources.c.slug, sources.c.url, evidence.c.quote)
        .join(sources, sources.c.id == evidence.c.source_id)
        .where(evidence.c.position_id.in_(position_ids))
        .order_by(evidence.c.id)
    ):
        cited.setdefault(position_id, []).append(Cited(CitedSource(source_id, slug, url), quote))
    return cited
