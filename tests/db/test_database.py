"""`Database`: built from a URL, an engine or a sessionmaker, with the right connection setup."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
import sqlalchemy as sa
from sqlalchemy import orm

from socratic_core import ConfigurationError, RepositoryError, Settings
from socratic_core.db import Database
from socratic_core.models import User


def _user(name: str) -> User:
    return User(username=name, email=f"{name}@x", password_hash="h")


class TestSqlite:
    """SQLite connections get foreign keys, a busy timeout and WAL on files."""

    def test_file_database_pragmas(self, sqlite_url: str) -> None:
        """A file database runs with foreign keys on, the configured timeout and WAL."""
        db = Database.from_url(sqlite_url, settings=Settings(sqlite_busy_timeout_ms=1234))
        with db.engine.connect() as connection:
            pragma = connection.exec_driver_sql
            assert pragma("PRAGMA foreign_keys").scalar() == 1
            assert pragma("PRAGMA busy_timeout").scalar() == 1234
            assert pragma("PRAGMA journal_mode").scalar() == "wal"
        db.dispose()

    @pytest.mark.parametrize("url", ["sqlite://", "sqlite:///:memory:"])
    def test_memory_database_is_shared_by_every_session(self, url: str) -> None:
        """An in-memory database keeps its rows across units of work."""
        db = Database.from_url(url, settings=Settings())
        db.create_all()
        with db.unit_of_work() as uow:
            uow.users.add(_user("ada"))
            uow.commit()
        with db.unit_of_work() as uow:
            assert uow.users.count() == 1
        db.dispose()

    def test_two_databases_side_by_side(self) -> None:
        """Two in-memory databases in one process do not see each other's rows."""
        first, second = Database.from_url("sqlite://"), Database.from_url("sqlite://")
        for db in (first, second):
            db.create_all()
        with first.unit_of_work() as uow:
            uow.users.add(_user("ada"))
            uow.commit()
        with second.unit_of_work() as uow:
            assert uow.users.count() == 0

    def test_host_engine_gets_foreign_keys_and_nothing_else(self, tmp_path: Path) -> None:
        """A host's engine enforces foreign keys, keeps its journal mode, and gets one listener."""
        engine = sa.create_engine(f"sqlite:///{tmp_path / 'host.db'}")
        listeners = len(engine.pool.dispatch.connect)
        for _ in range(5):
            db = Database(engine=engine)
        with db.engine.connect() as connection:
            assert connection.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
            assert connection.exec_driver_sql("PRAGMA journal_mode").scalar() == "delete"
        assert len(engine.pool.dispatch.connect) == listeners + 1
        engine.dispose()

    def test_host_engine_ignores_a_broken_environment(
        self, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """Settings are not read for a handed-over engine, so a bad SOCRATIC_* can't break it."""
        monkeypatch.setenv("SOCRATIC_POOL_SIZE", "not a number")
        with pytest.raises(ConfigurationError, match="pool_size"):
            Database.from_url(f"sqlite:///{tmp_path / 'configured.db'}")  # reads the settings
        engine = sa.create_engine(f"sqlite:///{tmp_path / 'host.db'}")
        db = Database(engine=engine)
        db.create_all()
        with db.unit_of_work() as uow:
            uow.users.add(_user("ada"))
            uow.commit()
        with db.unit_of_work() as uow:
            assert uow.users.count() == 1
        assert db.engine is engine
        engine.dispose()

    def test_memory_database_units_of_work_take_turns_across_threads(self) -> None:
        """Threads writing to one in-memory database lose nothing and break nothing."""
        db = Database.from_url("sqlite://", settings=Settings())
        db.create_all()

        def write(thread: int) -> None:
            for i in range(25):
                with db.unit_of_work() as uow:
                    uow.users.add(_user(f"t{thread}u{i}"))
                    uow.commit()

        with ThreadPoolExecutor(max_workers=4) as pool:
            for future in [pool.submit(write, thread) for thread in range(4)]:
                future.result()
        with db.unit_of_work() as uow:
            assert uow.users.count() == 100
        db.dispose()


class TestSecretsStayOutOfErrors:
    """Statement parameters (password hashes among them) never show in a database error."""

    def test_conflict_cause_hides_parameters(self, database_url: str) -> None:
        """The driver error kept as the cause of a conflict does not print the row's values."""
        db = Database.from_url(database_url, settings=Settings())
        db.drop_all()  # the PostgreSQL database is shared by the session: start from no rows
        db.create_all()
        with db.unit_of_work() as uow:
            uow.users.add(User(username="ada", email="a@x", password_hash="scrypt$FIRSTHASH"))
            uow.commit()
        with db.unit_of_work() as uow, pytest.raises(RepositoryError) as caught:
            uow.users.add(User(username="ada", email="b@x", password_hash="scrypt$OTHERHASH"))
        assert "OTHERHASH" not in str(caught.value)
        assert "OTHERHASH" not in str(caught.value.__cause__)
        db.drop_all()
        db.dispose()


class TestConstruction:
    """The ways a host builds a `Database`."""

    def test_from_sessionmaker_uses_the_hosts_factory(self, database_url: str) -> None:
        """Units of work take their sessions from the host's sessionmaker."""
        engine = sa.create_engine(database_url)
        factory = orm.sessionmaker(bind=engine)  # SQLAlchemy's default: expire on commit
        db = Database.from_sessionmaker(factory)
        assert db.sessionmaker is factory
        assert db.engine is engine
        db.create_all()
        with db.unit_of_work() as uow:
            user = uow.users.add(_user("ada"))
            uow.commit()
        assert user.username == "ada"  # still readable after the unit of work
        with factory() as session:
            assert session.get(User, user.id) is not None
            session.delete(session.get(User, user.id))
            session.commit()
        engine.dispose()

    def test_unbound_sessionmaker_is_refused(self) -> None:
        """A sessionmaker without an engine raises `ConfigurationError`."""
        with pytest.raises(ConfigurationError):
            Database.from_sessionmaker(orm.sessionmaker())

    @pytest.mark.parametrize("url", ["nodb://x", "not a url"])
    def test_bad_url_is_a_configuration_error(self, url: str) -> None:
        """An unusable URL raises `ConfigurationError` with the driver's error as cause."""
        with pytest.raises(ConfigurationError) as caught:
            Database.from_url(url)
        assert caught.value.__cause__ is not None

    def test_url_defaults_to_the_settings(self, tmp_path: Path) -> None:
        """Without a URL, `settings.database_url` is used."""
        url = f"sqlite:///{tmp_path / 'configured.db'}"
        db = Database.from_url(settings=Settings(database_url=url))
        assert db.url == url
        db.dispose()

    def test_url_hides_the_password(self) -> None:
        """`url` and `repr` never show the password."""
        db = Database.from_url("postgresql://app:s3cret@127.0.0.1:1/db")
        assert "s3cret" not in db.url
        assert "s3cret" not in repr(db)
        assert db.engine.dialect.driver == "psycopg"

    def test_postgres_pool_comes_from_settings(self) -> None:
        """Pool size, overflow, timeout and recycle are taken from the settings."""
        settings = Settings(pool_size=3, max_overflow=4, pool_timeout=5, pool_recycle=60)
        db = Database.from_url("postgres://app@127.0.0.1:1/db", settings=settings)
        pool = db.engine.pool
        assert isinstance(pool, sa.QueuePool)
        assert (pool.size(), pool._max_overflow, pool._timeout, pool._recycle) == (3, 4, 5, 60)

    def test_unreachable_server_is_a_repository_error(self) -> None:
        """A server that does not answer raises the library's error, not the driver's."""
        db = Database.from_url("postgresql://app@127.0.0.1:1/db?connect_timeout=2")
        with pytest.raises(RepositoryError) as caught, db.unit_of_work() as uow:
            uow.users.count()
        assert isinstance(caught.value.__cause__, sa.exc.OperationalError)
