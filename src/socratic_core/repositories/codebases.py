"""Generated codebases of a project, and their files by path."""

from __future__ import annotations

import sqlalchemy as sa

from socratic_core.models import GeneratedCodebase, GeneratedFile
from socratic_core.repositories.base import SqlAlchemyRepository
from socratic_core.repositories.errors import translate_errors
from socratic_core.repositories.filters import Equals, OrderBy

__all__ = ["SqlAlchemyCodebaseRepository", "SqlAlchemyFileRepository"]


class SqlAlchemyCodebaseRepository(SqlAlchemyRepository[GeneratedCodebase]):
    """Generated codebases in a SQLAlchemy session."""

    model_type = GeneratedCodebase

    def list_for_project(self, project_id: str) -> list[GeneratedCodebase]:
        """Return the codebases generated for `project_id`, oldest first."""
        return self.list(Equals("project_id", project_id))


class SqlAlchemyFileRepository(SqlAlchemyRepository[GeneratedFile]):
    """Generated files in a SQLAlchemy session."""

    model_type = GeneratedFile

    def list_for_codebase(self, codebase_id: str) -> list[GeneratedFile]:
        """Return the files of `codebase_id`, by path."""
        return self.list(Equals("codebase_id", codebase_id), OrderBy("path"))

    def get_by_path(self, codebase_id: str, path: str) -> GeneratedFile | None:
        """Return the file at `path` in `codebase_id`, or None."""
        statement = sa.select(GeneratedFile).where(
            GeneratedFile.codebase_id == codebase_id, GeneratedFile.path == path
        )
        with translate_errors(self.entity):
            return self.session.scalars(statement).first()
