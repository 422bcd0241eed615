"""Agent runs of a project, and the messages an agent left in a project's sessions."""

from __future__ import annotations

import sqlalchemy as sa

from socratic_core.db.errors import translate_errors
from socratic_core.models import AgentRun, Message, Session
from socratic_core.repositories.base import SqlAlchemyRepository
from socratic_core.repositories.queries import RunQueries

__all__ = ["SqlAlchemyRunRepository"]


class SqlAlchemyRunRepository(RunQueries, SqlAlchemyRepository[AgentRun]):
    """Agent run records in a SQLAlchemy session."""

    model_type = AgentRun

    def agent_messages(self, project_id: str, agent: str, limit: int) -> list[Message]:
        """Return the latest `limit` messages `agent` took part in across a project's sessions.

        Args:
            project_id: The project.
            agent: The agent's name (the messages' `agent_id`).
            limit: At most this many, the most recent ones.

        Returns:
            The messages, oldest first.
        """
        statement = (
            sa.select(Message)
            .join(Session, Session.id == Message.session_id)
            .where(Session.project_id == project_id, Message.agent_id == agent)
            .order_by(Message.created_at.desc(), Message.position.desc())
            .limit(limit)
        )
        with translate_errors("message"):
            found = list(self.session.scalars(statement))
        return found[::-1]
