"""Hooks that need each plugin on its own are called plugin by plugin, through pluggy."""

from __future__ import annotations

import logging
from collections.abc import Callable, Generator

import pytest

from socratic_core import Event, EventName, PluginError, hookimpl
from socratic_core.agents import AgentRegistry
from socratic_core.plugin_manager import BUILTIN_PLUGIN_NAME, make_plugin_manager
from socratic_core.rules import Check, collect_checks
from socratic_core.services.events import PluginEventSink
from socratic_core.testing import ScriptedAgent


def _event() -> Event:
    return Event(EventName.PROJECT_CREATED, "u1", "project", "p1", {"name": "Demo"})


class Listener:
    """An `on_event` plugin that records what it heard."""

    def __init__(self) -> None:
        self.heard: list[EventName] = []

    @hookimpl
    def on_event(self, event: Event) -> None:
        self.heard.append(event.name)


class Broken:
    """An `on_event` plugin that always raises."""

    @hookimpl
    def on_event(self, event: Event) -> None:
        raise RuntimeError(f"cannot handle {event.name}")


class TestPluginEventSink:
    """Every plugin hears every event, whatever another plugin does."""

    def test_a_failing_plugin_is_logged_by_name_and_the_others_still_hear(
        self, caplog: pytest.LogCaptureFixture
    ) -> None:
        """A plugin that raises is logged with its name; plugins before and after it still run."""
        before, after = Listener(), Listener()
        pm = make_plugin_manager(entry_points=False)
        pm.register(before, name="before")
        pm.register(Broken(), name="broken")
        pm.register(after, name="after")
        with caplog.at_level(logging.ERROR, logger="socratic_core.events"):
            PluginEventSink(pm).emit(_event())
        assert before.heard == after.heard == [EventName.PROJECT_CREATED]
        [record] = caplog.records
        assert "'broken'" in record.getMessage()
        assert record.exc_info is not None
        assert isinstance(record.exc_info[1], RuntimeError)

    def test_an_implementation_without_arguments_is_called(self) -> None:
        """pluggy matches the arguments: an `on_event()` that names none is still called."""
        calls: list[str] = []

        class Bare:
            @hookimpl
            def on_event(self) -> None:
                calls.append("bare")

        pm = make_plugin_manager(entry_points=False, plugins=[Bare()])
        PluginEventSink(pm).emit(_event())
        assert calls == ["bare"]

    def test_a_wrapper_wraps_each_plugins_call(self) -> None:
        """A `wrapper=True` implementation runs around every plugin's call, not instead of one."""
        order: list[str] = []

        class Tracing:
            @hookimpl(wrapper=True)
            def on_event(self, event: Event) -> Generator[None, None, None]:
                order.append("enter")
                yield
                order.append("exit")

        class Named:
            def __init__(self, name: str) -> None:
                self.name = name

            @hookimpl
            def on_event(self, event: Event) -> None:
                order.append(self.name)

        pm = make_plugin_manager(entry_points=False)
        pm.register(Named("one"), name="one")
        pm.register(Tracing(), name="tracing")
        pm.register(Named("two"), name="two")
        PluginEventSink(pm).emit(_event())
        assert order == ["enter", "two", "exit", "enter", "one", "exit"]


class TestRegistrationHooks:
    """A registration hook's failure names the plugin that caused it."""

    def test_a_raising_register_checks_names_its_plugin(self) -> None:
        """A plugin whose register_checks raises fails with a PluginError carrying its name."""

        class Raises:
            @hookimpl
            def register_checks(self, register: Callable[[Check], None]) -> None:
                raise ValueError("no checks today")

        pm = make_plugin_manager(entry_points=False)
        pm.register(Raises(), name="raises")
        with pytest.raises(PluginError, match="register_checks failed: ValueError") as info:
            collect_checks(pm)
        assert info.value.plugin == "raises"
        assert isinstance(info.value.__cause__, ValueError)

    def test_the_first_registrant_keeps_an_id(self) -> None:
        """A later plugin reusing a built-in id is the one refused, and the built-ins keep it."""
        builtin = next(iter(collect_checks(make_plugin_manager(entry_points=False)).values()))

        class Reuses:
            @hookimpl
            def register_checks(self, register: Callable[[Check], None]) -> None:
                register(builtin.check)

        pm = make_plugin_manager(entry_points=False)
        pm.register(Reuses(), name="reuses")
        with pytest.raises(PluginError) as info:
            collect_checks(pm)
        assert info.value.plugin == "reuses"
        assert f"{BUILTIN_PLUGIN_NAME!r} and 'reuses'" in str(info.value)

    def test_an_agent_clash_names_the_plugin(self) -> None:
        """A plugin that registers an agent name already taken is named in the PluginError."""

        class Clash:
            @hookimpl
            def register_agents(self, register: Callable[[object], None]) -> None:
                register(ScriptedAgent([], name="codegen"))

        pm = make_plugin_manager(entry_points=False)
        pm.register(Clash(), name="clash")
        with pytest.raises(PluginError, match="'codegen' is already registered") as info:
            AgentRegistry.from_plugins(pm)
        assert info.value.plugin == "clash"
