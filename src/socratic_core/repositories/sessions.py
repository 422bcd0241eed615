"""Sessions of a project, and their messages in order (whole history, last N, keyset pages)."""

from __future__ import annotations

import functools
from typing import Any

import sqlalchemy as sa

from socratic_core.db.errors import translate_errors
from socratic_core.models import (
    CollaboratorRole,
    Message,
    Project,
    ProjectCollaborator,
    ProjectStatus,
    Session,
    SessionStatus,
    User,
    UserStatus,
)
from socratic_core.repositories.base import SqlAlchemyRepository
from socratic_core.repositories.ports import SessionAccess
from socratic_core.repositories.queries import MessageQueries, SessionQueries

__all__ = ["SqlAlchemyMessageRepository", "SqlAlchemySessionRepository"]


class SqlAlchemySessionRepository(SessionQueries, SqlAlchemyRepository[Session]):
    """Sessions in a SQLAlchemy session."""

    model_type = Session

    def access_for(self, session_id: str, user_id: str) -> SessionAccess | None:
        """Return what a write to a session needs: authorization facts and the next position.

        One query, plain columns (no ORM objects), for every message write. Read it after the
        audit chain lock, and the next position is the latest: writers take turns.

        Args:
            session_id: The session.
            user_id: The acting user.

        Returns:
            None when there is no such session.
        """
        parameters = {"session_id": session_id, "user_id": user_id}
        with translate_errors(self.entity, session_id):
            row = self.session.connection().execute(_access_statement(), parameters).first()
        return None if row is None else SessionAccess(*row)


@functools.cache
def _access_statement() -> sa.Select[
    SessionStatus, str, str, ProjectStatus, CollaboratorRole, UserStatus, Any
]:
    # Built once: composing the statement costs more than running it (bound at execution).
    user_id = sa.bindparam("user_id", type_=sa.String)
    membership = sa.and_(
        ProjectCollaborator.project_id == Project.id, ProjectCollaborator.user_id == user_id
    )
    highest = sa.select(sa.func.max(Message.position)).where(Message.session_id == Session.id)
    next_position = sa.func.coalesce(highest.scalar_subquery() + 1, 0)
    return (
        sa.select(
            Session.status,
            Session.project_id,
            Project.owner_id,
            Project.status,
            ProjectCollaborator.role,
            User.status,
            next_position,
        )
        .join(Project, Project.id == Session.project_id)
        .outerjoin(ProjectCollaborator, membership)
        .outerjoin(User, User.id == user_id)
        .where(Session.id == sa.bindparam("session_id", type_=sa.String))
    )


class SqlAlchemyMessageRepository(MessageQueries, SqlAlchemyRepository[Message]):
    """Messages in a SQLAlchemy session, ordered by their `position` in the session."""

    model_type = Message

    def next_position(self, session_id: str) -> int:
        """Return the position the next message of `session_id` takes (0 for the first).

        Two writers that take the same position collide on the `(session_id, position)`
        unique constraint: one of them gets `ConflictError(field="position")`.
        """
        statement = sa.select(sa.func.max(Message.position)).where(Message.session_id == session_id)
        with translate_errors(self.entity):
            highest = self.session.scalar(statement)
        return 0 if highest is None else int(highest) + 1
