"""What every table, view and column of the database means: one description each.

Datasette's metadata (``policytrack serve``) is generated from here, and
``tests/test_serve.py`` checks that every column of the database is described
and that README.md's schema tables list the same columns.
"""

from __future__ import annotations

from typing import NamedTuple


class Described(NamedTuple):
    title: str
    description: str
    columns: dict[str, str]


_POSITION_DATE = "When the position took effect (first day of its period; see date_precision)"
_PRECISION = "day, month or year: the precision of the date beside it"

_AUDIT = {
    "id": "Row id",
    "changed_at": "When the change was made (UTC)",
    "changed_by": "Who made it, where the database knows (the PostgreSQL role or the OS user)",
    "action": "What was done: edit, rename, merge, alias-add, level-add, retract, correct, ...",
    "record_type": "actor, topic, scale, source or position",
    "record_id": "The id of the record changed",
    "record": "The record as it was named then (its slug, or position N)",
    "field": "The field changed",
    "old_value": "Its value before",
    "new_value": "Its value after",
}

TABLES: dict[str, Described] = {
    "actors": Described(
        "Actors",
        "States, governments, agencies, people and organisations whose positions are tracked.",
        {
            "id": "Row id",
            "slug": "Short unique name used on the command line and in reports",
            "name": "Display name",
            "kind": "state, government, agency, person, organisation or other",
            "parent_id": "The actor this one belongs to (an administration's state); rolled up by --rollup",
            "active_from": "Start of the actor's active period (e.g. an administration's term)",
            "active_until": "End of the actor's active period",
            "note": "Free-text note",
        },
    ),
    "actor_aliases": Described(
        "Actor aliases",
        "Other names of an actor (compared case-insensitively): \"Washington\", \"the Biden administration\".",
        {
            "id": "Row id",
            "actor_id": "The actor named",
            "alias": "The other name",
            "alias_key": "The alias case-folded and NFC-normalised: unique, so one name in any case or form is one alias",
        },
    ),
    "scales": Described(
        "Stance scales",
        "Sets of integer stance levels with labels; the pivot level means \"no position\".",
        {"id": "Row id", "slug": "Short unique name", "name": "Display name", "pivot": "The neutral level"},
    ),
    "scale_levels": Described(
        "Scale levels",
        "The levels of each stance scale and their labels.",
        {"scale_id": "The scale", "value": "The integer level", "label": "Its label (e.g. restrict, supply)"},
    ),
    "topics": Described(
        "Topics",
        "Policies on which positions are recorded, each with its stance scale.",
        {
            "id": "Row id",
            "slug": "Short unique name",
            "name": "Display name",
            "description": "What the topic covers",
            "parent_id": "A broader topic",
            "scale_id": "The stance scale its positions use",
        },
    ),
    "sources": Described(
        "Sources",
        "Articles and documents that report positions; every position cites at least one.",
        {
            "id": "Row id",
            "slug": "Short unique name (optional)",
            "url": "Where the source is published (optional, unique)",
            "title": "Title",
            "outlet": "Publisher or site",
            "author": "Author",
            "published_on": "Publication date",
            "retrieved_on": "When the text was retrieved",
            "content": "Full stored text; quotes are checked against it",
            "content_sha256": "Digest of the stored text (the same text is never stored twice)",
            "added_at": "When the source was added (UTC)",
            "published_precision": "day, month or year: the precision of published_on",
        },
    ),
    "positions": Described(
        "Positions",
        "What an actor said (statement) or did (action) about a topic, from a date on. Never deleted: "
        "wrong entries are retracted or superseded.",
        {
            "id": "Row id",
            "actor_id": "Who holds the position",
            "topic_id": "What it is about",
            "stance": "A level of the topic's scale",
            "effective_on": _POSITION_DATE,
            "date_precision": _PRECISION,
            "kind": "statement (what was said) or action (what was done)",
            "summary": "One-line summary",
            "recorded_at": "When the database learned it (UTC)",
            "retracted_at": "When it was retracted (UTC); null while live",
            "retraction_reason": "Why it was retracted",
            "supersedes_id": "The position this one corrects",
        },
    ),
    "evidence": Described(
        "Evidence",
        "The sources (and quotes) behind each position.",
        {"id": "Row id", "position_id": "The position", "source_id": "The source", "quote": "Words quoted from it"},
    ),
    "audit_log": Described(
        "Audit trail",
        "One row per field changed in place (edits, renames, merges, retractions, corrections): nothing changes without a trace.",
        _AUDIT,
    ),
    "topic_keywords": Described(
        "Topic keywords",
        "Phrases that signal a topic in an article, matched on word stems by policytrack extract.",
        {"id": "Row id", "topic_id": "The topic", "phrase": "The phrase (e.g. anti-personnel mines)"},
    ),
    "scale_cues": Described(
        "Scale cues",
        "Phrases that signal a level of a stance scale, matched on word stems by policytrack extract.",
        {"id": "Row id", "scale_id": "The scale", "value": "The level signalled", "phrase": "The phrase (e.g. lift restrictions)"},
    ),
}

_CHANGE = {
    "actor": "Actor slug",
    "topic": "Topic slug",
    "from_actor": "Who held the previous position",
    "to_actor": "Who took the new position",
    "from_position": "The previous position's id",
    "to_position": "The new position's id",
    "from_stance": "Previous stance (level)",
    "from_label": "Previous stance (label)",
    "from_on": "Date of the previous position",
    "from_precision": _PRECISION,
    "to_stance": "New stance (level)",
    "to_label": "New stance (label)",
    "to_on": "Date of the new position",
    "to_precision": _PRECISION,
    "level": "full (opposite sides of the pivot), partial (to or from the pivot) or shift (same side)",
    "kind": "self (same actor) or succession (another actor of the same top-level actor; always self here)",
    "restores": "The earlier position whose stance the change brings back, if any",
}

VIEWS: dict[str, Described] = {
    "v_positions": Described(
        "Positions (readable)",
        "One row per position with actor and topic names and the stance label.",
        {
            "id": "Position id",
            "actor": "Actor slug",
            "actor_name": "Actor name",
            "topic": "Topic slug",
            "topic_name": "Topic name",
            "stance": "Stance (level)",
            "stance_label": "Stance (label)",
            "effective_on": _POSITION_DATE,
            "date_precision": _PRECISION,
            "kind": "statement or action",
            "summary": "One-line summary",
            "recorded_at": "When the database learned it (UTC)",
            "retracted_at": "When it was retracted (UTC); null while live",
            "retraction_reason": "Why it was retracted",
            "supersedes_id": "The position this one corrects",
            "source_count": "Number of distinct sources cited",
        },
    ),
    "v_current_positions": Described(
        "Positions in force today",
        "For each actor and topic, the latest live position dated today or earlier.",
        {
            "actor": "Actor slug",
            "topic": "Topic slug",
            "stance": "Stance (level)",
            "stance_label": "Stance (label)",
            "effective_on": _POSITION_DATE,
            "date_precision": _PRECISION,
            "position_id": "The position's id",
        },
    ),
    "v_reversals": Described(
        "Stance changes",
        "Every change between consecutive live positions of an actor on a topic (every level, no rollup).",
        _CHANGE,
    ),
    "v_history": Described(
        "History",
        "The audit trail, newest last: every in-place change with its old and new value.",
        _AUDIT,
    ),
}

#: The full-text index behind ``policytrack search`` (and, on SQLite, FTS5's own
#: tables): kept current by triggers, not a table to read.
SEARCH_INDEX_PREFIX = "search_index"


def described() -> dict[str, Described]:
    return {**TABLES, **VIEWS}
