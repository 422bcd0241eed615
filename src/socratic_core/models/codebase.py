"""The generated codebase aggregate: what a code-generating agent built, and its files."""

from __future__ import annotations

import enum
import hashlib

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from socratic_core.models.base import Base, TimestampMixin, enum_column, new_id

__all__ = ["CodebaseStatus", "GeneratedCodebase", "GeneratedFile"]


class CodebaseStatus(enum.StrEnum):
    """How far the generation of a codebase got."""

    PENDING = "pending"
    GENERATING = "generating"
    COMPLETED = "completed"
    FAILED = "failed"


class GeneratedCodebase(TimestampMixin, Base):
    """A codebase an agent generated for a project; deleting it deletes its files."""

    __tablename__ = "generated_codebases"

    id: Mapped[str] = mapped_column(sa.String(36), primary_key=True, default=new_id)
    project_id: Mapped[str] = mapped_column(
        sa.ForeignKey("projects.id", ondelete="CASCADE"), index=True
    )
    specification_id: Mapped[str | None] = mapped_column(
        sa.ForeignKey("technical_specifications.id", ondelete="SET NULL"), default=None, index=True
    )
    agent_id: Mapped[str] = mapped_column(sa.String(100))
    status: Mapped[CodebaseStatus] = mapped_column(
        enum_column(CodebaseStatus), default=CodebaseStatus.PENDING
    )
    language: Mapped[str | None] = mapped_column(sa.String(50), default=None)
    summary: Mapped[str | None] = mapped_column(sa.Text, default=None)

    files: Mapped[list[GeneratedFile]] = relationship(
        cascade="all, delete-orphan", passive_deletes=True, order_by="GeneratedFile.path"
    )


class GeneratedFile(TimestampMixin, Base):
    """One file of a generated codebase; `path` is unique within its codebase."""

    __tablename__ = "generated_files"
    __table_args__ = (sa.UniqueConstraint("codebase_id", "path"),)

    id: Mapped[str] = mapped_column(sa.String(36), primary_key=True, default=new_id)
    codebase_id: Mapped[str] = mapped_column(
        sa.ForeignKey("generated_codebases.id", ondelete="CASCADE")
    )
    path: Mapped[str] = mapped_column(sa.String(512))
    content: Mapped[str] = mapped_column(sa.Text)
    language: Mapped[str | None] = mapped_column(sa.String(50), default=None)
    size: Mapped[int] = mapped_column(sa.Integer)
    sha256: Mapped[str] = mapped_column(sa.String(64))

    @classmethod
    def from_content(
        cls, *, codebase_id: str, path: str, content: str, language: str | None = None
    ) -> GeneratedFile:
        """Build a file whose `size` (UTF-8 bytes) and `sha256` are computed from `content`.

        Args:
            codebase_id: The codebase the file belongs to.
            path: The file's path inside the codebase.
            content: The file's text.
            language: The programming language, when known.

        Returns:
            A new, not yet added, `GeneratedFile`.
        """
        data = content.encode("utf-8")
        return cls(
            codebase_id=codebase_id,
            path=path,
            content=content,
            language=language,
            size=len(data),
            sha256=hashlib.sha256(data).hexdigest(),
        )
