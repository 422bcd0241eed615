"""The structural checks on TypeScript and JavaScript, under the ids of their Python checks.

One rule, several languages: "Functions under 40 lines" is `quality.max-function-length(max=40)`
whichever language the output is in. Each check here shares its Python check's declaration (so
instruction text resolves to one rule) and reads what tree-sitter parsed: function and method
lengths and cyclomatic complexity, file and line length, imports as written (forbidden imports,
cycles between files) and numbers compared against without a name. They count as the Python
checks count, so a limit means the same thing in both languages.
"""

from __future__ import annotations

import builtins
import posixpath
from collections.abc import Callable, Iterator, Mapping
from fnmatch import fnmatchcase
from typing import TYPE_CHECKING

from socratic_core.rules._analysis import module_name
from socratic_core.rules._checks import Check, CheckContext, Finding, mentions
from socratic_core.rules._declare import check
from socratic_core.rules._nodes import ParamValue
from socratic_core.rules._results import Location
from socratic_core.rules._script import SCRIPT_LANGUAGES, ScriptFile, is_script
from socratic_core.rules.builtin import architecture, quality
from socratic_core.rules.builtin.architecture import import_cycles, matches_module, module_pattern
from socratic_core.rules.builtin.quality import (
    decisions_at_least_max,
    file_length_findings,
    longer_than_max,
)
from socratic_core.rules.builtin.ruff_rules import RUFF_RULES

if TYPE_CHECKING:
    import tree_sitter

    from socratic_core.rules._script_imports import ScriptImport

__all__ = ["CHECKS", "FUNCTIONS", "function_names"]

FUNCTIONS = (
    "function_declaration",
    "generator_function_declaration",
    "function_expression",
    "generator_function",
    "arrow_function",
    "method_definition",
)
"""The node types of everything with a body that runs when called."""

# Where a path through a function branches (mccabe's decisions, in TypeScript's syntax).
_DECISIONS = (
    "if_statement",
    "for_statement",
    "for_in_statement",
    "while_statement",
    "do_statement",
    "switch_case",
    "catch_clause",
    "ternary_expression",
    "binary_expression",
)
_SHORT_CIRCUIT = frozenset({"&&", "||", "??"})
# Every decision above is one of these (`?` also finds `??`, ternaries and optional chaining).
_may_be_too_complex = decisions_at_least_max(r"\b(?:if|for|while|do|case|catch)\b|&&|\|\||\?")
_COMPARISONS = frozenset({"===", "!==", "==", "!=", "<", ">", "<=", ">="})
# Where a function gets the name it is bound to: the binding's node type -> (name, value) fields.
_NAME_FIELDS = {
    "variable_declarator": "name",
    "pair": "key",
    "assignment_expression": "left",
    "public_field_definition": "name",
}
_VALUE_FIELDS = {
    "variable_declarator": "value",
    "pair": "value",
    "assignment_expression": "right",
    "public_field_definition": "value",
}


def function_names(file: ScriptFile) -> Callable[[tree_sitter.Node], str]:
    """Return what each function of a file is called: its own name, or the name it is bound to.

    Read from the bindings down (no parent lookups, which cost the node's depth each), so
    naming every function of a file costs the size of the file.

    Args:
        file: The file.

    Returns:
        A function of a node of one of the `FUNCTIONS` types: `f` for `function f`,
        `const f = () => ...` and `{ f: function () {} }`, a method's name, or
        `<anonymous>` for a function passed straight to a call.
    """
    bound: dict[tuple[int, int], str] = {}
    for kind, name_field in _NAME_FIELDS.items():  # one type at a time: no order needed
        for binding in file.nodes(kind):
            value = binding.child_by_field_name(_VALUE_FIELDS[kind])
            name = binding.child_by_field_name(name_field)
            if value is not None and name is not None and value.type in FUNCTIONS:
                bound[(value.start_byte, value.end_byte)] = file.text_of(name)

    def name_of(node: tree_sitter.Node) -> str:
        own = node.child_by_field_name("name")
        if own is not None:
            return file.text_of(own)
        return bound.get((node.start_byte, node.end_byte), "<anonymous>")

    return name_of


# --- sizes ---------------------------------------------------------------------------------------
@check(quality.max_function_length.declaration, prefilter=longer_than_max)
def max_function_length(file: ScriptFile, max: int) -> Iterator[Finding]:
    """Functions, arrow functions and methods longer than `max` lines (first to last line)."""
    name_of: Callable[[tree_sitter.Node], str] | None = None  # only once one is too long
    for kind in FUNCTIONS:  # one type at a time: the engine sorts the findings
        for node in file.nodes(kind):
            length = node.end_point.row - node.start_point.row + 1
            if length <= max:
                continue
            name_of = name_of or function_names(file)
            message = f"{name_of(node)}() is {length} lines long (max {max})"
            line, column = file.position(node)
            yield Finding.at_line(file, line, message, column)


@check(quality.max_file_length.declaration, prefilter=longer_than_max)
def max_file_length(file: ScriptFile, max: int) -> Iterator[Finding]:
    """Files longer than `max` lines."""
    yield from file_length_findings(file, max)


def _long_line_is_one_word(text: str) -> bool:
    """A line that is one word (a URL, a long import path), maybe after `//`: ruff lets it be."""
    body = text.strip().removeprefix("//").removeprefix("/*").removeprefix("*").strip()
    return not any(c.isspace() for c in body)


def _has_a_long_line(text: str, params: Mapping[str, ParamValue]) -> bool:
    """Whether any line is longer than `max` characters (else no line can be flagged)."""
    limit = params.get("max")
    if isinstance(limit, bool) or not isinstance(limit, int | float):
        return True
    return builtins.max(map(len, text.split("\n")), default=0) > limit


@check(RUFF_RULES["quality.max-line-length"].declaration, prefilter=_has_a_long_line)
def max_line_length(file: ScriptFile, max: int) -> Iterator[Finding]:
    """Lines longer than `max` characters (in a component file, lines of its script blocks).

    A line that is a single word (a long URL, maybe in a comment) is left alone, as ruff's
    E501 leaves it on the Python side.
    """
    lines = file.lines.lines
    if builtins.max(map(len, lines), default=0) <= max:
        return  # the common case, without a loop in Python (`max` is the rule's parameter)
    parsed = file.source.split(b"\n") if file.path.endswith((".vue", ".svelte", ".astro")) else ()
    for number, text in enumerate(lines, start=1):
        if len(text) <= max or _long_line_is_one_word(text):
            continue
        if parsed and not parsed[number - 1].strip(b" ;\r"):
            continue  # markup, not script
        message = f"line is {len(text)} characters long (max {max})"
        yield Finding(message, Location(file.path, number, max + 1, number, len(text) + 1))


# --- complexity ----------------------------------------------------------------------------------
def _is_decision(node: tree_sitter.Node) -> bool:
    if node.type != "binary_expression":
        return True
    operator = node.child_by_field_name("operator")
    return operator is not None and operator.type in _SHORT_CIRCUIT


def _complexities(file: ScriptFile) -> Iterator[tuple[tree_sitter.Node, int]]:
    """Each function with 1 + the decisions inside it (not inside functions nested in it).

    One pass over the functions and decisions in source order, with a stack of the functions
    still open: the innermost one owns each decision. Linear however deep they nest.
    """
    functions = frozenset(FUNCTIONS)
    open_functions: list[tree_sitter.Node] = []
    counts: list[int] = []
    for node in file.nodes(*FUNCTIONS, *_DECISIONS):
        while open_functions and open_functions[-1].end_byte <= node.start_byte:
            yield open_functions.pop(), counts.pop()
        if node.type in functions:
            open_functions.append(node)
            counts.append(1)
        elif open_functions and _is_decision(node):
            counts[-1] += 1
    while open_functions:
        yield open_functions.pop(), counts.pop()


@check(quality.max_complexity.declaration, prefilter=_may_be_too_complex)
def max_complexity(file: ScriptFile, max: int) -> Iterator[Finding]:
    """Functions whose cyclomatic complexity is over `max`.

    1 + each `if` (an `else if` is one more), loop, `case`, `catch`, `? :`, `&&`, `||`, `??`.
    """
    found = sorted(_complexities(file), key=lambda pair: pair[0].start_byte)
    name_of = function_names(file) if any(n > max for _, n in found) else None
    for node, complexity in found:
        if complexity > max and name_of is not None:
            name = name_of(node)
            message = f"{name}() has cyclomatic complexity {complexity} (max {max})"
            line, column = file.position(node)
            yield Finding.at_line(file, line, message, column)


# --- imports -------------------------------------------------------------------------------------
def _at_import(path: str, site: ScriptImport, message: str) -> Finding:
    return Finding(message, Location(path, site.line, site.column, site.end_line, site.end_column))


def _imported_module(path: str, specifier: str) -> str | None:
    """The dotted module a relative specifier names (`../db/client` from `src/api/x.ts`)."""
    if not specifier.startswith("."):
        return None
    joined = posixpath.normpath(posixpath.join(posixpath.dirname(path), specifier))
    return module_name(f"{posixpath.splitext(joined)[0] if is_script(joined) else joined}.ts")


def _names_target(path: str, specifier: str, target: str) -> bool:
    """Whether an import names the target: as written (`@/lib/db`, `axios`), or by module."""
    written = target.strip().strip("`'\"").rstrip("/")
    if fnmatchcase(specifier, written) or specifier.startswith(f"{written}/"):
        return True
    module = _imported_module(path, specifier)
    return module is not None and matches_module(module, module_pattern(target))


@check(architecture.forbidden_import.declaration, prefilter=mentions("import", "require"))
def forbidden_import(file: ScriptFile, source: str, target: str) -> Iterator[Finding]:
    """Imports, `export ... from`, `require()` and `import()` of what a module must not import.

    The importing module is the file's path as a module (`src/api/users.ts` is `api.users`)
    or matches `source` as a path glob; the import is matched as written (`@/lib/db`) or,
    when relative, by the module it resolves to.
    """
    module = module_name(file.path)
    wanted = source.strip().strip("`'\"")
    if not (matches_module(module, module_pattern(source)) or fnmatchcase(file.path, wanted)):
        return
    from socratic_core.rules._script_imports import script_imports  # noqa: PLC0415 - scripts

    for site in script_imports(file):
        if _names_target(file.path, site.specifier, target):
            message = f"{module} must not import {target} (imports {site.specifier})"
            yield _at_import(file.path, site, message)


@check(architecture.no_circular_imports.declaration, cross_file=True, languages=SCRIPT_LANGUAGES)
def no_circular_imports(context: CheckContext) -> Iterator[Finding]:
    """Script files that import each other, directly or through others (relative imports)."""
    from socratic_core.rules._script_imports import resolve  # noqa: PLC0415 - scripts

    scripts = [f for f in context.analysis.files if is_script(f.path)]
    files = {posixpath.normpath(f.path): f.path for f in scripts}
    edges: dict[str, dict[str, ScriptImport]] = {}
    for source in scripts:
        targets: dict[str, ScriptImport] = {}
        for site in source.script_imports:
            found = resolve(source.path, site.specifier, files)
            if found is not None and found != source.path:
                targets.setdefault(found, site)
        edges[source.path] = targets
    for cycle in import_cycles({path: frozenset(targets) for path, targets in edges.items()}):
        members = set(cycle)
        shown = " -> ".join([*cycle, cycle[0]])
        for path in cycle:
            if not context.in_scope(path):
                continue
            hits = [(site.line, site.column, t) for t, site in edges[path].items() if t in members]
            target = min(hits)[2]
            message = f"{path} imports {target}: cycle {shown}"
            yield _at_import(path, edges[path][target], message)


# --- magic numbers -------------------------------------------------------------------------------
def _number(text: str) -> float | None:
    cleaned = text.replace("_", "").lower().removesuffix("n")
    try:
        return float(int(cleaned, 0)) if cleaned[:2] in ("0x", "0o", "0b") else float(cleaned)
    except ValueError:
        return None


@check(RUFF_RULES["quality.no-magic-numbers"].declaration)
def no_magic_numbers(file: ScriptFile) -> Iterator[Finding]:
    """Numbers compared against without a name (`if (retries > 3)`), as ruff's PLR2004 reads.

    0 and 1 are not magic; neither is a negative number (`-1`), nor a number anywhere but a
    comparison (an index, an enum member, a constant's value, a default parameter).
    """
    for node in file.nodes("binary_expression"):
        operator = node.child_by_field_name("operator")
        if operator is None or operator.type not in _COMPARISONS:
            continue
        for side in (node.child_by_field_name("left"), node.child_by_field_name("right")):
            if side is None or side.type != "number":
                continue
            if _number(file.text_of(side)) not in (0.0, 1.0):
                message = f"magic number {file.text_of(side)} in a comparison"
                yield Finding.at_script_node(file, side, message)


CHECKS: tuple[Check, ...] = (
    max_function_length,
    max_file_length,
    max_line_length,
    max_complexity,
    forbidden_import,
    no_circular_imports,
    no_magic_numbers,
)
