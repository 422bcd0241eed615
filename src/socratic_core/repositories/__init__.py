"""Repositories: the ports (Protocols), filter objects, `Page`, and the SQLAlchemy adapters.

The ports, filters and pages load with the package; the SQLAlchemy repositories load on first
use, so code that only depends on a port never imports an adapter. The unit of work that holds
the repositories is `socratic_core.uow`; the in-memory fakes are `socratic_core.testing`.
"""

from typing import TYPE_CHECKING

from socratic_core._lazy import lazy_names as _lazy_names
from socratic_core.repositories.filters import (
    After,
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
from socratic_core.repositories.pagination import Page, Paginated
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
    UserRepository,
)

if TYPE_CHECKING:
    from socratic_core.repositories.audit import SqlAlchemyAuditLogRepository
    from socratic_core.repositories.base import SqlAlchemyRepository
    from socratic_core.repositories.codebases import (
        SqlAlchemyCodebaseRepository,
        SqlAlchemyFileRepository,
    )
    from socratic_core.repositories.instructions import SqlAlchemyInstructionRepository
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

_LAZY = {
    "SqlAlchemyAuditLogRepository": "socratic_core.repositories.audit",
    "SqlAlchemyRepository": "socratic_core.repositories.base",
    "SqlAlchemyCodebaseRepository": "socratic_core.repositories.codebases",
    "SqlAlchemyFileRepository": "socratic_core.repositories.codebases",
    "SqlAlchemyInstructionRepository": "socratic_core.repositories.instructions",
    "SqlAlchemyCollaboratorRepository": "socratic_core.repositories.projects",
    "SqlAlchemyProjectRepository": "socratic_core.repositories.projects",
    "SqlAlchemyRunRepository": "socratic_core.repositories.runs",
    "SqlAlchemyMessageRepository": "socratic_core.repositories.sessions",
    "SqlAlchemySessionRepository": "socratic_core.repositories.sessions",
    "SqlAlchemySpecificationRepository": "socratic_core.repositories.specifications",
    "SqlAlchemyUserRepository": "socratic_core.repositories.users",
}

__all__ = [
    "After",
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
    "Paginated",
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
    "UserRepository",
    "WhereFilter",
    "escape_like",
]
__getattr__, __dir__ = _lazy_names(__name__, _LAZY, __all__)
