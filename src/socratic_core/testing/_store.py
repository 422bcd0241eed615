"""The committed in-memory data, the working copy of a unit of work, and `FakeUnitOfWork`."""

from __future__ import annotations

import threading
from types import TracebackType
from typing import Any, Self, TypeVar

from socratic_core.errors import ConflictError, RepositoryError
from socratic_core.models import Base
from socratic_core.repositories import UnitOfWork
from socratic_core.testing._base import clone
from socratic_core.testing._repositories import (
    InMemoryAuditLogRepository,
    InMemoryCodebaseRepository,
    InMemoryCollaboratorRepository,
    InMemoryFileRepository,
    InMemoryInstructionRepository,
    InMemoryMessageRepository,
    InMemoryProjectRepository,
    InMemorySessionRepository,
    InMemorySpecificationRepository,
    InMemoryUserRepository,
)

__all__ = ["FakeUnitOfWork", "InMemoryStore", "Workspace"]

ModelT = TypeVar("ModelT", bound=Base)
_Tables = dict[type[Base], dict[str, Any]]


class Workspace:
    """A unit of work's own copy of every table, checked against the store at commit."""

    def __init__(self, tables: _Tables, chain_lock: threading.RLock) -> None:
        self._tables = tables
        self._chain_lock = chain_lock
        self._holding_chain = False
        self.base_versions = {
            (model, key): getattr(row, "version", None)
            for model, rows in tables.items()
            for key, row in rows.items()
        }
        self.updated: set[tuple[type[Base], str]] = set()

    def table(self, model: type[ModelT]) -> dict[str, ModelT]:
        """The rows of one model, by id."""
        return self._tables.setdefault(model, {})

    @property
    def tables(self) -> _Tables:
        """Every table."""
        return self._tables

    def mark_updated(self, model: type[Base], key: str) -> None:
        """Remember that a row was updated, for the optimistic-lock check at commit."""
        self.updated.add((model, key))

    def hold_chain(self) -> None:
        """Take the store's audit chain lock until `release()` (once per workspace)."""
        if not self._holding_chain:
            self._chain_lock.acquire()
            self._holding_chain = True

    def release(self) -> None:
        """Let go of the chain lock, if held."""
        if self._holding_chain:
            self._holding_chain = False
            self._chain_lock.release()


class InMemoryStore:
    """The committed state behind fake units of work: one per fake database.

    Hand `store.unit_of_work` to services as their unit-of-work factory (as you would
    `Database.unit_of_work`). Commits are atomic; a row two units of work updated from the same
    version makes the second commit fail with `ConflictError`, as on a real database.
    """

    def __init__(self) -> None:
        self._tables: _Tables = {}
        self._lock = threading.Lock()
        self._chain_lock = threading.RLock()

    def unit_of_work(self) -> FakeUnitOfWork:
        """Return a new unit of work on this store."""
        return FakeUnitOfWork(self)

    def workspace(self) -> Workspace:
        """Return a private copy of the committed data."""
        with self._lock:
            tables = {m: {k: clone(v) for k, v in rows.items()} for m, rows in self._tables.items()}
        return Workspace(tables, self._chain_lock)

    def commit(self, workspace: Workspace) -> None:
        """Make `workspace` the committed state, unless a row it updated changed meanwhile.

        Raises:
            ConflictError: A row this workspace updated was committed by someone else first.
        """
        with self._lock:
            for model, key in workspace.updated:
                current = self._tables.get(model, {}).get(key)
                expected = workspace.base_versions.get((model, key))
                if current is not None and getattr(current, "version", None) != expected:
                    raise ConflictError(
                        f"{model.__name__} {key!r} was changed by someone else",
                        entity=model.__name__.lower(),
                        entity_id=key,
                        field="version",
                    )
            self._tables = {
                m: {k: clone(v) for k, v in rows.items()} for m, rows in workspace.tables.items()
            }

    def rows(self, model: type[ModelT]) -> list[ModelT]:
        """Copies of the committed rows of one model, for assertions in tests."""
        with self._lock:
            return [clone(row) for row in self._tables.get(model, {}).values()]


class FakeUnitOfWork:
    """A unit of work over an `InMemoryStore`, with the `UnitOfWork` port's semantics.

    Leaving the block without `commit()` discards every change; `commit()` keeps them all at
    once. Objects read in it are private copies, so a change without a commit is never seen by
    another unit of work.

    Args:
        store: The committed data it reads from and commits to.
    """

    users: InMemoryUserRepository
    projects: InMemoryProjectRepository
    collaborators: InMemoryCollaboratorRepository
    sessions: InMemorySessionRepository
    messages: InMemoryMessageRepository
    instructions: InMemoryInstructionRepository
    audit: InMemoryAuditLogRepository
    specifications: InMemorySpecificationRepository
    codebases: InMemoryCodebaseRepository
    files: InMemoryFileRepository

    def __init__(self, store: InMemoryStore) -> None:
        self._store = store
        self._workspace: Workspace | None = None
        self.commits = 0

    def __enter__(self) -> Self:
        if self._workspace is not None:
            raise RepositoryError("this unit of work is already active")
        work = self._workspace = self._store.workspace()
        self.users = InMemoryUserRepository(work)
        self.projects = InMemoryProjectRepository(work)
        self.collaborators = InMemoryCollaboratorRepository(work)
        self.sessions = InMemorySessionRepository(work)
        self.messages = InMemoryMessageRepository(work)
        self.instructions = InMemoryInstructionRepository(work)
        self.audit = InMemoryAuditLogRepository(work)
        self.specifications = InMemorySpecificationRepository(work)
        self.codebases = InMemoryCodebaseRepository(work)
        self.files = InMemoryFileRepository(work)
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        work, self._workspace = self._workspace, None
        if work is not None:
            work.release()

    def commit(self) -> None:
        """Keep every change made in this unit of work.

        Raises:
            ConflictError: A row it updated was changed by another unit of work meanwhile.
        """
        work = self._active()
        self._store.commit(work)
        self.commits += 1
        work.updated.clear()
        work.base_versions = {
            (model, key): getattr(row, "version", None)
            for model, rows in work.tables.items()
            for key, row in rows.items()
        }
        work.release()

    def rollback(self) -> None:
        """Discard every change made since the last commit."""
        work = self._active()
        work.release()
        fresh = self._store.workspace()
        work.tables.clear()
        work.tables.update(fresh.tables)
        work.updated.clear()

    def _active(self) -> Workspace:
        if self._workspace is None:
            raise RepositoryError("the unit of work is not active: use it in a `with` block")
        return self._workspace


def _conforms(store: InMemoryStore) -> UnitOfWork:
    # Type-checked only: mypy proves the fake satisfies the UnitOfWork port.
    return store.unit_of_work()
