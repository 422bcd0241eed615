"""The built-in TypeScript/JavaScript checks: fixtures for each, messages, languages, the example.

The annotated fixtures are in `fixtures/typescript/` (`quality.no-any.ts`,
`quality.export-style__default.ts`: the name gives the rule, the suffix the language) and are
run by `test_script_fixtures.py`: a line marked `// expect: <rule-id>` (or
`{/* expect: <rule-id> */}` inside JSX) must fire, every other line, the idioms the rule allows
included, must stay quiet.
"""

from __future__ import annotations

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

FIXTURES = Path(__file__).parent / "fixtures"
ROOT = Path(__file__).resolve().parents[2]
_SUFFIXES = ("*.ts", "*.tsx", "*.js", "*.jsx", "*.mjs", "*.vue", "*.svelte", "*.astro")


@pytest.fixture(scope="module")
def engine() -> RuleEngine:
    """One engine with the built-in checks (checks are pure: sharing it is safe)."""
    return RuleEngine(make_plugin_manager(entry_points=False))


def _rule(rule_id: str, **params: object) -> Rule:
    category = Category(rule_id.partition(".")[0])
    return Rule(id=rule_id, category=category, params=params, text=f"rule {rule_id}")  # type: ignore[arg-type]


def _fixtures() -> list[Path]:
    folders = (FIXTURES, FIXTURES / "typescript")
    return sorted(path for d in folders for pattern in _SUFFIXES for path in d.glob(pattern))


def _check(engine: RuleEngine, path: str, text: str, rule_id: str, **params: object) -> Report:
    report = engine.validate(AgentOutput(files={path: text}), [_rule(rule_id, **params)])
    assert report.plugin_failures == ()
    assert report.file_diagnostics == ()
    return report


def _lines(report: Report, rule_id: str) -> list[int]:
    return sorted(v.location.line for v in report.violations if v.rule_id == rule_id)


class TestFixtures:
    """Every TypeScript/JavaScript check has annotated fixtures (run by test_script_fixtures)."""

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


class TestIdiomsStaySilent:
    """Whole files the rules allow: each is one idiom, so no line of it can be marked."""

    def test_a_leaf_client_component(self, engine: RuleEngine) -> None:
        """A client component that renders only HTML and library components is a leaf."""
        text = '"use client";\nimport { useState } from "react";\n'
        text += 'import { Button } from "@acme/ui";\nimport { formatCount } from "./format";\n'
        text += "export function Like() {\n  const [n, setN] = useState(0);\n"
        text += "  return <Button onClick={() => setN(n + 1)}>{formatCount(n)}</Button>;\n}\n"
        report = _check(engine, "components/Like.tsx", text, "architecture.use-client-leaf")
        assert report.violations == ()

    @pytest.mark.parametrize(
        "path",
        ["app/dashboard/page.tsx", "app/layout.tsx", "pages/index.tsx", "vite.config.ts"],
    )
    def test_a_default_export_a_framework_requires(self, engine: RuleEngine, path: str) -> None:
        """Next.js pages and layouts, `pages/` routes and config files keep their default export."""
        text = "export default function Page() {\n  return null;\n}\n"
        assert _check(engine, path, text, "quality.export-style").violations == ()
        other = _check(engine, "src/lib/page-utils.ts", text, "quality.export-style")
        assert _lines(other, "quality.export-style") == [1]

    def test_a_command_line_script_prints(self, engine: RuleEngine) -> None:
        """A `#!` script's console.log is its output, as under Python's `__main__`."""
        text = '#!/usr/bin/env node\nconsole.log("usage: tool <file>");\n'
        assert _check(engine, "bin/tool.mjs", text, "quality.no-print").violations == ()


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
        by_check = result.stdout.partition("by check:")[2].partition("\n\n")[0]
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


class TestSecretsInText:
    """TS/JS code is read for secrets as code; only environment files are also read as text."""

    def test_code_is_not_read_as_text(self, engine: RuleEngine) -> None:
        """`password: z.string()` in a schema is no password: the text reading skips code."""
        text = 'const Form = z.object({ password: z.string(), token: "k3y-0f-the-day-42" });\n'
        assert _check(engine, "src/form.ts", text, "security.no-secrets-in-text").violations == ()
        code = _check(engine, "src/form.ts", text, "security.no-hardcoded-secrets")
        assert [v.message for v in code.violations] == ["'token' holds a hardcoded secret literal"]

    def test_a_file_that_does_not_parse_is_read_as_text(self, engine: RuleEngine) -> None:
        """A broken script fails closed for code checks and is still scanned as text."""
        text = 'const config = { apiKey: "k3y-0f-the-day-42" \n'
        report = engine.validate(
            AgentOutput(files={"src/config.ts": text}), [_rule("security.no-secrets-in-text")]
        )
        assert [v.location.line for v in report.violations] == [1]


# Adversarial TypeScript for the checks that follow names through scopes and read built text:
# (rule id, source of about n characters).
_ADVERSARIAL = {
    "functions nested deep, each querying": (
        "security.no-sql-string-building",
        lambda n: (
            "const sql = `SELECT * FROM t WHERE a = ${a}`;\n"
            + "function f(q) { db.query(sql); " * (n // 32)
            + "}" * (n // 32)
        ),
    ),
    "assignments nested in a concatenation": (
        "security.no-sql-string-building",
        lambda n: (
            "db.query("
            + '"SELECT " + (s = "FROM " + ' * (n // 25)
            + "x"
            + ")" * (n // 25)
            + ");\ndb.query(s);\n"
        ),
    ),
    "a command grown a thousand times": (
        "security.no-shell-injection",
        lambda n: (
            'const { exec } = require("child_process");\nlet c = "ls";\n'
            + "c += ` ${d}`; exec(c);\n" * (n // 22)
        ),
    ),
}


class TestLinearWork:
    """Twice the adversarial source costs at most about twice the work (calls, not time)."""

    @pytest.mark.parametrize("name", sorted(_ADVERSARIAL))
    def test_script_checks_stay_linear(self, engine: RuleEngine, name: str) -> None:
        """Scopes are a stack and built text is read once: no walk repeats per nesting level."""
        from .test_linear_time import _assert_linear  # noqa: PLC0415

        rule_id, make = _ADVERSARIAL[name]
        rules = [_rule(rule_id)]

        def check(text: str) -> object:
            report = engine.validate(AgentOutput(files={"a.ts": text}), rules)
            assert report.file_diagnostics == ()
            assert report.violations  # the checks ran, and read the text through
            return report

        _assert_linear(check, make)
