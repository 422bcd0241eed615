"""Appending to the audit hash chain inside a unit of work (shared by every service)."""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from socratic_core.models import AuditLog
from socratic_core.repositories import UnitOfWork
from socratic_core.services.chain import GENESIS_HASH, canonical_json, chain_hash
from socratic_core.services.redaction import redact

__all__ = ["HASHED_FIELDS", "AuditEntry", "append_entry", "row_content"]

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
"""Every stored field of an audit row its hash covers (all but `hash` and `updated_at`)."""


@dataclass(frozen=True, slots=True)
class AuditEntry:
    """What one audit row says, before redaction and chaining.

    Attributes:
        action: What was done (`"project.create"`, `"agent.run"`).
        user_id: Who did it, when a user did.
        agent_id: Which agent did it, when one did.
        entity_type: The kind of entity acted on.
        entity_id: Its id.
        request: What was asked (JSON-compatible; redacted before it is stored).
        response: What came out (JSON-compatible; redacted before it is stored).
        success: Whether the action succeeded.
        error_code: The error's `code` when it failed.
        instruction_version: Which instruction version applied, for agent runs.
        violations: Rule violations found, for agent runs (JSON-compatible).
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


def row_content(row: Any) -> dict[str, Any]:
    """Return the fields of an audit row (a model or a result row) that its hash covers.

    Args:
        row: Anything with the attributes named in `HASHED_FIELDS`.

    Returns:
        Field name -> value.
    """
    return {name: getattr(row, name) for name in HASHED_FIELDS}


def _stored(value: Any) -> Any:
    # Redact, then round-trip through canonical JSON, so what is hashed is exactly what the
    # database hands back later (tuples become lists, datetimes strings, enums values).
    return None if value is None else json.loads(canonical_json(redact(value)))


def append_entry(
    uow: UnitOfWork,
    entry: AuditEntry,
    *,
    clock: Callable[[], datetime],
    locked: bool = False,
) -> AuditLog:
    """Add `entry` as the new tip of the audit chain, in `uow`'s transaction.

    Takes the chain lock first (unless the caller says it already holds it), so concurrent
    appenders never read the same tip.

    Args:
        uow: The active unit of work; the row commits (or not) with it.
        entry: What to record.
        clock: Where `created_at` comes from (aware UTC).
        locked: The caller already took `uow.audit.lock_chain()` in this unit of work.

    Returns:
        The added row.
    """
    if not locked:
        uow.audit.lock_chain()
    sequence, previous = uow.audit.tip() or (0, GENESIS_HASH)
    now = clock()
    row = AuditLog(
        sequence=sequence + 1,
        user_id=entry.user_id,
        agent_id=entry.agent_id,
        action=entry.action,
        entity_type=entry.entity_type,
        entity_id=entry.entity_id,
        request=_stored(entry.request),
        response=_stored(entry.response),
        success=entry.success,
        error_code=entry.error_code,
        instruction_version=entry.instruction_version,
        violations=_stored(list(entry.violations)),
        previous_hash=previous,
        created_at=now,
        updated_at=now,
    )
    row.hash = chain_hash(previous, row_content(row))
    # add_many takes the repository's bulk INSERT path: one statement, no ORM flush.
    return uow.audit.add_many([row])[0]
