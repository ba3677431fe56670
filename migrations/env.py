"""Alembic environment for policytrack.

``policytrack init`` / ``policytrack db ...`` pass an open connection in
``config.attributes["connection"]`` (pytest-alembic passes an engine there);
the plain ``alembic`` command (run in a checkout with alembic.ini) connects
to ``POLICYTRACK_DB`` or the default.
"""

from alembic import context
from sqlalchemy import Engine

from policytrack.db import Database
from policytrack.models import schema_metadata

config = context.config
target_metadata = schema_metadata()


def _include_name(name, type_, _parent) -> bool:
    # The search index is built by raw DDL (an FTS5 table and its shadow
    # tables on SQLite), not a model: autogenerate leaves it alone.
    return not (type_ == "table" and name.startswith("search_index"))


def run_migrations(connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        # SQLite cannot ALTER most things; batch mode rebuilds the table.
        render_as_batch=connection.dialect.name == "sqlite",
        compare_type=True,
        include_name=_include_name,
    )
    with context.begin_transaction():
        context.run_migrations()


connectable = config.attributes.get("connection")
if isinstance(connectable, Engine):
    # pytest-alembic (and alembic's own cookbook) pass an engine here.
    with connectable.begin() as connection:
        run_migrations(connection)
elif connectable is not None:
    run_migrations(connectable)
else:
    url = config.get_main_option("sqlalchemy.url")
    database = Database(url or None)
    with database.engine.begin() as connection:
        run_migrations(connection)
