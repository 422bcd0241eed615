"""codegen fixes what a re-ask lists, through the real runner: one re-ask, then accepted.

Each case gives a rule and either a specification that makes codegen break it (an expression
with `eval`, a hardcoded key...) or a first attempt written by hand (a bare `except:`, a long
test function) that codegen is then re-asked to fix. The second request's feedback must name
exactly the first attempt's violations, and the accepted files must parse.
"""

from __future__ import annotations

import ast
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

from socratic_core.agents import AgentRequest, AgentResponse, RunStatus
from socratic_core.agents.codegen import CodegenAgent
from socratic_core.testing import ScriptedAgent

from .conftest import World


def _spec(*functions: str) -> str:
    return "# Tools\n\n## Module core\n" + "".join(f"- {f}\n" for f in functions)


@dataclass(frozen=True)
class Case:
    """A rule, what codegen starts from, and what the accepted file must (not) contain."""

    rules: str
    spec: str
    rule_id: str
    present: tuple[str, ...]
    absent: tuple[str, ...] = ()
    first: dict[str, str] | None = None  # a hand-written first attempt, instead of codegen's


_HANDLER = '''"""Core."""


def load(path: str) -> str:
    """Read a file, or nothing."""
    try:
        return open(path).read()
    except:
        pass
    return ""
'''

_LONG_TEST = '''"""Tests."""

from tools.core import double


def test_double() -> None:
    """double() doubles."""
    assert double(1) == 2
    assert double(2) == 4
    assert double(3) == 6
    assert double(4) == 8
    assert double(5) == 10
    assert double(6) == 12
    assert double(7) == 14
    assert double(8) == 16
    assert double(9) == 18
    assert double(10) == 20
'''

_IMPORTS = '''"""Core."""

import json

import requests


def fetch(url: str) -> str:
    """Fetch a page."""
    return requests.get(url, timeout=5).text


def encode(value: object) -> str:
    """Encode a value as JSON."""
    return json.dumps(value)
'''

_NO_DOCS = '''def add(a: int, b: int) -> int:
    return a + b


class Adder:
    def total(self, values: list[int]) -> int:
        """Sum the values."""
        return sum(values)
'''

_NETWORK = '''"""Core."""

import pickle

import requests


def fetch(url: str) -> object:
    """Fetch a pickled page."""
    return pickle.loads(requests.get(url, verify=False, timeout=5).content)
'''

_DOUBLE = "double(x: int) -> int = x * 2: Return twice x."

CASES = {
    "eval": Case(
        "- Never use eval\n",
        _spec("parse(text: str) -> object = eval(text): Read a literal."),
        "security.no-eval",
        ("ast.literal_eval(text)", "import ast"),
        ("return eval(",),
    ),
    "weak hash": Case(
        "- Do not use MD5\n",
        _spec("digest(text: str) -> str = hashlib.md5(text.encode()).hexdigest(): Hash."),
        "security.no-weak-hashes",
        ("hashlib.sha256(text.encode())", "import hashlib"),
        ("md5",),
    ),
    "shell": Case(
        "- Never use shell=True\n",
        _spec("run(command: str) -> int = subprocess.call(command, shell=True): Run it."),
        "security.no-shell-injection",
        ("subprocess.call(shlex.split(command))", "import shlex"),
        ("shell=True",),
    ),
    "secret": Case(
        "- No hardcoded secrets\n",
        _spec('token() -> str = "sk_live_4eC39HqLyjWDarjtT1zdp7dc": The API token.'),
        "security.no-hardcoded-secrets",
        ("return os.environ['TOKEN']", "import os"),
        ("sk_live",),
    ),
    "sql": Case(
        "- No SQL string concatenation\n",
        _spec(
            'find(db: sqlite3.Connection, name: str) -> list = db.execute("SELECT id FROM '
            'users WHERE name = \'" + name + "\'").fetchall(): Find users.'
        ),
        "security.no-sql-string-building",
        ("db.execute('SELECT id FROM users WHERE name = ?', (name,))",),
        ("+ name",),
    ),
    "type hints": Case(
        "- All functions must have type hints\n",
        _spec("double(x) = x * 2: Return twice x."),
        "quality.type-hints",
        ("def double(x: object) -> object:",),
    ),
    "line length": Case(
        "- Lines must not exceed 60 characters\n",
        _spec(
            "area(width: float, height: float) -> float = width * height * 1.0 + 0.0 * width"
            " + 0.0 * height + 0.0: Return the area of a rectangle of the given width and height."
        ),
        "quality.max-line-length",
        (
            '"""Return the area of a rectangle of the given width\n    and height."""',
            "    return (width * height * 1.0 + 0.0 * width\n            + 0.0 * height + 0.0)",
        ),
    ),
    "bare except": Case(
        "- No bare except\n- Never swallow exceptions\n",
        _spec(_DOUBLE),
        "quality.no-bare-except",
        ("except Exception:\n        _log.exception(", "import logging"),
        ("except:",),
        {"src/tools/core.py": _HANDLER},
    ),
    "function length": Case(
        "- Functions must not exceed 10 lines\n",
        _spec(_DOUBLE),
        "quality.max-function-length",
        ("    _test_double_part_1()\n    _test_double_part_2()", "def _test_double_part_2()"),
        (),
        {"tests/test_core.py": _LONG_TEST},
    ),
    "forbidden import": Case(
        "- Module tools.core must not import requests\n",
        _spec(_DOUBLE),
        "architecture.forbidden-import",
        ("import json", "return json.dumps(value)", "raise NotImplementedError("),
        ("import requests", "requests.get"),
        {"src/tools/core.py": _IMPORTS},
    ),
    "deserialization and tls": Case(
        "- No unsafe deserialization\n- Never disable TLS verification\n",
        _spec(_DOUBLE),
        "security.no-unsafe-deserialization",
        ("return json.loads(requests.get(url, verify=True, timeout=5).content)", "import json"),
        ("pickle.loads", "verify=False"),
        {"src/tools/core.py": _NETWORK},
    ),
    "file length": Case(
        "- Files must not exceed 24 lines\n",
        _spec(*(f"f{n}(x: int) -> int = x + {n}: Add {n}." for n in range(6))),
        "quality.max-file-length",
        ("from tools.core_part2 import f3, f4, f5", "def f2(x: int) -> int:"),
        ("def f3(x: int) -> int:",),
    ),
    "docstrings": Case(
        "- All public functions must have docstrings\n",
        _spec(_DOUBLE),
        "quality.docstrings",
        ('"""The module\'s code."""', '    """Add."""', '    """Adder."""'),
        (),
        {"src/tools/core.py": _NO_DOCS},
    ),
}


def _first(case: Case) -> Callable[[AgentRequest], AgentResponse]:
    codegen = CodegenAgent()
    if case.first is None:
        return codegen.run
    return lambda _request: AgentResponse(text="by hand", files=case.first or {})


@pytest.mark.parametrize("name", sorted(CASES))
def test_reasked_once_then_accepted(world: World, name: str) -> None:
    """Attempt 1 breaks the rule; the re-ask lists exactly its violations; attempt 2 passes."""
    case = CASES[name]
    world.app.instructions.create(world.owner.id, title=name, text=case.rules)
    agent = ScriptedAgent([_first(case), CodegenAgent().run], name="fixer")
    world.app.agents.register(agent)
    result = world.app.runs.run(
        world.owner.id, world.project.id, agent="fixer", action="generate", task=case.spec
    )
    assert result.status is RunStatus.ACCEPTED, result.error
    assert [a.verdict for a in result.attempts] == ["block", "pass"]
    first = result.attempts[0].report
    assert first is not None
    feedback = agent.calls[1].feedback
    assert feedback is not None
    asked = sorted((v.rule_id, v.location.path, v.location.line) for v in feedback.new)
    found = sorted((v.rule_id, v.location.path, v.location.line) for v in first.active_violations)
    assert asked == found
    assert case.rule_id in {rule for rule, _, _ in asked}
    assert result.output is not None
    files = dict(result.output.files)
    for path, text in files.items():
        if path.endswith(".py"):
            ast.parse(text, filename=path)
    touched = {path for _, path, _ in asked if path}
    text = "\n".join(files[path] for path in sorted(touched))
    for wanted in case.present:
        assert wanted in text
    for unwanted in case.absent:
        assert unwanted not in text
    assert case.rule_id in result.output.data["fixes"]
    agent.assert_complete()


def test_a_split_module_still_imports_and_its_tests_pass(world: World, tmp_path: Path) -> None:
    """After a file-length split, `from tools.core import f5` works and every test passes."""
    case = CASES["file length"]
    world.app.instructions.create(world.owner.id, title="short files", text=case.rules)
    result = world.app.runs.run(
        world.owner.id, world.project.id, agent="codegen", action="generate", task=case.spec
    )
    assert result.status is RunStatus.ACCEPTED
    assert result.output is not None
    files = result.output.files
    assert {"src/tools/core_part2.py", "tests/test_core_part2.py"} <= set(files)
    for path, text in files.items():
        target = tmp_path / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
    tests = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "tests"],
        cwd=tmp_path, env={"PYTHONPATH": str(tmp_path / "src"), "PATH": ""},
        capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert tests.returncode == 0, tests.stdout + tests.stderr
    assert "6 passed" in tests.stdout
