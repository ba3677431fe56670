"""Full-text search over quotes, summaries and sources (titles and stored texts).

The index (``policytrack.search_index``) is SQLite FTS5 or a PostgreSQL
``tsvector`` with a GIN index, both kept current by triggers. Hits come back
best first (bm25 / ts_rank) with the matching fragment, its matches wrapped
in :data:`MARK_START` / :data:`MARK_END` for the caller to highlight or drop.
"""

from __future__ import annotations

import re
from typing import TypeVar

from sqlalchemy import text
from sqlalchemy.orm import Session

from policytrack.errors import InvalidValue
from policytrack.models import Actor, Evidence, Position, Source, Topic
from policytrack.sources import source_ref

MARK_START, MARK_END = "\x02", "\x03"
#: ``--in`` choices and the index kind each one searches.
WITHIN = {"quotes": "quote", "summaries": "summary", "sources": "source"}

_WORD = re.compile(r"\w+", re.UNICODE)


def search(session: Session, query: str, within: str | None = None, limit: int = 20) -> list[dict]:
    words = _WORD.findall(query or "")
    if not words:
        raise InvalidValue(f"nothing to search for in {query!r}: give a word or two")
    if within is not None and within not in WITHIN:
        raise InvalidValue(f"invalid --in {within!r}: choose quotes, summaries or sources")
    kind = WITHIN.get(within) if within else None
    if session.get_bind().dialect.name == "sqlite":
        hits = _sqlite(session, words, kind, limit)
    else:
        hits = _postgresql(session, " ".join(words), kind, limit)
    return [_describe(session, kind_, record_id, fragment) for kind_, record_id, fragment in hits]


def _sqlite(session: Session, words: list[str], kind: str | None, limit: int):
    # Each word quoted: FTS5 syntax (AND, NEAR, *, column filters) in user text is taken literally.
    match = " ".join('"' + word.replace('"', '""') + '"' for word in words)
    sql = (
        "SELECT kind, record_id, snippet(search_index, 2, :start, :stop, '…', 24) FROM search_index "
        "WHERE search_index MATCH :match" + (" AND kind = :kind" if kind else "")
        + " ORDER BY bm25(search_index), rowid LIMIT :limit"
    )
    return session.execute(
        text(sql), {"match": match, "kind": kind, "limit": limit, "start": MARK_START, "stop": MARK_END}
    ).all()


def _postgresql(session: Session, words: str, kind: str | None, limit: int):
    options = f"StartSel={MARK_START}, StopSel={MARK_END}, MaxWords=30, MinWords=12, MaxFragments=1"
    sql = (
        "SELECT kind, record_id, ts_headline('english', body, q, :options) FROM search_index, "
        "plainto_tsquery('english', :words) AS q WHERE document @@ q" + (" AND kind = :kind" if kind else "")
        + " ORDER BY ts_rank(document, q, 1) DESC, rowid LIMIT :limit"  # 1: longer texts do not win by length alone
    )
    return session.execute(text(sql), {"words": words, "kind": kind, "limit": limit, "options": options}).all()


_Record = TypeVar("_Record", Actor, Evidence, Position, Source, Topic)


def _found(session: Session, model: type[_Record], record_id: int) -> _Record:
    record = session.get(model, record_id)
    assert record is not None  # the ids come from these tables, in this transaction
    return record


def _describe(session: Session, kind: str, record_id: int, fragment: str) -> dict:
    row: dict[str, object] = {"kind": kind, "position": None, "actor": None, "topic": None, "source": None, "retracted": None}
    position = None
    if kind == "quote":
        evidence = _found(session, Evidence, record_id)
        position = evidence.position
        row["source"] = source_ref(evidence.source)
    elif kind == "summary":
        position = session.get(Position, record_id)
    else:
        row["source"] = source_ref(_found(session, Source, record_id))
    if position is not None:
        row |= {
            "position": position.id,
            "actor": _found(session, Actor, position.actor_id).slug,
            "topic": _found(session, Topic, position.topic_id).slug,
            "retracted": position.retracted_at is not None,
        }
    row["fragment"] = " ".join(fragment.split())
    return row
