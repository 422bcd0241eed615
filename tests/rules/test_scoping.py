"""Headings that name a language, and front matter globs, scope the rules under them."""

from __future__ import annotations

from socratic_core import make_plugin_manager
from socratic_core.rules import CheckDeclaration, RuleEngine, RuleKind, parse_instructions
from socratic_core.rules._vocabulary import builtin_declarations, with_languages

_DOCUMENT = """# Rules
## TypeScript
- Functions must not exceed 40 lines
### React
- Use `chrome.alarms` instead of `setInterval()`
## Python
- Never use eval
## Testing with TypeScript
- Never use eval
## General
- No hardcoded secrets
"""


class TestHeadingScopes:
    """`## TypeScript`, `## React`, `## Python` scope their rules to those files."""

    def test_each_rule_takes_the_scope_of_its_innermost_language_heading(self) -> None:
        """Rules under a language heading apply to its files; a later heading ends the scope."""
        scopes = [(rule.id, rule.scope) for rule in parse_instructions(_DOCUMENT).rules]
        assert scopes == [
            ("quality.max-function-length", ("*.ts", "*.tsx", "*.mts", "*.cts")),
            ("architecture.banned-api", ("*.jsx", "*.tsx")),
            ("security.no-eval", ("*.py", "*.pyi")),
            ("security.no-eval", ()),
            ("security.no-hardcoded-secrets", ()),
        ]

    def test_front_matter_globs_win_over_a_heading(self) -> None:
        """An `.mdc` file's `globs:` are the paths it was written for, whatever its headings."""
        text = "---\nglobs: src/**/*.tsx\n---\n# Python\n- Never use eval\n"
        [rule] = parse_instructions(text).rules
        assert rule.scope == ("src/**/*.tsx",)

    def test_copilot_apply_to_scopes_every_rule(self) -> None:
        """A copilot instructions file's `applyTo:` is the scope of its rules."""
        text = '---\napplyTo: "**/*.ts"\n---\n- Never use eval\n'
        [rule] = parse_instructions(text).rules
        assert rule.scope == ("**/*.ts",)


class TestLanguagesNamedInAStatement:
    """A statement naming TS/JS is scoped to those files when its check reads them."""

    def _vocabulary(self, *languages: str) -> list[CheckDeclaration]:
        return [
            with_languages(d, languages) if d.id == "security.no-eval" else d
            for d in builtin_declarations()
        ]

    def test_a_check_that_reads_the_language_is_scoped_to_its_files(self) -> None:
        """ "Never use eval in JavaScript" checks the JavaScript files only."""
        vocabulary = self._vocabulary("python", "javascript", "jsx")
        [rule] = parse_instructions("- Never use eval in JavaScript\n", declarations=vocabulary)
        assert (rule.id, rule.kind) == ("security.no-eval", RuleKind.ENFORCED)
        assert rule.scope == ("*.js", "*.mjs", "*.cjs", "*.jsx")

    def test_a_check_that_does_not_read_it_keeps_the_rule_unenforced(self) -> None:
        """A Python-only check is not enforced on a rule written for JavaScript."""
        vocabulary = self._vocabulary("python")
        [rule] = parse_instructions("- Never use eval in JavaScript\n", declarations=vocabulary)
        assert rule.kind is RuleKind.UNENFORCED
        assert "a language security.no-eval does not read (javascript, jsx)" in rule.reading

    def test_console_log_names_the_script_languages(self) -> None:
        """`console.log` is print's word in TS/JS: no-print claims it, for script files."""
        [rule] = parse_instructions("- No console.log\n")
        assert rule.reading.startswith("frame 'console.log' of quality.no-print")
        reads = set(next(d for d in builtin_declarations() if d.id == "quality.no-print").languages)
        if {"typescript", "javascript"} <= reads:
            assert rule.kind is RuleKind.ENFORCED
            assert "*.ts" in rule.scope
            assert "*.py" not in rule.scope
        else:
            assert rule.kind is RuleKind.UNENFORCED

    def test_the_engine_vocabulary_says_what_each_check_reads(self) -> None:
        """`RuleEngine.declarations` carries the languages of every check under each id."""
        engine = RuleEngine(make_plugin_manager(entry_points=False))
        by_id = {d.id: d for d in engine.declarations}
        assert set(by_id["architecture.banned-api"].languages) >= {"python", "typescript", "tsx"}
        assert "python" in by_id["quality.docstrings"].languages
