"""The generic repository: add, get, list with filters, count, update, delete, bulk add."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta

import pytest

from socratic_core import InvalidInputError, MessageRole, NotFoundError, UserStatus
from socratic_core.db import Database
from socratic_core.models import AuditLog, Message, Project, Session, User
from socratic_core.repositories import AnyOf, Between, Equals, LimitOffset, OrderBy, Search


@pytest.fixture
def users(make_user: Callable[..., User]) -> list[User]:
    """Five users: three active, one inactive, one suspended."""
    statuses = [UserStatus.ACTIVE] * 3 + [UserStatus.INACTIVE, UserStatus.SUSPENDED]
    return [make_user(username=f"u{i}", status=s) for i, s in enumerate(statuses)]


class TestGet:
    """`get` returns None when absent; `get_one` raises."""

    def test_get_returns_the_row(self, db: Database, users: list[User]) -> None:
        """An existing id gives its row."""
        with db.unit_of_work() as uow:
            found = uow.users.get(users[0].id)
            assert found is not None
            assert found.username == "u0"

    def test_get_returns_none_when_absent(self, db: Database) -> None:
        """An unknown id gives None."""
        with db.unit_of_work() as uow:
            assert uow.users.get("missing") is None

    def test_get_one_raises_not_found(self, db: Database) -> None:
        """An unknown id raises `NotFoundError` with the entity and id."""
        with db.unit_of_work() as uow, pytest.raises(NotFoundError) as caught:
            uow.users.get_one("missing")
        assert (caught.value.entity, caught.value.entity_id) == ("user", "missing")


class TestListAndCount:
    """Filters narrow, order and slice the rows; counts ignore ordering and slicing."""

    def test_equals_filters(self, db: Database, users: list[User]) -> None:
        """`Equals` keeps the matching rows only."""
        with db.unit_of_work() as uow:
            active = uow.users.list(Equals("status", UserStatus.ACTIVE))
            assert {u.username for u in active} == {"u0", "u1", "u2"}

    def test_equals_none_means_null(self, db: Database, users: list[User]) -> None:
        """`Equals(field, None)` matches NULL values."""
        with db.unit_of_work() as uow:
            assert uow.users.count(Equals("first_name", None)) == 5

    def test_any_of_filters(self, db: Database, users: list[User]) -> None:
        """`AnyOf` keeps rows whose value is in the collection; empty matches nothing."""
        with db.unit_of_work() as uow:
            found = uow.users.list(AnyOf("username", ["u1", "u4", "zz"]))
            assert sorted(u.username for u in found) == ["u1", "u4"]
            assert uow.users.list(AnyOf("username", [])) == []

    def test_between_filters_half_open(self, db: Database, users: list[User]) -> None:
        """`Between` includes its start and excludes its end."""
        start, end = users[1].created_at, users[3].created_at
        with db.unit_of_work() as uow:
            found = uow.users.list(Between("created_at", start, end))
            assert [u.username for u in found] == ["u1", "u2"]
            assert uow.users.count(Between("created_at", end=start)) == 1

    def test_order_by_and_limit_offset(self, db: Database, users: list[User]) -> None:
        """`OrderBy` sorts and `LimitOffset` slices."""
        with db.unit_of_work() as uow:
            found = uow.users.list(OrderBy("username", descending=True), LimitOffset(2, 1))
            assert [u.username for u in found] == ["u3", "u2"]

    def test_default_order_is_oldest_first(self, db: Database, users: list[User]) -> None:
        """Without `OrderBy`, rows come back in creation order."""
        with db.unit_of_work() as uow:
            assert [u.id for u in uow.users.list()] == [u.id for u in users]

    def test_list_and_count_counts_past_the_limit(self, db: Database, users: list[User]) -> None:
        """The total ignores the limit."""
        with db.unit_of_work() as uow:
            items, total = uow.users.list_and_count(
                Equals("status", UserStatus.ACTIVE), LimitOffset(2)
            )
            assert (len(items), total) == (2, 3)

    def test_unknown_field_is_an_input_error(self, db: Database) -> None:
        """Filtering on a field the model lacks raises `InvalidInputError` naming it."""
        with db.unit_of_work() as uow, pytest.raises(InvalidInputError) as caught:
            uow.users.list(Equals("no_such_field", 1))
        assert caught.value.field == "no_such_field"


class TestUpdateAndDelete:
    """Updates flush changes and bump timestamps; deletes cascade."""

    def test_update_writes_changes_and_bumps_updated_at(
        self, db: Database, users: list[User]
    ) -> None:
        """A changed attribute is stored and `updated_at` moves forward."""
        with db.unit_of_work() as uow:
            user = uow.users.get_one(users[0].id)
            user.first_name = "Ada"
            uow.users.update(user)
            uow.commit()
        with db.unit_of_work() as uow:
            stored = uow.users.get_one(users[0].id)
            assert stored.first_name == "Ada"
            assert stored.updated_at > users[0].updated_at
            assert stored.created_at == users[0].created_at

    def test_update_merges_a_detached_object(self, db: Database, users: list[User]) -> None:
        """An object from an earlier unit of work can be updated in a new one."""
        detached = users[0]
        detached.last_name = "Lovelace"
        with db.unit_of_work() as uow:
            uow.users.update(detached)
            uow.commit()
        with db.unit_of_work() as uow:
            assert uow.users.get_one(detached.id).last_name == "Lovelace"

    def test_delete_cascades_to_owned_rows(self, db: Database, project: Project) -> None:
        """Deleting a project deletes its sessions and their messages."""
        with db.unit_of_work() as uow:
            session = uow.sessions.add(Session(project_id=project.id, title="s"))
            uow.messages.add(
                Message(session_id=session.id, position=0, role=MessageRole.USER, content="hi")
            )
            uow.commit()
        with db.unit_of_work() as uow:
            uow.projects.delete(uow.projects.get_one(project.id))
            uow.commit()
        with db.unit_of_work() as uow:
            assert (uow.projects.count(), uow.sessions.count(), uow.messages.count()) == (0, 0, 0)

    def test_deleting_a_user_keeps_audit_rows_with_no_user(
        self, db: Database, make_user: Callable[..., User]
    ) -> None:
        """Audit rows outlive their user: `user_id` becomes NULL."""
        user = make_user()
        with db.unit_of_work() as uow:
            uow.audit.add(AuditLog(sequence=1, user_id=user.id, action="login", hash="h"))
            uow.commit()
        with db.unit_of_work() as uow:
            uow.users.delete(uow.users.get_one(user.id))
            uow.commit()
        with db.unit_of_work() as uow:
            (row,) = uow.audit.list()
            assert row.user_id is None


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


class TestSearch:
    """`Search` is case-insensitive and matches `%`, `_` and `\\` literally."""

    @pytest.mark.parametrize(
        ("text", "expected"),
        [
            ("50%", ["a50%b"]),
            ("%", ["a50%b"]),
            ("_", ["x_y"]),
            ("\\", ["back\\slash"]),
            ("X_Y", ["x_y"]),
            ("50", ["a50%b", "a50xb"]),
            ("", ["a50%b", "a50xb", "back\\slash", "x_y", "xay"]),
        ],
    )
    def test_wildcards_in_text_match_literally(
        self, db: Database, make_user: Callable[..., User], text: str, expected: list[str]
    ) -> None:
        """Only usernames containing the text as written are found."""
        for name in ["a50%b", "a50xb", "x_y", "xay", "back\\slash"]:
            make_user(username=name)
        with db.unit_of_work() as uow:
            assert [u.username for u in uow.users.search_by_username(text)] == expected

    def test_startswith_mode(self, db: Database, make_user: Callable[..., User]) -> None:
        """`mode="startswith"` anchors the text at the beginning."""
        for name in ["ab_c", "xab_c"]:
            make_user(username=name)
        with db.unit_of_work() as uow:
            found = uow.users.list(Search("username", "AB_", mode="startswith"))
            assert [u.username for u in found] == ["ab_c"]
