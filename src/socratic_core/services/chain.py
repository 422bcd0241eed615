"""Canonical JSON and the SHA-256 hash chain of the audit trail.

Each audit row's hash is `sha256(previous_hash + newline + canonical_json(content))`, where content
is every stored field of the row except its own hash. Canonical JSON sorts keys, has no
insignificant whitespace, keeps non-ASCII text as is, and renders datetimes as UTC ISO 8601 with
microseconds (`2026-01-02T03:04:05.000006+00:00`), so the same row hashes the same after a round
trip through SQLite or PostgreSQL.
"""

from __future__ import annotations

import enum
import hashlib
import json
import uuid
from collections.abc import Mapping
from datetime import UTC, datetime
from typing import Any

__all__ = ["GENESIS_HASH", "canonical_datetime", "canonical_json", "chain_hash"]

GENESIS_HASH = "0" * 64
"""The `previous_hash` of the first row of a chain."""


def canonical_datetime(value: datetime) -> str:
    """Render a datetime the way canonical JSON does: UTC ISO 8601 with microseconds.

    Naive values are taken to be UTC. Converting a known datetime field up front spares the
    JSON encoder a call back into Python.

    Args:
        value: The datetime.

    Returns:
        E.g. `2026-01-02T03:04:05.000006+00:00`.
    """
    if value.tzinfo is not UTC:
        value = value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)
    return value.isoformat(timespec="microseconds")


def _default(value: object) -> object:
    if isinstance(value, datetime):
        return canonical_datetime(value)
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, uuid.UUID):
        return str(value)
    if isinstance(value, tuple | set | frozenset):
        return sorted(value) if isinstance(value, set | frozenset) else list(value)
    raise TypeError(f"cannot put {type(value).__name__} in canonical JSON")


# One encoder for every call: json.dumps would build a new one each time.
_ENCODER = json.JSONEncoder(
    sort_keys=True,
    separators=(",", ":"),
    ensure_ascii=False,
    allow_nan=False,
    default=_default,
)


def canonical_json(value: Any) -> str:
    """Render `value` as canonical JSON: sorted keys, compact, UTF-8, UTC datetimes.

    Args:
        value: JSON-like data; datetimes, enums and UUIDs are accepted too.

    Returns:
        The canonical text.

    Raises:
        TypeError: For a value JSON cannot hold.
        ValueError: For NaN or infinity.
    """
    return _ENCODER.encode(value)


def chain_hash(previous_hash: str, content: Mapping[str, Any]) -> str:
    """Return the hex SHA-256 that links `content` to the row before it.

    Args:
        previous_hash: The hash of the previous row (`GENESIS_HASH` for the first).
        content: The row's fields, without its own hash.

    Returns:
        64 lower-case hex digits.
    """
    payload = f"{previous_hash}\n{canonical_json(content)}".encode()
    return hashlib.sha256(payload).hexdigest()
