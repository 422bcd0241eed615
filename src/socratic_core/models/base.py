"""The declarative base every model shares, and the portable column types it needs.

- `Base.metadata` names every constraint and index by one convention, so a database error can be
  traced back to its table and columns, and the migrations use the very same names.
- `UTCDateTime` stores UTC and always returns timezone-aware datetimes, on SQLite (which has no
  time zones and gives naive values back) and on PostgreSQL alike.
- `enum_column` stores an enum as its lowercase string value (no native database enum).
- `JSONType` is JSONB on PostgreSQL and JSON everywhere else.
- Python-side column defaults (ids, timestamps, flags) are applied when a model is constructed, so
  `User(...).id` is known before anything is flushed.
"""

from __future__ import annotations

import enum
import functools
import uuid
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql
from sqlalchemy.engine import Dialect
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

__all__ = [
    "NAMING_CONVENTION",
    "Base",
    "JSONType",
    "TimestampMixin",
    "UTCDateTime",
    "enum_column",
    "new_id",
    "utcnow",
]

NAMING_CONVENTION: dict[str, str] = {
    "ix": "ix_%(table_name)s_%(column_0_N_name)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s",
    "pk": "pk_%(table_name)s",
}

JSONType = sa.JSON(none_as_null=True).with_variant(
    postgresql.JSONB(none_as_null=True), "postgresql"
)


def new_id() -> str:
    """Return a new random primary key: a UUID4 as a 36-character string."""
    return str(uuid.uuid4())


def utcnow() -> datetime:
    """Return the current time as a timezone-aware UTC datetime."""
    return datetime.now(UTC)


class UTCDateTime(sa.TypeDecorator[datetime]):
    """A timestamp stored in UTC and always read back timezone-aware.

    Naive datetimes handed in are taken to be UTC already; aware ones are converted to UTC.
    """

    impl = sa.DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        """Convert `value` to UTC; SQLite gets it without tzinfo, since it stores none."""
        if value is None:
            return None
        value = value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(
        self,
        value: datetime | None,
        dialect: Dialect,  # noqa: ARG002 - signature fixed by SQLAlchemy
    ) -> datetime | None:
        """Return `value` as an aware UTC datetime, whatever the database gave back."""
        if value is None:
            return None
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


def enum_column(enum_class: type[enum.Enum], *, length: int = 32) -> sa.Enum:
    """Return a portable column type that stores `enum_class` members by their string value.

    Args:
        enum_class: A string-valued enum.
        length: The width of the VARCHAR that holds the value.

    Returns:
        A non-native `sa.Enum` (a VARCHAR) that stores `member.value`, e.g. `"active"`.
    """
    return sa.Enum(
        enum_class,
        native_enum=False,
        create_constraint=False,
        length=length,
        values_callable=lambda members: [member.value for member in members],
        validate_strings=True,
    )


class Base(DeclarativeBase):
    """The declarative base of every socratic_core model."""

    metadata = sa.MetaData(naming_convention=NAMING_CONVENTION)

    def __init__(self, **kwargs: Any) -> None:
        cls = type(self)
        for key, value in kwargs.items():
            if not hasattr(cls, key):
                raise TypeError(f"{key!r} is an invalid keyword argument for {cls.__name__}")
            setattr(self, key, value)
        for key, default in _python_defaults(cls):
            if key not in kwargs:
                setattr(self, key, default())

    def __repr__(self) -> str:
        key = getattr(self, "id", None)
        return f"<{type(self).__name__} id={key!r}>"


@functools.cache
def _python_defaults(cls: type[Base]) -> tuple[tuple[str, Callable[[], Any]], ...]:
    """The (attribute, zero-argument factory) pairs of every column with a Python-side default."""
    defaults: list[tuple[str, Callable[[], Any]]] = []
    for attr in sa.inspect(cls).column_attrs:
        default = attr.columns[0].default
        if isinstance(default, sa.ColumnDefault) and (default.is_callable or default.is_scalar):
            defaults.append((attr.key, _default_factory(default)))
    return tuple(defaults)


def _default_factory(default: sa.ColumnDefault) -> Callable[[], Any]:
    if default.is_callable:
        wrapped = default.arg
        return lambda: wrapped(None)
    value = default.arg
    return lambda: value


class TimestampMixin:
    """`created_at` and `updated_at`, timezone-aware UTC, set by the application."""

    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, nullable=False)
    updated_at: Mapped[datetime] = mapped_column(
        UTCDateTime(), default=utcnow, onupdate=utcnow, nullable=False
    )
