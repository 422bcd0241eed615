"""In-memory fakes of every repository port, with the queries each aggregate needs.

Unique keys, references and cascades come from the models (see `_base`); what is left here is
the queries that need more than the shared ones of `repositories.queries`.
"""

from __future__ import annotations

import copy
from collections.abc import Iterator
from typing import Any

import sqlalchemy as sa

from socratic_core.models import (
    GLOBAL_CHAIN,
    AgentRun,
    AuditLog,
    CollaboratorRole,
    GeneratedCodebase,
    GeneratedFile,
    InstructionRevision,
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
    Equals,
    OrderBy,
)
from socratic_core.repositories.ports import SessionAccess
from socratic_core.repositories.queries import (
    AuditLogQueries,
    CodebaseQueries,
    CollaboratorQueries,
    FileQueries,
    InstructionQueries,
    MessageQueries,
    ProjectQueries,
    RunQueries,
    SessionQueries,
    SpecificationQueries,
    UserQueries,
)
from socratic_core.testing._base import InMemoryRepository

__all__ = [
    "InMemoryAuditLogRepository",
    "InMemoryCodebaseRepository",
    "InMemoryCollaboratorRepository",
    "InMemoryFileRepository",
    "InMemoryInstructionRepository",
    "InMemoryMessageRepository",
    "InMemoryProjectRepository",
    "InMemoryRunRepository",
    "InMemorySessionRepository",
    "InMemorySpecificationRepository",
    "InMemoryUserRepository",
]


class InMemoryUserRepository(UserQueries, InMemoryRepository[User]):
    """Users in memory; username and email are unique."""

    model_type = User


class InMemoryProjectRepository(ProjectQueries, InMemoryRepository[Project]):
    """Projects in memory."""

    model_type = Project

    def list_accessible(self, user_id: str) -> list[Project]:
        """Projects this user owns or collaborates on, each once."""
        member_of = {
            row.project_id
            for row in self._workspace.table(ProjectCollaborator).values()
            if row.user_id == user_id
        }
        return [p for p in self.list() if p.owner_id == user_id or p.id in member_of]

    def access_for(
        self, project_id: str, user_id: str
    ) -> tuple[Project, CollaboratorRole | None, UserStatus | None] | None:
        """The project, the user's collaborator role in it and the user's status."""
        project = self.get(project_id)
        if project is None:
            return None
        role = next(
            (
                row.role
                for row in self._workspace.table(ProjectCollaborator).values()
                if row.project_id == project_id and row.user_id == user_id
            ),
            None,
        )
        user = self._workspace.table(User).get(user_id)
        return project, role, None if user is None else user.status


class InMemoryCollaboratorRepository(CollaboratorQueries, InMemoryRepository[ProjectCollaborator]):
    """Project collaborators in memory; one row per project and user."""

    model_type = ProjectCollaborator


class InMemorySessionRepository(SessionQueries, InMemoryRepository[Session]):
    """Sessions in memory; deleting one deletes its messages."""

    model_type = Session

    def access_for(self, session_id: str, user_id: str) -> SessionAccess | None:
        """What a write to a session needs to know about it and the user."""
        session = self.get(session_id)
        if session is None:
            return None
        projects = InMemoryProjectRepository(self._workspace)
        access = projects.access_for(session.project_id, user_id)
        if access is None:
            return None
        project, role, status = access
        messages = InMemoryMessageRepository(self._workspace)
        return SessionAccess(
            session.status,
            project.id,
            project.owner_id,
            project.status,
            role,
            status,
            messages.next_position(session_id),
        )


class InMemoryMessageRepository(MessageQueries, InMemoryRepository[Message]):
    """Messages in memory, ordered by position; (session, position) is unique."""

    model_type = Message

    def next_position(self, session_id: str) -> int:
        """The position the next message of a session takes (0 first)."""
        positions = [m.position for m in self.history(session_id)]
        return max(positions) + 1 if positions else 0


class InMemoryInstructionRepository(InstructionQueries, InMemoryRepository[UserInstruction]):
    """User instructions and their revisions in memory."""

    model_type = UserInstruction

    def list_active_for(self, user_id: str, project_id: str | None) -> list[UserInstruction]:
        """A user's active instructions: global ones, then the project's."""
        rows = self.list(Equals("user_id", user_id), Equals("is_active", True))
        global_ = [r for r in rows if r.project_id is None]
        local = [r for r in rows if project_id is not None and r.project_id == project_id]
        return global_ + local

    def add_revision(self, instruction: UserInstruction) -> InstructionRevision:
        """Freeze the instruction's content as its current revision."""
        revision = instruction.snapshot()
        revisions = _Revisions(self._workspace, self._on_write)
        return revisions.add(revision)

    def list_revisions(self, instruction_id: str) -> list[InstructionRevision]:
        """Every revision, oldest first."""
        revisions = _Revisions(self._workspace)
        return revisions.list(Equals("instruction_id", instruction_id), OrderBy("revision"))

    def get_revision(self, instruction_id: str, revision: int) -> InstructionRevision | None:
        """One revision, or None."""
        found = _Revisions(self._workspace).list(
            Equals("instruction_id", instruction_id), Equals("revision", revision)
        )
        return next(iter(found), None)


class _Revisions(InMemoryRepository[InstructionRevision]):
    model_type = InstructionRevision


class InMemoryAuditLogRepository(AuditLogQueries, InMemoryRepository[AuditLog]):
    """Audit rows in memory, in sequence order; `lock_chain` holds the store's chain lock."""

    model_type = AuditLog

    def tip(self, chain: str = GLOBAL_CHAIN) -> tuple[int, str] | None:
        """The `(sequence, hash)` of `chain`'s tip, or None for an empty chain."""
        rows = self._chain(chain)
        return None if not rows else (rows[-1].sequence, rows[-1].hash)

    def tips(self) -> dict[str, tuple[int, str]]:
        """Every chain's name -> `(sequence, hash)` of its tip."""
        return {chain: tip for chain in self.chains() if (tip := self.tip(chain)) is not None}

    def chains(self) -> list[str]:
        """The name of every chain that has rows, sorted."""
        return sorted({row.chain for row in self.list()})

    def next_sequence(self, chain: str = GLOBAL_CHAIN) -> int:
        """The sequence the next row of `chain` takes (1 first)."""
        tip = self.tip(chain)
        return 1 if tip is None else tip[0] + 1

    def lock_chain(self, chain: str = GLOBAL_CHAIN) -> None:
        """Hold the chains until this unit of work ends, so appenders take turns.

        The store has one lock for every chain: like SQLite, it has one writer at a time.
        """
        del chain
        self._workspace.hold_chain()

    def chain_rows(
        self, *, after_sequence: int, limit: int, chain: str = GLOBAL_CHAIN
    ) -> list[dict[str, Any]]:
        """The next `limit` rows of `chain` after `after_sequence`, as plain dicts."""
        chosen = [row for row in self._chain(chain) if row.sequence > after_sequence][:limit]
        keys = [a.key for a in sa.inspect(AuditLog).column_attrs if a.key != "updated_at"]
        return [{key: copy.deepcopy(getattr(row, key)) for key in keys} for row in chosen]

    def iter_chain_rows(
        self, *, after_sequence: int, limit: int, chain: str = GLOBAL_CHAIN
    ) -> Iterator[dict[str, Any]]:
        """The same rows as `chain_rows`, one at a time."""
        yield from self.chain_rows(after_sequence=after_sequence, limit=limit, chain=chain)

    def _chain(self, chain: str) -> list[AuditLog]:
        return [row for row in self.list(OrderBy("sequence")) if row.chain == chain]


class InMemorySpecificationRepository(
    SpecificationQueries, InMemoryRepository[TechnicalSpecification]
):
    """Technical specifications in memory; (project, version) is unique."""

    model_type = TechnicalSpecification

    def next_version(self, project_id: str) -> int:
        """The version number the next specification takes (1 first)."""
        latest = self.latest_for_project(project_id)
        return 1 if latest is None else latest.version + 1


class InMemoryCodebaseRepository(CodebaseQueries, InMemoryRepository[GeneratedCodebase]):
    """Generated codebases in memory; deleting one deletes its files."""

    model_type = GeneratedCodebase


class InMemoryFileRepository(FileQueries, InMemoryRepository[GeneratedFile]):
    """Generated files in memory; the path is unique within its codebase."""

    model_type = GeneratedFile


class InMemoryRunRepository(RunQueries, InMemoryRepository[AgentRun]):
    """Agent run records in memory."""

    model_type = AgentRun

    def agent_messages(self, project_id: str, agent: str, limit: int) -> list[Message]:
        """The latest `limit` messages of `agent` in the project's sessions, oldest first."""
        repository = InMemorySessionRepository(self._workspace)
        sessions = {s.id for s in repository.list_for_project(project_id)}
        found = [
            m
            for m in InMemoryMessageRepository(self._workspace).list()
            if m.session_id in sessions and m.agent_id == agent
        ]
        found.sort(key=lambda m: (m.created_at, m.position))
        return found[-limit:] if limit > 0 else []
