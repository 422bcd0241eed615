"""Fixers for definitions and imports: docstrings, type hints, forbidden imports."""

from __future__ import annotations

import ast
import re
from collections.abc import Callable, Sequence

from socratic_core.agents._edits import Site, indent_of

__all__ = ["fix_docstrings", "fix_forbidden_import", "fix_hints"]


# --- docstrings and type hints -------------------------------------------------------------------
def _definition_at(
    tree: ast.Module, line: int
) -> ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef | None:
    for node in ast.walk(tree):
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef) and (
            node.lineno == line
        ):
            return node
    return None


def _has_docstring(
    node: ast.Module | ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef,
) -> bool:
    first = node.body[0] if node.body else None
    return isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant)


def fix_docstrings(source: str, sites: Sequence[Site]) -> str:
    """Give the flagged module, classes and functions a one-line docstring from their name."""
    tree = ast.parse(source)
    lines = source.split("\n")
    flagged = {site.line for site in sites}
    nodes = [_definition_at(tree, line) for line in sorted(flagged, reverse=True)]
    for node in nodes:
        if node is not None and not _has_docstring(node) and node.body[0].lineno > node.lineno:
            words = re.sub(r"(?<!^)(?=[A-Z])|_", " ", node.name).strip().lower()
            first = node.body[0]
            doc = f'{indent_of(source, first)}"""{words.capitalize()}."""'
            lines.insert(first.lineno - 1, doc)
    if 1 in flagged and not _has_docstring(tree):
        lines[0:0] = ['"""The module\'s code."""', ""]
    return "\n".join(lines)


def _returns_value(node: ast.FunctionDef | ast.AsyncFunctionDef) -> bool:
    return any(isinstance(n, ast.Return) and n.value is not None for n in ast.walk(node))


def fix_hints(source: str, sites: Sequence[Site]) -> str:
    """Annotate what has no hint: parameters as `object`, returns as `None` or `object`."""

    def change(node: ast.stmt, _site: Site) -> bool:
        if not isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            return False
        args = node.args
        every = [*args.posonlyargs, *args.args, *args.kwonlyargs]
        every += [a for a in (args.vararg, args.kwarg) if a is not None]
        if every and every[0].arg in ("self", "cls"):
            every = every[1:]
        for arg in every:
            arg.annotation = arg.annotation or ast.Name("object", ast.Load())
        if node.returns is None and node.name != "__init__":
            node.returns = ast.Name("object" if _returns_value(node) else "None", ast.Load())
        return True

    tree = ast.parse(source)
    found = [_definition_at(tree, site.line) for site in sites]
    return _rewrite_headers(
        source, [n for n in found if isinstance(n, ast.FunctionDef | ast.AsyncFunctionDef)], change
    )


def _rewrite_headers(
    source: str,
    nodes: Sequence[ast.FunctionDef | ast.AsyncFunctionDef],
    change: Callable[[ast.stmt, Site], bool],
) -> str:
    """Rewrite only the `def` line of each function (its body keeps its text)."""
    lines = source.split("\n")
    for node in sorted(nodes, key=lambda n: -n.lineno):
        header = ast.parse(ast.unparse(node)).body[0]
        if not isinstance(header, ast.FunctionDef | ast.AsyncFunctionDef):
            continue
        if not change(header, Site(node.lineno, 1, {})):
            continue
        header.body = [ast.Pass()]
        text = ast.unparse(header).split("\n")[0]
        first_body = node.body[0].lineno - 1
        lines[node.lineno - 1 : first_body] = [indent_of(source, node) + text]
    return "\n".join(lines)


# --- forbidden imports ---------------------------------------------------------------------------
def _bound(node: ast.Import | ast.ImportFrom) -> set[str]:
    return {(a.asname or a.name).partition(".")[0] for a in node.names}


def fix_forbidden_import(source: str, sites: Sequence[Site]) -> str:
    """Drop the flagged imports; a statement that used them raises `NotImplementedError`."""
    tree = ast.parse(source)
    dropped: set[str] = set()
    for site in sites:
        node = _import_at(tree, site.line)
        if node is not None:
            dropped |= _bound(node)
    if not dropped:
        return source
    return _drop_uses(source, tree, dropped, sites)


def _import_at(tree: ast.Module, line: int) -> ast.Import | ast.ImportFrom | None:
    for node in ast.walk(tree):
        if isinstance(node, ast.Import | ast.ImportFrom) and node.lineno == line:
            return node
    return None


def _drop_uses(source: str, tree: ast.Module, names: set[str], sites: Sequence[Site]) -> str:
    lines = source.split("\n")
    doomed: list[ast.stmt] = []
    for node in ast.walk(tree):
        for field in ("body", "orelse", "finalbody"):
            body = getattr(node, field, None)
            if not isinstance(body, list):
                continue
            for statement in body:
                if isinstance(statement, ast.Import | ast.ImportFrom):
                    uses = any(s.line == statement.lineno for s in sites)
                else:
                    uses = not hasattr(statement, "body") and any(
                        isinstance(n, ast.Name) and n.id in names for n in ast.walk(statement)
                    )
                if uses:
                    doomed.append(statement)
    missing = ", ".join(sorted(names))
    for statement in sorted(doomed, key=lambda s: -s.lineno):
        keep = "pass"  # an import goes; a statement that needs it says why it cannot run
        if not isinstance(statement, ast.Import | ast.ImportFrom):
            keep = f"raise NotImplementedError({f'needs {missing}, which may not be imported'!r})"
        lines[statement.lineno - 1 : statement.end_lineno] = [indent_of(source, statement) + keep]
    return _without_lone_passes("\n".join(lines))


def _without_lone_passes(source: str) -> str:
    """Remove the `pass` lines left where a body still has other statements."""
    tree = ast.parse(source)
    lines = source.split("\n")
    extra = []
    for node in ast.walk(tree):
        body = getattr(node, "body", None)
        if isinstance(body, list) and len(body) > 1:
            extra += [s.lineno for s in body if isinstance(s, ast.Pass)]
    for line in sorted(extra, reverse=True):
        del lines[line - 1]
    return "\n".join(lines)
