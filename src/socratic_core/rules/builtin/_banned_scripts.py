"""Where a TypeScript or JavaScript file uses a banned API: the script side of banned-api.

Read from the tree-sitter tree the engine parsed once (`ScriptFile.nodes`):

- a call `name()`: `call_expression` whose callee is `name`, and `new name(...)`;
- a name `a.b`: an identifier or member chain that is `a.b` (`a?.b` too), outside imports;
- `import:module`: `import ... from`, `export ... from`, `require()` and `import()` of the
  module or a path under it (`lodash/fp` is under `lodash`);
- an element `<a>` (`<a href>`): JSX opening and self-closing elements of that name (that carry
  the attribute);
- an attribute `style=`: a JSX attribute of that name.

A global reached through `window.`, `globalThis.` or `self.` is the global itself:
`window.setInterval(...)` is a call of `setInterval`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING

from socratic_core.rules._patterns import lazy
from socratic_core.rules._replacement import ApiPattern, PatternKind
from socratic_core.rules._script import ScriptFile

if TYPE_CHECKING:
    import tree_sitter  # start-up: a Python-only run never loads the parser library

__all__ = ["script_uses"]

_GLOBALS = ("window.", "globalThis.", "self.")
_DOTTED = lazy(r"[\w$]+(?:\.[\w$]+)*")
_IMPORT_PARTS = frozenset({"import_clause", "import_specifier", "namespace_import", "import"})
_STRING_QUOTES = "'\"`"


def script_uses(script: ScriptFile, pattern: ApiPattern) -> Iterator[tree_sitter.Node]:
    """The nodes of a script that use what the pattern names, in source order.

    Args:
        script: The parsed file.
        pattern: The banned API.

    Returns:
        An iterator over the calls, names, imports, elements or attributes it names.
    """
    return _READERS[pattern.kind](script, pattern)


def _dotted(script: ScriptFile, node: tree_sitter.Node | None) -> str:
    """The dotted name a callee or member chain spells (`a?.b` as `a.b`), else ""."""
    if node is None or node.type not in ("identifier", "member_expression"):
        return ""
    text = "".join(script.text_of(node).split()).replace("?.", ".")
    if not _DOTTED.fullmatch(text):
        return ""
    for prefix in _GLOBALS:
        if text.startswith(prefix) and text != prefix[:-1]:
            return text[len(prefix) :]
    return text


def _calls(script: ScriptFile, pattern: ApiPattern) -> Iterator[tree_sitter.Node]:
    for node in script.nodes("call_expression", "new_expression"):
        field = "function" if node.type == "call_expression" else "constructor"
        if _dotted(script, node.child_by_field_name(field)) == pattern.name:
            yield node


def _names(script: ScriptFile, pattern: ApiPattern) -> Iterator[tree_sitter.Node]:
    for node in script.nodes("identifier", "member_expression"):
        if _dotted(script, node) == pattern.name and not _in_import(node):
            yield node


def _in_import(node: tree_sitter.Node) -> bool:
    parent = node.parent
    return parent is not None and parent.type in _IMPORT_PARTS


def _imports(script: ScriptFile, pattern: ApiPattern) -> Iterator[tree_sitter.Node]:
    for node in script.nodes("import_statement", "export_statement", "call_expression"):
        if node.type == "call_expression":
            callee = node.child_by_field_name("function")
            named = callee is not None and script.text_of(callee) in ("require", "import")
            arguments = node.child_by_field_name("arguments")
            source = arguments.named_children[0] if named and arguments is not None else None
            if source is not None and source.type != "string":
                source = None
        else:
            source = node.child_by_field_name("source")
        if source is not None and _under(script.text_of(source).strip(_STRING_QUOTES), pattern):
            yield node


def _under(module: str, pattern: ApiPattern) -> bool:
    return module == pattern.name or module.startswith(f"{pattern.name}/")


def _elements(script: ScriptFile, pattern: ApiPattern) -> Iterator[tree_sitter.Node]:
    for node in script.nodes("jsx_opening_element", "jsx_self_closing_element"):
        name = node.child_by_field_name("name")
        if name is None or script.text_of(name) != pattern.name:
            continue
        if not pattern.attribute or any(
            _attribute_name(script, child) == pattern.attribute
            for child in node.named_children
            if child.type == "jsx_attribute"
        ):
            yield node


def _attribute_name(script: ScriptFile, node: tree_sitter.Node) -> str:
    name = node.named_children[0] if node.named_children else None
    return script.text_of(name) if name is not None else ""


def _attributes(script: ScriptFile, pattern: ApiPattern) -> Iterator[tree_sitter.Node]:
    return (
        node
        for node in script.nodes("jsx_attribute")
        if _attribute_name(script, node) == pattern.name
    )


_READERS: dict[PatternKind, Callable[[ScriptFile, ApiPattern], Iterator[tree_sitter.Node]]] = {
    PatternKind.CALL: _calls,
    PatternKind.NAME: _names,
    PatternKind.IMPORT: _imports,
    PatternKind.ELEMENT: _elements,
    PatternKind.ATTRIBUTE: _attributes,
}
