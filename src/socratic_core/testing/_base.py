"""The generic in-memory repository every fake shares: CRUD, filters, pages, unique keys."""

from __future__ import annotations

import builtins
import copy
import re
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any, Generic, TypeVar

import sqlalchemy as sa

from socratic_core.errors import ConflictError, InvalidInputError, NotFoundError
from socratic_core.models import Base
from socratic_core.repositories.filters import Filter, LimitOffset, OrderBy
from socratic_core.repositories.pagination import (
    Page,
    cursor_types,
    decode_cursor,
    encode_cursor,
)

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


def _snake_case(name: str) -> str:
    return re.sub(r"(?<!^)(?=[A-Z])", "_", name).lower()


class InMemoryRepository(Generic[ModelT]):
    """Collection-like access to one model kept in a `Workspace` (see `FakeUnitOfWork`).

    It keeps the semantics of the SQLAlchemy repository that matter to services: `get` gives
    None and `get_one` raises `NotFoundError`; unique keys raise `ConflictError` naming the field;
    `update` checks and bumps the optimistic-lock `version`; rows come oldest first by default.
    Foreign keys are not checked.
    """

    model_type: type[ModelT]
    unique: tuple[tuple[str, ...], ...] = ()

    def __init__(self, workspace: Workspace, on_write: Callable[[], None] | None = None) -> None:
        self._workspace = workspace
        self._on_write = on_write or (lambda: None)
        self.entity = _snake_case(self.model_type.__name__)

    @property
    def _rows(self) -> dict[str, ModelT]:
        return self._workspace.table(self.model_type)

    def add(self, item: ModelT) -> ModelT:
        """Add `item`; a duplicate id or unique key raises `ConflictError`."""
        self._check_unique(item)
        row: Any = item
        if hasattr(row, "version") and row.version is None:
            row.version = 1
        self._rows[row.id] = item
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

    def list(self, *filters: Filter) -> list[ModelT]:
        """Return the rows matching every filter, ordered and sliced as the filters say."""
        rows = [row for row in self._rows.values() if _matches(row, filters)]
        orders = [f for f in filters if isinstance(f, OrderBy)] or [
            OrderBy("created_at"),
            OrderBy("id"),
        ]
        for order in reversed(orders):
            rows.sort(key=_field_key(order.field), reverse=order.descending)
        for item in filters:
            if isinstance(item, LimitOffset):
                rows = rows[item.offset : item.offset + item.limit]
        return rows

    def count(self, *filters: Filter) -> int:
        """Return how many rows match (ordering and slicing ignored)."""
        return sum(1 for row in self._rows.values() if _matches(row, filters))

    def list_and_count(self, *filters: Filter) -> tuple[builtins.list[ModelT], int]:
        """Return the matching rows and how many match without the limit."""
        return self.list(*filters), self.count(*filters)

    def update(self, item: ModelT) -> ModelT:
        """Keep `item`'s changes, bumping its `version` when it has one."""
        self._check_unique(item)
        row: Any = item
        if hasattr(row, "version"):
            row.version += 1
        self._rows[row.id] = item
        self._on_write()
        return item

    def delete(self, item: ModelT) -> None:
        """Delete `item` (and what it owns, for the cascades services rely on)."""
        row: Any = item
        self._rows.pop(row.id, None)
        self._cascade(item)
        self._on_write()

    def paginate(self, *filters: Filter, limit: int = 50, offset: int = 0) -> Page[ModelT]:
        """Return one offset page, with the total."""
        kept = [f for f in filters if not isinstance(f, LimitOffset)]
        items, total = self.list_and_count(*kept, LimitOffset(limit, offset))
        return Page(items=items, limit=limit, total=total, offset=offset)

    def paginate_keyset(
        self,
        *filters: Filter,
        limit: int = 50,
        cursor: str | None = None,
        keys: Sequence[str] = ("created_at", "id"),
        descending: bool = False,
    ) -> Page[ModelT]:
        """Return the keyset page after `cursor`, ordered by `keys`."""
        if limit < 1:
            raise InvalidInputError("a keyset page needs a limit of at least 1", field="limit")
        where = [f for f in filters if not isinstance(f, OrderBy | LimitOffset)]
        rows = self.list(*where, *(OrderBy(key, descending) for key in keys))
        if cursor is not None:
            after = tuple(
                _sort_key(v) for v in decode_cursor(cursor, cursor_types(self.model_type, keys))
            )
            key_of = self._key_function(keys)
            rows = [r for r in rows if (key_of(r) < after if descending else key_of(r) > after)]
        items, more = rows[:limit], len(rows) > limit
        next_cursor = encode_cursor([getattr(items[-1], k) for k in keys]) if more else None
        return Page(items=items, limit=limit, next_cursor=next_cursor)

    def _key_function(self, keys: Sequence[str]) -> Callable[[ModelT], tuple[Any, ...]]:
        return lambda row: tuple(_sort_key(getattr(row, key)) for key in keys)

    def _check_unique(self, item: ModelT) -> None:
        item_id = _key(item)
        for fields in self.unique:
            value = tuple(getattr(item, name) for name in fields)
            for other in self._rows.values():
                if _key(other) != item_id and tuple(getattr(other, n) for n in fields) == value:
                    raise ConflictError(
                        f"{self.entity}: {fields[-1]!r} is already taken",
                        entity=self.entity,
                        entity_id=item_id,
                        field=fields[-1],
                    )

    def _cascade(self, item: ModelT) -> None:
        """Delete rows owned by `item`; subclasses name them."""


def _key(item: Any) -> str:
    return str(item.id)


def _field_key(field: str) -> Callable[[Any], Any]:
    return lambda row: _sort_key(getattr(row, field))


def _matches(row: Any, filters: Sequence[Filter]) -> bool:
    return all(f.matches(row) for f in filters if not isinstance(f, OrderBy | LimitOffset))


def _sort_key(value: Any) -> Any:
    # Enums sort by value, None first, everything else as itself.
    value = getattr(value, "value", value)
    return (value is not None, value if value is not None else 0)
