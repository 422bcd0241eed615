"""The audit log: one row per service action or agent run, hash-chained by `sequence`.

Rows form several chains: one per project (`project:<id>`) and one for actions outside any
project (`global`), so that writers of different projects never wait on each other. Within a
chain, `sequence` counts 1, 2, 3, ... and each row's `previous_hash` is the hash of the row
before. `sequence` is assigned by the application, not by the database, so the chain order is the
one the hashes were computed in; the unique `(chain, sequence)` constraint makes two writers
that picked the same number collide (`ConflictError`) instead of forking a chain. An appender
takes `AuditLogRepository.lock_chain(chain)` first (a transaction-scoped advisory lock keyed by
the chain on PostgreSQL, the write lock on SQLite), so that does not happen in practice.

The chain name is not part of a row's hash: a row is bound to its chain by its `sequence` and
`previous_hash` links, so moving a row to another chain breaks both chains.

On PostgreSQL the table comes with a function, `socratic_lock_chain_tip(chain)`, that takes the
chain's advisory lock and then reads its tip, in one round trip: being VOLATILE, its query gets a
snapshot taken after the lock is granted, so the tip it returns is current.
"""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from socratic_core.models.base import Base, JSONType, TimestampMixin, new_id

__all__ = [
    "CHAIN_LENGTH",
    "CHAIN_LOCK_KEY",
    "GLOBAL_CHAIN",
    "LOCK_TIP_FUNCTION",
    "AuditLog",
    "chain_for",
]

GLOBAL_CHAIN = "global"
"""The chain of actions outside any project (users, sign-ins, global instructions)."""

CHAIN_LENGTH = 64
"""The most characters a chain name has."""

CHAIN_LOCK_KEY = 0x50C2A7
"""The first key of every chain's advisory lock on PostgreSQL (the second: the name's hash)."""

LOCK_TIP_FUNCTION = """
CREATE OR REPLACE FUNCTION socratic_lock_chain_tip(
    chain_name text, OUT tip_sequence bigint, OUT tip_hash varchar
) LANGUAGE plpgsql VOLATILE AS $$
BEGIN
    PERFORM pg_advisory_xact_lock(5292711, hashtext(chain_name)); -- CHAIN_LOCK_KEY
    SELECT a.sequence, a.hash INTO tip_sequence, tip_hash FROM audit_logs AS a
    WHERE a.chain = chain_name ORDER BY a.sequence DESC LIMIT 1;
END
$$
"""
"""PostgreSQL: lock a chain, then read its tip with a snapshot taken after the lock."""


def chain_for(project_id: str | None) -> str:
    """Return the name of the audit chain of `project_id` (`GLOBAL_CHAIN` for None).

    Args:
        project_id: A project's id, or None for actions outside any project.

    Returns:
        `project:<id>`, or `global`.
    """
    return GLOBAL_CHAIN if project_id is None else f"project:{project_id}"


def _empty_list() -> list[Any]:
    return []


class AuditLog(TimestampMixin, Base):
    """Who did what, through which agent, with which result, under which instruction version."""

    __tablename__ = "audit_logs"
    __table_args__ = (
        sa.UniqueConstraint("chain", "sequence"),
        sa.Index(None, "agent_id"),
        sa.Index(None, "action"),
        sa.Index(None, "created_at"),
    )

    id: Mapped[str] = mapped_column(sa.String(36), primary_key=True, default=new_id)
    chain: Mapped[str] = mapped_column(
        sa.String(CHAIN_LENGTH), default=GLOBAL_CHAIN, server_default=GLOBAL_CHAIN
    )
    sequence: Mapped[int] = mapped_column(sa.BigInteger)
    user_id: Mapped[str | None] = mapped_column(
        sa.ForeignKey("users.id", ondelete="SET NULL"), default=None, index=True
    )
    agent_id: Mapped[str | None] = mapped_column(sa.String(100), default=None)
    action: Mapped[str] = mapped_column(sa.String(100))
    entity_type: Mapped[str | None] = mapped_column(sa.String(50), default=None)
    entity_id: Mapped[str | None] = mapped_column(sa.String(64), default=None)
    request: Mapped[Any] = mapped_column(JSONType, default=None, nullable=True)
    response: Mapped[Any] = mapped_column(JSONType, default=None, nullable=True)
    success: Mapped[bool] = mapped_column(default=True)
    error_code: Mapped[str | None] = mapped_column(sa.String(64), default=None)
    instruction_version: Mapped[str | None] = mapped_column(sa.String(255), default=None)
    violations: Mapped[list[Any]] = mapped_column(JSONType, default=_empty_list)
    previous_hash: Mapped[str | None] = mapped_column(sa.String(64), default=None)
    hash: Mapped[str] = mapped_column(sa.String(64))


sa.event.listen(
    AuditLog.__table__,
    "after_create",
    sa.DDL(LOCK_TIP_FUNCTION).execute_if(dialect="postgresql"),  # type: ignore[no-untyped-call]
)
