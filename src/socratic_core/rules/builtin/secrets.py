"""Built-in check for secrets written into Python code.

A literal is a hardcoded secret when the name it is bound to says secret and the value looks like
one (`_common.secret_value`), wherever the binding is: an assignment (to a name, an attribute or a
subscript such as `config["password"]`), a keyword argument, a parameter's default, a dictionary
display, or a comparison (`password == "hunter2"`). Any string literal that holds a well-known
token format, a password inside a URL, or a long random-looking key is one whatever its name
(in docstrings only a token format counts: their URLs are examples).
"""

from __future__ import annotations

import ast
from collections.abc import Iterator

from socratic_core.rules._analysis import PythonFile
from socratic_core.rules._checks import Check, Finding
from socratic_core.rules._declare import check
from socratic_core.rules._nodes import Category, CheckDeclaration, Frame
from socratic_core.rules.builtin._common import (
    find_tokens,
    looks_random,
    secret_spans,
    secret_value,
    string_value,
)

__all__ = ["CHECKS", "target_name"]

# What a secret is called in instruction text.
_SECRETS = (
    "secret",
    "credential",
    "password",
    "api key",
    "token",
    "private key",
    "access key",
    "passphrase",
)


def target_name(node: ast.AST) -> str:
    """Return the name an assignment target or operand spells (`x`, `self.x`, `d["x"]` -> x)."""
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute):
        return node.attr
    if isinstance(node, ast.Subscript):
        return string_value(node.slice) or ""
    return string_value(node) or ""


def _assigned(python: PythonFile) -> Iterator[tuple[str, ast.expr]]:
    for site in python.index.assigns:
        node = site.node
        if node.value is None or isinstance(node, ast.AugAssign):
            continue
        targets = node.targets if isinstance(node, ast.Assign) else [node.target]
        for target in targets:
            yield target_name(target), node.value


def _passed(python: PythonFile) -> Iterator[tuple[str, ast.expr]]:
    for call in python.index.calls:
        for kw in call.node.keywords:
            if kw.arg is not None:
                yield kw.arg, kw.value
        if call.name in ("dict", "os.environ.setdefault") and len(call.node.args) == 2:
            yield string_value(call.node.args[0]) or "", call.node.args[1]


def _defaults(python: PythonFile) -> Iterator[tuple[str, ast.expr]]:
    for site in python.index.functions:
        args = site.node.args
        positional = [*args.posonlyargs, *args.args]
        with_defaults = positional[len(positional) - len(args.defaults) :]
        for arg, default in zip(with_defaults, args.defaults, strict=True):
            yield arg.arg, default
        for arg, kw_default in zip(args.kwonlyargs, args.kw_defaults, strict=True):
            if kw_default is not None:
                yield arg.arg, kw_default


def _displayed(python: PythonFile) -> Iterator[tuple[str, ast.expr]]:
    for display in python.index.dicts:
        for key, value in zip(display.keys, display.values, strict=True):
            if key is not None:
                yield string_value(key) or "", value


def _compared(python: PythonFile) -> Iterator[tuple[str, ast.expr]]:
    for compare in python.index.compares:
        operands = [compare.left, *compare.comparators]
        for op, left, right in zip(compare.ops, operands, operands[1:], strict=False):
            if isinstance(op, ast.Eq | ast.NotEq | ast.Is | ast.IsNot):
                yield target_name(left), right
                yield target_name(right), left


def _bound_secrets(python: PythonFile) -> Iterator[tuple[str, ast.Constant]]:
    sources = (_assigned, _passed, _defaults, _displayed, _compared)
    for source in sources:
        for name, value in source(python):
            literal = string_value(value)
            if name and literal is not None and secret_value(name, literal):
                assert isinstance(value, ast.Constant)  # noqa: S101 - string_value said so
                yield name, value


def _literal_kind(text: str, documentation: bool) -> str | None:
    for kind, _, _ in find_tokens(text):
        return f"a {kind}"
    if documentation:
        return None
    if ("=" in text or ":" in text) and len(text) < 4096:
        for _, _, what in secret_spans(text):  # `"host=db password=hunter2"`, a URL
            return what
    return "a high-entropy string that looks like a key" if looks_random(text) else None


_NO_HARDCODED_SECRETS = CheckDeclaration(
    id="security.no-hardcoded-secrets",
    category=Category.SECURITY,
    frames=(
        Frame(
            concepts=(
                _SECRETS,
                (
                    "hardcoded",
                    "in code",
                    "in source",
                    "literal",
                    "inline",
                    "embed",
                    "embedded",
                    "commit",
                    "committed",
                    "check in",
                    "source code",
                    "in the repo",
                    "in the repository",
                    "in git",
                    "codebase",
                    "expose",
                    "add",
                ),
            ),
            excludes=("hash", "hashed", "hashing", "log", "logging"),
        ),
    ),
    description="Passwords, keys and tokens written into the code as literals.",
    fix_hint="Read the value from the environment or a secret store.",
    forbids=True,
)


@check(_NO_HARDCODED_SECRETS)
def no_hardcoded_secrets(python: PythonFile) -> Iterator[Finding]:
    """Passwords, keys and tokens written into the code as literals."""
    reported: set[int] = set()
    for name, literal in _bound_secrets(python):
        if id(literal) not in reported:
            reported.add(id(literal))
            yield Finding.at_node(python, literal, f"{name!r} holds a hardcoded secret literal")
    docstrings = {id(node) for node in python.index.docstrings}
    for literal in python.index.strings:
        if id(literal) in reported:
            continue
        kind = _literal_kind(str(literal.value), id(literal) in docstrings)
        if kind is not None:
            yield Finding.at_node(python, literal, f"string literal holds {kind}")


CHECKS: tuple[Check, ...] = (no_hardcoded_secrets,)
