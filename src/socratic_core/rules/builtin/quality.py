"""Built-in quality checks: docstrings, sizes, complexity, exceptions, print.

Type hints and line length are ruff's (ANN, E501): see `ruff_rules.py`.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator, Mapping
from typing import TYPE_CHECKING

from socratic_core.rules._analysis import PythonFile
from socratic_core.rules._checks import Check, Finding, Prefilter, matches, mentions
from socratic_core.rules._declare import check
from socratic_core.rules._nodes import Category, CheckDeclaration, Frame, ParamSpec, ParamValue
from socratic_core.rules._patterns import lazy
from socratic_core.rules._pywalk import FunctionSite
from socratic_core.rules._script import ScriptFile
from socratic_core.rules.builtin._common import keyword
from socratic_core.rules.builtin._scripts import call_name

if TYPE_CHECKING:
    from tree_sitter import Node

__all__ = ["CHECKS", "decisions_at_least_max", "file_length_findings", "longer_than_max"]


# --- docstrings ----------------------------------------------------------------------------------
def _has_docstring(
    node: ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef,
) -> bool:
    """Like `ast.get_docstring(node) is not None`, without cleaning the text up."""
    first = node.body[0] if node.body else None
    return (
        isinstance(first, ast.Expr)
        and isinstance(first.value, ast.Constant)
        and isinstance(first.value.value, str)
    )


def _is_public(name: str) -> bool:
    return not name.startswith("_")


def _is_overload(site: FunctionSite) -> bool:
    return any(
        ast.unparse(d).rpartition(".")[2] in ("overload", "setter", "deleter")
        for d in site.node.decorator_list
    )


def _wants_docstring(site: FunctionSite, everything: bool, private_classes: set[int]) -> bool:
    if _is_overload(site):
        return False
    if everything:
        return True
    name = site.node.name
    in_private_class = site.cls is not None and id(site.cls) in private_classes
    return _is_public(name) and not site.nested and not in_private_class


def _docstring_findings(source: PythonFile, everything: bool) -> Iterator[Finding]:
    tree = source.tree
    if tree.body and not _has_docstring(tree):
        yield Finding.at_line(source, 1, f"module {source.module} has no docstring")
    private = set()
    for node, nested in source.index.classes:
        if not everything and (nested or not _is_public(node.name)):
            private.add(id(node))
        elif not _has_docstring(node):
            yield Finding.at_node(source, node, f"class {node.name} has no docstring")
    for site in source.index.functions:
        dunder = site.node.name.startswith("__") and site.node.name.endswith("__")
        wanted = _wants_docstring(site, everything, private) and (everything or not dunder)
        if wanted and not _has_docstring(site.node):
            message = f"function {site.node.name}() has no docstring"
            yield Finding.at_line(source, site.node.lineno, message, site.node.col_offset + 1)


# Words that name the objects `visibility=public` leaves out: naming them asks for all.
_PRIVATE = ("private", "internal", "helper", "helpers", "underscore", "non-public", "nonpublic")

_DOCSTRINGS = CheckDeclaration(
    id="quality.docstrings",
    category=Category.QUALITY,
    params=(
        ParamSpec(
            "visibility",
            "str",
            default="public",
            description="`public` checks public objects only, `all` checks everything.",
            aliases=tuple((word, "all") for word in _PRIVATE),
        ),
    ),
    frames=(
        Frame(
            concepts=(("docstring", "doc comment", "documentation string"),),
            slots=("visibility",),
        ),
        Frame(
            concepts=(
                ("document",),
                ("function", "class", "module", "public api", "method", "public"),
            ),
            slots=("visibility",),
        ),
    ),
    description="Functions, classes and modules without a docstring.",
    fix_hint="Add a docstring that says what the object does.",
)


@check(_DOCSTRINGS)
def docstrings(python: PythonFile, visibility: str) -> Iterator[Finding]:
    """Modules, classes and functions without a docstring (public ones, or all)."""
    yield from _docstring_findings(python, visibility.lower() == "all")


# --- sizes and complexity ------------------------------------------------------------------------
_MAX_FUNCTION_LENGTH = CheckDeclaration(
    id="quality.max-function-length",
    category=Category.QUALITY,
    params=(ParamSpec("max", "int", default=50, units=("lines",), description="Lines."),),
    frames=(
        Frame(
            concepts=(
                (
                    "function length",
                    "function size",
                    "function body",
                    "length of function",
                    "function",
                    "method",
                ),
            ),
            slots=("max",),
        ),
        Frame(
            concepts=(("long", "large", "big", "huge", "short", "small"), ("function", "method")),
            slots=("max",),
        ),
    ),
    description="Functions longer than the limit.",
    fix_hint="Split the function into smaller ones.",
)


def longer_than_max(text: str, params: Mapping[str, ParamValue]) -> bool:
    """Whether the file has more lines than `max` (else no function in it can have)."""
    limit = params.get("max")
    if isinstance(limit, bool) or not isinstance(limit, int | float):
        return True
    return text.count("\n") + text.count("\r") + 1 > limit


@check(_MAX_FUNCTION_LENGTH, prefilter=longer_than_max)
def max_function_length(python: PythonFile, max: int) -> Iterator[Finding]:
    """Functions longer than `max` lines."""
    for site in python.index.functions:
        node = site.node
        length = (node.end_lineno or node.lineno) - node.lineno + 1
        if length > max:
            message = f"{node.name}() is {length} lines long (max {max})"
            yield Finding.at_line(python, node.lineno, message, node.col_offset + 1)


_MAX_FILE_LENGTH = CheckDeclaration(
    id="quality.max-file-length",
    category=Category.QUALITY,
    params=(ParamSpec("max", "int", default=500, units=("lines",), description="Lines."),),
    frames=(
        Frame(
            concepts=(
                ("file length", "file size", "module length", "module size", "file", "module"),
            ),
            slots=("max",),
            excludes=("test", "function", "method"),
        ),
        Frame(
            concepts=(("long", "large", "big", "huge", "short", "small"), ("file", "module")),
            slots=("max",),
            excludes=("test", "function", "method"),
        ),
    ),
    description="Files longer than the limit.",
    fix_hint="Split the module.",
)


def file_length_findings(source: PythonFile | ScriptFile, max: int) -> Iterator[Finding]:
    """A finding on the first line past `max` when a file (of any language) is longer."""
    lines = source.lines.lines
    count = len(lines) - (1 if lines and lines[-1] == "" else 0)
    if count > max:
        yield Finding.at_line(source, max + 1, f"file is {count} lines long (max {max})")


@check(_MAX_FILE_LENGTH, prefilter=longer_than_max)
def max_file_length(python: PythonFile, max: int) -> Iterator[Finding]:
    """Files longer than `max` lines."""
    yield from file_length_findings(python, max)


_MAX_COMPLEXITY = CheckDeclaration(
    id="quality.max-complexity",
    category=Category.QUALITY,
    params=(ParamSpec("max", "int", default=10, description="Cyclomatic complexity."),),
    frames=(
        Frame(
            concepts=(("cyclomatic complexity", "mccabe complexity", "complexity", "cyclomatic"),),
            slots=("max",),
        ),
    ),
    description="Functions whose cyclomatic complexity is over the limit.",
    fix_hint="Extract branches into helper functions or use a lookup table.",
)


# Every decision the complexity counts is one of these keywords (an `if`, `for`, `while`,
# `except` or `case`, each `and`/`or`, a comprehension's `for` and `if`). Python also reads a
# keyword glued to a number (`1if x else 2`; `0x1for x in y` is `0x1f or x in y`) with only a
# deprecation warning, so a keyword may follow a digit, a `j`, or (`if`, `or`, `while`) a
# hexadecimal digit. Each word comes first, its boundary checked behind it: `re` searches for
# a pattern that starts with a literal much faster.
_AFTER_NUMBER = r"[^\W\djJ]"
_AFTER_HEX = r"[^\W\da-fA-FjJ]"
_DECISION_WORDS = (
    "(?:"
    + "|".join(
        f"{word}(?<!{_AFTER_HEX if word in ('if', 'or', 'while') else _AFTER_NUMBER}{word})"
        for word in ("elif", "if", "for", "while", "except", "and", "or", "case")
    )
    + r")\b"
)


def decisions_at_least_max(
    pattern: str, *, names: bool = True, after: str | None = None
) -> Prefilter:
    """Return a prefilter: whether a file has `max` decisions (a function over `max` needs them).

    Args:
        pattern: A regular expression every decision the language's complexity counts matches.
        names: Whether a decision can be spelled with a non-ASCII identifier: then a file that
            is not ASCII always passes. Python's keywords are ASCII only.
        after: A regular expression for the keyword every function starts with, when the
            language has one (Python's `def`): a function's decisions all follow its keyword,
            so the decisions before the first one are not counted (and a file without one
            passes no more).

    Returns:
        The prefilter.
    """
    compiled = lazy(pattern)
    first = lazy(after) if after is not None else None

    def may_be_too_complex(text: str, params: Mapping[str, ParamValue]) -> bool:
        limit = params.get("max")
        if isinstance(limit, bool) or not isinstance(limit, int | float):
            return True
        if names and not text.isascii():
            return True
        start = 0
        if first is not None:
            keyword = first.search(text)
            if keyword is None:
                return False
            start = keyword.start()
        found = 0
        for _ in compiled.finditer(text, start):
            found += 1
            if found >= limit:
                return True
        return found >= limit

    return may_be_too_complex


# A function's own decisions sit in its parameters and body, after its `def`.
_may_be_too_complex = decisions_at_least_max(_DECISION_WORDS, names=False, after=r"def(?<!\wdef)\b")


@check(_MAX_COMPLEXITY, prefilter=_may_be_too_complex)
def max_complexity(python: PythonFile, max: int) -> Iterator[Finding]:
    """Functions whose cyclomatic complexity is over `max`."""
    for site in python.index.functions:
        if site.complexity > max:
            node = site.node
            message = f"{node.name}() has cyclomatic complexity {site.complexity} (max {max})"
            yield Finding.at_line(python, node.lineno, message, node.col_offset + 1)


# --- exceptions and print ------------------------------------------------------------------------
_BROAD = frozenset({"Exception", "BaseException", "builtins.Exception", "builtins.BaseException"})


def _reraises(handler: ast.ExceptHandler) -> bool:
    """Whether a handler raises (re-raises or translates) somewhere in its own body.

    A bare `raise` inside a nested handler re-raises that handler's exception, not this one's
    (`except: try: undo() except OSError: raise` still swallows the first exception), and a
    nested function or class raises only when it is called.
    """
    work: list[tuple[ast.AST, bool]] = [(node, False) for node in handler.body]
    while work:
        node, nested = work.pop()
        if isinstance(node, ast.Raise) and (node.exc is not None or not nested):
            return True
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda | ast.ClassDef):
            continue
        inner = nested or isinstance(node, ast.ExceptHandler)
        work.extend((child, inner) for child in ast.iter_child_nodes(node))
    return False


_NO_BARE_EXCEPT = CheckDeclaration(
    id="quality.no-bare-except",
    category=Category.QUALITY,
    frames=(
        Frame(
            concepts=(
                ("bare", "naked", "blanket", "untyped"),
                ("except", "except clause", "except block", "except statement"),
            )
        ),
        Frame(
            concepts=(
                ("except",),
                ("without exception type", "no exception type", "without a type", "no type"),
            )
        ),
        Frame(concepts=(("catch everything", "catching everything"),)),
    ),
    description="`except:` with no exception type.",
    fix_hint="Catch the exceptions you expect, by type.",
    forbids=True,
)


# What may stand between two tokens of one logical line: blanks and line continuations (a
# comment ends the line, and the colon of a handler's header comes before any newline).
_BLANKS = r"(?:[ \t\f]|\\(?:\r\n|\r|\n))"
# A blank, a newline or a comment: what may stand between two tokens anywhere (in brackets).
_SPACE = r"[ \t\f\r\n]|\\(?:\r\n|\r|\n)|#[^\r\n]*+"


@check(_NO_BARE_EXCEPT, prefilter=matches(rf"except(?<!\wexcept){_BLANKS}*:", names=False))
def no_bare_except(python: PythonFile) -> Iterator[Finding]:
    """`except:` with no exception type that does not re-raise."""
    for handler in python.index.excepts:
        if handler.type is None and not _reraises(handler):
            message = "bare `except:` catches everything, KeyboardInterrupt included"
            yield Finding.at_line(python, handler.lineno, message, handler.col_offset + 1)


def _is_broad(kind: ast.expr | None) -> bool:
    if kind is None:
        return True
    names = kind.elts if isinstance(kind, ast.Tuple) else [kind]
    return any(ast.unparse(name) in _BROAD for name in names)


def _does_nothing(body: list[ast.stmt]) -> bool:
    return all(
        isinstance(s, ast.Pass | ast.Continue)
        or (isinstance(s, ast.Expr) and isinstance(s.value, ast.Constant))
        for s in body
    )


_NO_SWALLOWED_EXCEPTIONS = CheckDeclaration(
    id="quality.no-swallowed-exceptions",
    category=Category.QUALITY,
    frames=(
        Frame(
            concepts=(
                (
                    "swallow",
                    "swallowed",
                    "swallowing",
                    "silently ignore",
                    "silently ignored",
                    "ignored",
                    "suppressed",
                    "silence",
                    "silently catch",
                    "empty except",
                    "except pass",
                    "ignore",
                    "empty catch",
                    "suppress",
                ),
                ("exception", "error", "except", "catch block", "except block"),
            ),
            excludes=("mypy", "ruff", "lint", "linter", "warning", "type checker", "typescript"),
        ),
        # "an except block must never just pass" (`just` and `only` are stopwords)
        Frame(concepts=(("pass",), ("except", "except block", "except clause", "catch block"))),
    ),
    description="Exception handlers that do nothing (`except ...: pass`).",
    fix_hint="Handle, log or re-raise the exception.",
    forbids=True,
)


# A handler's header up to its colon, when it is simple enough to read without parsing: no
# brackets but one level of parentheses (where newlines and comments may stand), no strings.
_HANDLER_HEADER = lazy(
    r"except(?P<type>(?:[^:()\[\]{}'\"#\\\r\n]|\\(?:\r\n|\r|\n)"
    r"|\((?:[^:()\[\]{}'\"#\\]|#[^\r\n]*+)*+\))*):"
)
# `except` followed by plain text to the end of its line: words in a comment or a docstring,
# never a handler (whose colon would come before the end of the line).
_NOT_A_HEADER = lazy(r"except[^:()\[\]{}'\"#\\\r\n]*(?:#|\r|\n|$)")
# How a body that does nothing starts: `pass`, `continue`, or a constant (`...`, a number, a
# string, None, True, False; one in parentheses).
_NOTHING_FIRST = lazy(
    rf":(?:{_SPACE})*+"
    r"(?:pass\b|continue\b|\.\.\.|\.?\d|[rRbBuUfF]{0,2}['\"]|None\b|True\b|False\b|\()"
)
_EXCEPT = lazy(r"except(?<!\wexcept)\b")


def _may_swallow(text: str, _params: Mapping[str, ParamValue]) -> bool:
    """Whether a handler for every exception in the text may do nothing (conservative).

    A broad handler is bare or names `Exception`/`BaseException` in its header, and a body
    that does nothing starts with `pass`, `continue` or a constant. A header this cannot read
    (brackets, strings, a `lambda`) or a file that is not ASCII (identifiers are read
    NFKC-normalised) passes.
    """
    if not text.isascii():
        return True
    for keyword_at in _EXCEPT.finditer(text):
        start = keyword_at.start()
        header = _HANDLER_HEADER.match(text, start)
        if header is None:
            if _NOT_A_HEADER.match(text, start) is None:
                return True
            continue
        kind = header["type"]
        broad = not kind.strip(" \t\f\\\r\n") or "Exception" in kind or "lambda" in kind
        if broad and _NOTHING_FIRST.match(text, header.end() - 1):
            return True
    return False


@check(_NO_SWALLOWED_EXCEPTIONS, prefilter=_may_swallow)
def no_swallowed_exceptions(python: PythonFile) -> Iterator[Finding]:
    """Handlers for every exception (bare, `Exception`, `BaseException`) that do nothing.

    As bandit (B110, B112) and ruff (S110, S112) count them: a narrow handler that passes
    (`except KeyError: pass`) is an idiom, not a swallowed error.
    """
    for handler in python.index.excepts:
        if _is_broad(handler.type) and _does_nothing(handler.body):
            caught = ast.unparse(handler.type) if handler.type else "everything"
            message = f"handler for {caught} swallows the exception"
            yield Finding.at_line(python, handler.lineno, message, handler.col_offset + 1)


def _main_block_lines(python: PythonFile) -> list[tuple[int, int]]:
    spans = []
    for statement in python.tree.body:
        if isinstance(statement, ast.If) and _is_main_test(statement.test):
            spans.append((statement.lineno, statement.end_lineno or statement.lineno))
    return spans


def _is_main_test(test: ast.expr) -> bool:
    if not (isinstance(test, ast.Compare) and len(test.ops) == 1):
        return False
    sides = {ast.unparse(test.left), ast.unparse(test.comparators[0])}
    return sides == {"__name__", "'__main__'"} and isinstance(test.ops[0], ast.Eq)


def _prints_to_console(call: ast.Call) -> bool:
    stream = keyword(call, "file")
    if stream is None or (isinstance(stream, ast.Constant) and stream.value is None):
        return True
    return ast.unparse(stream) in ("sys.stdout", "sys.stderr")


_NO_PRINT = CheckDeclaration(
    id="quality.no-print",
    category=Category.QUALITY,
    frames=(
        Frame(
            concepts=(("print", "print()", "print statement", "print call"),),
            excludes=("credential", "credentials", "secret", "secrets", "password", "passwords"),
        ),
        # the TypeScript/JavaScript words: a statement naming them is for script files
        Frame(
            concepts=(
                (
                    "console.log",
                    "console.log()",
                    "console.debug",
                    "console.info",
                    "console.trace",
                    "console statement",
                    "console log",
                    "console call",
                ),
            )
        ),
    ),
    description="print() and console.log() calls where logging belongs.",
    fix_hint="Use the logging module (in TypeScript/JavaScript, the project's logger).",
    forbids=True,
)


# A call of print (`print(`, `(print)(`, `builtins.print (`) or an import that renames it
# (`from builtins import print as echo`): the names a call the check reports can have.
_PRINT_CALL = rf"print(?<!\wprint)(?:{_SPACE}|\))*+(?:\(|as\b)"


@check(_NO_PRINT, prefilter=matches(_PRINT_CALL))
def no_print(python: PythonFile) -> Iterator[Finding]:
    """print() calls where logging belongs (not `print(..., file=stream)`, not under `__main__`)."""
    calls = python.index.calls_named("print", "builtins.print")
    main = _main_block_lines(python) if calls else []
    for call in calls:
        line = call.node.lineno
        if _prints_to_console(call.node) and not any(a <= line <= b for a, b in main):
            yield Finding.at_node(python, call.node, "print() where logging belongs")


_CONSOLE_DEBUG = frozenset({"log", "debug", "info", "trace", "dir", "table"})
_CONSOLES = ("console", "window.console", "globalThis.console")
_SCRIPT_MAIN = lazy(r"^\(\s*(?:require\.main\s*===?\s*module|import\.meta\.main)\s*\)$")


def _is_main(file: ScriptFile, statement: Node) -> bool:
    """`if (require.main === module)` / `if (import.meta.main)`: Node's `__main__` block."""
    condition = statement.child_by_field_name("condition")
    return condition is not None and bool(_SCRIPT_MAIN.match(file.text_of(condition)))


@check(_NO_PRINT, prefilter=mentions("console"))
def no_print_in_scripts(file: ScriptFile) -> Iterator[Finding]:
    """console.log(), debug(), info(), trace(), dir() and table() where logging belongs.

    `console.error` and `console.warn` report errors, as `print(..., file=sys.stderr)` does in
    Python, and stay silent; a command-line script (a file that starts with a `#!` line) and
    the `if (require.main === module)` block, like Python's `__main__` block, print.
    """
    if file.text.startswith("#!"):
        return
    main = [(n.start_byte, n.end_byte) for n in file.nodes("if_statement") if _is_main(file, n)]
    for call in file.nodes("call_expression"):
        if any(start <= call.start_byte < end for start, end in main):
            continue
        owner, _, method = call_name(file, call).rpartition(".")
        if owner in _CONSOLES and method in _CONSOLE_DEBUG:
            yield Finding.at_script_node(file, call, f"console.{method}() where logging belongs")


CHECKS: tuple[Check, ...] = (
    docstrings,
    max_function_length,
    max_file_length,
    max_complexity,
    no_bare_except,
    no_swallowed_exceptions,
    no_print,
    no_print_in_scripts,
)
