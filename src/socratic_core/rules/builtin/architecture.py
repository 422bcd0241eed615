"""Built-in architecture checks: import cycles, forbidden imports, global mutable state."""

from __future__ import annotations

import ast
from collections.abc import Iterator, Mapping
from fnmatch import fnmatchcase

from socratic_core.rules._analysis import PythonFile, SourceFile
from socratic_core.rules._checks import Check, CheckContext, Finding, mentions
from socratic_core.rules._declare import check
from socratic_core.rules._nodes import Category, CheckDeclaration, Frame, ParamSpec
from socratic_core.rules._pywalk import ImportSite

__all__ = ["CHECKS", "import_cycles", "matches_module", "module_pattern"]


def _imports(source: SourceFile) -> tuple[ImportSite, ...]:
    """The imports of a file or of its summary (cross-file checks read summaries)."""
    return source.index.imports if source.index is not None else ()


# --- circular imports ----------------------------------------------------------------------------
def import_cycles(graph: Mapping[str, frozenset[str]]) -> list[list[str]]:
    """Return the strongly connected components of more than one module (Tarjan, iterative).

    Args:
        graph: Module -> the modules it imports.

    Returns:
        Each cycle's modules, sorted; the cycles sorted by their first module.
    """
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    on_stack: set[str] = set()
    stack: list[str] = []
    cycles: list[list[str]] = []
    for root in sorted(graph):
        if root in index:
            continue
        work: list[tuple[str, Iterator[str]]] = [(root, iter(sorted(graph.get(root, ()))))]
        index[root] = low[root] = len(index)
        stack.append(root)
        on_stack.add(root)
        while work:
            node, children = work[-1]
            child = next(children, None)
            if child is None:
                work.pop()
                if work:
                    low[work[-1][0]] = min(low[work[-1][0]], low[node])
                if low[node] == index[node]:
                    cycles += _pop_component(node, stack, on_stack)
            elif child not in index:
                index[child] = low[child] = len(index)
                stack.append(child)
                on_stack.add(child)
                work.append((child, iter(sorted(graph.get(child, ())))))
            elif child in on_stack:
                low[node] = min(low[node], index[child])
    return sorted(cycles)


def _pop_component(node: str, stack: list[str], on_stack: set[str]) -> list[list[str]]:
    component = []
    while True:
        member = stack.pop()
        on_stack.discard(member)
        component.append(member)
        if member == node:
            break
    return [sorted(component)] if len(component) > 1 else []


_NO_CIRCULAR_IMPORTS = CheckDeclaration(
    id="architecture.no-circular-imports",
    category=Category.ARCHITECTURE,
    frames=(
        Frame(concepts=(("circular", "cyclic", "cycle"), ("import", "dependency", "dependencies"))),
        Frame(concepts=(("import cycle", "dependency cycle", "circular"),)),
        Frame(concepts=(("import each other", "depend on each other", "mutually import"),)),
    ),
    description="Modules that import each other, directly or through others.",
    fix_hint="Move the shared code into a module both can import.",
    forbids=True,
)


@check(_NO_CIRCULAR_IMPORTS, cross_file=True, languages=["python"])
def no_circular_imports(context: CheckContext) -> Iterator[Finding]:
    """Generated modules that import each other, directly or through others."""
    graph = context.analysis.import_graph
    files = context.analysis.file_by_module()
    for cycle in import_cycles(graph):
        members = set(cycle)
        for module in cycle:
            source = files[module]
            if not context.in_scope(source):
                continue
            for site in _imports(source):
                hit = [t for t in graph[module] & members if _names_module(site, t)]
                if hit and site.runtime and not site.in_function:
                    message = f"{module} imports {hit[0]}: cycle {' -> '.join([*cycle, cycle[0]])}"
                    yield Finding.at_node(source, site.node, message)
                    break


def _names_module(site: ImportSite, module: str) -> bool:
    return any(name == module or name.startswith(f"{module}.") for name in site.names)


# --- forbidden imports ---------------------------------------------------------------------------
def module_pattern(text: str) -> str:
    """A module glob as a rule writes it (`src/api/**`, `api.py`) in dotted form (`api.*`)."""
    pattern = text.strip().strip("`'\"").replace("/", ".").removesuffix(".py")
    return pattern.replace("**", "*").removeprefix("src.")


def matches_module(name: str, pattern: str) -> bool:
    """Whether a dotted module is the pattern, inside it, or matches it as a glob."""
    if fnmatchcase(name, pattern) or name.startswith(f"{pattern}."):
        return True
    return pattern.endswith(".*") and name == pattern[:-2]


_FORBIDDEN_IMPORT = CheckDeclaration(
    id="architecture.forbidden-import",
    category=Category.ARCHITECTURE,
    phrases=(
        "module {source} import {target}",
        "{source} module import {target}",
        "{source} package import {target}",
        "{source} layer import {target}",
        "{source} import {target}",
        "import {target} from {source}",
        "import {target} in {source}",
        "{source} depend on {target}",
    ),
    params=(
        ParamSpec("source", "str", description="Module (glob) that must not import."),
        ParamSpec("target", "str", description="Module (glob) it must not import."),
    ),
    description="A module that imports another it must not.",
    fix_hint="Invert the dependency or go through the layer in between.",
    forbids=True,
)


@check(_FORBIDDEN_IMPORT, prefilter=mentions("import"))
def forbidden_import(python: PythonFile, source: str, target: str) -> Iterator[Finding]:
    """A module that imports another it must not (module globs)."""
    source_pattern, target_pattern = module_pattern(source), module_pattern(target)
    if not matches_module(python.module, source_pattern):
        return
    for site in python.index.imports:
        bad = [name for name in site.names if matches_module(name, target_pattern)]
        if bad:
            message = f"{python.module} must not import {target_pattern} (imports {bad[0]})"
            yield Finding.at_node(python, site.node, message)


# --- global state (absolute imports are ruff's TID252: builtin/ruff_rules.py) -----------------
_MUTABLE_DISPLAYS = (ast.List, ast.Dict, ast.Set, ast.ListComp, ast.DictComp, ast.SetComp)
_MUTABLE_FACTORIES = frozenset(
    {"list", "dict", "set", "bytearray", "collections.defaultdict", "collections.deque"}
    | {"collections.OrderedDict", "collections.Counter", "defaultdict", "deque", "Counter"}
)


def _is_mutable(value: ast.AST | None) -> bool:
    if isinstance(value, _MUTABLE_DISPLAYS):
        return True
    if isinstance(value, ast.Call):
        name = ast.unparse(value.func)
        return name in _MUTABLE_FACTORIES
    return False


def _global_names(node: ast.Assign | ast.AnnAssign | ast.AugAssign) -> list[str]:
    targets = node.targets if isinstance(node, ast.Assign) else [node.target]
    names = [t.id for t in targets if isinstance(t, ast.Name)]
    return [n for n in names if not (n.startswith("__") and n.endswith("__"))]


_NO_GLOBAL_MUTABLE_STATE = CheckDeclaration(
    id="architecture.no-global-mutable-state",
    category=Category.ARCHITECTURE,
    frames=(
        Frame(
            concepts=(
                (
                    "global mutable state",
                    "global state",
                    "mutable global",
                    "global variable",
                    "module-level mutable state",
                    "module level state",
                    "global keyword",
                    "singleton state",
                ),
            )
        ),
        # "no new global state libraries" is about dependencies, not module state
        Frame(
            concepts=(("global",), ("mutable", "state", "variable")),
            excludes=("library", "libraries", "manager", "management"),
        ),
        # "module-level mutable variables", "state in module-level dicts or lists"
        Frame(
            concepts=(("module-level", "module level"), ("mutable", "state", "dict", "list")),
            excludes=("docstring", "constant", "import", "logger"),
        ),
    ),
    description="Module-level mutable objects and `global` statements.",
    fix_hint="Pass state explicitly or keep it on an object.",
    forbids=True,
)


@check(_NO_GLOBAL_MUTABLE_STATE)
def no_global_mutable_state(python: PythonFile) -> Iterator[Finding]:
    """Module-level mutable objects and `global` statements."""
    for site in python.index.assigns:
        if site.function is not None or site.cls is not None:
            continue
        names = _global_names(site.node)
        if names and not isinstance(site.node, ast.AugAssign) and _is_mutable(site.node.value):
            message = f"module-level mutable state: {names[0]}"
            yield Finding.at_node(python, site.node, message)
    for node in python.index.globals:
        message = f"`global {', '.join(node.names)}` mutates module state"
        yield Finding.at_node(python, node, message)


CHECKS: tuple[Check, ...] = (
    no_circular_imports,
    forbidden_import,
    no_global_mutable_state,
)
