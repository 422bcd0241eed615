"""What the one walk over a Python module finds: the sites and the index checks read.

`PythonIndex` holds every call, function, class, import, assignment and a few other node kinds
of one module, each list in source order; `CallSite`, `FunctionSite`, `ImportSite` and
`AssignSite` say where each one sits (enclosing function, loop, class). `_pywalk` builds them.
"""

from __future__ import annotations

import ast
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field, fields
from types import MappingProxyType
from typing import Any, TypeAlias, TypeVar

__all__ = [
    "AssignSite",
    "CallSite",
    "FunctionNode",
    "FunctionSite",
    "ImportSite",
    "PythonIndex",
    "Scope",
    "dotted_name",
    "site_builder",
]

FunctionNode: TypeAlias = ast.FunctionDef | ast.AsyncFunctionDef
"""A function definition, sync or async."""

Scope: TypeAlias = FunctionNode | ast.Lambda | None
"""The function or lambda a node sits in; None at module or class level."""


class _Site:
    """What the sites share: pickled as a call of their class with their fields, in order.

    A frozen slotted dataclass otherwise pickles through a `__setstate__` that looks its
    fields up again for every object: the imports of every file's summary cross from the
    worker processes of `socratic check`, and that was most of the time spent unpickling.
    """

    __slots__ = ()

    def __reduce__(self) -> tuple[type[_Site], tuple[object, ...]]:
        """Rebuild the site from its fields (its slots, in declaration order)."""
        slots: tuple[str, ...] = type(self).__slots__
        return type(self), tuple(getattr(self, name) for name in slots)


@dataclass(frozen=True, slots=True)
class CallSite(_Site):
    """A call, with the dotted name it calls (aliases resolved) and where it sits.

    Attributes:
        node: The call.
        name: The dotted name called, import aliases resolved (`np.load` -> `numpy.load`);
            `*.attr` when the chain starts on a call or subscript, "" for anything else.
        function: The enclosing function or lambda, None at module or class level.
        loop: The innermost loop or comprehension it repeats in, None when it runs once.
    """

    node: ast.Call
    name: str
    function: Scope
    loop: ast.AST | None


@dataclass(frozen=True, slots=True)
class ImportSite(_Site):
    """An `import` or `from ... import`, with the absolute module names it imports.

    Attributes:
        node: The statement.
        names: The absolute dotted names imported (relative imports resolved).
        runtime: False under `if TYPE_CHECKING:`.
        in_function: Whether the import sits inside a function (a deferred import).
    """

    node: ast.Import | ast.ImportFrom
    names: tuple[str, ...]
    runtime: bool
    in_function: bool


@dataclass(frozen=True, slots=True)
class AssignSite(_Site):
    """An assignment (`=`, annotated, augmented) and where it sits.

    Attributes:
        node: The statement.
        function: The enclosing function or lambda, None at module or class level.
        loop: The innermost enclosing loop, None when it runs once.
        cls: The class whose body it is in, None elsewhere.
    """

    node: ast.Assign | ast.AnnAssign | ast.AugAssign
    function: Scope
    loop: ast.AST | None
    cls: ast.ClassDef | None


@dataclass(frozen=True, slots=True)
class FunctionSite(_Site):
    """A function definition, the class it is a method of, and whether it is nested.

    Attributes:
        node: The definition (sync or async).
        cls: The class it is a method of, None for a function.
        nested: Whether it is defined inside another function.
        complexity: Its cyclomatic complexity (1 + decisions), nested functions not counted.
    """

    node: FunctionNode
    cls: ast.ClassDef | None
    nested: bool
    complexity: int = 1


_SiteT = TypeVar("_SiteT", CallSite, ImportSite, AssignSite, FunctionSite)


def site_builder(kind: type[_SiteT]) -> Callable[[Any, Any, Any, Any], _SiteT]:
    """Return a constructor for a site that takes its four fields in order, with no defaults.

    A frozen dataclass's `__init__` sets each field through `object.__setattr__`, about three
    times the cost of a plain class's; the walk builds a site for every call, assignment and
    function of a module, so its builder sets the slots directly. The site is the same object
    `kind(...)` would build: frozen, equal and hashed by its fields.

    Args:
        kind: One of the site classes.

    Returns:
        The constructor.
    """
    first, second, third, fourth = (getattr(kind, f.name).__set__ for f in fields(kind))
    new = object.__new__

    def build(a: Any, b: Any, c: Any, d: Any) -> _SiteT:
        site = new(kind)
        first(site, a)
        second(site, b)
        third(site, c)
        fourth(site, d)
        return site

    return build


_NO_ALIASES: Mapping[str, str] = MappingProxyType({})


@dataclass(frozen=True, slots=True)
class PythonIndex:
    """Everything one walk over a module found, by node type, each tuple in source order.

    Read these instead of walking the tree again: the walk is the expensive part of analysis.
    The index is read-only (tuples, a read-only alias mapping, frozen sites), so no check can
    change what the others read. The AST nodes the sites point at are Python's own `ast`
    objects: checks must treat them as read-only too.

    Attributes:
        calls: Every call, with its resolved name and enclosing function and loop.
        functions: Every function definition, with its class and complexity.
        classes: Every class definition, with whether it is nested in a function or class.
        imports: Every import statement.
        assigns: Every assignment statement.
        excepts: Every `except` handler.
        globals: Every `global` statement.
        strings: Every string literal (f-string parts included).
        docstrings: Every string literal that stands alone as a statement: docstrings of
            modules, classes and functions, and the attribute docstrings after assignments.
        dicts: Every dictionary display (`{"key": value}`).
        compares: Every comparison (`a == b`, `x in y`).
        returns: Every `return` statement, with the function it returns from.
        aliases: Import aliases, local name -> dotted name (`np` -> `numpy`).
    """

    calls: tuple[CallSite, ...] = ()
    functions: tuple[FunctionSite, ...] = ()
    classes: tuple[tuple[ast.ClassDef, bool], ...] = ()
    imports: tuple[ImportSite, ...] = ()
    assigns: tuple[AssignSite, ...] = ()
    excepts: tuple[ast.ExceptHandler, ...] = ()
    globals: tuple[ast.Global, ...] = ()
    strings: tuple[ast.Constant, ...] = ()
    docstrings: tuple[ast.Constant, ...] = ()
    dicts: tuple[ast.Dict, ...] = ()
    compares: tuple[ast.Compare, ...] = ()
    returns: tuple[tuple[ast.Return, Scope], ...] = ()
    aliases: Mapping[str, str] = field(default_factory=lambda: _NO_ALIASES)
    _by_name: dict[str, list[CallSite]] | None = field(default=None, repr=False, compare=False)
    _by_tail: dict[str, list[CallSite]] | None = field(default=None, repr=False, compare=False)
    _by_keyword: dict[str, list[CallSite]] | None = field(default=None, repr=False, compare=False)

    def __post_init__(self) -> None:
        if not isinstance(self.aliases, MappingProxyType):
            object.__setattr__(self, "aliases", MappingProxyType(dict(self.aliases)))

    def __reduce__(self) -> tuple[type[PythonIndex], tuple[object, ...]]:
        """Pickle the tuples and a plain dict of the aliases; the call maps are rebuilt."""
        found = (self.calls, self.functions, self.classes, self.imports, self.assigns)
        rest = (self.excepts, self.globals, self.strings, self.docstrings, self.dicts)
        return PythonIndex, (*found, *rest, self.compares, self.returns, dict(self.aliases))

    def _names(self) -> dict[str, list[CallSite]]:
        """The calls by dotted name, built on first use (a cache of what `calls` holds).

        Each of the three maps is built when a check first asks for it: most files never
        need the keyword map, the costliest one to build.
        """
        by_name = self._by_name
        if by_name is None:
            by_name = {}
            for site in self.calls:
                found = by_name.get(site.name)
                if found is None:
                    by_name[site.name] = [site]
                else:
                    found.append(site)
            object.__setattr__(self, "_by_name", by_name)
        return by_name

    def _tails(self) -> dict[str, list[CallSite]]:
        """The calls by the last part of their name, built on first use."""
        return self._grouped("_by_tail", _tail)

    def _keywords(self) -> dict[str, list[CallSite]]:
        """The calls by the keyword arguments they pass, built on first use."""
        return self._grouped("_by_keyword", _keyword_names)

    def _grouped(
        self, cache: str, keys: Callable[[CallSite], Iterable[str]]
    ) -> dict[str, list[CallSite]]:
        """The calls by each of their keys, kept in the `cache` field once built."""
        grouped: dict[str, list[CallSite]] | None = getattr(self, cache)
        if grouped is None:
            grouped = {}
            for site in self.calls:
                for key in keys(site):
                    grouped.setdefault(key, []).append(site)
            object.__setattr__(self, cache, grouped)
        return grouped

    @property
    def call_names(self) -> Iterable[str]:
        """Every distinct dotted name called in the module."""
        return self._names().keys()

    @property
    def keyword_names(self) -> Iterable[str]:
        """Every distinct keyword argument name passed in a call in the module."""
        return self._keywords().keys()

    def calls_named(self, *names: str) -> list[CallSite]:
        """Return the calls of any of these dotted names (`os.system`), aliases resolved."""
        by_name = self._names()
        return [site for name in names for site in by_name.get(name, ())]

    def calls_ending(self, *tails: str) -> list[CallSite]:
        """Return the calls whose name ends with any of these attributes (`execute`)."""
        by_tail = self._tails()
        return [site for tail in tails for site in by_tail.get(tail, ())]

    def calls_with_keyword(self, *arguments: str) -> list[CallSite]:
        """Return the calls that pass any of these keyword arguments (`shell=`)."""
        by_keyword = self._keywords()
        seen: dict[int, CallSite] = {}
        for argument in arguments:
            for site in by_keyword.get(argument, ()):
                seen.setdefault(id(site), site)
        return list(seen.values())


def _tail(site: CallSite) -> tuple[str]:
    return (site.name.rpartition(".")[2],)


def _keyword_names(site: CallSite) -> Iterator[str]:
    return (kw.arg for kw in site.node.keywords if kw.arg is not None)


def dotted_name(node: ast.AST) -> str:
    """Return the dotted name an expression spells (`os.path.join`), or "" if it is not one.

    Args:
        node: An expression, usually a call's `func`.

    Returns:
        `a.b.c` for names and attribute chains; `*.b.c` when the chain starts on something that
        is not a name (a call, a subscript); "" for anything else.
    """
    parts: list[str] = []
    while isinstance(node, ast.Attribute):
        parts.append(node.attr)
        node = node.value
    if isinstance(node, ast.Name):
        parts.append(node.id)
    elif parts:
        parts.append("*")
    return ".".join(reversed(parts))
