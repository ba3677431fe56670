"""``policytrack serve``: Datasette on the SQLite database, read-only.

The metadata (titles, descriptions, label columns, facets, canned queries)
is generated here from ``policytrack.schema_docs``. Datasette reads every
query through read-only connections (``mode=ro``) and its one write
connection is refused (:class:`ReadOnlyDatabase`), so nothing can be
written through it, while positions recorded meanwhile still show up.
"""

from __future__ import annotations

from pathlib import Path

from policytrack.db import Database
from policytrack.errors import InvalidValue
from policytrack.schema_docs import SEARCH_INDEX_PREFIX, TABLES, VIEWS, described

LABEL_COLUMNS = {"actors": "name", "topics": "name", "scales": "name", "sources": "title"}
FACETS = {
    "v_reversals": ["level", "kind", "actor", "topic"],
    "v_positions": ["topic", "kind", "date_precision"],
    "v_current_positions": ["topic", "stance_label"],
    "positions": ["kind", "date_precision"],
    "actors": ["kind"],
}
SORT_DESC = {"v_reversals": "to_on", "v_positions": "effective_on", "positions": "effective_on"}

# Each takes names as users type them: a slug or (for actors) any alias.
_ACTOR = (
    "(SELECT slug FROM actors WHERE slug = :actor UNION "
    "SELECT a.slug FROM actors a JOIN actor_aliases al ON al.actor_id = a.id WHERE lower(al.alias) = lower(:actor))"
)
CANNED_QUERIES = {
    "reversals_of_actor": {
        "title": "Reversals of an actor",
        "description": "Every stance change of one actor (slug or alias; no rollup), by topic and date.",
        "sql": f"SELECT * FROM v_reversals WHERE actor IN {_ACTOR} ORDER BY topic, to_on, to_position",
    },
    "evidence_of_position": {
        "title": "Evidence of a position",
        "description": "The sources and quotes behind one position (its id).",
        "sql": "SELECT p.id AS position, p.actor, p.topic, p.stance_label, p.effective_on, e.quote, "
        "s.id AS source_id, s.title, s.outlet, s.published_on, s.url FROM v_positions p "
        "JOIN evidence e ON e.position_id = p.id JOIN sources s ON s.id = e.source_id "
        "WHERE p.id = CAST(:position AS INTEGER) ORDER BY s.published_on, s.id",
    },
    "positions_of_source": {
        "title": "Positions a source supports",
        "description": "The positions that cite one source (its id, slug or url), with the quotes.",
        "sql": "SELECT p.id, p.actor, p.topic, p.stance_label, p.effective_on, p.date_precision, p.kind, "
        "p.retracted_at, e.quote FROM evidence e JOIN v_positions p ON p.id = e.position_id "
        "JOIN sources s ON s.id = e.source_id "
        "WHERE CAST(s.id AS TEXT) = :source OR s.slug = :source OR s.url = :source ORDER BY p.effective_on, p.id",
    },
    "changed_since": {
        "title": "What changed since a date",
        "description": "Stance changes whose new position is dated on or after a date (YYYY-MM-DD).",
        "sql": "SELECT * FROM v_reversals WHERE to_on >= :since ORDER BY to_on, actor, topic",
    },
}


def metadata(database_name: str) -> dict:
    """Datasette metadata for a database that Datasette names ``database_name``."""
    tables: dict[str, dict[str, object]] = {}
    for name, doc in described().items():
        entry: dict[str, object] = {"title": doc.title, "description": doc.description, "columns": dict(doc.columns)}
        if name in LABEL_COLUMNS:
            entry["label_column"] = LABEL_COLUMNS[name]
        if name in FACETS:
            entry["facets"] = list(FACETS[name])
        if name in SORT_DESC:
            entry["sort_desc"] = SORT_DESC[name]
        tables[name] = entry
    tables["alembic_version"] = {"hidden": True}
    tables[SEARCH_INDEX_PREFIX] = {"hidden": True}  # policytrack search reads it; Datasette hides FTS5's own tables
    return {
        "title": "policytrack",
        "description": "Positions of actors on policies over time, each tied to its sources, and the reversals "
        f"between them. Start with the views: {', '.join(VIEWS)}; the tables are {', '.join(TABLES)}.",
        "databases": {
            database_name: {
                "description": "Read-only: record changes with the policytrack command line.",
                "tables": tables,
                "queries": {name: dict(query) for name, query in CANNED_QUERIES.items()},
            }
        },
    }


def metadata_yaml(database_name: str) -> str:
    import yaml

    return yaml.safe_dump(metadata(database_name), sort_keys=False, allow_unicode=True, width=100)


def sqlite_file(database: Database) -> Path:
    """The SQLite file to serve; PostgreSQL is refused with the way to a SQLite copy."""
    path = database.sqlite_path
    if not database.is_sqlite or path is None:
        raise InvalidValue(
            "Datasette reads SQLite files, not PostgreSQL: make a SQLite copy with "
            "`policytrack export -o all.yaml` then `policytrack --db copy.db init` and "
            "`policytrack --db copy.db import all.yaml`, and serve that with `policytrack --db copy.db serve`"
        )
    return path


def datasette_name(path: Path) -> str:
    """The name Datasette gives the database of a file (its stem)."""
    return path.stem


def datasette(path: Path, **settings):
    """A Datasette instance on ``path``, read-only, with the generated metadata."""
    from datasette.app import Datasette
    from datasette.database import Database as DatasetteDatabase

    class ReadOnlyDatabase(DatasetteDatabase):
        def connect(self, write=False):
            if write:
                raise PermissionError("policytrack serve is read-only")
            return super().connect(write=False)

    name = datasette_name(path)
    ds = Datasette(metadata=metadata(name), settings={"sql_time_limit_ms": 5000, **settings})
    ds.add_database(ReadOnlyDatabase(ds, path=str(path), is_mutable=True), name=name)
    return ds


def run(path: Path, host: str, port: int) -> None:
    """Serve until interrupted."""
    import uvicorn

    ds = datasette(path)
    uvicorn.run(ds.app(), host=host, port=port, log_level="warning")
