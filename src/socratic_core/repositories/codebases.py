"""Generated codebases of a project, and their files by path."""

from __future__ import annotations

from socratic_core.models import GeneratedCodebase, GeneratedFile
from socratic_core.repositories.base import SqlAlchemyRepository
from socratic_core.repositories.queries import CodebaseQueries, FileQueries

__all__ = ["SqlAlchemyCodebaseRepository", "SqlAlchemyFileRepository"]


class SqlAlchemyCodebaseRepository(CodebaseQueries, SqlAlchemyRepository[GeneratedCodebase]):
    """Generated codebases in a SQLAlchemy session."""

    model_type = GeneratedCodebase


class SqlAlchemyFileRepository(FileQueries, SqlAlchemyRepository[GeneratedFile]):
    """Generated files in a SQLAlchemy session."""

    model_type = GeneratedFile
