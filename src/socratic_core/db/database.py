"""`Database`: one engine and one sessionmaker, built from a URL or handed over by the host.

Several `Database` objects can live side by side in one process; nothing here is global.
"""

from __future__ import annotations

import threading
from typing import Any

import sqlalchemy as sa
from sqlalchemy import event, orm
from sqlalchemy.engine import URL, Engine
from sqlalchemy.pool import StaticPool

from socratic_core.config import Settings
from socratic_core.errors import ConfigurationError
from socratic_core.models import Base
from socratic_core.uow._sqlalchemy import SqlAlchemyUnitOfWork

__all__ = ["Database"]


class Database:
    """A database socratic_core can work in: an engine, a sessionmaker and units of work.

    Build it with `Database.from_url(url)`, `Database(engine=engine)` (a host's own engine) or
    `Database.from_sessionmaker(sessionmaker)`. On an engine `from_url` creates, every SQLite
    connection gets foreign keys on and the configured busy timeout, database files are put in
    WAL mode, and statement parameters are kept out of error messages and logs (they may hold
    password hashes). A host's own SQLite engine is changed as little as the data layer allows:
    its connections get foreign keys on (cascades and references depend on it), nothing more,
    however many `Database` objects are built on it. Build a host engine with
    `hide_parameters=True` to keep parameters out of its error messages too.

    An in-memory SQLite database (`sqlite://`) is one connection shared by every session, so
    its units of work take turns: one at a time per `Database`, across threads.

    Args:
        engine: The engine to work through.
        sessionmaker: The session factory; None builds one bound to `engine` that does not
            expire objects on commit, so they stay readable after the unit of work.

    Example:
        >>> db = Database.from_url("sqlite://")
        >>> db.create_all()
        >>> with db.unit_of_work() as uow:
        ...     uow.commit()
    """

    def __init__(
        self,
        *,
        engine: Engine,
        sessionmaker: orm.sessionmaker[orm.Session] | None = None,
    ) -> None:
        self._engine = engine
        if engine.dialect.name == "sqlite" and not event.contains(
            engine, "connect", _sqlite_foreign_keys
        ):
            event.listen(engine, "connect", _sqlite_foreign_keys)
        self._sessionmaker = sessionmaker or orm.sessionmaker(
            bind=engine, expire_on_commit=False, autoflush=True
        )
        # One shared connection can hold one transaction: units of work must take turns.
        self._turns = threading.RLock() if _is_sqlite_memory(engine.url) else None

    @classmethod
    def from_url(
        cls, url: str | URL | None = None, *, settings: Settings | None = None
    ) -> Database:
        """Build a database (and its engine) from a URL.

        Args:
            url: A SQLAlchemy URL; None takes `settings.database_url`. `sqlite://` (or
                `sqlite:///:memory:`) is one in-memory database shared by every session.
                `postgresql://` and `postgres://` use the psycopg 3 driver.
            settings: Pool, echo and SQLite options; None reads them from the environment
                (`Settings.load()`).

        Returns:
            A new `Database` owning a new engine.

        Raises:
            ConfigurationError: The URL cannot be parsed or names an unknown database driver,
                or the environment holds an invalid setting.
        """
        settings = settings or Settings.load()
        engine = create_engine(url if url is not None else settings.database_url, settings)
        return cls(engine=engine)

    @classmethod
    def from_sessionmaker(cls, sessionmaker: orm.sessionmaker[orm.Session]) -> Database:
        """Use a host's own sessionmaker (and the engine it is bound to) as is.

        Its options stand, but for one: the sessions units of work take from it never expire
        their objects on commit, so what a unit of work read stays readable after it.

        Raises:
            ConfigurationError: The sessionmaker is not bound to an engine.
        """
        bind = sessionmaker.kw.get("bind")
        if not isinstance(bind, Engine):
            raise ConfigurationError("the sessionmaker must be bound to an Engine (bind=engine)")
        return cls(engine=bind, sessionmaker=sessionmaker)

    @property
    def engine(self) -> Engine:
        """The SQLAlchemy engine."""
        return self._engine

    @property
    def sessionmaker(self) -> orm.sessionmaker[orm.Session]:
        """The factory of the ORM sessions each unit of work owns."""
        return self._sessionmaker

    @property
    def url(self) -> str:
        """The database URL with any password masked, safe to print or log."""
        return self._engine.url.render_as_string(hide_password=True)

    def unit_of_work(self) -> SqlAlchemyUnitOfWork:
        """Return a new unit of work; use it as a context manager and call `commit()` in it."""
        return SqlAlchemyUnitOfWork(self._sessionmaker, turns=self._turns)

    def create_all(self) -> None:
        """Create every table straight from the models (tests, notebooks); prefer `upgrade()`."""
        Base.metadata.create_all(self._engine)

    def drop_all(self) -> None:
        """Drop every socratic_core table, with everything in it."""
        Base.metadata.drop_all(self._engine)

    def upgrade(self, revision: str = "head") -> None:
        """Bring the schema to `revision` (default the latest) with the packaged migrations."""
        from socratic_core.db.migrate import upgrade  # noqa: PLC0415 - alembic only when asked

        upgrade(self._engine, revision)

    def dispose(self) -> None:
        """Close every pooled connection; the database can still be used afterwards."""
        self._engine.dispose()

    def __repr__(self) -> str:
        return f"Database({self.url!r})"


def create_engine(url: str | URL, settings: Settings) -> Engine:
    """Create an engine for `url` with the pool and SQLite options of `settings`.

    Args:
        url: A SQLAlchemy URL.
        settings: Where the pool, echo and SQLite options come from.

    Returns:
        A new engine; SQLite connections get foreign keys, the busy timeout and (files) WAL,
        and statement parameters never appear in its error messages or logs.

    Raises:
        ConfigurationError: The URL cannot be parsed or names an unknown driver.
    """
    try:
        parsed = _normalise_url(sa.make_url(url))
        options = _engine_options(parsed, settings)
        engine = sa.create_engine(parsed, echo=settings.echo, hide_parameters=True, **options)
    except (sa.exc.ArgumentError, sa.exc.NoSuchModuleError, ImportError, ValueError) as exc:
        raise ConfigurationError(f"cannot use database URL: {exc}") from exc
    if engine.dialect.name == "sqlite":
        _install_sqlite_pragmas(engine, settings)
    return engine


def _normalise_url(url: URL) -> URL:
    if url.drivername in ("postgresql", "postgres"):
        return url.set(drivername="postgresql+psycopg")
    return url


def _is_sqlite_memory(url: URL) -> bool:
    return url.get_backend_name() == "sqlite" and url.database in (None, "", ":memory:")


def _engine_options(url: URL, settings: Settings) -> dict[str, Any]:
    if _is_sqlite_memory(url):
        return {"poolclass": StaticPool, "connect_args": {"check_same_thread": False}}
    return {
        "pool_size": settings.pool_size,
        "max_overflow": settings.max_overflow,
        "pool_timeout": settings.pool_timeout,
        "pool_recycle": settings.pool_recycle,
        "pool_pre_ping": settings.pool_pre_ping,
    }


def _sqlite_foreign_keys(dbapi_connection: Any, _record: Any) -> None:
    """Turn on foreign keys on a new SQLite connection (any engine `Database` works through)."""
    cursor = dbapi_connection.cursor()
    try:
        cursor.execute("PRAGMA foreign_keys=ON")
    finally:
        cursor.close()


def _install_sqlite_pragmas(engine: Engine, settings: Settings) -> None:
    """Set the busy timeout and (for files) WAL on every new connection of an engine we made."""
    use_wal = settings.sqlite_wal and not _is_sqlite_memory(engine.url)
    busy_timeout = int(settings.sqlite_busy_timeout_ms)

    def on_connect(dbapi_connection: Any, _record: Any) -> None:
        cursor = dbapi_connection.cursor()
        try:
            # PRAGMA takes no bound parameters; busy_timeout is an int, so this is safe.
            cursor.execute(f"PRAGMA busy_timeout={busy_timeout}")
            if use_wal:
                cursor.execute("PRAGMA journal_mode=WAL")
        finally:
            cursor.close()

    event.listen(engine, "connect", on_connect)
