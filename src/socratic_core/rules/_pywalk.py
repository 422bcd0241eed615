"""One walk over a Python AST that builds every index the checks read.

Checks never walk the tree themselves: walking is the expensive part of analysis, so it happens
once per file, here, and each check reads the lists it needs. The walk carries a small context
(enclosing function, loop, class, and whether it is under `if TYPE_CHECKING:`) so checks can ask
"is this call inside an async function?" or "inside a loop?" without looking up parents.
"""

from __future__ import annotations

import ast
import operator
from collections.abc import Callable, Iterable
from types import MappingProxyType
from typing import TypeAlias

from socratic_core.rules._sites import (
    AssignSite,
    CallSite,
    FunctionNode,
    FunctionSite,
    ImportSite,
    PythonIndex,
    Scope,
    dotted_name,
    site_builder,
)

__all__ = [
    "AssignSite",
    "CallSite",
    "FunctionNode",
    "FunctionSite",
    "ImportSite",
    "PythonIndex",
    "build_index",
    "dotted_name",
]

_Scope: TypeAlias = Scope
# The context a node is visited in: (function, loop, class, under TYPE_CHECKING).
_Ctx: TypeAlias = tuple[_Scope, ast.AST | None, ast.ClassDef | None, bool]
_ROOT: _Ctx = (None, None, None, False)
_SCALAR_FIELDS = frozenset(
    {"ctx", "id", "attr", "arg", "name", "module", "level", "conversion", "is_async", "simple"}
    | {"kind", "type_comment", "type_ignores", "names", "op", "ops"}
)


def _child_fields(kind: type) -> tuple[str, ...]:
    if kind is ast.Constant:
        return ()  # its `value` is data, never a node
    fields: tuple[str, ...] = getattr(kind, "_fields", ())
    return tuple(name for name in fields if name not in _SCALAR_FIELDS)


# The sites, built without a frozen dataclass's checks (thousands per module).
_call_site = site_builder(CallSite)
_function_site = site_builder(FunctionSite)
_import_site = site_builder(ImportSite)
_assign_site = site_builder(AssignSite)

# Each node type's child fields, found on first sight (shared by every walk).
_FIELDS: dict[type, tuple[str, ...]] = {}

# Sort keys for source order, in C: every indexed node is a statement, an expression or a
# handler, so it has a position.
_NODE_POSITION = operator.attrgetter("lineno", "col_offset")
_SITE_POSITION = operator.attrgetter("node.lineno", "node.col_offset")


def _pair_position(pair: tuple[ast.AST, object]) -> tuple[int, int]:
    position: tuple[int, int] = _NODE_POSITION(pair[0])
    return position


class _Found:
    """What the walk collects, in lists, before it becomes a read-only `PythonIndex`."""

    __slots__ = (
        "aliases",
        "assigns",
        "calls",
        "classes",
        "compares",
        "dicts",
        "docstrings",
        "excepts",
        "functions",
        "globals",
        "imports",
        "returns",
        "strings",
    )

    def __init__(self) -> None:
        self.calls: list[CallSite] = []
        self.functions: list[FunctionSite] = []
        self.classes: list[tuple[ast.ClassDef, bool]] = []
        self.imports: list[ImportSite] = []
        self.assigns: list[AssignSite] = []
        self.excepts: list[ast.ExceptHandler] = []
        self.globals: list[ast.Global] = []
        self.strings: list[ast.Constant] = []
        self.docstrings: list[ast.Constant] = []
        self.dicts: list[ast.Dict] = []
        self.compares: list[ast.Compare] = []
        self.returns: list[tuple[ast.Return, Scope]] = []
        self.aliases: dict[str, str] = {}

    def freeze(self) -> PythonIndex:
        """Return the read-only index of what was collected."""
        return PythonIndex(
            tuple(self.calls),
            tuple(self.functions),
            tuple(self.classes),
            tuple(self.imports),
            tuple(self.assigns),
            tuple(self.excepts),
            tuple(self.globals),
            tuple(self.strings),
            tuple(self.docstrings),
            tuple(self.dicts),
            tuple(self.compares),
            tuple(self.returns),
            MappingProxyType(self.aliases),
        )


class _Switch:
    """A marker on the walk's stack: from here on, nodes are visited in context `ctx`.

    The context changes only at functions, classes, loops, comprehensions and `if
    TYPE_CHECKING:`, so the stack holds nodes alone and a marker where the context changes
    (one pushed above a node's children sets theirs, one below them puts the old one back),
    instead of a context beside every node.
    """

    __slots__ = ("ctx",)

    def __init__(self, ctx: _Ctx) -> None:
        self.ctx = ctx


class _Walker:
    """Carries the index and the module's place in its package through one walk."""

    def __init__(self, module: str, is_package: bool) -> None:
        self.index = _Found()
        self.package = module if is_package else module.rpartition(".")[0]
        self.nodes: list[ast.AST | _Switch] = []
        self.complexity: dict[ast.AST, int] = {}
        # Each function with its class and whether it is nested: a site once its complexity is.
        self.functions: list[tuple[FunctionNode, ast.ClassDef | None, bool]] = []

    def push(self, node: ast.AST) -> None:
        """Schedule `node` to be visited in the context it is pushed in."""
        self.nodes.append(node)

    def enter(self, inner: _Ctx, parts: Iterable[ast.AST | None], outer: _Ctx) -> None:
        """Schedule `parts` (None left out) to be visited in `inner`, then go back to `outer`."""
        push = self.nodes.append
        push(_Switch(outer))
        for part in parts:
            if part is not None:
                push(part)
        push(_Switch(inner))

    def run(self, tree: ast.Module) -> PythonIndex:
        nodes, strings = self.nodes, self.index.strings
        nodes.append(tree)
        pop, push = nodes.pop, nodes.append
        handlers, fields_of, switch = _HANDLERS, _FIELDS, _Switch
        name_type, constant_type, node_type = ast.Name, ast.Constant, ast.AST
        ctx = _ROOT
        while nodes:
            node = pop()
            kind = type(node)
            handler = handlers.get(kind)
            if handler is not None:
                if kind is switch:
                    ctx = node.ctx  # type: ignore[union-attr]
                    continue
                new_ctx = handler(self, node, ctx)  # type: ignore[arg-type]
                if new_ctx is None:
                    continue  # the handler pushed the children itself
                if new_ctx is not ctx:
                    push(switch(ctx))
                    ctx = new_ctx
            fields = fields_of.get(kind)
            if fields is None:
                fields = fields_of[kind] = _child_fields(kind)
            for name in fields:
                value = getattr(node, name, None)
                for item in value if type(value) is list else (value,):
                    child = type(item)
                    if child is name_type:
                        continue  # a Name is a leaf no index wants: never pushed
                    if child is constant_type:
                        if type(item.value) is str:  # type: ignore[union-attr]
                            strings.append(item)  # type: ignore[arg-type]
                    elif isinstance(item, node_type):
                        push(item)
        complexity = self.complexity
        self.index.functions = [
            _function_site(node, cls, nested, 1 + complexity.get(node, 0))
            for node, cls, nested in self.functions
        ]
        self._resolve_call_names()
        self._sort()
        return self.index.freeze()

    def _sort(self) -> None:
        """Put every index in source order (the walk visits children last-first)."""
        index = self.index
        for sites in (index.calls, index.functions, index.imports, index.assigns):
            sites.sort(key=_SITE_POSITION)
        for nodes in (index.excepts, index.globals, index.strings, index.dicts, index.compares):
            nodes.sort(key=_NODE_POSITION)
        index.returns.sort(key=_pair_position)
        index.classes.sort(key=_pair_position)

    def decision(self, ctx: _Ctx, weight: int = 1) -> None:
        scope = ctx[0]
        if scope is not None:
            self.complexity[scope] = self.complexity.get(scope, 0) + weight

    def _resolve_call_names(self) -> None:
        aliases = self.index.aliases
        if not aliases:
            return
        calls = self.index.calls
        for number, site in enumerate(calls):
            head, dot, rest = site.name.partition(".")
            target = aliases.get(head)
            if target is not None and target != head:  # `import os` maps os to itself
                calls[number] = _call_site(
                    site.node, f"{target}{dot}{rest}", site.function, site.loop
                )

    def absolute(self, node: ast.ImportFrom) -> str:
        if not node.level:
            return node.module or ""
        base = self.package
        for _ in range(node.level - 1):
            base = base.rpartition(".")[0]
        return f"{base}.{node.module}" if node.module and base else (node.module or base)


_Handler: TypeAlias = Callable[[_Walker, ast.AST, _Ctx], "_Ctx | None"]


def _on_call(walker: _Walker, node: ast.AST, ctx: _Ctx) -> _Ctx | None:
    assert isinstance(node, ast.Call)  # noqa: S101 - dispatched by type
    func = node.func
    if type(func) is ast.Name:  # the common cases first, without the general loop
        name = func.id
    elif type(func) is ast.Attribute and type(func.value) is ast.Name:
        name = f"{func.value.id}.{func.attr}"
    else:
        name = dotted_name(func)
    walker.index.calls.append(_call_site(node, name, ctx[0], ctx[1]))
    return ctx


def _on_function(walker: _Walker, node: ast.AST, ctx: _Ctx) -> _Ctx | None:
    assert isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef)  # noqa: S101
    walker.functions.append((node, ctx[2], ctx[0] is not None))
    for decorator in node.decorator_list:
        walker.push(decorator)
    walker.enter((node, None, None, ctx[3]), (*node.body, node.args, node.returns), ctx)
    return None


def _on_lambda(_walker: _Walker, node: ast.AST, ctx: _Ctx) -> _Ctx | None:
    assert isinstance(node, ast.Lambda)  # noqa: S101
    return (node, None, None, ctx[3])


def _on_class(walker: _Walker, node: ast.AST, ctx: _Ctx) -> _Ctx | None:
    assert isinstance(node, ast.ClassDef)  # noqa: S101
    walker.index.classes.append((node, ctx[0] is not None or ctx[2] is not None))
    for outer in (*node.decorator_list, *node.bases, *node.keywords):
        walker.push(outer)
    walker.enter((None, None, node, ctx[3]), node.body, ctx)
    return None


def _on_loop(walker: _Walker, node: ast.AST, ctx: _Ctx) -> _Ctx | None:
    assert isinstance(node, ast.For | ast.AsyncFor | ast.While)  # noqa: S101
    walker.decision(ctx)
    # A `for` evaluates its iterable once, before the loop; a `while` its test on every turn.
    repeated: list[ast.AST] = [*node.body, *node.orelse]
    if isinstance(node, ast.For | ast.AsyncFor):
        walker.push(node.iter)
        repeated.append(node.target)
    else:
        repeated.append(node.test)
    walker.enter((ctx[0], node, ctx[2], ctx[3]), repeated, ctx)
    return None


def _on_comprehension(walker: _Walker, node: ast.AST, ctx: _Ctx) -> _Ctx | None:
    assert isinstance(node, ast.ListComp | ast.SetComp | ast.DictComp | ast.GeneratorExp)  # noqa: S101
    first, *others = node.generators
    walker.push(first.iter)
    walker.decision(ctx, len(node.generators) + sum(len(g.ifs) for g in node.generators))
    parts: list[ast.AST] = [first.target, *first.ifs, *others]
    parts += [node.key, node.value] if isinstance(node, ast.DictComp) else [node.elt]
    walker.enter((ctx[0], node, ctx[2], ctx[3]), parts, ctx)
    return None


def _on_if(walker: _Walker, node: ast.AST, ctx: _Ctx) -> _Ctx | None:
    assert isinstance(node, ast.If)  # noqa: S101
    walker.decision(ctx)
    if dotted_name(node.test) in ("TYPE_CHECKING", "typing.TYPE_CHECKING"):
        walker.enter((ctx[0], ctx[1], ctx[2], True), node.body, ctx)
        for statement in node.orelse:
            walker.push(statement)
        return None
    return ctx


def _on_decision(walker: _Walker, node: ast.AST, ctx: _Ctx) -> _Ctx | None:
    walker.decision(ctx, len(node.values) - 1 if isinstance(node, ast.BoolOp) else 1)
    return ctx


def _on_except(walker: _Walker, node: ast.AST, ctx: _Ctx) -> _Ctx | None:
    assert isinstance(node, ast.ExceptHandler)  # noqa: S101
    walker.decision(ctx)
    walker.index.excepts.append(node)
    return ctx


def _on_import(walker: _Walker, node: ast.AST, ctx: _Ctx) -> None:
    assert isinstance(node, ast.Import | ast.ImportFrom)  # noqa: S101
    aliases = walker.index.aliases
    if isinstance(node, ast.Import):
        names = tuple(alias.name for alias in node.names)
        for alias in node.names:
            local = alias.asname or alias.name.partition(".")[0]
            aliases[local] = alias.name if alias.asname else local
    else:
        base = walker.absolute(node)
        names = tuple(f"{base}.{a.name}" if a.name != "*" else base for a in node.names)
        for alias, name in zip(node.names, names, strict=True):
            if alias.name != "*":
                aliases[alias.asname or alias.name] = name
    site = _import_site(node, names, not ctx[3], ctx[0] is not None)
    walker.index.imports.append(site)


def _on_assign(walker: _Walker, node: ast.AST, ctx: _Ctx) -> _Ctx | None:
    assert isinstance(node, ast.Assign | ast.AnnAssign | ast.AugAssign)  # noqa: S101
    walker.index.assigns.append(_assign_site(node, ctx[0], ctx[1], ctx[2]))
    return ctx


def _on_global(walker: _Walker, node: ast.AST, _ctx: _Ctx) -> None:
    assert isinstance(node, ast.Global)  # noqa: S101
    walker.index.globals.append(node)


def _on_constant(walker: _Walker, node: ast.AST, _ctx: _Ctx) -> None:
    assert isinstance(node, ast.Constant)  # noqa: S101
    if isinstance(node.value, str):
        walker.index.strings.append(node)


def _on_switch(_walker: _Walker, _node: ast.AST, _ctx: _Ctx) -> None:
    raise AssertionError("the walk handles context switches itself")  # pragma: no cover


def _on_expr(walker: _Walker, node: ast.AST, ctx: _Ctx) -> _Ctx | None:
    assert isinstance(node, ast.Expr)  # noqa: S101
    value = node.value
    if type(value) is ast.Constant and isinstance(value.value, str):
        walker.index.docstrings.append(value)
    return ctx


def _on_dict(walker: _Walker, node: ast.AST, ctx: _Ctx) -> _Ctx | None:
    assert isinstance(node, ast.Dict)  # noqa: S101
    walker.index.dicts.append(node)
    return ctx


def _on_compare(walker: _Walker, node: ast.AST, ctx: _Ctx) -> _Ctx | None:
    assert isinstance(node, ast.Compare)  # noqa: S101
    walker.index.compares.append(node)
    return ctx


def _on_return(walker: _Walker, node: ast.AST, ctx: _Ctx) -> _Ctx | None:
    assert isinstance(node, ast.Return)  # noqa: S101
    walker.index.returns.append((node, ctx[0]))
    return ctx


_HANDLERS: dict[type[ast.AST | _Switch], _Handler] = {
    ast.Call: _on_call,
    ast.FunctionDef: _on_function,
    ast.AsyncFunctionDef: _on_function,
    ast.Lambda: _on_lambda,
    ast.ClassDef: _on_class,
    ast.For: _on_loop,
    ast.AsyncFor: _on_loop,
    ast.While: _on_loop,
    ast.ListComp: _on_comprehension,
    ast.SetComp: _on_comprehension,
    ast.DictComp: _on_comprehension,
    ast.GeneratorExp: _on_comprehension,
    ast.If: _on_if,
    ast.IfExp: _on_decision,
    ast.BoolOp: _on_decision,
    ast.match_case: _on_decision,
    ast.ExceptHandler: _on_except,
    ast.Import: _on_import,
    ast.ImportFrom: _on_import,
    ast.Assign: _on_assign,
    ast.AnnAssign: _on_assign,
    ast.AugAssign: _on_assign,
    ast.Global: _on_global,
    ast.Constant: _on_constant,  # a constant a handler pushes (the walk records the others)
    _Switch: _on_switch,
    ast.Dict: _on_dict,
    ast.Expr: _on_expr,
    ast.Compare: _on_compare,
    ast.Return: _on_return,
}


def build_index(tree: ast.Module, module: str, is_package: bool) -> PythonIndex:
    """Walk `tree` once and return every index the checks read.

    Args:
        tree: The parsed module.
        module: Its dotted module name (to resolve relative imports).
        is_package: Whether it is a package's `__init__`.

    Returns:
        The indexes.
    """
    return _Walker(module, is_package).run(tree)
