"""Appending to an audit hash chain inside a unit of work (shared by every service).

An appender calls `append_entry(uow, entry, clock=...)`. The slow, input-sized work (redacting
secrets, bounding every field) happens in `prepare_entry`, before the chain's lock is taken; under
the lock only the tip is read and one row inserted.

Every stored field is bounded (see `docs/concepts/services.md`):

- a string inside `request`, `response` or `violations` longer than `STRING_LIMIT` characters is
  stored as `{"$truncated": <its first STRING_LIMIT characters, redacted>, "$length": <its
  length>, "$sha256": <hex SHA-256 of its UTF-8>}`;
- a list or mapping keeps its first `ITEMS_LIMIT` items (`"$more": N` says how many were left
  out), nesting stops at `DEPTH_LIMIT` levels, and a field walks at most `NODES_LIMIT` values;
- a field whose canonical JSON is still longer than `FIELD_LIMIT` characters is stored as
  `{"$truncated": <its first FIELD_LIMIT / 2 characters>, "$length": ..., "$sha256": ...}`
  (`violations` as a list of that one value);
- NUL characters and lone surrogates (which PostgreSQL cannot store) become U+FFFD; NaN and
  infinities become strings; other values their type name;
- a scalar column (`user_id`, `agent_id`, `entity_id`, ...) that is not text, is too long for
  its column or holds NUL is stored as NULL, and its bounded value under `request["$rejected"]`.
"""

from __future__ import annotations

import enum
import hashlib
import itertools
import json
import math
import uuid
from collections.abc import Callable, Mapping, Sequence, Set
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from socratic_core.models import GLOBAL_CHAIN, AuditLog, chain_for
from socratic_core.services.chain import (
    GENESIS_HASH,
    canonical_datetime,
    canonical_json,
    chain_hash,
)
from socratic_core.services.redaction import REDACTED, is_secret_key, redact_text
from socratic_core.uow import UnitOfWork

__all__ = [
    "DEPTH_LIMIT",
    "FIELD_LIMIT",
    "HASHED_FIELDS",
    "ITEMS_LIMIT",
    "STRING_LIMIT",
    "AuditEntry",
    "PreparedEntry",
    "append_entry",
    "bounded",
    "entry_chain",
    "prepare_entry",
    "row_content",
    "stored_request",
]

HASHED_FIELDS = (
    "id",
    "sequence",
    "created_at",
    "user_id",
    "agent_id",
    "action",
    "entity_type",
    "entity_id",
    "request",
    "response",
    "success",
    "error_code",
    "instruction_version",
    "violations",
    "previous_hash",
)
"""Every stored field of an audit row its hash covers (all but `chain`, `hash`, `updated_at`)."""

STRING_LIMIT = 1_000
"""Most characters of one string inside a JSON field before it is cut."""
ITEMS_LIMIT = 100
"""Most items of one list or mapping inside a JSON field."""
DEPTH_LIMIT = 8
"""Most levels of nesting inside a JSON field."""
NODES_LIMIT = 1_000
"""Most values walked in one JSON field."""
FIELD_LIMIT = 16_000
"""Most characters of one JSON field's canonical JSON."""

# Redaction reads this much past a cut, so a credential that crosses it is still recognised.
_REDACT_MARGIN = 4_096
_COLUMN_LIMITS = {
    "user_id": 36,
    "agent_id": 100,
    "action": 100,
    "entity_type": 50,
    "entity_id": 64,
    "error_code": 64,
    "instruction_version": 255,
}
_REPLACEMENT = "\ufffd"
_PROJECT_ID = 36


def entry_chain(project_id: str | None) -> str:
    """Return the chain an entry about `project_id` joins (global when the id is unusable).

    Args:
        project_id: The project acted in, or None.

    Returns:
        The chain name.
    """
    usable = isinstance(project_id, str) and 0 < len(project_id) <= _PROJECT_ID
    return chain_for(project_id if usable and _clean(project_id or "") == project_id else None)


@dataclass(frozen=True, slots=True)
class AuditEntry:
    """What one audit row says, before redaction and chaining.

    Attributes:
        action: What was done (`"project.create"`, `"agent.run"`).
        user_id: Who did it, when a user did.
        agent_id: Which agent did it, when one did.
        entity_type: The kind of entity acted on.
        entity_id: Its id.
        request: What was asked (JSON-compatible; redacted and bounded before it is stored).
        response: What came out (JSON-compatible; redacted and bounded before it is stored).
        success: Whether the action succeeded.
        error_code: The error's `code` when it failed.
        instruction_version: Which instruction version applied, for agent runs.
        violations: Rule violations found, for agent runs (JSON-compatible).
        project_id: The project acted in: the row joins that project's chain (None: the
            global chain).
    """

    action: str
    user_id: str | None = None
    agent_id: str | None = None
    entity_type: str | None = None
    entity_id: str | None = None
    request: Mapping[str, Any] | None = None
    response: Mapping[str, Any] | None = None
    success: bool = True
    error_code: str | None = None
    instruction_version: str | None = None
    violations: Sequence[Any] = field(default=())
    project_id: str | None = None


@dataclass(frozen=True, slots=True)
class PreparedEntry:
    """An entry redacted and bounded, ready to be chained: what `prepare_entry` returns.

    Attributes:
        chain: The chain it joins.
        columns: The stored value of every column but the chain links and timestamps.
    """

    chain: str
    columns: Mapping[str, Any]


class _Stored(dict[str, Any]):
    """A field already redacted and bounded: `prepare_entry` stores it as it is."""


def row_content(row: Any) -> dict[str, Any]:
    """Return the fields of an audit row (a model or a result row) that its hash covers.

    Args:
        row: Anything with the attributes named in `HASHED_FIELDS`.

    Returns:
        Field name -> value.
    """
    return {name: getattr(row, name) for name in HASHED_FIELDS}


def bounded(value: Any) -> Any:
    """Return `value` as an audit row stores it: redacted, bounded, plain JSON (see above).

    The work is bounded too: at most `NODES_LIMIT` values are visited and each string is read
    up to `STRING_LIMIT` plus a margin (its SHA-256 reads it whole).

    Args:
        value: Any value; JSON-like data is kept, anything else described.

    Returns:
        JSON data (None stays None).
    """
    if value is None:
        return None
    if isinstance(value, _Stored):
        return dict(value)
    walked = _Walk().value(value, 0)
    text = canonical_json(walked)
    if len(text) > FIELD_LIMIT:
        # Half the limit: stored as a JSON string, the preview's quotes and backslashes double.
        return _cut(text, FIELD_LIMIT // 2)
    return json.loads(text)  # exactly what the database hands back later


def stored_request(request: Mapping[str, Any] | None) -> Mapping[str, Any] | None:
    """Bound a request now (before any lock), so that `prepare_entry` only copies it.

    Args:
        request: The request of an entry.

    Returns:
        The stored form, marked as already bounded.
    """
    stored = bounded(request)
    return None if stored is None else _Stored(stored if isinstance(stored, dict) else {})


def prepare_entry(entry: AuditEntry) -> PreparedEntry:
    """Redact and bound `entry` (no database work): call it before taking a chain lock.

    Args:
        entry: What to record.

    Returns:
        The entry as it will be stored, with the chain it joins.
    """
    rejected: dict[str, Any] = {}
    columns: dict[str, Any] = {
        name: _column(name, getattr(entry, name), rejected) for name in _COLUMN_LIMITS
    }
    chain = entry_chain(entry.project_id)
    if entry.project_id is not None and chain == GLOBAL_CHAIN:
        rejected["project_id"] = bounded(entry.project_id)
    request = bounded(entry.request)
    if rejected:
        request = {**(request if isinstance(request, dict) else {}), "$rejected": rejected}
    columns |= {
        "request": request,
        "response": bounded(entry.response),
        "violations": _as_list(bounded(list(entry.violations))),
        "success": bool(entry.success),
    }
    if columns["action"] is None:
        columns["action"] = "invalid"
    return PreparedEntry(chain=chain, columns=columns)


def append_entry(
    uow: UnitOfWork,
    entry: AuditEntry | PreparedEntry,
    *,
    clock: Callable[[], datetime],
    locked: bool = False,
) -> AuditLog:
    """Add `entry` as the new tip of its chain, in `uow`'s transaction.

    Takes the chain's lock first (unless the caller says it already holds it), so concurrent
    appenders of one chain never read the same tip. Pass a `PreparedEntry` (from
    `prepare_entry`) to do the redaction before a lock the caller takes earlier.

    Args:
        uow: The active unit of work; the row commits (or not) with it.
        entry: What to record.
        clock: Where `created_at` comes from (aware UTC).
        locked: The caller already took this entry's chain lock in this unit of work,
            `uow.audit.lock_chain(entry_chain(entry.project_id))` (the global chain's,
            `uow.audit.lock_chain()`, for an entry without a project).

    Returns:
        The added row.
    """
    prepared = entry if isinstance(entry, PreparedEntry) else prepare_entry(entry)
    if not locked:
        uow.audit.lock_chain(prepared.chain)
    sequence, previous = uow.audit.tip(prepared.chain) or (0, GENESIS_HASH)
    now = clock()
    row = AuditLog(
        chain=prepared.chain,
        sequence=sequence + 1,
        previous_hash=previous,
        created_at=now,
        updated_at=now,
        **prepared.columns,
    )
    row.hash = chain_hash(previous, row_content(row))
    # add_many takes the repository's bulk INSERT path: one statement, no ORM flush.
    return uow.audit.add_many([row])[0]


def _as_list(value: Any) -> list[Any]:
    # `violations` is always a list: a field cut as a whole becomes a list of that one cut.
    return value if isinstance(value, list) else [value]


def _column(name: str, value: Any, rejected: dict[str, Any]) -> str | None:
    if value is None:
        return None
    if isinstance(value, str) and len(value) <= _COLUMN_LIMITS[name] and _clean(value) == value:
        return value
    rejected[name] = bounded(value)
    return None


def _clean(text: str) -> str:
    if "\x00" in text:
        text = text.replace("\x00", _REPLACEMENT)
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:  # lone surrogates
        text = text.encode("utf-8", "surrogatepass").decode("utf-8", "replace")
    return text


def _cut(text: str, limit: int) -> dict[str, Any]:
    digest = hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()
    return {"$truncated": text[:limit], "$length": len(text), "$sha256": digest}


class _Walk:
    """One walk over a field's value, counting the values it visits."""

    def __init__(self) -> None:
        self.nodes = 0

    def value(self, value: Any, depth: int) -> Any:
        self.nodes += 1
        if value is None or isinstance(
            value, bool | int | float | enum.Enum | datetime | uuid.UUID
        ):
            return _scalar(value)
        if isinstance(value, str):
            return _text(value)
        if self.nodes > NODES_LIMIT or depth >= DEPTH_LIMIT:
            return "$too-large" if self.nodes > NODES_LIMIT else "$too-deep"
        if isinstance(value, Mapping):
            return self._mapping(value, depth)
        if isinstance(value, list | tuple | Set):
            return self._items(value, depth)
        return _other(value)

    def _items(self, value: list[Any] | tuple[Any, ...] | Set[Any], depth: int) -> list[Any]:
        items = [self.value(item, depth + 1) for item in itertools.islice(value, ITEMS_LIMIT)]
        if len(value) > ITEMS_LIMIT:
            items.append({"$more": len(value) - ITEMS_LIMIT})
        return items

    def _mapping(self, value: Mapping[Any, Any], depth: int) -> dict[str, Any]:
        result: dict[str, Any] = {}
        for key, item in itertools.islice(value.items(), ITEMS_LIMIT):
            name = _clean(key[:STRING_LIMIT]) if isinstance(key, str) else f"${type(key).__name__}"
            secret = isinstance(key, str) and is_secret_key(name) and item is not None
            result[name] = REDACTED if secret else self.value(item, depth + 1)
        if len(value) > ITEMS_LIMIT:
            result["$more"] = len(value) - ITEMS_LIMIT
        return result


def _other(value: object) -> Any:
    if isinstance(value, bytes | bytearray | memoryview):
        return {"$bytes": len(value), "$sha256": hashlib.sha256(value).hexdigest()}
    return f"${type(value).__name__}"


def _scalar(value: bool | int | float | enum.Enum | datetime | uuid.UUID | None) -> Any:
    if value is None or isinstance(value, bool):
        return value
    if isinstance(value, enum.Enum):
        value = value.value
        return value if isinstance(value, str | int) else str(value)
    if isinstance(value, datetime):
        return canonical_datetime(value)
    if isinstance(value, uuid.UUID):
        return str(value)
    if isinstance(value, float):
        return value if math.isfinite(value) else str(value)
    return value if abs(value) < 2**63 else {"$int_bits": value.bit_length()}


def _text(text: str) -> Any:
    if len(text) <= STRING_LIMIT:
        return _clean(redact_text(text))
    head = redact_text(text[: STRING_LIMIT + _REDACT_MARGIN])[:STRING_LIMIT]
    return {**_cut(text, STRING_LIMIT), "$truncated": _clean(head)}
