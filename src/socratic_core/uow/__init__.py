"""The unit of work, in one home: its port, the registry of aggregates, and its implementations.

    with db.unit_of_work() as uow:        # or InMemoryStore().unit_of_work() in tests
        uow.users.add(user)
        uow.commit()

- `UnitOfWork` (this module) is the Protocol services depend on: one transaction, one typed
  attribute per aggregate, `commit()` and `rollback()`. Importing it imports the repository
  ports only, never an adapter (a test holds it to that).
- `AGGREGATES` (`socratic_core.uow._registry`) is the registry: one `Aggregate` line per
  aggregate, naming its attribute, model, port, SQLAlchemy repository and in-memory repository.
  `SqlAlchemyUnitOfWork` and `socratic_core.testing.FakeUnitOfWork` are both built from it.
- `SqlAlchemyUnitOfWork` owns one ORM session; the in-memory one lives in
  `socratic_core.testing`.

Why the Protocol still lists the aggregates: mypy reads attribute types from a class body, not
from a runtime table, and a generic accessor (`uow.repository(User)`) would cost every service
call its readability. So the Protocol keeps one typed line per aggregate, both units of work
subclass it (their attributes are typed by it and set from the registry), and
`tests/uow/test_registry.py` proves the Protocol's attributes are exactly the registry's names
with the registry's port types: the registry line is the one to write, and the test names the
Protocol line that goes with it.
"""

from __future__ import annotations

from types import TracebackType
from typing import TYPE_CHECKING, Any, Protocol, Self

from socratic_core._lazy import lazy_names as _lazy_names
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

if TYPE_CHECKING:
    from socratic_core.uow._registry import AGGREGATES, Aggregate
    from socratic_core.uow._sqlalchemy import SqlAlchemyUnitOfWork

__all__ = ["AGGREGATES", "Aggregate", "SqlAlchemyUnitOfWork", "UnitOfWork"]


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


_LAZY = {
    "AGGREGATES": "socratic_core.uow._registry",
    "Aggregate": "socratic_core.uow._registry",
    "SqlAlchemyUnitOfWork": "socratic_core.uow._sqlalchemy",
}
__getattr__, __dir__ = _lazy_names(__name__, _LAZY, __all__)
