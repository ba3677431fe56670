"""The SQL views of SPEC.md, compiled from the report queries.

Views are created by Alembic revisions that call :func:`create_views` and
record the :func:`fingerprint` of the definitions they installed. When a
definition in ``policytrack.queries`` changes, add a revision that calls
:func:`replace_views` and records the new fingerprint (``VIEWS_FINGERPRINT``);
``tests/test_views.py`` fails until the newest such revision matches, so a
database upgraded from an older release gets the new views too.
"""

from __future__ import annotations

from sqlalchemy import Connection, Select

from policytrack import queries


def definitions() -> dict[str, Select]:
    return {
        "v_positions": queries.position_rows(),
        "v_current_positions": queries.current_positions().order_by(None),
        "v_reversals": queries.reversals(level="shift"),
    }


def view_sql(name: str, dialect) -> str:
    """``SELECT`` text of a view for one dialect, with literals inlined."""
    query = definitions()[name]
    return str(query.compile(dialect=dialect, compile_kwargs={"literal_binds": True}))


def fingerprint() -> str:
    """A digest of every view's SQL (as compiled for SQLite)."""
    import hashlib

    from sqlalchemy.dialects import sqlite

    text = "\n".join(f"{name}: {view_sql(name, sqlite.dialect())}" for name in definitions())
    return hashlib.sha256(text.encode()).hexdigest()


def create_views(connection: Connection) -> None:
    for name in definitions():
        connection.exec_driver_sql(f"CREATE VIEW {name} AS {view_sql(name, connection.dialect)}")


def drop_views(connection: Connection) -> None:
    for name in reversed(list(definitions())):
        connection.exec_driver_sql(f"DROP VIEW IF EXISTS {name}")


def replace_views(connection: Connection) -> None:
    drop_views(connection)
    create_views(connection)
