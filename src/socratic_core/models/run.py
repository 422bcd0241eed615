"""The agent run aggregate: one record per `app.runs.run(...)`, whatever its outcome.

A run record says which agent did what under which rules (the instruction revisions and a hash
of the compiled rules), how it ended, how each attempt went, and which project records it left
(messages, a codebase, a specification version): only an accepted run, or a best attempt a
caller asked to keep, leaves any.
"""

from __future__ import annotations

import enum
from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from socratic_core.models.base import (
    Base,
    JSONType,
    TimestampMixin,
    UTCDateTime,
    enum_column,
    new_id,
)

__all__ = ["AgentRun", "RunStatus"]


class RunStatus(enum.StrEnum):
    """How a run ended."""

    ACCEPTED = "accepted"
    WARNED = "warned"
    REJECTED = "rejected"
    FAILED = "failed"
    TIMED_OUT = "timed_out"


def _empty_list() -> list[Any]:
    return []


class AgentRun(TimestampMixin, Base):
    """One agent run in a project: its outcome, its attempts and what it stored."""

    __tablename__ = "agent_runs"

    id: Mapped[str] = mapped_column(sa.String(36), primary_key=True, default=new_id)
    project_id: Mapped[str] = mapped_column(
        sa.ForeignKey("projects.id", ondelete="CASCADE"), index=True
    )
    user_id: Mapped[str | None] = mapped_column(
        sa.ForeignKey("users.id", ondelete="SET NULL"), default=None, index=True
    )
    session_id: Mapped[str | None] = mapped_column(
        sa.ForeignKey("sessions.id", ondelete="SET NULL"), default=None
    )
    codebase_id: Mapped[str | None] = mapped_column(
        sa.ForeignKey("generated_codebases.id", ondelete="SET NULL"), default=None
    )
    specification_id: Mapped[str | None] = mapped_column(
        sa.ForeignKey("technical_specifications.id", ondelete="SET NULL"), default=None
    )
    agent: Mapped[str] = mapped_column(sa.String(100))
    action: Mapped[str] = mapped_column(sa.String(100))
    status: Mapped[RunStatus] = mapped_column(enum_column(RunStatus))
    verdict: Mapped[str | None] = mapped_column(sa.String(16), default=None)
    best_attempt: Mapped[bool] = mapped_column(default=False)
    attempt_count: Mapped[int] = mapped_column(sa.Integer)
    attempts: Mapped[list[Any]] = mapped_column(JSONType, default=_empty_list)
    instruction_revisions: Mapped[list[Any]] = mapped_column(JSONType, default=_empty_list)
    rules_hash: Mapped[str] = mapped_column(sa.String(64))
    message_ids: Mapped[list[Any]] = mapped_column(JSONType, default=_empty_list)
    error: Mapped[str | None] = mapped_column(sa.Text, default=None)
    started_at: Mapped[datetime] = mapped_column(UTCDateTime())
    finished_at: Mapped[datetime] = mapped_column(UTCDateTime())
    duration_ms: Mapped[int] = mapped_column(sa.Integer)
