"""Every built-in TypeScript/JavaScript check against its annotated fixtures.

A fixture line marked `// expect: <rule-id>` (or `{/* expect: <rule-id> */}` inside JSX) must
fire for that rule; every other line, the idioms the rule allows included, must stay quiet.
The fixture's name gives the rule (`quality.no-any.ts`, `quality.no-print__all.ts`) and its
suffix the language. Optional headers: `// params: {json}` and `// path: app/page.tsx`.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

from socratic_core import make_plugin_manager
from socratic_core.rules import (
    AgentOutput,
    Category,
    Language,
    Report,
    Rule,
    RuleEngine,
)

SCRIPT_LANGUAGES = frozenset({Language.TYPESCRIPT, Language.TSX, Language.JAVASCRIPT, Language.JSX})

FIXTURES = Path(__file__).parent / "fixtures" / "typescript"
ROOT = Path(__file__).resolve().parents[2]
_EXPECT = re.compile(r"expect:\s*(?P<id>[a-z0-9.-]+)")
_HEADER = re.compile(r"^//\s*(?P<key>params|path):\s*(?P<value>.+)$", re.M)
_SUFFIXES = ("*.ts", "*.tsx", "*.js", "*.jsx", "*.mjs")


@pytest.fixture(scope="module")
def engine() -> RuleEngine:
    """One engine with the built-in checks (checks are pure: sharing it is safe)."""
    return RuleEngine(make_plugin_manager(entry_points=False))


def _rule(rule_id: str, **params: object) -> Rule:
    category = Category(rule_id.partition(".")[0])
    return Rule(id=rule_id, category=category, params=params, text=f"rule {rule_id}")  # type: ignore[arg-type]


def _fixtures() -> list[Path]:
    return sorted(path for pattern in _SUFFIXES for path in FIXTURES.glob(pattern))


def _check(engine: RuleEngine, path: str, text: str, rule_id: str, **params: object) -> Report:
    report = engine.validate(AgentOutput(files={path: text}), [_rule(rule_id, **params)])
    assert report.plugin_failures == ()
    assert report.file_diagnostics == ()
    return report


def _lines(report: Report, rule_id: str) -> list[int]:
    return sorted(v.location.line for v in report.violations if v.rule_id == rule_id)


class TestFixtures:
    """Each TypeScript/JavaScript check fires exactly on the lines its fixtures mark."""

    @pytest.mark.parametrize("fixture", _fixtures(), ids=lambda path: path.name)
    def test_fires_exactly_on_marked_lines(self, engine: RuleEngine, fixture: Path) -> None:
        """The lines that fire are exactly the marked ones, each once."""
        text = fixture.read_text(encoding="utf-8")
        rule_id = fixture.name.partition("__")[0].removesuffix(fixture.suffix)
        headers = {m["key"]: m["value"].strip() for m in _HEADER.finditer(text)}
        params = json.loads(headers.get("params", "{}"))
        path = headers.get("path", f"src/{fixture.name}")
        marked = [
            number
            for number, line in enumerate(text.splitlines(), start=1)
            for match in _EXPECT.finditer(line)
            if match["id"] == rule_id
        ]
        assert _lines(_check(engine, path, text, rule_id, **params), rule_id) == marked

    def test_every_script_check_has_a_fixture(self, engine: RuleEngine) -> None:
        """No built-in check that reads TypeScript or JavaScript is left without a fixture."""
        covered = {path.name.partition("__")[0].removesuffix(path.suffix) for path in _fixtures()}
        reads_scripts = {
            check_id
            for check_id, registered in engine.checks.items()
            if registered.languages & SCRIPT_LANGUAGES
        }
        # Structural checks with their own tests: tests/rules/test_script_structure.py (ts-engine).
        structural = {
            "quality.max-function-length",
            "quality.max-file-length",
            "quality.max-line-length",
            "quality.max-complexity",
            "quality.no-magic-numbers",
            "architecture.forbidden-import",
            "architecture.no-circular-imports",
            "architecture.banned-api",
        }
        assert reads_scripts - structural <= covered


class TestMessages:
    """Findings say what is wrong, in the words of the code they point at."""

    def test_any_says_which_kind(self, engine: RuleEngine) -> None:
        """An annotation and an `as any` assertion read differently, at the `any` itself."""
        report = _check(engine, "a.ts", "const a: any = b as any;\n", "quality.no-any")
        found = [(v.location.column, v.message) for v in report.violations]
        assert found == [
            (10, "explicit `any` type"),
            (21, "`as any` turns type checking off"),
        ]

    def test_shell_names_the_method(self, engine: RuleEngine) -> None:
        """A shell finding names the child_process method as the file imported it."""
        text = 'import { execSync as run } from "child_process";\nrun(`ls ${dir}`);\n'
        report = _check(engine, "a.ts", text, "security.no-shell-injection")
        assert [v.message for v in report.violations] == [
            "execSync() runs a command built from pieces through a shell"
        ]

    def test_use_client_names_the_components(self, engine: RuleEngine) -> None:
        """A non-leaf client component is told which of its components to push the directive to."""
        text = '"use client";\nimport { A } from "./A";\nimport { B } from "@/B";\n'
        text += "export const C = () => <><A /><B /></>;\n"
        report = _check(engine, "components/C.tsx", text, "architecture.use-client-leaf")
        assert [v.message for v in report.violations] == [
            "'use client' in a component that renders A, B: push it down to the leaves"
        ]


class TestLanguages:
    """A rule reads the languages its checks read, and the TypeScript-only ones skip JavaScript."""

    def test_type_checks_read_typescript_only(self, engine: RuleEngine) -> None:
        """`no-any`, `no-non-null-assertion`, `no-enum` and `import-type` read TS and TSX."""
        typed = ("quality.no-any", "quality.no-non-null-assertion", "quality.no-enum")
        for check_id in (*typed, "quality.import-type"):
            languages = engine.checks[check_id].languages
            assert languages == {Language.TYPESCRIPT, Language.TSX}, check_id

    def test_shared_rules_read_python_and_scripts(self, engine: RuleEngine) -> None:
        """The language-neutral rules read Python and all four script languages."""
        shared = (
            "security.no-hardcoded-secrets",
            "security.no-eval",
            "security.no-shell-injection",
            "security.no-weak-hashes",
            "security.no-sql-string-building",
            "quality.no-print",
            "quality.no-todo-comments",
        )
        for check_id in shared:
            assert engine.checks[check_id].languages == {Language.PYTHON, *SCRIPT_LANGUAGES}

    def test_vue_script_block_is_checked(self, engine: RuleEngine) -> None:
        """A Vue component's `<script lang="ts">` block is read as TypeScript, at its real lines."""
        text = '<template><p>{{ a }}</p></template>\n<script setup lang="ts">\n'
        text += "const a: any = 1;\n</script>\n"
        report = _check(engine, "src/App.vue", text, "quality.no-any")
        assert _lines(report, "quality.no-any") == [3]


class TestWebExample:
    """examples/check_web_output.py (shown in the docs) reports what its docs say it does."""

    def test_reports_the_three_broken_rules(self) -> None:
        """It exits 1 with the secret, the raw HTML and the internal <a>; the page is left alone."""
        result = subprocess.run(
            [sys.executable, "examples/check_web_output.py"],
            cwd=ROOT,
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )
        assert result.returncode == 1, result.stderr
        by_check = result.stdout.partition("by check:")[2].partition("rules that passed:")[0]
        assert by_check.split() == [
            "1",
            "architecture.internal-links",
            "1",
            "security.no-dangerous-html",
            "1",
            "security.no-hardcoded-secrets",
        ]
        assert "web/app/page.tsx" not in result.stdout.partition("by check:")[0]
        assert "quality.export-style  agent-rules.md:7" in result.stdout
