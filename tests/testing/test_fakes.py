"""The public fakes keep the unit-of-work and repository semantics services rely on."""

from __future__ import annotations

import pytest

from socratic_core.errors import ConflictError, NotFoundError, RepositoryError
from socratic_core.models import Project, User
from socratic_core.repositories import Equals, OrderBy, Search
from socratic_core.testing import InMemoryStore


def _user(name: str) -> User:
    return User(username=name, email=f"{name}@example.com", password_hash="x")


class TestFakeUnitOfWork:
    """Commit keeps everything, leaving without commit keeps nothing."""

    def test_commit_and_rollback_by_default(self) -> None:
        """An uncommitted add disappears; a committed one stays."""
        store = InMemoryStore()
        with store.unit_of_work() as uow:
            uow.users.add(_user("gone"))
        with store.unit_of_work() as uow:
            uow.users.add(_user("kept"))
            uow.commit()
        assert [u.username for u in store.rows(User)] == ["kept"]

    def test_uncommitted_changes_are_private(self) -> None:
        """A change to a read object is invisible to others until committed."""
        store = InMemoryStore()
        with store.unit_of_work() as uow:
            uow.users.add(_user("ann"))
            uow.commit()
        with store.unit_of_work() as uow:
            uow.users.get_by_username("ann").first_name = "Changed"  # type: ignore[union-attr]
        assert store.rows(User)[0].first_name is None

    def test_stale_update_conflicts(self) -> None:
        """Two units of work updating the same project: the second commit conflicts."""
        store = InMemoryStore()
        with store.unit_of_work() as uow:
            project = uow.projects.add(Project(owner_id="u", name="P"))
            uow.commit()
        first, second = store.unit_of_work(), store.unit_of_work()
        with first, second:
            for uow, name in ((first, "A"), (second, "B")):
                row = uow.projects.get_one(project.id)
                row.name = name
                uow.projects.update(row)
            first.commit()
            with pytest.raises(ConflictError):
                second.commit()
        assert store.rows(Project)[0].name == "A"

    def test_outside_the_block(self) -> None:
        """Committing outside the `with` block is refused."""
        with pytest.raises(RepositoryError):
            InMemoryStore().unit_of_work().commit()


class TestInMemoryRepository:
    """Queries, unique keys, and pages behave like the SQL repository's."""

    def test_unique_and_lookups(self) -> None:
        """Duplicate usernames conflict; get, get_one, search, filters and order work."""
        store = InMemoryStore()
        with store.unit_of_work() as uow:
            for name in ("bob", "alice", "al_x"):
                uow.users.add(_user(name))
            with pytest.raises(ConflictError) as caught:
                uow.users.add(_user("bob"))
            assert caught.value.field == "username"
            assert uow.users.get("nope") is None
            with pytest.raises(NotFoundError):
                uow.users.get_one("nope")
            assert [u.username for u in uow.users.search_by_username("AL")] == ["al_x", "alice"]
            assert [u.username for u in uow.users.search_by_username("_")] == ["al_x"]
            ordered = uow.users.list(OrderBy("username", descending=True))
            assert [u.username for u in ordered] == ["bob", "alice", "al_x"]
            assert uow.users.count(Equals("username", "bob")) == 1
            assert uow.users.count(Search("email", "EXAMPLE")) == 3

    def test_offset_and_keyset_pages_agree(self) -> None:
        """Walking keyset pages gives the same rows as offset pages."""
        store = InMemoryStore()
        with store.unit_of_work() as uow:
            for i in range(7):
                uow.users.add(_user(f"user{i}"))
            keyset, cursor = [], None
            while True:
                page = uow.users.paginate_keyset(limit=3, cursor=cursor, keys=("username",))
                keyset.extend(u.username for u in page.items)
                if page.next_cursor is None:
                    break
                cursor = page.next_cursor
            offset = [
                u.username
                for start in range(0, 7, 3)
                for u in uow.users.paginate(OrderBy("username"), limit=3, offset=start).items
            ]
            assert keyset == offset == [f"user{i}" for i in range(7)]
            assert uow.users.paginate(limit=3).total == 7
