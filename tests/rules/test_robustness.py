"""Lenient mode never raises; strict mode raises only RuleSyntaxError, on any text at all."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from socratic_core import RuleSyntaxError
from socratic_core.rules import RuleSet, parse_instructions

# Pieces of real instruction text and of the canonical form, to reach deep into both grammars.
FRAGMENTS = [
    "---\n",
    "globs: src/**\n",
    "# ",
    "## Security\n",
    "- ",
    "* ",
    "1. ",
    "- [ ] ",
    "- [x] ",
    "  ",
    "\t",
    "\n",
    "\n\n",
    "```",
    "```python\n",
    "~~~\n",
    "<!-- ",
    " -->",
    "| a | b |\n",
    "> ",
    "**",
    "__",
    "`",
    "Never ",
    "must not ",
    "should ",
    "avoid ",
    "prefer ",
    "no ",
    "use eval",
    "hardcoded secrets",
    "functions ",
    "at most ",
    "under ",
    "\u2264 ",
    ">= ",
    "> ",
    "50",
    "5O",
    "1.5",
    "lines",
    "%",
    " ms",
    "in src/api/**",
    "for *.py",
    " in tests",
    "because ",
    "- so that ",
    ": ",
    "(warning)",
    "severity: ",
    "critcal",
    "\u2705 ",
    "\U0001f6ab",
    "quality.max-function-length",
    "security.no-eval",
    "custom.x",
    "(",
    ")",
    "max=",
    ",",
    "=",
    '"',
    '"src/**"',
    "[",
    "]",
    " severity=",
    " modality=",
    " unenforced",
    " in ",
    " because ",
    "module api must not import db",
    "\r\n",
    "\ufeff",
    "\x00",
    "\u2028",
]
MARKDOWNISH = st.lists(st.sampled_from(FRAGMENTS), max_size=40).map("".join)
ANY_TEXT = st.text(max_size=300)


class TestNeverCrashes:
    """Arbitrary input never breaks the parser."""

    @settings(max_examples=200, deadline=None)
    @given(text=st.one_of(MARKDOWNISH, ANY_TEXT))
    def test_lenient_mode_never_raises(self, text: str) -> None:
        """Any text gives a RuleSet whose rules and diagnostics point inside the text."""
        ruleset = parse_instructions(text)
        assert isinstance(ruleset, RuleSet)
        line_count = text.count("\n") + text.count("\r") + 2
        assert all(rule.span and 1 <= rule.span.line <= line_count for rule in ruleset)
        assert all(1 <= d.line <= line_count for d in ruleset.diagnostics)

    @settings(max_examples=200, deadline=None)
    @given(text=st.one_of(MARKDOWNISH, ANY_TEXT))
    def test_strict_mode_raises_only_rule_syntax_errors(self, text: str) -> None:
        """Strict mode either parses or raises RuleSyntaxError with a position; nothing else."""
        caught: RuleSyntaxError | None = None
        try:
            ruleset = parse_instructions(text, strict=True)
        except RuleSyntaxError as error:
            caught = error
        if caught is None:
            assert ruleset.errors == ()
        else:
            assert caught.line >= 1
            assert caught.column >= 1
