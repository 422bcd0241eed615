"""What the in-memory fakes read from the models' metadata: unique keys and foreign keys.

The fakes enforce the same constraints the database does because they read them from the same
place (`Base.metadata`), never from a second list kept by hand.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa

from socratic_core.models import Base

__all__ = ["Reference", "on_update", "referenced_by", "references", "unique_keys"]


@dataclass(frozen=True, slots=True)
class Reference:
    """A foreign key: `source.field` refers to a row of `target` (`on_delete` as in SQL)."""

    source: type[Base]
    field: str
    target: type[Base]
    on_delete: str


def _attribute(model: type[Base], column: sa.Column[Any]) -> str:
    return sa.inspect(model).get_property_by_column(column).key


@functools.cache
def _models_by_table() -> dict[str, type[Base]]:
    return {_table(mapper.class_).name: mapper.class_ for mapper in Base.registry.mappers}


def _table(model: type[Base]) -> sa.Table:
    table = model.__table__
    assert isinstance(table, sa.Table)  # noqa: S101 - declarative models map a Table
    return table


@functools.cache
def unique_keys(model: type[Base]) -> tuple[tuple[str, ...], ...]:
    """The attribute names of each unique constraint and unique index of `model`."""
    table = _table(model)
    groups: list[list[sa.Column[Any]]] = [
        list(c.columns) for c in table.constraints if isinstance(c, sa.UniqueConstraint)
    ]
    groups += [list(i.columns) for i in table.indexes if i.unique]
    groups += [[c] for c in table.columns if c.unique]
    return tuple(dict.fromkeys(tuple(_attribute(model, c) for c in g) for g in groups))


@functools.cache
def references(model: type[Base]) -> tuple[Reference, ...]:
    """The foreign keys of `model` (each one column wide, as every model's are)."""
    table = _table(model)
    models = _models_by_table()
    return tuple(
        Reference(
            model,
            _attribute(model, key.parent),
            models[key.column.table.name],
            (key.ondelete or "NO ACTION").upper(),
        )
        for key in table.foreign_keys
    )


@functools.cache
def referenced_by(model: type[Base]) -> tuple[Reference, ...]:
    """The foreign keys of every model that refer to `model`."""
    return tuple(
        reference
        for other in _models_by_table().values()
        for reference in references(other)
        if reference.target is model
    )


@functools.cache
def on_update(model: type[Base]) -> tuple[tuple[str, Callable[[], Any]], ...]:
    """The attributes of `model` a write sets by itself (`onupdate=`), with what sets them."""
    found = []
    for column in _table(model).columns:
        default = column.onupdate
        if isinstance(default, sa.ColumnDefault) and default.is_callable:
            make = default.arg  # SQLAlchemy wraps the callable to take an execution context
            found.append((_attribute(model, column), functools.partial(make, None)))
    return tuple(found)
