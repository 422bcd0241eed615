"""The audit trail: recording outside a service, querying, and verifying the hash chain."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

from socratic_core.errors import InvalidInputError
from socratic_core.models import AuditLog
from socratic_core.repositories import Between, Equals, Page, UnitOfWork
from socratic_core.repositories.filters import WhereFilter
from socratic_core.services._trail import HASHED_FIELDS, AuditEntry, append_entry
from socratic_core.services.chain import GENESIS_HASH, canonical_datetime, chain_hash
from socratic_core.services.schemas import AuditEntryRead, ChainVerification

__all__ = ["AuditService"]

_MAX_PAGE = 1000


def _utcnow() -> datetime:
    return datetime.now(UTC)


class AuditService:
    """Records, finds and verifies audit rows.

    Services audit their own writes; `record` and `append` are for other callers (the agent
    runner, a host's own actions).

    Args:
        uow_factory: Makes a new unit of work.
        clock: The current time, aware UTC.
    """

    def __init__(
        self, uow_factory: Callable[[], UnitOfWork], *, clock: Callable[[], datetime] = _utcnow
    ) -> None:
        self._uow_factory = uow_factory
        self._clock = clock

    def record(self, entry: AuditEntry) -> AuditEntryRead:
        """Append `entry` to the chain in a transaction of its own.

        Args:
            entry: What to record; secrets in its request and response are redacted.

        Returns:
            The stored row.
        """
        with self._uow_factory() as uow:
            row = append_entry(uow, entry, clock=self._clock)
            uow.commit()
        return AuditEntryRead.model_validate(row)

    def append(self, uow: UnitOfWork, entry: AuditEntry) -> AuditLog:
        """Append `entry` in the caller's unit of work: it commits (or not) with the caller's work.

        Call `uow.audit.lock_chain()` as the first statement of that unit of work, so that
        concurrent writers queue up rather than collide.

        Args:
            uow: The caller's active unit of work.
            entry: What to record.

        Returns:
            The added (not yet committed) row.
        """
        return append_entry(uow, entry, clock=self._clock)

    def entries(
        self,
        *,
        user_id: str | None = None,
        agent_id: str | None = None,
        action: str | None = None,
        entity_type: str | None = None,
        entity_id: str | None = None,
        since: datetime | None = None,
        until: datetime | None = None,
        limit: int = 100,
        cursor: str | None = None,
    ) -> Page[AuditEntryRead]:
        """Return one page of the rows matching every given criterion, in chain order.

        Args:
            user_id: Only this user's rows.
            agent_id: Only this agent's rows.
            action: Only this action (`"project.create"`).
            entity_type: Only rows about this kind of entity.
            entity_id: Only rows about this entity.
            since: Only rows created at or after this time.
            until: Only rows created before this time.
            limit: Rows per page, 1 to 1000.
            cursor: The `next_cursor` of the previous page.

        Raises:
            InvalidInputError: A bad limit or cursor.
        """
        if not 1 <= limit <= _MAX_PAGE:
            raise InvalidInputError(f"limit must be 1 to {_MAX_PAGE}", field="limit")
        fields = {
            "user_id": user_id,
            "agent_id": agent_id,
            "action": action,
            "entity_type": entity_type,
            "entity_id": entity_id,
        }
        filters: list[WhereFilter] = [Equals(k, v) for k, v in fields.items() if v is not None]
        if since is not None or until is not None:
            filters.append(Between("created_at", since, until))
        with self._uow_factory() as uow:
            page = uow.audit.paginate_keyset(
                *filters, limit=limit, cursor=cursor, keys=("sequence",)
            )
            items = [AuditEntryRead.model_validate(row) for row in page.items]
        return Page(items=items, limit=page.limit, next_cursor=page.next_cursor)

    def verify(self, *, batch_size: int = 2000) -> ChainVerification:
        """Walk the whole chain in sequence order and report the first row where it breaks.

        A row breaks the chain when its sequence skips (a row was deleted), its `previous_hash`
        is not the hash of the row before (rows removed or reordered), or its own hash does not
        cover its content (the row was altered). Each batch is read in a short unit of work of
        its own, so verification never holds a long transaction.

        Args:
            batch_size: Rows read per query, at least 1.

        Returns:
            `ok=True` and the number of rows checked, or where and why the chain breaks.

        Raises:
            InvalidInputError: A batch size below 1.
        """
        if batch_size < 1:
            raise InvalidInputError("batch_size must be at least 1", field="batch_size")
        checked, previous, after = 0, GENESIS_HASH, 0
        while True:
            with self._uow_factory() as uow:
                # Check each row as it is decoded: the batch's rows never pile up in memory.
                rows = uow.audit.iter_chain_rows(after_sequence=after, limit=batch_size)
                for row in rows:
                    checked += 1
                    reason = _problem(row, checked, previous)
                    if reason is not None:
                        return ChainVerification(
                            ok=False,
                            checked=checked,
                            broken_sequence=row["sequence"],
                            broken_id=row["id"],
                            reason=reason,
                        )
                    previous = row["hash"]
            # Every row so far is intact, so the last one's sequence is `checked`.
            if checked - after < batch_size:  # a short batch: the end of the chain
                return ChainVerification(ok=True, checked=checked)
            after = checked


def _problem(row: dict[str, Any], expected_sequence: int, previous: str) -> str | None:
    sequence = row["sequence"]
    if sequence != expected_sequence:
        return f"sequence {sequence} where {expected_sequence} was expected: rows are missing"
    if row["previous_hash"] != previous:
        return "its previous_hash is not the hash of the row before it"
    content = {key: row[key] for key in HASHED_FIELDS}
    created_at = content["created_at"]
    if isinstance(created_at, datetime):  # the same text the encoder makes, made cheaper
        content["created_at"] = canonical_datetime(created_at)
    if row["hash"] != chain_hash(previous, content):
        return "its content does not match its hash: the row was altered"
    return None
