"""What services return: frozen pydantic schemas, never ORM objects bound to a closed session.

No schema has a password or password-hash field, so neither can leak through a return value.
Each `*Read` schema is built from a model with `Schema.model_validate(row)`.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from socratic_core.models import (
    CodebaseStatus,
    CollaboratorRole,
    MessageRole,
    ProjectPhase,
    ProjectStatus,
    SessionMode,
    SessionStatus,
    UserStatus,
)

__all__ = [
    "AuditEntryRead",
    "ChainVerification",
    "CodebaseDetail",
    "CodebaseRead",
    "CollaboratorRead",
    "FileRead",
    "InstructionRead",
    "InstructionResult",
    "InstructionRevisionRead",
    "MessageRead",
    "ProjectRead",
    "SessionRead",
    "SpecificationRead",
    "UserRead",
]


class _Schema(BaseModel):
    model_config = ConfigDict(from_attributes=True, frozen=True)


class UserRead(_Schema):
    """A user as services return it: everything but the password hash."""

    id: str
    username: str
    email: str
    first_name: str | None
    last_name: str | None
    status: UserStatus
    is_email_verified: bool
    last_login: datetime | None
    created_at: datetime
    updated_at: datetime


class ProjectRead(_Schema):
    """A project; `version` is its optimistic-lock counter, to pass back on update."""

    id: str
    owner_id: str
    name: str
    description: str | None
    phase: ProjectPhase
    status: ProjectStatus
    tech_stack: list[str]
    version: int
    created_at: datetime
    updated_at: datetime


class CollaboratorRead(_Schema):
    """A user's role in a project."""

    project_id: str
    user_id: str
    role: CollaboratorRole
    created_at: datetime


class SessionRead(_Schema):
    """A Socratic or chat session of a project."""

    id: str
    project_id: str
    created_by_id: str | None
    title: str
    mode: SessionMode
    status: SessionStatus
    version: int
    created_at: datetime
    updated_at: datetime


class MessageRead(_Schema):
    """One message of a session, at its position (0 first)."""

    id: str
    session_id: str
    position: int
    role: MessageRole
    content: str
    agent_id: str | None
    user_id: str | None
    metadata: dict[str, Any] = Field(validation_alias="meta")
    created_at: datetime


class InstructionRead(_Schema):
    """A user's instruction at its current revision, with the rules parsed from its text."""

    id: str
    user_id: str
    project_id: str | None
    title: str
    rules_text: str
    parsed_rules: list[Any]
    categories: list[str]
    is_active: bool
    revision: int
    version: int
    created_at: datetime
    updated_at: datetime


class InstructionRevisionRead(_Schema):
    """The frozen content of an instruction at one earlier (or the current) revision."""

    instruction_id: str
    revision: int
    title: str
    rules_text: str
    parsed_rules: list[Any]
    categories: list[str]
    created_at: datetime


class InstructionResult(_Schema):
    """What writing an instruction returns: the stored instruction and the parser's diagnostics."""

    instruction: InstructionRead
    diagnostics: list[dict[str, Any]]


class SpecificationRead(_Schema):
    """One version of a project's technical specification."""

    id: str
    project_id: str
    version: int
    title: str
    content: str
    agent_id: str | None
    created_at: datetime


class FileRead(_Schema):
    """One generated file, with its size in UTF-8 bytes and its SHA-256."""

    id: str
    codebase_id: str
    path: str
    content: str
    language: str | None
    size: int
    sha256: str


class CodebaseRead(_Schema):
    """A generated codebase, without its files."""

    id: str
    project_id: str
    specification_id: str | None
    agent_id: str
    status: CodebaseStatus
    language: str | None
    summary: str | None
    created_at: datetime


class CodebaseDetail(CodebaseRead):
    """A generated codebase with its files, by path."""

    files: list[FileRead]


class AuditEntryRead(_Schema):
    """One audit row, secrets already redacted when it was written."""

    id: str
    sequence: int
    user_id: str | None
    agent_id: str | None
    action: str
    entity_type: str | None
    entity_id: str | None
    request: Any
    response: Any
    success: bool
    error_code: str | None
    instruction_version: str | None
    violations: list[Any]
    previous_hash: str | None
    hash: str
    created_at: datetime


class ChainVerification(_Schema):
    """The outcome of walking the audit hash chain.

    Attributes:
        ok: Whether every row checked out.
        checked: How many rows were checked (up to and including a broken one).
        broken_sequence: The sequence of the first broken row, when there is one.
        broken_id: The id of that row.
        reason: What is wrong with it.
    """

    ok: bool
    checked: int
    broken_sequence: int | None = None
    broken_id: str | None = None
    reason: str | None = None
