"""The classes of misreading the fourth held-out set showed (issue 8), each held on wordings
beyond its lines, with the near misses that must stay unenforced beside them."""

from __future__ import annotations

import pytest

from socratic_core.rules import RuleKind, parse_instructions


def _enforced(text: str) -> list[tuple[str, dict[str, object]]]:
    rules = parse_instructions(text).rules
    return [(rule.id, dict(rule.params)) for rule in rules if rule.kind is RuleKind.ENFORCED]


class TestAMeasureBeforeItsNoun:
    """`88-character line length`, `a line length of 120`: the value of the measure itself."""

    @pytest.mark.parametrize(
        ("text", "limit"),
        [
            ("- Use Black for code formatting (88 character line length)", 88),
            ("- **Formatting**: Use Black with 88-character line length", 88),
            ("Keep an 80-column line width", 80),
            ("Format with ruff at a 120-character line width", 120),
            ("The root `ruff.toml` sets a line length of 120.", 120),
            ("Line length of 100 characters", 100),
        ],
    )
    def test_the_value_is_the_limit(self, text: str, limit: int) -> None:
        assert _enforced(text) == [("quality.max-line-length", {"max": limit})]

    @pytest.mark.parametrize(
        "text",
        [
            "Use a 72-character subject line for commit messages",
            "Use a 4-space indentation width",
            "Keep the prompt length of 2000 tokens in mind",
            "a length of 3 words",
        ],
    )
    def test_another_unit_or_another_line_is_no_limit(self, text: str) -> None:
        assert _enforced(text) == []


class TestCommentWidth:
    """The width of comment or docstring lines is not the code's line length (E501)."""

    @pytest.mark.parametrize(
        "text",
        [
            "- Limit comment lines to 72 characters.",
            "Wrap comment lines at 72 characters",
            "Docstring lines must stay under 72 characters",
        ],
    )
    def test_comment_lines_are_not_enforced(self, text: str) -> None:
        assert _enforced(text) == []

    def test_lines_including_comments_are(self) -> None:
        assert _enforced("Keep lines under 100 characters, including comments") == [
            ("quality.max-line-length", {"max": 99})
        ]


class TestARelaxedLimit:
    """A limit the same statement relaxes ("up to 120 are acceptable") is left to judgement."""

    @pytest.mark.parametrize(
        "text",
        [
            "- For all code files, aim to keep line lengths under 80 characters. In some cases, "
            "lengths up to 120 characters are acceptable.",
            "Keep functions under 40 lines; longer ones are acceptable when justified",
            "Aim for 80 characters per line, though up to 100 is fine",
        ],
    )
    def test_the_limit_is_not_enforced(self, text: str) -> None:
        assert _enforced(text) == []

    def test_longer_ones_not_allowed_is_the_limit(self) -> None:
        assert _enforced("Files longer than 500 lines are not allowed") == [
            ("quality.max-file-length", {"max": 500})
        ]


class TestTheSameThingOnBothSides:
    """ "X used so over bare X" asks for a way of using X: no ban on X."""

    @pytest.mark.parametrize(
        "text",
        [
            "- **PREFER** `die` with a meaningful message over bare `die`",
            "Prefer `open()` with an explicit encoding over bare `open()`",
            "Use `subprocess.run(..., check=True)` rather than bare `subprocess.run(...)`",
        ],
    )
    def test_no_ban(self, text: str) -> None:
        assert [rule_id for rule_id, _ in _enforced(text)] == []

    def test_another_thing_is_still_banned(self) -> None:
        assert _enforced("Use `chrome.alarms` instead of `setInterval()`") == [
            (
                "architecture.banned-api",
                {"banned": "setInterval()", "instead": "chrome.alarms"},
            )
        ]


class TestTypeAny:
    """`type any` names TypeScript's `any`; the verb `type` does not."""

    @pytest.mark.parametrize(
        "text",
        ["don't use type any or type unknown", "Never use type any", "- No type any in new code"],
    )
    def test_the_type_is_banned(self, text: str) -> None:
        assert _enforced(text) == [("quality.no-any", {})]

    def test_the_verb_is_not(self) -> None:
        assert _enforced("Users can type any text they like into the search box") == []


def test_acceptable_is_a_permission() -> None:
    assert _enforced("Relative imports are acceptable within a package") == []


@pytest.mark.parametrize(
    ("text", "rule"),
    [
        (
            "Keep functions under 50 lines. More comments are fine.",
            ("quality.max-function-length", {"max": 49}),
        ),
        (
            "Keep functions under 50 lines; up to 3 retries are fine",
            ("quality.max-function-length", {"max": 49}),
        ),
        (
            "Keep lines under 100 characters; longer test names are fine",
            ("quality.max-line-length", {"max": 99}),
        ),
    ],
)
def test_relaxing_something_else_leaves_the_limit(
    text: str, rule: tuple[str, dict[str, object]]
) -> None:
    assert _enforced(text) == [rule]
