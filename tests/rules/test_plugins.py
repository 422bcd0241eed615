"""The plugin system: hookspecs, make_plugin_manager, check registration and attribution."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import replace

import pluggy
import pytest

from socratic_core import PluginError, hookimpl, make_plugin_manager
from socratic_core.plugin_manager import BUILTIN_PLUGIN_NAME
from socratic_core.rules import (
    AgentOutput,
    Category,
    Check,
    CheckContext,
    CheckDeclaration,
    Finding,
    RuleEngine,
    Severity,
    Verdict,
    collect_checks,
)
from socratic_core.rules._vocabulary import builtin_declarations

from .conftest import rule

TODO_DECLARATION = CheckDeclaration(
    id="custom.no-todo",
    category=Category.CUSTOM,
    phrases=("todo comments",),
    description="TODO left in generated code.",
    fix_hint="Finish the work or open an issue.",
)


def _no_todo(context: CheckContext) -> Iterator[Finding]:
    for source in context.text_files:
        for number, line in enumerate(source.lines.lines, start=1):
            if "TODO" in line:
                yield Finding.at_line(source, number, "TODO left in the code")


class TodoPlugin:
    """An inline third-party plugin with one check."""

    __version__ = "1.2.3"

    @hookimpl
    def register_checks(self, register: Callable[[Check], None]) -> None:
        register(Check(TODO_DECLARATION, _no_todo))


class TestMakePluginManager:
    """make_plugin_manager() sets everything up, and is the only thing that loads plugins."""

    def test_builtins_use_the_same_hook_a_third_party_uses(self, pm: pluggy.PluginManager) -> None:
        """The built-in checks arrive through a register_checks implementation like any plugin."""
        impls = pm.hook.register_checks.get_hookimpls()
        assert [impl.plugin_name for impl in impls] == [BUILTIN_PLUGIN_NAME]
        checks = collect_checks(pm)
        assert {d.id for d in builtin_declarations()} <= set(checks)
        assert {c.plugin for c in checks.values()} == {BUILTIN_PLUGIN_NAME}

    def test_explicit_plugin_is_registered_with_name_and_version(self) -> None:
        """An explicit plugin's checks are attributed to it, with its version."""
        plugin = TodoPlugin()
        pm = make_plugin_manager(entry_points=False, plugins=[plugin])
        registered = collect_checks(pm)["custom.no-todo"]
        assert registered.version == "1.2.3"
        assert registered.plugin == pm.get_name(plugin)
        assert registered.plugin != BUILTIN_PLUGIN_NAME

    def test_managers_are_independent(self) -> None:
        """Two managers share nothing: a plugin on one is absent from the other."""
        with_plugin = make_plugin_manager(entry_points=False, plugins=[TodoPlugin()])
        without = make_plugin_manager(entry_points=False)
        assert "custom.no-todo" in collect_checks(with_plugin)
        assert "custom.no-todo" not in collect_checks(without)

    def test_collision_names_both_plugins(self) -> None:
        """A plugin that registers a built-in id fails with an error naming both plugins."""

        class Clash:
            @hookimpl
            def register_checks(self, register: Callable[[Check], None]) -> None:
                register(Check(builtin_declarations()[0], _no_todo))

        with pytest.raises(PluginError) as info:
            make_plugin_manager(entry_points=False, plugins=[Clash()])
        assert BUILTIN_PLUGIN_NAME in str(info.value)
        assert info.value.plugin is not None
        assert info.value.plugin in str(info.value)

    def test_unknown_hook_is_refused(self) -> None:
        """A plugin implementing a hook that does not exist fails check_pending()."""

        class Typo:
            @hookimpl
            def register_check(self, register: Callable[[Check], None]) -> None:
                """Misspelt hook name."""

        with pytest.raises(PluginError, match="register_check"):
            make_plugin_manager(entry_points=False, plugins=[Typo()])

    def test_wrong_hook_arguments_are_refused(self) -> None:
        """A hook implementation asking for an argument the spec lacks is refused."""

        class Wrong:
            @hookimpl
            def register_checks(self, register: object, extra: object) -> None:
                """Asks for an argument that does not exist."""

        with pytest.raises(PluginError, match="extra"):
            make_plugin_manager(entry_points=False, plugins=[Wrong()])

    def test_registering_something_else_than_a_check_fails(self) -> None:
        """register() takes Check objects only."""

        class Sloppy:
            @hookimpl
            def register_checks(self, register: Callable[[object], None]) -> None:
                register(TODO_DECLARATION)

        with pytest.raises(PluginError, match="needs a Check"):
            make_plugin_manager(entry_points=False, plugins=[Sloppy()])

    def test_plugin_raising_in_registration_is_named(self) -> None:
        """A plugin whose register_checks raises becomes a PluginError naming it."""

        class Broken:
            @hookimpl
            def register_checks(self, register: Callable[[Check], None]) -> None:
                raise RuntimeError("boom")

        with pytest.raises(PluginError, match="boom") as info:
            make_plugin_manager(entry_points=False, plugins=[Broken()])
        assert info.value.plugin

    def test_unknown_entry_point_name_fails(self) -> None:
        """Asking for an entry point that is not installed is an error, not a silent no-op."""
        with pytest.raises(PluginError, match="no installed plugin"):
            make_plugin_manager(entry_points=["surely-not-installed"])

    def test_hook_with_no_arguments_is_allowed(self) -> None:
        """An implementation may take fewer arguments than the spec offers."""

        class Quiet:
            @hookimpl
            def register_checks(self) -> None:
                """Registers nothing."""

        pm = make_plugin_manager(entry_points=False, plugins=[Quiet()])
        assert "custom.no-todo" not in collect_checks(pm)


class TestFreshPm:
    """Inline plugins registered on the fresh `pm` fixture reach the engine."""

    def test_plugin_registered_on_pm_is_used(self, pm: pluggy.PluginManager) -> None:
        """A plugin registered after the manager was built is collected by a new engine."""
        pm.register(TodoPlugin(), name="todo")
        engine = RuleEngine(pm)
        assert engine.checks["custom.no-todo"].plugin == "todo"
        report = engine.validate(
            AgentOutput(text="", files={"a.md": "TODO\n"}), [rule("custom.no-todo")]
        )
        assert [v.plugin for v in report.violations] == ["todo"]

    def test_late_collision_is_refused_by_the_engine(self, pm: pluggy.PluginManager) -> None:
        """A colliding plugin registered late fails when an engine collects the checks."""
        pm.register(TodoPlugin(), name="first")
        pm.register(TodoPlugin(), name="second")
        with pytest.raises(PluginError, match="'first' and 'second'"):
            RuleEngine(pm)


class TestPluginChecksRun:
    """Checks from plugins run like built-ins, and a crashing one fails closed."""

    def test_plugin_check_finds_violations(self) -> None:
        """A third-party check runs through the engine and its findings name its plugin."""
        pm = make_plugin_manager(entry_points=False, plugins=[TodoPlugin()])
        engine = RuleEngine(pm)
        output = AgentOutput(files={"a.py": '"""Doc."""\n# TODO: finish\n', "b.md": "TODO\n"})
        report = engine.validate(output, [rule("custom.no-todo")])
        assert [(v.location.path, v.location.line) for v in report.violations] == [
            ("a.py", 2),
            ("b.md", 1),
        ]
        assert {v.plugin for v in report.violations} == {engine.checks["custom.no-todo"].plugin}
        assert report.violations[0].fix_hint == TODO_DECLARATION.fix_hint
        assert TODO_DECLARATION in engine.declarations

    def test_crashing_check_fails_closed(self) -> None:
        """A check that raises yields a plugin failure that blocks, and other checks still run."""

        def explode(context: CheckContext) -> Iterator[Finding]:
            raise ZeroDivisionError("division by zero")

        class Crashy:
            @hookimpl
            def register_checks(self, register: Callable[[Check], None]) -> None:
                register(Check(TODO_DECLARATION, explode))

        engine = RuleEngine(make_plugin_manager(entry_points=False, plugins=[Crashy()]))
        output = AgentOutput(files={"a.py": '"""Doc."""\neval("1")\n'})
        report = engine.validate(output, [rule("custom.no-todo"), rule("security.no-eval")])
        assert [f.rule_id for f in report.plugin_failures] == ["custom.no-todo"]
        assert "ZeroDivisionError" in report.plugin_failures[0].error
        assert [v.rule_id for v in report.violations] == ["security.no-eval"]
        assert report.verdict is Verdict.BLOCK

    def test_crash_on_a_warning_rule_warns(self) -> None:
        """A crash on a warning-severity rule makes the report warn, never pass."""

        def explode(context: CheckContext) -> Iterator[Finding]:
            raise KeyError("missing")

        class Crashy:
            @hookimpl
            def register_checks(self, register: Callable[[Check], None]) -> None:
                register(Check(TODO_DECLARATION, explode))

        engine = RuleEngine(make_plugin_manager(entry_points=False, plugins=[Crashy()]))
        warning_rule = replace(rule("custom.no-todo"), severity=Severity.WARNING)
        report = engine.validate(AgentOutput(files={"a.py": "x = 1\n"}), [warning_rule])
        assert report.verdict is Verdict.WARN
