"""The service permission matrix, through HTTP: every role x every action, as status codes."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest

from socratic_core.services.authorization import PERMISSIONS, ProjectAction, ProjectRole

from .conftest import Api


@dataclass
class World:
    """A fresh project with one member per role, a spare member and a session."""

    project: str
    session: str
    spare: str
    outsider: str


def _world(api: Api, users: dict[str, str]) -> World:
    owner = users["owner"]
    project = api.ok("POST", "/projects", owner, json={"name": "Matrix"})["id"]
    for name, role in (("editor", "editor"), ("viewer", "viewer"), ("spare", "viewer")):
        body = {"user_id": users[name], "role": role}
        api.ok("POST", f"/projects/{project}/collaborators", owner, json=body)
    session = api.ok("POST", f"/projects/{project}/sessions", owner, json={"title": "Talk"})["id"]
    return World(project, session, users["spare"], users["outsider"])


# One HTTP request per action: (method, path, body) from the world.
Probe = Callable[[World], tuple[str, str, dict[str, Any] | None]]

PROBES: dict[ProjectAction, Probe] = {
    ProjectAction.READ: lambda w: ("GET", f"/projects/{w.project}", None),
    ProjectAction.UPDATE: lambda w: ("PATCH", f"/projects/{w.project}", {"name": "New"}),
    ProjectAction.CHANGE_PHASE: lambda w: (
        "POST",
        f"/projects/{w.project}/phase",
        {"phase": "design"},
    ),
    ProjectAction.ARCHIVE: lambda w: ("POST", f"/projects/{w.project}/archive", None),
    ProjectAction.DELETE: lambda w: ("DELETE", f"/projects/{w.project}", None),
    ProjectAction.LIST_COLLABORATORS: lambda w: (
        "GET",
        f"/projects/{w.project}/collaborators",
        None,
    ),
    ProjectAction.ADD_COLLABORATOR: lambda w: (
        "POST",
        f"/projects/{w.project}/collaborators",
        {"user_id": w.outsider},
    ),
    ProjectAction.REMOVE_COLLABORATOR: lambda w: (
        "DELETE",
        f"/projects/{w.project}/collaborators/{w.spare}",
        None,
    ),
    ProjectAction.CHANGE_ROLE: lambda w: (
        "PATCH",
        f"/projects/{w.project}/collaborators/{w.spare}",
        {"role": "editor"},
    ),
    ProjectAction.START_SESSION: lambda w: (
        "POST",
        f"/projects/{w.project}/sessions",
        {"title": "Mine"},
    ),
    ProjectAction.READ_SESSIONS: lambda w: ("GET", f"/sessions/{w.session}/messages", None),
    ProjectAction.ADD_MESSAGE: lambda w: (
        "POST",
        f"/sessions/{w.session}/messages",
        {"content": "hello"},
    ),
    ProjectAction.CLOSE_SESSION: lambda w: ("POST", f"/sessions/{w.session}/close", None),
    ProjectAction.WRITE_INSTRUCTIONS: lambda w: (
        "POST",
        "/instructions",
        {"title": "Rules", "text": "- No hardcoded secrets", "project_id": w.project},
    ),
    ProjectAction.READ_INSTRUCTIONS: lambda w: (
        "GET",
        f"/active-rules?project_id={w.project}",
        None,
    ),
    ProjectAction.WRITE_SPECIFICATIONS: lambda w: (
        "POST",
        f"/projects/{w.project}/specifications",
        {"title": "Spec", "content": "Build it"},
    ),
    ProjectAction.READ_SPECIFICATIONS: lambda w: (
        "GET",
        f"/projects/{w.project}/specifications",
        None,
    ),
    ProjectAction.STORE_CODEBASE: lambda w: (
        "POST",
        f"/projects/{w.project}/codebases",
        {"agent_id": "gen", "files": {"main.py": "print('hi')\n"}},
    ),
    ProjectAction.READ_CODEBASES: lambda w: ("GET", f"/projects/{w.project}/codebases", None),
}


def _outcome(api: Api, actor: str, world: World, action: ProjectAction) -> str:
    method, path, body = PROBES[action](world)
    response = api.call(method, path, actor, json=body)
    if response.is_success:
        return "allowed"
    code = response.json()["code"]
    assert (response.status_code, code) in {(403, "permission_denied"), (404, "not_found")}
    return "denied" if code == "permission_denied" else "not found"


class TestAuthorizationOverHTTP:
    """Each role gets the matrix's answer for every action: 2xx, 403, or 404 for strangers."""

    def test_every_action_has_a_probe(self) -> None:
        """The probes cover the whole action enum."""
        assert set(PROBES) == set(ProjectAction)

    @pytest.mark.parametrize("role", ["owner", "editor", "viewer", "stranger"])
    def test_role_against_every_action(self, api: Api, role: str) -> None:
        """Allowed actions succeed, others are 403, and a stranger gets 404 for everything."""
        names = ("owner", "editor", "viewer", "spare", "outsider", "stranger")
        users = {name: api.user(name) for name in names}
        actual, expected = {}, {}
        for action in ProjectAction:
            world = _world(api, users)
            actual[action] = _outcome(api, users[role], world, action)
            if role == "stranger":
                expected[action] = "not found"
            else:
                allowed = action in PERMISSIONS[ProjectRole(role)]
                expected[action] = "allowed" if allowed else "denied"
        assert actual == expected
