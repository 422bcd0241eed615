"""Built-in quality checks: docstrings, sizes, complexity, exceptions.

Type hints and print are ruff's (ANN, T201): see `ruff_rules.py`.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator

from socratic_core.rules._pywalk import FunctionSite
from socratic_core.rules.analysis import SourceFile
from socratic_core.rules.builtin._common import make_check
from socratic_core.rules.checks import Check, CheckContext, Finding
from socratic_core.rules.vocabulary import builtin_declaration

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


@make_check(builtin_declaration("quality.docstrings"))
def docstrings(context: CheckContext) -> Iterator[Finding]:
    """Modules, classes and functions without a docstring (public ones, or all)."""
    everything = str(context.params["visibility"]).lower() == "all"
    for source in context.python_files:
        yield from _docstring_findings(source, everything)


# --- sizes and complexity ------------------------------------------------------------------------
@make_check(builtin_declaration("quality.max-function-length"))
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


@make_check(builtin_declaration("quality.max-file-length"))
def max_file_length(context: CheckContext) -> Iterator[Finding]:
    """Files longer than `max` lines."""
    limit = context.int_param("max")
    for source in context.python_files:
        lines = source.lines.lines
        count = len(lines) - (1 if lines and lines[-1] == "" else 0)
        if count > limit:
            yield Finding.at_line(source, limit + 1, f"file is {count} lines long (max {limit})")


@make_check(builtin_declaration("quality.max-complexity"))
def max_complexity(context: CheckContext) -> Iterator[Finding]:
    """Functions whose cyclomatic complexity is over `max`."""
    limit = context.int_param("max")
    for source in context.python_files:
        for site in _index(source):
            if site.complexity > limit:
                node = site.node
                message = f"{node.name}() has cyclomatic complexity {site.complexity} (max {limit})"
                yield Finding.at_line(source, node.lineno, message, node.col_offset + 1)


# --- exceptions ------------------------------------------------------------------------
def _handlers(source: SourceFile) -> tuple[ast.ExceptHandler, ...]:
    assert source.index is not None  # noqa: S101
    return source.index.excepts


@make_check(builtin_declaration("quality.no-bare-except"))
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


@make_check(builtin_declaration("quality.no-swallowed-exceptions"))
def no_swallowed_exceptions(context: CheckContext) -> Iterator[Finding]:
    """Exception handlers that do nothing."""
    for source in context.python_files:
        for handler in _handlers(source):
            if _does_nothing(handler.body):
                caught = ast.unparse(handler.type) if handler.type else "everything"
                message = f"handler for {caught} swallows the exception"
                yield Finding.at_line(source, handler.lineno, message, handler.col_offset + 1)


CHECKS: tuple[Check, ...] = (
    docstrings,
    max_function_length,
    max_file_length,
    max_complexity,
    no_bare_except,
    no_swallowed_exceptions,
)
