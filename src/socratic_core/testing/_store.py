"""The committed in-memory data, the working copy of a unit of work, and `FakeUnitOfWork`.

`FakeUnitOfWork` is built from the same registry of aggregates (`socratic_core.uow`) as
`SqlAlchemyUnitOfWork`: on entry, each aggregate's in-memory repository on the workspace.
"""

from __future__ import annotations

import threading
from collections.abc import Sequence
from types import TracebackType
from typing import Any, Self, TypeVar

import sqlalchemy as sa

from socratic_core.errors import ConflictError, RepositoryError
from socratic_core.models import Base
from socratic_core.testing._base import clone
from socratic_core.uow import UnitOfWork
from socratic_core.uow._registry import AGGREGATES, Aggregate

__all__ = ["FakeUnitOfWork", "InMemoryStore", "Workspace"]

ModelT = TypeVar("ModelT", bound=Base)
_Tables = dict[type[Base], dict[str, Any]]


class Workspace:
    """A unit of work's own copy of every table; its changes are applied to the store at commit."""

    def __init__(self, store: InMemoryStore) -> None:
        self._store = store
        self._holding_chain = False
        self._tables: _Tables = {}
        self._base: _Tables = {}
        self._written: dict[tuple[type[Base], str], Any] = {}
        self.reload()

    def reload(self) -> None:
        """Start over from the store's committed data, dropping every change."""
        self._written = {}
        self._base = self._store.snapshot()
        self._tables = {m: {k: clone(v) for k, v in rows.items()} for m, rows in self._base.items()}

    def table(self, model: type[ModelT]) -> dict[str, ModelT]:
        """The rows of one model, by id."""
        return self._tables.setdefault(model, {})

    def changes(self) -> tuple[dict[tuple[type[Base], str], Any], set[tuple[type[Base], str]]]:
        """Rows added or changed (by model and id), and rows deleted, since the last reload."""
        written: dict[tuple[type[Base], str], Any] = {}
        for model, rows in self._tables.items():
            base = self._base.get(model, {})
            for key, row in rows.items():
                if key not in base or _values(row) != _values(base[key]):
                    written[model, key] = row
        deleted = {
            (model, key)
            for model, rows in self._base.items()
            for key in rows
            if key not in self._tables.get(model, {})
        }
        return written, deleted

    def wrote(self, model: type[Base], key: str, version: Any) -> None:
        """Note that this workspace wrote a row, at this optimistic-lock version."""
        self._written[model, key] = version

    def current_version(self, model: type[Base], key: str) -> Any:
        """The version a row has as this unit of work sees the database now.

        Its own write's version if it wrote the row, else the store's latest committed one:
        like a database's `UPDATE ... WHERE version = :read`, which sees others' commits.
        """
        if (model, key) in self._written:
            return self._written[model, key]
        return self._store.committed_version(model, key)

    def base_version(self, model: type[Base], key: str) -> Any:
        """The optimistic-lock version a row had when this workspace read it."""
        row = self._base.get(model, {}).get(key)
        return None if row is None else getattr(row, "version", None)

    def hold_chain(self) -> None:
        """Take the store's audit chain lock until `release()`.

        Taken before any change (as services do), it also re-reads the committed data, so
        every later read sees it as of the lock, like a database's write lock.
        """
        if self._holding_chain:
            return
        self._store.chain_lock.acquire()
        self._holding_chain = True
        written, deleted = self.changes()
        if not written and not deleted:
            self.reload()

    def release(self) -> None:
        """Let go of the chain lock, if held."""
        if self._holding_chain:
            self._holding_chain = False
            self._store.chain_lock.release()


def _values(row: Any) -> dict[str, Any]:
    return {attr.key: getattr(row, attr.key) for attr in sa.inspect(type(row)).column_attrs}


class InMemoryStore:
    """The committed state behind fake units of work: one per fake database.

    Hand `store.unit_of_work` to services as their unit-of-work factory (as you would
    `Database.unit_of_work`). A commit applies the rows a unit of work added, changed or
    deleted, all at once; a row two units of work updated from the same version makes the second
    commit fail with `ConflictError`, as on a real database.

    Args:
        aggregates: The aggregates its units of work hold: `AGGREGATES`, or more (a host's own).
    """

    def __init__(self, aggregates: Sequence[Aggregate[Any]] = AGGREGATES) -> None:
        self._tables: _Tables = {}
        self._lock = threading.Lock()
        self.chain_lock = threading.RLock()
        self.aggregates = tuple(aggregates)

    def unit_of_work(self) -> FakeUnitOfWork:
        """Return a new unit of work on this store."""
        return FakeUnitOfWork(self)

    def committed_version(self, model: type[Base], key: str) -> Any:
        """The optimistic-lock version of a committed row (None when absent or unversioned)."""
        with self._lock:
            row = self._tables.get(model, {}).get(key)
        return None if row is None else getattr(row, "version", None)

    def snapshot(self) -> _Tables:
        """A private copy of the committed data."""
        with self._lock:
            return {m: {k: clone(v) for k, v in rows.items()} for m, rows in self._tables.items()}

    def commit(self, workspace: Workspace) -> None:
        """Apply what `workspace` added, changed and deleted, unless a changed row is stale.

        Raises:
            ConflictError: A row it changed was committed by someone else since it was read.
        """
        written, deleted = workspace.changes()
        with self._lock:
            for model, key in [*written, *deleted]:
                current = self._tables.get(model, {}).get(key)
                if current is not None and (
                    getattr(current, "version", None) != workspace.base_version(model, key)
                ):
                    raise ConflictError(
                        f"{model.__name__} {key!r} was changed by someone else",
                        entity=model.__name__.lower(),
                        entity_id=key,
                        field="version",
                    )
            for (model, key), row in written.items():
                self._tables.setdefault(model, {})[key] = clone(row)
            for model, key in deleted:
                self._tables.get(model, {}).pop(key, None)

    def rows(self, model: type[ModelT]) -> list[ModelT]:
        """Copies of the committed rows of one model, for assertions in tests."""
        with self._lock:
            return [clone(row) for row in self._tables.get(model, {}).values()]


class FakeUnitOfWork(UnitOfWork):
    """A unit of work over an `InMemoryStore`, with the `UnitOfWork` port's semantics.

    Leaving the block without `commit()` discards every change; `commit()` keeps them all at
    once. Objects read in it are private copies, so a change without a commit is never seen by
    another unit of work.

    Args:
        store: The committed data it reads from and commits to.
    """

    def __init__(self, store: InMemoryStore) -> None:
        self._store = store
        self._workspace: Workspace | None = None
        self.commits = 0

    def __enter__(self) -> Self:
        if self._workspace is not None:
            raise RepositoryError("this unit of work is already active")
        work = self._workspace = Workspace(self._store)
        for aggregate in self._store.aggregates:
            setattr(self, aggregate.name, aggregate.in_memory(work))
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
            ConflictError: A row it changed was changed by another unit of work meanwhile.
        """
        work = self._active()
        try:
            self._store.commit(work)
        finally:
            work.release()
        work.reload()
        self.commits += 1

    def rollback(self) -> None:
        """Discard every change made since the last commit."""
        work = self._active()
        work.release()
        work.reload()

    def _active(self) -> Workspace:
        if self._workspace is None:
            raise RepositoryError("the unit of work is not active: use it in a `with` block")
        return self._workspace
