"""Projects and their collaborators: by owner, and every project a user can access."""

from __future__ import annotations

import sqlalchemy as sa

from socratic_core.db.errors import translate_errors
from socratic_core.models import CollaboratorRole, Project, ProjectCollaborator, User, UserStatus
from socratic_core.repositories.base import SqlAlchemyRepository
from socratic_core.repositories.queries import CollaboratorQueries, ProjectQueries

__all__ = ["SqlAlchemyCollaboratorRepository", "SqlAlchemyProjectRepository"]


class SqlAlchemyProjectRepository(ProjectQueries, SqlAlchemyRepository[Project]):
    """Projects in a SQLAlchemy session."""

    model_type = Project

    def list_accessible(self, user_id: str) -> list[Project]:
        """Return the projects `user_id` owns or collaborates on, oldest first, each once."""
        collaborating = sa.select(ProjectCollaborator.project_id).where(
            ProjectCollaborator.user_id == user_id
        )
        statement = (
            sa.select(Project)
            .where(sa.or_(Project.owner_id == user_id, Project.id.in_(collaborating)))
            .order_by(Project.created_at, Project.id)
        )
        with translate_errors(self.entity):
            return list(self.session.scalars(statement))

    def access_for(
        self, project_id: str, user_id: str
    ) -> tuple[Project, CollaboratorRole | None, UserStatus | None] | None:
        """Return the project, `user_id`'s collaborator role in it and `user_id`'s status.

        One query for what an authorization check needs (services call it on every action).

        Args:
            project_id: The project.
            user_id: The acting user.

        Returns:
            None when there is no such project; otherwise the project, the user's role (None
            when they are no collaborator) and the user's status (None when there is no such
            user).
        """
        membership = sa.and_(
            ProjectCollaborator.project_id == Project.id, ProjectCollaborator.user_id == user_id
        )
        statement = (
            sa.select(Project, ProjectCollaborator.role, User.status)
            .outerjoin(ProjectCollaborator, membership)
            .outerjoin(User, User.id == user_id)
            .where(Project.id == project_id)
        )
        with translate_errors(self.entity, project_id):
            row = self.session.execute(statement).first()
        return None if row is None else (row[0], row[1], row[2])


class SqlAlchemyCollaboratorRepository(
    CollaboratorQueries, SqlAlchemyRepository[ProjectCollaborator]
):
    """Project collaborators (one row per project and user) in a SQLAlchemy session."""

    model_type = ProjectCollaborator
