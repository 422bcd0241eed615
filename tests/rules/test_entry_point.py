"""parse_instructions(): the documented entry point, its signature and its two modes."""

from __future__ import annotations

import subprocess
import sys

import pytest

from socratic_core import RuleSyntaxError
from socratic_core.rules import (
    Category,
    CheckDeclaration,
    Modality,
    ParamSpec,
    RuleKind,
    RuleSet,
    Severity,
    parse_instructions,
)


class TestEntryPoint:
    """The call the engine and services make: text in, an ordered RuleSet out."""

    def test_list_items_become_rules_in_document_order(self) -> None:
        """Each list item is one rule, in the order written, with its exact text."""
        rules = parse_instructions("- No hardcoded secrets\n- Never use eval\n")
        assert isinstance(rules, RuleSet)
        assert [rule.id for rule in rules] == ["security.no-hardcoded-secrets", "security.no-eval"]
        assert [rule.text for rule in rules] == ["No hardcoded secrets", "Never use eval"]

    def test_source_is_recorded_on_every_rule(self) -> None:
        """The `source` argument names the document on the rule set and each rule."""
        rules = parse_instructions("- Use type hints\n", source="AGENTS.md")
        assert rules.source == "AGENTS.md"
        assert [rule.source for rule in rules] == ["AGENTS.md"]

    def test_custom_declarations_replace_the_builtin_vocabulary(self) -> None:
        """Passing declarations resolves only against them."""
        shout = CheckDeclaration(
            id="custom.no-shouting",
            category=Category.CUSTOM,
            phrases=("shouting", "all caps comments"),
            params=(ParamSpec("max", "int", default=3, units=("words",)),),
            forbids=True,
        )
        rules = parse_instructions("- No shouting\n- Never use eval\n", declarations=[shout])
        assert [(rule.id, rule.kind) for rule in rules] == [
            ("custom.no-shouting", RuleKind.ENFORCED),
            ("security.eval", RuleKind.UNENFORCED),
        ]
        assert rules.rules[0].params == {"max": 3}

    def test_lenient_mode_collects_an_unknown_rule_id(self) -> None:
        """By default a malformed canonical line is a diagnostic, never an exception."""
        rules = parse_instructions("quality.max-func-length(max=50)\n")
        assert rules.errors[0].message == "unknown rule id 'quality.max-func-length'"
        assert rules.errors[0].hint == "did you mean 'quality.max-function-length'?"
        assert rules.rules[0].kind is RuleKind.UNENFORCED

    def test_strict_mode_raises_on_an_unknown_rule_id(self) -> None:
        """Strict mode raises RuleSyntaxError with line, column, caret context and a hint."""
        with pytest.raises(RuleSyntaxError) as caught:
            parse_instructions("# Rules\n- quality.max-func-length(max=50)\n", strict=True)
        error = caught.value
        assert (error.line, error.column) == (2, 3)
        assert error.context == "- quality.max-func-length(max=50)\n  ^\n"
        assert error.hint == "did you mean 'quality.max-function-length'?"

    def test_modality_sets_the_default_severity(self) -> None:
        """must/never -> error, should/avoid -> warning, prefer -> info, relative to the check."""
        rules = parse_instructions(
            "- Never use eval\n- Avoid print statements\n- Prefer absolute imports\n"
        )
        assert [(rule.modality, rule.severity) for rule in rules] == [
            (Modality.MUST, Severity.ERROR),
            (Modality.SHOULD, Severity.WARNING),
            (Modality.PREFER, Severity.INFO),
        ]


class TestLazyImport:
    """Importing the rules package stays cheap: lark loads for a malformed canonical line only."""

    def test_lark_is_imported_by_the_first_malformed_canonical_line(self) -> None:
        """Neither `import socratic_core.rules`, nor prose, nor a canonical line imports lark
        (both parsers run their tables themselves); a malformed canonical line does, for
        Lark's error, and the diagnostic says what was expected."""
        code = (
            "import sys, socratic_core, socratic_core.rules as rules\n"
            "loaded = ['lark' in sys.modules]\n"
            "rules.parse_instructions('# Security\\n- Never use eval\\nsecurity.no-eval')\n"
            "loaded.append('lark' in sys.modules)\n"
            "bad = rules.parse_instructions('quality.max-line-length(max=100')\n"
            "print(*loaded, 'lark' in sys.modules, bad.diagnostics[0].message)\n"
        )
        result = subprocess.run(
            [sys.executable, "-c", code], capture_output=True, text=True, check=True
        )
        assert result.stdout.split(" ", 3) == [
            "False",
            "False",
            "True",
            "the parameter list is not closed: add ')'\n",
        ]


class TestLineEnds:
    """Windows and old-Mac line ends and a byte-order mark read like plain newlines."""

    def test_crlf_cr_and_bom(self) -> None:
        """The same document with \\r\\n, \\r or a BOM gives the same rules and positions."""
        text = "## Security\n- Never use eval\n- No print in tests\n"
        expected = parse_instructions(text).to_dict()
        for variant in (text.replace("\n", "\r\n"), text.replace("\n", "\r"), "\ufeff" + text):
            assert parse_instructions(variant).to_dict() == expected
