"""Filter objects: small frozen values a repository turns into SQL.

Pass them to `list`, `list_and_count`, `count` and `paginate`::

    uow.users.list(Equals("status", UserStatus.ACTIVE), OrderBy("username"), LimitOffset(20))

Fields are attribute names of the model; an unknown name raises `InvalidInputError`. Each
`WhereFilter` also answers `matches(obj)`, so in-memory fakes apply the same semantics.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from typing import Any, Literal

import sqlalchemy as sa
from sqlalchemy.orm import InstrumentedAttribute

from socratic_core.errors import InvalidInputError

__all__ = [
    "LIKE_ESCAPE",
    "AnyOf",
    "Between",
    "Equals",
    "Filter",
    "LimitOffset",
    "OrderBy",
    "Search",
    "WhereFilter",
    "escape_like",
    "model_field",
]

LIKE_ESCAPE = "\\"


def escape_like(text: str) -> str:
    r"""Escape `text` so that `%`, `_` and `\` in it match themselves in a LIKE pattern."""
    return (
        text.replace(LIKE_ESCAPE, LIKE_ESCAPE * 2)
        .replace("%", LIKE_ESCAPE + "%")
        .replace("_", LIKE_ESCAPE + "_")
    )


def model_field(model: type[Any], field: str) -> InstrumentedAttribute[Any]:
    """Return `model`'s column attribute named `field`.

    Raises:
        InvalidInputError: `model` has no column attribute of that name.
    """
    if field not in sa.inspect(model).column_attrs:
        raise InvalidInputError(f"{model.__name__} has no field {field!r}", field=field)
    attribute: InstrumentedAttribute[Any] = getattr(model, field)
    return attribute


@dataclass(frozen=True, slots=True)
class Equals:
    """`field` equals `value` (`value` None means the field is NULL)."""

    field: str
    value: Any

    def where(self, model: type[Any]) -> sa.ColumnElement[bool]:
        """Return the SQL condition for `model`."""
        column = model_field(model, self.field)
        return column.is_(None) if self.value is None else column == self.value

    def matches(self, obj: Any) -> bool:
        """Whether `obj` satisfies the filter (for in-memory repositories)."""
        return bool(getattr(obj, self.field) == self.value)


@dataclass(frozen=True, slots=True)
class AnyOf:
    """`field` is one of `values` (an empty collection matches nothing)."""

    field: str
    values: Collection[Any]

    def where(self, model: type[Any]) -> sa.ColumnElement[bool]:
        """Return the SQL condition for `model`."""
        return model_field(model, self.field).in_(list(self.values))

    def matches(self, obj: Any) -> bool:
        """Whether `obj` satisfies the filter (for in-memory repositories)."""
        return getattr(obj, self.field) in self.values


@dataclass(frozen=True, slots=True)
class Between:
    """`field` is at or after `start` and before `end` (either bound may be None)."""

    field: str
    start: Any = None
    end: Any = None

    def where(self, model: type[Any]) -> sa.ColumnElement[bool]:
        """Return the SQL condition for `model`."""
        column = model_field(model, self.field)
        conditions = []
        if self.start is not None:
            conditions.append(column >= self.start)
        if self.end is not None:
            conditions.append(column < self.end)
        return sa.and_(sa.true(), *conditions)

    def matches(self, obj: Any) -> bool:
        """Whether `obj` satisfies the filter (for in-memory repositories)."""
        value = getattr(obj, self.field)
        if self.start is not None and not value >= self.start:
            return False
        return self.end is None or bool(value < self.end)


@dataclass(frozen=True, slots=True)
class Search:
    """`field` contains (or starts with) `text`, ignoring case; `%` and `_` are not wildcards.

    Case is folded the database's way: on SQLite only ASCII letters fold.
    """

    field: str
    text: str
    mode: Literal["contains", "startswith"] = "contains"

    def where(self, model: type[Any]) -> sa.ColumnElement[bool]:
        """Return the SQL condition (an escaped LIKE / ILIKE) for `model`."""
        pattern = escape_like(self.text) + "%"
        if self.mode == "contains":
            pattern = "%" + pattern
        return model_field(model, self.field).ilike(pattern, escape=LIKE_ESCAPE)

    def matches(self, obj: Any) -> bool:
        """Whether `obj` satisfies the filter (for in-memory repositories)."""
        value, text = str(getattr(obj, self.field)).lower(), self.text.lower()
        return value.startswith(text) if self.mode == "startswith" else text in value


@dataclass(frozen=True, slots=True)
class OrderBy:
    """Order by `field`, ascending unless `descending`; several apply in the order given."""

    field: str
    descending: bool = False


@dataclass(frozen=True, slots=True)
class LimitOffset:
    """Return at most `limit` rows, after skipping `offset`."""

    limit: int
    offset: int = 0

    def __post_init__(self) -> None:
        if self.limit < 0 or self.offset < 0:
            raise InvalidInputError("limit and offset must not be negative", field="limit")


WhereFilter = Equals | AnyOf | Between | Search
"""A filter that narrows the rows (as opposed to ordering or slicing them)."""

Filter = WhereFilter | OrderBy | LimitOffset
"""Any filter a repository's `list`, `count` or `paginate` accepts."""
