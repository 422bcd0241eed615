"""Built-in check for secrets written into Python, TypeScript and JavaScript code.

A literal is a hardcoded secret when the name it is bound to says secret and the value looks like
one (`_common.secret_value`), wherever the binding is: an assignment (to a name, an attribute or a
subscript such as `config["password"]`), a keyword argument, a parameter's default, a dictionary
display, or a comparison (`password == "hunter2"`). Any string literal that holds a well-known
token format, a password inside a URL, or a long random-looking key is one whatever its name
(in docstrings only a token format counts: their URLs are examples).
"""

from __future__ import annotations

import ast
import itertools
from collections.abc import Iterator, Mapping
from typing import TYPE_CHECKING

from socratic_core.rules._analysis import PythonFile
from socratic_core.rules._checks import Check, Finding
from socratic_core.rules._declare import check
from socratic_core.rules._nodes import Category, CheckDeclaration, Frame, ParamValue
from socratic_core.rules.builtin._common import (
    RANDOM_KEY,
    find_tokens,
    literal_secret_kind,
    may_hold_secret,
    name_words,
    names_digest,
    secret_value,
    string_value,
)
from socratic_core.rules.builtin._scripts import (
    arguments,
    call_name,
    key_name,
    method_name,
    module_bindings,
)
from socratic_core.rules.builtin._scripts import string_value as script_string

if TYPE_CHECKING:
    from tree_sitter import Node

    from socratic_core.rules._script import ScriptFile

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
    "sensitive information",
    "sensitive data",
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
            yield from _paired(target, node.value)


def _paired(target: ast.expr, value: ast.expr) -> Iterator[tuple[str, ast.expr]]:
    """Each name a target binds, with its value: `user, password = "admin", "pw"` pairs both."""
    if isinstance(target, ast.Tuple | ast.List) and isinstance(value, ast.Tuple | ast.List):
        if len(target.elts) == len(value.elts):
            for part, part_value in zip(target.elts, value.elts, strict=True):
                yield from _paired(part, part_value)
        return
    yield target_name(target), value


def _passed(python: PythonFile) -> Iterator[tuple[str, ast.expr]]:
    for call in python.index.calls:
        for kw in call.node.keywords:
            if kw.arg is not None:
                yield kw.arg, kw.value
        if call.name in ("dict", "os.environ.setdefault") and len(call.node.args) == 2:
            yield string_value(call.node.args[0]) or "", call.node.args[1]
        if call.name == "setattr" and len(call.node.args) == 3:  # `setattr(cfg, "password", ...)`
            yield string_value(call.node.args[1]) or "", call.node.args[2]


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


_SOURCES = (_assigned, _passed, _defaults, _displayed, _compared)


def _bound_secrets(python: PythonFile) -> Iterator[tuple[str, ast.Constant]]:
    for source in _SOURCES:
        for name, value in source(python):
            literal = _text_of(value)
            if name and literal is not None and secret_value(name, literal):
                assert isinstance(value, ast.Constant)  # noqa: S101 - _text_of said so
                yield name, value


# The words of a name bound to documentation: Ansible's `EXAMPLES`, a CLI's `USAGE`, `__doc__`.
_DOCUMENT_WORDS = frozenset({"doc", "docs", "documentation", "example", "examples", "usage"})
_DOCUMENT_WORDS |= {"help", "epilog", "readme"}


def _documents(python: PythonFile) -> set[int]:
    """The string literals bound to names that say documentation (`EXAMPLES = \"\"\"...\"\"\"`).

    As in a docstring, the credentials these show are examples (only a token format counts).
    """
    found: set[int] = set()
    for site in python.index.assigns:
        node = site.node
        if isinstance(node, ast.AugAssign) or string_value(node.value) is None:
            continue
        targets = node.targets if isinstance(node, ast.Assign) else [node.target]
        if any(_DOCUMENT_WORDS & set(name_words(target_name(t))) for t in targets):
            found.add(id(node.value))
    return found


def _digests(python: PythonFile) -> set[int]:
    """The literals bound to, compared with or passed beside a digest's name (`expected_hash`).

    Beside: the two positional arguments of a call such as `assertEqual(temp_digest, "...")`. A
    call is named by its function (`fingerprint(key) == "..."`).
    """
    pairs = [pair for source in _SOURCES for pair in source(python)]
    for call in python.index.calls:
        args = call.node.args
        if len(args) == 2:
            pairs += [(_named(args[0]), args[1]), (_named(args[1]), args[0])]
    for compare in python.index.compares:
        operands = [compare.left, *compare.comparators]
        for left, right in itertools.pairwise(operands):
            pairs += [(_named(left), right), (_named(right), left)]
    return {id(value) for name, value in pairs if name and names_digest(name)}


def _named(node: ast.expr) -> str:
    """The name an operand spells; a call's is its function's (`key.fingerprint()`)."""
    return target_name(node.func if isinstance(node, ast.Call) else node)


def _text_of(node: ast.expr) -> str | None:
    """A string literal's value, or a bytes literal's as ASCII (`PASSWORD = b"hunter2"`)."""
    if isinstance(node, ast.Constant) and isinstance(node.value, bytes):
        try:
            return node.value.decode("ascii")
        except UnicodeDecodeError:
            return None
    return string_value(node)


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
                    "add",
                    "write",
                    "written",
                ),
            ),
            excludes=("hash", "hashed", "hashing", "log", "logging"),
        ),
        # The other side: secrets read from the environment ("use `os.getenv()` for all
        # credentials", "API keys in environment variables") are secrets kept out of the code.
        # A statement that names hardcoding too is the frame above's to read.
        Frame(
            concepts=(
                _SECRETS,
                (
                    "environment variable",
                    "env var",
                    "os.getenv",
                    "os.environ",
                    "process.env",
                    "secret manager",
                    "secrets manager",
                ),
            ),
            forbids=False,
            excludes=("hardcoded", "hash", "hashed", "hashing", "log", "logging", "validate"),
        ),
    ),
    description="Passwords, keys and tokens written into the code as literals.",
    fix_hint="Read the value from the environment or a secret store.",
    forbids=True,
)


def _may_hold_secret(text: str, _params: Mapping[str, ParamValue]) -> bool:
    return may_hold_secret(text)


@check(_NO_HARDCODED_SECRETS, prefilter=_may_hold_secret)
def no_hardcoded_secrets(python: PythonFile) -> Iterator[Finding]:
    """Passwords, keys and tokens written into the code as literals."""
    reported: set[int] = set()
    for name, literal in _bound_secrets(python):
        if id(literal) not in reported:
            reported.add(id(literal))
            yield Finding.at_node(python, literal, f"{name!r} holds a hardcoded secret literal")
    docstrings = {id(node) for node in python.index.docstrings}
    # Read when a literal is found (most files have none): the literals bound to documentation's
    # names, and to a digest's.
    documents: set[int] | None = None
    digests: set[int] | None = None
    for literal in python.index.strings:
        if id(literal) in reported:
            continue
        text = str(literal.value)
        kind = literal_secret_kind(text, id(literal) in docstrings)
        if kind is not None and id(literal) not in docstrings:
            documents = _documents(python) if documents is None else documents
            if id(literal) in documents:
                kind = literal_secret_kind(text, documentation=True)
        if kind == RANDOM_KEY:
            digests = _digests(python) if digests is None else digests
            if id(literal) in digests:
                continue  # `assertEqual(temp_digest, "J5Tl...=")`: a digest in base64
        if kind is not None:
            yield Finding.at_node(python, literal, f"string literal holds {kind}")


# --- TypeScript / JavaScript ---------------------------------------------------------------------
# Where a literal is bound to a name: (node type, field of the name, field of the value).
_SCRIPT_BINDINGS = (
    ("variable_declarator", "name", "value"),
    ("assignment_expression", "left", "right"),
    ("pair", "key", "value"),
    ("public_field_definition", "name", "value"),
    ("required_parameter", "pattern", "value"),
    ("optional_parameter", "pattern", "value"),
    ("assignment_pattern", "left", "right"),
    ("object_assignment_pattern", "left", "right"),
)
_SCRIPT_COMPARISONS = frozenset({"==", "===", "!=", "!==", "||", "??"})


_LITERALS = frozenset({"string", "template_string"})
# The modes of the Fetch API's `credentials` option (and axios's `withCredentials`), not secrets.
_CREDENTIALS_MODES = frozenset({"include", "same-origin", "omit"})


def _script_bound(file: ScriptFile) -> Iterator[tuple[str, Node]]:
    for kind, name, value in _SCRIPT_BINDINGS:
        for node in file.nodes(kind):
            literal = node.child_by_field_name(value)
            if literal is not None and literal.type in _LITERALS:
                yield key_name(file, node.child_by_field_name(name)), literal
    for node in file.nodes("binary_expression"):
        operator = node.child_by_field_name("operator")
        if operator is None or operator.type not in _SCRIPT_COMPARISONS:
            continue
        left, right = node.child_by_field_name("left"), node.child_by_field_name("right")
        if left is not None and right is not None:
            yield key_name(file, left), right
            yield key_name(file, right), left
    for node in file.nodes("jsx_attribute"):
        if len(node.named_children) == 2:
            yield file.text_of(node.named_children[0]), node.named_children[1]
    yield from _keys_passed(file)


# Functions whose argument at this position is a key: jsonwebtoken's `sign(payload, key)` and
# `verify(token, key)` (imported, or on an object named `jwt`), node:crypto's
# `createHmac(algorithm, key)` and ciphers.
_JWT = frozenset({"jsonwebtoken"})
_JWT_KEYS = {"sign": 1, "verify": 1}
_CRYPTO_KEYS = {"createHmac": 1, "createCipheriv": 1, "createDecipheriv": 1}


def _keys_passed(file: ScriptFile) -> Iterator[tuple[str, Node]]:
    """(a key's name, the literal) for each literal passed where a function takes its key."""
    text = file.text
    if not any(word in text for word in ("jsonwebtoken", "jwt.", "createHmac", "ipheriv")):
        return
    named, spaces = module_bindings(file, _JWT)
    for call in file.nodes("call_expression"):
        owner, _, function = call_name(file, call).rpartition(".")
        jwt = owner in spaces or owner == "jwt" or (not owner and named.get(function) in _JWT_KEYS)
        position = _JWT_KEYS.get(named.get(function, function)) if jwt else None
        if position is None:
            position = _CRYPTO_KEYS.get(method_name(file, call))
        given = arguments(call)
        if position is not None and len(given) > position and given[position].type in _LITERALS:
            yield "secret", given[position]


@check(_NO_HARDCODED_SECRETS)
def no_hardcoded_secrets_in_scripts(file: ScriptFile) -> Iterator[Finding]:
    """Passwords, keys and tokens written into TypeScript/JavaScript code as literals.

    A literal bound to a secret's name (a variable, an assignment, an object property, a class
    field, a parameter's default, a JSX attribute, a comparison or a `??`/`||` fallback), and
    any literal that holds a token format, a password inside a URL or a random-looking key.
    """
    reported: set[int] = set()
    for name, literal in _script_bound(file):
        value = script_string(file, literal)
        if value in _CREDENTIALS_MODES and name.lower().endswith("credentials"):
            continue  # `fetch(url, { credentials: "include" })`
        if name and value is not None and literal.id not in reported and secret_value(name, value):
            reported.add(literal.id)
            yield Finding.at_script_node(
                file, literal, f"{name!r} holds a hardcoded secret literal"
            )
    for literal in file.nodes("string", "template_string"):
        value = script_string(file, literal)
        if literal.id in reported or (value is None and literal.type == "string"):
            continue
        kind = literal_secret_kind(value) if value is not None else _template_token(file, literal)
        if kind is not None:
            yield Finding.at_script_node(file, literal, f"string literal holds {kind}")


def _template_token(file: ScriptFile, template: Node) -> str | None:
    """A token format in the literal pieces of a template with `${...}` substitutions."""
    for part in template.named_children:
        if part.type == "string_fragment":
            for kind, _, _ in find_tokens(file.text_of(part)):
                return f"a {kind}"
    return None


CHECKS: tuple[Check, ...] = (no_hardcoded_secrets, no_hardcoded_secrets_in_scripts)
