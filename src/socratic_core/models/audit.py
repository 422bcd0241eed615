"""The audit log: one row per service action or agent run, hash-chained by `sequence`.

`sequence` is assigned by the application (`AuditLogRepository.next_sequence`), not by the
database, so the chain order is the one the hashes were computed in. Its unique constraint makes
two writers that picked the same number collide (`ConflictError`) instead of forking the chain;
an appender takes `AuditLogRepository.lock_chain()` first (a transaction-scoped advisory lock on
PostgreSQL, the write lock on SQLite) so that does not happen in practice.
"""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from socratic_core.models.base import Base, JSONType, TimestampMixin, new_id

__all__ = ["AuditLog"]


def _empty_list() -> list[Any]:
    return []


class AuditLog(TimestampMixin, Base):
    """Who did what, through which agent, with which result, under which instruction version."""

    __tablename__ = "audit_logs"
    __table_args__ = (
        sa.Index(None, "agent_id"),
        sa.Index(None, "action"),
        sa.Index(None, "created_at"),
    )

    id: Mapped[str] = mapped_column(sa.String(36), primary_key=True, default=new_id)
    sequence: Mapped[int] = mapped_column(sa.BigInteger, unique=True)
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
