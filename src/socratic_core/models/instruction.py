"""The instruction aggregate: a user's AI behaviour rules, global or for one project.

History is kept simply: `UserInstruction.revision` counts content changes, and each revision's
content is copied into an `InstructionRevision` row (see
`InstructionRepository.add_revision`), so earlier versions stay readable after an update.
`version` is the separate optimistic-lock counter, bumped on every write.
"""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from socratic_core.models.base import Base, JSONType, TimestampMixin, new_id

__all__ = ["InstructionRevision", "UserInstruction"]


def _empty_list() -> list[Any]:
    return []


class UserInstruction(TimestampMixin, Base):
    """Rules text a user wrote; `project_id` None makes it apply to all their projects."""

    __tablename__ = "user_instructions"

    id: Mapped[str] = mapped_column(sa.String(36), primary_key=True, default=new_id)
    user_id: Mapped[str] = mapped_column(sa.ForeignKey("users.id", ondelete="CASCADE"), index=True)
    project_id: Mapped[str | None] = mapped_column(
        sa.ForeignKey("projects.id", ondelete="CASCADE"), default=None, index=True
    )
    title: Mapped[str] = mapped_column(sa.String(200))
    rules_text: Mapped[str] = mapped_column(sa.Text)
    parsed_rules: Mapped[list[Any]] = mapped_column(JSONType, default=_empty_list)
    categories: Mapped[list[str]] = mapped_column(JSONType, default=_empty_list)
    is_active: Mapped[bool] = mapped_column(default=True)
    revision: Mapped[int] = mapped_column(sa.Integer, default=1)
    version: Mapped[int] = mapped_column(sa.Integer, nullable=False)

    __mapper_args__ = {"version_id_col": version}  # noqa: RUF012

    def snapshot(self) -> InstructionRevision:
        """Return a new, unsaved revision row holding a copy of this instruction's content."""
        return InstructionRevision(
            instruction_id=self.id,
            revision=self.revision,
            title=self.title,
            rules_text=self.rules_text,
            parsed_rules=list(self.parsed_rules),
            categories=list(self.categories),
        )


class InstructionRevision(TimestampMixin, Base):
    """A frozen copy of an instruction's content at one revision."""

    __tablename__ = "instruction_revisions"
    __table_args__ = (sa.UniqueConstraint("instruction_id", "revision"),)

    id: Mapped[str] = mapped_column(sa.String(36), primary_key=True, default=new_id)
    instruction_id: Mapped[str] = mapped_column(
        sa.ForeignKey("user_instructions.id", ondelete="CASCADE")
    )
    revision: Mapped[int] = mapped_column(sa.Integer)
    title: Mapped[str] = mapped_column(sa.String(200))
    rules_text: Mapped[str] = mapped_column(sa.Text)
    parsed_rules: Mapped[list[Any]] = mapped_column(JSONType, default=_empty_list)
    categories: Mapped[list[str]] = mapped_column(JSONType, default=_empty_list)
