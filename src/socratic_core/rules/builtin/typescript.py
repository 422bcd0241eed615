"""Built-in TypeScript/JavaScript checks: `any`, `x!`, enums, `import type`, `===`, `let`, exports.

These read only TypeScript and JavaScript (`.ts`, `.tsx`, `.js`, `.jsx` and the script blocks
of `.vue`, `.svelte`, `.astro`); the type checks find nothing in JavaScript, which has no types.
Each finds what the TypeScript compiler and ESLint's rule of the same name would, and keeps
silent on the idioms those rules allow: `declare var` in an ambient declaration, a `let` that is
reassigned anywhere in the file, the default exports that frameworks require.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from socratic_core.rules._checks import Check, Finding, mentions
from socratic_core.rules._declare import check
from socratic_core.rules._nodes import Category, Frame
from socratic_core.rules._patterns import lazy
from socratic_core.rules._script import Language
from socratic_core.rules.builtin._scripts import bound_names, string_value

if TYPE_CHECKING:
    from tree_sitter import Node

    from socratic_core.rules._script import ScriptFile

__all__ = ["CHECKS"]

_TYPED = (Language.TYPESCRIPT, Language.TSX)


@check(
    id="quality.no-any",
    category=Category.QUALITY,
    languages=_TYPED,
    # "No `any`" reads nothing yet: the normaliser drops `any` as a stopword, so the frame
    # names the other side ("use `unknown` instead of `any`").
    frames=(
        Frame(
            concepts=(("anytype", "anytype type", "anytype types", "anytype cast"),),
            excludes=("without", "unless", "justification", "justified", "except"),
        ),
        Frame(
            concepts=(("unknown",), ("instead", "rather than", "over")),
            forbids=False,
            excludes=("error", "errors", "exception", "exceptions", "input", "key", "keys"),
        ),
    ),
    fix_hint="Name the type, or use `unknown` and narrow it.",
    forbids=True,
)
def no_any(file: ScriptFile) -> Iterator[Finding]:
    """Explicit `any` types: annotations, type arguments and `as any` assertions."""
    for node in file.nodes("predefined_type"):
        if file.text_of(node) != "any":
            continue
        asserted = node.parent is not None and node.parent.type == "as_expression"
        message = "`as any` turns type checking off" if asserted else "explicit `any` type"
        yield Finding.at_script_node(file, node, message)


@check(
    id="quality.no-non-null-assertion",
    category=Category.QUALITY,
    languages=_TYPED,
    frames=(
        Frame(concepts=(("non-null assertion", "non-null assertions", "non null assertion"),)),
        Frame(concepts=(("non-null", "bang"), ("assertion", "assertions", "operator"))),
    ),
    fix_hint="Check for null (or use optional chaining) instead of asserting.",
    forbids=True,
)
def no_non_null_assertion(file: ScriptFile) -> Iterator[Finding]:
    """Non-null assertions (`value!`)."""
    for node in file.nodes("non_null_expression"):
        yield Finding.at_script_node(file, node, "non-null assertion `!` hides a possible null")


@check(
    id="quality.no-enum",
    prefilter=mentions("enum"),
    category=Category.QUALITY,
    languages=_TYPED,
    frames=(Frame(concepts=(("enum", "enums", "const enum", "typescript enum"),)),),
    fix_hint="Use a const object (`as const`) and a union of its values.",
    forbids=True,
)
def no_enum(file: ScriptFile) -> Iterator[Finding]:
    """`enum` and `const enum` declarations."""
    for node in file.nodes("enum_declaration"):
        name = node.child_by_field_name("name")
        label = file.text_of(name) if name is not None else "enum"
        yield Finding.at_script_node(file, node, f"enum {label}; use a const object instead")


# --- import type ---------------------------------------------------------------------------------
_TYPE_CONTEXTS = frozenset({"nested_type_identifier", "type_query"})
# Where an identifier is the name an import binds, not a use of it.
_IMPORT_BINDINGS = frozenset({"import_specifier", "import_clause", "namespace_import"})


def _uses(file: ScriptFile) -> tuple[set[str], set[str]]:
    """(names used as values, names used as types) outside import statements."""
    values: set[str] = set()
    types = {file.text_of(node) for node in file.nodes("type_identifier")}
    for node in file.nodes("identifier", "shorthand_property_identifier"):
        name = file.text_of(node)
        context = node.parent
        while context is not None and context.type in ("member_expression", "nested_identifier"):
            context = context.parent
        if context is not None and context.type in _TYPE_CONTEXTS:
            types.add(name)
        elif node.parent is None or node.parent.type not in _IMPORT_BINDINGS:
            values.add(name)
    return values, types


def _inside(node: Node, kind: str) -> bool:
    parent = node.parent
    while parent is not None:
        if parent.type == kind:
            return True
        parent = parent.parent
    return False


def _value_imports(file: ScriptFile) -> Iterator[tuple[Node, str]]:
    """Every name an `import` (not `import type`) binds, with the node that binds it."""
    for statement in file.nodes("import_statement"):
        if any(child.type == "type" for child in statement.children):
            continue  # `import type { A } from ...`
        source = string_value(file, statement.child_by_field_name("source")) or ""
        for clause in statement.named_children:
            if clause.type != "import_clause":
                continue
            for part in clause.named_children:
                if part.type == "identifier":
                    yield part, source
                elif part.type == "namespace_import":
                    yield from ((name, source) for name in part.named_children)
                elif part.type == "named_imports":
                    yield from _specifiers(part, source)


def _specifiers(named: Node, source: str) -> Iterator[tuple[Node, str]]:
    for specifier in named.named_children:
        if specifier.type != "import_specifier" or specifier.children[0].type == "type":
            continue  # `import { type A }`
        alias = specifier.child_by_field_name("alias") or specifier.child_by_field_name("name")
        if alias is not None:
            yield alias, source


@check(
    id="quality.import-type",
    category=Category.QUALITY,
    languages=_TYPED,
    frames=(
        Frame(concepts=(("import type", "type-only import", "type-only imports", "type import"),)),
        Frame(concepts=(("type modifier", "type keyword"), ("import", "imported", "importing"))),
    ),
    fix_hint="Write `import type { T }` (or `import { type T }`) for names used only as types.",
)
def import_type(file: ScriptFile) -> Iterator[Finding]:
    """Imported names used only as types, imported without `import type`."""
    if file.path.endswith(".d.ts"):
        return
    imported = list(_value_imports(file))
    if not imported:
        return
    values, types = _uses(file)
    jsx = next(file.nodes("jsx_opening_element", "jsx_self_closing_element"), None) is not None
    for node, source in imported:
        name = file.text_of(node)
        if jsx and source in ("react", "preact"):
            continue  # the classic JSX transform calls React.createElement
        if name in types and name not in values:
            message = f"{name} is used only as a type; import it with `import type`"
            yield Finding.at_script_node(file, node, message)


# --- operators and declarations ------------------------------------------------------------------
@check(
    id="quality.strict-equality",
    category=Category.QUALITY,
    frames=(
        Frame(
            concepts=(
                ("tripleequals", "strict equality", "triple equals", "eqeqeq", "strict comparison"),
            )
        ),
        Frame(concepts=(("loose equality", "double equals", "loose comparison"),), forbids=True),
    ),
    fix_hint="Compare with `===` / `!==`.",
)
def strict_equality(file: ScriptFile) -> Iterator[Finding]:
    """`==` and `!=`, `== null` included (compare with `=== null || === undefined`)."""
    for node in file.nodes("binary_expression"):
        operator = node.child_by_field_name("operator")
        if operator is not None and operator.type in ("==", "!="):
            strict = f"{operator.type}="
            message = f"`{operator.type}` compares with type coercion; use `{strict}`"
            yield Finding.at_script_node(file, operator, message)


def _reassigned(file: ScriptFile) -> set[str]:
    names: set[str] = set()
    kinds = ("assignment_expression", "augmented_assignment_expression", "for_in_statement")
    for node in file.nodes(*kinds):
        if node.type == "for_in_statement" and node.child_by_field_name("kind") is not None:
            continue  # `for (const x of xs)` declares, it does not reassign
        names.update(file.text_of(name) for name in bound_names(node.child_by_field_name("left")))
    for node in file.nodes("update_expression"):
        target = node.child_by_field_name("argument")
        if target is not None and target.type == "identifier":
            names.add(file.text_of(target))
    return names


def _let_bindings(file: ScriptFile) -> Iterator[tuple[Node, list[Node]]]:
    """Each `let` declaration (or `for (let x of ...)` head) with the names it binds."""
    for node in file.nodes("lexical_declaration", "for_in_statement"):
        kind = node.child_by_field_name("kind") if node.type == "for_in_statement" else None
        keyword = kind if kind is not None else node.children[0]
        if keyword.type != "let":
            continue
        if node.type == "for_in_statement":
            yield node, list(bound_names(node.child_by_field_name("left")))
            continue
        declarators = [d for d in node.named_children if d.type == "variable_declarator"]
        if all(d.child_by_field_name("value") is not None for d in declarators):
            yield node, [n for d in declarators for n in bound_names(d.child_by_field_name("name"))]


@check(
    id="quality.prefer-const",
    category=Category.QUALITY,
    frames=(
        Frame(
            concepts=(("let",), ("const",)),
            forbids=True,
            excludes=("arrow", "destructuring", "feature", "features", "es6", "es6+", "var"),
        ),
        Frame(concepts=(("prefer-const",),)),
        Frame(concepts=(("const",), ("reassigned", "reassign", "reassignment"))),
        # "use const by default" ("const" alone is too little: "use let or const" lists it)
        Frame(concepts=(("const",), ("default",)), forbids=False),
    ),
    fix_hint="Declare it with `const`.",
)
def prefer_const(file: ScriptFile) -> Iterator[Finding]:
    """`let` declarations whose names are never reassigned anywhere in the file."""
    reassigned: set[str] | None = None
    for node, names in _let_bindings(file):
        reassigned = _reassigned(file) if reassigned is None else reassigned
        if names and not any(file.text_of(name) in reassigned for name in names):
            listed = ", ".join(file.text_of(name) for name in names)
            yield Finding.at_script_node(file, node, f"{listed} is never reassigned; use const")


@check(
    id="quality.no-var",
    category=Category.QUALITY,
    frames=(
        Frame(
            concepts=(("var", "var declaration", "var keyword"),),
            excludes=("unused", "env", "environment"),
        ),
    ),
    fix_hint="Declare it with `const` (or `let` when it is reassigned).",
    forbids=True,
)
def no_var(file: ScriptFile) -> Iterator[Finding]:
    """`var` declarations (not `declare var` in an ambient declaration or `.d.ts` file)."""
    if file.path.endswith(".d.ts"):
        return
    for node in file.nodes("variable_declaration"):
        if not _inside(node, "ambient_declaration"):
            yield Finding.at_script_node(file, node, "`var` declaration; use const or let")


# --- export style --------------------------------------------------------------------------------
# Files whose default export a framework requires: Next.js app and pages routes, configuration
# files, Storybook stories.
_FRAMEWORK_DEFAULTS = lazy(
    r"(?:^|/)(?:page|layout|template|loading|error|global-error|not-found|default|route)"
    r"\.[jt]sx?$|(?:^|/)pages/.+\.[jt]sx?$|\.config\.[cm]?[jt]s$|\.stories\.[jt]sx?$"
    r"|(?:^|/)(?:middleware|instrumentation)\.[jt]s$|\.(?:vue|svelte|astro)$"
)
_TYPE_DECLARATIONS = frozenset({"type_alias_declaration", "interface_declaration"})


def _default_exports(file: ScriptFile) -> Iterator[Node]:
    for statement in file.nodes("export_statement"):
        if any(child.type == "default" for child in statement.children):
            yield statement
        for specifier in statement.named_children:
            if specifier.type != "export_clause":
                continue
            for part in specifier.named_children:
                alias = part.child_by_field_name("alias")
                if alias is not None and file.text_of(alias) == "default":
                    yield part


def _named_exports(file: ScriptFile) -> Iterator[Node]:
    for statement in file.nodes("export_statement"):
        declaration = statement.child_by_field_name("declaration")
        if statement.child_by_field_name("source") is not None or (
            declaration is not None and declaration.type in _TYPE_DECLARATIONS
        ):
            continue  # re-exports (a barrel) and types
        if any(child.type in ("default", "type") for child in statement.children):
            continue
        yield statement


@check(
    id="quality.export-style",
    category=Category.QUALITY,
    frames=(
        Frame(
            concepts=(("default export",), ("one", "single", "each")),
            forbids=False,
            slots=("style",),
        ),
        Frame(
            concepts=(("named export", "named exports"),),
            forbids=False,
            slots=("style",),
            excludes=("bulk", "individual", "barrel"),
        ),
        Frame(
            concepts=(("default export", "default exports", "export default"),),
            forbids=True,
            slots=(),
        ),
    ),
    choices={"style": ("named", "default")},
    fix_hint="Export the module's names the way the project does.",
)
def export_style(file: ScriptFile, style: str = "named") -> Iterator[Finding]:
    """Default exports (style=named), or named exports beside the one default (style=default).

    Args:
        file: The file.
        style: `named` (no default exports) or `default` (one default export per module).

    Files whose default export a framework requires (Next.js `page`, `layout`, `route`...,
    `pages/`, `*.config.ts`, Storybook stories, middleware) are left alone with style=named.
    """
    if style.lower() == "default":
        for node in _named_exports(file):
            yield Finding.at_script_node(file, node, "named export; export one default instead")
        return
    if _FRAMEWORK_DEFAULTS.search(file.path):
        return
    for node in _default_exports(file):
        yield Finding.at_script_node(file, node, "default export; use a named export instead")


CHECKS: tuple[Check, ...] = (
    no_any,
    no_non_null_assertion,
    no_enum,
    import_type,
    strict_equality,
    prefer_const,
    no_var,
    export_style,
)
