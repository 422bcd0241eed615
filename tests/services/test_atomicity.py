"""Atomicity: a failure injected after any write of a multi-write method leaves nothing behind."""

from __future__ import annotations

from collections.abc import Callable
from types import TracebackType
from typing import Any

import pytest
import sqlalchemy as sa

from socratic_core.db import Database
from socratic_core.models import Base
from socratic_core.services._base import ServiceContext
from socratic_core.services.codebases import CodebaseService
from socratic_core.services.instructions import InstructionService
from socratic_core.services.projects import ProjectService
from socratic_core.services.sessions import SessionService
from socratic_core.services.specifications import SpecificationService
from socratic_core.services.users import UserService
from socratic_core.uow import SqlAlchemyUnitOfWork

from ..conftest import FAST_HASHER, PASSWORD
from .conftest import Harness

_WRITES = frozenset({"add", "add_many", "update", "delete", "add_revision"})


class _InjectedError(RuntimeError):
    """The failure the tests inject."""


class _StoppedAtCommitError(RuntimeError):
    """Raised instead of committing, to count a method's writes."""


class _Counter:
    """Counts repository writes and raises after the one numbered `fail_after`."""

    def __init__(self, fail_after: int | None, *, stop_at_commit: bool = False) -> None:
        self.fail_after = fail_after
        self.stop_at_commit = stop_at_commit
        self.writes = 0

    def wrote(self) -> None:
        self.writes += 1
        if self.writes == self.fail_after:
            raise _InjectedError(f"injected after write {self.writes}")


class _Repository:
    def __init__(self, inner: Any, counter: _Counter) -> None:
        self._inner, self._counter = inner, counter

    def __getattr__(self, name: str) -> Any:
        attribute = getattr(self._inner, name)
        if name not in _WRITES:
            return attribute

        def write(*args: Any, **kwargs: Any) -> Any:
            result = attribute(*args, **kwargs)
            self._counter.wrote()
            return result

        return write


class _FailingUnitOfWork:
    """A real unit of work whose repositories fail after a chosen write."""

    def __init__(self, database: Database, counter: _Counter) -> None:
        self._inner = SqlAlchemyUnitOfWork(database.sessionmaker)
        self._counter = counter

    def __enter__(self) -> _FailingUnitOfWork:
        self._inner.__enter__()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self._inner.__exit__(exc_type, exc, traceback)

    def __getattr__(self, name: str) -> Any:
        return _Repository(getattr(self._inner, name), self._counter)

    def commit(self) -> None:
        if self._counter.stop_at_commit:
            raise _StoppedAtCommitError
        self._inner.commit()

    def rollback(self) -> None:
        self._inner.rollback()


def _snapshot(database: Database) -> dict[str, list[tuple[Any, ...]]]:
    with database.engine.connect() as conn:
        return {
            table.name: sorted(
                (tuple(str(v) for v in row) for row in conn.execute(sa.select(table))),
            )
            for table in Base.metadata.sorted_tables
        }


def _context(database: Database, counter: _Counter) -> ServiceContext:
    return ServiceContext(uow_factory=lambda: _FailingUnitOfWork(database, counter))


Method = Callable[[ServiceContext, dict[str, str]], object]

METHODS: dict[str, Method] = {
    "users.register": lambda c, ids: UserService(c, hasher=FAST_HASHER).register(
        username="newbie", email="newbie@example.com", password=PASSWORD
    ),
    "projects.create": lambda c, ids: ProjectService(c).create(ids["owner"], name="New"),
    "projects.add_collaborator": lambda c, ids: ProjectService(c).add_collaborator(
        ids["owner"], ids["project"], ids["other"], "editor"
    ),
    "sessions.add_message": lambda c, ids: SessionService(c).add_message(
        ids["owner"], ids["session"], "hello"
    ),
    "specifications.create": lambda c, ids: SpecificationService(c).create(
        ids["owner"], ids["project"], title="Spec", content="Build"
    ),
    "codebases.store": lambda c, ids: CodebaseService(c).store(
        ids["owner"], ids["project"], agent_id="gen", files={"a.py": "x = 1\n", "b.md": "# b"}
    ),
    "instructions.create": lambda c, ids: InstructionService(c).create(
        ids["owner"], title="R", text="- No hardcoded secrets", project_id=ids["project"]
    ),
    "instructions.update": lambda c, ids: InstructionService(c).update(
        ids["owner"], ids["instruction"], text="- Functions must not exceed 20 lines"
    ),
}


def _fixture_ids(h: Harness) -> dict[str, str]:
    owner, other = h.user(), h.user()
    project = h.app.projects.create(owner.id, name="Base")
    session = h.app.sessions.start(owner.id, project.id, title="S")
    instruction = h.app.instructions.create(owner.id, title="R", text="- No eval")
    return {
        "owner": owner.id,
        "other": other.id,
        "project": project.id,
        "session": session.id,
        "instruction": instruction.instruction.id,
    }


class TestAtomicity:
    """Each multi-write service method commits all of its writes, audit row included, or none."""

    @pytest.mark.parametrize("method", sorted(METHODS))
    def test_failure_after_each_write_leaves_nothing(self, harness: Harness, method: str) -> None:
        """Whichever write fails, the database is exactly as before; without failure it changes."""
        ids = _fixture_ids(harness)
        before = _snapshot(harness.database)
        probe = _Counter(fail_after=None, stop_at_commit=True)
        with pytest.raises(_StoppedAtCommitError):
            METHODS[method](_context(harness.database, probe), ids)
        assert probe.writes >= 2, f"{method} is not a multi-write method"
        for fail_after in range(1, probe.writes + 1):
            with pytest.raises(_InjectedError):
                METHODS[method](_context(harness.database, _Counter(fail_after)), ids)
            assert _snapshot(harness.database) == before, f"{method}: failed after {fail_after}"
        METHODS[method](_context(harness.database, _Counter(None)), ids)
        assert _snapshot(harness.database) != before
