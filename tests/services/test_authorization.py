"""The role x action matrix, cell by cell."""

from __future__ import annotations

import pytest

from socratic_core.errors import PermissionDeniedError
from socratic_core.services.authorization import (
    PERMISSIONS,
    ProjectAction,
    ProjectRole,
    is_allowed,
    require_permission,
)

_MEMBERSHIP = {
    ProjectAction.ADD_COLLABORATOR,
    ProjectAction.REMOVE_COLLABORATOR,
    ProjectAction.CHANGE_ROLE,
    ProjectAction.ARCHIVE,
    ProjectAction.DELETE,
}
_READS = {
    ProjectAction.READ,
    ProjectAction.LIST_COLLABORATORS,
    ProjectAction.READ_SESSIONS,
    ProjectAction.READ_INSTRUCTIONS,
    ProjectAction.READ_SPECIFICATIONS,
    ProjectAction.READ_CODEBASES,
}


def _expected(role: ProjectRole, action: ProjectAction) -> bool:
    if role is ProjectRole.OWNER:
        return True
    if role is ProjectRole.EDITOR:
        return action not in _MEMBERSHIP
    return action in _READS


class TestMatrix:
    """Owners do everything, editors edit content but not membership, viewers read."""

    @pytest.mark.parametrize("role", list(ProjectRole))
    @pytest.mark.parametrize("action", list(ProjectAction))
    def test_every_cell(self, role: ProjectRole, action: ProjectAction) -> None:
        """Each role x action cell matches the rule stated for the role."""
        assert is_allowed(role, action) is _expected(role, action)
        assert is_allowed(role.value, action) is _expected(role, action)

    @pytest.mark.parametrize("action", list(ProjectAction))
    def test_no_role_allows_nothing(self, action: ProjectAction) -> None:
        """A user with no role in the project may do nothing there."""
        assert not is_allowed(None, action)

    def test_matrix_is_read_only(self) -> None:
        """The published matrix cannot be changed at run time."""
        with pytest.raises(TypeError):
            PERMISSIONS[ProjectRole.VIEWER] = frozenset(ProjectAction)  # type: ignore[index]


class TestRequirePermission:
    """A refused action raises with its context."""

    def test_refusal_names_action_and_project(self) -> None:
        """The error carries the action, the entity and the project id."""
        with pytest.raises(PermissionDeniedError) as caught:
            require_permission("viewer", ProjectAction.UPDATE, project_id="p1")
        assert (caught.value.action, caught.value.entity, caught.value.entity_id) == (
            "project.update",
            "project",
            "p1",
        )

    def test_allowed_passes(self) -> None:
        """An allowed action returns quietly."""
        require_permission(ProjectRole.EDITOR, ProjectAction.ADD_MESSAGE, project_id="p1")
