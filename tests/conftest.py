"""Fixtures shared by the whole suite: real databases (a SQLite file, PostgreSQL) and apps on them.

PostgreSQL tests run against a fresh database created for this test session (so parallel runs on
one server never see each other) and dropped afterwards. Where the server is unreachable they skip
with the reason; with `CI=true` they fail instead, so CI can never pass by skipping them.

Beside the database URLs: `db` (a `Database` with every table created and empty; rows made by
`make_user`, `project` and `session_with_messages`), and `hostile` (an app whose every refusal is
checked for its one bounded audit row), used by the repository, service and database tests alike.
"""

from __future__ import annotations

import json
import os
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa

from socratic_core.app import Socratic
from socratic_core.config import Settings
from socratic_core.db import Database
from socratic_core.errors import InvalidInputError
from socratic_core.models import Base, Message, MessageRole, Project, Session, User
from socratic_core.services._trail import FIELD_LIMIT
from socratic_core.services.chain import canonical_json
from socratic_core.services.passwords import PasswordHasher
from socratic_core.services.schemas import UserRead
from socratic_core.testing import InMemoryStore

POSTGRES_ADMIN_URL = os.environ.get(
    "SOCRATIC_TEST_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test"
)
IN_CI = os.environ.get("CI", "").lower() == "true"

# Tests hash many passwords: they pass this cheap hasher explicitly (the default is n=2**17).
FAST_HASHER = PasswordHasher(n=2**8, r=8, p=1)
PASSWORD = "Corr3ct-horse-battery"
# A bounded field's JSON: FIELD_LIMIT characters plus the few keys that describe a cut.
MAX_FIELD_JSON = FIELD_LIMIT + 200


def _postgres_unavailable(reason: str) -> None:
    message = f"PostgreSQL at {POSTGRES_ADMIN_URL} is unreachable: {reason}"
    if IN_CI:
        pytest.fail(f"{message} (CI=true: PostgreSQL tests must run)", pytrace=False)
    pytest.skip(message)


@pytest.fixture(scope="session")
def postgres_url() -> Iterator[str]:
    """URL of a fresh, empty PostgreSQL database that lives for the test session."""
    try:
        admin = sa.create_engine(POSTGRES_ADMIN_URL, isolation_level="AUTOCOMMIT")
        with admin.connect() as conn:
            conn.execute(sa.text("SELECT 1"))
    except Exception as exc:  # any failure to connect means "unreachable"
        _postgres_unavailable(f"{type(exc).__name__}: {exc}".splitlines()[0])
    name = f"socratic_test_{uuid.uuid4().hex[:12]}"
    with admin.connect() as conn:
        conn.execute(sa.text(f'CREATE DATABASE "{name}"'))
    try:
        yield (
            sa.make_url(POSTGRES_ADMIN_URL).set(database=name).render_as_string(hide_password=False)
        )
    finally:
        with admin.connect() as conn:
            conn.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


@pytest.fixture
def sqlite_url(tmp_path: Path) -> str:
    """URL of a new SQLite database file in the test's own temporary folder."""
    return f"sqlite:///{tmp_path / 'socratic.db'}"


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def database_url(request: pytest.FixtureRequest) -> str:
    """A real database URL: a SQLite file, then a fresh PostgreSQL database."""
    if request.param == "sqlite":
        return str(request.getfixturevalue("sqlite_url"))
    return str(request.getfixturevalue("postgres_url"))


def _empty_tables(database: Database) -> None:
    """Start from empty tables: the PostgreSQL database is shared by the whole test session."""
    if database.engine.dialect.name != "postgresql":
        return
    names = ", ".join(f'"{table.name}"' for table in Base.metadata.sorted_tables)
    with database.engine.begin() as connection:
        connection.execute(sa.text(f"TRUNCATE {names} CASCADE"))


def _empty_database(url: str) -> Database:
    database = Database.from_url(url, settings=Settings(database_url=url))
    database.create_all()
    _empty_tables(database)
    return database


@pytest.fixture
def db(database_url: str) -> Iterator[Database]:
    """A `Database` with every table created and empty, on SQLite and on PostgreSQL."""
    database = _empty_database(database_url)
    yield database
    database.dispose()


@pytest.fixture(params=["memory", "sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def store(request: pytest.FixtureRequest) -> Iterator[Database | InMemoryStore]:
    """An empty store of every kind: the in-memory fake, a SQLite file, a PostgreSQL database."""
    if request.param == "memory":
        yield InMemoryStore()
        return
    database = _empty_database(str(request.getfixturevalue(f"{request.param}_url")))
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


@dataclass
class Hostile:
    """An app on a fresh database, with the checks every refusal must pass."""

    app: Socratic
    database: Database

    def user(self, name: str) -> UserRead:
        """Register a user with the standard password."""
        return self.app.users.register(
            username=name, email=f"{name}@example.com", password=PASSWORD
        )

    def count(self, table: str) -> int:
        """How many rows `table` holds."""
        with self.database.engine.connect() as conn:
            query = sa.text(f"SELECT count(*) FROM {table}")  # noqa: S608 - the tests' own names
            return int(conn.execute(query).scalar_one())

    def audit_rows(self) -> list[dict[str, Any]]:
        """Every audit row, oldest first, with its JSON fields decoded."""
        with self.database.unit_of_work() as uow:
            return [
                {c: getattr(row, c) for c in ("action", "success", "error_code", "chain")}
                | {f: getattr(row, f) for f in ("request", "response", "violations")}
                for row in uow.audit.paginate_keyset(
                    limit=10_000, keys=("created_at", "chain", "sequence")
                ).items
            ]

    def refuses(self, call: Callable[[], object], field: str) -> dict[str, Any]:
        """Check that `call` raises `InvalidInputError` naming `field`, leaving one bounded row.

        Returns:
            The one audit row the refusal left.
        """
        before = self.audit_rows()
        with pytest.raises(InvalidInputError) as caught:
            call()
        assert caught.value.field == field, caught.value
        rows = self.audit_rows()
        assert len(rows) == len(before) + 1, "a refusal leaves exactly one audit row"
        row = next(r for r in rows if r not in before)
        assert (row["success"], row["error_code"]) == (False, "invalid_input")
        for name in ("request", "response", "violations"):
            assert len(canonical_json(row[name])) <= MAX_FIELD_JSON, name
        assert self.app.audit.verify().ok
        return row

    def refuses_read(self, call: Callable[[], object], field: str) -> None:
        """Check that a read raises `InvalidInputError` naming `field` (reads are not audited)."""
        before = self.count("audit_logs")
        with pytest.raises(InvalidInputError) as caught:
            call()
        assert caught.value.field == field, caught.value
        assert self.count("audit_logs") == before


def stored_size(row: dict[str, Any]) -> int:
    """Characters of JSON the row's three JSON fields take."""
    return sum(len(json.dumps(row[name])) for name in ("request", "response", "violations"))


@pytest.fixture
def hostile(db: Database) -> Iterator[Hostile]:
    """A `Socratic` app on a fresh real database (a SQLite file, then PostgreSQL)."""
    app = Socratic(database=db, entry_points=False, password_hasher=FAST_HASHER)
    try:
        yield Hostile(app, db)
    finally:
        app.close()
