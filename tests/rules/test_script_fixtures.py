"""Every TypeScript/JavaScript fixture against the one rule it is named for.

A fixture is `fixtures/<rule-id>[__variant].<suffix>` (or `fixtures/typescript/...`) for any
script suffix (component files included). A line marked `// expect: <rule-id>` (or
`/* expect: ... */`, `<!-- expect: ... -->`) must fire for that rule; every other line must
stay quiet. Optional headers, as comments: `params: {json}` (the rule's parameters) and
`path: a/b.ts` (the path it is checked under).
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from socratic_core import make_plugin_manager
from socratic_core.rules import AgentOutput, Category, Language, Rule, RuleEngine, Violation
from socratic_core.rules._script import SCRIPT_SUFFIXES

FIXTURES = Path(__file__).parent / "fixtures"
_EXPECT = re.compile(r"(?://|/\*|<!--)\s*expect:\s*(?P<id>[a-z0-9.-]+)")
_HEADER = re.compile(
    r"^\s*(?://|<!--)\s*(?P<key>params|path):\s*(?P<value>.+?)\s*(?:-->)?\s*$", re.MULTILINE
)


def _fixtures() -> list[pytest.param]:
    folders = (FIXTURES, FIXTURES / "typescript")  # typescript/: the TS/JS and React checks
    found = sorted(
        p for folder in folders for p in folder.iterdir() if p.name.endswith(SCRIPT_SUFFIXES)
    )
    return [pytest.param(path, id=path.name) for path in found]


def _case(path: Path) -> tuple[Rule, str, str]:
    """The fixture's rule (with its parameters), its text and the path it is checked under."""
    text = path.read_text(encoding="utf-8")
    headers = {m["key"]: m["value"] for m in _HEADER.finditer(text)}
    name = path.name
    rule_id = name.partition("__")[0] if "__" in name else name.rpartition(".")[0]
    prefix = rule_id.partition(".")[0]
    category = Category(prefix) if prefix in {c.value for c in Category} else Category.CUSTOM
    params = json.loads(headers.get("params", "{}"))
    rule = Rule(id=rule_id, category=category, params=params, text=rule_id)
    return rule, text, headers.get("path", f"fixture/{path.name}")


@pytest.fixture(scope="module")
def engine() -> RuleEngine:
    """One engine with the built-in checks for every fixture."""
    return RuleEngine(make_plugin_manager(entry_points=False))


def _script_rules(engine: RuleEngine, limit: int | None) -> list[Rule]:
    """A rule for every built-in check with a script side that runs without parameters."""
    rules = []
    for check_id, registered in engine.checks.items():
        names = {spec.name for spec in registered.check.declaration.params}
        needed = [s for s in registered.check.declaration.params if s.default is None]
        if Language.TYPESCRIPT in registered.languages and not needed:
            params = {"max": limit} if limit is not None and "max" in names else {}
            rules.append(Rule(id=check_id, category=Category.QUALITY, params=params, text=check_id))
    return rules


def _lines(violations: tuple[Violation, ...]) -> list[tuple[str, int, str]]:
    return sorted((v.rule_id, v.location.line, v.message) for v in violations)


class TestScriptFixtures:
    """Each script check fires exactly on the lines its fixture marks, and nowhere else."""

    @pytest.mark.parametrize("fixture", _fixtures())
    def test_fires_exactly_on_marked_lines(self, engine: RuleEngine, fixture: Path) -> None:
        """The lines that fire are exactly those marked `expect: <rule-id>`."""
        rule, text, path = _case(fixture)
        expected = {
            number
            for number, line in enumerate(text.splitlines(), start=1)
            for match in _EXPECT.finditer(line)
            if match["id"] == rule.id
        }
        report = engine.validate(AgentOutput(files={path: text}), [rule])
        assert report.plugin_failures == ()
        assert report.file_diagnostics == ()
        fired = {v.location.line for v in report.violations if v.rule_id == rule.id}
        assert sorted(fired) == sorted(expected)
        assert expected, "a fixture must mark at least one line"
        assert report.coverage[0].files == 1

    @pytest.mark.parametrize("fixture", _fixtures())
    def test_prefilters_skip_no_finding(self, engine: RuleEngine, fixture: Path) -> None:
        """Every script check finds the same on the fixture with prefiltering on and off."""
        _, text, path = _case(fixture)
        off = RuleEngine(make_plugin_manager(entry_points=False), prefilter=False)
        output = AgentOutput(files={path: text})
        for limit in (None, 2, 5):
            rules = _script_rules(engine, limit)
            assert len(rules) >= 6
            with_prefilter, without = (e.validate(output, rules).violations for e in (engine, off))
            assert _lines(with_prefilter) == _lines(without)
