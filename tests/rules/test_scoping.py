"""Headings that name a language, and front matter globs, scope the rules under them."""

from __future__ import annotations

from socratic_core.rules import parse_instructions

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
