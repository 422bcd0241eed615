"""Splitting a module that is over a file-length limit: its last definitions move to siblings.

`core.py` keeps its header (docstring, imports) and as many definitions as fit; the rest move,
in order, to `core_part2.py`, `core_part3.py`, ... (each with the same header), and a module
under `src/` imports them back, so `from pkg.core import f` still works. A definition that
uses another definition of the file stays with it or the split is not made, so no sibling
imports the module it came from.
"""

from __future__ import annotations

import ast
from pathlib import PurePosixPath

from socratic_core.agents._edits import header_end

__all__ = ["split_module"]

_Definition = ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef


def _first_line(node: ast.stmt) -> int:
    decorators: list[ast.expr] = getattr(node, "decorator_list", [])
    return min([node.lineno, *(d.lineno for d in decorators)])


def _size(node: ast.stmt) -> int:
    return (node.end_lineno or node.lineno) - _first_line(node) + 1 + 2  # and two blank lines


def _uses(node: ast.stmt, names: set[str]) -> set[str]:
    return {n.id for n in ast.walk(node) if isinstance(n, ast.Name) and n.id in names} - {
        getattr(node, "name", "")
    }


def _dotted(path: str) -> str | None:
    parts = PurePosixPath(path.removesuffix(".py")).parts
    return ".".join(parts[1:]) if parts[:1] == ("src",) and len(parts) > 1 else None


def _groups(moved: list[_Definition], room: int) -> list[list[_Definition]] | None:
    groups: list[list[_Definition]] = [[]]
    used = 0
    for node in moved:
        if _size(node) > room:
            return None
        if used + _size(node) > room:
            groups.append([])
            used = 0
        groups[-1].append(node)
        used += _size(node)
    return groups


def _text(lines: list[str], node: ast.stmt) -> list[str]:
    return ["", "", *lines[_first_line(node) - 1 : node.end_lineno]]


def split_module(path: str, source: str, limit: int) -> dict[str, str] | None:
    """Split `source` (at `path`) into files of at most `limit` lines, or None when it can't.

    Args:
        path: The file's path (`src/pkg/core.py`).
        source: Its text.
        limit: The most lines a file may have.

    Returns:
        The original path and every new one, with their text.
    """
    tree = ast.parse(source)
    lines = source.split("\n")
    end = header_end(tree)
    body = [node for node in tree.body if node.lineno > end]
    if not body or not all(isinstance(node, _Definition) for node in body):
        return None
    definitions: list[_Definition] = [n for n in body if isinstance(n, _Definition)]
    header = lines[:end]
    room = limit - len(header)
    keep = 0
    while keep < len(definitions) and sum(_size(n) for n in definitions[: keep + 1]) + 2 <= room:
        keep += 1
    groups = _groups(definitions[keep:], room)
    if not keep or groups is None or not groups[0]:
        return None
    return _write(path, lines, header, definitions[:keep], groups)


def _write(
    path: str,
    lines: list[str],
    header: list[str],
    kept: list[_Definition],
    groups: list[list[_Definition]],
) -> dict[str, str] | None:
    stem = path.removesuffix(".py")
    names = {node.name for node in (*kept, *(n for g in groups for n in g))}
    out: dict[str, str] = {}
    imports: list[str] = []
    for number, group in enumerate(groups, start=2):
        own = {node.name for node in group}
        if any(_uses(node, names - own) for node in group):
            return None  # it would have to import the module it came from
        new_path = f"{stem}_part{number}.py"
        out[new_path] = "\n".join([*header, *(t for n in group for t in _text(lines, n))]) + "\n"
        dotted = _dotted(new_path)
        if dotted is not None:
            imports.append(f"from {dotted} import {', '.join(sorted(own))}")
    spaced = ["", *imports] if imports and header and header[-1] else imports
    original = [*header, *spaced, *(t for n in kept for t in _text(lines, n))]
    out[path] = "\n".join(original) + "\n"
    for text in out.values():
        ast.parse(text)
    return out
