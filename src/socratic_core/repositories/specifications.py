"""Technical specifications: a project's versions and its latest one."""

from __future__ import annotations

import sqlalchemy as sa

from socratic_core.db.errors import translate_errors
from socratic_core.models import TechnicalSpecification
from socratic_core.repositories.base import SqlAlchemyRepository
from socratic_core.repositories.queries import SpecificationQueries

__all__ = ["SqlAlchemySpecificationRepository"]


class SqlAlchemySpecificationRepository(
    SpecificationQueries, SqlAlchemyRepository[TechnicalSpecification]
):
    """Technical specifications in a SQLAlchemy session."""

    model_type = TechnicalSpecification

    def next_version(self, project_id: str) -> int:
        """Return the version number the next specification of `project_id` takes (1 first)."""
        statement = sa.select(sa.func.max(TechnicalSpecification.version)).where(
            TechnicalSpecification.project_id == project_id
        )
        with translate_errors(self.entity):
            highest = self.session.scalar(statement)
        return 1 if highest is None else int(highest) + 1
