"""What every service shares: its collaborators, and running one audited unit of work.

A write method of a service reads like this::

    with self._write("project.update", actor_id=actor_id, entity_type="project",
                     entity_id=project_id, request={"name": name}) as op:
        project = ...                     # reads and writes through op.uow
        op.response = {"version": project.version}
        op.announce(EventName.PROJECT_UPDATED, {"name": name})
    return ProjectRead.model_validate(project)

On the way out of the block the audit row is appended and everything commits together; the
announced events go out only after that commit. A `SocraticError` raised in the block rolls the
work back and is audited on its own, in a new transaction, with its error code.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from typing import Any, NoReturn

from socratic_core._events import Event, EventName
from socratic_core.errors import (
    IntegrityError,
    InvalidInputError,
    NotFoundError,
    PermissionDeniedError,
    SocraticError,
)
from socratic_core.models import CollaboratorRole, Project, ProjectStatus, User, UserStatus
from socratic_core.services._trail import (
    AuditEntry,
    append_entry,
    entry_chain,
    prepare_entry,
    stored_request,
)
from socratic_core.services.authorization import ProjectAction, ProjectRole, require_permission
from socratic_core.services.events import EventSink, NullEventSink
from socratic_core.services.redaction import redact
from socratic_core.services.validation import require_id, require_ids
from socratic_core.uow import UnitOfWork

__all__ = ["ServiceContext"]

_log = logging.getLogger("socratic_core.services")


def _utcnow() -> datetime:
    return datetime.now(UTC)


@dataclass(frozen=True, slots=True)
class ServiceContext:
    """The collaborators every service takes in its constructor.

    Attributes:
        uow_factory: Makes a new unit of work (one per service method).
        events: Where committed events go.
        clock: The current time, aware UTC.
    """

    uow_factory: Callable[[], UnitOfWork]
    events: EventSink = field(default_factory=NullEventSink)
    clock: Callable[[], datetime] = _utcnow


ProjectOf = str | Callable[[UnitOfWork], str | None] | None
"""The project an operation acts in (its audit chain): an id, a lookup, or None (global)."""


class _Operation:
    """One audited action in progress: its unit of work and what its audit row will say."""

    def __init__(
        self,
        context: ServiceContext,
        action: str,
        *,
        actor_id: str | None,
        entity_type: str | None,
        entity_id: str | None,
        request: Mapping[str, Any] | None,
        project: ProjectOf,
    ) -> None:
        self._context = context
        self._uow: UnitOfWork | None = None
        self.action = action
        self.actor_id = actor_id
        self.entity_type = entity_type
        self.entity_id = entity_id
        # Redacted and bounded now, before any lock: it holds what the caller sent.
        self.request = stored_request(request)
        self.response: dict[str, Any] = {}
        self.agent_id: str | None = None
        self.project = project
        self.events: list[tuple[EventName, dict[str, Any]]] = []

    @property
    def uow(self) -> UnitOfWork:
        """The unit of work of the running `transaction()`."""
        if self._uow is None:
            raise RuntimeError("no transaction is running for this operation")
        return self._uow

    def project_id(self, uow: UnitOfWork) -> str | None:
        """Resolve (once) the project the operation acts in; None when it has none or is bad."""
        if callable(self.project):
            try:
                self.project = self.project(uow)
            except SocraticError:  # e.g. a session that does not exist: the global chain
                self.project = None
        return self.project

    @contextmanager
    def transaction(self) -> Iterator[UnitOfWork]:
        """Run the unit of work: chain lock first, audit row and commit on the way out."""
        with self._context.uow_factory() as uow:
            # Take the chain's lock before the work's reads, so that concurrent writers of one
            # project queue up here rather than fail (SQLite) or read a stale tip (PostgreSQL).
            uow.audit.lock_chain(entry_chain(self.project_id(uow)))
            self._uow = uow
            try:
                yield uow
                append_entry(uow, self.entry(), clock=self._context.clock, locked=True)
                uow.commit()
            finally:
                self._uow = None

    def announce(self, name: EventName, data: Mapping[str, Any] | None = None) -> None:
        """Queue an event, emitted once (and only if) the unit of work commits."""
        self.events.append((name, dict(data or {})))

    def entry(self, *, error: SocraticError | None = None) -> AuditEntry:
        """The audit entry for this operation, successful or failed with `error`."""
        project = self.project if isinstance(self.project, str) else None
        return AuditEntry(
            action=self.action,
            user_id=self.actor_id,
            agent_id=self.agent_id,
            entity_type=self.entity_type,
            entity_id=self.entity_id,
            request=self.request,
            response=self.response if error is None else {"error": error.message},
            success=error is None,
            error_code=None if error is None else error.code,
            project_id=project,
        )


class _Service:
    """The base of every service: its context, and audited or read-only units of work."""

    def __init__(self, context: ServiceContext) -> None:
        self._context = context

    @contextmanager
    def _attempt(
        self,
        action: str,
        *,
        actor_id: str | None,
        entity_type: str | None,
        entity_id: str | None = None,
        request: Mapping[str, Any] | None = None,
        project: ProjectOf = None,
        optional_actor: bool = False,
    ) -> Iterator[_Operation]:
        """Audit a failure of the block, and emit its events once it has committed.

        Validation and slow preparation (hashing a password, parsing instructions) go in the
        block before `op.transaction()`, so they run without holding the audit chain lock, yet
        a refusal they raise is audited like any other. The actor (required unless
        `optional_actor`), entity and project ids are checked first (`InvalidInputError` naming
        the bad one).
        """
        op = _Operation(
            self._context,
            action,
            actor_id=actor_id,
            entity_type=entity_type,
            entity_id=entity_id,
            request=request,
            project=project,
        )
        try:
            if actor_id is None and not optional_actor:
                require_id(actor_id, field="actor_id")
            _check_ids(op, actor_id, entity_id, project)
            yield op
        except SocraticError as error:
            self._audit_failure(op, error)
            raise
        self._emit(op)

    @contextmanager
    def _write(
        self,
        action: str,
        *,
        actor_id: str | None,
        entity_type: str | None,
        entity_id: str | None = None,
        request: Mapping[str, Any] | None = None,
        project: ProjectOf = None,
        optional_actor: bool = False,
    ) -> Iterator[_Operation]:
        """Run one audited unit of work (see the module docstring)."""
        with (
            self._attempt(
                action,
                actor_id=actor_id,
                entity_type=entity_type,
                entity_id=entity_id,
                request=request,
                project=project,
                optional_actor=optional_actor,
            ) as op,
            op.transaction(),
        ):
            yield op

    @contextmanager
    def _read(self) -> Iterator[UnitOfWork]:
        """Run one read-only unit of work (nothing is committed, nothing audited)."""
        with self._context.uow_factory() as uow:
            yield uow

    def _audit_failure(self, op: _Operation, error: SocraticError) -> None:
        entry = op.entry(error=error)
        for attempt in (entry, _without_user(entry)):
            try:
                with self._context.uow_factory() as uow:
                    # Everything input-sized (redaction, bounds) is done before the lock.
                    prepared = prepare_entry(replace(attempt, project_id=op.project_id(uow)))
                    append_entry(uow, prepared, clock=self._context.clock)
                    uow.commit()
                return
            except IntegrityError:
                # The first attempt fails when the acting user does not exist (foreign key).
                _log.debug("auditing a failed %s: retrying without the user", op.action)
            except SocraticError as audit_error:
                # A locked or unreachable database: retrying would only wait for it again.
                _log.error("could not audit the failed action %s: %s", op.action, audit_error)
                return
        _log.error("could not audit the failed action %s", op.action)

    def _emit(self, op: _Operation) -> None:
        now = self._context.clock()
        for name, data in op.events:
            # Listeners get what an audit row would show: secrets masked.
            event = Event(name, op.actor_id, op.entity_type or "", op.entity_id, redact(data), now)
            try:
                self._context.events.emit(event)
            except Exception:
                _log.exception("event sink failed on %s", name.value)


def _check_ids(op: _Operation, actor_id: object, entity_id: object, project: ProjectOf) -> None:
    try:
        require_ids(actor_id=actor_id, entity_id=entity_id)
        if project is not None and not callable(project):
            require_id(project, field="project_id")
    except InvalidInputError:
        op.project = None  # a bad project id cannot name a chain: the refusal goes global
        raise


def _without_user(entry: AuditEntry) -> AuditEntry:
    request = {**(entry.request or {}), "actor_id": entry.user_id}
    return replace(entry, user_id=None, request=request)


def load_actor(uow: UnitOfWork, actor_id: str) -> User:
    """Return the acting user, who must exist and be active.

    Raises:
        NotFoundError: There is no such user.
        PermissionDeniedError: The user is suspended or inactive.
    """
    user = uow.users.get(actor_id)
    if user is None:
        raise NotFoundError(f"user {actor_id!r} not found", entity="user", entity_id=actor_id)
    _check_actor(actor_id, user.status)
    return user


def authorize(
    uow: UnitOfWork, actor_id: str, project_id: str, action: ProjectAction
) -> tuple[Project, ProjectRole]:
    """Load a project for `actor_id` and check that their role allows `action` on it.

    A project that does not exist, is deleted, or in which the actor has no role gives the
    very same `NotFoundError`, so a caller cannot learn that a hidden project exists. One query
    fetches the project, the actor's role and the actor's status.

    Raises:
        NotFoundError: As above, or the actor does not exist.
        PermissionDeniedError: The actor is suspended, or their role does not allow `action`.
    """
    access = uow.projects.access_for(project_id, actor_id)
    if access is None:
        _hidden(project_id)
    project, member_role, status = access
    role = check_access(
        actor_id,
        project_id,
        action,
        owner_id=project.owner_id,
        project_status=project.status,
        member_role=member_role,
        user_status=status,
    )
    return project, role


def check_access(
    actor_id: str,
    project_id: str,
    action: ProjectAction,
    *,
    owner_id: str,
    project_status: ProjectStatus,
    member_role: CollaboratorRole | None,
    user_status: UserStatus | None,
) -> ProjectRole:
    """Check `action` against the facts an access query found about a project and the actor.

    The rules of `authorize`, for callers that fetched these facts along with others.

    Returns:
        The actor's role in the project.

    Raises:
        NotFoundError: No actor, a deleted project, or one in which the actor has no role.
        PermissionDeniedError: The actor is suspended, or their role does not allow `action`.
    """
    _check_actor(actor_id, user_status)
    role: ProjectRole | None = None
    if project_status is not ProjectStatus.DELETED:
        role = _role_in(owner_id, actor_id, member_role)
    if role is None:
        _hidden(project_id)
    require_permission(role, action, project_id=project_id)
    return role


def _hidden(project_id: str) -> NoReturn:
    raise NotFoundError(f"project {project_id!r} not found", entity="project", entity_id=project_id)


def _check_actor(actor_id: str, status: UserStatus | None) -> None:
    if status is None:
        raise NotFoundError(f"user {actor_id!r} not found", entity="user", entity_id=actor_id)
    if status is not UserStatus.ACTIVE:
        raise PermissionDeniedError(
            f"user {actor_id!r} is {status.value}", entity="user", entity_id=actor_id
        )


def _role_in(
    owner_id: str, user_id: str, member_role: CollaboratorRole | None
) -> ProjectRole | None:
    if owner_id == user_id:
        return ProjectRole.OWNER
    return None if member_role is None else ProjectRole(member_role.value)
