"""The public fakes keep the unit-of-work and repository semantics services rely on."""

from __future__ import annotations

import pytest

from socratic_core.errors import ConflictError, RepositoryError
from socratic_core.models import Project, User
from socratic_core.testing import InMemoryStore


def _user(name: str) -> User:
    return User(username=name, email=f"{name}@example.com", password_hash="x")


class TestFakeUnitOfWork:
    """Commit keeps everything, leaving without commit keeps nothing."""

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
        """Both update one project before either commits: the second commit conflicts.

        (A database would make the second writer wait on the first's row lock instead.)
        """
        store = InMemoryStore()
        with store.unit_of_work() as uow:
            owner = uow.users.add(_user("ann"))
            project = uow.projects.add(Project(owner_id=owner.id, name="P"))
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
