"""A statement about another language's code is not about the Python or TS/JS code the checks
read (issue 8, held-out 4): named outright ("in Go", "Ruby code", "shell scripts"), by a code
span that is that language's code (`print STDERR`, `fmt.Sprintf`, `System.out.println`) or by the
heading it sits under (`## Perl`), the rule stays unenforced and its reading says why; naming
Python or TypeScript beside it, or the other language in contrast ("unlike Go"), keeps it."""

from __future__ import annotations

import pytest

from socratic_core.rules import RuleKind, parse_instructions


def _enforced(text: str) -> list[str]:
    return [rule.id for rule in parse_instructions(text).rules if rule.kind is RuleKind.ENFORCED]


class TestAnotherLanguagesCode:
    """The statement or its heading names a language no check reads: nothing is enforced."""

    @pytest.mark.parametrize(
        ("text", "language"),
        [
            ('  - Avoid: `print STDERR "...";`', "perl"),
            (
                '- **NEVER** use string-eval (`eval "..."`) — use block-eval (`eval { ... }`)',
                "perl",
            ),
            ("- Avoid using `fmt.Sprintf()` to build SQL or shell commands.", "go"),
            ("In Go, never build SQL queries with string formatting", "go"),
            ("Go code must not call panic; never print", "go"),
            ("Go handlers: never hardcode secrets", "go"),
            ("Never use eval in Ruby code", "ruby"),
            ("Do not use `System.out.println`; use a logger", "java"),
            ("No print statements in bash scripts", "shell"),
            ("Never call `println!` in library code", "rust"),
            ("Avoid hardcoded secrets in PHP files", "php"),
            ("C++ code must not use magic numbers", "cpp"),
        ],
    )
    def test_named_or_written_in_the_statement(self, text: str, language: str) -> None:
        rules = parse_instructions(text).rules
        assert not [rule.id for rule in rules if rule.kind is RuleKind.ENFORCED]
        assert any(f"does not read ({language})" in (rule.reading or "") for rule in rules)

    @pytest.mark.parametrize(
        "text",
        [
            "## Perl\n- Never use print",
            "## Go\n- Never use print",
            "# Shell scripts\n- no eval",
            "## Rust conventions\n### Errors\n- Never swallow exceptions",
        ],
    )
    def test_under_a_heading_naming_it(self, text: str) -> None:
        assert _enforced(text) == []


class TestCodeTheChecksRead:
    """Python or TS/JS named too, the other language in contrast, or `Go` as a verb: enforced."""

    @pytest.mark.parametrize(
        ("text", "rule_id"),
        [
            ("Unlike Go, Python code must never use eval", "security.no-eval"),
            ("Unlike Go, we never use eval", "security.no-eval"),
            ("Coming from Java, remember: never use print", "quality.no-print"),
            ("Python and Go services: never hardcode secrets", "security.no-hardcoded-secrets"),
            ("Never use `eval()`; use `ast.literal_eval`", "security.no-eval"),
            ("Never use `subprocess` with `shell=True`", "security.no-shell-injection"),
            ("Never call bash through subprocess with shell=True", "security.no-shell-injection"),
            ("Shell code must never run with shell=True", "security.no-shell-injection"),
            ("Use `(n := len(a))` freely, but never use eval", "security.no-eval"),
            ("Go through the code and never use print", "quality.no-print"),
            ("No `console.log` in TypeScript", "quality.no-print"),
        ],
    )
    def test_the_rule_is_enforced(self, text: str, rule_id: str) -> None:
        assert rule_id in _enforced(text)

    @pytest.mark.parametrize(
        "text",
        [
            "## Go live checklist\n- Never use print",
            "## Perl\n- Python code: never use print",
            "## Rust\n### Python\n- Never use print",
        ],
    )
    def test_a_heading_that_is_not_about_it(self, text: str) -> None:
        assert _enforced(text) == ["quality.no-print"]
