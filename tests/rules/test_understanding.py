"""Reading real instruction text: every example of issue 8 reads right or stays unenforced.

Each statement is either enforced by the check it names with the parameters it gave, or kept
unenforced with a suggestion in canonical form when it names a check but not exactly (a hedge,
a vague measure, a number in another unit), or plain unenforced when it names none.
"""

from __future__ import annotations

from dataclasses import replace

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from socratic_core.errors import RuleSyntaxError
from socratic_core.plugin_manager import make_plugin_manager
from socratic_core.rules import (
    Category,
    CheckDeclaration,
    Frame,
    ParamSpec,
    Rule,
    RuleEngine,
    RuleKind,
    Severity,
    parse_instructions,
    render_canonical,
)
from socratic_core.rules._vocabulary import builtin_declarations


def _rules(text: str) -> list[Rule]:
    return list(parse_instructions(f"- {text}\n"))


def _one(text: str) -> Rule:
    [rule] = _rules(text)
    return rule


# Statements that must be enforced, as (text, canonical form of each rule).
ENFORCED = [
    ("Max 1,000 lines per file", ["quality.max-file-length(max=1000)"]),
    ("Avoid wildcard imports (from x import *)", ["quality.no-wildcard-imports modality=should"]),
    ("Do not disable SSL certificate verification", ["security.tls-verification"]),
    ("Never build SQL queries with string formatting", ["security.no-sql-string-building"]),
    ("SQL must be parameterized", ["security.no-sql-string-building"]),
    ("Credentials must not be hard coded", ["security.no-hardcoded-secrets"]),
    ("Never commit passwords or tokens", ["security.no-hardcoded-secrets"]),
    ("eval and exec are banned", ["security.no-eval"]),
    ("Annotate all function signatures", ["quality.type-hints(annotate=[parameters, returns])"]),
    ("No import cycles", ["architecture.no-circular-imports"]),
    ("Functions: 50 lines max", ["quality.max-function-length(max=50)"]),
    ("50-line limit for functions", ["quality.max-function-length(max=50)"]),
    (
        "Functions should be 20-30 lines max",
        ["quality.max-function-length(max=30) modality=should"],
    ),
    ("Wrap code at 80 columns", ["quality.max-line-length(max=80)"]),
    (
        "Functions ≤50 lines, cyclomatic complexity ≤10",
        ["quality.max-function-length(max=50)", "quality.max-complexity(max=10)"],
    ),
    ("Functions must not exceed thirty lines", ["quality.max-function-length(max=30)"]),
    ("Keep functions ~50 lines", ["quality.max-function-length(max=50)"]),
    ("Functions must be 40 lines or fewer", ["quality.max-function-length(max=40)"]),
    ("Lines must be at most 120 chars", ["quality.max-line-length(max=120)"]),
    ("Line length: 100", ["quality.max-line-length(max=100)"]),
    ("Max 300 LOC per module", ["quality.max-file-length(max=300)"]),
    ("Functions must stay under one hundred lines", ["quality.max-function-length(max=99)"]),
    (
        "Passwords must be hashed with argon2 or bcrypt",
        ["security.password-hashing(algorithms=[argon2, bcrypt])"],
    ),
]

# Statements that name a check but not exactly: unenforced, with the line that would enforce.
SUGGESTED = [
    ("Reduce complexity where you can", "quality.max-complexity(max=10)"),
    ("Keep line length reasonable, no hard limit", "quality.max-line-length(max=100)"),
    ("Keep functions under 50", "quality.max-function-length(max=49)"),
    ("Use type hints wherever possible", "quality.type-hints"),
    ("Avoid long functions", "quality.max-function-length(max=50) modality=should"),
    ("Never use eval unless the input is a literal", "security.no-eval"),
    ("Use absolute imports for route loaders", "architecture.absolute-imports"),
]

# Statements that name no check this vocabulary can enforce: unenforced, never a wrong claim.
UNCLAIMED = [
    "Follow the Next.js docs for routing",
    "Limit test files to 3-5 focused tests",
    "Keep responses under 200 ms",
    "Limit functions to 5 arguments",
    "Don't store passwords in plain text",
]


class TestIssueExamples:
    """Every example of issue 8 is read right, or kept unenforced with a suggestion."""

    @pytest.mark.parametrize(("text", "expected"), ENFORCED, ids=[t for t, _ in ENFORCED])
    def test_statement_is_enforced_as_written(self, text: str, expected: list[str]) -> None:
        """The statement yields exactly these enforced rules, in canonical form."""
        rules = _rules(text)
        assert [render_canonical(rule) for rule in rules] == expected
        assert all(rule.kind is RuleKind.ENFORCED for rule in rules)

    @pytest.mark.parametrize(("text", "suggestion"), SUGGESTED, ids=[t for t, _ in SUGGESTED])
    def test_inexact_statement_stays_unenforced_with_a_suggestion(
        self, text: str, suggestion: str
    ) -> None:
        """A frame that matched in part keeps the rule unenforced and says what would enforce."""
        rule = _one(text)
        assert (rule.kind, rule.suggestion) == (RuleKind.UNENFORCED, suggestion)
        assert "matched in part" in rule.reading
        [again] = parse_instructions(f"{suggestion}\n", strict=True)
        assert again.kind is RuleKind.ENFORCED

    @pytest.mark.parametrize("text", UNCLAIMED)
    def test_statement_naming_no_installed_check_is_not_enforced(self, text: str) -> None:
        """No built-in check claims these: nothing is enforced for them."""
        assert all(rule.kind is RuleKind.UNENFORCED for rule in _rules(text))

    def test_the_reading_says_which_frame_matched(self) -> None:
        """An enforced rule records the frame that matched it."""
        rule = _one("Functions must not exceed 40 lines")
        assert rule.reading == (
            "frame 'function + a limit in lines' of quality.max-function-length matched"
        )

    def test_a_captured_module_name_qualifies_nothing(self) -> None:
        """A module called `tests` is what the rule is about, not a restriction to tests."""
        rule = _one("Module tests must not import tiny_calculator.text")
        assert (rule.kind, dict(rule.params)) == (
            RuleKind.ENFORCED,
            {"source": "tests", "target": "tiny_calculator.text"},
        )

    def test_docs_is_not_docstring(self) -> None:
        """`docs` no longer means docstrings; `docstrings` still does."""
        assert _one("Update the docs when behaviour changes").kind is RuleKind.UNENFORCED
        assert _one("Write docstrings for public functions").id == "quality.docstrings"


class TestNumbers:
    """Numbers as people write them; a number without the check's unit is not its number."""

    @pytest.mark.parametrize(
        ("text", "limit"),
        [
            ("Files must not exceed 1,500 lines", 1500),
            ("Functions must not exceed twenty-five lines", 25),
            ("Functions should be 20 to 30 lines", 30),
            ("Functions: max 30-50 lines", 50),
            ("Functions <= 60 lines", 60),
            ("Functions < 60 lines", 59),
            ("Functions no more than 45 lines", 45),
            ("Functions must be at most 35 lines", 35),
            ("Functions: 70 lines maximum", 70),
        ],
    )
    def test_limit_is_read(self, text: str, limit: int) -> None:
        """Separators, number words, ranges (upper bound) and comparators give the limit."""
        rule = _one(text)
        assert rule.kind is RuleKind.ENFORCED
        assert rule.params["max"] == limit

    def test_a_number_in_lines_is_not_a_line_length(self) -> None:
        """`1,000 lines per file` is a file length, never max-line-length."""
        assert [rule.id for rule in _rules("Max 1,000 lines per file")] == [
            "quality.max-file-length"
        ]

    def test_a_five_thousand_digit_number_is_a_diagnostic(self) -> None:
        """A huge number is reported, never converted; nothing raises, nothing is enforced."""
        digits = "9" * 5000
        ruleset = parse_instructions(
            f"- Functions under {digits} lines\n- quality.max-line-length(max={digits})\n"
        )
        assert [d.line for d in ruleset.diagnostics] == [1, 2]
        assert not ruleset.enforced

    def test_a_number_too_long_for_a_limit_is_an_error(self) -> None:
        """Forty digits in a statement that names a check: an error, with a suggestion."""
        ruleset = parse_instructions(f"- Functions under {'9' * 40} lines\n")
        [error] = ruleset.errors
        assert error.message == "a number of 40 digits is too long to be a limit"
        assert ruleset.rules[0].kind is RuleKind.UNENFORCED


class TestStrictMode:
    """Strict mode raises for a statement that names a check but cannot be read exactly."""

    @pytest.mark.parametrize(
        ("text", "column", "message", "hint"),
        [
            (
                "Functions must not exceed abc lines",
                29,
                "'abc' is not a number",
                "did you mean `quality.max-function-length(max=50)`?",
            ),
            (
                "Functions must not exceed -5 lines",
                29,
                "'-5' is not a limit: a limit cannot be negative",
                "did you mean `quality.max-function-length(max=50)`?",
            ),
            ("Functions at most 50 lnes", 24, "unknown unit 'lnes'", "did you mean 'lines'?"),
            (
                "Functions must not exceed lines",
                29,
                "the limit before 'lines' has no number",
                "did you mean `quality.max-function-length(max=50)`?",
            ),
            ("Functions must not exceed 50", 22, "'exceed 50' has no unit (lines)", "write"),
            ("Hash passwords with argon3", 23, "unknown algorithm 'argon3'", "did you mean"),
            ("Never use evall.", 13, "'evall' names no check", "did you mean 'eval'"),
            ("Modules must not imprt db", 20, "'imprt' names no check", "did you mean 'import'"),
        ],
    )
    def test_inexact_statement_raises_with_position_caret_and_hint(
        self, text: str, column: int, message: str, hint: str
    ) -> None:
        """The error carries line, column, the line with a caret and a "did you mean"."""
        with pytest.raises(RuleSyntaxError) as caught:
            parse_instructions(f"- {text}\n", strict=True)
        error = caught.value
        assert (error.line, error.column, error.message) == (1, column, message)
        assert error.hint is not None
        assert error.hint.startswith(hint)
        assert error.context == f"- {text}\n{' ' * (column - 1)}^\n"

    @pytest.mark.parametrize("text", [row[0] for row in ENFORCED])
    def test_thirty_reads_as_thirty_and_exact_statements_pass(self, text: str) -> None:
        """What reads exactly never raises in strict mode."""
        assert parse_instructions(f"- {text}\n", strict=True).rules

    @pytest.mark.parametrize(
        "text",
        [
            "Severity: IMPORTANT",
            "Buttons must be at least 44x44 pixels",
            "Never paint the walls",
            "Start with the tests",
            "Prefer caching over recomputing",
            "Keep responses under 200 ms",
            "Limit each module to 3 classes",
            "Retry at most 3 times",
        ],
    )
    def test_prose_that_names_no_check_never_raises(self, text: str) -> None:
        """Prose is reported at most as a warning; strict mode parses it."""
        ruleset = parse_instructions(f"- {text}\n", strict=True)
        assert not ruleset.errors

    def test_lenient_mode_reports_the_same_errors(self) -> None:
        """Lenient mode collects as diagnostics exactly what strict mode raises."""
        ruleset = parse_instructions("- Never use evall.\n- Functions must not exceed abc lines\n")
        assert [(d.line, d.severity) for d in ruleset.errors] == [
            (1, Severity.ERROR),
            (2, Severity.ERROR),
        ]


class TestOneVocabulary:
    """parse_instructions() and RuleEngine.compile() read text against the same checks."""

    TEXT = (
        "- Responses must stay under 2,000 characters\n- Never reveal secrets in responses\n"
        "- Functions must not exceed 40 lines\n- Never use eval\n"
    )

    def test_default_vocabulary_is_the_registered_checks(self) -> None:
        """The default vocabulary is what the built-in plugin registers, text checks included."""
        engine = RuleEngine(make_plugin_manager(entry_points=False))
        assert {d.id for d in builtin_declarations()} == set(engine.checks)

    def test_parse_and_compile_agree(self) -> None:
        """Both read the text checks (once declared outside the vocabulary) the same way."""
        engine = RuleEngine(make_plugin_manager(entry_points=False))
        assert list(parse_instructions(self.TEXT)) == list(engine.compile(self.TEXT))
        assert all(rule.kind is RuleKind.ENFORCED for rule in parse_instructions(self.TEXT))

    def test_a_plugin_rule_survives_its_canonical_form(self) -> None:
        """`license.header(license=mit)` parses back to the same enforced rule."""
        from socratic_license import plugin  # noqa: PLC0415

        engine = RuleEngine(make_plugin_manager(entry_points=False, plugins=[plugin]))
        [rule] = engine.compile("- Every file needs an SPDX license header for MIT\n")
        assert render_canonical(rule) == "license.header(license=MIT)"
        [again] = engine.compile(f"{render_canonical(rule)}\n", strict=True)
        assert (again.id, again.kind, dict(again.params)) == (
            "license.header",
            RuleKind.ENFORCED,
            {"license": "MIT"},
        )
        assert again.category is Category.CUSTOM


class TestFrames:
    """A plugin declares frames; its checks get the same understanding as built-ins."""

    DECLARATION = CheckDeclaration(
        id="quality.max-arguments",
        category=Category.QUALITY,
        params=(ParamSpec("max", "int", default=5, units=("params",)),),
        frames=(Frame(concepts=(("function", "method"), ("argument", "parameter"))),),
    )

    def test_concepts_match_in_any_order_with_the_limit_in_its_unit(self) -> None:
        """`Functions take at most 4 arguments` and `Arguments per function: max 4 params`."""
        declarations = [*builtin_declarations(), self.DECLARATION]
        for text in ("Functions take at most 4 arguments", "No more than 4 args per function"):
            [rule] = parse_instructions(f"- {text}\n", declarations=declarations)
            assert (rule.id, rule.kind, dict(rule.params)) == (
                "quality.max-arguments",
                RuleKind.ENFORCED,
                {"max": 4},
            )

    def test_without_the_number_the_plugin_rule_is_only_suggested(self) -> None:
        """A frame with its limit slot unfilled suggests the canonical line."""
        declarations = [*builtin_declarations(), self.DECLARATION]
        [rule] = parse_instructions("- Keep function arguments few\n", declarations=declarations)
        assert (rule.kind, rule.suggestion) == (
            RuleKind.UNENFORCED,
            "quality.max-arguments(max=5)",
        )

    def test_phrases_still_work_as_shorthand(self) -> None:
        """A declaration with `phrases=` only is matched by its words in any order."""
        declaration = CheckDeclaration(
            id="custom.no-lorem",
            category=Category.CUSTOM,
            phrases=("lorem ipsum comments",),
            forbids=True,
        )
        declarations = [*builtin_declarations(), declaration]
        for text in ("No lorem ipsum comments", "Comments saying lorem ipsum are not allowed"):
            [rule] = parse_instructions(f"- {text}\n", declarations=declarations)
            assert (rule.id, rule.kind) == ("custom.no-lorem", RuleKind.ENFORCED)

    def test_a_hedge_in_another_clause_qualifies_the_statement(self) -> None:
        """ "Avoid print; log instead where possible" leaves the rule to judgement."""
        [rule] = parse_instructions("- Avoid print; use logging where possible\n").rules
        assert (rule.id, rule.kind) == ("quality.print", RuleKind.UNENFORCED)
        assert rule.suggestion == "quality.no-print modality=should"

    @pytest.mark.parametrize(
        "text",
        [
            "Docstrings are optional for private helpers.",
            "Type hints are not required for private helpers.",
            "Docstrings may be omitted on private helpers.",
            "Scripts do not need type hints.",
            "There is no need for docstrings in small scripts.",
            "print is fine in scripts.",
        ],
    )
    def test_what_the_text_allows_is_not_a_requirement(self, text: str) -> None:
        """A permission ("optional", "not required", "may be omitted") is never enforced."""
        assert all(rule.kind is RuleKind.UNENFORCED for rule in _rules(text))

    def test_a_permission_in_one_clause_leaves_the_other_enforced(self) -> None:
        """ "Public functions need docstrings; private helpers do not" keeps its requirement."""
        [rule] = _rules("Public functions need docstrings; private helpers do not.")
        assert (rule.id, rule.kind) == ("quality.docstrings", RuleKind.ENFORCED)
        assert rule.params["visibility"] == "public"

    def test_a_restriction_after_a_list_restricts_every_item(self) -> None:
        """ "Avoid eval, exec or pickle on untrusted data" bans none of them everywhere."""
        rules = _rules("Avoid using `eval()`, `exec()` or `pickle` on untrusted data.")
        assert all(rule.kind is RuleKind.UNENFORCED for rule in rules)
        [ban] = [rule for rule in rules if (rule.suggestion or "").startswith("security.no-eval")]
        assert "untrusted" in (ban.reading or "")

    @pytest.mark.parametrize("item", ["- ", ""])
    def test_a_restriction_reaches_the_next_sentence_that_only_says_how(self, item: str) -> None:
        """The replacement after "Avoid shell execution with untrusted input." is restricted."""
        text = "Avoid shell execution with untrusted input. Use `run()` instead of `os.system()`."
        rules = list(parse_instructions(f"{item}{text}\n"))
        assert all(rule.kind is RuleKind.UNENFORCED for rule in rules)
        [how] = [rule for rule in rules if rule.suggestion]
        assert (how.suggestion or "").startswith("security.no-shell-injection")

    @pytest.mark.parametrize("item", ["- ", ""])
    def test_an_outright_ban_carries_nothing_to_the_next_sentence(self, item: str) -> None:
        """ "Never use eval. Use ast.literal_eval instead of eval()." stays enforced."""
        text = "Never use eval. Use `ast.literal_eval()` instead of `eval()`."
        rules = list(parse_instructions(f"{item}{text}\n"))
        assert {(rule.id, rule.kind) for rule in rules} == {("security.no-eval", RuleKind.ENFORCED)}

    @pytest.mark.parametrize(
        "text",
        [
            "Preserve existing comments and docstrings.",
            "Retain existing formatting, docstrings, and comments.",
            "Don't remove existing docstrings or type hints.",
        ],
    )
    def test_a_restriction_opening_a_list_restricts_the_bare_items_after_it(
        self, text: str
    ) -> None:
        """ "Preserve existing comments and docstrings" asks for no docstrings everywhere."""
        rules = _rules(text)
        assert rules
        assert all(rule.kind is RuleKind.UNENFORCED for rule in rules)

    @pytest.mark.parametrize(
        ("text", "banned"),
        [
            ("Never use eval(), exec() or pickle.", {"no-eval", "no-unsafe-deserialization"}),
            ("Avoid pickle, yaml.load and eval.", {"no-eval", "no-unsafe-deserialization"}),
            ("Don't use print, use logging and pickle.", {"no-print"}),
            ("Never call eval; pickle is fine for the cache.", {"no-eval"}),
            ("Never store tokens in localStorage or sessionStorage.", set()),
        ],
    )
    def test_a_ban_opening_a_list_bans_each_item_it_reaches(
        self, text: str, banned: set[str]
    ) -> None:
        """The last item of "never use eval, exec or pickle" is banned too, for its own check;
        an item after a piece that asks for something, or after a ban no check names, is not."""
        enforced = {
            rule.id.partition(".")[2] for rule in _rules(text) if rule.kind is RuleKind.ENFORCED
        }
        assert enforced == banned


# Pieces of statements that reach the frames, the number reader, the clause splitter and the
# canonical form of plugin ids.
_PIECES = [
    "- ",
    "\n",
    "## Security\n",
    "Functions ",
    "files ",
    "lines ",
    "line length ",
    "cyclomatic complexity ",
    "must not exceed ",
    "should be ",
    "at most ",
    "under ",
    "\u2264",
    "~",
    "max ",
    " max",
    "or fewer ",
    "50",
    "1,000",
    "thirty ",
    "20-30 ",
    "-5 ",
    "abc ",
    "lines",
    " chars",
    " columns",
    " tests",
    "; ",
    ", ",
    " and ",
    " \u2014 ",
    ". ",
    "where you can",
    "no hard limit",
    "unless ",
    "for route loaders",
    "never use eval",
    "evall",
    "hash passwords with ",
    "argon2",
    "argon3",
    "an SPDX license header for MIT",
    "license.header(license=mit)",
    "ruff.B006",
    "Avoid wildcard imports (from x import *)",
    "Do not disable SSL verification",
    "9" * 40,
]
_STATEMENTS = st.lists(st.sampled_from(_PIECES), max_size=24).map("".join)


class TestProperties:
    """On text built from statement pieces: no crash, only RuleSyntaxError, exact round trips."""

    @settings(max_examples=150, deadline=None)
    @given(text=_STATEMENTS)
    def test_lenient_never_raises_and_strict_raises_only_syntax_errors(self, text: str) -> None:
        """Lenient mode returns a rule set; strict mode returns one or raises RuleSyntaxError."""
        engine = RuleEngine(make_plugin_manager(entry_points=False, plugins=[_license_plugin()]))
        lenient = engine.compile(text)
        if lenient.errors:
            with pytest.raises(RuleSyntaxError) as caught:
                engine.compile(text, strict=True)
            first = lenient.errors[0]
            assert (caught.value.line, caught.value.column) == (first.line, first.column)
        else:
            assert list(engine.compile(text, strict=True)) == list(lenient)

    @settings(max_examples=150, deadline=None)
    @given(text=_STATEMENTS)
    @example(text="ruff.B00650 ")  # a code ruff does not have: refused, not round-tripped
    def test_every_enforced_rule_round_trips_through_its_canonical_form(self, text: str) -> None:
        """The canonical line of each enforced rule, plugin rules included, reads back equal.

        A rule its check refuses (`ruff.B00650`: no such ruff rule) is a rules error on its
        line, in strict mode too; only the rules that compiled cleanly must round-trip.
        """
        engine = RuleEngine(make_plugin_manager(entry_points=False, plugins=[_license_plugin()]))
        compiled = engine.compile(text)
        refused = {error.line for error in compiled.errors}
        for rule in compiled.enforced:
            if rule.span.line in refused:
                continue
            line = render_canonical(rule)
            [again] = engine.compile(f"{line}\n", strict=True)
            assert again == replace(rule, text=line, span=again.span)


def _license_plugin() -> object:
    from socratic_license import plugin  # noqa: PLC0415

    return plugin
