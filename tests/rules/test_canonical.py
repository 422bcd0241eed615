"""The canonical form: exact rendering, round trips, and compiler-grade errors."""

from __future__ import annotations

import dataclasses

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from lark.exceptions import UnexpectedInput

from socratic_core import RuleSyntaxError
from socratic_core.rules import (
    Category,
    Modality,
    ParamValue,
    Rule,
    RuleKind,
    Severity,
    parse_instructions,
    render_canonical,
)
from socratic_core.rules._vocabulary import builtin_declarations


def _strip(rule: Rule) -> Rule:
    """The rule without what the canonical form does not carry (text, span, source)."""
    return dataclasses.replace(rule, text="", span=None, source=None)


def _reparse(rule: Rule) -> Rule:
    [again] = parse_instructions(render_canonical(rule), strict=True).rules
    return _strip(again)


# --- rule generation for the round-trip property ------------------------------------------------

_TEXT = st.text(st.characters(blacklist_categories=("Cs",)), max_size=12)
_SLUG = st.from_regex(r"[a-z0-9][a-z0-9-]{0,12}", fullmatch=True)
_NAME = st.from_regex(r"[a-z_][a-z0-9_]{0,8}", fullmatch=True)
_FLOAT = st.floats(allow_nan=False, allow_infinity=False)
_FREE_VALUE: st.SearchStrategy[ParamValue] = st.one_of(
    st.integers(-(10**6), 10**6), _FLOAT, st.booleans(), _TEXT, st.tuples(_TEXT, _TEXT)
)
_BY_TYPE: dict[str, st.SearchStrategy[ParamValue]] = {
    "int": st.integers(0, 10**6),
    "float": _FLOAT,
    "bool": st.booleans(),
    "str": _TEXT,
    "list": st.lists(_TEXT, max_size=3).map(tuple),
}


@st.composite
def _rules(draw: st.DrawFn) -> Rule:
    modality = draw(st.sampled_from(Modality))
    common = {
        "severity": draw(st.sampled_from(Severity)),
        "modality": modality,
        "scope": tuple(draw(st.lists(_TEXT, max_size=3))),
        "rationale": draw(st.none() | _TEXT),
    }
    if draw(st.booleans()):
        declaration = draw(st.sampled_from(builtin_declarations()))
        params = {spec.name: draw(_BY_TYPE[spec.type]) for spec in declaration.params}
        # A negative modality on a check's id asks for the opposite: never enforced.
        kind = RuleKind.UNENFORCED if modality.negative else RuleKind.ENFORCED
        return Rule(declaration.id, declaration.category, params, kind=kind, **common)
    category = draw(st.sampled_from(Category))
    params = draw(st.dictionaries(_NAME, _FREE_VALUE, max_size=3))
    rule_id = f"{category.value}.{draw(_SLUG)}"
    return Rule(rule_id, category, params, kind=RuleKind.UNENFORCED, **common)


class TestRendering:
    """Rules render to one precise line."""

    def test_sample_from_the_grammar_header(self) -> None:
        """The documented example renders exactly as written."""
        rule = Rule(
            id="quality.max-function-length",
            category=Category.QUALITY,
            params={"max": 50},
            severity=Severity.WARNING,
            scope=("src/**",),
        )
        assert render_canonical(rule) == (
            'quality.max-function-length(max=50) severity=warning in "src/**"'
        )

    def test_a_sentence_renders_to_how_it_was_understood(self) -> None:
        """A prose statement shows its check, limit, force, scope and rationale."""
        [rule] = parse_instructions(
            "- Functions should not exceed 40 lines in src/** because reviews\n"
        ).rules
        assert render_canonical(rule) == (
            'quality.max-function-length(max=40) modality=should in "src/**" because "reviews"'
        )

    def test_unenforced_rules_say_so(self) -> None:
        """An unclaimed statement renders with the `unenforced` flag and its free parameters."""
        [rule] = parse_instructions("- At least 80% coverage\n").rules
        assert render_canonical(rule) == 'testing.coverage(min=80, unit="%") unenforced'

    def test_strings_that_need_quotes_get_them(self) -> None:
        """Values that are not bare words are JSON-quoted; lists use brackets."""
        rule = Rule(
            id="custom.x",
            category=Category.CUSTOM,
            params={"a": "two words", "b": "true", "c": ("md5", "x y"), "d": 0.5, "e": False},
            kind=RuleKind.UNENFORCED,
        )
        assert render_canonical(rule) == (
            'custom.x(a="two words", b="true", c=[md5, "x y"], d=0.5, e=false) unenforced'
        )


class TestPolarity:
    """The canonical modality is relative to the check; a negative one is the opposite rule."""

    @pytest.mark.parametrize(
        ("line", "expected"),
        # expected: "kind modality severity"
        [
            ("quality.no-print", "enforced must error"),
            ("quality.no-print modality=should", "enforced should warning"),
            ("quality.no-print modality=must-not", "unenforced must-not error"),
            ("quality.no-print modality=must-not unenforced", "unenforced must-not error"),
        ],
    )
    def test_a_check_id_with_a_modality(self, line: str, expected: str) -> None:
        """`must`/`should` enforce the check; `must-not` keeps it unenforced, flag or not."""
        [rule] = parse_instructions(line, strict=True).rules
        assert (rule.id, rule.category) == ("quality.no-print", Category.QUALITY)
        assert (rule.kind.value, rule.modality.value, rule.severity.value) == tuple(
            expected.split()
        )

    def test_the_opposite_rule_checks_the_parameters_of_its_check(self) -> None:
        """`quality.docstrings modality=must-not` gets the check's defaults and its validation."""
        [rule] = parse_instructions("quality.docstrings modality=must-not\n").rules
        assert dict(rule.params) == {"visibility": "public"}
        ruleset = parse_instructions("quality.docstrings(max=3) modality=must-not\n")
        assert [e.message for e in ruleset.errors] == ["quality.docstrings has no parameter 'max'"]

    @pytest.mark.parametrize(
        ("text", "canonical"),
        [
            ("Never use print", "quality.no-print"),
            ("Avoid print statements", "quality.no-print modality=should"),
            ("Use logging instead of print", "quality.no-print"),
            ("Use print for debugging", "quality.no-print modality=must-not unenforced"),
            ("Use relative imports", "architecture.absolute-imports modality=must-not unenforced"),
            (
                "Prefer relative imports",
                "architecture.absolute-imports severity=info modality=should-not unenforced",
            ),
        ],
    )
    def test_statements_render_and_parse_back(self, text: str, canonical: str) -> None:
        """Each wording renders to its relative form, and that line parses to the same rule."""
        [rule] = parse_instructions(f"- {text}\n").rules
        assert render_canonical(rule) == canonical
        [again] = parse_instructions(canonical, strict=True).rules
        assert _strip(again) == _strip(rule)


class TestRoundTrip:
    """Parsing a rendering gives back the same rule."""

    @pytest.mark.parametrize(
        "line",
        [
            'quality.max-function-length(max=50) severity=warning in "src/**"',
            "security.no-eval modality=should",
            "security.no-eval modality=must-not unenforced",
            "security.password-hashing(algorithms=[argon2, scrypt])",
            "architecture.forbidden-import(source=app.api, target=app.db)",
            'quality.docstrings(visibility=all) modality=prefer because "readers"',
            'testing.min-coverage(min=80, unit="%") unenforced in "src/**", "lib/**"',
        ],
    )
    def test_canonical_lines_render_back_to_themselves(self, line: str) -> None:
        """A canonical line is a fixed point of parse then render."""
        [rule] = parse_instructions(line, strict=True).rules
        assert render_canonical(rule) == line

    def test_canonical_line_in_backticks_inside_a_list(self) -> None:
        """`- \\`security.no-eval\\`` reads the same as the bare line."""
        [rule] = parse_instructions("- `security.no-eval`\n").rules
        assert (rule.id, rule.kind, rule.span) == (
            "security.no-eval",
            RuleKind.ENFORCED,
            rule.span,
        )
        assert rule.text == "`security.no-eval`"

    def test_units_in_the_canonical_form(self) -> None:
        """A unit the parameter accepts may follow the number (`100chars`, `100 characters`)."""
        text = (
            "quality.max-line-length(max=100chars)\nquality.max-line-length(max=100 characters)\n"
        )
        assert [dict(r.params) for r in parse_instructions(text, strict=True)] == [
            {"max": 100},
            {"max": 100},
        ]

    @settings(max_examples=200, deadline=None)
    @given(rule=_rules())
    def test_any_rule_round_trips(self, rule: Rule) -> None:
        """render_canonical then strict parsing is the identity on generated rules."""
        assert _reparse(rule) == rule


class TestStrictErrors:
    """Malformed canonical lines raise RuleSyntaxError with position, caret, expected, hint."""

    def _error(self, text: str) -> RuleSyntaxError:
        with pytest.raises(RuleSyntaxError) as caught:
            parse_instructions(text, strict=True)
        return caught.value

    def test_unknown_rule_id(self) -> None:
        """An unknown id points at the id and suggests the closest known one."""
        error = self._error("## Limits\n\nquality.max-line-lenght(max=100)\n")
        assert (error.line, error.column) == (3, 1)
        assert error.message == "unknown rule id 'quality.max-line-lenght'"
        assert error.hint == "did you mean 'quality.max-line-length'?"
        assert error.context == "quality.max-line-lenght(max=100)\n^\n"

    def test_bad_number(self) -> None:
        """`max=1O0` (letter O) is not a number; the caret is under the value."""
        error = self._error("quality.max-line-length(max=1O0)")
        assert (error.column, error.message) == (29, "'1O0' is not a number")
        assert error.context.splitlines()[1] == " " * 28 + "^"

    def test_word_where_a_number_belongs(self) -> None:
        """A word for an integer parameter is reported in user terms."""
        error = self._error("quality.max-line-length(max=many)")
        assert error.message == "'many' is not a whole number"

    def test_bad_unit(self) -> None:
        """An unknown unit suggests the parameter's closest unit."""
        error = self._error("quality.max-line-length(max=100charz)")
        assert error.message == "unknown unit 'charz' for max"
        assert error.hint == "did you mean 'chars'?"
        assert error.column == 32
        assert error.expected == ("characters", "chars", "columns")

    def test_unknown_severity(self) -> None:
        """An unknown severity lists what is allowed and suggests the closest."""
        error = self._error("security.no-eval severity=warnig")
        assert error.message == "unknown severity 'warnig'"
        assert error.hint == "did you mean 'warning'?"
        assert error.expected == ("error", "warning", "info")
        assert error.column == 27

    def test_unknown_parameter(self) -> None:
        """A parameter the check does not take is named, with the closest one it does."""
        error = self._error("quality.max-line-length(maximum=100)")
        assert error.message == "quality.max-line-length has no parameter 'maximum'"
        assert error.hint == "did you mean 'max'?"

    def test_unknown_category(self) -> None:
        """`secrity.x(...)` is not read as canonical at all; `custom` ids must say unenforced."""
        error = self._error("custom.no-shouting")
        assert error.message == "unknown rule id 'custom.no-shouting'"

    @pytest.mark.parametrize(
        ("line", "message", "column"),
        [
            ("quality.max-line-length(max=100", "the parameter list is not closed: add ')'", 32),
            ("quality.max-line-length(max=)", "a parameter needs a value: write name=value", 29),
            ("quality.docstrings in src/**", 'a scope is a quoted glob: in "src/**"', 23),
            (
                "quality.docstrings because readers",
                'a rationale is a quoted sentence: because "..."',
                28,
            ),
            ('quality.docstrings in "src/**', "a string is not closed: add '\"'", 23),
            ("quality.docstrings now", "unexpected text after the rule", 20),
        ],
    )
    def test_syntax_errors_are_labelled_in_user_terms(
        self, line: str, message: str, column: int
    ) -> None:
        """Lark's error is matched against known-bad examples and told in the language's terms."""
        error = self._error(f"- {line}\n")
        assert (error.message, error.line, error.column) == (message, 1, column + 2)
        assert "$END" not in " ".join(error.expected)

    def test_an_unknown_string_escape(self) -> None:
        """`"\\q"` is not an escape: reported with a hint, the JSON error kept as the cause."""
        error = self._error('security.no-eval because "bad \\q"')
        assert error.message == "a quoted string holds an unknown escape"
        assert isinstance(error.__cause__, ValueError)

    def test_the_lark_error_is_kept_as_the_cause(self) -> None:
        """A translated syntax error chains the parser's own error as `__cause__`."""
        error = self._error("quality.docstrings in src/**")
        assert isinstance(error.__cause__, UnexpectedInput)

    def test_lenient_mode_collects_the_same_problems(self) -> None:
        """Without strict, each problem is a diagnostic and the good rules are still there."""
        text = (
            "- quality.max-line-length(max=1O0)\n"
            "- security.no-eval severity=warnig\n"
            "- Use type hints\n"
        )
        ruleset = parse_instructions(text)
        assert [(d.line, d.message) for d in ruleset.errors] == [
            (1, "'1O0' is not a number"),
            (2, "unknown severity 'warnig'"),
        ]
        assert [rule.id for rule in ruleset] == [
            "quality.max-line-length",
            "security.no-eval",
            "quality.type-hints",
        ]
