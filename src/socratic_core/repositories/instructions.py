"""User instructions: by user, by project, the active set for a user and project, revisions."""

from __future__ import annotations

import sqlalchemy as sa

from socratic_core.db.errors import translate_errors
from socratic_core.models import InstructionRevision, UserInstruction
from socratic_core.repositories.base import SqlAlchemyRepository
from socratic_core.repositories.queries import InstructionQueries

__all__ = ["SqlAlchemyInstructionRepository"]


class SqlAlchemyInstructionRepository(InstructionQueries, SqlAlchemyRepository[UserInstruction]):
    """User instructions and their revision history in a SQLAlchemy session."""

    model_type = UserInstruction

    def list_active_for(self, user_id: str, project_id: str | None) -> list[UserInstruction]:
        """Return `user_id`'s active instructions for `project_id`: global ones, then the project's.

        With `project_id` None, only the global ones. Oldest first within each group.
        """
        scope: sa.ColumnElement[bool] = UserInstruction.project_id.is_(None)
        if project_id is not None:
            scope = sa.or_(scope, UserInstruction.project_id == project_id)
        statement = (
            sa.select(UserInstruction)
            .where(UserInstruction.user_id == user_id, UserInstruction.is_active.is_(True), scope)
            .order_by(
                UserInstruction.project_id.is_not(None),
                UserInstruction.created_at,
                UserInstruction.id,
            )
        )
        with translate_errors(self.entity):
            return list(self.session.scalars(statement))

    def add_revision(self, instruction: UserInstruction) -> InstructionRevision:
        """Freeze `instruction`'s current content as revision `instruction.revision`.

        Raises:
            ConflictError: That revision was already recorded (`field="revision"`).
        """
        revision = instruction.snapshot()
        with translate_errors("instruction_revision", instruction.id):
            self.session.add(revision)
            self.session.flush()
        return revision

    def list_revisions(self, instruction_id: str) -> list[InstructionRevision]:
        """Return every recorded revision of `instruction_id`, oldest first."""
        statement = (
            sa.select(InstructionRevision)
            .where(InstructionRevision.instruction_id == instruction_id)
            .order_by(InstructionRevision.revision)
        )
        with translate_errors("instruction_revision", instruction_id):
            return list(self.session.scalars(statement))

    def get_revision(self, instruction_id: str, revision: int) -> InstructionRevision | None:
        """Return revision number `revision` of `instruction_id`, or None."""
        statement = sa.select(InstructionRevision).where(
            InstructionRevision.instruction_id == instruction_id,
            InstructionRevision.revision == revision,
        )
        with translate_errors("instruction_revision", instruction_id):
            return self.session.scalars(statement).first()
