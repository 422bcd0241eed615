"""Versioned technical specifications of a project."""

from __future__ import annotations

import builtins

from socratic_core._events import EventName
from socratic_core.errors import NotFoundError
from socratic_core.models import TechnicalSpecification
from socratic_core.services._base import ServiceContext, _Service, authorize
from socratic_core.services.authorization import ProjectAction
from socratic_core.services.schemas import SpecificationRead
from socratic_core.services.validation import require_ids, require_text

__all__ = ["SpecificationService"]

_TITLE_LENGTH = 200
_CONTENT_LENGTH = 1_000_000
_AGENT_ID_LENGTH = 100


class SpecificationService:
    """Stores each new specification of a project as its next version; old ones stay readable.

    Args:
        context: The unit-of-work factory, event sink and clock.
    """

    def __init__(self, context: ServiceContext) -> None:
        self._service = _Service(context)

    def create(
        self,
        actor_id: str,
        project_id: str,
        *,
        title: str,
        content: str,
        agent_id: str | None = None,
    ) -> SpecificationRead:
        """Store the next version of a project's specification (owners and editors).

        Args:
            actor_id: The acting user.
            project_id: The project.
            title: 1 to 200 characters.
            content: The specification, up to 1,000,000 characters.
            agent_id: The agent that wrote it, if one did.

        Returns:
            The stored specification with its version (1 first).

        Raises:
            InvalidInputError: An empty or oversized field.
            NotFoundError: No such project, or one the actor may not see.
            PermissionDeniedError: The actor is a viewer.
        """
        length = len(content) if isinstance(content, str) else None
        request = {"project_id": project_id, "title": title, "length": length}
        with self._service._attempt(
            "specification.create",
            actor_id=actor_id,
            entity_type="specification",
            request=request,
            project=project_id,
        ) as op:
            op.agent_id = agent_id
            fields = {
                "title": require_text(title, field="title", max_length=_TITLE_LENGTH),
                "content": require_text(
                    content, field="content", max_length=_CONTENT_LENGTH, strip=False
                ),
                "agent_id": None
                if agent_id is None
                else require_text(agent_id, field="agent_id", max_length=_AGENT_ID_LENGTH),
            }
            with op.transaction() as uow:
                authorize(uow, actor_id, project_id, ProjectAction.WRITE_SPECIFICATIONS)
                spec = uow.specifications.add(
                    TechnicalSpecification(
                        project_id=project_id,
                        version=uow.specifications.next_version(project_id),
                        **fields,
                    )
                )
                op.entity_id = spec.id
                op.response = {"version": spec.version}
                op.announce(EventName.SPECIFICATION_CREATED, {"version": spec.version})
        return SpecificationRead.model_validate(spec)

    def latest(self, actor_id: str, project_id: str) -> SpecificationRead:
        """Return the newest version of a project's specification.

        Raises:
            InvalidInputError: An id that is not text or too long.
            NotFoundError: No such project (or one the actor may not see), or no specification.
        """
        require_ids(actor_id=actor_id, project_id=project_id)
        with self._service._read() as uow:
            authorize(uow, actor_id, project_id, ProjectAction.READ_SPECIFICATIONS)
            spec = uow.specifications.latest_for_project(project_id)
            if spec is None:
                raise NotFoundError("the project has no specification yet", entity="specification")
            return SpecificationRead.model_validate(spec)

    def list(self, actor_id: str, project_id: str) -> builtins.list[SpecificationRead]:
        """Return every version of a project's specification, oldest first.

        Raises:
            InvalidInputError: An id that is not text or too long.
            NotFoundError: No such project, or one the actor may not see.
        """
        require_ids(actor_id=actor_id, project_id=project_id)
        with self._service._read() as uow:
            authorize(uow, actor_id, project_id, ProjectAction.READ_SPECIFICATIONS)
            specs = uow.specifications.list_for_project(project_id)
            return [SpecificationRead.model_validate(s) for s in specs]

    def get(self, actor_id: str, specification_id: str) -> SpecificationRead:
        """Return one specification version by id.

        Raises:
            InvalidInputError: An id that is not text or too long.
            NotFoundError: No such specification, or one the actor may not see.
        """
        require_ids(actor_id=actor_id, specification_id=specification_id)
        with self._service._read() as uow:
            spec = uow.specifications.get(specification_id)
            try:
                if spec is None:
                    raise NotFoundError("hidden")
                authorize(uow, actor_id, spec.project_id, ProjectAction.READ_SPECIFICATIONS)
            except NotFoundError as exc:
                raise NotFoundError(
                    f"specification {specification_id!r} not found",
                    entity="specification",
                    entity_id=specification_id,
                ) from exc
            return SpecificationRead.model_validate(spec)
