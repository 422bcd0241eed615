"""Verbless lines and headings that are rules (issue 8, held-out 4): "X only" asks for X, a
heading that says NEVER/ALWAYS about a check's construct is a rule, and of two limits in one
clause ("79 characters for code, 72 for comments") the restriction binds only its own; near
misses (a topic heading, a question, `only` narrowing a place, a looser second limit) stay
unenforced."""

from __future__ import annotations

import pytest

from socratic_core.rules import RuleKind, parse_instructions


def _enforced(text: str) -> list[tuple[str, dict[str, object], tuple[str, ...]]]:
    rules = parse_instructions(text).rules
    return [
        (rule.id, dict(rule.params), tuple(rule.scope))
        for rule in rules
        if rule.kind is RuleKind.ENFORCED
    ]


def _ids(text: str) -> list[str]:
    return [rule_id for rule_id, _, _ in _enforced(text)]


class TestOnly:
    """A short line naming a check and ending in `only` asks for it, list item or not."""

    @pytest.mark.parametrize(
        ("text", "rule_id"),
        [
            ("f-strings only", "quality.prefer-fstrings"),
            ("String formatting: f-strings only.", "quality.prefer-fstrings"),
            ("Named exports only", "quality.export-style"),
            ("**1. Named Exports Only:**", "quality.export-style"),
            ("Absolute imports only", "architecture.absolute-imports"),
        ],
    )
    def test_the_line_asks_for_it(self, text: str, rule_id: str) -> None:
        assert _ids(text) == [rule_id]

    @pytest.mark.parametrize(
        "text",
        [
            "Type hints for public functions only",
            "f-strings only in tests",
            "Python only",
            "This applies to f-strings in new modules and nothing else, so only",
        ],
    )
    def test_only_narrowing_or_naming_nothing(self, text: str) -> None:
        assert _enforced(text) == []


class TestForcefulHeading:
    """A heading that says NEVER/ALWAYS/MUST about a check's construct is a rule."""

    @pytest.mark.parametrize(
        ("text", "rule_id"),
        [
            ("### Critical: NEVER Use `any` Type", "quality.no-any"),
            ("## Always add type hints\n\nSome prose.", "quality.type-hints"),
            ("## Do not block the event loop", "performance.no-blocking-in-async"),
        ],
    )
    def test_the_heading_is_enforced(self, text: str, rule_id: str) -> None:
        assert _ids(text) == [rule_id]

    @pytest.mark.parametrize(
        "text",
        [
            "## Type hints\n\nSome prose.",
            "## Why we never use eval",
            "## When must code be typed?",
            "## Avoiding print statements",
            "## Never do these",
        ],
    )
    def test_a_topic_or_question_stays_a_heading(self, text: str) -> None:
        assert _enforced(text) == []


class TestTwoLimits:
    """A second limit's restriction binds it alone; the first holds where the second is stricter."""

    @pytest.mark.parametrize(
        ("text", "limit"),
        [
            ("- Max line length: 79 characters for code, 72 for comments.", 79),
            ("Lines under 80 characters for code, 72 for docstrings", 79),
            ("Keep functions under 50 lines, 30 for request handlers", 49),
        ],
    )
    def test_the_first_limit_is_enforced_everywhere(self, text: str, limit: int) -> None:
        [(_, params, scope)] = _enforced(text)
        assert params["max"] == limit
        assert scope == ()

    @pytest.mark.parametrize(
        "text",
        [
            "Max line length: 79 characters for code, 100 for tests.",
            "Keep functions under 50 lines, 80 for tests",
            "72 characters for comments, 79 for code",
        ],
    )
    def test_a_looser_or_restricted_limit_is_not_enforced(self, text: str) -> None:
        assert _enforced(text) == []

    def test_a_limit_with_its_own_scope_keeps_it(self) -> None:
        assert _enforced("Keep functions under 50 lines for tests") == [
            ("quality.max-function-length", {"max": 49}, ("tests/**",))
        ]


class TestIdeally:
    """`ideally` is a hedge wherever it stands, except for a soft limit beside a hard one."""

    @pytest.mark.parametrize(
        "text",
        [
            "Ideally keep functions under 50 lines",
            "Ideally, avoid print statements",
            "Functions should ideally be under 50 lines",
            "Keep functions small (ideally < 30 lines)",
        ],
    )
    def test_a_wish_is_not_enforced(self, text: str) -> None:
        rules = parse_instructions(text).rules
        assert _enforced(text) == []
        assert any("a hedge 'ideally'" in (rule.reading or "") for rule in rules)

    @pytest.mark.parametrize(
        ("text", "limit"),
        [
            ("Keep files < 1000 lines, ideally < 800", 999),
            ("Modules must stay under 600 lines, ideally under 400", 599),
        ],
    )
    def test_the_hard_limit_beside_the_ideal_one_holds(self, text: str, limit: int) -> None:
        assert _enforced(text) == [("quality.max-file-length", {"max": limit}, ())]

    def test_aim_for_is_a_target_read_as_should(self) -> None:
        [rule] = parse_instructions("Aim for functions under 30 lines").rules
        assert rule.kind is RuleKind.ENFORCED
        assert rule.modality.value == "should"
