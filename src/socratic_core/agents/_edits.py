"""Editing generated Python in place: find the statement at a line, rewrite it, add imports.

The fixers (`_fixes.py`, `_reshape.py`) edit only the statements at the lines a violation
flags (rewritten with `ast.unparse` at their indentation) and add the imports they need, so the
rest of a file keeps its text.
"""

from __future__ import annotations

import ast
import copy
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass

__all__ = [
    "Fixer",
    "Site",
    "calls",
    "dotted",
    "ensure_import",
    "ensure_logger",
    "header_end",
    "indent_of",
    "make_call",
    "replace_statement",
    "rewrite",
    "statement_at",
]


@dataclass(frozen=True, slots=True)
class Site:
    """A flagged place in a file: 1-based line and column, and the rule's parameters."""

    line: int
    column: int
    params: Mapping[str, object]


Fixer = Callable[[str, Sequence[Site]], str]
"""Source and the flagged sites of one rule -> the fixed source (the same when it cannot)."""


# --- locating and replacing statements -----------------------------------------------------------
def statement_at(tree: ast.Module, line: int) -> ast.stmt | None:
    """Return the innermost statement whose lines include `line`."""
    found: ast.stmt | None = None
    work: list[ast.AST] = [tree]
    while work:
        node = work.pop()
        for child in ast.iter_child_nodes(node):
            if isinstance(child, ast.stmt) and child.lineno <= line <= (child.end_lineno or 0):
                found = child
                work = [child]
                break
            if not isinstance(child, ast.stmt) and hasattr(child, "body"):
                work.append(child)  # an except handler, a match case
    return found


def indent_of(source: str, node: ast.stmt) -> str:
    """The indentation of the first line of `node`."""
    line = source.split("\n")[node.lineno - 1]
    return line[: len(line) - len(line.lstrip())]


def replace_statement(source: str, node: ast.stmt, text: str) -> str:
    """Replace the lines of statement `node` with `text`, indented as the statement was."""
    lines = source.split("\n")
    indent = indent_of(source, node)
    new = [indent + part if part else part for part in text.split("\n")]
    lines[node.lineno - 1 : node.end_lineno] = new
    return "\n".join(lines)


def rewrite(source: str, sites: Sequence[Site], change: Callable[[ast.stmt, Site], bool]) -> str:
    """Apply `change` to a copy of the statement at each site, bottom-up, and splice it back."""
    tree = ast.parse(source)
    done: set[int] = set()
    for site in sorted(sites, key=lambda s: (-s.line, -s.column)):
        node = statement_at(tree, site.line)
        if node is None or node.lineno in done:
            continue
        edited = copy.deepcopy(node)
        if change(edited, site):
            source = replace_statement(source, node, ast.unparse(edited))
            done.add(node.lineno)
            tree = ast.parse(source)
    return source


def calls(node: ast.AST) -> Iterable[ast.Call]:
    """Every call under `node`."""
    return (n for n in ast.walk(node) if isinstance(n, ast.Call))


def dotted(node: ast.expr) -> str:
    """`os.path.join` for that attribute chain, `""` for anything else."""
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute):
        return f"{dotted(node.value)}.{node.attr}"
    return ""


def make_call(
    func: str, args: list[ast.expr], keywords: list[ast.keyword] | None = None
) -> ast.Call:
    """A call node of `func` (a dotted name)."""
    return ast.Call(func=ast.parse(func, mode="eval").body, args=args, keywords=keywords or [])


# --- imports and the logger ----------------------------------------------------------------------
def header_end(tree: ast.Module) -> int:
    """The line after the module docstring, `__future__` imports and other imports."""
    end = 0
    for index, node in enumerate(tree.body):
        is_doc = index == 0 and isinstance(node, ast.Expr) and isinstance(node.value, ast.Constant)
        if is_doc or isinstance(node, ast.Import | ast.ImportFrom):
            end = node.end_lineno or node.lineno
        else:
            break
    return end


def ensure_import(source: str, statement: str) -> str:
    """Add a top-level import (`import logging`) after the header unless the file has it."""
    tree = ast.parse(source)
    wanted = ast.dump(ast.parse(statement).body[0])
    if any(ast.dump(node) == wanted for node in tree.body):
        return source
    lines = source.split("\n")
    end = header_end(tree)
    lines.insert(end, statement)
    last = next((node for node in tree.body if node.end_lineno == end), None)
    if isinstance(last, ast.ImportFrom) and last.module == "__future__":
        lines.insert(end, "")
    if end and not any(isinstance(n, ast.Import | ast.ImportFrom) for n in tree.body):
        lines.insert(end, "")
    return "\n".join(lines)


_LOGGER = "_log = logging.getLogger(__name__)"


def ensure_logger(source: str) -> str:
    """Add `import logging` and a module logger `_log` unless the file has them."""
    source = ensure_import(source, "import logging")
    if _LOGGER in source.split("\n"):
        return source
    lines = source.split("\n")
    end = header_end(ast.parse(source))
    lines[end:end] = ["", _LOGGER]
    return "\n".join(lines)
