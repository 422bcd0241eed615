"""The shared analysis: one parse and one walk per file, indexes and the import graph."""

from __future__ import annotations

import ast

from socratic_core.rules import AgentOutput, analyze
from socratic_core.rules._analysis import module_name

CODE = """\
import os.path as osp
from subprocess import run as sh
from . import sibling


async def fetch(items):
    for item in items:
        sh(item, shell=True)
    return [osp.join(x) for x in items if x]


class Box:
    def method(self):
        if self and self.x:
            return 1
        return 2
"""


class TestIndexes:
    """One walk builds every index, with the context checks ask about."""

    def test_calls_know_their_name_function_and_loop(self) -> None:
        """Aliases resolve; each call knows its enclosing function and loop."""
        (source,) = analyze(AgentOutput(files={"pkg/mod.py": CODE})).files
        assert source.index is not None
        calls = {site.name: site for site in source.index.calls}
        assert set(calls) == {"subprocess.run", "os.path.join"}
        run = calls["subprocess.run"]
        assert isinstance(run.function, ast.AsyncFunctionDef)
        assert isinstance(run.loop, ast.For)
        assert isinstance(calls["os.path.join"].loop, ast.ListComp)
        assert [s.name for s in source.index.calls_with_keyword("shell")] == ["subprocess.run"]
        assert [s.name for s in source.index.calls_ending("join")] == ["os.path.join"]

    def test_functions_carry_complexity_and_class(self) -> None:
        """Cyclomatic complexity counts branches and boolean operators, per function."""
        (source,) = analyze(AgentOutput(files={"pkg/mod.py": CODE})).files
        assert source.index is not None
        sites = {site.node.name: site for site in source.index.functions}
        assert sites["fetch"].complexity == 4  # 1 + for + comprehension + its if
        assert sites["method"].complexity == 3  # 1 + if + and
        assert sites["method"].cls is not None
        assert sites["fetch"].cls is None

    def test_a_while_test_is_walked_once_inside_its_loop(self) -> None:
        """A `while` test's call is one site, in the loop; its decisions count once."""
        code = "def drain(q):\n    while q.pop() and q:\n        pass\n"
        (source,) = analyze(AgentOutput(files={"pkg/mod.py": code})).files
        assert source.index is not None
        (call,) = source.index.calls
        assert isinstance(call.loop, ast.While)
        (site,) = source.index.functions
        assert site.complexity == 3  # 1 + while + and

    def test_relative_imports_resolve_against_the_package(self) -> None:
        """`from . import sibling` in pkg/mod.py imports pkg.sibling."""
        (source,) = analyze(AgentOutput(files={"pkg/mod.py": CODE})).files
        assert source.index is not None
        names = [name for site in source.index.imports for name in site.names]
        assert names == ["os.path", "subprocess.run", "pkg.sibling"]


class TestModulesAndGraph:
    """Module names come from paths; the graph links generated modules."""

    def test_module_names(self) -> None:
        """`src/` is dropped and `__init__` names the package."""
        assert module_name("src/pkg/__init__.py") == "pkg"
        assert module_name("./pkg/api.py") == "pkg.api"
        assert module_name("tool.py") == "tool"

    def test_import_graph(self) -> None:
        """Edges go to generated modules only, from module-level runtime imports."""
        files = {
            "app/__init__.py": "",
            "app/a.py": "import json\nfrom app import b\n",
            "app/b.py": "def f():\n    from app import a\n",
        }
        analysis = analyze(AgentOutput(files=files))
        assert analysis.import_graph == {
            "app": frozenset(),
            "app.a": frozenset({"app.b"}),
            "app.b": frozenset(),
        }
