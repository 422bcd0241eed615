"""Reading a statement: quantities, modality, scopes, severity, rationale and categories."""

from __future__ import annotations

import pytest

from socratic_core.rules import Category, Modality, Rule, RuleKind, Severity, parse_instructions
from socratic_core.rules._statements import read_statement


def _rule(text: str) -> Rule:
    [rule] = parse_instructions(text).rules
    return rule


class TestQuantities:
    """Limits written the many ways people write them become one inclusive parameter."""

    @pytest.mark.parametrize(
        ("text", "rule_id", "params"),
        [
            ("- Functions must be at most 50 lines", "quality.max-function-length", {"max": 50}),
            ("- Functions: no more than 50 lines", "quality.max-function-length", {"max": 50}),
            ("- Keep lines under 100 characters", "quality.max-line-length", {"max": 99}),
            ("- Line length <= 120", "quality.max-line-length", {"max": 120}),
            ("- Function length \u2264 40 lines", "quality.max-function-length", {"max": 40}),
            ("- Function > 50 lines = rewrite", "quality.max-function-length", {"max": 50}),
            ("- max 20 lines per function", "quality.max-function-length", {"max": 20}),
            ("- maximum of 150 lines per file", "quality.max-file-length", {"max": 150}),
            ("- Max function length: 20 lines", "quality.max-function-length", {"max": 20}),
            ("- Functions less than 30 lines", "quality.max-function-length", {"max": 29}),
            ("- Functions must not exceed 50 lines", "quality.max-function-length", {"max": 50}),
            ("- Functions over 70 lines must be split", "quality.max-function-length", {"max": 70}),
            ("- Never write files over 800 lines", "quality.max-file-length", {"max": 800}),
            ("- Limit lines to 88 characters", "quality.max-line-length", {"max": 88}),
            ("- Complexity: 8", "quality.max-complexity", {"max": 8}),
            ("- Cyclomatic complexity under 10", "quality.max-complexity", {"max": 9}),
        ],
    )
    def test_limits_resolve_to_the_check_and_its_maximum(
        self, text: str, rule_id: str, params: dict[str, int]
    ) -> None:
        """Each wording gives the same check with the inclusive limit it means."""
        rule = _rule(text)
        assert (rule.id, dict(rule.params)) == (rule_id, params)

    @pytest.mark.parametrize(
        ("text", "params"),
        [
            ("- At least 80% coverage", {"min": 80, "unit": "%"}),
            ("- Coverage must not drop below 85%", {"min": 85, "unit": "%"}),
            ("- Pages must render under 200 ms", {"max": 200, "unit": "ms"}),
            ("- Test coverage must be at least 90 percent", {"min": 90, "unit": "%"}),
            ("- Avoid deep nesting (max 3 levels)", {"max": 3, "unit": "levels"}),
        ],
    )
    def test_unclaimed_limits_are_kept_as_parameters(
        self, text: str, params: dict[str, object]
    ) -> None:
        """A limit no check measures is still recorded on the unenforced rule."""
        rule = _rule(text)
        assert rule.kind is RuleKind.UNENFORCED
        assert dict(rule.params) == params

    def test_coverage_is_testing_and_latency_is_performance(self) -> None:
        """Unclaimed statements get their category from their words or their unit."""
        rules = parse_instructions("- At least 80% coverage\n- Respond under 200 ms\n").rules
        assert [rule.category for rule in rules] == [Category.TESTING, Category.PERFORMANCE]

    def test_a_misspelt_unit_gets_a_did_you_mean_error(self) -> None:
        """`50 lnes` in a statement that names a check is an error suggesting `lines`.

        The limit is not read without its unit, so the rule stays unenforced; `3 times` is no
        unit at all, and prose that names no check only warns.
        """
        text = "- Functions at most 50 lnes\n- Retry at most 3 times\n- Tables under 5 colums\n"
        ruleset = parse_instructions(text)
        error, note, warning = ruleset.diagnostics
        assert (error.line, error.column, error.severity) == (1, 24, Severity.ERROR)
        assert (error.message, error.hint) == ("unknown unit 'lnes'", "did you mean 'lines'?")
        assert ruleset.rules[0].kind is RuleKind.UNENFORCED
        assert ruleset.rules[0].suggestion == "quality.max-function-length(max=50)"
        assert (note.line, note.severity) == (1, Severity.WARNING)
        assert (warning.line, warning.severity, warning.message) == (
            3,
            Severity.WARNING,
            "unknown unit 'colums'",
        )

    def test_a_letter_inside_a_number_is_a_bad_number(self) -> None:
        """`at most 5O lines` (letter O) is reported as an error diagnostic."""
        ruleset = parse_instructions("- Functions must be at most 5O lines\n")
        [error] = ruleset.errors
        assert (error.line, error.column, error.message) == (1, 29, "'5O' is not a number")


class TestMeasuredLimits:
    """Time, size and percentages are measured, not counted: their bound is kept as written."""

    @pytest.mark.parametrize(
        ("text", "params"),
        [
            ("- Requests must complete under 2 s", {"max": 2, "unit": "s"}),
            ("- Endpoints must respond in under 200 ms", {"max": 200, "unit": "ms"}),
            ("- Memory must stay under 512 MB", {"max": 512, "unit": "mb"}),
            ("- Nesting must stay under 4 levels", {"max": 3, "unit": "levels"}),
        ],
    )
    def test_unenforced_limits_keep_their_magnitude(
        self, text: str, params: dict[str, object]
    ) -> None:
        """`under 2 s` is a bound of 2 seconds, `under 4 levels` allows at most 3 levels."""
        rule = _rule(text)
        assert rule.kind is RuleKind.UNENFORCED
        assert dict(rule.params) == params


class TestModality:
    """The force of a statement, and the severity it implies."""

    @pytest.mark.parametrize(
        ("text", "modality"),
        [
            ("Functions must have docstrings", Modality.MUST),
            ("Always use type hints", Modality.MUST),
            ("Ensure TLS verification", Modality.MUST),
            ("Use type hints", Modality.MUST),
            ("Keep functions under 50 lines", Modality.MUST),
            ("Limit lines to 100 characters", Modality.MUST),
            ("Code must not use eval", Modality.MUST_NOT),
            ("Never use eval", Modality.MUST_NOT),
            ("No hardcoded secrets", Modality.MUST_NOT),
            ("Don't use eval", Modality.MUST_NOT),
            ("Do not use eval", Modality.MUST_NOT),
            ("Eval is not allowed", Modality.MUST_NOT),
            ("There should be no print statements", Modality.SHOULD_NOT),
            ("You should write docstrings", Modality.SHOULD),
            ("Code should not use print", Modality.SHOULD_NOT),
            ("Avoid print statements", Modality.SHOULD_NOT),
            ("Prefer absolute imports", Modality.PREFER),
            ("Consider type hints", Modality.PREFER),
        ],
    )
    def test_modal_words(self, text: str, modality: Modality) -> None:
        """Each modal wording normalises to one modality, which gives the default severity."""
        assert read_statement(text).modality is modality
        assert _rule(f"- {text}\n").severity is modality.default_severity

    def test_list_items_without_a_modal_word_are_requirements(self) -> None:
        """An item with no modal word (`- Docstrings everywhere`) is a `must`."""
        assert _rule("- Docstrings everywhere\n").modality is Modality.MUST

    def test_prose_without_a_modal_word_is_not_a_rule(self) -> None:
        """A paragraph sentence with no modal word is kept as prose with an info diagnostic."""
        ruleset = parse_instructions("This service is written in Python.\n")
        assert ruleset.rules == ()
        assert [d.severity for d in ruleset.diagnostics] == [Severity.INFO]

    def test_each_sentence_of_a_paragraph_is_a_statement(self) -> None:
        """Sentences split at their full stops; each keeps its own column."""
        rules = parse_instructions("Never use eval. Always add type hints.\n").rules
        assert [(r.id, r.span.column if r.span else 0) for r in rules] == [
            ("security.no-eval", 1),
            ("quality.type-hints", 17),
        ]

    def test_cursorrules_lines_are_statements_each(self) -> None:
        """In unbulleted text, each line that starts a sentence is its own statement."""
        rules = parse_instructions("Always use type hints\nNever use print\n").rules
        assert [r.id for r in rules] == ["quality.type-hints", "quality.no-print"]


class TestScopeSeverityRationale:
    """Inline scopes, explicit severities and rationales."""

    @pytest.mark.parametrize(
        ("text", "scope"),
        [
            ("- Never use eval in src/api/**", ("src/api/**",)),
            ("- Use type hints for *.py", ("*.py",)),
            ("- No print statements in tests", ("tests/**",)),
            ("- Docstrings in `src/` and `lib/`", ("src/**", "lib/**")),
            ("- No print statements for .py files", ("*.py",)),
        ],
    )
    def test_inline_scopes(self, text: str, scope: tuple[str, ...]) -> None:
        """`in`, `for`, `under` followed by a glob, an extension or a known folder."""
        assert _rule(text).scope == scope

    def test_front_matter_globs_are_the_default_scope(self) -> None:
        """`globs:`/`applyTo:` apply to every rule without its own scope."""
        text = '---\napplyTo: "**/*.py"\n---\n- Never use eval\n- No print in tests\n'
        assert [r.scope for r in parse_instructions(text)] == [("**/*.py",), ("tests/**",)]

    @pytest.mark.parametrize(
        ("text", "severity"),
        [
            ("- Never use eval (warning)", Severity.WARNING),
            ("- Never use eval [info]", Severity.INFO),
            ("- Never use eval, severity: warning", Severity.WARNING),
            ("- Avoid print as an error", Severity.ERROR),
            ("- Prefer type hints - warning", Severity.WARNING),
            ("- No hard-coded credentials (severity: critical)", Severity.ERROR),
        ],
    )
    def test_explicit_severity_overrides_the_modality(self, text: str, severity: Severity) -> None:
        """A severity in brackets, after `severity:`, `as a` or a dash wins over the default."""
        assert _rule(text).severity is severity

    def test_unknown_severity_is_an_error_diagnostic_with_a_hint(self) -> None:
        """`severity: critcal` is reported with "did you mean 'critical'?"."""
        [error] = parse_instructions("- Never use eval (severity: critcal)\n").errors
        assert error.message == "unknown severity 'critcal'"
        assert error.hint == "did you mean 'critical'?"
        assert error.column == 29

    @pytest.mark.parametrize(
        ("text", "rationale"),
        [
            ("- Never use eval because it runs arbitrary code", "it runs arbitrary code"),
            ("- Use type hints - so that mypy can check", "so that mypy can check"),
            ("- Never use eval: it runs arbitrary code", "it runs arbitrary code"),
            ("- Avoid print (since logs are structured)", "logs are structured"),
        ],
    )
    def test_rationales(self, text: str, rationale: str) -> None:
        """`because`, `since`, `- so that` and `Rule: rationale` give the rule its why."""
        assert _rule(text).rationale == rationale

    def test_a_modal_lead_in_takes_what_follows_its_colon(self) -> None:
        """`NEVER hardcode: API keys, tokens` is one statement: the list is what it forbids."""
        rule = _rule("- NEVER hardcode: API keys, tokens, passwords\n")
        assert (rule.id, rule.kind, rule.rationale) == (
            "security.no-hardcoded-secrets",
            RuleKind.ENFORCED,
            None,
        )

    def test_a_limit_after_a_colon_is_the_rule_not_its_rationale(self) -> None:
        """`Keep functions short: max 30 lines` asks for the limit after its colon."""
        rule = _rule("- Keep functions short: max 30 lines\n")
        assert (rule.id, dict(rule.params), rule.rationale) == (
            "quality.max-function-length",
            {"max": 30},
            None,
        )

    def test_emphasis_emoji_and_code_are_ignored_for_meaning_but_kept_in_text(self) -> None:
        """`**Never**`, emoji and backticks don't change the meaning; the raw text keeps them."""
        rule = _rule("- \u274c **Never** call `eval()` \U0001f6ab\n")
        assert (rule.id, rule.modality) == ("security.no-eval", Modality.MUST)
        assert rule.text == "\u274c **Never** call `eval()` \U0001f6ab"

    def test_a_category_heading_sets_the_category_of_unclaimed_statements(self) -> None:
        """Under `## Security`, an unclaimed statement is a security rule."""
        rules = parse_instructions("## Security\n- Rotate keys monthly\n## Misc\n- Be nice\n")
        assert [(r.id, r.category) for r in rules] == [
            ("security.rotate-keys-monthly", Category.SECURITY),
            ("custom.nice", Category.CUSTOM),
        ]
