"""Settings: the database URL, its pool, and SQLite's options, overridable from the environment.

`Settings()` reads `SOCRATIC_*` environment variables (and a `.env` file if one is named) when it
is *constructed*, never at import time::

    SOCRATIC_DATABASE_URL=postgresql+psycopg://app@db/socratic
    SOCRATIC_POOL_SIZE=10
    SOCRATIC_AUDIT_ANCHOR_KEY=<a long random secret>
"""

from __future__ import annotations

from typing import Any

from pydantic import Field, SecretStr, ValidationError
from pydantic_settings import BaseSettings, SettingsConfigDict

from socratic_core.errors import ConfigurationError

__all__ = ["Settings"]


class Settings(BaseSettings):
    """socratic_core's configuration; every field can be set by `SOCRATIC_<FIELD>`.

    Attributes:
        database_url: SQLAlchemy URL; `sqlite://` is an in-memory database, `postgresql://` uses
            psycopg 3 (extra `postgres`).
        echo: Log every SQL statement (through the `sqlalchemy.engine` logger).
        pool_size: Connections kept open in the pool (server databases and SQLite files).
        max_overflow: Connections allowed beyond `pool_size` under load.
        pool_timeout: Seconds to wait for a free connection before giving up.
        pool_recycle: Seconds after which a pooled connection is replaced (-1: never).
        pool_pre_ping: Test a pooled connection before handing it out.
        sqlite_busy_timeout_ms: How long SQLite waits for a lock held by another connection.
        sqlite_wal: Put SQLite database files in write-ahead-log mode.
        audit_anchor_key: The secret that signs audit anchors (`app.audit.anchor()`); keep it
            out of the database's reach. None disables anchoring.
    """

    model_config = SettingsConfigDict(env_prefix="SOCRATIC_", extra="ignore")

    database_url: str = "sqlite:///socratic.db"
    echo: bool = False
    pool_size: int = Field(default=5, ge=1)
    max_overflow: int = Field(default=10, ge=0)
    pool_timeout: float = Field(default=30.0, gt=0)
    pool_recycle: int = Field(default=1800, ge=-1)
    pool_pre_ping: bool = True
    sqlite_busy_timeout_ms: int = Field(default=5000, ge=0)
    sqlite_wal: bool = True
    audit_anchor_key: SecretStr | None = None

    @classmethod
    def load(cls, **overrides: Any) -> Settings:
        """Read the settings (environment, then `overrides`), as `ConfigurationError` if invalid.

        Raises:
            ConfigurationError: A value is malformed, e.g. `SOCRATIC_POOL_SIZE=many`.
        """
        try:
            return cls(**overrides)
        except ValidationError as exc:
            problems = "; ".join(
                f"{'.'.join(str(p) for p in error['loc'])}: {error['msg']}"
                for error in exc.errors()
            )
            raise ConfigurationError(f"invalid settings: {problems}") from exc
