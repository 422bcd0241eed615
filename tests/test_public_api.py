"""The curated public API stays honest: complete, sorted, importable, and import does no work."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import socratic_core
import socratic_core.agents
import socratic_core.rules


class TestPublicApi:
    """`__all__` lists exactly what a user may import."""

    def test_all_is_sorted_and_unique(self) -> None:
        """`__all__` is sorted and lists each name once, in both public packages."""
        for module in (socratic_core, socratic_core.agents, socratic_core.rules):
            assert list(module.__all__) == sorted(set(module.__all__)), module.__name__

    def test_every_name_in_all_exists(self) -> None:
        """Every listed name can be imported."""
        for module in (socratic_core, socratic_core.agents, socratic_core.rules):
            for name in module.__all__:
                assert hasattr(module, name), f"{module.__name__}.{name}"

    def test_every_public_attribute_is_listed(self) -> None:
        """No public, non-module attribute is missing from `__all__`."""
        for module in (socratic_core, socratic_core.agents, socratic_core.rules):
            public = {
                name
                for name, value in vars(module).items()
                if not name.startswith("_") and type(value).__name__ != "module"
            }
            assert public <= set(module.__all__), sorted(public - set(module.__all__))


class TestImportDoesNoWork:
    """Importing the package creates no engine, opens no file and loads no plugin."""

    def test_import_leaves_the_working_directory_untouched(self, tmp_path: Path) -> None:
        """A fresh interpreter importing every public package writes nothing where it runs."""
        code = "import socratic_core, socratic_core.agents, socratic_core.rules, socratic_core.cli"
        subprocess.run([sys.executable, "-c", code], cwd=tmp_path, check=True)
        assert list(tmp_path.iterdir()) == []
