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
"""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from socratic_core.models.base import Base, JSONType, TimestampMixin, new_id

__all__ = ["CHAIN_LENGTH", "GLOBAL_CHAIN", "AuditLog", "chain_for"]

GLOBAL_CHAIN = "global"
"""The chain of actions outside any project (users, sign-ins, global instructions)."""

CHAIN_LENGTH = 64
"""The most characters a chain name has."""


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
