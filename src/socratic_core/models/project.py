"""The project aggregate: a project, its collaborators, and the enums that describe them.

Projects carry an optimistic lock: `version` grows on every update, and an update based on a
stale copy fails with `ConflictError`.
"""

from __future__ import annotations

import enum
from typing import TYPE_CHECKING, Any

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from socratic_core.models.base import Base, JSONType, TimestampMixin, enum_column, new_id

if TYPE_CHECKING:
    from socratic_core.models.session import Session

__all__ = ["CollaboratorRole", "Project", "ProjectCollaborator", "ProjectPhase", "ProjectStatus"]


class ProjectPhase(enum.StrEnum):
    """Where a project stands in its life."""

    PLANNING = "planning"
    DESIGN = "design"
    DEVELOPMENT = "development"
    TESTING = "testing"
    DEPLOYMENT = "deployment"
    COMPLETED = "completed"


class ProjectStatus(enum.StrEnum):
    """Whether a project is in use."""

    ACTIVE = "active"
    ARCHIVED = "archived"
    DELETED = "deleted"


class CollaboratorRole(enum.StrEnum):
    """What a collaborator may do in a project."""

    OWNER = "owner"
    EDITOR = "editor"
    VIEWER = "viewer"


def _empty_list() -> list[Any]:
    return []


class Project(TimestampMixin, Base):
    """A software project owned by one user; deleting it deletes its sessions and records."""

    __tablename__ = "projects"

    id: Mapped[str] = mapped_column(sa.String(36), primary_key=True, default=new_id)
    owner_id: Mapped[str] = mapped_column(sa.ForeignKey("users.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(sa.String(200))
    description: Mapped[str | None] = mapped_column(sa.Text, default=None)
    phase: Mapped[ProjectPhase] = mapped_column(
        enum_column(ProjectPhase), default=ProjectPhase.PLANNING
    )
    status: Mapped[ProjectStatus] = mapped_column(
        enum_column(ProjectStatus), default=ProjectStatus.ACTIVE
    )
    tech_stack: Mapped[list[str]] = mapped_column(JSONType, default=_empty_list)
    version: Mapped[int] = mapped_column(sa.Integer, nullable=False)

    collaborators: Mapped[list[ProjectCollaborator]] = relationship(
        cascade="all, delete-orphan", passive_deletes=True
    )
    sessions: Mapped[list[Session]] = relationship(
        cascade="all, delete-orphan", passive_deletes=True
    )

    __mapper_args__ = {"version_id_col": version}  # noqa: RUF012


class ProjectCollaborator(TimestampMixin, Base):
    """A user's role in a project: one row per project and user."""

    __tablename__ = "project_collaborators"
    __table_args__ = (sa.UniqueConstraint("project_id", "user_id"),)

    id: Mapped[str] = mapped_column(sa.String(36), primary_key=True, default=new_id)
    project_id: Mapped[str] = mapped_column(sa.ForeignKey("projects.id", ondelete="CASCADE"))
    user_id: Mapped[str] = mapped_column(sa.ForeignKey("users.id", ondelete="CASCADE"), index=True)
    role: Mapped[CollaboratorRole] = mapped_column(
        enum_column(CollaboratorRole), default=CollaboratorRole.VIEWER
    )
