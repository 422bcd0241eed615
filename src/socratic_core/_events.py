"""The plugin contract's event types: what `on_event` receives.

Services announce an `Event` once their unit of work has committed; `services.events` delivers
it (to the plugins' `on_event` hook by default). The types live here, beside the hookspecs that
name them, so the hookspecs, the services and the agent runner share them without one layer
importing another.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from enum import StrEnum
from typing import Any

__all__ = ["Event", "EventName"]


class EventName(StrEnum):
    """Every kind of event the services announce."""

    USER_REGISTERED = "user.registered"
    USER_AUTHENTICATED = "user.authenticated"
    USER_PASSWORD_CHANGED = "user.password_changed"  # noqa: S105 (an event name)
    USER_SUSPENDED = "user.suspended"
    USER_REACTIVATED = "user.reactivated"
    USER_EMAIL_VERIFIED = "user.email_verified"
    PROJECT_CREATED = "project.created"
    PROJECT_UPDATED = "project.updated"
    PROJECT_PHASE_CHANGED = "project.phase_changed"
    PROJECT_ARCHIVED = "project.archived"
    PROJECT_DELETED = "project.deleted"
    COLLABORATOR_ADDED = "collaborator.added"
    COLLABORATOR_REMOVED = "collaborator.removed"
    COLLABORATOR_ROLE_CHANGED = "collaborator.role_changed"
    SESSION_STARTED = "session.started"
    MESSAGE_ADDED = "session.message_added"
    SESSION_CLOSED = "session.closed"
    INSTRUCTION_CREATED = "instruction.created"
    INSTRUCTION_CHANGED = "instruction.changed"
    INSTRUCTION_DELETED = "instruction.deleted"
    SPECIFICATION_CREATED = "specification.created"
    CODEBASE_STORED = "codebase.stored"
    RUN_FINISHED = "run.finished"


@dataclass(frozen=True, slots=True)
class Event:
    """Something that happened and was committed.

    Attributes:
        name: What happened.
        actor_id: The user who did it, when there is one.
        entity_type: The kind of entity it happened to (`"project"`).
        entity_id: That entity's id.
        data: Details (already redacted, JSON-compatible).
        occurred_at: When it was committed (UTC).
    """

    name: EventName
    actor_id: str | None
    entity_type: str
    entity_id: str | None
    data: Mapping[str, Any] = field(default_factory=dict)
    occurred_at: datetime = field(default_factory=lambda: datetime.now(UTC))
