"""Entry-point discovery: the installed socratic-license package is found and runs from rule text.

CI installs every package under plugins/; elsewhere these tests skip when it is not installed.
"""

from __future__ import annotations

import importlib.metadata

import pytest

from socratic_core import make_plugin_manager
from socratic_core.rules import AgentOutput, RuleEngine, RuleKind, collect_checks

_INSTALLED = any(
    ep.name == "license" for ep in importlib.metadata.entry_points(group="socratic_core")
)
pytestmark = pytest.mark.skipif(
    not _INSTALLED,
    reason="socratic-license is not installed (pip install -e plugins/socratic-license)",
)

MISSING_HEADER = {"app.py": "x = 1\n", "ok.py": "# SPDX-License-Identifier: MIT\nx = 1\n"}


class TestEntryPointDiscovery:
    """make_plugin_manager() finds installed plugins through the `socratic_core` group."""

    def test_discovered_with_name_and_version(self) -> None:
        """The plugin's check is registered under its entry-point name, with its version."""
        registered = collect_checks(make_plugin_manager())["license.header"]
        assert registered.plugin == "license"
        assert registered.version == importlib.metadata.version("socratic-license")

    def test_entry_points_can_be_limited_or_turned_off(self) -> None:
        """Naming the plugin loads it; turning entry points off leaves it out."""
        assert "license.header" in collect_checks(make_plugin_manager(entry_points=["license"]))
        assert "license.header" not in collect_checks(make_plugin_manager(entry_points=False))

    def test_check_runs_from_instruction_text(self) -> None:
        """A plain-words statement resolves to the plugin's check, which then finds violations."""
        engine = RuleEngine(make_plugin_manager())
        rules = engine.compile("## Legal\n- Every generated file must have a licence header.\n")
        (rule,) = rules
        assert (rule.id, rule.kind) == ("license.header", RuleKind.ENFORCED)
        report = engine.validate(AgentOutput(files=MISSING_HEADER), rules)
        assert [(v.location.path, v.plugin) for v in report.violations] == [("app.py", "license")]

    def test_without_the_plugin_the_rule_is_unenforced(self) -> None:
        """With entry points off, the same statement is kept as an unenforced rule."""
        engine = RuleEngine(make_plugin_manager(entry_points=False))
        rules = engine.compile("- Every generated file must have a licence header.\n")
        report = engine.validate(AgentOutput(files=MISSING_HEADER), rules)
        assert report.violations == ()
        assert len(report.unenforced) == 1
