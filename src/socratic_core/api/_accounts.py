"""Route groups `users`, `projects` and `collaborators`."""

# No `from __future__ import annotations` in route modules: FastAPI reads the annotations of
# these closures, which name objects only the enclosing function can see.

from typing import Annotated

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
from socratic_core.api._routing import Routes
from socratic_core.services.schemas import CollaboratorRead, ProjectRead, UserRead

__all__ = ["build_collaborators", "build_projects", "build_users"]

_FIELDS = ("invalid_input",)


def build_users(routes: Routes) -> None:
    """Registration, sign-in (no token: issuing one is the host's job) and the acting user."""
    users = routes.app.users

    @routes.route("POST", "/users", model=UserRead, status=201, errors=("conflict",), actor=False)
    def register(body: RegisterBody) -> UserRead:
        """Register a user.

        A taken username or email is a 409 `conflict` naming the `field`.
        """
        return users.register(**body.model_dump())

    @routes.route(
        "POST", "/users/sign-in", model=UserRead, errors=("authentication_failed",), actor=False
    )
    def sign_in(body: SignInBody) -> UserRead:
        """Check a username (or email) and password; return the user.

        The host issues its own session or token after this succeeds.
        """
        return users.authenticate(body.login, body.password)

    @routes.route("GET", "/users/me", model=UserRead)
    def me(actor: Annotated[str, routes.user]) -> UserRead:
        """Return the acting user."""
        return users.get(actor)

    @routes.route("POST", "/users/me/password", errors=_FIELDS)
    def change_password(actor: Annotated[str, routes.user], body: PasswordChange) -> None:
        """Change the acting user's password (the current one must be given)."""
        users.change_password(
            actor, current_password=body.current_password, new_password=body.new_password
        )


def build_projects(routes: Routes) -> None:
    """Projects: create, list, read, change, move through phases, archive, delete."""
    projects = routes.app.projects
    Actor = Annotated[str, routes.user]  # noqa: N806 - a type alias

    @routes.route("POST", "/projects", model=ProjectRead, status=201, errors=_FIELDS)
    def create_project(actor: Actor, body: ProjectBody) -> ProjectRead:
        """Create a project; the acting user owns it."""
        return projects.create(actor, **body.model_dump())

    @routes.route("GET", "/projects", model=list[ProjectRead])
    def list_projects(actor: Actor) -> list[ProjectRead]:
        """List the projects the acting user owns or collaborates on."""
        return projects.list(actor)

    @routes.route("GET", "/projects/{project_id}", model=ProjectRead)
    def get_project(actor: Actor, project_id: str) -> ProjectRead:
        """Return a project (404 when it does not exist or the actor has no role in it)."""
        return projects.get(actor, project_id)

    @routes.route(
        "PATCH", "/projects/{project_id}", model=ProjectRead, errors=(*_FIELDS, "conflict")
    )
    def update_project(actor: Actor, project_id: str, body: ProjectChange) -> ProjectRead:
        """Change a project's fields; a stale `expected_version` is a 409 `conflict`."""
        return projects.update(actor, project_id, **body.model_dump())

    @routes.route("POST", "/projects/{project_id}/phase", model=ProjectRead, errors=_FIELDS)
    def change_phase(actor: Actor, project_id: str, body: PhaseBody) -> ProjectRead:
        """Move a project one phase forward or back."""
        return projects.change_phase(actor, project_id, body.phase)

    @routes.route("POST", "/projects/{project_id}/archive", model=ProjectRead)
    def archive_project(actor: Actor, project_id: str) -> ProjectRead:
        """Archive a project (owner only); it stays readable."""
        return projects.archive(actor, project_id)

    @routes.route("DELETE", "/projects/{project_id}")
    def delete_project(actor: Actor, project_id: str) -> None:
        """Delete a project (owner only); no one can see it afterwards."""
        projects.delete(actor, project_id)


def build_collaborators(routes: Routes) -> None:
    """A project's members and their roles."""
    projects = routes.app.projects
    Actor = Annotated[str, routes.user]  # noqa: N806 - a type alias
    path = "/projects/{project_id}/collaborators"

    @routes.route("GET", path, model=list[CollaboratorRead])
    def list_collaborators(actor: Actor, project_id: str) -> list[CollaboratorRead]:
        """List a project's members, the owner included."""
        return projects.collaborators(actor, project_id)

    @routes.route("POST", path, model=CollaboratorRead, status=201, errors=("conflict",))
    def add_collaborator(actor: Actor, project_id: str, body: CollaboratorBody) -> CollaboratorRead:
        """Give a user a role in a project (owner only)."""
        return projects.add_collaborator(actor, project_id, body.user_id, body.role)

    @routes.route("PATCH", path + "/{user_id}", model=CollaboratorRead, errors=_FIELDS)
    def change_role(
        actor: Actor, project_id: str, user_id: str, body: RoleBody
    ) -> CollaboratorRead:
        """Change a member's role (owner only)."""
        return projects.change_role(actor, project_id, user_id, body.role)

    @routes.route("DELETE", path + "/{user_id}", errors=_FIELDS)
    def remove_collaborator(actor: Actor, project_id: str, user_id: str) -> None:
        """Take a member's role away (owner only)."""
        projects.remove_collaborator(actor, project_id, user_id)
