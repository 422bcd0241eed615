"""Reading instruction text costs work linear in its length, however adversarial the text.

Work is counted, not timed: every Python and C function call made while parsing (regular
expression searches included) is counted with `sys.setprofile`, which is deterministic. Each
adversarial document is read at two sizes, and twice the text may cost at most a little more
than twice the work. Regular expressions run inside C, where calls cannot be seen; the
patterns that scan many lines (fences, comments) are bounded by construction and their tests
check the structure that makes them so (one block, not one scan per line).
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from types import FrameType
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from socratic_core import RuleSyntaxError
from socratic_core.rules import parse_instructions
from socratic_core.rules._assemble import MAX_STATEMENT_LENGTH
from socratic_core.rules._blocks import Comment, Fence
from socratic_core.rules._markup import clean_markdown
from socratic_core.rules._parser import get_parser

# Twice the input may cost this much more than the work of the smaller input, times two, plus
# a constant (what one call costs whatever the size: warm caches, a diagnostic or two).
_SLACK = 1.15
_CONSTANT = 2_000


def _work(function: Callable[[str], object], text: str) -> int:
    """How many function calls (Python and C) `function(text)` makes."""
    calls = 0

    def count(frame: FrameType, event: str, arg: Any) -> None:
        nonlocal calls
        if event in ("call", "c_call"):
            calls += 1

    sys.setprofile(count)
    try:
        function(text)
    finally:
        sys.setprofile(None)
    return calls


def _assert_linear(function: Callable[[str], object], make: Callable[[int], str]) -> None:
    function(make(100))  # warm up: parsers loaded, patterns compiled
    small, large = _work(function, make(5_000)), _work(function, make(10_000))
    assert large <= 2 * _SLACK * small + _CONSTANT, (small, large)


# Documents by size (about n characters each): what an adversary, or a broken editor, writes.
DOCUMENTS: dict[str, Callable[[int], str]] = {
    "many <!-- lines": lambda n: "<!--\n" * (n // 5),
    "an unclosed comment, then rules": lambda n: "<!-- x\n" + "- Never use eval\n" * (n // 17),
    "comments opened and closed": lambda n: "<!-- a -->\n- Never use eval\n" * (n // 28),
    "many unclosed fences": lambda n: "```\n- Never use eval\n" * (n // 21),
    "fence runs of every length": lambda n: "".join(
        "`" * (3 + i % 5) + "\nx\n" for i in range(n // 8)
    ),
    "_a _a _a ... on one line": lambda n: "- Never " + "_a " * (n // 3) + "\n",
    "*a *a *a ... on one line": lambda n: "- Never " + "*a " * (n // 3) + "\n",
    "unclosed backticks": lambda n: "- Never use " + "`a " * (n // 3) + "\n",
    "unclosed brackets and links": lambda n: "- Never use " + "[a](" * (n // 4) + "\n",
    "one very long line": lambda n: "- Never use eval " + "and exec " * (n // 9) + "\n",
    "a very long heading": lambda n: "# Security " + "**rules** " * (n // 10) + "\n",
    "deeply nested list markers": lambda n: "- " * (n // 2) + "Never use eval\n",
    "deeply nested quotes": lambda n: ("> " * 40 + "Never use eval\n") * (n // 95),
    "deep indentation": lambda n: "".join(
        " " * (i % 60) + "- Never use eval\n" for i in range(n // 47)
    ),
    "one paragraph of sentences": lambda n: "Start here\n" + "a. Never use eval\n" * (n // 18),
    "sentences on one line": lambda n: "Hello there. " * (n // 13) + "\n",
    "replacement statements": lambda n: "- Use `a.b` instead of `c()`, not d\n" * (n // 37),
    "one long replacement line": lambda n: "- Never use " + "`a` instead of " * (n // 15) + "\n",
    "table rows and cells": lambda n: "| Rule |\n|---|\n" + "| Never use eval | x |\n" * (n // 22),
    "an unclosed front matter": lambda n: "---\n" + "a: b\n" * (n // 5),
    "a 5,000-digit number": lambda n: "- Functions must not exceed " + "9" * n + " lines\n",
    "bad numbers": lambda n: "- Functions must be at most 5O lines.\n" * (n // 38),
}


class TestLinearWork:
    """Doubling an adversarial document at most about doubles the work of reading it."""

    @pytest.mark.parametrize("name", DOCUMENTS)
    def test_parse_instructions(self, name: str) -> None:
        """`parse_instructions` on each adversarial document family."""
        _assert_linear(parse_instructions, DOCUMENTS[name])

    @pytest.mark.parametrize(
        "make",
        [
            lambda n: "_a " * (n // 3),
            lambda n: "*a " * (n // 3),
            lambda n: "**a " * (n // 4),
            lambda n: "`a " * (n // 3),
            lambda n: "".join("`" * (i % 7 + 1) + "a " for i in range(n // 6)),
            lambda n: "[" * n,
            lambda n: "[a](" * (n // 4),
            lambda n: "<!-- " * (n // 5),
            lambda n: "> - [ ] " * (n // 8) + "x",
        ],
        ids=["underscores", "stars", "double stars", "backticks", "backtick runs", "brackets",
             "links", "comments", "markers"],
    )  # fmt: skip
    def test_clean_markdown_on_one_long_line(self, make: Callable[[int], str]) -> None:
        """The Markdown cleaning that every statement and heading goes through."""
        _assert_linear(clean_markdown, make)

    @settings(max_examples=25, deadline=None)
    @given(
        st.lists(
            st.sampled_from(
                [
                    "<!--",
                    "-->",
                    "```",
                    "~~~~",
                    "_a ",
                    "*a ",
                    "**",
                    "`",
                    "[",
                    "](",
                    "> ",
                    "- ",
                    "| ",
                    "Never use eval",
                    " must not exceed 50 lines",
                    "9" * 30,
                    ". ",
                    "\n",
                ]
            ),
            min_size=1,
            max_size=30,
        )
    )
    def test_any_mix_of_markup(self, pieces: list[str]) -> None:
        """Any text made of markup fragments, repeated: twice the copies, about twice the work."""
        unit = "".join(pieces) + "\n\n"
        copies = max(1, 2_000 // len(unit))
        small = _work(parse_instructions, unit * copies)
        large = _work(parse_instructions, unit * (2 * copies))
        assert large <= 2 * _SLACK * small + _CONSTANT, (small, large)


class TestBoundedConstructs:
    """Constructs that span lines are scanned once, whatever follows them."""

    def test_thousands_of_unclosed_comments_are_one_block(self) -> None:
        """An unclosed `<!--` runs to the end: the next 4,999 are inside it, not scanned again."""
        blocks = get_parser().parse("- Avoid print\n" + "<!--\n" * 5_000).blocks
        assert [type(block) for block in blocks][1:] == [Comment]

    def test_thousands_of_unclosed_fences_pair_up(self) -> None:
        """A ``` line closes the fence before it: 5,000 of them are 2,500 fences."""
        blocks = get_parser().parse("```\n" * 5_000).blocks
        assert len([block for block in blocks if isinstance(block, Fence)]) == 2_500

    def test_a_statement_longer_than_the_bound_is_prose(self) -> None:
        """A statement past `MAX_STATEMENT_LENGTH` is listed as prose with a warning, unread."""
        text = "- Never use eval" + " and exec" * MAX_STATEMENT_LENGTH + "\n"
        rules = parse_instructions(text)
        assert (rules.rules, [prose.text for prose in rules.prose]) == ((), [text[2:-1]])
        [warning] = rules.diagnostics
        assert "characters long" in warning.message
        assert len(warning.context) < 400


class TestHugeNumbers:
    """A number too long to be a limit is a diagnostic, never a ValueError."""

    def test_a_5000_digit_number_in_a_statement(self) -> None:
        """Lenient mode reports it; strict mode raises nothing but RuleSyntaxError."""
        text = "- Functions must not exceed " + "9" * 5_000 + " lines\n"
        assert parse_instructions(text).diagnostics
        parse_instructions(text, strict=True)  # a warning only: the statement is too long to read

    def test_a_long_number_is_an_error_at_its_column(self) -> None:
        """A 1,000-digit limit is an error that strict mode raises, pointing at the digits."""
        text = "- Functions must not exceed " + "9" * 1_000 + " lines\n"
        [error] = parse_instructions(text).errors
        assert (error.column, error.message) == (
            29,
            "a number of 1000 digits is too long to be a limit",
        )
        with pytest.raises(RuleSyntaxError):
            parse_instructions(text, strict=True)

    @pytest.mark.parametrize("number", ["9" * 400, "1e999", "9" * 30])
    def test_a_huge_number_in_the_canonical_form(self, number: str) -> None:
        """`max=<huge>` is an error saying the number is too long or too large."""
        rules = parse_instructions(f"quality.max-function-length(max={number})\n")
        [error] = rules.errors
        assert "too long or too large for a number" in error.message
        assert error.column == 33
