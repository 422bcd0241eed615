"""Request bodies of the HTTP layer; responses are the services' own `*Read` schemas.

Bodies check shapes and types (a 422 `invalid_input` naming the field when one is wrong); the
services check the business rules (lengths, formats, permissions) and answer the same way.
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from socratic_core.models import CodebaseStatus, MessageRole, ProjectPhase, SessionMode

__all__ = [
    "CheckBody",
    "CodebaseBody",
    "CollaboratorBody",
    "InstructionBody",
    "InstructionChange",
    "MessageBody",
    "ParseBody",
    "PasswordChange",
    "PhaseBody",
    "ProjectBody",
    "ProjectChange",
    "RegisterBody",
    "RoleBody",
    "SessionBody",
    "SignInBody",
    "SpecificationBody",
]

_MAX_RULES_TEXT = 100_000
_MAX_CHECKED_FILES = 1_000
_MAX_ANSWER = 1_000_000


class _Body(BaseModel):
    model_config = ConfigDict(extra="forbid")


class RegisterBody(_Body):
    """A new account."""

    username: str
    email: str
    password: str
    first_name: str | None = None
    last_name: str | None = None


class SignInBody(_Body):
    """Credentials: a username or an email address, and the password."""

    login: str
    password: str


class PasswordChange(_Body):
    """The current password and the new one."""

    current_password: str
    new_password: str


class ProjectBody(_Body):
    """A new project."""

    name: str
    description: str | None = None
    tech_stack: list[str] = Field(default_factory=list)


class ProjectChange(_Body):
    """Fields to change (those left out are kept), and the version last read."""

    name: str | None = None
    description: str | None = None
    tech_stack: list[str] | None = None
    expected_version: int | None = None


class PhaseBody(_Body):
    """The phase to move the project to (one step forward or back)."""

    phase: ProjectPhase


class CollaboratorBody(_Body):
    """A user to add to the project, and their role."""

    user_id: str
    role: Literal["editor", "viewer"] = "viewer"


class RoleBody(_Body):
    """A member's new role."""

    role: Literal["editor", "viewer"]


class SessionBody(_Body):
    """A new session."""

    title: str
    mode: SessionMode = SessionMode.SOCRATIC


class MessageBody(_Body):
    """A message to append to a session."""

    content: str
    role: MessageRole = MessageRole.USER
    agent_id: str | None = None
    metadata: dict[str, Any] = Field(default_factory=dict)


class InstructionBody(_Body):
    """A new instruction: global (no `project_id`) or for one project."""

    title: str
    text: str
    project_id: str | None = None
    strict: bool = False


class InstructionChange(_Body):
    """New content for an instruction's next revision, and the version last read."""

    title: str | None = None
    text: str | None = None
    strict: bool = False
    expected_version: int | None = None


class ParseBody(_Body):
    """Instruction text to parse."""

    text: str = Field(max_length=_MAX_RULES_TEXT)
    strict: bool = False


class CheckBody(_Body):
    """Output to check, against `rules_text` or else the actor's active rules.

    Attributes:
        rules_text: Instruction text to check against; when left out, the acting user's active
            rules (global, plus those of `project_id` when given) apply.
        project_id: The project whose active rules apply (when `rules_text` is left out).
        files: The generated files, path -> content.
        text: The agent's text answer.
    """

    rules_text: str | None = Field(default=None, max_length=_MAX_RULES_TEXT)
    project_id: str | None = None
    files: dict[str, str] = Field(default_factory=dict, max_length=_MAX_CHECKED_FILES)
    text: str = Field(default="", max_length=_MAX_ANSWER)


class SpecificationBody(_Body):
    """The next version of a project's specification."""

    title: str
    content: str
    agent_id: str | None = None


class CodebaseBody(_Body):
    """A generated codebase: its files by relative path."""

    agent_id: str
    files: dict[str, str]
    specification_id: str | None = None
    summary: str | None = None
    status: CodebaseStatus = CodebaseStatus.COMPLETED
