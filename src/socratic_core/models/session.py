"""The session aggregate: a Socratic or chat conversation in a project, and its messages.

Messages are ordered by `position`, unique within their session, so a history reads back in a
stable order and pages by keyset. Sessions carry an optimistic lock (`version`).
"""

from __future__ import annotations

import enum
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from socratic_core.models.base import Base, JSONType, TimestampMixin, enum_column, new_id

__all__ = ["Message", "MessageRole", "Session", "SessionMode", "SessionStatus"]


class SessionMode(enum.StrEnum):
    """How the agent talks in a session."""

    SOCRATIC = "socratic"
    CHAT = "chat"


class SessionStatus(enum.StrEnum):
    """Whether a session is still going on."""

    ACTIVE = "active"
    COMPLETED = "completed"
    ARCHIVED = "archived"


class MessageRole(enum.StrEnum):
    """Who wrote a message."""

    USER = "user"
    ASSISTANT = "assistant"
    SYSTEM = "system"
    AGENT = "agent"


def _empty_dict() -> dict[str, Any]:
    return {}


class Session(TimestampMixin, Base):
    """A Socratic or chat session of a project; deleting it deletes its messages."""

    __tablename__ = "sessions"

    id: Mapped[str] = mapped_column(sa.String(36), primary_key=True, default=new_id)
    project_id: Mapped[str] = mapped_column(
        sa.ForeignKey("projects.id", ondelete="CASCADE"), index=True
    )
    created_by_id: Mapped[str | None] = mapped_column(
        sa.ForeignKey("users.id", ondelete="SET NULL"), default=None, index=True
    )
    title: Mapped[str] = mapped_column(sa.String(200))
    mode: Mapped[SessionMode] = mapped_column(
        enum_column(SessionMode), default=SessionMode.SOCRATIC
    )
    status: Mapped[SessionStatus] = mapped_column(
        enum_column(SessionStatus), default=SessionStatus.ACTIVE
    )
    version: Mapped[int] = mapped_column(sa.Integer, nullable=False)

    messages: Mapped[list[Message]] = relationship(
        cascade="all, delete-orphan", passive_deletes=True, order_by="Message.position"
    )

    __mapper_args__ = {"version_id_col": version}  # noqa: RUF012


class Message(TimestampMixin, Base):
    """One message of a session, at a `position` unique within it.

    Its free-form metadata is the `meta` attribute (stored in the `metadata` column: SQLAlchemy
    reserves the attribute name `metadata`).
    """

    __tablename__ = "messages"
    __table_args__ = (sa.UniqueConstraint("session_id", "position"),)

    id: Mapped[str] = mapped_column(sa.String(36), primary_key=True, default=new_id)
    session_id: Mapped[str] = mapped_column(sa.ForeignKey("sessions.id", ondelete="CASCADE"))
    position: Mapped[int] = mapped_column(sa.Integer)
    role: Mapped[MessageRole] = mapped_column(enum_column(MessageRole))
    content: Mapped[str] = mapped_column(sa.Text)
    agent_id: Mapped[str | None] = mapped_column(sa.String(100), default=None)
    user_id: Mapped[str | None] = mapped_column(
        sa.ForeignKey("users.id", ondelete="SET NULL"), default=None, index=True
    )
    meta: Mapped[dict[str, Any]] = mapped_column("metadata", JSONType, default=_empty_dict)
