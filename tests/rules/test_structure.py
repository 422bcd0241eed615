"""Document structure: where statements are, where they start, and that none of them vanishes."""

from __future__ import annotations

import pytest

from socratic_core.rules import Prose, RuleSet, SourceSpan, parse_instructions
from socratic_core.rules.blocks import Fence, TableRow
from socratic_core.rules.markup import clean_markdown, strip_statement_start
from socratic_core.rules.parser import get_parser


def _ids(text: str) -> list[str]:
    return [rule.id for rule in parse_instructions(text)]


def _prose(text: str) -> list[str]:
    return [prose.text for prose in parse_instructions(text).prose]


class TestCodeFences:
    """A fence closes only on a line of its own character, at least as long (CommonMark)."""

    def test_a_shorter_fence_inside_a_longer_one_does_not_close_it(self) -> None:
        """```` ```` ```` holds a ``` fence: the rule inside stays code, the one after is read."""
        text = "````\n```\n- Never use eval\n```\n````\n- Avoid print statements\n"
        assert _ids(text) == ["quality.no-print"]
        [fence] = [b for b in get_parser().parse(text).blocks if isinstance(b, Fence)]
        assert (fence.code, fence.closed) == ("```\n- Never use eval\n```", True)

    def test_a_fence_of_the_other_character_does_not_close_it(self) -> None:
        """Inside a ~~~ fence a ``` line is code, and inside a ``` fence a ~~~ line is."""
        assert _ids("~~~\n```\n- Never use eval\n~~~\n- Avoid print\n") == ["quality.no-print"]
        assert _ids("```\n~~~\n- Never use eval\n```\n- Avoid print\n") == ["quality.no-print"]

    def test_a_longer_closing_fence_closes(self) -> None:
        """A closing run longer than the opening one closes the fence; one with text does not."""
        assert _ids("```\ncode\n`````\n- Avoid print\n") == ["quality.no-print"]
        assert _ids("```\n``` not a close\n- Never use eval\n```\n- Avoid print\n") == [
            "quality.no-print"
        ]

    def test_an_unclosed_fence_runs_to_the_end_and_says_so(self) -> None:
        """Everything after an unclosed fence is code, and a warning names the fence's line."""
        rules = parse_instructions("- Avoid print\n````\n- Never use eval\n```\n")
        assert [rule.id for rule in rules] == ["quality.no-print"]
        [warning] = rules.diagnostics
        assert (warning.line, warning.column) == (2, 1)
        assert warning.message.startswith("this code fence is never closed")


class TestComments:
    """HTML comments are skipped; what follows one on its line is read, an unclosed one ends it."""

    def test_text_after_a_comment_on_its_line_is_a_statement(self) -> None:
        """`<!-- note --> Never use eval` keeps the rule, at the column where it starts."""
        [rule] = parse_instructions("<!-- note --> Never use eval\n").rules
        assert (rule.id, rule.text, rule.span) == (
            "security.no-eval",
            "Never use eval",
            SourceSpan(1, 15, 1, 29),
        )

    def test_a_comment_inside_a_statement_is_ignored_for_meaning(self) -> None:
        """`Never use eval <!-- ... -->`: the comment's words are not part of the subject."""
        [rule] = parse_instructions("- Never use eval <!-- but print is fine -->\n").rules
        assert rule.id == "security.no-eval"

    def test_an_unclosed_comment_hides_the_rest_with_a_warning(self) -> None:
        """An unclosed `<!--` comments out the rest of the document, as CommonMark renders it."""
        rules = parse_instructions("- Avoid print\n<!-- draft\n- Never use eval\n")
        assert [rule.id for rule in rules] == ["quality.no-print"]
        [warning] = rules.diagnostics
        assert warning.line == 2
        assert "never closed" in warning.message


class TestStatementStarts:
    """An imperative is read as one wherever the statement starts after markup."""

    @pytest.mark.parametrize(
        "text",
        [
            "- Use type hints in public functions\n",
            "> Use type hints in public functions\n",
            "> - Use type hints in public functions\n",
            "> > 1. Use type hints in public functions\n",
            "[ ] Use type hints in public functions\n",
            "- [x] Use type hints in public functions\n",
            "**Use** type hints in public functions\n",
            "_Use_ type hints in public functions\n",
            '  "Use type hints in public functions",\n',
            "- 'Use type hints in public functions'\n",
            '["Use type hints in public functions"]\n',
        ],
    )
    def test_an_opening_imperative_behind_markup_is_a_rule(self, text: str) -> None:
        """List markers, quotes, checkboxes, emphasis and JSON/YAML quotes are looked past."""
        assert _ids(text) == ["quality.type-hints"]

    def test_a_json_array_of_rules_in_prose(self) -> None:
        """Each string of a JSON array written in prose is a statement of its own."""
        text = (
            'The config says:\n[\n  "Never use eval",\n  "Use type hints in public functions",\n]\n'
        )
        rules = parse_instructions(text)
        assert [(r.id, r.span.line if r.span else 0) for r in rules] == [
            ("security.no-eval", 3),
            ("quality.type-hints", 4),
        ]
        assert [prose.text for prose in rules.prose] == ["The config says:"]

    @pytest.mark.parametrize(
        ("written", "start"),
        [
            ("- [ ] Never use eval", "Never use eval"),
            ("> > * Never use eval", "Never use eval"),
            ('"Never use eval",', "Never use eval"),
            ("['Never use eval']", "Never use eval"),
            ("> 50 lines = rewrite", "> 50 lines = rewrite"),
            ("1.5x faster queries", "1.5x faster queries"),
            ("*.py files need docstrings", "*.py files need docstrings"),
        ],
    )
    def test_strip_statement_start(self, written: str, start: str) -> None:
        """Markers go; a comparator (`> 50`), a number and a glob stay."""
        assert strip_statement_start(written) == start


class TestEmphasis:
    """Emphasis marks are dropped for meaning; globs, snake_case and arithmetic keep theirs."""

    @pytest.mark.parametrize(
        ("written", "heard"),
        [
            ("**Never** use eval", "Never use eval"),
            ("__Always__ add *type* hints", "Always add type hints"),
            ("**Never use _eval_ or *exec***", "Never use eval or exec"),
            ("keep src/**/*.py under snake_case_names", "keep src/**/*.py under snake_case_names"),
            ("2 * 3 * 4 is not emphasis", "2 * 3 * 4 is not emphasis"),
            ("an *unclosed star stays", "an *unclosed star stays"),
            ("use ``a`b`` and `c`", "use a`b and c"),
            ("an `unclosed backtick", "an `unclosed backtick"),
            ("see [the guide](http://x/y) and [b]", "see the guide and [b]"),
        ],
    )
    def test_clean_markdown(self, written: str, heard: str) -> None:
        """What a reader hears of a statement."""
        assert clean_markdown(written) == heard


class TestTables:
    """A table row is never dropped: its cells are statements, or prose."""

    _TABLE = "| Rule | Why |\n|------|:---:|\n| Never use eval | it runs anything |\n"

    def test_a_rule_in_a_cell_is_read_at_its_cell(self) -> None:
        """The cell holding a rule becomes that rule, spanning the cell's text."""
        [rule] = parse_instructions(self._TABLE).rules
        assert (rule.id, rule.text, rule.span) == (
            "security.no-eval",
            "Never use eval",
            SourceSpan(3, 3, 3, 17),
        )

    def test_header_and_other_cells_are_prose(self) -> None:
        """Header cells and cells without a modal word are listed as prose, with positions."""
        prose = parse_instructions(self._TABLE).prose
        assert [(p.text, p.span.line, p.span.column) for p in prose] == [
            ("Rule", 1, 3),
            ("Why", 1, 10),
            ("it runs anything", 3, 20),
        ]

    def test_cells_under_a_do_and_dont_header_are_prose(self) -> None:
        """When the header carries the force ("Don't"), no cell is read as a rule of its own."""
        text = "| Do | Don't |\n|---|---|\n| Use logging | Use print |\n"
        assert _ids(text) == []
        assert _prose(text) == ["Do", "Don't", "Use logging", "Use print"]

    def test_an_escaped_pipe_stays_in_its_cell(self) -> None:
        """`\\|` is part of a cell, not a border."""
        [row] = get_parser().parse("| a \\| b | c |\n").blocks
        assert isinstance(row, TableRow)
        assert [cell.text for cell in row.cells] == ["a \\| b", "c"]


class TestProse:
    """Every statement that is not a rule is listed in `RuleSet.prose`, in document order."""

    def test_sentences_and_items_without_a_modal_word_are_prose(self) -> None:
        """Nothing that was written vanishes: the prose keeps its text and span."""
        text = "# Project\nThis is a FastAPI service. Never use eval.\n- The API lives in api/\n"
        rules = parse_instructions(text)
        assert [rule.id for rule in rules if rule.text == "Never use eval."] == ["security.no-eval"]
        assert rules.prose == (Prose("This is a FastAPI service.", SourceSpan(2, 1, 2, 27)),)

    def test_prose_survives_json_and_merging(self) -> None:
        """`to_dict`/`from_dict` keep the prose, and a merge keeps every layer's."""
        first = parse_instructions("Hello there.\n")
        second = parse_instructions("Some context.\n")
        assert RuleSet.from_json(first.to_json()).prose == first.prose
        assert [p.text for p in first.merge(second).prose] == ["Hello there.", "Some context."]
