"""The queries each aggregate needs that the generic repository interface can express.

Written once, as one mixin per aggregate, and shared by the SQLAlchemy repositories and the
in-memory fakes in `socratic_core.testing`: each method only calls `list` or
`paginate_keyset` with filter objects, so both stores answer it the same way. Queries that
need SQL of their own (Core statements, aggregates, locks, joins) stay in the repository.
"""

from __future__ import annotations

from datetime import datetime
from typing import Generic, TypeVar

from socratic_core.models import (
    AgentRun,
    AuditLog,
    GeneratedCodebase,
    GeneratedFile,
    Message,
    Project,
    ProjectCollaborator,
    Session,
    TechnicalSpecification,
    User,
    UserInstruction,
    UserStatus,
)
from socratic_core.repositories.filters import (
    Between,
    Equals,
    LimitOffset,
    OrderBy,
    Search,
    WhereFilter,
)
from socratic_core.repositories.pagination import Page
from socratic_core.repositories.ports import Repository

ModelT = TypeVar("ModelT")

__all__ = [
    "AuditLogQueries",
    "CodebaseQueries",
    "CollaboratorQueries",
    "FileQueries",
    "InstructionQueries",
    "MessageQueries",
    "ProjectQueries",
    "ProjectScopedQueries",
    "RunQueries",
    "SessionQueries",
    "SpecificationQueries",
    "UserQueries",
]


class ProjectScopedQueries(Generic[ModelT]):
    """Rows that belong to one project (sessions, collaborators, codebases)."""

    def list_for_project(self: Repository[ModelT], project_id: str) -> list[ModelT]:
        """Return the rows of `project_id`, oldest first."""
        return self.list(Equals("project_id", project_id))


class UserQueries:
    """Look-ups of users by username and email, the active ones, and a username search."""

    def get_by_username(self: Repository[User], username: str) -> User | None:
        """Return the user with exactly this username, or None."""
        found = self.list(Equals("username", username), LimitOffset(1))
        return found[0] if found else None

    def get_by_email(self: Repository[User], email: str) -> User | None:
        """Return the user with exactly this email address, or None."""
        found = self.list(Equals("email", email), LimitOffset(1))
        return found[0] if found else None

    def list_active(self: Repository[User]) -> list[User]:
        """Return the active users, by username."""
        return self.list(Equals("status", UserStatus.ACTIVE), OrderBy("username"))

    def search_by_username(self: Repository[User], text: str, *, limit: int = 50) -> list[User]:
        r"""Return users whose username contains `text`, ignoring case, by username.

        `%`, `_` and `\` in `text` match themselves: they are not wildcards.
        """
        return self.list(Search("username", text), OrderBy("username"), LimitOffset(limit))


class ProjectQueries:
    """Projects by owner."""

    def list_by_owner(self: Repository[Project], owner_id: str) -> list[Project]:
        """Return the projects `owner_id` owns, oldest first."""
        return self.list(Equals("owner_id", owner_id))


class CollaboratorQueries(ProjectScopedQueries[ProjectCollaborator]):
    """Collaborations by project, by user, and of one user on one project."""

    def get_for(
        self: Repository[ProjectCollaborator], project_id: str, user_id: str
    ) -> ProjectCollaborator | None:
        """Return `user_id`'s collaboration on `project_id`, or None."""
        found = self.list(Equals("project_id", project_id), Equals("user_id", user_id))
        return found[0] if found else None

    def list_for_user(
        self: Repository[ProjectCollaborator], user_id: str
    ) -> list[ProjectCollaborator]:
        """Return `user_id`'s collaborations, oldest first."""
        return self.list(Equals("user_id", user_id))


class SessionQueries(ProjectScopedQueries[Session]):
    """Sessions of a project."""


class MessageQueries:
    """A session's messages in order: the whole history, the last N, keyset pages."""

    def history(self: Repository[Message], session_id: str) -> list[Message]:
        """Return every message of `session_id`, in order."""
        return self.list(Equals("session_id", session_id), OrderBy("position"))

    def last(self: Repository[Message], session_id: str, count: int) -> list[Message]:
        """Return the last `count` messages of `session_id`, in order (oldest of them first)."""
        newest_first = self.list(
            Equals("session_id", session_id),
            OrderBy("position", descending=True),
            LimitOffset(max(count, 0)),
        )
        return newest_first[::-1]

    def history_page(
        self: Repository[Message], session_id: str, *, limit: int = 100, cursor: str | None = None
    ) -> Page[Message]:
        """Return the page of `session_id`'s history after `cursor` (keyset on `position`)."""
        return self.paginate_keyset(
            Equals("session_id", session_id), limit=limit, cursor=cursor, keys=("position",)
        )


class InstructionQueries:
    """User instructions by user and by project."""

    def list_by_user(self: Repository[UserInstruction], user_id: str) -> list[UserInstruction]:
        """Return every instruction `user_id` wrote, oldest first."""
        return self.list(Equals("user_id", user_id))

    def list_by_project(
        self: Repository[UserInstruction], project_id: str
    ) -> list[UserInstruction]:
        """Return the instructions that belong to `project_id` (not the global ones)."""
        return self.list(Equals("project_id", project_id))


class AuditLogQueries:
    """Audit rows by user, agent, action and time range, in chain order, and the chain's tip."""

    def find(
        self: Repository[AuditLog],
        *,
        user_id: str | None = None,
        agent_id: str | None = None,
        action: str | None = None,
        since: datetime | None = None,
        until: datetime | None = None,
        limit: int | None = None,
    ) -> list[AuditLog]:
        """Return the rows matching every given criterion, in chain order.

        Args:
            user_id: Only this user's rows.
            agent_id: Only this agent's rows.
            action: Only rows of this action.
            since: Only rows created at or after this time.
            until: Only rows created before this time.
            limit: At most this many rows.
        """
        filters = _criteria(user_id, agent_id, action, since, until)
        paging = [LimitOffset(limit)] if limit is not None else []
        return self.list(*filters, OrderBy("sequence"), *paging)

    def page(
        self: Repository[AuditLog],
        *,
        user_id: str | None = None,
        agent_id: str | None = None,
        action: str | None = None,
        since: datetime | None = None,
        until: datetime | None = None,
        limit: int = 100,
        cursor: str | None = None,
    ) -> Page[AuditLog]:
        """Return the page after `cursor` of the matching rows (keyset on `sequence`)."""
        filters = _criteria(user_id, agent_id, action, since, until)
        return self.paginate_keyset(*filters, limit=limit, cursor=cursor, keys=("sequence",))

    def latest(self: Repository[AuditLog]) -> AuditLog | None:
        """Return the row at the tip of the chain (highest `sequence`), or None."""
        rows = self.list(OrderBy("sequence", descending=True), LimitOffset(1))
        return rows[0] if rows else None


def _criteria(
    user_id: str | None,
    agent_id: str | None,
    action: str | None,
    since: datetime | None,
    until: datetime | None,
) -> list[WhereFilter]:
    filters: list[WhereFilter] = []
    for field, value in (("user_id", user_id), ("agent_id", agent_id), ("action", action)):
        if value is not None:
            filters.append(Equals(field, value))
    if since is not None or until is not None:
        filters.append(Between("created_at", since, until))
    return filters


class SpecificationQueries:
    """A project's specification versions and its latest one."""

    def list_for_project(
        self: Repository[TechnicalSpecification], project_id: str
    ) -> list[TechnicalSpecification]:
        """Return every version of `project_id`'s specification, oldest version first."""
        return self.list(Equals("project_id", project_id), OrderBy("version"))

    def latest_for_project(
        self: Repository[TechnicalSpecification], project_id: str
    ) -> TechnicalSpecification | None:
        """Return the highest version of `project_id`'s specification, or None."""
        found = self.list(
            Equals("project_id", project_id), OrderBy("version", descending=True), LimitOffset(1)
        )
        return found[0] if found else None


class CodebaseQueries(ProjectScopedQueries[GeneratedCodebase]):
    """Generated codebases of a project."""


class FileQueries:
    """Generated files of a codebase, by path."""

    def list_for_codebase(self: Repository[GeneratedFile], codebase_id: str) -> list[GeneratedFile]:
        """Return the files of `codebase_id`, by path."""
        return self.list(Equals("codebase_id", codebase_id), OrderBy("path"))

    def get_by_path(
        self: Repository[GeneratedFile], codebase_id: str, path: str
    ) -> GeneratedFile | None:
        """Return the file at `path` in `codebase_id`, or None."""
        found = self.list(Equals("codebase_id", codebase_id), Equals("path", path), LimitOffset(1))
        return found[0] if found else None


class RunQueries:
    """A project's agent runs, newest first."""

    def list_for_project(self: Repository[AgentRun], project_id: str) -> list[AgentRun]:
        """Return the runs of `project_id`, newest first."""
        return self.list(
            Equals("project_id", project_id),
            OrderBy("started_at", descending=True),
            OrderBy("id", descending=True),
        )
