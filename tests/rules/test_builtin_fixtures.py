"""Every built-in Python check against its annotated fixture file.

A fixture line marked `# expect: <rule-id>` must fire for that rule; every other line must stay
quiet. Optional headers: `# params: {json}` (rule parameters), `# path: a/b.py` (the file's path).
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from socratic_core.rules import AgentOutput, Language, RuleEngine

from .conftest import rule

FIXTURES = Path(__file__).parent / "fixtures"
_EXPECT = re.compile(r"#\s*expect:\s*(?P<id>[a-z0-9.-]+)")
_HEADER = re.compile(r"^#\s*(?P<key>params|path):\s*(?P<value>.+)$", re.M)


def _fixture_cases() -> list[pytest.param]:
    return [pytest.param(path, id=path.stem) for path in sorted(FIXTURES.glob("*.py"))]


def load_fixture(path: Path) -> tuple[str, str, dict[str, object], str]:
    """Return a fixture's rule id, text, rule parameters and the path it is checked under."""
    text = path.read_text(encoding="utf-8")
    headers = {m["key"]: m["value"].strip() for m in _HEADER.finditer(text)}
    params = json.loads(headers.get("params", "{}"))
    rule_id = path.stem.partition("__")[0]
    return rule_id, text, params, headers.get("path", f"fixture/{path.stem.replace('.', '_')}.py")


def expected_lines(text: str, rule_id: str) -> set[int]:
    """Return the lines of a fixture marked `# expect: <rule_id>`."""
    return {
        number
        for number, line in enumerate(text.splitlines(), start=1)
        for match in _EXPECT.finditer(line)
        if match["id"] == rule_id
    }


class TestBuiltinFixtures:
    """Each built-in check fires exactly on the lines its fixture marks."""

    @pytest.mark.parametrize("fixture", _fixture_cases())
    def test_fires_exactly_on_marked_lines(self, engine: RuleEngine, fixture: Path) -> None:
        """The lines that fire are exactly the lines marked `# expect: <rule-id>`."""
        rule_id, text, params, path = load_fixture(fixture)
        expected = expected_lines(text, rule_id)
        report = engine.validate(AgentOutput(files={path: text}), [rule(rule_id, **params)])
        assert report.plugin_failures == ()
        assert report.file_diagnostics == ()
        fired = {v.location.line for v in report.violations if v.rule_id == rule_id}
        assert sorted(fired) == sorted(expected)
        assert expected, "a fixture must mark at least one line"

    def test_every_builtin_python_check_has_a_fixture(self, engine: RuleEngine) -> None:
        """No built-in Python check is left without an annotated fixture."""
        covered = {path.stem.partition("__")[0] for path in FIXTURES.glob("*.py")}
        multi_file = {"architecture.no-circular-imports", "architecture.forbidden-import"}
        multi_file |= {"ruff"}  # any ruff rule: tests/rules/test_ruff.py
        text_checks = {
            "quality.max-response-length",
            "quality.forbidden-phrases",
            "security.no-secrets-in-text",
        }
        python = {
            check_id
            for check_id, registered in engine.checks.items()
            if Language.PYTHON in registered.languages or not registered.languages
        }  # TypeScript/JavaScript checks: tests/rules/test_typescript_checks.py
        assert python - multi_file - text_checks <= covered
