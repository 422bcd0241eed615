"""The generic repository: add, get, list with filters, count, update, delete, bulk add."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta

import pytest

from socratic_core import MessageRole, UserStatus
from socratic_core.db import Database
from socratic_core.models import Message, Project, Session, User


@pytest.fixture
def users(make_user: Callable[..., User]) -> list[User]:
    """Five users: three active, one inactive, one suspended."""
    statuses = [UserStatus.ACTIVE] * 3 + [UserStatus.INACTIVE, UserStatus.SUSPENDED]
    return [make_user(username=f"u{i}", status=s) for i, s in enumerate(statuses)]


class TestUpdateAndDelete:
    """Updates flush changes and bump timestamps; deletes cascade."""

    def test_update_merges_a_detached_object(self, db: Database, users: list[User]) -> None:
        """An object from an earlier unit of work can be updated in a new one."""
        detached = users[0]
        detached.last_name = "Lovelace"
        with db.unit_of_work() as uow:
            uow.users.update(detached)
            uow.commit()
        with db.unit_of_work() as uow:
            assert uow.users.get_one(detached.id).last_name == "Lovelace"


class TestAddMany:
    """`add_many` inserts in bulk; the rows can still be read and updated in the unit of work."""

    def test_rows_are_stored_with_their_defaults(self, db: Database, project: Project) -> None:
        """Bulk-inserted messages get ids, timestamps and JSON defaults."""
        with db.unit_of_work() as uow:
            session = uow.sessions.add(Session(project_id=project.id, title="s"))
            added = uow.messages.add_many(
                [
                    Message(session_id=session.id, position=i, role=MessageRole.AGENT, content="x")
                    for i in range(3)
                ]
            )
            uow.commit()
        with db.unit_of_work() as uow:
            stored = uow.messages.history(session.id)
            assert [m.id for m in stored] == [m.id for m in added]
            assert all(m.meta == {} and m.created_at.tzinfo is not None for m in stored)

    def test_added_rows_can_be_updated_in_the_same_unit(
        self, db: Database, project: Project
    ) -> None:
        """A bulk-added row changed and passed to `update()` stores the change."""
        with db.unit_of_work() as uow:
            session = uow.sessions.add(Session(project_id=project.id, title="s"))
            (message,) = uow.messages.add_many(
                [Message(session_id=session.id, position=0, role=MessageRole.USER, content="a")]
            )
            message.content = "b"
            uow.messages.update(message)
            uow.commit()
        with db.unit_of_work() as uow:
            assert uow.messages.get_one(message.id).content == "b"

    def test_versioned_rows_go_through_the_orm(
        self, db: Database, make_user: Callable[..., User]
    ) -> None:
        """Projects (optimistic lock) are added in bulk with version 1."""
        owner = make_user()
        with db.unit_of_work() as uow:
            added = uow.projects.add_many(
                [Project(owner_id=owner.id, name=f"p{i}") for i in range(3)]
            )
            uow.commit()
        assert [p.version for p in added] == [1, 1, 1]

    def test_pending_parents_are_flushed_first(self, db: Database, project: Project) -> None:
        """Messages can be bulk-added for a session that is only pending in the session."""
        with db.unit_of_work() as uow:
            session = Session(project_id=project.id, title="pending")
            uow.session.add(session)
            uow.messages.add_many(
                [Message(session_id=session.id, position=0, role=MessageRole.USER, content="a")]
            )
            uow.commit()
        with db.unit_of_work() as uow:
            assert len(uow.messages.history(session.id)) == 1

    def test_empty_input_adds_nothing(self, db: Database) -> None:
        """An empty list is a no-op."""
        with db.unit_of_work() as uow:
            assert uow.messages.add_many([]) == []


class TestTimestamps:
    """Timestamps come back timezone-aware UTC on both databases."""

    def test_timestamps_are_aware_utc(self, db: Database, users: list[User]) -> None:
        """`created_at` read from the database has UTC as its time zone."""
        with db.unit_of_work() as uow:
            stored = uow.users.get_one(users[0].id)
            assert stored.created_at.utcoffset() == timedelta(0)
            assert stored.created_at == users[0].created_at

    def test_other_time_zones_are_stored_as_the_same_instant(
        self, db: Database, users: list[User]
    ) -> None:
        """An aware value in another zone reads back as the same instant in UTC."""
        paris = datetime(2024, 5, 1, 12, 0, tzinfo=UTC).astimezone(
            __import__("zoneinfo").ZoneInfo("Europe/Paris")
        )
        with db.unit_of_work() as uow:
            user = uow.users.get_one(users[0].id)
            user.last_login = paris
            uow.commit()
        with db.unit_of_work() as uow:
            stored = uow.users.get_one(users[0].id).last_login
            assert stored == datetime(2024, 5, 1, 12, 0, tzinfo=UTC)
            assert stored is not None
            assert stored.tzinfo == UTC

    def test_naive_values_are_taken_as_utc(self, db: Database, users: list[User]) -> None:
        """A naive datetime is stored as that UTC time."""
        with db.unit_of_work() as uow:
            user = uow.users.get_one(users[0].id)
            user.last_login = datetime(2024, 5, 1, 12, 0)
            uow.commit()
        with db.unit_of_work() as uow:
            assert uow.users.get_one(users[0].id).last_login == datetime(2024, 5, 1, 12, tzinfo=UTC)
