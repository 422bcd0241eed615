"""One rule, several languages: the structural checks on TypeScript/JavaScript, and the coverage.

Per-line behaviour of each check is in the annotated fixtures (`test_script_fixtures.py`); here
are what needs several files (import cycles), and what the report says each rule checked.
"""

from __future__ import annotations

import json

import pytest

from socratic_core import make_plugin_manager
from socratic_core.rules import (
    AgentOutput,
    Report,
    RuleEngine,
    render_json,
    render_sarif,
    render_text,
)


@pytest.fixture(scope="module")
def engine() -> RuleEngine:
    """One engine with the built-in checks."""
    return RuleEngine(make_plugin_manager(entry_points=False))


def _check(engine: RuleEngine, rules: str, files: dict[str, str]) -> Report:
    return engine.validate(AgentOutput(files=files), engine.compile(rules))


class TestImportCycles:
    """`architecture.no-circular-imports` follows relative imports between script files."""

    def test_cycle_through_extensions_and_index_files(self, engine: RuleEngine) -> None:
        """`./b` finds b.tsx, `./lib` finds lib/index.ts, `./a.js` finds a.ts: one cycle."""
        files = {
            "src/a.ts": 'import { B } from "./b";\nexport const A = B;\n',
            "src/b.tsx": 'import { L } from "./lib";\nexport const B = L;\n',
            "src/lib/index.ts": 'import { A } from "../a.js";\nexport const L = A;\n',
        }
        report = _check(engine, "- architecture.no-circular-imports", files)
        found = sorted((v.location.path, v.location.line) for v in report.violations)
        assert found == [("src/a.ts", 1), ("src/b.tsx", 1), ("src/lib/index.ts", 1)]
        assert "cycle src/a.ts -> src/b.tsx -> src/lib/index.ts -> src/a.ts" in (
            report.violations[0].message
        )

    def test_type_only_and_lazy_imports_make_no_cycle(self, engine: RuleEngine) -> None:
        """`import type` is erased and `import()` runs later: neither closes a cycle."""
        files = {
            "a.ts": 'import type { B } from "./b";\nexport const a = 1;\n',
            "b.ts": 'import { a } from "./a";\nexport type B = typeof a;\n',
            "c.js": 'export async function load() { return import("./d"); }\n',
            "d.js": 'import { load } from "./c";\nexport const d = load;\n',
        }
        report = _check(engine, "- architecture.no-circular-imports", files)
        assert report.violations == ()

    def test_top_level_require_makes_a_cycle(self, engine: RuleEngine) -> None:
        """CommonJS files that `require()` each other at the top level are a cycle."""
        files = {
            "a.cjs": 'const b = require("./b.cjs");\nmodule.exports = { b };\n',
            "b.cjs": 'const a = require("./a.cjs");\nmodule.exports = { a };\n',
        }
        report = _check(engine, "- architecture.no-circular-imports", files)
        assert sorted(v.location.path for v in report.violations) == ["a.cjs", "b.cjs"]

    def test_python_and_script_cycles_are_one_rule(self, engine: RuleEngine) -> None:
        """The rule finds a Python cycle and a TypeScript cycle in one output."""
        files = {
            "pkg/a.py": "from pkg import b\n",
            "pkg/b.py": "from pkg import a\n",
            "web/x.ts": 'import "./y";\n',
            "web/y.ts": 'import "./x";\n',
        }
        report = _check(engine, "- architecture.no-circular-imports", files)
        paths = sorted(v.location.path or "" for v in report.violations)
        assert paths == ["pkg/a.py", "pkg/b.py", "web/x.ts", "web/y.ts"]


class TestNames:
    """Findings name a function by its own name or the name it is bound to."""

    def test_bound_and_anonymous_functions(self, engine: RuleEngine) -> None:
        """`function f`, `const g = () =>`, `{ h: function }`, a method, a callback."""
        body = "{\n  return 1;\n}"
        text = f"function f() {body}\nconst g = () => {body};\n"
        text += f"const o = {{ h: function () {body} }};\n"
        text += f"class C {{ m() {body} }}\nrun(() => {body});\n"
        report = _check(engine, "- quality.max-function-length(max=2)\n", {"a.ts": text})
        names = [v.message.partition("(")[0] for v in report.violations]
        assert names == ["f", "g", "h", "m", "<anonymous>"]


_MIXED = {
    "app/models.py": "def f():\n    return 1\n",
    "web/api.ts": "export function g(): number {\n  return 1;\n}\n",
    "web/App.vue": '<script setup lang="ts">\nconst x = 1\n</script>\n',
    "README.md": "# Demo\n",
}


class TestCoverage:
    """The report says which files, in which languages, each rule checked."""

    def test_counts_files_by_language(self, engine: RuleEngine) -> None:
        """A rule with Python and script checks counts both; a Python-only rule counts Python."""
        rules = "- quality.max-function-length(max=50)\n- quality.docstrings\n"
        report = _check(engine, rules, _MIXED)
        coverage = {c.rule_id: dict(c.languages) for c in report.coverage}
        assert coverage == {
            "quality.max-function-length": {"python": 1, "typescript": 2},
            "quality.docstrings": {"python": 1},
        }

    def test_a_rule_that_read_nothing_is_not_passed(self, engine: RuleEngine) -> None:
        """A Python-only rule over TypeScript files checked no file and does not pass."""
        report = _check(engine, "- quality.docstrings\n", {"web/api.ts": "export const a = 1;\n"})
        assert [r.id for r in report.unchecked] == ["quality.docstrings"]
        assert report.passed == ()
        assert "rules that checked no file (not counted as passed):" in render_text(report)

    def test_rendered_in_json_and_sarif(self, engine: RuleEngine) -> None:
        """JSON and SARIF carry the coverage; SARIF warns about a rule that checked no file."""
        rules = "- quality.max-file-length(max=500)\n- quality.docstrings\n"
        report = _check(engine, rules, {"web/api.ts": "export const a = 1;\n"})
        data = json.loads(render_json(report))
        assert data["coverage"][0] == {
            "rule_id": "quality.max-file-length",
            "files": 1,
            "languages": {"typescript": 1},
            "answer": False,
            "checked_nothing": False,
        }
        assert [r["id"] for r in data["summary"]["unchecked"]] == ["quality.docstrings"]
        run = json.loads(render_sarif(report))["runs"][0]
        notes = run["invocations"][0]["toolConfigurationNotifications"]
        assert any("checked no file" in n["message"]["text"] for n in notes)
        assert run["properties"]["coverage"] == data["coverage"]

    def test_text_lists_each_rule(self, engine: RuleEngine) -> None:
        """The text report has one line per rule with its files and languages."""
        report = _check(engine, "- quality.max-function-length(max=50)\n", _MIXED)
        assert "quality.max-function-length  3 files (python 1, typescript 2)" in (
            render_text(report)
        )
