"""Compound statements keep every rule, and limits read as people write them.

Each case is a class of wording, not one sentence: coordinated objects that share their words
("no unused imports or variables"), a requirement joined by `with` before its limit, a
thousands suffix (`1k`), a growth verb that makes a limit a trigger ("grows past 700 lines"),
and words that widen what a check covers ("including private helpers"); the classes the third
held-out set showed: triggers, rates and ranges of limits, hedges that stay in their clause,
markup and dashes, turned-round verbs, and what only describes a thing or runs a tool.
"""

from __future__ import annotations

import pytest

from socratic_core.rules import Rule, RuleKind, parse_instructions, render_canonical


def _canonical(text: str) -> list[str]:
    rules: list[Rule] = list(parse_instructions(f"- {text}\n"))
    assert all(rule.kind is RuleKind.ENFORCED for rule in rules), [r.reading for r in rules]
    return [render_canonical(rule) for rule in rules]


_UNUSED = ["quality.no-unused-imports", "quality.no-unused-variables"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("No unused imports or variables", _UNUSED),
        ("Avoid unused imports and variables", [f"{i} modality=should" for i in _UNUSED]),
        ("Never leave unused imports, classes or variables", _UNUSED),
        ("Remove unused imports and local variables", _UNUSED),
    ],
)
def test_coordinated_objects_share_the_words_of_the_first(text: str, expected: list[str]) -> None:
    """A bare conjunct reads with the modifier and verb of the conjunct that heads it."""
    assert _canonical(text) == expected


@pytest.mark.parametrize(
    "text", ["No eval or exec", "Never use print or debug statements", "No unused imports or stuff"]
)
def test_a_conjunct_that_names_no_other_check_adds_no_rule(text: str) -> None:
    """Sharing words yields a rule only when the conjunct so read names a different check."""
    assert len(parse_instructions(f"- {text}\n")) == 1


def test_a_conjunct_that_names_a_banned_api_adds_that_rule() -> None:
    """ "Never use print or logging.debug": print is no-print, logging.debug a banned API."""
    assert _canonical("Never use print or logging.debug") == [
        "quality.no-print",
        'architecture.banned-api(banned=logging.debug, instead="")',
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "When writing Python, conform to PEP8 with maximum line length of 79 chars",
            ["quality.pep8(max_line_length=79)", "quality.max-line-length(max=79)"],
        ),
        (
            "Follow PEP 8 with a line length of 100 characters",
            ["quality.pep8(max_line_length=79)", "quality.max-line-length(max=100)"],
        ),
        ("Never build SQL queries with string formatting", ["security.no-sql-string-building"]),
        (
            "Functions with more than 50 lines must be split",
            ["quality.max-function-length(max=50)"],
        ),
    ],
)
def test_with_before_a_limit_joins_a_second_requirement(text: str, expected: list[str]) -> None:
    """`with` splits a statement only where a limit follows; elsewhere it qualifies."""
    assert _canonical(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Max 1k lines per file", "quality.max-file-length(max=1000)"),
        ("Don't let files grow beyond 1k lines", "quality.max-file-length(max=1000)"),
        ("Keep files under 1.5K LOC", "quality.max-file-length(max=1499)"),
        ("Files: 2k-line max", "quality.max-file-length(max=2000)"),
    ],
)
def test_a_thousands_suffix_before_a_unit_is_a_thousand(text: str, expected: str) -> None:
    """`1k lines` is 1000 lines, `1.5K LOC` 1500."""
    assert _canonical(text) == [expected]


@pytest.mark.parametrize(
    "text", ["Keep a line length of 100 characters", "Line width is 100 chars"]
)
def test_a_measure_given_as_a_value_is_its_limit(text: str) -> None:
    """ "a line length of 100 characters" reads as the limit, in the check's unit."""
    assert _canonical(text) == ["quality.max-line-length(max=100)"]


def test_a_thousands_suffix_without_a_unit_is_no_limit() -> None:
    """ "10k users" names no unit: nothing is read as a limit of it."""
    [rule] = parse_instructions("- Files must not have 10k users\n")
    assert rule.kind is RuleKind.UNENFORCED


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Split any module that grows past 700 lines", "quality.max-file-length(max=700)"),
        ("Refactor functions that get longer than 40 lines", "quality.max-function-length(max=40)"),
        (
            "Files should never grow beyond 400 lines",
            "quality.max-file-length(max=400) modality=should",
        ),
    ],
)
def test_a_growth_verb_makes_the_limit_a_trigger(text: str, expected: str) -> None:
    """ "grows past N" allows N at most, as "must not exceed N" does (flipped once)."""
    assert _canonical(text) == [expected]


@pytest.mark.parametrize(
    ("text", "visibility"),
    [
        ("Write docstrings for all functions, including private helpers", "all"),
        ("Document internal functions too", "all"),
        ("All functions should have docstrings", "public"),
        ("Every public function needs a docstring", "public"),
        ("Docstrings should be helpful", "public"),
    ],
)
def test_words_naming_private_objects_widen_docstrings(text: str, visibility: str) -> None:
    """Naming private or internal objects asks for `visibility=all`; "all functions" does not."""
    [rule] = parse_instructions(f"- {text}\n")
    assert (rule.id, rule.params["visibility"]) == ("quality.docstrings", visibility)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("If a function exceeds 40 lines, split it", "quality.max-function-length(max=40)"),
        ("When a module grows beyond 600 lines, break it up", "quality.max-file-length(max=600)"),
        ("400 lines per file", "quality.max-file-length(max=400)"),
        ("Max lines per function: 40", "quality.max-function-length(max=40)"),
        ("Maximum characters per line: 100", "quality.max-line-length(max=100)"),
        ("Functions should be between 10 and 40 lines", "quality.max-function-length(max=40)"),
        ("Lint with ruff (line-length: 100)", "quality.max-line-length(max=100)"),
    ],
)
def test_limits_written_as_triggers_rates_ranges_and_settings(text: str, expected: str) -> None:
    """ "If X exceeds N", "N lines per file", "between M and N", a tool's setting: at most N."""
    [rule] = _canonical(text)
    assert rule.split(" modality=")[0] == expected


@pytest.mark.parametrize(
    "text",
    [
        "If a request takes more than 5 seconds, log a warning",
        "Limit function size (e.g., flag if a function is >80 lines)",
        "Keep response times between 100 and 200 ms",
        "Max functions per file: 20",
    ],
)
def test_a_trigger_or_range_in_another_unit_or_an_example_is_no_limit(text: str) -> None:
    """A number in another unit, or one given as an example in brackets, limits nothing."""
    rules = list(parse_instructions(f"- {text}\n"))
    assert all(rule.kind is RuleKind.UNENFORCED for rule in rules)


def test_a_hedge_stays_with_the_check_of_its_own_clause() -> None:
    """ "PEP8; type hints where practical" enforces PEP 8 and leaves the type hints."""
    rules = list(parse_instructions("- Python: PEP8, 4 spaces; type hints where practical.\n"))
    assert [rule.id for rule in rules if rule.kind is RuleKind.ENFORCED] == ["quality.pep8"]
    assert len(rules) == 2  # the type hints: kept unenforced, with a suggestion
    assert [rule.suggestion for rule in rules if rule.kind is RuleKind.UNENFORCED] == [
        "quality.type-hints"
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("<typing>Use type hints everywhere</typing>", "quality.type-hints"),
        ("Avoid `any` - use `unknown` if needed", "quality.no-any"),
        ("Do not skip type hints on any function", "quality.type-hints"),
        ("Keep secrets out of the code", "security.no-hardcoded-secrets"),
        ("Use `type` imports when importing types", "quality.import-type"),
    ],
)
def test_markup_dashes_and_turned_round_verbs(text: str, expected: str) -> None:
    """XML tags, a spaced hyphen, "do not skip", "keep X out of" and a restated condition."""
    assert [rule.split("(")[0].split(" ")[0] for rule in _canonical(text)] == [expected]


@pytest.mark.parametrize(
    "text",
    [
        "Keep docstrings to one line",
        "Run `mypy src/` to check type hints",
        "Use modern type hints (`list[str]`, not `List[str]`)",
        "No TODO markers that shouldn't ship",
        "Body and footer: max line length 100 characters",
        "Core modules should not import from peripheral ones",
    ],
)
def test_what_a_thing_looks_like_or_a_command_enforces_nothing(text: str) -> None:
    """The shape of a docstring, a command to run, a style, a judgement, a commit's footer."""
    rules = list(parse_instructions(f"- {text}\n"))
    assert all(rule.kind is RuleKind.UNENFORCED for rule in rules)
