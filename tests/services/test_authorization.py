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

# The documented matrix, written out cell by cell: owner, editor, viewer ("x" allows, "-" denies).
_MATRIX = {
    "project.read":             "x x x",
    "project.update":           "x x -",
    "project.change_phase":     "x x -",
    "project.archive":          "x - -",
    "project.delete":           "x - -",
    "collaborator.list":        "x x x",
    "collaborator.add":         "x - -",
    "collaborator.remove":      "x - -",
    "collaborator.change_role": "x - -",
    "session.start":            "x x -",
    "session.read":             "x x x",
    "session.add_message":      "x x -",
    "session.close":            "x x -",
    "instruction.write":        "x x -",
    "instruction.read":         "x x x",
    "specification.write":      "x x -",
    "specification.read":       "x x x",
    "codebase.store":           "x x -",
    "codebase.read":            "x x x",
}  # fmt: skip
_ROLES = (ProjectRole.OWNER, ProjectRole.EDITOR, ProjectRole.VIEWER)
_CELLS = [
    pytest.param(role, ProjectAction(action), mark == "x", id=f"{role}-{action}")
    for action, row in _MATRIX.items()
    for role, mark in zip(_ROLES, row.split(), strict=True)
]


def _cells(*, allowed: bool) -> list[object]:
    """The (role, action) cells the table allows, or those it denies."""
    return [
        pytest.param(*cell.values[:2], id=cell.id) for cell in _CELLS if cell.values[2] is allowed
    ]


class TestMatrix:
    """Owners do everything, editors edit content but not membership, viewers read."""

    def test_the_table_covers_every_action_and_role(self) -> None:
        """The written-out table has a row for every action and a column for every role."""
        assert set(_MATRIX) == {action.value for action in ProjectAction}
        assert set(_ROLES) == set(ProjectRole)

    @pytest.mark.parametrize(("role", "action", "allowed"), _CELLS)
    def test_every_cell(self, role: ProjectRole, action: ProjectAction, allowed: bool) -> None:
        """Each role x action cell is allowed or denied exactly as the table says."""
        assert is_allowed(role, action) is allowed
        assert is_allowed(role.value, action) is allowed
        assert (action in PERMISSIONS[role]) is allowed

    @pytest.mark.parametrize("action", list(ProjectAction))
    def test_no_role_allows_nothing(self, action: ProjectAction) -> None:
        """A user with no role in the project may do nothing there."""
        assert not is_allowed(None, action)

    def test_unknown_role_is_refused(self) -> None:
        """A role name outside the three raises instead of being read as no permission."""
        with pytest.raises(ValueError, match="admin"):
            is_allowed("admin", ProjectAction.READ)

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

    @pytest.mark.parametrize(("role", "action"), _cells(allowed=False))
    def test_raises_on_every_denied_cell(self, role: ProjectRole, action: ProjectAction) -> None:
        """`require_permission` raises, naming the action, for each denied cell of the table."""
        with pytest.raises(PermissionDeniedError) as caught:
            require_permission(role, action, project_id="p1")
        assert caught.value.action == action.value

    @pytest.mark.parametrize(("role", "action"), _cells(allowed=True))
    def test_passes_on_every_allowed_cell(self, role: ProjectRole, action: ProjectAction) -> None:
        """`require_permission` returns without raising for each allowed cell of the table."""
        assert require_permission(role, action, project_id="p1") is None
