"""The generic in-memory repository every fake shares: CRUD, constraints, filters and pages.

Constraints come from the models' metadata (`_schema`): unique keys and the primary key raise
`ConflictError`, a reference to a missing row `IntegrityError`, and deleting a row cascades or
sets NULL as its foreign keys say. Filters apply themselves to the rows (`apply_to_rows`), and
the pages come from `Paginated`, exactly as for the SQLAlchemy repositories.
"""

from __future__ import annotations

import builtins
import copy
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any, Generic, TypeVar

import sqlalchemy as sa

from socratic_core.errors import NotFoundError
from socratic_core.models import Base
from socratic_core.repositories._violations import entity_name, violation
from socratic_core.repositories.filters import Filter, apply_to_rows, narrowing
from socratic_core.repositories.pagination import Paginated
from socratic_core.testing._schema import on_update, referenced_by, references, unique_keys

if TYPE_CHECKING:
    from socratic_core.testing._store import Workspace

__all__ = ["InMemoryRepository", "clone"]

ModelT = TypeVar("ModelT", bound=Base)


def clone(item: ModelT) -> ModelT:
    """Return a detached copy of a model object: its column values, deep-copied."""
    values = {
        attr.key: copy.deepcopy(getattr(item, attr.key))
        for attr in sa.inspect(type(item)).column_attrs
    }
    return type(item)(**values)


class InMemoryRepository(Paginated[ModelT], Generic[ModelT]):
    """Collection-like access to one model kept in a `Workspace` (see `FakeUnitOfWork`).

    It keeps the semantics of the SQLAlchemy repository: `get` gives None and `get_one` raises
    `NotFoundError`; the model's unique keys raise `ConflictError` naming the field and its
    foreign keys `IntegrityError`; `update` checks and bumps the optimistic-lock `version`;
    rows come oldest first by default.

    Args:
        workspace: The unit of work's copy of the tables.
        on_write: Called after every write (tests count writes with it).
    """

    model_type: type[ModelT]

    def __init__(self, workspace: Workspace, on_write: Callable[[], None] | None = None) -> None:
        self._workspace = workspace
        self._on_write = on_write or (lambda: None)
        self.entity = entity_name(self.model_type)

    @property
    def _rows(self) -> dict[str, ModelT]:
        return self._workspace.table(self.model_type)

    def add(self, item: ModelT) -> ModelT:
        """Add `item`.

        Raises:
            ConflictError: Its id or a unique key is taken.
            IntegrityError: It refers to a row that does not exist.
        """
        row: Any = item
        if row.id in self._rows:
            raise violation("unique", self.entity, row.id, "id")
        self._check(item)
        if hasattr(row, "version") and row.version is None:
            row.version = 1
        self._rows[row.id] = item
        self._workspace.wrote(self.model_type, row.id, getattr(row, "version", None))
        self._on_write()
        return item

    def add_many(self, items: Sequence[ModelT]) -> builtins.list[ModelT]:
        """Add every item (each checked like `add`)."""
        return [self.add(item) for item in items]

    def get(self, item_id: str) -> ModelT | None:
        """Return the row with this id, or None."""
        return self._rows.get(item_id)

    def get_one(self, item_id: str) -> ModelT:
        """Return the row with this id, or raise `NotFoundError`."""
        item = self.get(item_id)
        if item is None:
            raise NotFoundError(
                f"{self.entity} {item_id!r} not found", entity=self.entity, entity_id=item_id
            )
        return item

    def list(self, *filters: Filter) -> builtins.list[ModelT]:
        """Return the rows matching every filter, ordered and sliced as the filters say."""
        return apply_to_rows(list(self._rows.values()), self.model_type, filters)

    def count(self, *filters: Filter) -> int:
        """Return how many rows match (ordering and slicing ignored)."""
        return len(apply_to_rows(list(self._rows.values()), self.model_type, narrowing(filters)))

    def list_and_count(self, *filters: Filter) -> tuple[builtins.list[ModelT], int]:
        """Return the matching rows and how many match without the limit."""
        return self.list(*filters), self.count(*filters)

    def update(self, item: ModelT) -> ModelT:
        """Keep `item`'s changes, bumping its `version` and its `onupdate` columns.

        Raises:
            ConflictError: The row's version moved on since `item` was read, or a unique value
                is taken.
        """
        row: Any = item
        if hasattr(row, "version"):
            if row.version != self._workspace.current_version(self.model_type, row.id):
                raise violation("stale", self.entity, row.id)
            row.version += 1
        for field, make in on_update(self.model_type):
            setattr(row, field, make())
        self._check(item)
        self._rows[row.id] = item
        self._workspace.wrote(self.model_type, row.id, getattr(row, "version", None))
        self._on_write()
        return item

    def delete(self, item: ModelT) -> None:
        """Delete `item`; rows referring to it are deleted or set NULL as their keys say."""
        delete_row(self._workspace, self.model_type, _key(item))
        self._on_write()

    def _check(self, item: ModelT) -> None:
        item_id = _key(item)
        for fields in unique_keys(self.model_type):
            value = tuple(getattr(item, name) for name in fields)
            if None in value:
                continue  # NULLs are never equal in a unique key, as in SQL
            for other in self._rows.values():
                if _key(other) != item_id and tuple(getattr(other, n) for n in fields) == value:
                    raise violation("unique", self.entity, item_id, fields[-1])
        for reference in references(self.model_type):
            value = getattr(item, reference.field)
            if value is not None and value not in self._workspace.table(reference.target):
                raise violation("foreign_key", self.entity, item_id, reference.field)


def _key(item: Any) -> str:
    return str(item.id)


def delete_row(workspace: Workspace, model: type[Base], key: str) -> None:
    """Delete one row of `workspace` and apply its referrers' `ON DELETE` rules."""
    workspace.table(model).pop(key, None)
    for reference in referenced_by(model):
        rows = workspace.table(reference.source)
        referring = [k for k, row in rows.items() if getattr(row, reference.field) == key]
        for other in referring:
            if reference.on_delete == "CASCADE":
                delete_row(workspace, reference.source, other)
            elif reference.on_delete == "SET NULL":
                setattr(rows[other], reference.field, None)
            else:
                raise violation("foreign_key", entity_name(model), key, reference.field)
