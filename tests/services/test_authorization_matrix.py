"""The authorization matrix through the real services: every role x every action."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import pytest

from socratic_core.errors import NotFoundError, PermissionDeniedError
from socratic_core.services.authorization import PERMISSIONS, ProjectAction, ProjectRole

from .conftest import Harness


@dataclass
class World:
    """A fresh project with one member per role, a spare member and a session."""

    project_id: str
    session_id: str
    members: dict[str, str]
    spare_id: str
    outsider_id: str


def _world(h: Harness, users: dict[str, str]) -> World:
    app, owner = h.app, users["owner"]
    project = app.projects.create(owner, name="Matrix")
    for role in ("editor", "viewer"):
        app.projects.add_collaborator(owner, project.id, users[role], role)
    app.projects.add_collaborator(owner, project.id, users["spare"], "viewer")
    session = app.sessions.start(owner, project.id, title="Talk")
    return World(project.id, session.id, users, users["spare"], users["outsider"])


Action = Callable[[Harness, str, World], object]

ACTIONS: dict[ProjectAction, Action] = {
    ProjectAction.READ: lambda h, a, w: h.app.projects.get(a, w.project_id),
    ProjectAction.UPDATE: lambda h, a, w: h.app.projects.update(a, w.project_id, name="New"),
    ProjectAction.CHANGE_PHASE: lambda h, a, w: h.app.projects.change_phase(
        a, w.project_id, "design"
    ),
    ProjectAction.ARCHIVE: lambda h, a, w: h.app.projects.archive(a, w.project_id),
    ProjectAction.DELETE: lambda h, a, w: h.app.projects.delete(a, w.project_id),
    ProjectAction.LIST_COLLABORATORS: lambda h, a, w: h.app.projects.collaborators(a, w.project_id),
    ProjectAction.ADD_COLLABORATOR: lambda h, a, w: h.app.projects.add_collaborator(
        a, w.project_id, w.outsider_id
    ),
    ProjectAction.REMOVE_COLLABORATOR: lambda h, a, w: h.app.projects.remove_collaborator(
        a, w.project_id, w.spare_id
    ),
    ProjectAction.CHANGE_ROLE: lambda h, a, w: h.app.projects.change_role(
        a, w.project_id, w.spare_id, "editor"
    ),
    ProjectAction.START_SESSION: lambda h, a, w: h.app.sessions.start(
        a, w.project_id, title="Mine"
    ),
    ProjectAction.READ_SESSIONS: lambda h, a, w: h.app.sessions.history(a, w.session_id),
    ProjectAction.ADD_MESSAGE: lambda h, a, w: h.app.sessions.add_message(a, w.session_id, "hello"),
    ProjectAction.CLOSE_SESSION: lambda h, a, w: h.app.sessions.close(a, w.session_id),
    ProjectAction.WRITE_INSTRUCTIONS: lambda h, a, w: h.app.instructions.create(
        a, title="Rules", text="- No hardcoded secrets", project_id=w.project_id
    ),
    ProjectAction.READ_INSTRUCTIONS: lambda h, a, w: h.app.instructions.active_rules(
        a, w.project_id
    ),
    ProjectAction.WRITE_SPECIFICATIONS: lambda h, a, w: h.app.specifications.create(
        a, w.project_id, title="Spec", content="Build it"
    ),
    ProjectAction.READ_SPECIFICATIONS: lambda h, a, w: h.app.specifications.list(a, w.project_id),
    ProjectAction.STORE_CODEBASE: lambda h, a, w: h.app.codebases.store(
        a, w.project_id, agent_id="gen", files={"main.py": "print('hi')\n"}
    ),
    ProjectAction.READ_CODEBASES: lambda h, a, w: h.app.codebases.list(a, w.project_id),
}


def _outcome(h: Harness, actor: str, world: World, action: ProjectAction) -> str:
    try:
        ACTIONS[action](h, actor, world)
    except PermissionDeniedError:
        return "denied"
    except NotFoundError:
        return "not found"
    return "allowed"


class TestAuthorizationMatrix:
    """Each role gets exactly the matrix's answer for every action, through the services."""

    def test_every_action_has_a_probe(self) -> None:
        """The probes cover the whole action enum."""
        assert set(ACTIONS) == set(ProjectAction)

    @pytest.mark.parametrize("role", ["owner", "editor", "viewer", "stranger"])
    def test_role_against_every_action(self, harness: Harness, role: str) -> None:
        """Allowed actions succeed, others are denied, and a stranger finds nothing at all."""
        names = ("owner", "editor", "viewer", "spare", "outsider", "stranger")
        users = {name: harness.user(name).id for name in names}
        actual, expected = {}, {}
        for action in ProjectAction:
            world = _world(harness, users)
            actual[action] = _outcome(harness, users[role], world, action)
            if role == "stranger":
                expected[action] = "not found"
            else:
                allowed = action in PERMISSIONS[ProjectRole(role)]
                expected[action] = "allowed" if allowed else "denied"
        assert actual == expected

    def test_denials_are_audited(self, harness: Harness) -> None:
        """A viewer's refused write leaves a failed audit row with code permission_denied."""
        names = ("owner", "editor", "viewer", "spare", "outsider", "stranger")
        users = {name: harness.user(name).id for name in names}
        world = _world(harness, users)
        assert _outcome(harness, users["viewer"], world, ProjectAction.UPDATE) == "denied"
        failed = harness.app.audit.entries(action="project.update").items
        assert [(e.user_id, e.success, e.error_code) for e in failed] == [
            (users["viewer"], False, "permission_denied")
        ]
