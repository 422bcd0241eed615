"""`Page`, and the opaque cursors keyset pagination hands out.

A cursor encodes the ordering key of the last row of a page (`[position]`, `[sequence]` or
`[created_at, id]`) as URL-safe base64 of JSON. It is opaque to callers: pass back what
`Page.next_cursor` gave; a cursor that cannot be decoded raises `InvalidInputError`.
"""

from __future__ import annotations

import base64
import binascii
import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Generic, TypeVar

from socratic_core.errors import InvalidInputError

__all__ = ["Page", "decode_cursor", "encode_cursor"]

T = TypeVar("T")


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


def encode_cursor(values: Sequence[Any]) -> str:
    """Encode the ordering key `values` (ints, strings, aware datetimes) as an opaque cursor."""
    payload = [{"dt": v.isoformat()} if isinstance(v, datetime) else v for v in values]
    raw = json.dumps(payload, separators=(",", ":")).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def decode_cursor(cursor: str, size: int) -> list[Any]:
    """Decode a cursor made by `encode_cursor` holding `size` values.

    Raises:
        InvalidInputError: The cursor was not made by `encode_cursor` for this ordering.
    """
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4))
        payload = json.loads(raw)
        if not isinstance(payload, list) or len(payload) != size:
            raise ValueError("wrong number of key values")
        return [_decode_value(v) for v in payload]
    except (ValueError, TypeError, KeyError, binascii.Error) as exc:
        raise InvalidInputError("the cursor is not valid", field="cursor") from exc


def _decode_value(value: Any) -> Any:
    if isinstance(value, dict):
        return datetime.fromisoformat(value["dt"])
    if isinstance(value, int | str):
        return value
    raise ValueError(f"unexpected cursor value {value!r}")
