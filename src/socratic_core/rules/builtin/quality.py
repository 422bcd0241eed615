"""Built-in quality checks: docstrings, type hints, sizes, complexity, exceptions, print."""

from __future__ import annotations

import ast
from collections.abc import Iterator

from socratic_core.rules._pywalk import FunctionSite
from socratic_core.rules.analysis import SourceFile
from socratic_core.rules.builtin._common import make_check
from socratic_core.rules.checks import Check, CheckContext, Finding
from socratic_core.rules.nodes import Category, CheckDeclaration, Frame, ParamSpec

__all__ = ["CHECKS"]


def _index(source: SourceFile) -> Iterator[FunctionSite]:
    assert source.index is not None  # noqa: S101 - python_files are indexed
    return iter(source.index.functions)


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


def _docstring_findings(source: SourceFile, everything: bool) -> Iterator[Finding]:
    assert source.index is not None  # noqa: S101
    assert source.tree is not None  # noqa: S101
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


_DOCSTRINGS = CheckDeclaration(
    id="quality.docstrings",
    category=Category.QUALITY,
    params=(
        ParamSpec(
            "visibility",
            "str",
            default="public",
            description="`public` checks public objects only, `all` checks everything.",
        ),
    ),
    frames=(
        Frame(concepts=(("docstring", "doc comment", "documentation string"),)),
        Frame(
            concepts=(
                ("document",),
                ("function", "class", "module", "public api", "method", "public"),
            )
        ),
    ),
    description="Functions, classes and modules without a docstring.",
    fix_hint="Add a docstring that says what the object does.",
)


@make_check(_DOCSTRINGS)
def docstrings(context: CheckContext) -> Iterator[Finding]:
    """Modules, classes and functions without a docstring (public ones, or all)."""
    everything = str(context.params["visibility"]).lower() == "all"
    for source in context.python_files:
        yield from _docstring_findings(source, everything)


# --- type hints ----------------------------------------------------------------------------------
def _is_static(site: FunctionSite) -> bool:
    return any(ast.unparse(d) in ("staticmethod",) for d in site.node.decorator_list)


def _missing_hints(site: FunctionSite) -> list[str]:
    args = site.node.args
    positional = [*args.posonlyargs, *args.args]
    if site.cls is not None and not site.nested and positional and not _is_static(site):
        positional = positional[1:]  # self / cls
    every = [*positional, *args.kwonlyargs, *filter(None, (args.vararg, args.kwarg))]
    missing = [arg.arg for arg in every if arg.annotation is None]
    if site.node.returns is None and site.node.name != "__init__":
        missing.append("return")
    return missing


_TYPE_HINTS = CheckDeclaration(
    id="quality.type-hints",
    category=Category.QUALITY,
    frames=(
        Frame(
            concepts=(
                (
                    "type hint",
                    "type-hint",
                    "type annotation",
                    "fully typed",
                    "statically typed",
                    "type signature",
                    "typing annotation",
                ),
            )
        ),
        Frame(
            concepts=(
                ("annotate", "annotated", "annotation"),
                ("function", "signature", "parameter", "argument", "return", "everything", "all"),
            )
        ),
    ),
    description="Parameters and return values without type annotations.",
    fix_hint="Annotate every parameter and the return type.",
)


@make_check(_TYPE_HINTS)
def type_hints(context: CheckContext) -> Iterator[Finding]:
    """Parameters and return values without type annotations."""
    for source in context.python_files:
        for site in _index(source):
            missing = _missing_hints(site)
            if missing:
                message = f"{site.node.name}() lacks type hints for: {', '.join(missing)}"
                yield Finding.at_line(source, site.node.lineno, message, site.node.col_offset + 1)


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


@make_check(_MAX_FUNCTION_LENGTH)
def max_function_length(context: CheckContext) -> Iterator[Finding]:
    """Functions longer than `max` lines."""
    limit = context.int_param("max")
    for source in context.python_files:
        for site in _index(source):
            node = site.node
            length = (node.end_lineno or node.lineno) - node.lineno + 1
            if length > limit:
                message = f"{node.name}() is {length} lines long (max {limit})"
                yield Finding.at_line(source, node.lineno, message, node.col_offset + 1)


_MAX_LINE_LENGTH = CheckDeclaration(
    id="quality.max-line-length",
    category=Category.QUALITY,
    params=(
        ParamSpec(
            "max",
            "int",
            default=100,
            units=("characters", "chars", "columns"),
            description="Characters per line.",
        ),
    ),
    frames=(
        Frame(
            concepts=(("line length", "line width", "line", "wrap", "wrapped", "code width"),),
            slots=("max",),
        ),
    ),
    description="Lines longer than the limit.",
    fix_hint="Wrap the line.",
)


@make_check(_MAX_LINE_LENGTH)
def max_line_length(context: CheckContext) -> Iterator[Finding]:
    """Lines longer than `max` characters."""
    limit = context.int_param("max")
    for source in context.python_files:
        if len(source.lines.text) <= limit:
            continue
        for number, line in enumerate(source.lines.lines, start=1):
            if len(line) > limit:
                message = f"line is {len(line)} characters long (max {limit})"
                yield Finding(message, source.path, number, limit + 1, number, len(line) + 1)


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


@make_check(_MAX_FILE_LENGTH)
def max_file_length(context: CheckContext) -> Iterator[Finding]:
    """Files longer than `max` lines."""
    limit = context.int_param("max")
    for source in context.python_files:
        lines = source.lines.lines
        count = len(lines) - (1 if lines and lines[-1] == "" else 0)
        if count > limit:
            yield Finding.at_line(source, limit + 1, f"file is {count} lines long (max {limit})")


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


@make_check(_MAX_COMPLEXITY)
def max_complexity(context: CheckContext) -> Iterator[Finding]:
    """Functions whose cyclomatic complexity is over `max`."""
    limit = context.int_param("max")
    for source in context.python_files:
        for site in _index(source):
            if site.complexity > limit:
                node = site.node
                message = f"{node.name}() has cyclomatic complexity {site.complexity} (max {limit})"
                yield Finding.at_line(source, node.lineno, message, node.col_offset + 1)


# --- exceptions and print ------------------------------------------------------------------------
def _handlers(source: SourceFile) -> list[ast.ExceptHandler]:
    assert source.index is not None  # noqa: S101
    return source.index.excepts


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


@make_check(_NO_BARE_EXCEPT)
def no_bare_except(context: CheckContext) -> Iterator[Finding]:
    """`except:` with no exception type."""
    for source in context.python_files:
        for handler in _handlers(source):
            if handler.type is None:
                line = handler.lineno
                yield Finding.at_line(
                    source, line, "bare `except:` catches everything", handler.col_offset + 1
                )


def _does_nothing(body: list[ast.stmt]) -> bool:
    return all(
        isinstance(s, ast.Pass) or (isinstance(s, ast.Expr) and isinstance(s.value, ast.Constant))
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
                    "silently ignore",
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
    ),
    description="Exception handlers that do nothing (`except ...: pass`).",
    fix_hint="Handle, log or re-raise the exception.",
    forbids=True,
)


@make_check(_NO_SWALLOWED_EXCEPTIONS)
def no_swallowed_exceptions(context: CheckContext) -> Iterator[Finding]:
    """Exception handlers that do nothing."""
    for source in context.python_files:
        for handler in _handlers(source):
            if _does_nothing(handler.body):
                caught = ast.unparse(handler.type) if handler.type else "everything"
                message = f"handler for {caught} swallows the exception"
                yield Finding.at_line(source, handler.lineno, message, handler.col_offset + 1)


_NO_PRINT = CheckDeclaration(
    id="quality.no-print",
    category=Category.QUALITY,
    frames=(Frame(concepts=(("print", "print()", "print statement", "print call"),)),),
    description="print() calls where logging belongs.",
    fix_hint="Use the logging module.",
    forbids=True,
)


@make_check(_NO_PRINT)
def no_print(context: CheckContext) -> Iterator[Finding]:
    """print() calls where logging belongs."""
    for source in context.python_files:
        assert source.index is not None  # noqa: S101
        for call in source.index.calls_named("print", "builtins.print"):
            yield Finding.at_node(source, call.node, "print() where logging belongs")


CHECKS: tuple[Check, ...] = (
    docstrings,
    type_hints,
    max_function_length,
    max_line_length,
    max_file_length,
    max_complexity,
    no_bare_except,
    no_swallowed_exceptions,
    no_print,
)
