"""The document grammar: builds cleanly in strict mode and classifies every kind of line."""

from __future__ import annotations

import functools
import json
import subprocess
import sys
import zipfile
from importlib import resources
from pathlib import Path
from typing import Any

import lark.lark
import pytest
from hatchling.builders.wheel import WheelBuilder
from hypothesis import given, settings
from hypothesis import strategies as st
from lark import Lark
from lark.grammar import Rule
from lark.lexer import TerminalDef

from socratic_core.rules import _prebuilt
from socratic_core.rules._blocks import (
    Comment,
    Fence,
    Heading,
    Item,
    Paragraph,
    RuleBreak,
    TableRow,
)
from socratic_core.rules._build_parser import _encode, render_tables
from socratic_core.rules._canonical import get_canonical_parser, lark_canonical_parser
from socratic_core.rules._lalr import ParseError, TableParser
from socratic_core.rules._parser import get_parser
from socratic_core.rules._prebuilt import DATA_FILE, GRAMMARS, _decode, grammar_text, read_tables
from socratic_core.rules._transformer import DocumentTransformer, read_front_matter


def _blocks(text: str) -> list[object]:
    return list(get_parser().parse(text).blocks)


class TestGrammarLint:
    """Both grammars are LALR with no conflicts and no terminal collisions."""

    def test_document_grammar_builds_in_strict_mode(self) -> None:
        """instructions.lark has no shift/reduce conflict and no regex collision."""
        parser = Lark.open_from_package(
            "socratic_core.rules", "instructions.lark", parser="lalr", strict=True
        )
        assert parser.options.parser == "lalr"

    def test_canonical_grammar_builds_in_strict_mode(self) -> None:
        """canonical.lark has no shift/reduce conflict and no regex collision."""
        parser = Lark.open_from_package(
            "socratic_core.rules", "canonical.lark", parser="lalr", strict=True
        )
        assert parser.parse("security.no-eval").data == "start"

    def test_parser_is_built_once_per_process(self) -> None:
        """get_parser() returns the same cached parser every time."""
        assert get_parser() is get_parser()


class TestLineClasses:
    """Each Markdown construct becomes its own block, with its position."""

    def test_headings_keep_their_level_and_text(self) -> None:
        """ATX headings of any level, closing hashes dropped."""
        blocks = _blocks("# Title\n### Code quality ###\n")
        assert [(b.level, b.text) for b in blocks if isinstance(b, Heading)] == [
            (1, "Title"),
            (3, "Code quality"),
        ]

    def test_bullet_check_and_numbered_items(self) -> None:
        """`-`, `*`, `+`, `•`, `- [ ]`, `- [x]` and `1.`/`1)` items, markers stripped."""
        text = "- a\n* b\n+ c\n\u2022 d\n- [ ] e\n- [x] f\n1. g\n2) h\n"
        items = [b for b in _blocks(text) if isinstance(b, Item)]
        assert [(i.kind, i.lines[0].text, i.checked) for i in items] == [
            ("bullet", "a", None),
            ("bullet", "b", None),
            ("bullet", "c", None),
            ("bullet", "d", None),
            ("check", "e", False),
            ("check", "f", True),
            ("numbered", "g", None),
            ("numbered", "h", None),
        ]

    def test_indented_lines_continue_a_list_item(self) -> None:
        """A continuation line belongs to the item above it; nested items keep their depth."""
        [item, nested] = _blocks("- Never use eval,\n  not even in tests.\n  - nested\n")
        assert isinstance(item, Item)
        assert isinstance(nested, Item)
        assert [line.text for line in item.lines] == ["Never use eval,", "not even in tests."]
        assert (item.lines[1].line, item.lines[1].column) == (2, 3)
        assert (item.depth, nested.depth) == (0, 1)

    def test_paragraph_lines_group_until_a_blank_line(self) -> None:
        """Consecutive text lines are one paragraph; a blank line starts another."""
        blocks = _blocks("one\ntwo\n\nthree\n")
        assert [[line.text for line in b.lines] for b in blocks if isinstance(b, Paragraph)] == [
            ["one", "two"],
            ["three"],
        ]

    def test_code_fences_are_kept_whole_and_never_split_into_lines(self) -> None:
        """Backtick and tilde fences keep their info string and code, even when unclosed."""
        text = "```python\nnever = 1\n```\n~~~\n- not an item\n~~~\n```sh\nopen\n"
        fences = [b for b in _blocks(text) if isinstance(b, Fence)]
        assert [(f.info, f.code) for f in fences] == [
            ("python", "never = 1"),
            ("", "- not an item"),
            ("sh", "open"),
        ]

    def test_tables_comments_and_breaks_are_context(self) -> None:
        """Table rows, HTML comments (multi-line too) and thematic breaks are their own blocks."""
        text = "| a | b |\n<!-- never\n use eval -->\n---\n***\n"
        kinds = [type(b) for b in _blocks(text)]
        assert kinds == [TableRow, Comment, RuleBreak, RuleBreak]

    def test_front_matter_only_at_the_start(self) -> None:
        """A leading `---` block is front matter; a later `---` is a thematic break."""
        document = get_parser().parse('---\napplyTo: "**/*.py"\n---\ntext\n---\n')
        assert document.front_matter is not None
        assert document.front_matter.metadata == {"applyTo": "**/*.py"}
        assert isinstance(document.blocks[-1], RuleBreak)

    def test_transformer_is_one_method_per_grammar_rule(self) -> None:
        """Every rule and alias of instructions.lark has its transformer method."""
        names = {"start", "heading", "paragraph", "bullet_item", "check_item", "numbered_item"}
        names |= {"fence", "table_row", "comment", "rule_break"}
        assert all(callable(getattr(DocumentTransformer, name)) for name in names)


class TestFrontMatter:
    """The YAML subset instruction front matter uses."""

    def test_scalars_lists_and_flags(self) -> None:
        """Quoted strings, flow lists, block lists and booleans."""
        raw = (
            'description: "Python rules"\nglobs: [src/**, "lib/**"]\n'
            "paths:\n  - a/**\n  - b\nalwaysApply: true\n"
        )
        assert read_front_matter(raw) == {
            "description": "Python rules",
            "globs": ("src/**", "lib/**"),
            "paths": ("a/**", "b"),
            "alwaysApply": True,
        }


class TestPrebuiltTables:
    """The parsers ship prebuilt: a run reads their tables and never analyses a grammar."""

    def test_the_data_file_matches_the_grammars(self) -> None:
        """A fresh build of both grammars gives exactly the shipped file (else run the script)."""
        shipped = resources.files("socratic_core.rules").joinpath(DATA_FILE).read_text("utf-8")
        assert render_tables() == shipped, "run: python -m socratic_core.rules._build_parser"

    def test_the_data_file_is_json_for_both_grammars(self) -> None:
        """The tables are plain JSON (nothing to unpickle), one entry per grammar."""
        shipped = resources.files("socratic_core.rules").joinpath(DATA_FILE).read_text("utf-8")
        assert sorted(json.loads(shipped)) == ["canonical.lark", "instructions.lark"]

    def test_the_wheel_ships_the_tables_beside_the_grammars(self, tmp_path: Path) -> None:
        """A wheel built from this checkout holds the data file and both grammars."""
        root = Path(__file__).resolve().parents[2]
        [wheel] = WheelBuilder(str(root)).build(directory=str(tmp_path), versions=["standard"])
        names = set(zipfile.ZipFile(wheel).namelist())
        for name in (DATA_FILE, "instructions.lark", "canonical.lark"):
            assert f"socratic_core/rules/{name}" in names

    def test_a_run_never_builds_a_grammar(self, tmp_path: Path) -> None:
        """In a new process, parsing and `socratic check` run with grammar analysis disabled."""
        (tmp_path / "AGENTS.md").write_text("- Never use eval\n- quality.docstrings\n")
        (tmp_path / "a.py").write_text("eval('1')\n")
        code = (
            "import sys, lark.lark, lark.lexer\n"
            "def refuse(*args, **kwargs):\n"
            "    raise SystemExit('a grammar was analysed')\n"
            "lark.lark.load_grammar = refuse\n"
            "lark.lexer._check_regex_collisions = refuse\n"
            "from socratic_core.rules import parse_instructions\n"
            "print([r.id for r in parse_instructions(open('AGENTS.md').read())])\n"
            "from socratic_core.cli import main\n"
            "args = ['check', '--rules', 'AGENTS.md', 'a.py', '--no-plugins', '--no-cache']\n"
            "sys.exit(main(args))\n"
        )
        result = subprocess.run(
            [sys.executable, "-c", code], check=False, cwd=tmp_path, capture_output=True, text=True
        )
        assert result.stdout.splitlines()[0] == "['security.no-eval', 'quality.docstrings']"
        assert "security.no-eval" in result.stdout
        assert result.returncode == 1, result.stderr
        assert sorted(p.name for p in tmp_path.iterdir()) == ["AGENTS.md", "a.py"]

    def test_stale_tables_are_not_used(self, monkeypatch: pytest.MonkeyPatch) -> None:
        """Tables built from another grammar are ignored: the parser is built from the grammar."""
        tables = {name: {**entry, "source": "stale"} for name, entry in read_tables().items()}
        monkeypatch.setattr(_prebuilt, "read_tables", lambda: tables)
        built: list[str] = []
        real = lark.lark.load_grammar

        def counting(*args: Any, **kwargs: Any) -> Any:
            built.append("built")
            return real(*args, **kwargs)

        monkeypatch.setattr(lark.lark, "load_grammar", counting)
        parser = _prebuilt.load_table_parser("instructions.lark", DocumentTransformer())
        assert [type(b) for b in parser.parse("# Security\n- Never use eval\n").blocks] == [
            Heading,
            Item,
        ]
        canonical = _prebuilt.load_parser("canonical.lark", lark.Transformer())
        assert canonical.parse("security.no-eval").data == "start"
        assert built == ["built", "built"]


# Line pieces of every class the grammar knows, and the ones that border on each other.
_PIECES = (
    "---\n",
    "title: x\n",
    "# H\n",
    "### H ###\n",
    "#nospace\n",
    "- a\n",
    "* b\n",
    "+ c\n",
    "\u2022 d\n",
    "- [ ] e\n",
    "- [x] f\n",
    "1. g\n",
    "2) h\n",
    "  indented\n",
    "\tx\n",
    "text\n",
    "\n",
    "   \n",
    "| a | b |\n",
    "<!-- c\n",
    "-->\n",
    "<!-- one -->\n",
    "```\n",
    "```py\n",
    "~~~\n",
    "````\n",
    "***\n",
    "_ _ _\n",
    "> quoted\n",
    "  - nested\n",
    "  1. nested\n",
    "-\n",
)


@functools.cache
def _lark_document_parser() -> Lark:
    """Lark itself, built from the grammar, with the same transformer."""
    return Lark(
        grammar_text("instructions.lark"),
        transformer=DocumentTransformer(),
        **GRAMMARS["instructions.lark"],
    )


class TestTableRunTime:
    """The document parser runs Lark's tables without lark, and reads as Lark does."""

    @settings(max_examples=300, deadline=None)
    @given(pieces=st.lists(st.sampled_from(_PIECES), max_size=30))
    def test_every_document_reads_as_lark_reads_it(self, pieces: list[str]) -> None:
        """Blocks, kinds, texts and positions equal those of Lark's own parser."""
        text = "".join(pieces)
        assert get_parser().parse(text) == _lark_document_parser().parse(text)

    def test_a_long_document_reads_as_lark_reads_it(self) -> None:
        """A thousand lines of every class, front matter first, give Lark's blocks."""
        text = "---\na: 1\n---\n" + "".join(_PIECES[2:] * 30)
        document = get_parser().parse(text)
        assert document == _lark_document_parser().parse(text)
        assert document.front_matter is not None

    def test_a_grammar_it_cannot_run_is_refused(self) -> None:
        """Regex flags for the whole grammar are not implemented: refused when it loads."""
        entry = read_tables()["instructions.lark"]
        frontend = entry["data"]["parser"]
        lexer = {**frontend["lexer_conf"], "g_regex_flags": 2}
        data = {**entry["data"], "parser": {**frontend, "lexer_conf": lexer}}
        with pytest.raises(ValueError, match="regex flags"):
            TableParser(data, entry["memo"], DocumentTransformer())

    def test_a_rule_without_its_method_is_refused(self) -> None:
        """A transformer that lacks a rule's method fails when the parser loads, not later."""
        entry = read_tables()["instructions.lark"]
        with pytest.raises(ValueError, match="no method for the rule"):
            TableParser(entry["data"], entry["memo"], object())


# Canonical lines, well-formed and not: ids, parameters, keywords and what borders on them.
_CANONICAL_PIECES = (
    "quality.max-line-length",
    "security.no-eval",
    "ruff.B006",
    "ruff",
    "(",
    ")",
    "max",
    "=",
    "100",
    "100ms",
    "1.5e3",
    "-3",
    ",",
    "[",
    "]",
    '"src/**"',
    '"a\\"b"',
    "severity",
    "modality",
    "warning",
    "unenforced",
    "in",
    "because",
    '"readers"',
    " ",
    "\t",
    "word",
    "a.b",
    "x*",
    "%",
    "50%",
    "severityx",
    "in_",
    '"unclosed',
    '"\\q"',
)
_PARAM = st.tuples(
    st.sampled_from(("max", "select", "visibility", "x_1")),
    st.sampled_from(("50", "3.5", "-2", "80chars", "10%", "public", '"a b"', "[B006, E501]", "[]")),
).map("=".join)
_WELL_FORMED = st.builds(
    lambda rule, params, options: rule + params + options,
    st.sampled_from(("quality.max-function-length", "security.no-eval", "ruff.B006", "ruff")),
    st.one_of(st.just(""), st.lists(_PARAM, max_size=3).map(lambda ps: f"({', '.join(ps)})")),
    st.lists(
        st.sampled_from(
            (
                " severity=warning",
                " modality=should",
                " unenforced",
                ' in "src/**", "lib"',
                ' because "readers"',
            )
        ),
        max_size=3,
    ).map("".join),
)


def _outcome(parse: Any, text: str, refusal: type[Exception]) -> tuple[str, object]:
    try:
        return ("read", parse(text))
    except refusal:
        return ("refused", None)
    except ValueError as error:  # a bad escape, from the transformer
        return ("bad escape", str(error))


class TestCanonicalTableRunTime:
    """The canonical form runs its tables without lark, keywords and ignored blanks as Lark."""

    @settings(max_examples=300, deadline=None)
    @given(
        text=st.one_of(
            _WELL_FORMED,
            st.lists(st.sampled_from(_CANONICAL_PIECES), min_size=1, max_size=10).map("".join),
        )
    )
    def test_every_line_reads_as_lark_reads_it(self, text: str) -> None:
        """The same `CanonicalLine` as Lark's, and a refusal exactly where Lark refuses."""
        ours = _outcome(get_canonical_parser().parse, text, ParseError)
        assert ours == _outcome(lark_canonical_parser().parse, text, lark.UnexpectedInput)

    def test_keywords_are_words_where_a_word_is_expected(self) -> None:
        """`in` is the scope's keyword after the rule, and a plain word as a parameter value."""
        line = get_canonical_parser().parse('ruff(select=in) in "src/**"')
        assert (line.params[0][2].kind, line.params[0][2].value) == ("word", "in")
        assert line.scope == ("src/**",)


class _Words:
    """A transformer for the keyword grammar below: what each rule saw."""

    def start(self, children: list[Any]) -> list[Any]:
        return children

    def keyed(self, children: list[Any]) -> tuple[str, ...]:
        return ("keyed", *(f"{token.type}:{token}" for token in children))

    def pair(self, children: list[Any]) -> tuple[str, ...]:
        return ("pair", *(f"{token.type}:{token}" for token in children))

    def item(self, children: list[Any]) -> tuple[str, ...]:
        return ("item", *map(str, children))


# `if` is a keyword WORD also matches; `?item` passes a single child up; "=" is filtered out.
_KEYWORD_GRAMMAR = r"""
start: item+
?item: KEY WORD -> keyed
     | WORD "=" WORD -> pair
     | WORD
     | WORD "," WORD
KEY: "if"
WORD: /[a-z]+/
%ignore " "
"""


def _tables_of(grammar: str) -> tuple[dict[str, Any], dict[int, Any]]:
    """A grammar's tables as the data file holds them, built now."""
    parser = Lark(grammar, parser="lalr", lexer="contextual")
    data, memo = parser.memo_serialize([TerminalDef, Rule])
    del data["options"]  # a run's options, not tables (and not JSON)
    entry = json.loads(json.dumps(_encode({"data": data, "memo": memo})), object_hook=_decode)
    return entry["data"], entry["memo"]


class TestKeywords:
    """A keyword its state's regex terminal also matches is lexed as Lark lexes it."""

    @pytest.mark.parametrize("text", ["if x y", "iffy if  z", "x if y", "if", "a = b c", "a, b"])
    def test_a_keyword_inside_a_regex_terminal(self, text: str) -> None:
        """`if` is KEY where the state takes both KEY and WORD; `iffy` stays a WORD; a single
        child of `?item` passes up, two make an `item`; what Lark gives, every time."""
        lark_parser = Lark(_KEYWORD_GRAMMAR, parser="lalr", transformer=_Words())
        try:
            expected: object = lark_parser.parse(text)
        except lark.UnexpectedInput:
            expected = "refused"
        try:
            ours: object = TableParser(*_tables_of(_KEYWORD_GRAMMAR), _Words()).parse(text)
        except ParseError:
            ours = "refused"
        assert ours == expected
        assert text != "if x y" or ours == [("keyed", "KEY:if", "WORD:x"), "y"]
        assert text != "a, b" or ours == [("item", "a", "b")]
