"""What services announce after a commit, and where those announcements go.

A service hands each `Event` to its `EventSink` only once its unit of work has committed. A sink
must not let a listener's failure reach the service: the work is already committed and stays so.
`PluginEventSink` delivers to the `on_event` hook of the plugin manager, calling each listener on
its own and logging (never raising) what one of them throws.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Protocol

import pluggy

from socratic_core._events import Event
from socratic_core._hooks import call_each_plugin

__all__ = ["CallbackEventSink", "EventSink", "NullEventSink", "PluginEventSink"]

_log = logging.getLogger("socratic_core.events")


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
    """A sink that calls every plugin's `on_event` hook, each plugin on its own.

    pluggy stops a hook call at the first exception; this sink calls the hook plugin by plugin
    (`call_each_plugin`, in pluggy's order), so a failing plugin is logged and the others still
    hear of the event.

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
        for call in call_each_plugin(self._pm, "on_event", lambda _plugin: {"event": event}):
            if call.error is not None:
                _log.error(
                    "plugin %r failed on event %s",
                    call.plugin,
                    event.name.value,
                    exc_info=call.error,
                )
