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
    "AuditAnchor",
    "AuditEntryRead",
    "ChainTip",
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
    chain: str
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
    """The outcome of walking every audit hash chain (and checking anchors, when given).

    Attributes:
        ok: Whether every row of every chain checked out (and matched the anchors).
        checked: How many rows were checked.
        chains: How many chains were checked.
        chain: The chain of the first problem, when there is one.
        broken_sequence: The sequence of the first broken row in that chain.
        broken_id: The id of that row (None when rows are missing at the end).
        reason: What is wrong.
        broken_chains: Every chain with a problem, sorted.
    """

    ok: bool
    checked: int
    chains: int = 0
    chain: str | None = None
    broken_sequence: int | None = None
    broken_id: str | None = None
    reason: str | None = None
    broken_chains: list[str] = Field(default_factory=list)


class ChainTip(_Schema):
    """Where one chain ended when an anchor was taken.

    Attributes:
        sequence: The sequence of its last row.
        hash: That row's hash.
    """

    sequence: int
    hash: str


class AuditAnchor(_Schema):
    """Every chain's tip, signed with the host's anchor key (HMAC-SHA256).

    Keep anchors somewhere the database's writers cannot change (another system, a log, a
    ticket); `AuditService.verify(anchors=...)` then detects rows removed from the end of a
    chain and chains recomputed after an edit, which a hash chain alone cannot.

    Attributes:
        created_at: When it was taken (UTC).
        tips: Chain name -> its tip.
        signature: Hex HMAC-SHA256 of the canonical JSON of `created_at` and `tips`.
    """

    created_at: datetime
    tips: dict[str, ChainTip]
    signature: str
