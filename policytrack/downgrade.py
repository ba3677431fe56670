"""What a schema downgrade would destroy, so ``db downgrade`` can ask first.

A revision that creates tables holding user data names them in
``DROPS_DATA`` (table -> an SQL condition for the rows that count, or None
for all); downgrading below it drops their rows. A revision that ships rows
of its own into such a table names them in ``BUILT_IN_ROWS`` (table -> an SQL
condition): they are never counted, whichever revision's downgrade drops them.
"""

from __future__ import annotations

from sqlalchemy import inspect, text

from policytrack.db import Database
from policytrack.errors import InvalidValue


def rows_dropped(db: Database, target: str) -> dict[str, int]:
    """Rows per table that downgrading ``db`` to ``target`` would drop (tables with rows only)."""
    from alembic.script import ScriptDirectory
    from alembic.util import CommandError

    current = db.current_revision()
    if current is None:
        return {}
    scripts = ScriptDirectory.from_config(db.alembic_config())
    try:
        removed = list(scripts.iterate_revisions(current, target, inclusive=False))
    except CommandError as error:
        raise InvalidValue(str(error)) from None
    except Exception:  # a relative or unknown target: alembic itself explains it on downgrade
        return {}
    tables = {
        table: condition
        for script in removed
        for table, condition in getattr(script.module, "DROPS_DATA", {}).items()
    }
    built_in: dict[str, list[str]] = {}
    for script in removed:
        for table, condition in getattr(script.module, "BUILT_IN_ROWS", {}).items():
            built_in.setdefault(table, []).append(condition)
    with db.engine.connect() as connection:
        existing = set(inspect(connection).get_table_names())
        counts = {}
        for table, condition in tables.items():
            if table not in existing:
                continue
            conditions = ([condition] if condition else []) + [f"NOT ({shipped})" for shipped in built_in.get(table, [])]
            where = " WHERE " + " AND ".join(f"({part})" for part in conditions) if conditions else ""
            counts[table] = connection.execute(text(f'SELECT COUNT(*) FROM "{table}"{where}')).scalar_one()
    return {table: count for table, count in counts.items() if count}
