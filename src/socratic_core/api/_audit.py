"""Route group `audit`: a project's audit entries and chain verification (owner or admin)."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import Query, Request, Response

from socratic_core.api._routing import Actor, Admin, App, CursorPage, RouteGroup, page
from socratic_core.app import Socratic
from socratic_core.errors import PermissionDeniedError
from socratic_core.services.schemas import AuditEntryRead, ChainVerification

__all__ = ["audit"]

audit = RouteGroup("audit")


def _require_owner(app: Socratic, actor: str, project_id: str, *, admin: bool) -> None:
    """Let the project's owner or an administrator through; a member who is neither gets 403."""
    if admin:
        return
    project = app.projects.get(actor, project_id)  # 404 for whoever has no role in it
    if project.owner_id != actor:
        raise PermissionDeniedError(
            "only the project's owner or an administrator may read its audit trail",
            action="audit.read",
            entity="project",
            entity_id=project_id,
        )


@audit.route(
    "GET",
    "/projects/{project_id}/audit",
    model=CursorPage[AuditEntryRead],
    errors=("invalid_input",),
)
def project_audit(
    *,
    app: App,
    actor: Actor,
    admin: Admin,
    project_id: str,
    request: Request,
    response: Response,
    cursor: Annotated[str | None, Query()] = None,
    limit: Annotated[int, Query(ge=1, le=1000)] = 100,
) -> dict[str, Any]:
    """Read a project's audit chain: every action in the project, in order (owner or admin)."""
    _require_owner(app, actor, project_id, admin=admin)
    found = app.audit.entries(project_id=project_id, limit=limit, cursor=cursor)
    return page(request, response, list(found.items), limit, found.next_cursor)


@audit.route("GET", "/projects/{project_id}/audit/verify", model=ChainVerification)
def verify_project_audit(
    app: App, actor: Actor, admin: Admin, project_id: str
) -> ChainVerification:
    """Verify the audit hash chains, the project's among them (owner or admin)."""
    _require_owner(app, actor, project_id, admin=admin)
    return app.audit.verify()


@audit.route("GET", "/audit/verify", model=ChainVerification)
def verify_audit(app: App, actor: Actor, admin: Admin) -> ChainVerification:
    """Verify the whole audit hash chain (administrators only)."""
    if not admin:
        raise PermissionDeniedError(
            "only an administrator may verify the whole audit trail",
            action="audit.verify",
            entity="user",
            entity_id=actor,
        )
    return app.audit.verify()
