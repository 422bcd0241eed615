"""The unit of work owns the transaction: commit keeps, everything else rolls back."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from socratic_core import ConflictError, RepositoryError
from socratic_core.db import Database
from socratic_core.models import Project, User
from socratic_core.uow import SqlAlchemyUnitOfWork, UnitOfWork


def _user(name: str) -> User:
    return User(username=name, email=f"{name}@example.org", password_hash="hash")


class TestUnitOfWork:
    """Writes are kept only by an explicit commit."""

    def test_a_failed_write_leaves_earlier_commits_intact(
        self, db: Database, make_user: Callable[..., User]
    ) -> None:
        """A conflict in one unit of work does not touch rows another one committed."""
        make_user(username="ada")
        with db.unit_of_work() as uow:
            uow.users.add(_user("grace"))
            with pytest.raises(ConflictError):
                uow.users.add(_user("ada"))
        with db.unit_of_work() as uow:
            assert [u.username for u in uow.users.list()] == ["ada"]

    def test_commit_translates_errors_found_at_commit(self, db: Database) -> None:
        """A duplicate that only reaches the database at commit is a `ConflictError` too."""
        with db.unit_of_work() as uow:
            uow.users.add(_user("ada"))
            uow.commit()
        with db.unit_of_work() as uow:
            uow.session.add(User(username="ada", email="other@example.org", password_hash="h"))
            with pytest.raises(ConflictError) as caught:
                uow.commit()
        assert caught.value.field == "username"

    def test_objects_stay_readable_after_the_block(self, db: Database) -> None:
        """Committed objects keep their loaded values once the session is closed."""
        with db.unit_of_work() as uow:
            user = uow.users.add(_user("ada"))
            uow.commit()
        assert user.username == "ada"
        assert user.created_at.tzinfo is not None

    def test_rows_read_without_commit_stay_readable(
        self, db: Database, make_user: Callable[..., User]
    ) -> None:
        """A read-only block (no commit) hands out objects usable after it."""
        make_user(username="ada")
        with db.unit_of_work() as uow:
            found = uow.users.get_by_username("ada")
        assert found is not None
        assert found.username == "ada"

    def test_using_it_outside_the_block_is_an_error(self, db: Database) -> None:
        """The session is only available inside the `with` block."""
        uow = db.unit_of_work()
        with pytest.raises(RepositoryError):
            uow.commit()
        with uow:
            pass
        with pytest.raises(RepositoryError):
            _ = uow.session

    def test_entering_twice_is_an_error(self, db: Database) -> None:
        """One unit of work cannot be nested inside itself."""
        with db.unit_of_work() as uow, pytest.raises(RepositoryError), uow:
            pass

    def test_flush_sends_writes_without_committing(self, db: Database) -> None:
        """`flush()` makes rows visible inside the unit of work only."""
        with db.unit_of_work() as uow:
            uow.session.add(_user("ada"))
            uow.flush()
            assert uow.users.get_by_username("ada") is not None
        with db.unit_of_work() as uow:
            assert uow.users.get_by_username("ada") is None

    def test_it_satisfies_the_unit_of_work_port(self, db: Database) -> None:
        """The SQLAlchemy unit of work type-checks and behaves as the `UnitOfWork` protocol."""
        uow: UnitOfWork = db.unit_of_work()
        assert isinstance(uow, SqlAlchemyUnitOfWork)
        with uow:
            owner = uow.users.add(_user("ada"))
            uow.projects.add(Project(owner_id=owner.id, name="P"))
            uow.commit()
        with db.unit_of_work() as check:
            assert check.projects.count() == 1
