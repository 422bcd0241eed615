"""Who may do what in a project: the role x action matrix, as data.

Owners do everything; editors change content (the project's fields and phase, sessions, messages,
instructions, specifications, codebases) but not membership, and cannot archive or delete;
viewers read. A user with no role in a project may do nothing there, and must not even learn that
it exists: services turn that case into `NotFoundError`, and a known role lacking the permission
into `PermissionDeniedError`.
"""

from __future__ import annotations

from collections.abc import Mapping
from enum import StrEnum
from types import MappingProxyType

from socratic_core.errors import PermissionDeniedError

__all__ = ["PERMISSIONS", "ProjectAction", "ProjectRole", "is_allowed", "require_permission"]


class ProjectRole(StrEnum):
    """A user's role in a project (the values the collaborator table stores)."""

    OWNER = "owner"
    EDITOR = "editor"
    VIEWER = "viewer"


class ProjectAction(StrEnum):
    """Everything a user can do to a project or to what it contains."""

    READ = "project.read"
    UPDATE = "project.update"
    CHANGE_PHASE = "project.change_phase"
    ARCHIVE = "project.archive"
    DELETE = "project.delete"
    LIST_COLLABORATORS = "collaborator.list"
    ADD_COLLABORATOR = "collaborator.add"
    REMOVE_COLLABORATOR = "collaborator.remove"
    CHANGE_ROLE = "collaborator.change_role"
    START_SESSION = "session.start"
    READ_SESSIONS = "session.read"
    ADD_MESSAGE = "session.add_message"
    CLOSE_SESSION = "session.close"
    WRITE_INSTRUCTIONS = "instruction.write"
    READ_INSTRUCTIONS = "instruction.read"
    WRITE_SPECIFICATIONS = "specification.write"
    READ_SPECIFICATIONS = "specification.read"
    STORE_CODEBASE = "codebase.store"
    READ_CODEBASES = "codebase.read"


_READS = frozenset(
    {
        ProjectAction.READ,
        ProjectAction.LIST_COLLABORATORS,
        ProjectAction.READ_SESSIONS,
        ProjectAction.READ_INSTRUCTIONS,
        ProjectAction.READ_SPECIFICATIONS,
        ProjectAction.READ_CODEBASES,
    }
)
_MEMBERSHIP_AND_LIFECYCLE = frozenset(
    {
        ProjectAction.ARCHIVE,
        ProjectAction.DELETE,
        ProjectAction.ADD_COLLABORATOR,
        ProjectAction.REMOVE_COLLABORATOR,
        ProjectAction.CHANGE_ROLE,
    }
)

PERMISSIONS: Mapping[ProjectRole, frozenset[ProjectAction]] = MappingProxyType(
    {
        ProjectRole.OWNER: frozenset(ProjectAction),
        ProjectRole.EDITOR: frozenset(ProjectAction) - _MEMBERSHIP_AND_LIFECYCLE,
        ProjectRole.VIEWER: _READS,
    }
)
"""The matrix: for each role, the actions it allows."""


def is_allowed(role: ProjectRole | str | None, action: ProjectAction) -> bool:
    """Tell whether a user with `role` in a project may perform `action` there.

    Args:
        role: The user's role, or None when the user has none.
        action: What the user wants to do.

    Returns:
        True when the matrix allows it.
    """
    return role is not None and action in PERMISSIONS[ProjectRole(role)]


def require_permission(
    role: ProjectRole | str, action: ProjectAction, *, project_id: str | None = None
) -> None:
    """Raise `PermissionDeniedError` unless `role` allows `action`.

    Args:
        role: The user's role in the project.
        action: What the user wants to do.
        project_id: The project, named in the error.

    Raises:
        PermissionDeniedError: With the action, entity `project` and its id.
    """
    if not is_allowed(role, action):
        raise PermissionDeniedError(
            f"a project {ProjectRole(role).value} may not do {action.value}",
            action=action.value,
            entity="project",
            entity_id=project_id,
        )
