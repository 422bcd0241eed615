"""The repository ports: what services may ask of each aggregate's repository.

The unit of work that holds them is `socratic_core.uow.UnitOfWork`. This module imports no
adapter (no SQLAlchemy repository, no in-memory fake), so depending on a port costs nothing.

Services depend on these Protocols only, so another implementation (the SQLAlchemy one in this
package, or in-memory fakes for tests) can stand in. Semantics every implementation keeps:

- `get` returns None when absent, `get_one` raises `NotFoundError`;
- `list`/`count` take the filter objects of `socratic_core.repositories.filters`; without an
  `OrderBy`, rows come oldest first (`created_at`, then `id`);
- writes happen inside the unit of work; nothing is kept until `UnitOfWork.commit()`;
- a duplicate unique value or a stale optimistic-lock version raises `ConflictError`, a broken
  reference `IntegrityError`.
"""

from __future__ import annotations

import builtins
from collections.abc import Iterator, Sequence
from datetime import datetime
from typing import Any, NamedTuple, Protocol, TypeVar, runtime_checkable

from socratic_core.models import (
    AgentRun,
    AuditLog,
    CollaboratorRole,
    GeneratedCodebase,
    GeneratedFile,
    InstructionRevision,
    Message,
    Project,
    ProjectCollaborator,
    ProjectStatus,
    Session,
    SessionStatus,
    TechnicalSpecification,
    User,
    UserInstruction,
    UserStatus,
)
from socratic_core.repositories.filters import Filter
from socratic_core.repositories.pagination import Page

__all__ = [
    "AuditLogRepository",
    "CodebaseRepository",
    "CollaboratorRepository",
    "FileRepository",
    "InstructionRepository",
    "MessageRepository",
    "ProjectRepository",
    "Repository",
    "RunRepository",
    "SessionAccess",
    "SessionRepository",
    "SpecificationRepository",
    "UserRepository",
]

T = TypeVar("T")


@runtime_checkable
class Repository(Protocol[T]):
    """Generic collection-like access to one kind of row."""

    def add(self, item: T) -> T:
        """Add a new row."""
        ...

    def add_many(self, items: Sequence[T]) -> builtins.list[T]:
        """Add many new rows at once."""
        ...

    def get(self, item_id: str) -> T | None:
        """Return the row with this id, or None."""
        ...

    def get_one(self, item_id: str) -> T:
        """Return the row with this id, or raise `NotFoundError`."""
        ...

    def list(self, *filters: Filter) -> builtins.list[T]:
        """Return the rows matching every filter."""
        ...

    def count(self, *filters: Filter) -> int:
        """Return how many rows match the filters."""
        ...

    def list_and_count(self, *filters: Filter) -> tuple[builtins.list[T], int]:
        """Return the matching rows and how many match without the limit."""
        ...

    def update(self, item: T) -> T:
        """Write a changed row (optimistic lock checked where the row has one)."""
        ...

    def delete(self, item: T) -> None:
        """Delete a row and what it owns."""
        ...

    def paginate(self, *filters: Filter, limit: int = 50, offset: int = 0) -> Page[T]:
        """Return one offset page, with the total."""
        ...

    def paginate_keyset(
        self,
        *filters: Filter,
        limit: int = 50,
        cursor: str | None = None,
        keys: Sequence[str] = ("created_at", "id"),
        descending: bool = False,
    ) -> Page[T]:
        """Return the keyset page after `cursor`, ordered by `keys`."""
        ...


@runtime_checkable
class UserRepository(Repository[User], Protocol):
    """Users."""

    def get_by_username(self, username: str) -> User | None:
        """The user with this exact username, or None."""
        ...

    def get_by_email(self, email: str) -> User | None:
        """The user with this exact email, or None."""
        ...

    def list_active(self) -> builtins.list[User]:
        """Active users, by username."""
        ...

    def search_by_username(self, text: str, *, limit: int = 50) -> builtins.list[User]:
        """Users whose username contains `text` literally, ignoring case, by username."""
        ...


@runtime_checkable
class ProjectRepository(Repository[Project], Protocol):
    """Projects."""

    def list_by_owner(self, owner_id: str) -> builtins.list[Project]:
        """Projects this user owns."""
        ...

    def list_accessible(self, user_id: str) -> builtins.list[Project]:
        """Projects this user owns or collaborates on, each once."""
        ...

    def access_for(
        self, project_id: str, user_id: str
    ) -> tuple[Project, CollaboratorRole | None, UserStatus | None] | None:
        """The project, the user's collaborator role in it and the user's status; one query."""
        ...


@runtime_checkable
class CollaboratorRepository(Repository[ProjectCollaborator], Protocol):
    """Project collaborators."""

    def get_for(self, project_id: str, user_id: str) -> ProjectCollaborator | None:
        """This user's collaboration on this project, or None."""
        ...

    def list_for_project(self, project_id: str) -> builtins.list[ProjectCollaborator]:
        """The collaborators of a project."""
        ...

    def list_for_user(self, user_id: str) -> builtins.list[ProjectCollaborator]:
        """A user's collaborations."""
        ...


class SessionAccess(NamedTuple):
    """What authorizing a user's write to a session needs, and where its next message goes.

    Attributes:
        session_status: The session's status.
        project_id: The session's project.
        owner_id: The project's owner.
        project_status: The project's status.
        role: The user's collaborator role in the project (None when they have none).
        user_status: The user's status (None when there is no such user).
        next_position: The position the session's next message takes (0 for the first).
    """

    session_status: SessionStatus
    project_id: str
    owner_id: str
    project_status: ProjectStatus
    role: CollaboratorRole | None
    user_status: UserStatus | None
    next_position: int


@runtime_checkable
class SessionRepository(Repository[Session], Protocol):
    """Sessions of projects."""

    def list_for_project(self, project_id: str) -> builtins.list[Session]:
        """The sessions of a project, oldest first."""
        ...

    def access_for(self, session_id: str, user_id: str) -> SessionAccess | None:
        """What a write to a session needs to know about it and the user; one query."""
        ...


@runtime_checkable
class MessageRepository(Repository[Message], Protocol):
    """Messages, ordered by position within their session."""

    def history(self, session_id: str) -> builtins.list[Message]:
        """Every message of a session, in order."""
        ...

    def last(self, session_id: str, count: int) -> builtins.list[Message]:
        """The last `count` messages of a session, in order."""
        ...

    def history_page(
        self, session_id: str, *, limit: int = 100, cursor: str | None = None
    ) -> Page[Message]:
        """The keyset page of a session's history after `cursor`."""
        ...

    def next_position(self, session_id: str) -> int:
        """The position the next message of a session takes (0 first)."""
        ...


@runtime_checkable
class InstructionRepository(Repository[UserInstruction], Protocol):
    """User instructions and their revisions."""

    def list_by_user(self, user_id: str) -> builtins.list[UserInstruction]:
        """Every instruction a user wrote."""
        ...

    def list_by_project(self, project_id: str) -> builtins.list[UserInstruction]:
        """The instructions of one project (not the global ones)."""
        ...

    def list_active_for(
        self, user_id: str, project_id: str | None
    ) -> builtins.list[UserInstruction]:
        """A user's active instructions: global ones, then the project's."""
        ...

    def add_revision(self, instruction: UserInstruction) -> InstructionRevision:
        """Freeze the instruction's content as its current `revision`."""
        ...

    def list_revisions(self, instruction_id: str) -> builtins.list[InstructionRevision]:
        """Every recorded revision, oldest first."""
        ...

    def get_revision(self, instruction_id: str, revision: int) -> InstructionRevision | None:
        """One recorded revision, or None."""
        ...


@runtime_checkable
class AuditLogRepository(Repository[AuditLog], Protocol):
    """Audit rows, in chain order."""

    def find(
        self,
        *,
        user_id: str | None = None,
        agent_id: str | None = None,
        action: str | None = None,
        since: datetime | None = None,
        until: datetime | None = None,
        limit: int | None = None,
    ) -> builtins.list[AuditLog]:
        """Rows matching every given criterion, by sequence."""
        ...

    def page(
        self,
        *,
        user_id: str | None = None,
        agent_id: str | None = None,
        action: str | None = None,
        since: datetime | None = None,
        until: datetime | None = None,
        limit: int = 100,
        cursor: str | None = None,
    ) -> Page[AuditLog]:
        """The keyset page (by sequence) of matching rows after `cursor`."""
        ...

    def latest(self) -> AuditLog | None:
        """The row with the highest sequence of any chain, or None."""
        ...

    def tip(self, chain: str = ...) -> tuple[int, str] | None:
        """The `(sequence, hash)` of `chain`'s tip (default global), or None when it is empty."""
        ...

    def tips(self) -> dict[str, tuple[int, str]]:
        """Every chain's name -> `(sequence, hash)` of its tip."""
        ...

    def chains(self) -> builtins.list[str]:
        """The name of every chain that has rows, sorted."""
        ...

    def next_sequence(self, chain: str = ...) -> int:
        """The sequence the next row of `chain` takes (1 first)."""
        ...

    def lock_chain(self, chain: str = ...) -> None:
        """Make appenders to `chain` take turns until this transaction ends."""
        ...

    def chain_rows(
        self, *, after_sequence: int, limit: int, chain: str = ...
    ) -> builtins.list[dict[str, Any]]:
        """The next `limit` rows of `chain` after `after_sequence`, as plain dicts."""
        ...

    def iter_chain_rows(
        self, *, after_sequence: int, limit: int, chain: str = ...
    ) -> Iterator[dict[str, Any]]:
        """The same rows as `chain_rows`, each decoded only when asked for."""
        ...


@runtime_checkable
class SpecificationRepository(Repository[TechnicalSpecification], Protocol):
    """Technical specifications."""

    def list_for_project(self, project_id: str) -> builtins.list[TechnicalSpecification]:
        """Every version of a project's specification, oldest first."""
        ...

    def latest_for_project(self, project_id: str) -> TechnicalSpecification | None:
        """The highest version of a project's specification, or None."""
        ...

    def next_version(self, project_id: str) -> int:
        """The version number the next specification takes (1 first)."""
        ...


@runtime_checkable
class CodebaseRepository(Repository[GeneratedCodebase], Protocol):
    """Generated codebases."""

    def list_for_project(self, project_id: str) -> builtins.list[GeneratedCodebase]:
        """The codebases of a project, oldest first."""
        ...


@runtime_checkable
class FileRepository(Repository[GeneratedFile], Protocol):
    """Generated files."""

    def list_for_codebase(self, codebase_id: str) -> builtins.list[GeneratedFile]:
        """The files of a codebase, by path."""
        ...

    def get_by_path(self, codebase_id: str, path: str) -> GeneratedFile | None:
        """The file at this path in this codebase, or None."""
        ...


@runtime_checkable
class RunRepository(Repository[AgentRun], Protocol):
    """Agent run records."""

    def list_for_project(self, project_id: str) -> builtins.list[AgentRun]:
        """The runs of a project, newest first."""
        ...

    def agent_messages(self, project_id: str, agent: str, limit: int) -> builtins.list[Message]:
        """The latest `limit` messages of an agent in a project's sessions, oldest first."""
        ...
