"""Socratic and chat sessions of a project, and their messages in order."""

from __future__ import annotations

import builtins
from collections.abc import Callable, Mapping
from typing import Any

from socratic_core._events import EventName
from socratic_core.errors import InvalidInputError, NotFoundError
from socratic_core.models import Message, MessageRole, Session, SessionMode, SessionStatus
from socratic_core.repositories import Page, SessionAccess
from socratic_core.services._base import ServiceContext, _Service, authorize, check_access
from socratic_core.services.authorization import ProjectAction
from socratic_core.services.schemas import MessageRead, SessionRead
from socratic_core.services.validation import (
    require_choice,
    require_id,
    require_ids,
    require_int,
    require_json,
    require_text,
)
from socratic_core.uow import UnitOfWork

__all__ = ["SessionService"]

_TITLE_LENGTH = 200
_MESSAGE_LENGTH = 200_000
_MAX_PAGE = 500
_AGENT_ID_LENGTH = 100
_KNOWN_SESSIONS = 10_000


class SessionService:
    """Starts sessions in projects, adds messages to them and reads their history.

    Args:
        context: The unit-of-work factory, event sink and clock.
    """

    def __init__(self, context: ServiceContext) -> None:
        self._service = _Service(context)
        # session id -> project id: a session never moves, so its audit chain is looked up once.
        self._projects: dict[str, str] = {}

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
        request = {"project_id": project_id, "title": title, "mode": mode}
        with self._service._attempt(
            "session.start",
            actor_id=actor_id,
            entity_type="session",
            request=request,
            project=project_id,
        ) as op:
            fields = {
                "title": require_text(title, field="title", max_length=_TITLE_LENGTH),
                "mode": require_choice(mode, SessionMode, field="mode"),
            }
            with op.transaction() as uow:
                authorize(uow, actor_id, project_id, ProjectAction.START_SESSION)
                session = uow.sessions.add(
                    Session(project_id=project_id, created_by_id=actor_id, **fields)
                )
                op.entity_id = session.id
                op.announce(EventName.SESSION_STARTED, {"project_id": project_id})
        return SessionRead.model_validate(session)

    def get(self, actor_id: str, session_id: str) -> SessionRead:
        """Return a session of a project the actor may see.

        Raises:
            InvalidInputError: An id that is not text or too long.
            NotFoundError: No such session, or one the actor may not see.
        """
        require_ids(actor_id=actor_id, session_id=session_id)
        with self._service._read() as uow:
            session = _session_for(uow, actor_id, session_id, ProjectAction.READ_SESSIONS)
            return SessionRead.model_validate(session)

    def list(self, actor_id: str, project_id: str) -> builtins.list[SessionRead]:
        """Return the sessions of a project, oldest first.

        Raises:
            InvalidInputError: An id that is not text or too long.
            NotFoundError: No such project, or one the actor may not see.
        """
        require_ids(actor_id=actor_id, project_id=project_id)
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
            metadata: A JSON object to keep with it (no NaN, sets, datetimes or cycles; at most
                10 levels deep and 64 KiB).

        Returns:
            The stored message, with its position in the session.

        Raises:
            InvalidInputError: Empty or oversized content, an unknown role, metadata that is
                not bounded JSON, or a closed session.
            NotFoundError: No such session, or one the actor may not see.
            PermissionDeniedError: The actor is a viewer.
        """
        length = len(content) if isinstance(content, str) else None
        request = {"session_id": session_id, "role": role, "length": length}
        with self._service._attempt(
            "session.add_message",
            actor_id=actor_id,
            entity_type="message",
            request=request,
            project=self._project_of(session_id),
        ) as op:
            op.agent_id = agent_id
            fields = _message_fields(content, role, agent_id, metadata)
            with op.transaction() as uow:
                # After the chain lock: the position read here is the latest (writers of the
                # project take turns).
                access = _access(uow, actor_id, session_id, ProjectAction.ADD_MESSAGE)
                _require_active(access.session_status)
                message = uow.messages.add(
                    Message(
                        session_id=session_id,
                        position=access.next_position,
                        user_id=actor_id,
                        **fields,
                    )
                )
                op.entity_id = message.id
                op.response = {"position": message.position}
                op.announce(EventName.MESSAGE_ADDED, {"session_id": session_id})
        return MessageRead.model_validate(message)

    def _project_of(self, session_id: str) -> str | Callable[[UnitOfWork], str | None]:
        """A session's project (whose audit chain its writes join), or how to look it up."""
        known = self._projects.get(session_id) if isinstance(session_id, str) else None
        if known is not None:
            return known

        def lookup(uow: UnitOfWork) -> str | None:
            session = uow.sessions.get(require_id(session_id, field="session_id"))
            if session is None:
                return None
            if len(self._projects) >= _KNOWN_SESSIONS:
                self._projects.clear()
            self._projects[session_id] = session.project_id
            return session.project_id

        return lookup

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
            InvalidInputError: A bad id, limit or cursor.
            NotFoundError: No such session, or one the actor may not see.
        """
        require_ids(actor_id=actor_id, session_id=session_id)
        require_int(limit, field="limit", minimum=1, maximum=_MAX_PAGE)
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
            "session.close",
            actor_id=actor_id,
            entity_type="session",
            entity_id=session_id,
            project=self._project_of(session_id),
        ) as op:
            session = _session_for(op.uow, actor_id, session_id, ProjectAction.CLOSE_SESSION)
            session.status = SessionStatus.COMPLETED
            session = op.uow.sessions.update(session)
            op.announce(EventName.SESSION_CLOSED)
        return SessionRead.model_validate(session)


def _message_fields(
    content: object, role: object, agent_id: object, metadata: object
) -> dict[str, Any]:
    if agent_id is not None:
        require_text(agent_id, field="agent_id", max_length=_AGENT_ID_LENGTH)
    return {
        "role": require_choice(role, MessageRole, field="role"),
        "content": require_text(content, field="content", max_length=_MESSAGE_LENGTH, strip=False),
        "agent_id": agent_id,
        "meta": {} if metadata is None else require_json(metadata, field="metadata"),
    }


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
