"""Projects and their collaborators, with every read and write checked against the actor's role."""

from __future__ import annotations

import builtins
from collections.abc import Iterator, Mapping, Sequence
from contextlib import AbstractContextManager, contextmanager
from typing import Any

from socratic_core._events import EventName
from socratic_core.errors import ConflictError, InvalidInputError, NotFoundError
from socratic_core.models import (
    CollaboratorRole,
    Project,
    ProjectCollaborator,
    ProjectPhase,
    ProjectStatus,
    new_id,
)
from socratic_core.services._base import (
    ServiceContext,
    _Operation,
    _Service,
    authorize,
    load_actor,
)
from socratic_core.services.authorization import ProjectAction
from socratic_core.services.phases import check_phase_transition
from socratic_core.services.schemas import CollaboratorRead, ProjectRead
from socratic_core.services.validation import (
    require_choice,
    require_id,
    require_ids,
    require_int,
    require_strings,
    require_text,
)
from socratic_core.uow import UnitOfWork

__all__ = ["ProjectService"]

_NAME_LENGTH = 200
_DESCRIPTION_LENGTH = 10_000
_STACK_ITEMS = 50
_STACK_ITEM_LENGTH = 50


class ProjectService:
    """Creates, changes and shares projects; only the roles' permissions let anything through.

    Args:
        context: The unit-of-work factory, event sink and clock.
    """

    def __init__(self, context: ServiceContext) -> None:
        self._service = _Service(context)

    def create(
        self,
        actor_id: str,
        *,
        name: str,
        description: str | None = None,
        tech_stack: Sequence[str] = (),
    ) -> ProjectRead:
        """Create a project in the planning phase; its creator becomes its owner.

        Args:
            actor_id: The acting user, who will own the project.
            name: 1 to 200 characters.
            description: Up to 10,000 characters.
            tech_stack: Up to 50 technology names.

        Returns:
            The new project.

        Raises:
            InvalidInputError: A field is empty or too long.
            NotFoundError: The actor does not exist.
            PermissionDeniedError: The actor is suspended.
        """
        request = {"name": name, "description": description, "tech_stack": tech_stack}
        project_id = new_id()  # known up front: the project's audit chain starts with this row
        with self._service._attempt(
            "project.create",
            actor_id=actor_id,
            entity_type="project",
            request=request,
            project=project_id,
        ) as op:
            fields = {
                "name": require_text(name, field="name", max_length=_NAME_LENGTH),
                "description": _description(description),
                "tech_stack": _stack(tech_stack),
            }
            op.entity_id = project_id
            with op.transaction():
                load_actor(op.uow, actor_id)
                project = op.uow.projects.add(Project(id=project_id, owner_id=actor_id, **fields))
                op.uow.collaborators.add(
                    ProjectCollaborator(
                        project_id=project.id, user_id=actor_id, role=CollaboratorRole.OWNER
                    )
                )
                op.response = {"id": project.id, "phase": project.phase.value}
                op.announce(EventName.PROJECT_CREATED, {"name": project.name})
        return ProjectRead.model_validate(project)

    def get(self, actor_id: str, project_id: str) -> ProjectRead:
        """Return a project the actor may see.

        Raises:
            InvalidInputError: An id that is not text or too long.
            NotFoundError: No such project, or one the actor may not see.
        """
        require_ids(actor_id=actor_id, project_id=project_id)
        with self._service._read() as uow:
            project, _role = authorize(uow, actor_id, project_id, ProjectAction.READ)
            return ProjectRead.model_validate(project)

    def list(self, actor_id: str) -> list[ProjectRead]:
        """Return every project the actor owns or collaborates on (deleted ones left out).

        Raises:
            InvalidInputError: An id that is not text or too long.
            NotFoundError: The actor does not exist.
        """
        require_id(actor_id, field="actor_id")
        with self._service._read() as uow:
            load_actor(uow, actor_id)
            projects = uow.projects.list_accessible(actor_id)
            return [
                ProjectRead.model_validate(p)
                for p in projects
                if p.status is not ProjectStatus.DELETED
            ]

    def update(
        self,
        actor_id: str,
        project_id: str,
        *,
        name: str | None = None,
        description: str | None = None,
        tech_stack: Sequence[str] | None = None,
        expected_version: int | None = None,
    ) -> ProjectRead:
        """Change a project's name, description or tech stack (owners and editors).

        Args:
            actor_id: The acting user.
            project_id: The project.
            name: A new name, or None to keep it.
            description: A new description, or None to keep it.
            tech_stack: A new tech stack, or None to keep it.
            expected_version: The `version` the caller last read; a newer one is a conflict.

        Returns:
            The updated project.

        Raises:
            ConflictError: The project changed since `expected_version`.
            InvalidInputError: A field is empty or too long.
            NotFoundError: No such project, or one the actor may not see.
            PermissionDeniedError: The actor is a viewer.
        """
        request = {"name": name, "description": description, "tech_stack": tech_stack}
        with self._project_attempt(actor_id, project_id, "project.update", request) as op:
            changes: dict[str, Any] = {}
            if name is not None:
                changes["name"] = require_text(name, field="name", max_length=_NAME_LENGTH)
            if description is not None:
                changes["description"] = _description(description)
            if tech_stack is not None:
                changes["tech_stack"] = _stack(tech_stack)
            if expected_version is not None:
                require_int(expected_version, field="expected_version", minimum=0, maximum=2**31)
            with op.transaction():
                project, _role = authorize(op.uow, actor_id, project_id, ProjectAction.UPDATE)
                _check_version(project, expected_version)
                for key, value in changes.items():
                    setattr(project, key, value)
                project = op.uow.projects.update(project)
                op.response = {"version": project.version}
                op.announce(EventName.PROJECT_UPDATED, {"version": project.version})
        return ProjectRead.model_validate(project)

    def change_phase(
        self, actor_id: str, project_id: str, phase: ProjectPhase | str
    ) -> ProjectRead:
        """Move a project one phase forward or back (owners and editors).

        Args:
            actor_id: The acting user.
            project_id: The project.
            phase: The phase to move to.

        Returns:
            The project in its new phase.

        Raises:
            InvalidInputError: An unknown phase, a skip ahead or a jump back of more than one.
            NotFoundError: No such project, or one the actor may not see.
            PermissionDeniedError: The actor is a viewer.
        """
        request = {"phase": phase}
        with self._project_attempt(actor_id, project_id, "project.change_phase", request) as op:
            target = require_choice(phase, ProjectPhase, field="phase").value
            with op.transaction():
                project, _role = authorize(op.uow, actor_id, project_id, ProjectAction.CHANGE_PHASE)
                previous = project.phase.value
                check_phase_transition(previous, target)
                project.phase = ProjectPhase(target)
                project = op.uow.projects.update(project)
                op.response = {"from": previous, "to": target}
                op.announce(EventName.PROJECT_PHASE_CHANGED, {"from": previous, "to": target})
        return ProjectRead.model_validate(project)

    def archive(self, actor_id: str, project_id: str) -> ProjectRead:
        """Archive a project (owners only); it stays readable.

        Raises:
            NotFoundError: No such project, or one the actor may not see.
            PermissionDeniedError: The actor is not the owner.
        """
        with self._project_write(actor_id, project_id, "project.archive", None) as op:
            project, _role = authorize(op.uow, actor_id, project_id, ProjectAction.ARCHIVE)
            project.status = ProjectStatus.ARCHIVED
            project = op.uow.projects.update(project)
            op.announce(EventName.PROJECT_ARCHIVED)
        return ProjectRead.model_validate(project)

    def delete(self, actor_id: str, project_id: str) -> None:
        """Delete a project softly (owners only): it is kept, but no one can see it any more.

        Raises:
            NotFoundError: No such project, or one the actor may not see.
            PermissionDeniedError: The actor is not the owner.
        """
        with self._project_write(actor_id, project_id, "project.delete", None) as op:
            project, _role = authorize(op.uow, actor_id, project_id, ProjectAction.DELETE)
            project.status = ProjectStatus.DELETED
            op.uow.projects.update(project)
            op.announce(EventName.PROJECT_DELETED)

    def collaborators(self, actor_id: str, project_id: str) -> builtins.list[CollaboratorRead]:
        """Return the members of a project, the owner included.

        Raises:
            InvalidInputError: An id that is not text or too long.
            NotFoundError: No such project, or one the actor may not see.
        """
        require_ids(actor_id=actor_id, project_id=project_id)
        with self._service._read() as uow:
            authorize(uow, actor_id, project_id, ProjectAction.LIST_COLLABORATORS)
            rows = uow.collaborators.list_for_project(project_id)
            return [CollaboratorRead.model_validate(row) for row in rows]

    def add_collaborator(
        self,
        actor_id: str,
        project_id: str,
        user_id: str,
        role: CollaboratorRole | str = CollaboratorRole.VIEWER,
    ) -> CollaboratorRead:
        """Give another user a role in a project (owners only).

        Args:
            actor_id: The acting user.
            project_id: The project.
            user_id: The user to add.
            role: `editor` or `viewer` (a project has one owner).

        Returns:
            The new membership.

        Raises:
            ConflictError: The user is already a member.
            InvalidInputError: The role is `owner` or unknown.
            NotFoundError: No such project (or one the actor may not see), or no such user.
            PermissionDeniedError: The actor is not the owner.
        """
        request = {"user_id": user_id, "role": role}
        with self._project_attempt(actor_id, project_id, "collaborator.add", request) as op:
            require_id(user_id, field="user_id")
            member_role = _member_role(role)
            with op.transaction():
                authorize(op.uow, actor_id, project_id, ProjectAction.ADD_COLLABORATOR)
                load_actor(op.uow, user_id)
                row = _add_member(op.uow, project_id, user_id, member_role)
            op.announce(
                EventName.COLLABORATOR_ADDED, {"user_id": user_id, "role": member_role.value}
            )
        return CollaboratorRead.model_validate(row)

    def change_role(
        self, actor_id: str, project_id: str, user_id: str, role: CollaboratorRole | str
    ) -> CollaboratorRead:
        """Change a member's role between `editor` and `viewer` (owners only).

        Raises:
            InvalidInputError: The role is `owner` or unknown, or the member is the owner.
            NotFoundError: No such project (or one the actor may not see), or no such member.
            PermissionDeniedError: The actor is not the owner.
        """
        request = {"user_id": user_id, "role": role}
        with self._project_attempt(actor_id, project_id, "collaborator.change_role", request) as op:
            require_id(user_id, field="user_id")
            member_role = _member_role(role)
            with op.transaction():
                project, _role = authorize(op.uow, actor_id, project_id, ProjectAction.CHANGE_ROLE)
                row = _membership(op.uow, project, user_id)
                row.role = member_role
                row = op.uow.collaborators.update(row)
            op.announce(
                EventName.COLLABORATOR_ROLE_CHANGED, {"user_id": user_id, "role": member_role.value}
            )
        return CollaboratorRead.model_validate(row)

    def remove_collaborator(self, actor_id: str, project_id: str, user_id: str) -> None:
        """Take a member's role away (owners only); the owner cannot be removed.

        Raises:
            InvalidInputError: The member is the owner.
            NotFoundError: No such project (or one the actor may not see), or no such member.
            PermissionDeniedError: The actor is not the owner.
        """
        request = {"user_id": user_id}
        with self._project_attempt(actor_id, project_id, "collaborator.remove", request) as op:
            require_id(user_id, field="user_id")
            with op.transaction():
                project, _role = authorize(
                    op.uow, actor_id, project_id, ProjectAction.REMOVE_COLLABORATOR
                )
                op.uow.collaborators.delete(_membership(op.uow, project, user_id))
            op.announce(EventName.COLLABORATOR_REMOVED, request)

    @contextmanager
    def _project_write(
        self, actor_id: str, project_id: str, action: str, request: Mapping[str, Any] | None
    ) -> Iterator[_Operation]:
        with self._project_attempt(actor_id, project_id, action, request) as op, op.transaction():
            yield op

    def _project_attempt(
        self, actor_id: str, project_id: str, action: str, request: Mapping[str, Any] | None
    ) -> AbstractContextManager[_Operation]:
        return self._service._attempt(
            action,
            actor_id=actor_id,
            entity_type="project",
            entity_id=project_id,
            request=request,
            project=project_id,
        )


def _description(value: str | None) -> str | None:
    if value is None:
        return None
    text = require_text(
        value, field="description", max_length=_DESCRIPTION_LENGTH, allow_empty=True
    )
    return text or None


def _stack(items: Sequence[str]) -> list[str]:
    return require_strings(
        items, field="tech_stack", max_items=_STACK_ITEMS, max_length=_STACK_ITEM_LENGTH
    )


def _add_member(
    uow: UnitOfWork, project_id: str, user_id: str, role: CollaboratorRole
) -> ProjectCollaborator:
    if uow.collaborators.get_for(project_id, user_id) is not None:
        raise ConflictError(
            "that user is already a member of the project",
            entity="project_collaborator",
            field="user_id",
        )
    return uow.collaborators.add(
        ProjectCollaborator(project_id=project_id, user_id=user_id, role=role)
    )


def _check_version(project: Project, expected: int | None) -> None:
    if expected is not None and expected != project.version:
        raise ConflictError(
            f"project changed since version {expected} (now {project.version})",
            entity="project",
            entity_id=project.id,
            field="version",
        )


def _member_role(role: CollaboratorRole | str) -> CollaboratorRole:
    value = role.value if isinstance(role, CollaboratorRole) else role
    if not isinstance(value, str) or value not in ("editor", "viewer"):
        shown = value[:40] if isinstance(value, str) else type(value).__name__
        raise InvalidInputError(
            f"role must be editor or viewer, not {shown!r}", field="role", reason="invalid role"
        )
    return CollaboratorRole(value)


def _membership(uow: UnitOfWork, project: Project, user_id: str) -> ProjectCollaborator:
    if project.owner_id == user_id:
        raise InvalidInputError("the owner's role cannot change", field="user_id")
    row = uow.collaborators.get_for(project.id, user_id)
    if row is None:
        raise NotFoundError(
            "that user is not a member of the project",
            entity="project_collaborator",
            entity_id=user_id,
        )
    return row
