"""The Socratic facade: building it every supported way, side by side, and closing it."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest
import sqlalchemy as sa
from sqlalchemy import orm

from socratic_core import Event, EventName, hookimpl
from socratic_core.app import Socratic
from socratic_core.config import Settings
from socratic_core.db import Database
from socratic_core.errors import ConfigurationError, InvalidInputError, NotFoundError
from socratic_core.plugin_manager import make_plugin_manager

from ..conftest import FAST_HASHER, PASSWORD


def _register(app: Socratic, name: str = "alice") -> str:
    return app.users.register(username=name, email=f"{name}@example.com", password=PASSWORD).id


class TestBuilding:
    """Every way of building the facade gives working services."""

    def test_from_url_in_memory_migrates(self) -> None:
        """`sqlite://` gives a migrated in-memory database, ready to use."""
        with Socratic.from_url("sqlite://", entry_points=False, password_hasher=FAST_HASHER) as app:
            user_id = _register(app)
            assert app.users.get(user_id).username == "alice"
            with app.database.engine.connect() as conn:
                assert conn.execute(sa.text("SELECT version_num FROM alembic_version")).scalar()

    def test_side_by_side_instances_are_independent(self, tmp_path: Path) -> None:
        """Two apps on two files in one process do not see each other's data."""
        first = Socratic.from_url(f"sqlite:///{tmp_path / 'a.db'}", entry_points=False)
        second = Socratic.from_url(f"sqlite:///{tmp_path / 'b.db'}", entry_points=False)
        with first, second:
            first_app_user = first.users.register(
                username="solo", email="solo@example.com", password=PASSWORD
            )
            with pytest.raises(NotFoundError):
                second.users.get(first_app_user.id)
            assert second.audit.verify().checked == 0
            assert first.audit.verify().checked == 1

    def test_host_engine_and_sessionmaker(self, sqlite_url: str) -> None:
        """A host's engine or sessionmaker is used as is and never disposed of by close()."""
        engine = sa.create_engine(sqlite_url)
        Database(engine=engine).upgrade()
        with Socratic(engine=engine, entry_points=False, password_hasher=FAST_HASHER) as app:
            _register(app, "host")
        maker = orm.sessionmaker(bind=engine)  # SQLAlchemy's default: expire on commit
        with Socratic(sessionmaker=maker, entry_points=False, password_hasher=FAST_HASHER) as app:
            assert app.users.get_by_username("host").username == "host"
            assert _register(app, "second")  # a write returns its schema after the commit
        with engine.connect() as conn:  # still usable: close() left the host's engine alone
            assert conn.execute(sa.text("SELECT count(*) FROM users")).scalar() == 2
        engine.dispose()

    def test_from_settings_reads_the_environment(
        self, sqlite_url: str, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """`from_settings()` takes the database URL from SOCRATIC_DATABASE_URL."""
        monkeypatch.setenv("SOCRATIC_DATABASE_URL", sqlite_url)
        with Socratic.from_settings(entry_points=False) as app:
            assert app.database.engine.url.database == sa.make_url(sqlite_url).database
        with Socratic.from_settings(Settings(database_url="sqlite://"), entry_points=False) as app:
            assert app.database.engine.url.database in (None, "")

    @pytest.mark.parametrize("sources", [0, 2])
    def test_exactly_one_database_source(self, sources: int) -> None:
        """No source, or two, is a configuration error."""
        engine = sa.create_engine("sqlite://")
        kwargs = {"engine": engine, "database": Database(engine=engine)}
        chosen = dict(list(kwargs.items())[:sources])
        with pytest.raises(ConfigurationError, match="exactly one"):
            Socratic(entry_points=False, **chosen)  # type: ignore[arg-type]
        engine.dispose()

    def test_bad_url(self) -> None:
        """An unknown driver is a configuration error."""
        with pytest.raises(ConfigurationError):
            Socratic.from_url("nosuchdb://x")

    def test_close_releases_connections(self, sqlite_url: str) -> None:
        """close() disposes of the engine the app made; calling it twice is harmless."""
        app = Socratic.from_url(sqlite_url, entry_points=False, password_hasher=FAST_HASHER)
        _register(app)
        pool = app.database.engine.pool
        assert pool.checkedin() >= 1
        app.close()
        app.close()
        assert app.database.engine.pool is not pool
        assert app.database.engine.pool.checkedin() == 0

    def test_closed_app_refuses_work(self, sqlite_url: str) -> None:
        """After close(), services raise instead of quietly opening a new pool."""
        app = Socratic.from_url(sqlite_url, entry_points=False, password_hasher=FAST_HASHER)
        user_id = _register(app)
        app.close()
        with pytest.raises(ConfigurationError, match="closed"):
            app.users.get(user_id)
        with pytest.raises(ConfigurationError, match="closed"):
            app.audit.verify()
        assert app.database.engine.pool.checkedin() == 0

    @pytest.mark.postgres
    def test_from_url_on_postgresql(self, postgres_url: str) -> None:
        """A PostgreSQL URL gives a migrated database with working services."""
        _drop_everything(postgres_url)
        try:
            with Socratic.from_url(
                postgres_url, entry_points=False, password_hasher=FAST_HASHER
            ) as app:
                user_id = _register(app, "pguser")
                assert app.users.get(user_id).username == "pguser"
        finally:
            _drop_everything(postgres_url)


def _drop_everything(url: str) -> None:
    database = Database.from_url(url)
    try:
        database.drop_all()
        with database.engine.begin() as conn:
            conn.execute(sa.text("DROP TABLE IF EXISTS alembic_version"))
    finally:
        database.dispose()


class _Listener:
    def __init__(self, app_holder: list[Socratic]) -> None:
        self.events: list[Event] = []
        self.committed_seen: list[bool] = []
        self._app_holder = app_holder

    @hookimpl
    def on_event(self, event: Event) -> None:
        self.events.append(event)
        if event.name is EventName.USER_REGISTERED and event.entity_id:
            app = self._app_holder[0]
            self.committed_seen.append(app.users.get(event.entity_id).id == event.entity_id)


class _Broken:
    @hookimpl
    def on_event(self, event: Event) -> None:
        raise RuntimeError(f"broken listener on {event.name}")


class TestEvents:
    """Committed work is announced to plugins through the on_event hook."""

    def test_plugins_hear_committed_events(self, caplog: pytest.LogCaptureFixture) -> None:
        """Listeners see events after commit; a broken one is logged and undoes nothing."""
        holder: list[Socratic] = []
        listener = _Listener(holder)
        pm = make_plugin_manager(entry_points=False, plugins=[_Broken(), listener])
        with (
            Socratic.from_url("sqlite://", plugins=pm, password_hasher=FAST_HASHER) as app,
            caplog.at_level(logging.ERROR, logger="socratic_core.events"),
        ):
            holder.append(app)
            user_id = _register(app)
            project = app.projects.create(user_id, name="Evented")
            app.projects.change_phase(user_id, project.id, "design")
            with pytest.raises(InvalidInputError, match="next phase"):
                app.projects.change_phase(user_id, project.id, "deployment")
            assert app.projects.get(user_id, project.id).name == "Evented"
        assert [e.name for e in listener.events] == [
            EventName.USER_REGISTERED,
            EventName.PROJECT_CREATED,
            EventName.PROJECT_PHASE_CHANGED,
        ]
        assert listener.committed_seen == [True]
        assert listener.events[2].data == {"from": "planning", "to": "design"}
        failures = [r for r in caplog.records if "failed on event" in r.getMessage()]
        assert len(failures) == 3
