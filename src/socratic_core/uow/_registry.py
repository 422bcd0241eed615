"""The registry of aggregates: one line each, from which both units of work are built.

Adding an aggregate is its model, its queries (a port in `repositories.ports`, the shared
queries in `repositories.queries`, the SQLAlchemy and in-memory repositories), and one line
here; `tests/uow/test_registry.py` then asks for its typed attribute on `UnitOfWork`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Generic, TypeVar

from socratic_core.models import (
    AgentRun,
    AuditLog,
    Base,
    GeneratedCodebase,
    GeneratedFile,
    Message,
    Project,
    ProjectCollaborator,
    Session,
    TechnicalSpecification,
    User,
    UserInstruction,
)
from socratic_core.repositories.audit import SqlAlchemyAuditLogRepository
from socratic_core.repositories.codebases import (
    SqlAlchemyCodebaseRepository,
    SqlAlchemyFileRepository,
)
from socratic_core.repositories.instructions import SqlAlchemyInstructionRepository
from socratic_core.repositories.ports import (
    AuditLogRepository,
    CodebaseRepository,
    CollaboratorRepository,
    FileRepository,
    InstructionRepository,
    MessageRepository,
    ProjectRepository,
    RunRepository,
    SessionRepository,
    SpecificationRepository,
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
from socratic_core.testing._repositories import (
    InMemoryAuditLogRepository,
    InMemoryCodebaseRepository,
    InMemoryCollaboratorRepository,
    InMemoryFileRepository,
    InMemoryInstructionRepository,
    InMemoryMessageRepository,
    InMemoryProjectRepository,
    InMemoryRunRepository,
    InMemorySessionRepository,
    InMemorySpecificationRepository,
    InMemoryUserRepository,
)

if TYPE_CHECKING:
    from sqlalchemy import orm

    from socratic_core.testing._store import Workspace

__all__ = ["AGGREGATES", "Aggregate"]

PortT = TypeVar("PortT")


@dataclass(frozen=True)
class Aggregate(Generic[PortT]):
    """One aggregate: where a unit of work keeps its repository, and what builds it.

    Written `Aggregate[Port](...)`, so mypy checks that both repositories implement the port.

    Attributes:
        name: The unit of work's attribute (`uow.users`).
        model: The model class its rows are.
        sqlalchemy: Builds its repository on an ORM session.
        in_memory: Builds its repository on an in-memory workspace.
    """

    name: str
    model: type[Base]
    sqlalchemy: Callable[[orm.Session], PortT]
    in_memory: Callable[[Workspace], PortT]


AGGREGATES: tuple[Aggregate[Any], ...] = (
    Aggregate[UserRepository]("users", User, SqlAlchemyUserRepository, InMemoryUserRepository),
    Aggregate[ProjectRepository](
        "projects", Project, SqlAlchemyProjectRepository, InMemoryProjectRepository
    ),
    Aggregate[CollaboratorRepository](
        "collaborators",
        ProjectCollaborator,
        SqlAlchemyCollaboratorRepository,
        InMemoryCollaboratorRepository,
    ),
    Aggregate[SessionRepository](
        "sessions", Session, SqlAlchemySessionRepository, InMemorySessionRepository
    ),
    Aggregate[MessageRepository](
        "messages", Message, SqlAlchemyMessageRepository, InMemoryMessageRepository
    ),
    Aggregate[InstructionRepository](
        "instructions",
        UserInstruction,
        SqlAlchemyInstructionRepository,
        InMemoryInstructionRepository,
    ),
    Aggregate[AuditLogRepository](
        "audit", AuditLog, SqlAlchemyAuditLogRepository, InMemoryAuditLogRepository
    ),
    Aggregate[SpecificationRepository](
        "specifications",
        TechnicalSpecification,
        SqlAlchemySpecificationRepository,
        InMemorySpecificationRepository,
    ),
    Aggregate[CodebaseRepository](
        "codebases", GeneratedCodebase, SqlAlchemyCodebaseRepository, InMemoryCodebaseRepository
    ),
    Aggregate[FileRepository](
        "files", GeneratedFile, SqlAlchemyFileRepository, InMemoryFileRepository
    ),
    Aggregate[RunRepository]("runs", AgentRun, SqlAlchemyRunRepository, InMemoryRunRepository),
)
"""Every aggregate a unit of work holds, in this order."""
