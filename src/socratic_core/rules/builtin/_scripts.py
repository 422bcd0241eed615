"""Small helpers the TypeScript/JavaScript checks share: literals, call names, imports, JSX.

Every helper reads the tree-sitter nodes of a `ScriptFile` (the TypeScript, TSX and JavaScript
grammars name these nodes alike). A *built string* is text made at run time from pieces: a
template literal with `${...}` substitutions, or a `+` whose operands include a string; the
checks for SQL, shell commands and `setTimeout(string)` look for them.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from tree_sitter import Node

    from socratic_core.rules._script import ScriptFile

__all__ = [
    "arguments",
    "bound_names",
    "call_name",
    "is_built_string",
    "jsx_attribute",
    "jsx_elements",
    "key_name",
    "method_name",
    "module_bindings",
    "operator_of",
    "string_value",
]

_ESCAPES = {"n": "\n", "t": "\t", "r": "\r", "0": "\0", "b": "\b", "f": "\f", "v": "\v"}
_STRINGS = frozenset({"string", "template_string"})
_NAMES = frozenset(
    {"identifier", "property_identifier", "shorthand_property_identifier"}
    | {"shorthand_property_identifier_pattern"}
)


def string_value(file: ScriptFile, node: Node | None) -> str | None:
    """Return the value of a string literal (or a template literal without `${}`), else None."""
    if node is None or node.type not in _STRINGS:
        return None
    parts = []
    for child in node.named_children:
        if child.type == "string_fragment":
            parts.append(file.text_of(child))
        elif child.type == "escape_sequence":
            escaped = file.text_of(child)[1:]
            parts.append(_ESCAPES.get(escaped, escaped))
        elif child.type == "template_substitution":
            return None
    return "".join(parts)


def is_built_string(node: Node | None) -> bool:
    """Whether an expression builds text at run time: `` `a ${b}` `` or `"a" + b`.

    Literals joined with `+` (`"SELECT a " + "FROM t"`, a long literal split over lines) build
    nothing: the text is fixed.
    """
    if node is None:
        return False
    while node.type == "parenthesized_expression" and node.named_child_count == 1:
        node = node.named_children[0]
    if node.type == "template_string":
        return _substituted(node)
    if node.type != "binary_expression" or operator_of(node) != "+":
        return False
    return _joins_text_and_values(node)


def _substituted(template: Node) -> bool:
    return any(child.type == "template_substitution" for child in template.named_children)


def _joins_text_and_values(node: Node) -> bool:
    """Whether a `+` chain has a string operand and an operand that is not a fixed literal."""
    text = value = False
    work = [node]
    while work:
        current = work.pop()
        while current.type == "parenthesized_expression" and current.named_child_count == 1:
            current = current.named_children[0]
        if current.type == "binary_expression" and operator_of(current) == "+":
            work.extend(current.named_children)
        elif current.type in _STRINGS:
            text = True
            value = value or _substituted(current)
        elif current.type != "comment":
            value = True
    return text and value


def operator_of(node: Node) -> str:
    """Return a binary or assignment expression's operator (`+`, `===`, `+=`), or ''."""
    operator = node.child_by_field_name("operator")
    return "" if operator is None else operator.type


def call_name(file: ScriptFile, call: Node) -> str:
    """Return the dotted name a call calls (`child_process.exec`, `console.log`), or ''.

    Optional chaining counts as a plain dot (`a?.b()` -> `a.b`); a callee that is not a chain
    of names (`f()()`, `a[0]()`) has no name.
    """
    callee = call.child_by_field_name(
        "function" if call.type == "call_expression" else "constructor"
    )
    parts: list[str] = []
    while callee is not None and callee.type == "member_expression":
        prop = callee.child_by_field_name("property")
        if prop is None:
            return ""
        parts.append(file.text_of(prop))
        callee = callee.child_by_field_name("object")
    if callee is None or callee.type not in ("identifier", "this"):
        return ""
    parts.append(file.text_of(callee))
    return ".".join(reversed(parts))


def method_name(file: ScriptFile, call: Node) -> str:
    """Return the name a call calls last (`query` in `db.pool().query(...)`, `f` in `f()`)."""
    callee = call.child_by_field_name("function")
    if callee is not None and callee.type == "member_expression":
        callee = callee.child_by_field_name("property")
    return file.text_of(callee) if callee is not None else ""


def arguments(call: Node) -> list[Node]:
    """Return a call's arguments (none for a tagged template such as `` sql`...` ``)."""
    given = call.child_by_field_name("arguments")
    if given is None or given.type != "arguments":
        return []
    return [child for child in given.named_children if child.type != "comment"]


def key_name(file: ScriptFile, node: Node | None) -> str:
    """Return the name a property key, binding or assignment target spells, or ''.

    `apiKey`, `"api_key"`, `#secret`, `this.token`, `config["password"]` and `process.env.X`
    give their last name; anything else (a computed key, a call) gives ''.
    """
    if node is None:
        return ""
    kind = node.type
    if kind in _NAMES:
        return file.text_of(node)
    if kind == "private_property_identifier":
        return file.text_of(node).lstrip("#")
    if kind == "member_expression":
        return key_name(file, node.child_by_field_name("property"))
    if kind == "subscript_expression":
        return string_value(file, node.child_by_field_name("index")) or ""
    return string_value(file, node) or ""


def bound_names(node: Node | None) -> Iterator[Node]:
    """Yield the identifiers a binding or assignment target binds (`[a, {b}]` -> a, b)."""
    work = [] if node is None else [node]
    while work:
        current = work.pop()
        if current.type in ("identifier", "shorthand_property_identifier_pattern"):
            yield current
        elif current.type == "pair_pattern":
            value = current.child_by_field_name("value")
            work.extend([value] if value is not None else [])
        elif current.type in ("assignment_pattern", "object_assignment_pattern"):
            left = current.child_by_field_name("left")
            work.extend([left] if left is not None else [])
        elif current.type in ("array_pattern", "object_pattern", "rest_pattern"):
            work.extend(current.named_children)


def module_bindings(file: ScriptFile, modules: frozenset[str]) -> tuple[dict[str, str], set[str]]:
    """Return what a file binds from the given modules: named imports and namespaces.

    `import { exec as run } from "child_process"`, `const { exec: run } =
    require("child_process")` and `const run = require("child_process").exec` bind `run` ->
    `exec`, and so does `const run = cp.exec` after the namespace; `import * as cp`, `import
    cp from` and `const cp = require(...)` bind the namespace `cp`.

    Args:
        file: The file.
        modules: The module names (`child_process`, `node:child_process`).

    Returns:
        (local name -> imported name, namespace names).
    """
    named: dict[str, str] = {}
    namespaces: set[str] = set()
    for statement in file.nodes("import_statement"):
        if string_value(file, statement.child_by_field_name("source")) in modules:
            _imported(file, statement, named, namespaces)
    for declarator in file.nodes("variable_declarator"):
        value = declarator.child_by_field_name("value")
        member = None
        if value is not None and value.type == "member_expression":  # `require("m").exec`
            if _aliased(file, declarator, namespaces, named):
                continue
            member, value = (
                value.child_by_field_name("property"),
                value.child_by_field_name("object"),
            )
        if value is None or value.type != "call_expression" or call_name(file, value) != "require":
            continue
        given = arguments(value)
        if not given or string_value(file, given[0]) not in modules:
            continue
        target = declarator.child_by_field_name("name")
        if target is not None and target.type == "identifier" and member is not None:
            named[file.text_of(target)] = file.text_of(member)
        elif target is not None and target.type == "identifier":
            namespaces.add(file.text_of(target))
        elif target is not None and target.type == "object_pattern" and member is None:
            _destructured(file, target, named)
    return named, namespaces


def _aliased(
    file: ScriptFile, declarator: Node, namespaces: set[str], named: dict[str, str]
) -> bool:
    """Bind `exec` in `const exec = cp.exec` (`cp` a namespace bound before); say if it did."""
    target, value = declarator.child_by_field_name("name"), declarator.child_by_field_name("value")
    owner = value.child_by_field_name("object") if value is not None else None
    member = value.child_by_field_name("property") if value is not None else None
    if owner is None or member is None or target is None or target.type != "identifier":
        return False
    if owner.type != "identifier" or file.text_of(owner) not in namespaces:
        return False
    named[file.text_of(target)] = file.text_of(member)
    return True


def _imported(file: ScriptFile, statement: Node, named: dict[str, str], spaces: set[str]) -> None:
    for clause in statement.named_children:
        if clause.type != "import_clause":
            continue
        for part in clause.named_children:
            if part.type == "identifier":  # the default import
                spaces.add(file.text_of(part))
            elif part.type == "namespace_import":
                spaces.update(file.text_of(name) for name in part.named_children)
            elif part.type == "named_imports":
                for specifier in part.named_children:
                    name = specifier.child_by_field_name("name")
                    alias = specifier.child_by_field_name("alias") or name
                    if name is not None and alias is not None:
                        named[file.text_of(alias)] = file.text_of(name)


def _destructured(file: ScriptFile, pattern: Node, named: dict[str, str]) -> None:
    for part in pattern.named_children:
        if part.type == "shorthand_property_identifier_pattern":
            named[file.text_of(part)] = file.text_of(part)
        elif part.type == "pair_pattern":
            key, value = part.child_by_field_name("key"), part.child_by_field_name("value")
            if key is not None and value is not None and value.type == "identifier":
                named[file.text_of(value)] = key_name(file, key)


def jsx_elements(file: ScriptFile) -> Iterator[Node]:
    """Yield every JSX opening or self-closing element (the nodes that carry attributes)."""
    return file.nodes("jsx_opening_element", "jsx_self_closing_element")


def jsx_attribute(file: ScriptFile, element: Node, name: str) -> Node | None:
    """Return an element's attribute called `name`, or None."""
    for attribute in element.children_by_field_name("attribute"):
        named = attribute.named_children
        if attribute.type == "jsx_attribute" and named and file.text_of(named[0]) == name:
            return attribute
    return None
