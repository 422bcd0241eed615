"""Route groups `users`, `projects` and `collaborators`."""

from __future__ import annotations

from socratic_core.api._bodies import (
    CollaboratorBody,
    PasswordChange,
    PhaseBody,
    ProjectBody,
    ProjectChange,
    RegisterBody,
    RoleBody,
    SignInBody,
)
from socratic_core.api._routing import Actor, App, RouteGroup
from socratic_core.services.schemas import CollaboratorRead, ProjectRead, UserRead

__all__ = ["collaborators", "projects", "users"]

_FIELDS = ("invalid_input",)

users = RouteGroup("users")
projects = RouteGroup("projects")
collaborators = RouteGroup("collaborators")


@users.route("POST", "/users", model=UserRead, status=201, errors=("conflict",), actor=False)
def register(app: App, body: RegisterBody) -> UserRead:
    """Register a user.

    A taken username or email is a 409 `conflict` naming the `field`.
    """
    return app.users.register(**body.model_dump())


@users.route(
    "POST", "/users/sign-in", model=UserRead, errors=("authentication_failed",), actor=False
)
def sign_in(app: App, body: SignInBody) -> UserRead:
    """Check a username (or email) and password; return the user.

    The host issues its own session or token after this succeeds.
    """
    return app.users.authenticate(body.login, body.password)


@users.route("GET", "/users/me", model=UserRead)
def me(app: App, actor: Actor) -> UserRead:
    """Return the acting user."""
    return app.users.get(actor)


@users.route("POST", "/users/me/password", errors=_FIELDS)
def change_password(app: App, actor: Actor, body: PasswordChange) -> None:
    """Change the acting user's password (the current one must be given)."""
    app.users.change_password(
        actor, current_password=body.current_password, new_password=body.new_password
    )


@projects.route("POST", "/projects", model=ProjectRead, status=201, errors=_FIELDS)
def create_project(app: App, actor: Actor, body: ProjectBody) -> ProjectRead:
    """Create a project; the acting user owns it."""
    return app.projects.create(actor, **body.model_dump())


@projects.route("GET", "/projects", model=list[ProjectRead])
def list_projects(app: App, actor: Actor) -> list[ProjectRead]:
    """List the projects the acting user owns or collaborates on."""
    return app.projects.list(actor)


@projects.route("GET", "/projects/{project_id}", model=ProjectRead)
def get_project(app: App, actor: Actor, project_id: str) -> ProjectRead:
    """Return a project (404 when it does not exist or the actor has no role in it)."""
    return app.projects.get(actor, project_id)


@projects.route("PATCH", "/projects/{project_id}", model=ProjectRead, errors=(*_FIELDS, "conflict"))
def update_project(app: App, actor: Actor, project_id: str, body: ProjectChange) -> ProjectRead:
    """Change a project's fields; a stale `expected_version` is a 409 `conflict`."""
    return app.projects.update(actor, project_id, **body.model_dump())


@projects.route("POST", "/projects/{project_id}/phase", model=ProjectRead, errors=_FIELDS)
def change_phase(app: App, actor: Actor, project_id: str, body: PhaseBody) -> ProjectRead:
    """Move a project one phase forward or back."""
    return app.projects.change_phase(actor, project_id, body.phase)


@projects.route("POST", "/projects/{project_id}/archive", model=ProjectRead)
def archive_project(app: App, actor: Actor, project_id: str) -> ProjectRead:
    """Archive a project (owner only); it stays readable."""
    return app.projects.archive(actor, project_id)


@projects.route("DELETE", "/projects/{project_id}")
def delete_project(app: App, actor: Actor, project_id: str) -> None:
    """Delete a project (owner only); no one can see it afterwards."""
    app.projects.delete(actor, project_id)


_MEMBERS = "/projects/{project_id}/collaborators"


@collaborators.route("GET", _MEMBERS, model=list[CollaboratorRead])
def list_collaborators(app: App, actor: Actor, project_id: str) -> list[CollaboratorRead]:
    """List a project's members, the owner included."""
    return app.projects.collaborators(actor, project_id)


@collaborators.route("POST", _MEMBERS, model=CollaboratorRead, status=201, errors=("conflict",))
def add_collaborator(
    app: App, actor: Actor, project_id: str, body: CollaboratorBody
) -> CollaboratorRead:
    """Give a user a role in a project (owner only)."""
    return app.projects.add_collaborator(actor, project_id, body.user_id, body.role)


@collaborators.route("PATCH", _MEMBERS + "/{user_id}", model=CollaboratorRead, errors=_FIELDS)
def change_role(
    app: App, actor: Actor, project_id: str, user_id: str, body: RoleBody
) -> CollaboratorRead:
    """Change a member's role (owner only)."""
    return app.projects.change_role(actor, project_id, user_id, body.role)


@collaborators.route("DELETE", _MEMBERS + "/{user_id}", errors=_FIELDS)
def remove_collaborator(app: App, actor: Actor, project_id: str, user_id: str) -> None:
    """Take a member's role away (owner only)."""
    app.projects.remove_collaborator(actor, project_id, user_id)
