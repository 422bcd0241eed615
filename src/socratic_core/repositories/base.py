"""`SqlAlchemyRepository`: the generic CRUD, filtering and pagination every repository shares.

Repositories add, query and flush inside the unit of work's session; they never commit. Every
call that reaches the database runs inside `translate_errors`, so only socratic_core errors come
out.
"""

from __future__ import annotations

import builtins
import functools
from collections.abc import Sequence
from typing import Generic, TypeVar

import sqlalchemy as sa
from sqlalchemy import orm

from socratic_core.db.errors import translate_errors
from socratic_core.errors import NotFoundError
from socratic_core.models import Base
from socratic_core.repositories._violations import entity_name
from socratic_core.repositories.filters import Filter, apply_to_statement, narrowing
from socratic_core.repositories.pagination import Paginated

__all__ = ["SqlAlchemyRepository"]

ModelT = TypeVar("ModelT", bound=Base)


class SqlAlchemyRepository(Paginated[ModelT], Generic[ModelT]):
    """Collection-like access to one model inside one ORM session.

    Subclasses set `model_type` and add the queries their aggregate needs; filters apply
    themselves to the statement, and the pages come from `Paginated`.
    """

    model_type: type[ModelT]

    def __init__(self, session: orm.Session) -> None:
        self.session = session
        self.entity = entity_name(self.model_type)

    def add(self, item: ModelT) -> ModelT:
        """Add `item` and flush it, so constraint violations surface here."""
        with translate_errors(self.entity, _id_of(item)):
            self.session.add(item)
            self.session.flush()
        return item

    def add_many(self, items: Sequence[ModelT]) -> builtins.list[ModelT]:
        """Add many new rows at once and return them.

        Models without an optimistic lock or pending child objects take the bulk path: one
        executemany INSERT, as fast as SQLAlchemy Core. Like `Session.bulk_save_objects`, that
        path does not track the objects afterwards: to change one of them later, pass it to
        `update()`. Other models (projects, sessions, instructions, or rows carrying children)
        go through the ORM's normal flush and stay tracked.
        """
        items = list(items)
        if not items:
            return items
        if not _can_bulk_insert(self.model_type, items):
            with translate_errors(self.entity):
                self.session.add_all(items)
                self.session.flush()
            return items
        keys = _column_keys(self.model_type)
        rows = [{column: item.__dict__.get(attr) for attr, column in keys} for item in items]
        with translate_errors(self.entity):
            self.session.execute(_insert_statement(self.model_type), rows)
        return items

    def get(self, item_id: str) -> ModelT | None:
        """Return the row with primary key `item_id`, or None."""
        with translate_errors(self.entity, item_id):
            return self.session.get(self.model_type, item_id)

    def get_one(self, item_id: str) -> ModelT:
        """Return the row with primary key `item_id`.

        Raises:
            NotFoundError: There is no such row.
        """
        item = self.get(item_id)
        if item is None:
            raise NotFoundError(
                f"{self.entity} {item_id!r} not found", entity=self.entity, entity_id=item_id
            )
        return item

    def list(self, *filters: Filter) -> builtins.list[ModelT]:
        """Return the rows matching every filter, in the filters' order (default: oldest first)."""
        statement = apply_to_statement(self._select(), self.model_type, filters)
        with translate_errors(self.entity):
            return list(self.session.scalars(statement))

    def count(self, *filters: Filter) -> int:
        """Return how many rows match the filters (ordering and slicing are ignored)."""
        where = apply_to_statement(self._select(), self.model_type, narrowing(filters))
        statement = sa.select(sa.func.count()).select_from(where.order_by(None).subquery())
        with translate_errors(self.entity):
            return int(self.session.scalar(statement) or 0)

    def list_and_count(self, *filters: Filter) -> tuple[builtins.list[ModelT], int]:
        """Return the rows matching the filters and how many match without the limit."""
        return self.list(*filters), self.count(*filters)

    def update(self, item: ModelT) -> ModelT:
        """Write `item`'s changes now (merging it first if it is not in this session).

        Raises:
            ConflictError: The row was changed since it was read (optimistic lock), or a unique
                value is now taken.
        """
        with translate_errors(self.entity, _id_of(item)):
            if item not in self.session:
                item = self.session.merge(item)
            self.session.flush()
        return item

    def delete(self, item: ModelT) -> None:
        """Delete `item` (the database cascades to the rows it owns) and flush."""
        with translate_errors(self.entity, _id_of(item)):
            if item not in self.session:
                item = self.session.merge(item)
            self.session.delete(item)
            self.session.flush()

    def _select(self) -> sa.Select[tuple[ModelT]]:
        return sa.select(self.model_type)


def _can_bulk_insert(model: type[Base], items: Sequence[Base]) -> bool:
    relationships = _bulk_blockers(model)
    if relationships is None:
        return False
    return not any(key in item.__dict__ for item in items for key in relationships)


# What follows depends only on the (immutable) mapping of a model: worked out once per model,
# since single-row appends (the audit trail's) run it on every write.
@functools.cache
def _bulk_blockers(model: type[Base]) -> tuple[str, ...] | None:
    """None when the model can never take the bulk path, else its relationship names."""
    mapper = sa.inspect(model)
    return None if mapper.version_id_col is not None else tuple(mapper.relationships.keys())


@functools.cache
def _column_keys(model: type[Base]) -> tuple[tuple[str, str], ...]:
    return tuple((attr.key, attr.columns[0].key) for attr in sa.inspect(model).column_attrs)


@functools.cache
def _insert_statement(model: type[Base]) -> sa.Insert:
    return sa.insert(_table(model))


def _table(model: type[Base]) -> sa.Table:
    table = model.__table__
    assert isinstance(table, sa.Table)  # noqa: S101 - declarative models map a Table
    return table


def _id_of(item: Base) -> str | None:
    value = getattr(item, "id", None)
    return value if isinstance(value, str) else None
