"""Bring a database to the latest schema with the Alembic migrations shipped in this package.

No `alembic.ini` is needed: the configuration is built here, and the script location is the
`migrations` folder beside this module. Alembic itself is imported only when a function here
runs, so `import socratic_core` stays light.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import sqlalchemy as sa
from sqlalchemy.engine import URL, Engine

from socratic_core.db.errors import translate_errors

if TYPE_CHECKING:
    from alembic.config import Config

__all__ = ["alembic_config", "current_revision", "upgrade"]

MIGRATIONS = Path(__file__).resolve().parent / "migrations"


def alembic_config(connection: sa.Connection | None = None) -> Config:
    """Return an Alembic configuration for the packaged migrations.

    Args:
        connection: The connection the migrations run on (handed to `env.py`).
    """
    from alembic.config import Config  # noqa: PLC0415 - see the module docstring

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.attributes["connection"] = connection
    return config


def upgrade(target: str | URL | Engine, revision: str = "head") -> None:
    """Apply the packaged migrations to `target` up to `revision`.

    Args:
        target: A database URL or an engine. A URL gets a short-lived engine of its own
            (with the same SQLite pragmas `Database` uses).
        revision: The revision to reach; `"head"` is the latest.

    Raises:
        RepositoryError: The database could not be reached or refused a statement.
    """
    from alembic import command  # noqa: PLC0415 - see the module docstring

    engine, owned = _engine_for(target)
    try:
        with translate_errors(), engine.begin() as connection:
            command.upgrade(alembic_config(connection), revision)
    finally:
        if owned:
            engine.dispose()


def current_revision(target: str | URL | Engine) -> str | None:
    """Return the revision `target` is at, or None for a database never migrated."""
    from alembic.runtime.migration import MigrationContext  # noqa: PLC0415

    engine, owned = _engine_for(target)
    try:
        with translate_errors(), engine.connect() as connection:
            return MigrationContext.configure(connection).get_current_revision()
    finally:
        if owned:
            engine.dispose()


def _engine_for(target: str | URL | Engine) -> tuple[Engine, bool]:
    if isinstance(target, Engine):
        return target, False
    from socratic_core.db.database import Database  # noqa: PLC0415 - avoids an import cycle

    return Database.from_url(target).engine, True
