"""The curated public API stays honest: written once, complete, sorted, and import does no work."""

from __future__ import annotations

import ast
import inspect
import subprocess
import sys
from pathlib import Path
from types import ModuleType

import griffe
import pytest

import socratic_core
import socratic_core.agents
import socratic_core.api
import socratic_core.db
import socratic_core.repositories
import socratic_core.rules
import socratic_core.testing
import socratic_core.uow
from socratic_core import _lazy

LAZY = (
    socratic_core,
    socratic_core.agents,
    socratic_core.api,
    socratic_core.db,
    socratic_core.repositories,
    socratic_core.testing,
    socratic_core.uow,
)
PUBLIC = (*LAZY, socratic_core.rules)


class TestPublicApi:
    """`__all__` lists exactly what a user may import."""

    def test_all_is_sorted_and_unique(self) -> None:
        """`__all__` is sorted and lists each name once, in every public package."""
        for module in PUBLIC:
            assert list(module.__all__) == sorted(set(module.__all__)), module.__name__

    def test_every_name_in_all_exists(self) -> None:
        """Every listed name can be imported."""
        for module in PUBLIC:
            for name in module.__all__:
                assert hasattr(module, name), f"{module.__name__}.{name}"

    def test_every_public_attribute_is_listed(self) -> None:
        """No public, non-module attribute is missing from `__all__`."""
        for module in PUBLIC:
            public = {
                name
                for name, value in vars(module).items()
                if not name.startswith("_") and type(value).__name__ != "module"
            }
            assert public <= set(module.__all__), sorted(public - set(module.__all__))


def _static_imports(module: ModuleType) -> set[tuple[str, str]]:
    """The `(module, name)` pairs that `module` imports under `if TYPE_CHECKING:`."""
    tree = ast.parse(inspect.getsource(module))
    found = set()
    for node in tree.body:
        if isinstance(node, ast.If) and ast.unparse(node.test) in (
            "TYPE_CHECKING",
            "_typing.TYPE_CHECKING",
        ):
            for statement in node.body:
                assert isinstance(statement, ast.ImportFrom), ast.unparse(statement)
                for alias in statement.names:
                    assert alias.asname == alias.name, f"write `{alias.name} as {alias.name}`"
                    found.add((str(statement.module), alias.name))
    return found


class TestWrittenOnce:
    """Each lazy package lists a public name once, in `_PUBLIC`, and everything follows from it."""

    @pytest.mark.parametrize("module", LAZY, ids=lambda module: module.__name__)
    def test_type_checkers_see_exactly_the_table(self, module: ModuleType) -> None:
        """The `TYPE_CHECKING` imports name the same names from the same modules as the table."""
        table = {(home, name) for home, names in module._PUBLIC.items() for name in names}
        assert _static_imports(module) == table

    @pytest.mark.parametrize("module", LAZY, ids=lambda module: module.__name__)
    def test_all_comes_from_the_table(self, module: ModuleType) -> None:
        """`__all__` is the table's names and what the package defines itself, each from home."""
        names = {name for names in module._PUBLIC.values() for name in names}
        own = set(module.__all__) - names
        assert all(
            getattr(getattr(module, name), "__module__", module.__name__) == module.__name__
            for name in own
        )
        assert own <= {"__version__"}
        for home, listed in module._PUBLIC.items():
            for name in listed:
                assert getattr(module, name) is getattr(sys.modules[home], name)

    def test_a_name_listed_twice_is_refused(self) -> None:
        """A table that lists one name under two modules is an error naming both."""
        table = {"socratic_core.errors": ("PluginError",), "socratic_core.app": ("PluginError",)}
        with pytest.raises(
            ValueError, match=r"'PluginError' is listed under socratic_core\.errors"
        ):
            _lazy.public_api("socratic_core", table)

    def test_an_unknown_name_is_an_attribute_error(self) -> None:
        """Asking the root for a name it does not export fails like any missing attribute."""
        with pytest.raises(AttributeError, match="has no attribute 'Database'"):
            socratic_core.Database  # noqa: B018 - the access is the test

    @pytest.mark.parametrize("module", LAZY, ids=lambda module: module.__name__)
    def test_the_reference_page_documents_exactly_all(self, module: ModuleType) -> None:
        """mkdocstrings (griffe, with the docs' extension) sees exactly `__all__` as public."""
        extensions = griffe.load_extensions("griffe_public_redundant_aliases")
        package = griffe.load(module.__name__, extensions=extensions)
        documented = {
            name
            for name, member in package.members.items()
            if member.is_public and not member.is_module and not name.startswith("_")
        }
        assert documented == set(module.__all__) - {"__version__"}


class TestImportDoesNoWork:
    """Importing the package creates no engine, opens no file and loads no plugin."""

    def test_import_leaves_the_working_directory_untouched(self, tmp_path: Path) -> None:
        """A fresh interpreter importing every public package writes nothing where it runs."""
        code = "import socratic_core, socratic_core.agents, socratic_core.rules, socratic_core.cli"
        subprocess.run([sys.executable, "-c", code], cwd=tmp_path, check=True)
        assert list(tmp_path.iterdir()) == []
