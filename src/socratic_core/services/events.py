"""What services announce after a commit, and where those announcements go.

A service hands each `Event` to its `EventSink` only once its unit of work has committed. A sink
must not let a listener's failure reach the service: the work is already committed and stays so.
`PluginEventSink` delivers to the `on_event` hook of the plugin manager, calling each listener on
its own and logging (never raising) what one of them throws.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from enum import StrEnum
from typing import Any, Protocol

import pluggy

__all__ = [
    "CallbackEventSink",
    "Event",
    "EventName",
    "EventSink",
    "NullEventSink",
    "PluginEventSink",
]

_log = logging.getLogger("socratic_core.events")


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


class EventSink(Protocol):
    """Where committed events go; `emit` must never raise."""

    def emit(self, event: Event) -> None:
        """Deliver `event` to its listeners, logging (not raising) their failures.

        Args:
            event: The committed event.
        """


class NullEventSink:
    """A sink that drops every event: for hosts and tests that listen to nothing."""

    def emit(self, event: Event) -> None:
        """Drop `event`.

        Args:
            event: The committed event.
        """


class CallbackEventSink:
    """A sink that calls plain functions, each on its own, logging what one of them raises.

    Args:
        listeners: Functions taking an `Event`.
    """

    def __init__(self, *listeners: Callable[[Event], object]) -> None:
        self._listeners = list(listeners)

    def subscribe(self, listener: Callable[[Event], object]) -> None:
        """Add `listener`, called for every later event.

        Args:
            listener: A function taking an `Event`.
        """
        self._listeners.append(listener)

    def emit(self, event: Event) -> None:
        """Call every listener with `event`; a failing one is logged and the others still run.

        Args:
            event: The committed event.
        """
        for listener in self._listeners:
            try:
                listener(event)
            except Exception:
                _log.exception("event listener %r failed on %s", listener, event.name.value)


class PluginEventSink:
    """A sink that calls every plugin's `on_event` hook, each on its own.

    pluggy stops a hook call at the first exception; this sink calls the implementations one by
    one instead (in pluggy's order), so a failing plugin is logged and the others still hear of
    the event.

    Args:
        pm: A plugin manager with socratic_core's hookspecs (see `make_plugin_manager`).
    """

    def __init__(self, pm: pluggy.PluginManager) -> None:
        self._pm = pm

    def emit(self, event: Event) -> None:
        """Call each plugin's `on_event(event=...)`, logging what one of them raises.

        Args:
            event: The committed event.
        """
        for impl in reversed(self._pm.hook.on_event.get_hookimpls()):
            if impl.hookwrapper or impl.wrapper:
                continue
            try:
                impl.function(**({"event": event} if "event" in impl.argnames else {}))
            except Exception:
                _log.exception("plugin %r failed on event %s", impl.plugin_name, event.name.value)
