"""Fixtures for tests on real databases: a `Database` on a SQLite file, then on PostgreSQL."""

from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest
import sqlalchemy as sa

from socratic_core import MessageRole, Settings
from socratic_core.db import Database
from socratic_core.models import Base, Message, Project, Session, User


def _empty_tables(database: Database) -> None:
    """Start from empty tables: the PostgreSQL database is shared by the whole test session."""
    if database.engine.dialect.name != "postgresql":
        return
    names = ", ".join(f'"{table.name}"' for table in Base.metadata.sorted_tables)
    with database.engine.begin() as connection:
        connection.execute(sa.text(f"TRUNCATE {names} CASCADE"))


@pytest.fixture
def db(database_url: str) -> Iterator[Database]:
    """A `Database` with every table created and empty, on SQLite and on PostgreSQL."""
    database = Database.from_url(database_url, settings=Settings(database_url=database_url))
    database.create_all()
    _empty_tables(database)
    yield database
    database.dispose()


@pytest.fixture
def make_user(db: Database) -> Callable[..., User]:
    """Create and commit a user; keyword arguments override the defaults."""
    counter = iter(range(1_000_000))

    def make(**overrides: object) -> User:
        number = next(counter)
        fields: dict[str, object] = {
            "username": f"user{number}",
            "email": f"user{number}@example.org",
            "password_hash": "hash",
        }
        fields.update(overrides)
        with db.unit_of_work() as uow:
            user = uow.users.add(User(**fields))
            uow.commit()
        return user

    return make


@pytest.fixture
def project(db: Database, make_user: Callable[..., User]) -> Project:
    """A committed project owned by a fresh user."""
    owner = make_user()
    with db.unit_of_work() as uow:
        created = uow.projects.add(Project(owner_id=owner.id, name="Engine"))
        uow.commit()
    return created


@pytest.fixture
def session_with_messages(db: Database, project: Project) -> Session:
    """A committed session holding 25 messages at positions 0..24."""
    with db.unit_of_work() as uow:
        session = uow.sessions.add(Session(project_id=project.id, title="Kick-off"))
        uow.messages.add_many(
            [
                Message(session_id=session.id, position=i, role=MessageRole.USER, content=f"m{i}")
                for i in range(25)
            ]
        )
        uow.commit()
    return session
