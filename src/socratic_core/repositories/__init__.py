"""Repositories: ports (Protocols), filter objects, `Page`, and the SQLAlchemy implementation."""

from socratic_core.repositories.audit import SqlAlchemyAuditLogRepository
from socratic_core.repositories.base import SqlAlchemyRepository
from socratic_core.repositories.codebases import (
    SqlAlchemyCodebaseRepository,
    SqlAlchemyFileRepository,
)
from socratic_core.repositories.errors import translate_errors
from socratic_core.repositories.filters import (
    AnyOf,
    Between,
    Equals,
    Filter,
    LimitOffset,
    OrderBy,
    Search,
    WhereFilter,
    escape_like,
)
from socratic_core.repositories.instructions import SqlAlchemyInstructionRepository
from socratic_core.repositories.pagination import Page
from socratic_core.repositories.ports import (
    AuditLogRepository,
    CodebaseRepository,
    CollaboratorRepository,
    FileRepository,
    InstructionRepository,
    MessageRepository,
    ProjectRepository,
    Repository,
    RunRepository,
    SessionAccess,
    SessionRepository,
    SpecificationRepository,
    UnitOfWork,
    UserRepository,
)
from socratic_core.repositories.projects import (
    SqlAlchemyCollaboratorRepository,
    SqlAlchemyProjectRepository,
)
from socratic_core.repositories.runs import SqlAlchemyRunRepository
from socratic_core.repositories.sessions import (
    SqlAlchemyMessageRepository,
    SqlAlchemySessionRepository,
)
from socratic_core.repositories.specifications import SqlAlchemySpecificationRepository
from socratic_core.repositories.users import SqlAlchemyUserRepository

__all__ = [
    "AnyOf",
    "AuditLogRepository",
    "Between",
    "CodebaseRepository",
    "CollaboratorRepository",
    "Equals",
    "FileRepository",
    "Filter",
    "InstructionRepository",
    "LimitOffset",
    "MessageRepository",
    "OrderBy",
    "Page",
    "ProjectRepository",
    "Repository",
    "RunRepository",
    "Search",
    "SessionAccess",
    "SessionRepository",
    "SpecificationRepository",
    "SqlAlchemyAuditLogRepository",
    "SqlAlchemyCodebaseRepository",
    "SqlAlchemyCollaboratorRepository",
    "SqlAlchemyFileRepository",
    "SqlAlchemyInstructionRepository",
    "SqlAlchemyMessageRepository",
    "SqlAlchemyProjectRepository",
    "SqlAlchemyRepository",
    "SqlAlchemyRunRepository",
    "SqlAlchemySessionRepository",
    "SqlAlchemySpecificationRepository",
    "SqlAlchemyUserRepository",
    "UnitOfWork",
    "UserRepository",
    "WhereFilter",
    "escape_like",
    "translate_errors",
]
