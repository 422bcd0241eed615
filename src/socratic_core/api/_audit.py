"""Route group `audit`: a project's audit entries and chain verification (owner or admin)."""

# No `from __future__ import annotations`: see _accounts.py.

from typing import Annotated, Any

from fastapi import Query, Request, Response

from socratic_core.api._routing import CursorPage, Routes
from socratic_core.app import Socratic
from socratic_core.errors import PermissionDeniedError
from socratic_core.services.schemas import AuditEntryRead, ChainVerification

__all__ = ["build_audit"]


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


def build_audit(routes: Routes) -> None:
    """The audit trail: a project's entries, and verification of the hash chain."""
    app = routes.app
    Actor = Annotated[str, routes.user]  # noqa: N806 - a type alias
    Admin = Annotated[bool, routes.admin]  # noqa: N806 - a type alias

    @routes.route(
        "GET",
        "/projects/{project_id}/audit",
        model=CursorPage[AuditEntryRead],
        errors=("invalid_input",),
    )
    def project_audit(
        *,
        actor: Actor,
        admin: Admin,
        project_id: str,
        request: Request,
        response: Response,
        cursor: Annotated[str | None, Query()] = None,
        limit: Annotated[int, Query(ge=1, le=1000)] = 100,
    ) -> dict[str, Any]:
        """Read the audit entries about a project, in chain order (owner or admin)."""
        _require_owner(app, actor, project_id, admin=admin)
        page = app.audit.entries(
            entity_type="project", entity_id=project_id, limit=limit, cursor=cursor
        )
        return routes.page(request, response, list(page.items), limit, page.next_cursor)

    @routes.route("GET", "/projects/{project_id}/audit/verify", model=ChainVerification)
    def verify_project_audit(actor: Actor, admin: Admin, project_id: str) -> ChainVerification:
        """Verify the audit hash chain that holds the project's entries (owner or admin)."""
        _require_owner(app, actor, project_id, admin=admin)
        return app.audit.verify()

    @routes.route("GET", "/audit/verify", model=ChainVerification)
    def verify_audit(actor: Actor, admin: Admin) -> ChainVerification:
        """Verify the whole audit hash chain (administrators only)."""
        if not admin:
            raise PermissionDeniedError(
                "only an administrator may verify the whole audit trail",
                action="audit.verify",
                entity="user",
                entity_id=actor,
            )
        return app.audit.verify()
