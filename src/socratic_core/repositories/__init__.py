"""Repositories: the ports (Protocols), filter objects, `Page`, and `SqlAlchemyRepository`.

The ports, filters and pages load with the package; `SqlAlchemyRepository` (the generic
SQLAlchemy adapter a repository extends) loads on first use, so code that only depends on a port
never imports an adapter. Each aggregate's SQLAlchemy repository lives in its own module here
(`socratic_core.repositories.users`, ...) and is reached through the unit of work
(`socratic_core.uow`, whose registry names them); the in-memory fakes are `socratic_core.testing`.
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
    from socratic_core.repositories.base import SqlAlchemyRepository

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
    "SqlAlchemyRepository",
    "UserRepository",
    "WhereFilter",
    "escape_like",
]
__getattr__, __dir__ = _lazy_names(
    __name__, {"SqlAlchemyRepository": "socratic_core.repositories.base"}, __all__
)
