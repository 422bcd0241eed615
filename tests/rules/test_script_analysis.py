"""TypeScript and JavaScript files: read by suffix, parsed once, checked by `ScriptFile` checks."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from socratic_core import hookimpl, make_plugin_manager
from socratic_core.errors import PluginError
from socratic_core.rules import (
    AgentOutput,
    Category,
    Finding,
    Language,
    PythonFile,
    Report,
    Rule,
    RuleEngine,
    ScriptFile,
    Severity,
    Verdict,
    analyze,
    check,
)


@check(id="demo.no-debugger", category="quality", phrases=("debugger statements",), forbids=True)
def no_debugger(file: ScriptFile) -> Iterator[Finding]:
    """`debugger` statements left in the code."""
    for node in file.nodes("debugger_statement"):
        yield Finding.at_script_node(file, node, "debugger statement left in")


@check(id="demo.no-debugger", category="quality", phrases=("debugger statements",), forbids=True)
def no_breakpoint(python: PythonFile) -> Iterator[Finding]:
    """`debugger` statements left in the code."""
    for call in python.index.calls_named("breakpoint", "builtins.breakpoint"):
        yield Finding.at_node(python, call.node, "breakpoint() left in")


@check(id="demo.typed-only", category="quality", phrases=("typed only",), languages=["typescript"])
def typed_only(file: ScriptFile) -> Iterator[Finding]:
    """Reports every TypeScript file it is called with."""
    yield Finding.at_script_node(file, file.root, f"read as {file.language}")


def _engine(*checks: object) -> RuleEngine:
    class Plugin:
        @hookimpl
        def register_checks(self, register):  # type: ignore[no-untyped-def]
            for registered in checks:
                register(registered)

    return RuleEngine(make_plugin_manager(entry_points=False, plugins=[Plugin()]))


def _validate(engine: RuleEngine, files: dict[str, str], *rule_ids: str) -> Report:
    rules = [Rule(id=i, category=Category.QUALITY, params={}, text=i) for i in rule_ids]
    return engine.validate(AgentOutput(files=files), rules)


def _script(path: str, text: str) -> ScriptFile:
    source = analyze(AgentOutput(files={path: text})).files[0]
    assert source.script is not None, f"{path} did not parse"
    return source.script


class TestLanguages:
    """Which grammar reads a file is its suffix's (component files: their script blocks')."""

    @pytest.mark.parametrize(
        ("path", "language"),
        [
            ("a.ts", Language.TYPESCRIPT),
            ("a.mts", Language.TYPESCRIPT),
            ("a.cts", Language.TYPESCRIPT),
            ("a.tsx", Language.TSX),
            ("a.js", Language.JAVASCRIPT),
            ("a.mjs", Language.JAVASCRIPT),
            ("a.cjs", Language.JAVASCRIPT),
            ("a.jsx", Language.JSX),
        ],
    )
    def test_suffix_picks_the_grammar(self, path: str, language: Language) -> None:
        """Each script suffix is parsed with its own grammar."""
        assert _script(path, "export const x = 1;\n").language is language

    def test_vue_lang_ts_is_typescript(self) -> None:
        """A Vue file whose `<script setup lang="ts">` is TypeScript is parsed as TypeScript."""
        text = '<template><p>{{ x }}</p></template>\n<script setup lang="ts">\nconst x: number = 1'
        text += "\n</script>\n"
        assert _script("App.vue", text).language is Language.TYPESCRIPT

    def test_svelte_without_lang_is_javascript(self) -> None:
        """A Svelte script without `lang` is JavaScript."""
        assert _script("A.svelte", "<script>\nlet n = 0\n</script>\n<p>{n}</p>\n").language is (
            Language.JAVASCRIPT
        )

    def test_astro_frontmatter_is_typescript(self) -> None:
        """Astro's `---` frontmatter is read as TypeScript, the markup after it is not."""
        text = "---\nconst title: string = 'Hi'\n---\n<h1>{title}</h1>\n"
        script = _script("page.astro", text)
        assert script.language is Language.TYPESCRIPT
        assert [script.text_of(n) for n in script.nodes("type_annotation")] == [": string"]

    def test_markup_is_blanked_and_positions_are_the_files(self) -> None:
        """Outside the script blocks only spaces and newlines are parsed; rows stay the file's."""
        text = "<template>\n  <p>é</p>\n</template>\n<script>\nconst é = 1; debugger\n</script>\n"
        script = _script("A.vue", text)
        assert len(script.source) == len(text.encode())
        assert script.source.count(b"\n") == text.count("\n")
        (node,) = script.nodes("debugger_statement")
        assert script.position(node) == (5, 14)

    def test_json_script_blocks_are_left_out(self) -> None:
        """A `<script type="application/ld+json">` block is data, not code: it is not parsed."""
        text = '<script type="application/ld+json">{"a": 1}</script>\n<script>let a = 1</script>\n'
        script = _script("A.svelte", text)
        assert b'{"a": 1}' not in script.source
        assert [n.type for n in script.root.named_children] == ["lexical_declaration"]

    def test_two_blocks_on_one_line_stay_two_statements(self) -> None:
        """Blocks that end on their closing tag's line do not run into the next block."""
        text = '<script context="module">export const a = 1</script><script>let b = 2</script>\n'
        assert _script("A.svelte", text).root.has_error is False


class TestScriptFile:
    """A parsed file gives node text, character positions and a one-walk index by node type."""

    def test_nodes_in_source_order_across_types(self) -> None:
        """Nodes of several types come in the order they appear in the file."""
        script = _script("a.ts", "function f() {}\nconst g = () => 1\nclass C { m() {} }\n")
        kinds = ("function_declaration", "arrow_function", "method_definition")
        assert [n.type for n in script.nodes(*kinds)] == list(kinds)

    def test_columns_count_characters_not_bytes(self) -> None:
        """A position after non-ASCII text is in characters, as Python findings are."""
        script = _script("a.ts", "const s = '日本語'; debugger;\n")
        (node,) = script.nodes("debugger_statement")
        where = Finding.at_script_node(script, node, "x").location
        assert (where.line, where.column, where.end_column) == (1, 18, 27)

    def test_deep_nesting_does_not_crash(self) -> None:
        """100,000 nested brackets parse and index without recursion."""
        text = "const x = " + "[" * 100_000 + "]" * 100_000 + ";\n"
        script = _script("deep.js", text)
        assert sum(1 for _ in script.nodes("array")) == 100_000

    def test_importing_the_rules_does_not_import_tree_sitter(self) -> None:
        """tree-sitter is loaded on the first script file, not when the rules are imported."""
        code = "import sys, socratic_core.rules; print('tree_sitter' in sys.modules)"
        command = [sys.executable, "-c", code]
        result = subprocess.run(command, capture_output=True, text=True, check=True)
        assert result.stdout.strip() == "False"


class TestFailClosed:
    """A script file that does not parse blocks the report, like a Python syntax error."""

    def test_syntax_error_is_an_error_diagnostic(self) -> None:
        """A broken file gets a syntax-error diagnostic at its line, and the verdict blocks."""
        report = _validate(
            _engine(no_debugger), {"a.js": "const a = 1;\nfunction (\n"}, "demo.no-debugger"
        )
        (diagnostic,) = report.file_diagnostics
        assert (diagnostic.kind, diagnostic.severity, diagnostic.line) == (
            "syntax-error",
            Severity.ERROR,
            2,
        )
        assert report.verdict is Verdict.BLOCK


class TestAdversarialInput:
    """Hostile script files get an answer (a parse or a diagnostic), never an exception."""

    def test_unclosed_script_tags(self) -> None:
        """10,000 `<script>` tags that never close leave nothing to parse, and say so quietly."""
        script = _script("A.vue", "<script>\n" * 10_000)
        assert script.source.strip() == b""

    def test_a_tag_that_closes_nothing_ends_the_blocks(self) -> None:
        """A block after an unclosed one is not read as code (it would be inside the first)."""
        script = _script("A.svelte", "<script>let a = 1</script>\n<script>\nlet b = 2\n")
        assert [script.text_of(n) for n in script.nodes("identifier")] == ["a"]

    def test_suppressions_over_nested_statements(self) -> None:
        """A suppression before each of 3,000 nested arrays is read: each search is bounded."""
        opening = "\n// socratic: allow demo.no-debugger -- nested\n["
        text = "const a = " + opening * 3000 + "]" * 3000 + ";\n"
        script = _script("a.ts", text)
        assert len(script.suppressions) == 3000
        assert script.suppressions[0].lines == range(3, 4)  # past the search: its first line
        assert script.suppressions[-1].lines == range(6001, 6002)

    @settings(max_examples=60, deadline=None)
    @given(st.text(alphabet=st.sampled_from("{}()[]<>;:'\"`/*\\=+-!?.,\n abcé$@#0"), max_size=300))
    def test_any_text_parses_or_is_diagnosed(self, text: str) -> None:
        """Any text as .ts, .jsx or .vue is a parsed file or a syntax-error diagnostic."""
        for path in ("a.ts", "a.jsx", "A.vue"):
            source = analyze(AgentOutput(files={path: text})).files[0]
            if source.script is None:
                continue
            for node in source.script.nodes("identifier", "string", "comment"):
                line, column = source.script.position(node)
                assert 1 <= line <= len(source.lines.lines)
                assert 1 <= column <= len(source.lines.line(line)) + 1


class TestSuppressions:
    """`// socratic: allow` and `/* socratic: allow */` work as `# socratic: allow` does."""

    def test_line_comment_above_covers_the_next_statement(self) -> None:
        """A comment alone on its line suppresses the statement on the next line."""
        text = "// socratic: allow demo.no-debugger -- stepping through\ndebugger;\ndebugger;\n"
        report = _validate(_engine(no_debugger), {"a.ts": text}, "demo.no-debugger")
        assert [(v.location.line, v.suppressed) for v in report.violations] == [
            (2, True),
            (3, False),
        ]
        assert report.violations[0].suppression_reason == "stepping through"

    def test_block_comment_after_code_covers_its_line(self) -> None:
        """A trailing `/* */` suppression covers its own line."""
        text = "debugger; /* socratic: allow demo.no-debugger -- on purpose */\n"
        report = _validate(_engine(no_debugger), {"a.js": text}, "demo.no-debugger")
        assert [v.suppressed for v in report.violations] == [True]

    def test_suppression_without_reason_is_reported(self) -> None:
        """A suppression with no reason covers nothing and is itself a violation."""
        text = "// socratic: allow demo.no-debugger\ndebugger;\n"
        report = _validate(_engine(no_debugger), {"a.ts": text}, "demo.no-debugger")
        ids = sorted((v.rule_id, v.suppressed) for v in report.violations)
        assert ids == [("demo.no-debugger", False), ("socratic.invalid-suppression", False)]

    def test_text_in_a_string_is_not_a_suppression(self) -> None:
        """`// socratic: allow` inside a string literal suppresses nothing."""
        text = 'const s = "// socratic: allow demo.no-debugger -- no"; debugger;\n'
        report = _validate(_engine(no_debugger), {"a.ts": text}, "demo.no-debugger")
        assert [v.suppressed for v in report.violations] == [False]


class TestSharedIds:
    """One rule may have a Python check and a script check under one id."""

    def test_each_check_runs_on_its_own_files(self) -> None:
        """The Python side reads the .py file and the script side the .ts file, for one rule."""
        engine = _engine(no_breakpoint, no_debugger)
        files = {"a.py": "breakpoint()\n", "b.ts": "debugger;\n"}
        report = _validate(engine, files, "demo.no-debugger")
        assert [(v.location.path, v.message) for v in report.violations] == [
            ("a.py", "breakpoint() left in"),
            ("b.ts", "debugger statement left in"),
        ]
        assert engine.checks["demo.no-debugger"].languages == {Language.PYTHON} | {
            Language.TYPESCRIPT,
            Language.TSX,
            Language.JAVASCRIPT,
            Language.JSX,
        }
        assert [d.id for d in engine.declarations].count("demo.no-debugger") == 1

    def test_overlapping_languages_are_refused(self) -> None:
        """Two checks for the same id and the same language are a collision."""
        with pytest.raises(PluginError, match="registered by both"):
            _engine(no_debugger, no_debugger)

    def test_different_declarations_are_refused(self) -> None:
        """The sides of one rule share its declaration."""

        @check(id="demo.no-debugger", category="quality", phrases=("other words",))
        def other(python: PythonFile) -> Iterator[Finding]:
            """Something else."""
            yield from ()

        with pytest.raises(PluginError, match="declares the rule differently"):
            _engine(no_debugger, other)

    def test_languages_narrow_what_a_script_check_reads(self) -> None:
        """A TypeScript-only check is not called with JavaScript files."""
        files = {"a.ts": "let a = 1\n", "b.js": "let b = 1\n"}
        files["c.vue"] = '<script lang="ts">\n</script>\n'

        report = _validate(_engine(typed_only), files, "demo.typed-only")
        assert [v.location.path for v in report.violations] == ["a.ts", "c.vue"]
        assert typed_only.languages == {Language.TYPESCRIPT}
