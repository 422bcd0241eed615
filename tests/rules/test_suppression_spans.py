"""Suppressions cover whole statements: multi-line calls, literals, strings and decorated defs."""

from __future__ import annotations

from socratic_core.rules import AgentOutput, RuleEngine

from .conftest import rule


def _suppressed(engine: RuleEngine, text: str, rule_id: str) -> list[tuple[int, bool]]:
    report = engine.validate(AgentOutput(files={"a.py": text}), [rule(rule_id)])
    # one entry per line: ruff-backed checks (type hints) report each argument on its own
    found = [(v.location.line, v.suppressed) for v in report.violations if v.rule_id == rule_id]
    return sorted(set(found))


class TestSuppressionSpans:
    """A suppression on a statement's line covers every line of that statement, and no other."""

    def test_trailing_comment_on_the_last_line_of_a_call(self, engine: RuleEngine) -> None:
        """A comment after the closing parenthesis covers the call that starts lines above."""
        text = (
            "subprocess.run(\n"
            "    cmd,\n"
            "    shell=True,\n"
            ")  # socratic: allow security.no-shell-injection -- fixed command\n"
            "subprocess.run(cmd, shell=True)\n"
        )
        assert _suppressed(engine, text, "security.no-shell-injection") == [(1, True), (5, False)]

    def test_comment_above_a_parenthesised_literal(self, engine: RuleEngine) -> None:
        """A comment alone above a multi-line dict covers the secrets inside it."""
        text = (
            "# socratic: allow security.no-hardcoded-secrets -- test fixture credentials\n"
            "SETTINGS = {\n"
            '    "user": "app",\n'
            '    "password": "hunter2hunter2",\n'
            "}\n"
            'OTHER = {"password": "hunter3hunter3"}\n'
        )
        assert _suppressed(engine, text, "security.no-hardcoded-secrets") == [
            (4, True),
            (6, False),
        ]

    def test_comment_above_a_triple_quoted_string(self, engine: RuleEngine) -> None:
        """A comment above an assignment of a triple-quoted string covers all its lines."""
        text = (
            "# socratic: allow security.no-hardcoded-secrets -- documented sample key\n"
            'KEY = """\n'
            "-----BEGIN RSA PRIVATE KEY-----\n"
            '"""\n'
        )
        assert _suppressed(engine, text, "security.no-hardcoded-secrets") == [(2, True)]

    def test_comment_above_the_decorators_covers_the_definition(self, engine: RuleEngine) -> None:
        """A comment above a decorated function covers the `def` line the finding is on."""
        text = (
            "# socratic: allow quality.type-hints -- signature fixed by the framework\n"
            "@app.route('/')\n"
            "@login_required\n"
            "def index(request):\n"
            '    """Home."""\n'
            "\n"
            "def other(request):\n"
            '    """Other."""\n'
        )
        assert _suppressed(engine, text, "quality.type-hints") == [(4, True), (7, False)]

    def test_a_definition_header_does_not_cover_its_body(self, engine: RuleEngine) -> None:
        """A comment after `def ...:` covers the header, not the statements in the body."""
        text = (
            "def run(cmd):  # socratic: allow quality.type-hints -- legacy signature\n"
            "    os.system(cmd)\n"
        )
        report = engine.validate(
            AgentOutput(files={"a.py": text}),
            [rule("quality.type-hints"), rule("security.no-shell-injection")],
        )
        assert sorted({(v.rule_id, v.suppressed) for v in report.violations}) == [
            ("quality.type-hints", True),
            ("security.no-shell-injection", False),
        ]
