"""Filter objects: small frozen values that apply themselves to a query or to in-memory rows.

Pass them to `list`, `list_and_count`, `count` and `paginate`::

    uow.users.list(Equals("status", UserStatus.ACTIVE), OrderBy("username"), LimitOffset(20))

Each filter is a `Filter` with two halves of one meaning, as advanced-alchemy's statement filters
are: `apply(statement, model)` for the SQLAlchemy repositories and `apply_rows(rows)` for the
in-memory fakes of `socratic_core.testing`. Neither store looks at filter types: both hand their
filters to `apply_to_statement` / `apply_to_rows`, which run them in the order SQL does (narrow,
then order, then slice), with the default order (`created_at`, then `id`) when no `OrderBy` is
given and only the last `LimitOffset` counting.

Fields are attribute names of the model; an unknown name raises `InvalidInputError`.
"""

from __future__ import annotations

import builtins
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from typing import Any, ClassVar, Literal, TypeVar

import sqlalchemy as sa
from sqlalchemy.orm import InstrumentedAttribute

from socratic_core.errors import InvalidInputError

__all__ = [
    "LIKE_ESCAPE",
    "After",
    "AnyOf",
    "Between",
    "Equals",
    "Filter",
    "LimitOffset",
    "OrderBy",
    "Search",
    "WhereFilter",
    "apply_to_rows",
    "apply_to_statement",
    "escape_like",
    "model_field",
    "narrowing",
    "sort_key",
]

LIKE_ESCAPE = "\\"

RowT = TypeVar("RowT")
SelectT = TypeVar("SelectT", bound=sa.Select[Any])


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


def sort_key(value: Any) -> Any:
    """The in-memory sort key of a column value: enums by value, None before everything."""
    value = getattr(value, "value", value)
    return (value is not None, value if value is not None else 0)


class Filter:
    """A filter: one meaning, applied to a SQL statement or to a list of in-memory rows.

    Attributes:
        stage: When it runs: 0 narrows the rows, 1 orders them, 2 slices them.
    """

    __slots__ = ()
    stage: ClassVar[int] = 0

    def apply(self, statement: SelectT, model: type[Any]) -> SelectT:
        """Return `statement` (a select of `model`) with this filter applied."""
        raise NotImplementedError

    def apply_rows(self, rows: builtins.list[RowT], model: type[Any]) -> builtins.list[RowT]:
        """Return `rows` (of `model`) with this filter applied (for in-memory repositories)."""
        raise NotImplementedError


class WhereFilter(Filter):
    """A filter that narrows the rows: a SQL condition and the same test on one object."""

    __slots__ = ()

    def where(self, model: type[Any]) -> sa.ColumnElement[bool]:
        """Return the SQL condition for `model`."""
        raise NotImplementedError

    def matches(self, obj: Any) -> bool:
        """Whether `obj` satisfies the filter (for in-memory repositories)."""
        raise NotImplementedError

    def apply(self, statement: SelectT, model: type[Any]) -> SelectT:
        """Return `statement` narrowed by this filter's condition."""
        return statement.where(self.where(model))

    def apply_rows(self, rows: builtins.list[RowT], model: type[Any]) -> builtins.list[RowT]:
        """Return the rows this filter keeps (its fields checked against `model` as in SQL)."""
        self.where(model)
        return [row for row in rows if self.matches(row)]


@dataclass(frozen=True, slots=True)
class Equals(WhereFilter):
    """`field` equals `value` (`value` None means the field is NULL)."""

    field: str
    value: Any

    def where(self, model: type[Any]) -> sa.ColumnElement[bool]:
        """Return the SQL condition for `model`."""
        column = model_field(model, self.field)
        return column.is_(None) if self.value is None else column == self.value

    def matches(self, obj: Any) -> bool:
        """Whether `obj` satisfies the filter."""
        return bool(getattr(obj, self.field) == self.value)


@dataclass(frozen=True, slots=True)
class AnyOf(WhereFilter):
    """`field` is one of `values` (an empty collection matches nothing)."""

    field: str
    values: Collection[Any]

    def where(self, model: type[Any]) -> sa.ColumnElement[bool]:
        """Return the SQL condition for `model`."""
        return model_field(model, self.field).in_(list(self.values))

    def matches(self, obj: Any) -> bool:
        """Whether `obj` satisfies the filter."""
        return getattr(obj, self.field) in self.values


@dataclass(frozen=True, slots=True)
class Between(WhereFilter):
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
        """Whether `obj` satisfies the filter (a NULL value is in no range, as in SQL)."""
        value = getattr(obj, self.field)
        if value is None:
            return self.start is None and self.end is None
        if self.start is not None and not value >= self.start:
            return False
        return self.end is None or bool(value < self.end)


@dataclass(frozen=True, slots=True)
class Search(WhereFilter):
    r"""`field` contains (or starts with) `text`, ignoring case; `%`, `_` and `\` are literal.

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
        """Whether `obj` satisfies the filter (a NULL value contains nothing, as in SQL)."""
        value = getattr(obj, self.field)
        if value is None:
            return False
        value, text = str(value).lower(), self.text.lower()
        return value.startswith(text) if self.mode == "startswith" else text in value


@dataclass(frozen=True, slots=True)
class After(WhereFilter):
    """Rows strictly after `values` in the order of `keys` (what a keyset page starts after).

    As SQL: `(a > x) OR (a = x AND b > y) ...`, with `<` for a descending order.
    """

    keys: tuple[str, ...]
    values: tuple[Any, ...]
    descending: bool = False

    def where(self, model: type[Any]) -> sa.ColumnElement[bool]:
        """Return the SQL condition for `model`."""
        columns = [model_field(model, key) for key in self.keys]
        conditions: builtins.list[sa.ColumnElement[bool]] = []
        for index, column in enumerate(columns):
            value = self.values[index]
            beyond = column < value if self.descending else column > value
            equal = [columns[i] == self.values[i] for i in range(index)]
            conditions.append(sa.and_(*equal, beyond))
        return sa.or_(*conditions)

    def matches(self, obj: Any) -> bool:
        """Whether `obj` comes after `values`."""
        mine = tuple(sort_key(getattr(obj, key)) for key in self.keys)
        after = tuple(sort_key(value) for value in self.values)
        return mine < after if self.descending else mine > after


@dataclass(frozen=True, slots=True)
class OrderBy(Filter):
    """Order by `field`, ascending unless `descending`; several apply in the order given."""

    stage: ClassVar[int] = 1
    field: str
    descending: bool = False

    def apply(self, statement: SelectT, model: type[Any]) -> SelectT:
        """Return `statement` ordered by this field after any order it has."""
        column = model_field(model, self.field)
        return statement.order_by(column.desc() if self.descending else column.asc())

    def apply_rows(self, rows: builtins.list[RowT], model: type[Any]) -> builtins.list[RowT]:
        """Return `rows` sorted by this field (a stable sort: ties keep their order)."""
        field = model_field(model, self.field).key
        return sorted(rows, key=lambda row: sort_key(getattr(row, field)), reverse=self.descending)


@dataclass(frozen=True, slots=True)
class LimitOffset(Filter):
    """Return at most `limit` rows, after skipping `offset`."""

    stage: ClassVar[int] = 2
    limit: int
    offset: int = 0

    def __post_init__(self) -> None:
        if self.limit < 0 or self.offset < 0:
            raise InvalidInputError("limit and offset must not be negative", field="limit")

    def apply(self, statement: SelectT, model: type[Any]) -> SelectT:
        """Return `statement` limited and offset."""
        del model
        return statement.limit(self.limit).offset(self.offset)

    def apply_rows(self, rows: builtins.list[RowT], model: type[Any]) -> builtins.list[RowT]:
        """Return the slice of `rows`."""
        del model
        return rows[self.offset : self.offset + self.limit]


DEFAULT_ORDER = (OrderBy("created_at"), OrderBy("id"))


def narrowing(filters: Sequence[Filter]) -> builtins.list[Filter]:
    """The filters that narrow the rows (what `count` and keyset pages keep)."""
    return [f for f in filters if f.stage == 0]


def _in_stages(filters: Sequence[Filter]) -> tuple[builtins.list[Filter], ...]:
    """Narrowing filters, the orders (default `created_at`, `id`), and the last slice."""
    orders = [f for f in filters if f.stage == 1] or list(DEFAULT_ORDER)
    return narrowing(filters), orders, [f for f in filters if f.stage == 2][-1:]


def apply_to_statement(statement: SelectT, model: type[Any], filters: Sequence[Filter]) -> SelectT:
    """Return `statement` with every filter applied, in SQL's order of stages."""
    narrow, orders, sliced = _in_stages(filters)
    for item in [*narrow, *orders, *sliced]:
        statement = item.apply(statement, model)
    return statement


def apply_to_rows(
    rows: builtins.list[RowT], model: type[Any], filters: Sequence[Filter]
) -> builtins.list[RowT]:
    """Return `rows` (of `model`) with every filter applied, as `apply_to_statement` would."""
    narrow, orders, sliced = _in_stages(filters)
    # Stable sorts by the last key first leave the first key in charge, as ORDER BY a, b does.
    for item in [*narrow, *reversed(orders), *sliced]:
        rows = item.apply_rows(rows, model)
    return rows
