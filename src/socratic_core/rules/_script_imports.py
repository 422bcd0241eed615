"""What a TypeScript/JavaScript file imports, as written, and where a relative import leads.

`script_imports()` reads `import ... from`, `export ... from`, `require()` and dynamic `import()`
with a string specifier. Each becomes a `ScriptImport` with the specifier exactly as written
(`./db`, `@/lib/db`, `react`), so path aliases are matched as the author wrote them.
`resolve()` turns a relative specifier into one of the output's files the way bundlers and
TypeScript do: the path itself, then with each script extension, then its `index.*`; a `.js`
specifier also finds the `.ts` file it is compiled from.

A summary keeps only the imports that run when the module loads (`runtime_imports()`): static
imports and exports that are not type-only, and `require()` at the top level. That is what can
make a cycle, as Python's module-level imports do; a dynamic `import()` or a `require()` inside a
function runs later.
"""

from __future__ import annotations

import posixpath
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import tree_sitter

    from socratic_core.rules._script import ScriptFile

__all__ = ["ScriptImport", "resolve", "runtime_imports", "script_imports"]

_EXTENSIONS = (".ts", ".tsx", ".mts", ".cts", ".js", ".jsx", ".mjs", ".cjs")
_COMPONENTS = (".vue", ".svelte", ".astro")
_COMPILED = {".js": (".ts", ".tsx"), ".jsx": (".tsx",), ".mjs": (".mts",), ".cjs": (".cts",)}
_DECLARATIONS = ("lexical_declaration", "variable_declaration", "expression_statement")


@dataclass(frozen=True, slots=True)
class ScriptImport:
    """One import of a TypeScript/JavaScript file (picklable: summaries keep these).

    Attributes:
        specifier: The module as written (`./db`, `@/lib/db`, `react`).
        kind: `import`, `export` (`export ... from`), `require` or `dynamic` (`import()`).
        type_only: Whether it imports types only (`import type`, every name `type`): erased
            when the code is compiled, so it runs nothing.
        line: 1-based line of the statement or call.
        column: 1-based column.
        end_line: 1-based end line.
        end_column: 1-based end column (exclusive).
    """

    specifier: str
    kind: str
    type_only: bool
    line: int
    column: int
    end_line: int
    end_column: int

    @property
    def relative(self) -> bool:
        """Whether the specifier is a path relative to the file (`./x`, `../x`)."""
        return self.specifier.startswith(("./", "../")) or self.specifier in (".", "..")


def _string(script: ScriptFile, node: tree_sitter.Node | None) -> str | None:
    if node is None or node.type != "string":
        return None
    return script.text_of(node)[1:-1]


def _type_only(node: tree_sitter.Node) -> bool:
    if any(child.type == "type" for child in node.children):
        return True  # `import type {...}`, `export type {...} from`
    clause = next((c for c in node.named_children if c.type in ("import_clause",)), None)
    named = clause.named_children if clause is not None else []
    if len(named) != 1 or named[0].type != "named_imports":
        return False
    specifiers = named[0].named_children
    return bool(specifiers) and all(
        any(part.type == "type" for part in s.children) for s in specifiers
    )


def _site(
    script: ScriptFile, node: tree_sitter.Node, specifier: str, kind: str, type_only: bool = False
) -> ScriptImport:
    line, column = script.position(node)
    end_line, end_column = script.end_position(node)
    return ScriptImport(specifier, kind, type_only, line, column, end_line, end_column)


def _from_statement(script: ScriptFile, node: tree_sitter.Node) -> ScriptImport | None:
    specifier = _string(script, node.child_by_field_name("source"))
    if specifier is None:
        return None
    kind = "import" if node.type == "import_statement" else "export"
    return _site(script, node, specifier, kind, _type_only(node))


def _from_call(script: ScriptFile, node: tree_sitter.Node) -> ScriptImport | None:
    function = node.child_by_field_name("function")
    arguments = node.child_by_field_name("arguments")
    if function is None or arguments is None or not arguments.named_children:
        return None
    if function.type == "import":
        kind = "dynamic"
    elif function.type == "identifier" and script.text_of(function) == "require":
        kind = "require"
    else:
        return None
    specifier = _string(script, arguments.named_children[0])
    return None if specifier is None else _site(script, node, specifier, kind)


def script_imports(script: ScriptFile) -> Iterator[ScriptImport]:
    """Yield every import of a file with a string specifier, in source order.

    Args:
        script: The parsed file.

    Yields:
        Static imports and `export ... from`, `require("...")` and `import("...")` calls.
    """
    for node in script.nodes("import_statement", "export_statement", "call_expression"):
        found = _from_call(script, node) if node.type == "call_expression" else None
        if node.type != "call_expression":
            found = _from_statement(script, node)
        if found is not None:
            yield found


def runtime_imports(script: ScriptFile) -> tuple[ScriptImport, ...]:
    """Return the imports that run when the module loads (what can make an import cycle).

    Reads only the file's top-level statements, so it costs what the file's outline costs.

    Args:
        script: The parsed file.

    Returns:
        Static imports and exports that are not type-only, and top-level `require()` calls
        (`const db = require("./db")`, `require("./setup")`).
    """
    found: list[ScriptImport] = []
    for node in script.root.named_children:
        if node.type in ("import_statement", "export_statement"):
            site = _from_statement(script, node)
            if site is not None and not site.type_only:
                found.append(site)
        elif node.type in _DECLARATIONS:
            found += _top_level_requires(script, node)
    return tuple(found)


def _top_level_requires(script: ScriptFile, statement: tree_sitter.Node) -> Iterable[ScriptImport]:
    """`require()` calls that are a declaration's value or a statement of their own."""
    values = [statement.named_children[0]] if statement.type == "expression_statement" else []
    for declarator in statement.named_children:
        if declarator.type == "variable_declarator":
            value = declarator.child_by_field_name("value")
            values += [value] if value is not None else []
    for value in values:
        site = _from_call(script, value) if value.type == "call_expression" else None
        if site is not None and site.kind == "require":
            yield site


def resolve(importer: str, specifier: str, files: Mapping[str, str]) -> str | None:
    """Return the output file a relative specifier names, or None (a package, an alias, absent).

    Args:
        importer: The importing file's path.
        specifier: The specifier as written (`./db`, `../lib/index.js`).
        files: Every file of the output, its normalised path (`posixpath.normpath`) -> its
            path as given.

    Returns:
        The path: as written, with a script extension, its `index.*`, or the `.ts` source of
        a `.js` specifier.
    """
    if not (specifier.startswith(("./", "../")) or specifier in (".", "..")):
        return None
    base = posixpath.normpath(posixpath.join(posixpath.dirname(importer), specifier))
    stem, suffix = posixpath.splitext(base)
    candidates = [base, *(f"{stem}{ts}" for ts in _COMPILED.get(suffix, ()))]
    candidates += [f"{base}{ext}" for ext in (*_EXTENSIONS, *_COMPONENTS)]
    candidates += [f"{base}/index{ext}" for ext in _EXTENSIONS]
    return next((files[path] for path in candidates if path in files), None)
