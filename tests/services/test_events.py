"""Event sinks deliver to every listener and swallow (and log) listener failures."""

from __future__ import annotations

import logging

import pytest

from socratic_core import Event, EventName
from socratic_core.services.events import CallbackEventSink, NullEventSink


def _event() -> Event:
    return Event(EventName.PROJECT_CREATED, "u1", "project", "p1", {"name": "Demo"})


class TestCallbackEventSink:
    """Listeners are called in order, each on its own."""

    def test_listeners_receive_the_event(self) -> None:
        """Every subscribed listener gets the same event."""
        seen: list[str] = []
        sink = CallbackEventSink(lambda e: seen.append(f"a:{e.name}"))
        sink.subscribe(lambda e: seen.append(f"b:{e.entity_id}"))
        sink.emit(_event())
        assert seen == ["a:project.created", "b:p1"]

    def test_a_failing_listener_is_logged_and_the_rest_run(
        self, caplog: pytest.LogCaptureFixture
    ) -> None:
        """A listener that raises is logged; the next one still runs and emit does not raise."""
        seen: list[Event] = []

        def broken(event: Event) -> None:
            raise RuntimeError("listener down")

        sink = CallbackEventSink(broken, seen.append)
        with caplog.at_level(logging.ERROR, logger="socratic_core.events"):
            sink.emit(_event())
        assert len(seen) == 1
        assert "project.created" in caplog.text
        assert "listener down" in caplog.text

    def test_event_time_is_aware(self) -> None:
        """An event's time is timezone-aware UTC."""
        assert _event().occurred_at.utcoffset() is not None


class TestNullEventSink:
    """The null sink accepts events and does nothing."""

    def test_emit_returns_none(self) -> None:
        """Emitting to the null sink returns None and raises nothing."""
        assert NullEventSink().emit(_event()) is None  # type: ignore[func-returns-value]
