"""`Page`, the opaque cursors keyset pagination hands out, and `Paginated`: both kinds of page.

`Paginated` is written once over a repository's `list` and `list_and_count`, so the SQLAlchemy
repositories and the in-memory fakes page alike (a keyset page is an `After` filter).

A cursor encodes the ordering key of the last row of a page (`[position]`, `[sequence]` or
`[created_at, id]`) as URL-safe base64 of JSON. It is opaque to callers: pass back what
`Page.next_cursor` gave. A cursor that cannot be decoded, or whose values do not have the types
of the ordering columns (a string for an integer key, an integer out of the 64-bit range, a
boolean, a naive datetime, text with NUL), raises `InvalidInputError` naming the field `cursor`,
on every database alike.
"""

from __future__ import annotations

import base64
import binascii
import builtins
import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Generic, Protocol, TypeVar

import sqlalchemy as sa

from socratic_core.errors import InvalidInputError
from socratic_core.repositories.filters import After, Filter, LimitOffset, OrderBy, narrowing

__all__ = ["Page", "Paginated", "cursor_types", "decode_cursor", "encode_cursor"]

T = TypeVar("T")

_MAX_CURSOR = 4096
_MAX_TEXT = 255
_INT_RANGE = range(-(2**63), 2**63)


@dataclass(frozen=True, slots=True)
class Page(Generic[T]):
    """One page of results.

    Attributes:
        items: The rows of this page, in order.
        limit: The page size that was asked for.
        total: How many rows match in all (offset pages; None for keyset pages).
        offset: How many rows came before this page (offset pages; None for keyset pages).
        next_cursor: Pass it back to get the next keyset page; None on the last page.
    """

    items: Sequence[T]
    limit: int
    total: int | None = None
    offset: int | None = None
    next_cursor: str | None = field(default=None)

    @property
    def has_next(self) -> bool:
        """Whether another page follows this one."""
        if self.next_cursor is not None:
            return True
        if self.total is not None and self.offset is not None:
            return self.offset + len(self.items) < self.total
        return False


class _Listing(Protocol[T]):
    @property
    def model_type(self) -> type[T]: ...

    def list(self, *filters: Filter) -> builtins.list[T]: ...

    def list_and_count(self, *filters: Filter) -> tuple[builtins.list[T], int]: ...


class Paginated(Generic[T]):
    """Offset pages (`paginate`) and keyset pages (`paginate_keyset`) for a repository."""

    def paginate(self: _Listing[T], *filters: Filter, limit: int = 50, offset: int = 0) -> Page[T]:
        """Return one offset page of the rows matching `filters`, with the total."""
        items, total = self.list_and_count(*filters, LimitOffset(limit, offset))
        return Page(items=items, limit=limit, total=total, offset=offset)

    def paginate_keyset(
        self: _Listing[T],
        *filters: Filter,
        limit: int = 50,
        cursor: str | None = None,
        keys: Sequence[str] = ("created_at", "id"),
        descending: bool = False,
    ) -> Page[T]:
        """Return the page after `cursor`, ordered by `keys` (which must identify a row).

        Its cost does not grow with how deep the page is, unlike `paginate`'s offset.

        Raises:
            InvalidInputError: `limit` is below 1, or the cursor was not made for `keys`.
        """
        if limit < 1:
            raise InvalidInputError("a keyset page needs a limit of at least 1", field="limit")
        where = narrowing(filters)
        if cursor is not None:
            after = decode_cursor(cursor, cursor_types(self.model_type, keys))
            where.append(After(tuple(keys), tuple(after), descending))
        orders = [OrderBy(key, descending) for key in keys]
        rows = self.list(*where, *orders, LimitOffset(limit + 1))
        items, more = rows[:limit], len(rows) > limit
        next_cursor = encode_cursor([getattr(items[-1], k) for k in keys]) if more else None
        return Page(items=items, limit=limit, next_cursor=next_cursor)


def encode_cursor(values: Sequence[Any]) -> str:
    """Encode the ordering key `values` (ints, strings, aware datetimes) as an opaque cursor."""
    payload = [{"dt": v.isoformat()} if isinstance(v, datetime) else v for v in values]
    raw = json.dumps(payload, separators=(",", ":")).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def cursor_types(model: type[Any], keys: Sequence[str]) -> tuple[type, ...]:
    """Return the Python type of each ordering column of `model` named in `keys`.

    Args:
        model: A mapped model class.
        keys: Its column attribute names.

    Returns:
        E.g. `(datetime, str)` for `("created_at", "id")`.
    """
    columns = sa.inspect(model).columns
    return tuple(_python_type(columns[key].type) for key in keys)


def _python_type(column_type: sa.types.TypeEngine[Any]) -> type:
    if isinstance(column_type, sa.types.TypeDecorator):  # UTCDateTime -> DateTime -> datetime
        column_type = column_type.impl_instance
    try:
        return column_type.python_type
    except NotImplementedError:
        return object


def decode_cursor(cursor: str, types: int | Sequence[type]) -> list[Any]:
    """Decode a cursor made by `encode_cursor` holding one value per ordering column.

    Args:
        cursor: The cursor.
        types: The Python type of each ordering column (see `cursor_types`), or just how many
            values there are (their types then go unchecked).

    Raises:
        InvalidInputError: The cursor was not made by `encode_cursor` for this ordering.
    """
    kinds: Sequence[type | None] = [None] * types if isinstance(types, int) else types
    try:
        if not isinstance(cursor, str) or len(cursor) > _MAX_CURSOR:
            raise ValueError("not a cursor")
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4))
        payload = json.loads(raw)
        if not isinstance(payload, list) or len(payload) != len(kinds):
            raise ValueError("wrong number of key values")
        return [_decode_value(v, kind) for v, kind in zip(payload, kinds, strict=True)]
    except (ValueError, TypeError, KeyError, binascii.Error, RecursionError) as exc:
        raise InvalidInputError("the cursor is not valid", field="cursor") from exc


def _decode_value(value: Any, kind: type | None) -> Any:
    decoded: Any
    if isinstance(value, dict):
        decoded = datetime.fromisoformat(value["dt"])
        if decoded.tzinfo is None:
            raise ValueError("a cursor datetime must carry its time zone")
    elif isinstance(value, bool) or not isinstance(value, int | str):
        raise ValueError(f"unexpected cursor value {value!r}")
    else:
        decoded = value
    if kind is not None and not isinstance(decoded, kind):
        raise ValueError(f"a cursor value of type {type(decoded).__name__}, not {kind.__name__}")
    if isinstance(decoded, int) and decoded not in _INT_RANGE:
        raise ValueError("a cursor integer out of range")
    if isinstance(decoded, str) and (len(decoded) > _MAX_TEXT or not _storable(decoded)):
        raise ValueError("a cursor text too long or not storable")
    return decoded


def _storable(text: str) -> bool:
    # What every database can compare: no NUL, no lone surrogate.
    return "\x00" not in text and _encodes(text)


def _encodes(text: str) -> bool:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True
