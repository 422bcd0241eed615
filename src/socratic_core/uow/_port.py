"""The unit of work's port: the `UnitOfWork` Protocol services depend on (no adapter here)."""

from __future__ import annotations

from types import TracebackType
from typing import Any, Protocol, Self

from socratic_core.errors import RepositoryError
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


class _Repository:
    """A repository attribute of a unit of work: set on entry, an error before that."""

    def __set_name__(self, owner: type, name: str) -> None:
        self.name = name

    def __get__(self, obj: object, owner: type | None = None) -> Any:
        if obj is None:
            return self
        raise RepositoryError(
            f"uow.{self.name} is not there: enter the unit of work (`with uow:`) first"
        )


def _repository() -> Any:
    # Typed Any so that `users: UserRepository = _repository()` keeps the annotation's type.
    return _Repository()


class UnitOfWork(Protocol):
    """One transaction: `with uow: ...; uow.commit()`. Leaving without commit rolls back.

    Attributes:
        users: Users.
        projects: Projects.
        collaborators: Project collaborators.
        sessions: Sessions.
        messages: Messages.
        instructions: User instructions.
        audit: Audit rows.
        specifications: Technical specifications.
        codebases: Generated codebases.
        files: Generated files.
        runs: Agent run records.
    """

    users: UserRepository = _repository()
    projects: ProjectRepository = _repository()
    collaborators: CollaboratorRepository = _repository()
    sessions: SessionRepository = _repository()
    messages: MessageRepository = _repository()
    instructions: InstructionRepository = _repository()
    audit: AuditLogRepository = _repository()
    specifications: SpecificationRepository = _repository()
    codebases: CodebaseRepository = _repository()
    files: FileRepository = _repository()
    runs: RunRepository = _repository()

    def __enter__(self) -> Self:
        """Start the transaction."""
        ...

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        """End it, rolling back whatever was not committed."""
        ...

    def commit(self) -> None:
        """Keep every write made in this unit of work."""
        ...

    def rollback(self) -> None:
        """Discard every write made since the last commit."""
        ...
