"""`Socratic`: the one object a host application builds to use socratic_core.

    with Socratic.from_url("sqlite:///socratic.db") as app:
        alice = app.users.register(username="alice", email="a@example.com", password="...")
        project = app.projects.create(alice.id, name="Demo")

It wires the configuration, the database, the plugin manager and the services. Several can live
side by side in one process; `close()` releases the connections of the engine it made.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from types import TracebackType
from typing import Any, Self

import pluggy
from sqlalchemy import orm
from sqlalchemy.engine import Engine

from socratic_core.agents._registry import AgentRegistry
from socratic_core.agents._runner import AgentRunner
from socratic_core.config import Settings
from socratic_core.db import Database
from socratic_core.errors import ConfigurationError
from socratic_core.rules import RuleEngine
from socratic_core.services._base import ServiceContext
from socratic_core.services.audit import AuditService
from socratic_core.services.codebases import CodebaseService
from socratic_core.services.events import EventSink, PluginEventSink
from socratic_core.services.instructions import InstructionService
from socratic_core.services.passwords import PasswordHasher, PasswordPolicy
from socratic_core.services.projects import ProjectService
from socratic_core.services.sessions import SessionService
from socratic_core.services.specifications import SpecificationService
from socratic_core.services.users import UserService
from socratic_core.uow import SqlAlchemyUnitOfWork

__all__ = ["Socratic"]


def _utcnow() -> datetime:
    return datetime.now(UTC)


class Socratic:
    """The facade: a database, a plugin manager, and the services that use them.

    Build it with `Socratic.from_url(url)`, `Socratic.from_settings()` (environment variables
    `SOCRATIC_*`), `Socratic(engine=...)` or `Socratic(sessionmaker=...)` with a host's own, or
    `Socratic(database=...)`. Exactly one source of the database must be given.

    Args:
        database: A ready `Database`.
        engine: A host's engine (socratic_core never disposes of it).
        sessionmaker: A host's sessionmaker bound to an engine (never disposed of either).
        plugins: A plugin manager; None builds one with `make_plugin_manager`.
        entry_points: When building the plugin manager, load installed plugins (True) or not.
        events: Where committed events go; None delivers them to the plugins' `on_event` hook.
        password_hasher: How passwords are hashed (scrypt by default).
        password_policy: What new passwords must satisfy.
        audit_anchor_key: The secret that signs audit anchors (`audit.anchor()`); from
            `SOCRATIC_AUDIT_ANCHOR_KEY` with `from_settings`.
        clock: The current time, aware UTC (for tests).

    Attributes:
        users: Registration and authentication.
        projects: Projects and collaborators.
        sessions: Sessions and their messages.
        instructions: Instructions and the active rule set.
        specifications: Technical specifications.
        codebases: Generated codebases and files.
        audit: The audit trail.
        engine: The rule engine, with the checks of this app's plugins.
        agents: The agents this app can run (`register`, `get`, `names`).
        runs: The agent runner: `run`/`arun` an agent, `get`/`list` the stored runs.
    """

    def __init__(
        self,
        *,
        database: Database | None = None,
        engine: Engine | None = None,
        sessionmaker: orm.sessionmaker[orm.Session] | None = None,
        plugins: pluggy.PluginManager | None = None,
        entry_points: bool = True,
        events: EventSink | None = None,
        password_hasher: PasswordHasher | None = None,
        password_policy: PasswordPolicy | None = None,
        audit_anchor_key: str | bytes | None = None,
        clock: Callable[[], datetime] = _utcnow,
    ) -> None:
        self.database = _database(database, engine, sessionmaker)
        self._owns_engine = False
        self._closed = False
        self.plugins = plugins if plugins is not None else _plugin_manager(entry_points)
        context = ServiceContext(
            uow_factory=self._unit_of_work,
            events=events if events is not None else PluginEventSink(self.plugins),
            clock=clock,
        )
        self.users = UserService(context, hasher=password_hasher, policy=password_policy)
        self.projects = ProjectService(context)
        self.sessions = SessionService(context)
        self.engine = RuleEngine(self.plugins)
        self.instructions = InstructionService(context, engine=self.engine)
        self.specifications = SpecificationService(context)
        self.codebases = CodebaseService(context)
        self.audit = AuditService(self._unit_of_work, clock=clock, anchor_key=audit_anchor_key)
        self.agents = AgentRegistry.from_plugins(self.plugins)
        self.runs = AgentRunner(context, engine=self.engine, agents=self.agents)

    def _unit_of_work(self) -> SqlAlchemyUnitOfWork:
        if self._closed:
            raise ConfigurationError(f"{self!r} is closed: build a new app to go on")
        return self.database.unit_of_work()

    @classmethod
    def from_url(cls, url: str, *, migrate: bool = True, **options: Any) -> Socratic:
        """Build an app on a new engine for `url`, bringing its schema up to date first.

        Args:
            url: `sqlite:///path.db` (a file), `sqlite://` (in memory, for notebooks and tests)
                or `postgresql://...` (extra `postgres`).
            migrate: Apply the packaged migrations before returning.
            **options: Any keyword argument of `Socratic()` except the database sources.

        Returns:
            The app; `close()` it (or use it as a context manager) to release the engine.

        Raises:
            ConfigurationError: The URL cannot be used.
        """
        return cls._owning(Database.from_url(url), migrate=migrate, **options)

    @classmethod
    def from_settings(
        cls, settings: Settings | None = None, *, migrate: bool = True, **options: Any
    ) -> Socratic:
        """Build an app from settings (by default read from `SOCRATIC_*` environment variables).

        Args:
            settings: The settings; None reads them from the environment now.
            migrate: Apply the packaged migrations before returning.
            **options: Any keyword argument of `Socratic()` except the database sources.

        Returns:
            The app, owning its engine.

        Raises:
            ConfigurationError: An environment variable holds a malformed value.
        """
        settings = settings or Settings.load()
        database = Database.from_url(settings.database_url, settings=settings)
        key = settings.audit_anchor_key
        if key is not None:
            options.setdefault("audit_anchor_key", key.get_secret_value())
        return cls._owning(database, migrate=migrate, **options)

    @classmethod
    def _owning(cls, database: Database, *, migrate: bool, **options: Any) -> Socratic:
        try:
            if migrate:
                database.upgrade()
            app = cls(database=database, **options)
        except BaseException:
            database.dispose()
            raise
        app._owns_engine = True
        return app

    def close(self) -> None:
        """Release the connections of the engine this app created (a host's engine is left be).

        Every service refuses to work afterwards (`ConfigurationError`), so a closed app never
        quietly opens a new pool. Calling it twice is harmless.
        """
        if not self._closed:
            self.runs.close()
        if self._owns_engine and not self._closed:
            self.database.dispose()
        self._closed = True

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.close()

    def __repr__(self) -> str:
        return f"Socratic({self.database.url!r})"


def _database(
    database: Database | None,
    engine: Engine | None,
    sessionmaker: orm.sessionmaker[orm.Session] | None,
) -> Database:
    given = [source for source in (database, engine, sessionmaker) if source is not None]
    if len(given) != 1:
        raise ConfigurationError(
            "give exactly one of database=, engine= or sessionmaker= "
            "(or use Socratic.from_url / Socratic.from_settings)"
        )
    if database is not None:
        return database
    if engine is not None:
        return Database(engine=engine)
    assert sessionmaker is not None  # noqa: S101 - narrowed by the count above
    return Database.from_sessionmaker(sessionmaker)


def _plugin_manager(entry_points: bool) -> pluggy.PluginManager:
    from socratic_core.plugin_manager import make_plugin_manager  # noqa: PLC0415 - on demand

    return make_plugin_manager(entry_points=entry_points)
