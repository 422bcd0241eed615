"""Alembic environment for socratic_core's packaged migrations.

`socratic_core.db.migrate` hands over an open connection in `config.attributes["connection"]`;
run through the `alembic` command instead, the URL comes from the `sqlalchemy.url` option or
`SOCRATIC_DATABASE_URL`.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import context

from socratic_core.models import Base

target_metadata = Base.metadata


def _run(connection: sa.Connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        render_as_batch=connection.dialect.name == "sqlite",
        compare_type=True,
    )
    with context.begin_transaction():
        context.run_migrations()


def run_migrations_online() -> None:
    """Run the migrations on the handed-over connection, or on a new engine for the URL."""
    connection = context.config.attributes.get("connection")
    if connection is not None:
        _run(connection)
        return
    from socratic_core.db.database import Database  # noqa: PLC0415

    url = context.config.get_main_option("sqlalchemy.url")
    database = Database.from_url(url)
    try:
        with database.engine.begin() as new_connection:
            _run(new_connection)
    finally:
        database.dispose()


if context.is_offline_mode():
    raise SystemExit("socratic_core migrations run online only (they need a connection)")
run_migrations_online()
