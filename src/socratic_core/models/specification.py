"""The technical specification aggregate: numbered versions of a project's specification."""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from socratic_core.models.base import Base, TimestampMixin, new_id

__all__ = ["TechnicalSpecification"]


class TechnicalSpecification(TimestampMixin, Base):
    """One version of a project's technical specification; `version` is unique per project."""

    __tablename__ = "technical_specifications"
    __table_args__ = (sa.UniqueConstraint("project_id", "version"),)

    id: Mapped[str] = mapped_column(sa.String(36), primary_key=True, default=new_id)
    project_id: Mapped[str] = mapped_column(sa.ForeignKey("projects.id", ondelete="CASCADE"))
    version: Mapped[int] = mapped_column(sa.Integer, default=1)
    title: Mapped[str] = mapped_column(sa.String(200))
    content: Mapped[str] = mapped_column(sa.Text)
    agent_id: Mapped[str | None] = mapped_column(sa.String(100), default=None)
