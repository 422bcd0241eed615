"""The generic "never X, use Y" check: a banned API, found by its structural pattern.

The rule's `banned` parameter is an API pattern (see `socratic_core.rules._replacement` for
the syntax: `setInterval()`, `os.path`, `import:moment`, `<a>`, `style=`); `instead` is the
replacement the rule names, which becomes the fix hint. The Python reading works on the module's
tree and the index the engine built: calls by their resolved names, names and attribute chains
with import aliases resolved, imports, keyword arguments (JSX elements exist only in scripts).
The TypeScript/JavaScript reading, on the tree-sitter tree, is `_banned_scripts`.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator, Mapping
from dataclasses import replace

from socratic_core.rules._analysis import PythonFile
from socratic_core.rules._checks import Check, Finding
from socratic_core.rules._declare import check
from socratic_core.rules._nodes import Category, CheckDeclaration, Frame, ParamSpec, ParamValue
from socratic_core.rules._replacement import ApiPattern, PatternKind, parse_api_pattern
from socratic_core.rules._script import ScriptFile
from socratic_core.rules._sites import dotted_name
from socratic_core.rules.builtin._banned_scripts import script_uses

__all__ = ["BANNED_API", "CHECKS", "fix_hint", "message", "python_uses"]

BANNED_API = CheckDeclaration(
    id="architecture.banned-api",
    category=Category.ARCHITECTURE,
    frames=(Frame(shape="replacement", slots=("banned", "instead")),),
    params=(
        ParamSpec(
            "banned",
            "str",
            description="The banned API as a pattern: `name()` a call, `a.b` a name and what"
            " is under it, `import:module`, `<Element>`, `attr=`.",
        ),
        ParamSpec("instead", "str", default="", description="What to use instead (the fix)."),
    ),
    description="A banned API: a call, name, import, JSX element or attribute a rule replaces.",
    fix_hint="Use the replacement the rule names.",
    forbids=True,
)


def fix_hint(instead: str) -> str | None:
    """The fix hint a finding carries: the replacement the rule names, if it names one."""
    return f"use {instead} instead" if instead else None


def message(pattern: ApiPattern, instead: str) -> str:
    """What a finding says: the banned pattern, and the replacement when there is one."""
    said = f"{pattern.render()} is banned"
    return f"{said}: use {instead} instead" if instead else said


def spelled_out(text: str, params: Mapping[str, ParamValue]) -> bool:
    """Prefilter: a file can use the banned API only if it spells its last name out.

    `os.path` reached as `from os import path` spells `path`; `setInterval` reached as
    `window.setInterval` spells `setInterval`; `import:lodash/fp` spells `lodash`. A pattern
    that does not parse passes, so that the check runs and fails closed on it.
    """
    try:
        pattern = parse_api_pattern(str(params.get("banned", "")))
    except ValueError:
        return True
    if pattern.kind is PatternKind.IMPORT:
        word = pattern.name.split("/")[1 if pattern.name.startswith("@") else 0]
    else:
        word = pattern.parts[-1]
    return not text.isascii() or word in text


@check(BANNED_API, prefilter=spelled_out)
def banned_api(python: PythonFile, banned: str, instead: str = "") -> Iterator[Finding]:
    """Uses of a banned API in Python: calls, names, imports and keyword arguments."""
    pattern = parse_api_pattern(banned)
    hint = fix_hint(instead)
    for node in python_uses(python, pattern):
        finding = Finding.at_node(python, node, message(pattern, instead))
        yield finding if hint is None else replace(finding, fix_hint=hint)


@check(BANNED_API, prefilter=spelled_out)
def banned_api_in_scripts(script: ScriptFile, banned: str, instead: str = "") -> Iterator[Finding]:
    """Uses of a banned API in TypeScript/JavaScript: calls, names, imports, JSX."""
    pattern = parse_api_pattern(banned)
    hint = fix_hint(instead)
    for node in script_uses(script, pattern):
        finding = Finding.at_script_node(script, node, message(pattern, instead))
        yield finding if hint is None else replace(finding, fix_hint=hint)


def python_uses(python: PythonFile, pattern: ApiPattern) -> Iterator[ast.AST]:
    """The nodes of a Python module that use what the pattern names, in source order.

    Args:
        python: The parsed module.
        pattern: The banned API.

    Returns:
        An iterator over the calls, names, imports or keyword arguments it names.
    """
    if pattern.kind is PatternKind.CALL:
        calls = python.index.calls
        return (site.node for site in calls if pattern.name in (site.name, _written(site.node)))
    if pattern.kind is PatternKind.IMPORT:
        return (
            site.node
            for site in python.index.imports
            if any(_under(name, pattern.name) for name in site.names)
        )
    if pattern.kind is PatternKind.ATTRIBUTE:
        return (
            keyword
            for site in python.index.calls
            for keyword in site.node.keywords
            if keyword.arg == pattern.name
        )
    if pattern.kind is PatternKind.NAME:
        return _names(python, pattern.name)
    return iter(())


def _written(call: ast.Call) -> str:
    """The name a call calls as written (`get` in `get()`), aliases not resolved."""
    return dotted_name(call.func)


def _under(name: str, pattern: str) -> bool:
    """Whether a dotted module name is the pattern's module or one of its submodules."""
    module = pattern.replace("/", ".")
    return name == module or name.startswith(f"{module}.")


def _names(python: PythonFile, name: str) -> Iterator[ast.AST]:
    """Names and attribute chains that are `name` (aliases resolved), outermost match only."""
    aliases = python.aliases
    for node in ast.walk(python.tree):
        if not isinstance(node, ast.Name | ast.Attribute) or isinstance(node.ctx, ast.Store):
            continue
        written = dotted_name(node)
        if not written:
            continue
        first, _, rest = written.partition(".")
        resolved = ".".join(filter(None, (aliases.get(first, first), rest)))
        if name in (written, resolved):
            yield node


CHECKS: tuple[Check, ...] = (banned_api, banned_api_in_scripts)
