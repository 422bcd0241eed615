"""Data flows down: the rule engine and the services import nothing from the layers above them.

Read from the source with `ast` (every import statement, including those inside functions and
under `TYPE_CHECKING`), so a lazy import cannot slip past.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

import pytest

import socratic_core

PACKAGE = Path(socratic_core.__file__).parent
ROOT_NAMES = {name: module for module, names in socratic_core._PUBLIC.items() for name in names}

ABOVE_RULES = (
    "socratic_core.plugin_manager",
    "socratic_core.services",
    "socratic_core.app",
    "socratic_core.agents",
    "socratic_core.api",
    "socratic_core.db",
    "socratic_core.repositories",
    "socratic_core.models",
    "socratic_core.cli",
    "socratic_core.testing",
    "socratic_core.uow",
)
ABOVE_SERVICES = (
    "socratic_core.plugin_manager",
    "socratic_core.app",
    "socratic_core.agents",
    "socratic_core.api",
    "socratic_core.cli",
)


def _module_name(path: Path) -> tuple[str, bool]:
    """The dotted name of a source file, and whether it is a package's `__init__`."""
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    is_package = parts[-1] == "__init__"
    return ".".join(parts[:-1] if is_package else parts), is_package


def _imports(source: str, module: str, *, is_package: bool = False) -> Iterator[tuple[int, str]]:
    """Every module `source` (the text of `module`) imports, with the line of the import.

    `from a import b` counts as `a.b`, a relative import is resolved against `module`.
    """
    package = module.split(".") if is_package else module.split(".")[:-1]
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield node.lineno, alias.name
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package[: len(package) - node.level + 1]
                base = ".".join([*anchor, base] if base else anchor)
            for alias in node.names:
                yield node.lineno, _served_from(base, alias.name)


def _served_from(base: str, name: str) -> str:
    """`socratic_core.X`, or the module the root serves a public name `X` from."""
    if base == "socratic_core":
        return ROOT_NAMES.get(name, f"{base}.{name}")
    return f"{base}.{name}"


def _violations(layer: str, forbidden: tuple[str, ...]) -> list[str]:
    found = []
    for path in sorted((PACKAGE / layer).rglob("*.py")):
        module, is_package = _module_name(path)
        source = path.read_text(encoding="utf-8")
        for line, target in _imports(source, module, is_package=is_package):
            if any(target == above or target.startswith(f"{above}.") for above in forbidden):
                found.append(f"{path.relative_to(PACKAGE.parent)}:{line} imports {target}")
    return found


class TestLayering:
    """Each layer imports only from the layers beneath it."""

    def test_rules_import_nothing_above_them(self) -> None:
        """rules/ (the engine, which needs no database) never imports a layer above it."""
        assert _violations("rules", ABOVE_RULES) == []

    def test_services_do_not_import_the_plugin_manager_or_callers(self) -> None:
        """services/ reach checks through the engine they are given, never the plugin manager."""
        assert _violations("services", ABOVE_SERVICES) == []

    @pytest.mark.parametrize(
        ("source", "expected"),
        [
            ("from socratic_core import plugin_manager\n", "socratic_core.plugin_manager"),
            ("from .. import app\n", "socratic_core.app"),
            ("def f():\n    import socratic_core.api._router\n", "socratic_core.api._router"),
            ("from socratic_core import Socratic\n", "socratic_core.app"),
        ],
    )
    def test_the_reader_sees_every_form_of_import(self, source: str, expected: str) -> None:
        """Absolute, relative, function-local and root re-exported imports are all seen."""
        imports = list(_imports(source, "socratic_core.rules._probe"))
        assert [target for _, target in imports] == [expected]
