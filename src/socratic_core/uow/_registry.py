"""The registry of aggregates: one line each, from which both units of work are built.

Adding an aggregate is its model, its queries (a port in `repositories.ports`, the shared
queries in `repositories.queries`, the SQLAlchemy and in-memory repositories), and one line
here; `tests/uow/test_registry.py` then asks for its typed attribute on `UnitOfWork`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Generic, TypeVar

from socratic_core import models
from socratic_core.models import Base
from socratic_core.repositories import (
    audit,
    codebases,
    instructions,
    ports,
    projects,
    runs,
    sessions,
    specifications,
    users,
)
from socratic_core.testing import _repositories as memory

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
    Aggregate[ports.UserRepository](
        "users", models.User, users.SqlAlchemyUserRepository, memory.InMemoryUserRepository
    ),
    Aggregate[ports.ProjectRepository](
        "projects",
        models.Project,
        projects.SqlAlchemyProjectRepository,
        memory.InMemoryProjectRepository,
    ),
    Aggregate[ports.CollaboratorRepository](
        "collaborators",
        models.ProjectCollaborator,
        projects.SqlAlchemyCollaboratorRepository,
        memory.InMemoryCollaboratorRepository,
    ),
    Aggregate[ports.SessionRepository](
        "sessions",
        models.Session,
        sessions.SqlAlchemySessionRepository,
        memory.InMemorySessionRepository,
    ),
    Aggregate[ports.MessageRepository](
        "messages",
        models.Message,
        sessions.SqlAlchemyMessageRepository,
        memory.InMemoryMessageRepository,
    ),
    Aggregate[ports.InstructionRepository](
        "instructions",
        models.UserInstruction,
        instructions.SqlAlchemyInstructionRepository,
        memory.InMemoryInstructionRepository,
    ),
    Aggregate[ports.AuditLogRepository](
        "audit",
        models.AuditLog,
        audit.SqlAlchemyAuditLogRepository,
        memory.InMemoryAuditLogRepository,
    ),
    Aggregate[ports.SpecificationRepository](
        "specifications",
        models.TechnicalSpecification,
        specifications.SqlAlchemySpecificationRepository,
        memory.InMemorySpecificationRepository,
    ),
    Aggregate[ports.CodebaseRepository](
        "codebases",
        models.GeneratedCodebase,
        codebases.SqlAlchemyCodebaseRepository,
        memory.InMemoryCodebaseRepository,
    ),
    Aggregate[ports.FileRepository](
        "files",
        models.GeneratedFile,
        codebases.SqlAlchemyFileRepository,
        memory.InMemoryFileRepository,
    ),
    Aggregate[ports.RunRepository](
        "runs", models.AgentRun, runs.SqlAlchemyRunRepository, memory.InMemoryRunRepository
    ),
)
"""Every aggregate a unit of work holds, in this order."""
