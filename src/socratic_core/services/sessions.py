"""Socratic and chat sessions of a project, and their messages in order."""

from __future__ import annotations

import builtins
from collections.abc import Mapping
from typing import Any

from socratic_core.errors import InvalidInputError, NotFoundError
from socratic_core.models import Message, MessageRole, Session, SessionMode, SessionStatus
from socratic_core.repositories import Page, SessionAccess, UnitOfWork
from socratic_core.services._base import ServiceContext, _Service, authorize, check_access
from socratic_core.services.authorization import ProjectAction
from socratic_core.services.events import EventName
from socratic_core.services.schemas import MessageRead, SessionRead
from socratic_core.services.validation import require_text

__all__ = ["SessionService"]

_TITLE_LENGTH = 200
_MESSAGE_LENGTH = 200_000
_MAX_PAGE = 500


class SessionService:
    """Starts sessions in projects, adds messages to them and reads their history.

    Args:
        context: The unit-of-work factory, event sink and clock.
    """

    def __init__(self, context: ServiceContext) -> None:
        self._service = _Service(context)

    def start(
        self,
        actor_id: str,
        project_id: str,
        *,
        title: str,
        mode: SessionMode | str = SessionMode.SOCRATIC,
    ) -> SessionRead:
        """Start a session in a project (owners and editors).

        Args:
            actor_id: The acting user.
            project_id: The project.
            title: 1 to 200 characters.
            mode: `socratic` (the agent asks questions) or `chat`.

        Returns:
            The new, active session.

        Raises:
            InvalidInputError: An empty or long title, or an unknown mode.
            NotFoundError: No such project, or one the actor may not see.
            PermissionDeniedError: The actor is a viewer.
        """
        request = {"project_id": project_id, "title": title, "mode": str(mode)}
        with self._service._write(
            "session.start", actor_id=actor_id, entity_type="session", request=request
        ) as op:
            authorize(op.uow, actor_id, project_id, ProjectAction.START_SESSION)
            session = op.uow.sessions.add(
                Session(
                    project_id=project_id,
                    created_by_id=actor_id,
                    title=require_text(title, field="title", max_length=_TITLE_LENGTH),
                    mode=_mode(mode),
                )
            )
            op.entity_id = session.id
            op.announce(EventName.SESSION_STARTED, {"project_id": project_id})
        return SessionRead.model_validate(session)

    def get(self, actor_id: str, session_id: str) -> SessionRead:
        """Return a session of a project the actor may see.

        Raises:
            NotFoundError: No such session, or one the actor may not see.
        """
        with self._service._read() as uow:
            session = _session_for(uow, actor_id, session_id, ProjectAction.READ_SESSIONS)
            return SessionRead.model_validate(session)

    def list(self, actor_id: str, project_id: str) -> builtins.list[SessionRead]:
        """Return the sessions of a project, oldest first.

        Raises:
            NotFoundError: No such project, or one the actor may not see.
        """
        with self._service._read() as uow:
            authorize(uow, actor_id, project_id, ProjectAction.READ_SESSIONS)
            sessions = uow.sessions.list_for_project(project_id)
            return [SessionRead.model_validate(s) for s in sessions]

    def add_message(
        self,
        actor_id: str,
        session_id: str,
        content: str,
        *,
        role: MessageRole | str = MessageRole.USER,
        agent_id: str | None = None,
        metadata: Mapping[str, Any] | None = None,
    ) -> MessageRead:
        """Append a message to an active session (owners and editors).

        Args:
            actor_id: The acting user (for an agent's message, the user it answers).
            session_id: The session.
            content: The text, up to 200,000 characters.
            role: Who wrote it: `user`, `assistant`, `system` or `agent`.
            agent_id: The agent that wrote it, if one did.
            metadata: JSON-compatible details to keep with it.

        Returns:
            The stored message, with its position in the session.

        Raises:
            InvalidInputError: Empty or oversized content, an unknown role, or a closed session.
            NotFoundError: No such session, or one the actor may not see.
            PermissionDeniedError: The actor is a viewer.
        """
        request = {"session_id": session_id, "role": str(role), "length": len(content)}
        with self._service._write(
            "session.add_message", actor_id=actor_id, entity_type="message", request=request
        ) as op:
            op.agent_id = agent_id
            # After the chain lock: the position read here is the latest (writers take turns).
            access = _access(op.uow, actor_id, session_id, ProjectAction.ADD_MESSAGE)
            _require_active(access.session_status)
            message = op.uow.messages.add(
                Message(
                    session_id=session_id,
                    position=access.next_position,
                    role=_role(role),
                    content=require_text(
                        content, field="content", max_length=_MESSAGE_LENGTH, strip=False
                    ),
                    agent_id=agent_id,
                    user_id=actor_id,
                    meta=dict(metadata or {}),
                )
            )
            op.entity_id = message.id
            op.response = {"position": message.position}
            op.announce(EventName.MESSAGE_ADDED, {"session_id": session_id})
        return MessageRead.model_validate(message)

    def history(
        self, actor_id: str, session_id: str, *, limit: int = 100, cursor: str | None = None
    ) -> Page[MessageRead]:
        """Return one page of a session's messages, in order; pass `next_cursor` for the next.

        Args:
            actor_id: The acting user.
            session_id: The session.
            limit: Messages per page, 1 to 500.
            cursor: The `next_cursor` of the previous page, or None for the first page.

        Raises:
            InvalidInputError: A bad limit or cursor.
            NotFoundError: No such session, or one the actor may not see.
        """
        if not 1 <= limit <= _MAX_PAGE:
            raise InvalidInputError(f"limit must be 1 to {_MAX_PAGE}", field="limit")
        with self._service._read() as uow:
            _session_for(uow, actor_id, session_id, ProjectAction.READ_SESSIONS)
            page = uow.messages.history_page(session_id, limit=limit, cursor=cursor)
            items = [MessageRead.model_validate(m) for m in page.items]
        return Page(items=items, limit=page.limit, next_cursor=page.next_cursor)

    def close(self, actor_id: str, session_id: str) -> SessionRead:
        """Mark a session completed; it takes no more messages (owners and editors).

        Raises:
            NotFoundError: No such session, or one the actor may not see.
            PermissionDeniedError: The actor is a viewer.
        """
        with self._service._write(
            "session.close", actor_id=actor_id, entity_type="session", entity_id=session_id
        ) as op:
            session = _session_for(op.uow, actor_id, session_id, ProjectAction.CLOSE_SESSION)
            session.status = SessionStatus.COMPLETED
            session = op.uow.sessions.update(session)
            op.announce(EventName.SESSION_CLOSED)
        return SessionRead.model_validate(session)


def _session_for(uow: UnitOfWork, actor_id: str, session_id: str, action: ProjectAction) -> Session:
    _access(uow, actor_id, session_id, action)
    session = uow.sessions.get(session_id)
    if session is None:  # deleted since the access check
        raise NotFoundError(
            f"session {session_id!r} not found", entity="session", entity_id=session_id
        )
    return session


def _access(
    uow: UnitOfWork, actor_id: str, session_id: str, action: ProjectAction
) -> SessionAccess:
    """What the access query found, once `action` is allowed on the session for the actor."""
    # One query: the session's and project's status, the actor's role and status, the next
    # message position.
    access = uow.sessions.access_for(session_id, actor_id)
    try:
        if access is None:
            raise NotFoundError("hidden")
        check_access(
            actor_id,
            access.project_id,
            action,
            owner_id=access.owner_id,
            project_status=access.project_status,
            member_role=access.role,
            user_status=access.user_status,
        )
    except NotFoundError as exc:
        # The same error whether the session is missing or its project is hidden.
        raise NotFoundError(
            f"session {session_id!r} not found", entity="session", entity_id=session_id
        ) from exc
    return access


def _require_active(status: SessionStatus) -> None:
    if status is not SessionStatus.ACTIVE:
        raise InvalidInputError(
            f"the session is {status.value} and takes no more messages",
            field="session_id",
            reason="session not active",
        )


def _mode(mode: SessionMode | str) -> SessionMode:
    try:
        return SessionMode(mode)
    except ValueError as exc:
        raise InvalidInputError(f"unknown session mode {mode!r}", field="mode") from exc


def _role(role: MessageRole | str) -> MessageRole:
    try:
        return MessageRole(role)
    except ValueError as exc:
        raise InvalidInputError(f"unknown message role {role!r}", field="role") from exc
