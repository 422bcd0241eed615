"""Built-in check for unfinished code: TODO/FIXME/XXX/HACK markers and placeholder bodies.

One rule for Python, TypeScript and JavaScript. A marker is `TODO`, `FIXME`, `XXX` or `HACK`
written in capitals anywhere in a comment, or in any case where the comment starts
(`# todo: ...`, `// fixme(ann) ...`). A placeholder body is a function whose whole body raises
an error that says it is unfinished (`raise NotImplementedError("not implemented yet")`,
`throw new Error("Method not implemented.")`); a bare `raise NotImplementedError` is the
abstract-method idiom and stays silent.
"""

from __future__ import annotations

import ast
import io
import re
import tokenize
from collections.abc import Iterator, Mapping
from typing import TYPE_CHECKING

from socratic_core.rules._analysis import PythonFile
from socratic_core.rules._checks import Check, Finding
from socratic_core.rules._declare import check
from socratic_core.rules._nodes import Category, CheckDeclaration, Frame, ParamValue
from socratic_core.rules._patterns import lazy
from socratic_core.rules._results import Location
from socratic_core.rules.builtin._common import string_value
from socratic_core.rules.builtin._scripts import arguments, call_name
from socratic_core.rules.builtin._scripts import string_value as script_string

if TYPE_CHECKING:
    from tree_sitter import Node

    from socratic_core.rules._script import ScriptFile

__all__ = ["CHECKS"]

# A marker in quotes (`'XXX'`) is a value in commented-out code, not a note.
_MARKER = lazy(r"(?<![\w'\"`-])(?P<word>TODO|FIXME|XXX|HACK)(?![\w'\"`-])")
_LEADING_MARKER = lazy(r"^[\s#/*!-]*(?P<word>todo|fixme|xxx|hack)\b\s*[:(]", re.IGNORECASE)
_UNFINISHED = lazy(
    r"\b(?:todo|fixme|not\s+(?:yet\s+)?implemented|implement\s+me|placeholder)\b", re.IGNORECASE
)


def _marker(comment: str) -> str | None:
    """The marker a comment carries (`TODO`), or None."""
    found = _MARKER.search(comment) or _LEADING_MARKER.match(comment)
    return None if found is None else found["word"].upper()


_MARKER_WORDS = ("todo", "fixme", "xxx", "hack", "implement", "placeholder")


def _markers(text: str, _params: Mapping[str, ParamValue]) -> bool:
    """Prefilter: every marker and placeholder message spells one of the words, in any case.

    (`str.lower` and `in` scan a file about forty times faster than a case-blind regex.)
    """
    lowered = text.lower()
    return any(word in lowered for word in _MARKER_WORDS)


_NO_TODO_COMMENTS = CheckDeclaration(
    id="quality.no-todo-comments",
    category=Category.QUALITY,
    frames=(
        Frame(
            concepts=(
                (
                    "todo",
                    "todos",
                    "fixme",
                    "todo comment",
                    "fixme comment",
                    "todo marker",
                    "hack comment",
                    "placeholder implementation",
                    "placeholder code",
                    "stub implementation",
                    "unfinished code",
                ),
            ),
            excludes=("todo.md", "list", "track", "tracker", "issue", "issues", "ticket"),
        ),
    ),
    description="TODO/FIXME/XXX/HACK comments and placeholder bodies left in the code.",
    fix_hint="Finish the work, or move the note to the issue tracker.",
    forbids=True,
)


def _python_comments(python: PythonFile) -> Iterator[tuple[int, int, str]]:
    try:
        for token in tokenize.generate_tokens(io.StringIO(python.text).readline):
            if token.type == tokenize.COMMENT:
                yield token.start[0], token.start[1] + 1, token.string
    except (tokenize.TokenError, SyntaxError):
        return  # the file parsed, so this is unreachable but for odd line endings


def _python_placeholder(node: ast.FunctionDef | ast.AsyncFunctionDef) -> ast.Raise | None:
    body = node.body[1:] if string_value(getattr(node.body[0], "value", None)) else node.body
    if len(body) != 1 or not isinstance(body[0], ast.Raise):
        return None
    raised = body[0].exc
    if isinstance(raised, ast.Call) and raised.args:
        message = string_value(raised.args[0])
        if message is not None and _UNFINISHED.search(message):
            return body[0]
    return None


@check(_NO_TODO_COMMENTS, prefilter=_markers)
def no_todo_comments(python: PythonFile) -> Iterator[Finding]:
    """TODO/FIXME/XXX/HACK comments and placeholder function bodies in Python."""
    for line, column, comment in _python_comments(python):
        word = _marker(comment.lstrip("#"))
        if word is not None:
            message = f"{word} comment: unfinished work left in the code"
            yield Finding.at_line(python, line, message, column)
    for site in python.index.functions:
        placeholder = _python_placeholder(site.node)
        if placeholder is not None:
            message = f"{site.node.name}() is a placeholder that raises instead of working"
            yield Finding.at_node(python, placeholder, message)


def _script_placeholder(file: ScriptFile, body: Node) -> Node | None:
    statements = [child for child in body.named_children if child.type != "comment"]
    if len(statements) != 1 or statements[0].type != "throw_statement":
        return None
    thrown = statements[0].named_children[0] if statements[0].named_children else None
    if thrown is None or thrown.type not in ("new_expression", "call_expression"):
        return None
    if not call_name(file, thrown).endswith("Error"):
        return None
    given = arguments(thrown)
    message = script_string(file, given[0]) if given else None
    return statements[0] if message is not None and _UNFINISHED.search(message) else None


def _at_marker(file: ScriptFile, comment: Node, text: str, offset: int, message: str) -> Finding:
    """A finding on the line of a (block) comment the marker is on, from the marker on."""
    line, column = file.position(comment)
    before = text[:offset]
    if "\n" in before:
        line += before.count("\n")
        column = offset - before.rindex("\n")
    else:
        column += offset
    end = max(len(file.lines.line(line)) + 1, column)
    return Finding(message, Location(file.path, line, column, line, end))


_FUNCTIONS = ("function_declaration", "function_expression", "arrow_function", "method_definition")


@check(_NO_TODO_COMMENTS, prefilter=_markers)
def no_todo_comments_in_scripts(file: ScriptFile) -> Iterator[Finding]:
    """TODO/FIXME/XXX/HACK comments and placeholder function bodies in TypeScript/JavaScript."""
    for comment in file.nodes("comment"):
        text = file.text_of(comment)
        found = _MARKER.search(text) or _LEADING_MARKER.match(text)
        if found is not None:
            message = f"{found['word'].upper()} comment: unfinished work left in the code"
            yield _at_marker(file, comment, text, found.start("word"), message)
    for function in file.nodes(*_FUNCTIONS):
        body = function.child_by_field_name("body")
        placeholder = None if body is None or body.type != "statement_block" else body
        thrown = _script_placeholder(file, placeholder) if placeholder is not None else None
        if thrown is not None:
            message = "placeholder body that throws instead of working"
            yield Finding.at_script_node(file, thrown, message)


CHECKS: tuple[Check, ...] = (no_todo_comments, no_todo_comments_in_scripts)
