"""One contract for every store: `InMemoryStore`, and `Database` on SQLite and on PostgreSQL.

The `store` fixture (tests/conftest.py) gives each test every kind of store in turn.

Every repository behaviour services rely on is written once here and runs on all three stores,
so the in-memory fakes hosts use in their own tests are proven to behave like the databases.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from socratic_core.db import Database
from socratic_core.errors import ConflictError, IntegrityError, InvalidInputError, NotFoundError
from socratic_core.models import (
    AuditLog,
    Message,
    MessageRole,
    Project,
    ProjectCollaborator,
    Session,
    User,
    UserStatus,
)
from socratic_core.repositories import (
    AnyOf,
    Between,
    Equals,
    LimitOffset,
    OrderBy,
    Search,
)
from socratic_core.testing import InMemoryStore
from socratic_core.uow import UnitOfWork

Store = Database | InMemoryStore
T0 = datetime(2030, 1, 1, tzinfo=UTC)


def _user(name: str, minutes: int = 0, **fields: Any) -> User:
    return User(
        username=name,
        email=f"{name}@example.org",
        password_hash="hash",
        created_at=T0 + timedelta(minutes=minutes),
        updated_at=T0 + timedelta(minutes=minutes),
        **fields,
    )


@pytest.fixture
def users(store: Store) -> list[User]:
    """Five committed users created a minute apart; the last two suspended, one logged in."""
    made = [_user(f"user{i}", i) for i in range(5)]
    made[3].status = made[4].status = UserStatus.SUSPENDED
    made[1].last_login = T0 + timedelta(days=1)
    with store.unit_of_work() as uow:
        uow.users.add_many(made)
        uow.commit()
    return made


def _names(rows: list[User]) -> list[str]:
    return [row.username for row in rows]


def _add_project(uow: UnitOfWork, owner: User) -> Project:
    return uow.projects.add(Project(owner_id=owner.id, name="Engine"))


class TestCrud:
    """Add, get, get_one, update and delete keep what a unit of work committed."""

    def test_get_returns_the_row_and_none_when_absent(
        self, store: Store, users: list[User]
    ) -> None:
        """`get` finds a committed row by id and gives None for an unknown id."""
        with store.unit_of_work() as uow:
            found = uow.users.get(users[0].id)
            assert found is not None
            assert (found.username, found.email) == ("user0", "user0@example.org")
            assert uow.users.get("no-such-id") is None

    def test_get_one_raises_not_found(self, store: Store) -> None:
        """`get_one` of an unknown id is a `NotFoundError` naming the entity and id."""
        with store.unit_of_work() as uow, pytest.raises(NotFoundError) as caught:
            uow.users.get_one("no-such-id")
        assert (caught.value.entity, caught.value.entity_id) == ("user", "no-such-id")

    def test_update_is_kept_and_stamped(self, store: Store, users: list[User]) -> None:
        """A row changed with `update` reads back changed, with a new `updated_at` only."""
        with store.unit_of_work() as uow:
            row = uow.users.get_one(users[0].id)
            row.first_name = "Ada"
            uow.users.update(row)
            uow.commit()
        with store.unit_of_work() as uow:
            stored = uow.users.get_one(users[0].id)
        assert stored.first_name == "Ada"
        assert stored.updated_at != users[0].updated_at
        assert stored.updated_at.tzinfo is not None
        assert stored.created_at == users[0].created_at

    def test_leaving_without_commit_keeps_nothing(self, store: Store) -> None:
        """Rows added in a unit of work that never commits are gone afterwards."""
        with store.unit_of_work() as uow:
            uow.users.add(_user("ghost"))
        with store.unit_of_work() as uow:
            assert uow.users.count() == 0

    def test_an_exception_keeps_nothing(self, store: Store) -> None:
        """An exception inside the block discards the block's writes and propagates."""

        def add_then_fail() -> None:
            with store.unit_of_work() as uow:
                uow.users.add(_user("ghost"))
                raise LookupError("boom")

        with pytest.raises(LookupError):
            add_then_fail()
        with store.unit_of_work() as uow:
            assert uow.users.count() == 0

    def test_rollback_discards_only_uncommitted_writes(self, store: Store) -> None:
        """`rollback()` drops what came after the last commit and keeps what came before."""
        with store.unit_of_work() as uow:
            uow.users.add(_user("kept"))
            uow.commit()
            uow.users.add(_user("dropped"))
            uow.rollback()
            assert _names(uow.users.list()) == ["kept"]

    def test_delete_cascades_to_owned_rows(self, store: Store, users: list[User]) -> None:
        """Deleting a project deletes its sessions and their messages, as the keys say."""
        with store.unit_of_work() as uow:
            project = _add_project(uow, users[0])
            session = uow.sessions.add(Session(project_id=project.id, title="Kick-off"))
            uow.messages.add(
                Message(session_id=session.id, position=0, role=MessageRole.USER, content="hi")
            )
            uow.commit()
        with store.unit_of_work() as uow:
            uow.projects.delete(uow.projects.get_one(project.id))
            uow.commit()
        with store.unit_of_work() as uow:
            assert (uow.sessions.count(), uow.messages.count()) == (0, 0)

    def test_delete_sets_null_where_the_key_says(self, store: Store, users: list[User]) -> None:
        """Deleting a user keeps the audit rows that named them, with no user."""
        with store.unit_of_work() as uow:
            uow.audit.add(AuditLog(sequence=1, user_id=users[0].id, action="login", hash="h"))
            uow.commit()
        with store.unit_of_work() as uow:
            uow.users.delete(uow.users.get_one(users[0].id))
            uow.commit()
        with store.unit_of_work() as uow:
            assert [row.user_id for row in uow.audit.list()] == [None]


class TestFilters:
    """Filter objects narrow the rows alike on every store."""

    def test_equals_and_null(self, store: Store, users: list[User]) -> None:
        """`Equals` matches a value; `Equals(field, None)` matches NULL."""
        with store.unit_of_work() as uow:
            assert _names(uow.users.list(Equals("status", UserStatus.SUSPENDED))) == [
                "user3",
                "user4",
            ]
            assert len(uow.users.list(Equals("last_login", None))) == 4

    def test_any_of(self, store: Store, users: list[User]) -> None:
        """`AnyOf` matches any listed value; an empty list matches nothing."""
        with store.unit_of_work() as uow:
            assert _names(uow.users.list(AnyOf("username", ["user2", "user0"]))) == [
                "user0",
                "user2",
            ]
            assert uow.users.list(AnyOf("username", [])) == []

    def test_between_is_half_open_and_skips_null(self, store: Store, users: list[User]) -> None:
        """`Between` includes its start, excludes its end, and never matches NULL."""
        start, end = T0 + timedelta(minutes=1), T0 + timedelta(minutes=3)
        with store.unit_of_work() as uow:
            assert _names(uow.users.list(Between("created_at", start, end))) == ["user1", "user2"]
            assert _names(uow.users.list(Between("last_login", start=T0))) == ["user1"]

    def test_search_ignores_case(self, store: Store, users: list[User]) -> None:
        """`Search` finds text anywhere, or at the start, ignoring ASCII case."""
        with store.unit_of_work() as uow:
            assert len(uow.users.list(Search("username", "SER"))) == 5
            assert uow.users.list(Search("username", "ser", mode="startswith")) == []

    def test_count_ignores_order_and_slice(self, store: Store, users: list[User]) -> None:
        """`count` and `list_and_count` count every match, past the limit."""
        with store.unit_of_work() as uow:
            narrowing = Equals("status", UserStatus.ACTIVE)
            assert uow.users.count(narrowing, OrderBy("username"), LimitOffset(1)) == 3
            rows, total = uow.users.list_and_count(narrowing, LimitOffset(2))
            assert (_names(rows), total) == (["user0", "user1"], 3)

    def test_unknown_field_is_an_input_error(self, store: Store) -> None:
        """A field the model lacks is an `InvalidInputError` naming it."""
        with store.unit_of_work() as uow, pytest.raises(InvalidInputError) as caught:
            uow.users.list(Equals("nope", 1))
        assert caught.value.field == "nope"


class TestOrdering:
    """Rows come oldest first by default, or in the `OrderBy` order given."""

    def test_default_is_oldest_first_then_id(self, store: Store) -> None:
        """Without `OrderBy`, rows sort by `created_at`, ties by id."""
        made = [_user("b", 1), _user("a", 0), _user("c", 1)]
        with store.unit_of_work() as uow:
            uow.users.add_many(made)
            uow.commit()
            tied = sorted([made[0], made[2]], key=lambda u: u.id)
            assert _names(uow.users.list()) == ["a", *_names(tied)]

    def test_several_orders_apply_in_turn(self, store: Store, users: list[User]) -> None:
        """The first `OrderBy` leads, the next breaks its ties, each in its own direction."""
        with store.unit_of_work() as uow:
            rows = uow.users.list(OrderBy("status"), OrderBy("username", descending=True))
            assert _names(rows) == ["user2", "user1", "user0", "user4", "user3"]

    def test_limit_offset_slices_and_the_last_one_counts(
        self, store: Store, users: list[User]
    ) -> None:
        """`LimitOffset` slices the ordered rows; given twice, the last one applies."""
        with store.unit_of_work() as uow:
            assert _names(uow.users.list(LimitOffset(2, 1))) == ["user1", "user2"]
            assert _names(uow.users.list(LimitOffset(1), LimitOffset(2, 3))) == ["user3", "user4"]


class TestPages:
    """Offset and keyset pages walk the same rows on every store."""

    def test_offset_page_reports_total_and_next(self, store: Store, users: list[User]) -> None:
        """`paginate` gives the slice, the total and whether a page follows."""
        with store.unit_of_work() as uow:
            page = uow.users.paginate(limit=2, offset=2)
            last = uow.users.paginate(limit=2, offset=4)
        assert (_names(list(page.items)), page.total, page.has_next) == (
            ["user2", "user3"],
            5,
            True,
        )
        assert (_names(list(last.items)), last.has_next) == (["user4"], False)

    @pytest.mark.parametrize("descending", [False, True])
    def test_keyset_pages_walk_every_row_once(self, store: Store, descending: bool) -> None:
        """Following `next_cursor` visits every row once, in order, ties in time included."""
        with store.unit_of_work() as uow:
            uow.users.add_many([_user(f"u{i}", i // 3) for i in range(8)])
            uow.commit()
        with store.unit_of_work() as uow:
            everything = uow.users.list(
                OrderBy("created_at", descending), OrderBy("id", descending)
            )
            walked: list[User] = []
            cursor = None
            while True:
                page = uow.users.paginate_keyset(limit=3, cursor=cursor, descending=descending)
                walked += page.items
                if page.next_cursor is None:
                    break
                cursor = page.next_cursor
        assert [u.id for u in walked] == [u.id for u in everything]

    def test_keyset_page_keeps_narrowing_filters(self, store: Store, users: list[User]) -> None:
        """Filters narrow a keyset page; its own ordering replaces any `OrderBy`."""
        with store.unit_of_work() as uow:
            page = uow.users.paginate_keyset(
                Equals("status", UserStatus.ACTIVE), OrderBy("username", descending=True), limit=2
            )
            rest = uow.users.paginate_keyset(
                Equals("status", UserStatus.ACTIVE), limit=2, cursor=page.next_cursor
            )
        assert (_names(list(page.items)), _names(list(rest.items))) == (
            ["user0", "user1"],
            ["user2"],
        )

    @pytest.mark.parametrize(("limit", "cursor"), [(0, None), (2, "not-a-cursor"), (2, "WzFd")])
    def test_bad_page_requests_are_input_errors(
        self, store: Store, limit: int, cursor: str | None
    ) -> None:
        """A limit below 1, or a cursor not made for this ordering, is an `InvalidInputError`."""
        with store.unit_of_work() as uow, pytest.raises(InvalidInputError):
            uow.users.paginate_keyset(limit=limit, cursor=cursor)


class TestLikeEscaping:
    r"""`%`, `_` and `\` in search text match themselves, never as wildcards."""

    NAMES = ("100%_sure", "100x_sure", "100%xsure", "back\\slash", "backxslash", "a_b", "axb")

    @pytest.mark.parametrize("text", ["%", "_", "\\", "0%_", "%x", "k\\s", "A_B", "\\%", "X", ""])
    def test_search_matches_python_containment(self, store: Store, text: str) -> None:
        """The rows found are exactly those whose username contains the text literally."""
        with store.unit_of_work() as uow:
            for index, name in enumerate(self.NAMES):
                uow.users.add(User(username=name, email=f"{index}@x.org", password_hash="h"))
            found = {u.username for u in uow.users.list(Search("username", text))}
            starts = {u.username for u in uow.users.list(Search("username", text, "startswith"))}
        assert found == {name for name in self.NAMES if text.lower() in name}
        assert starts == {name for name in self.NAMES if name.startswith(text.lower())}


class TestConflicts:
    """Broken unique keys are `ConflictError`s naming the column; broken references, not."""

    @pytest.mark.parametrize("field", ["username", "email"])
    def test_duplicate_unique_value_names_the_column(
        self, store: Store, users: list[User], field: str
    ) -> None:
        """A second user with a taken username (or email) conflicts on that column."""
        duplicate = _user("fresh")
        setattr(duplicate, field, getattr(users[0], field))
        with store.unit_of_work() as uow, pytest.raises(ConflictError) as caught:
            uow.users.add(duplicate)
        assert caught.value.field == field

    def test_duplicate_primary_key_conflicts_on_id(self, store: Store, users: list[User]) -> None:
        """A new row with a taken id conflicts on `id`."""
        with store.unit_of_work() as uow, pytest.raises(ConflictError) as caught:
            uow.users.add(_user("fresh", id=users[0].id))
        assert caught.value.field == "id"

    def test_composite_key_names_its_last_column(self, store: Store, users: list[User]) -> None:
        """A user collaborating twice on one project conflicts on `user_id`."""
        with store.unit_of_work() as uow:
            project = _add_project(uow, users[0])
            uow.collaborators.add(ProjectCollaborator(project_id=project.id, user_id=users[1].id))
            with pytest.raises(ConflictError) as caught:
                uow.collaborators.add(
                    ProjectCollaborator(project_id=project.id, user_id=users[1].id)
                )
        assert caught.value.field == "user_id"

    def test_unknown_reference_is_an_integrity_error(self, store: Store) -> None:
        """A project owned by no existing user is an `IntegrityError`, not a conflict."""
        with store.unit_of_work() as uow, pytest.raises(IntegrityError) as caught:
            uow.projects.add(Project(owner_id="no-such-user", name="Orphan"))
        assert not isinstance(caught.value, ConflictError)


class TestOptimisticLocking:
    """An update based on a stale version is a `ConflictError`; the first writer's value stays."""

    def test_interleaved_updates(self, store: Store, users: list[User]) -> None:
        """Of two units of work updating one project, the later update conflicts."""
        with store.unit_of_work() as uow:
            project = _add_project(uow, users[0])
            uow.commit()
        with store.unit_of_work() as first, store.unit_of_work() as second:
            mine = first.projects.get_one(project.id)
            theirs = second.projects.get_one(project.id)
            mine.name = "mine"
            first.projects.update(mine)
            first.commit()
            theirs.name = "theirs"
            with pytest.raises(ConflictError) as caught:
                second.projects.update(theirs)
        assert caught.value.entity == "project"
        with store.unit_of_work() as uow:
            stored = uow.projects.get_one(project.id)
            assert (stored.name, stored.version) == ("mine", 2)

    def test_stale_detached_copy(self, store: Store, users: list[User]) -> None:
        """Updating a copy read before the row moved on conflicts in a later unit of work."""
        with store.unit_of_work() as uow:
            stale = _add_project(uow, users[0])
            uow.commit()
        with store.unit_of_work() as uow:
            fresh = uow.projects.get_one(stale.id)
            fresh.description = "moved on"
            uow.projects.update(fresh)
            uow.commit()
        stale.name = "stale"
        with store.unit_of_work() as uow, pytest.raises(ConflictError):
            uow.projects.update(stale)

    def test_updates_in_one_unit_of_work_bump_the_version(
        self, store: Store, users: list[User]
    ) -> None:
        """Two updates of one row in one unit of work each bump its version."""
        with store.unit_of_work() as uow:
            project = _add_project(uow, users[0])
            for name in ("one", "two"):
                project.name = name
                project = uow.projects.update(project)
            uow.commit()
        with store.unit_of_work() as uow:
            assert uow.projects.get_one(project.id).version == 3
