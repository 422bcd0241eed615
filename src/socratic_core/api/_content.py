"""Route groups `sessions`, `messages`, `specifications` and `codebases`."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any

from fastapi import Query, Request, Response

from socratic_core.api._bodies import CodebaseBody, MessageBody, SessionBody, SpecificationBody
from socratic_core.api._routing import Actor, App, CursorPage, RouteGroup, page
from socratic_core.errors import InvalidInputError
from socratic_core.repositories.pagination import decode_cursor, encode_cursor
from socratic_core.services.schemas import (
    CodebaseDetail,
    CodebaseRead,
    FileRead,
    MessageRead,
    SessionRead,
    SpecificationRead,
)

__all__ = ["codebases", "messages", "sessions", "specifications"]

_FIELDS = ("invalid_input",)
Cursor = Annotated[str | None, Query(description="The `next_cursor` of the previous page.")]
Limit = Annotated[int, Query(ge=1, le=500, description="Items per page.")]

sessions = RouteGroup("sessions")
messages = RouteGroup("messages")
specifications = RouteGroup("specifications")
codebases = RouteGroup("codebases")


@sessions.route(
    "POST", "/projects/{project_id}/sessions", model=SessionRead, status=201, errors=_FIELDS
)
def start_session(app: App, actor: Actor, project_id: str, body: SessionBody) -> SessionRead:
    """Start a session in a project (owners and editors)."""
    return app.sessions.start(actor, project_id, title=body.title, mode=body.mode)


@sessions.route(
    "GET", "/projects/{project_id}/sessions", model=CursorPage[SessionRead], errors=_FIELDS
)
def list_sessions(
    *,
    app: App,
    actor: Actor,
    project_id: str,
    request: Request,
    response: Response,
    cursor: Cursor = None,
    limit: Limit = 50,
) -> dict[str, Any]:
    """List a project's sessions, oldest first, one page at a time.

    The `Link` header (`rel="next"`) and `next_cursor` lead to the next page.
    """
    items, next_cursor = _session_page(app.sessions.list(actor, project_id), cursor, limit)
    return page(request, response, items, limit, next_cursor)


@sessions.route("GET", "/sessions/{session_id}", model=SessionRead)
def get_session(app: App, actor: Actor, session_id: str) -> SessionRead:
    """Return a session."""
    return app.sessions.get(actor, session_id)


@sessions.route("POST", "/sessions/{session_id}/close", model=SessionRead)
def close_session(app: App, actor: Actor, session_id: str) -> SessionRead:
    """Mark a session completed; it takes no more messages."""
    return app.sessions.close(actor, session_id)


def _session_page(
    rows: list[SessionRead], cursor: str | None, limit: int
) -> tuple[list[SessionRead], str | None]:
    """One keyset page of sessions ordered by (created_at, id), after the cursor's key."""
    ordered = sorted(rows, key=lambda s: (s.created_at, s.id))
    if cursor is not None:
        after = _session_key(cursor)
        ordered = [s for s in ordered if (s.created_at, s.id) > after]
    items = ordered[:limit]
    more = len(ordered) > limit
    return items, encode_cursor([items[-1].created_at, items[-1].id]) if more else None


def _session_key(cursor: str) -> tuple[datetime, str]:
    created_at, session_id = decode_cursor(cursor, 2)
    aware = isinstance(created_at, datetime) and created_at.utcoffset() is not None
    if not aware or not isinstance(session_id, str):
        raise InvalidInputError("the cursor was not made for this list", field="cursor")
    return created_at, session_id


_MESSAGES = "/sessions/{session_id}/messages"


@messages.route("POST", _MESSAGES, model=MessageRead, status=201, errors=_FIELDS)
def add_message(app: App, actor: Actor, session_id: str, body: MessageBody) -> MessageRead:
    """Append a message to an active session (owners and editors)."""
    return app.sessions.add_message(
        actor,
        session_id,
        body.content,
        role=body.role,
        agent_id=body.agent_id,
        metadata=body.metadata,
    )


@messages.route("GET", _MESSAGES, model=CursorPage[MessageRead], errors=_FIELDS)
def list_messages(
    *,
    app: App,
    actor: Actor,
    session_id: str,
    request: Request,
    response: Response,
    cursor: Cursor = None,
    limit: Limit = 100,
) -> dict[str, Any]:
    """Read a session's messages in order, one page at a time.

    The `Link` header (`rel="next"`) and `next_cursor` lead to the next page.
    """
    found = app.sessions.history(actor, session_id, limit=limit, cursor=cursor)
    return page(request, response, list(found.items), limit, found.next_cursor)


_SPECIFICATIONS = "/projects/{project_id}/specifications"


@specifications.route("POST", _SPECIFICATIONS, model=SpecificationRead, status=201, errors=_FIELDS)
def create_specification(
    app: App, actor: Actor, project_id: str, body: SpecificationBody
) -> SpecificationRead:
    """Store the next version of a project's specification (owners and editors)."""
    return app.specifications.create(actor, project_id, **body.model_dump())


@specifications.route("GET", _SPECIFICATIONS, model=list[SpecificationRead])
def list_specifications(app: App, actor: Actor, project_id: str) -> list[SpecificationRead]:
    """List every version of a project's specification, oldest first."""
    return app.specifications.list(actor, project_id)


@specifications.route("GET", _SPECIFICATIONS + "/latest", model=SpecificationRead)
def latest_specification(app: App, actor: Actor, project_id: str) -> SpecificationRead:
    """Return the newest version (404 when the project has none yet)."""
    return app.specifications.latest(actor, project_id)


@specifications.route("GET", "/specifications/{specification_id}", model=SpecificationRead)
def get_specification(app: App, actor: Actor, specification_id: str) -> SpecificationRead:
    """Return one specification version."""
    return app.specifications.get(actor, specification_id)


_CODEBASES = "/projects/{project_id}/codebases"


@codebases.route("POST", _CODEBASES, model=CodebaseDetail, status=201, errors=_FIELDS)
def store_codebase(app: App, actor: Actor, project_id: str, body: CodebaseBody) -> CodebaseDetail:
    """Store a generated codebase with its files (owners and editors)."""
    return app.codebases.store(actor, project_id, **body.model_dump())


@codebases.route("GET", _CODEBASES, model=list[CodebaseRead])
def list_codebases(app: App, actor: Actor, project_id: str) -> list[CodebaseRead]:
    """List a project's codebases, without their files."""
    return app.codebases.list(actor, project_id)


@codebases.route("GET", "/codebases/{codebase_id}", model=CodebaseDetail)
def get_codebase(app: App, actor: Actor, codebase_id: str) -> CodebaseDetail:
    """Return a codebase with its files."""
    return app.codebases.get(actor, codebase_id)


@codebases.route(
    "GET", "/codebases/{codebase_id}/files/{path:path}", model=FileRead, errors=_FIELDS
)
def get_file(app: App, actor: Actor, codebase_id: str, path: str) -> FileRead:
    """Return one file of a codebase by its relative path."""
    return app.codebases.file(actor, codebase_id, path)
