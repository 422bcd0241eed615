"""Prefilters skip work, never findings: every check finds the same with and without them.

A check's prefilter (`Check.prefilter`) lets the engine skip a file the check certainly finds
nothing in, and skip parsing a file no check is left to read. These tests run every annotated
fixture and a sample of real, reputable code through every built-in per-file check twice, with
prefiltering on and off, and compare the findings.
"""

from __future__ import annotations

import importlib.util
import json
import re
import sysconfig
import warnings
from collections.abc import Callable, Iterator, Mapping
from pathlib import Path

import pytest

from socratic_core import hookimpl, make_plugin_manager
from socratic_core.rules import (
    AgentOutput,
    Category,
    Check,
    Finding,
    ParamValue,
    PythonFile,
    Report,
    Rule,
    RuleEngine,
    check,
    mentions,
)

_TESTS = Path(__file__).resolve().parents[1]
FIXTURES = next(
    folder
    for folder in (_TESTS / "rules" / "fixtures", _TESTS / "engine" / "fixtures")
    if folder.is_dir()
)
_HEADER = re.compile(r"^#\s*(?P<key>params|path):\s*(?P<value>.+)$", re.M)
# Limits low enough that the line-count and keyword-count prefilters decide both ways.
_TIGHT: dict[str, dict[str, object]] = {
    "quality.max-complexity": {"max": 3},
    "quality.max-function-length": {"max": 8},
}
_REAL_PACKAGES = ("requests", "flask", "click", "werkzeug")
_STDLIB_PACKAGES = ("json", "email", "http", "urllib", "logging", "sqlite3", "xml/dom")


def _rule(rule_id: str, **params: object) -> Rule:
    prefix = rule_id.partition(".")[0]
    known = {category.value for category in Category}
    category = Category(prefix) if prefix in known else Category.CUSTOM
    return Rule(id=rule_id, category=category, params=params, text=f"rule {rule_id}")  # type: ignore[arg-type]


def _engines(*plugins: object) -> tuple[RuleEngine, RuleEngine]:
    on = RuleEngine(make_plugin_manager(entry_points=False, plugins=plugins))
    off = RuleEngine(make_plugin_manager(entry_points=False, plugins=plugins), prefilter=False)
    return on, off


def _per_file_rules(engine: RuleEngine, params: Mapping[str, dict[str, object]]) -> list[Rule]:
    """A rule for every built-in per-file check that can run with its defaults (or `params`)."""
    rules = []
    for check_id, registered in engine.checks.items():
        found = registered.check
        if found.batch is not None or found.cross_file:
            continue
        given = params.get(check_id, {})
        if all(spec.default is not None or spec.name in given for spec in found.declaration.params):
            rules.append(_rule(check_id, **given))
    return rules


def _found(report: Report) -> list[tuple[str, str | None, int, int, str]]:
    return sorted(
        (v.rule_id, v.location.path, v.location.line, v.location.column, v.message)
        for v in report.violations
    )


def _fixture(path: Path) -> tuple[str, str, dict[str, dict[str, object]]]:
    text = path.read_text(encoding="utf-8")
    headers = {m["key"]: m["value"].strip() for m in _HEADER.finditer(text)}
    own = path.stem.partition("__")[0]
    name = headers.get("path", f"fixture/{path.stem.replace('.', '_')}.py")
    return name, text, {own: json.loads(headers.get("params", "{}"))}


def _real_files() -> Iterator[Path]:
    for name in _REAL_PACKAGES:
        spec = importlib.util.find_spec(name)
        for folder in (spec.submodule_search_locations or []) if spec else []:
            yield from sorted(Path(folder).rglob("*.py"))
    stdlib = Path(sysconfig.get_paths()["stdlib"])
    for name in _STDLIB_PACKAGES:
        yield from sorted((stdlib / name).rglob("*.py"))


class TestSameFindings:
    """With prefiltering on, every check finds exactly what it finds with it off."""

    @pytest.mark.parametrize("fixture", sorted(FIXTURES.glob("*.py")), ids=lambda path: path.stem)
    def test_every_fixture_through_every_check(self, fixture: Path) -> None:
        """Each fixture, checked by every per-file check, gives the same findings both ways."""
        name, text, params = _fixture(fixture)
        on, off = _engines()
        for limits in ({}, _TIGHT):
            rules = _per_file_rules(on, {**limits, **params})
            output = AgentOutput(files={name: text})
            with_prefilter, without = on.validate(output, rules), off.validate(output, rules)
            assert _found(with_prefilter) == _found(without)
            assert with_prefilter.plugin_failures == without.plugin_failures == ()

    def test_real_code_through_every_check(self) -> None:
        """Real packages (and parts of the standard library) give the same findings both ways."""
        files = {str(path): path.read_bytes() for path in _real_files()}
        assert len(files) > 100, "the sample of real code is missing"
        on, off = _engines()
        for limits in ({}, _TIGHT):
            rules = _per_file_rules(on, limits)
            with_prefilter = on.finish([on.check_files(files, rules)], rules)
            without = off.finish([off.check_files(files, rules)], rules)
            assert _found(with_prefilter) == _found(without)
            assert len(_found(without)) > 0


# Spellings a textual prefilter must not miss, each with what a check finds in it.
_EDGE_SPELLINGS = {
    "bare except, continued": (
        "quality.no-bare-except",
        "try:\n    run()\nexcept \\\n:\n    log()\n",
    ),
    "bare except, form feed": ("quality.no-bare-except", "try:\n    run()\nexcept\f:\n    log()\n"),
    "swallowed, tuple over lines with a comment": (
        "quality.no-swallowed-exceptions",
        "try:\n    run()\nexcept (ValueError,  # (why)\n        Exception):\n    pass\n",
    ),
    "swallowed, continued header": (
        "quality.no-swallowed-exceptions",
        "try:\n    run()\nexcept \\\n        BaseException as error:\n    ...\n",
    ),
    "swallowed, comments before the body": (
        "quality.no-swallowed-exceptions",
        "try:\n    run()\nexcept Exception:  # fine\n\n    # nothing to do\n    pass\n",
    ),
    "swallowed, a string on the same line": (
        "quality.no-swallowed-exceptions",
        "try:\n    run()\nexcept builtins.Exception: 'ignored'\n",
    ),
    "swallowed, a number in parentheses": (
        "quality.no-swallowed-exceptions",
        '"""Everything except this."""\ntry:\n    run()\nexcept: (0)\n',
    ),
    "swallowed, a tuple in two parentheses": (
        "quality.no-swallowed-exceptions",
        "try:\n    run()\nexcept ((ValueError, Exception)):\n    pass\n",
    ),
    "print in parentheses": ("quality.no-print", "(print)('x')\n"),
    "print continued": ("quality.no-print", "print \\\n    ('x')\n"),
    "print renamed": ("quality.no-print", "from builtins import print as echo\necho('x')\n"),
    "print renamed over lines": (
        "quality.no-print",
        "from builtins import (\n    print  # the real one\n    as echo,\n)\necho('x')\n",
    ),
    "print through builtins": ("quality.no-print", "import builtins\nbuiltins.print ('x')\n"),
    "async def continued": (
        "performance.no-blocking-in-async",
        "import time\nasync \\\n  def f():\n    time.sleep(1)\n",
    ),
    "async def with a tab": (
        "performance.no-blocking-in-async",
        "import time\nasync\tdef f():\n    time.sleep(1)\n",
    ),
    "keywords glued to numbers": (
        "quality.max-complexity",
        "def f(x):\n    a = 1if x else 2\n    b = 1or x\n    return [0x1for y in x], a, b\n",
    ),
    "keywords in a file that is not ASCII": (
        "quality.max-complexity",
        "def f(x):  # café\n    if x or x and x:\n        return 1\n    return 2\n",
    ),
}


class TestEdgeSpellings:
    """Each spelling a prefilter reasons about is found with prefiltering on, as without it."""

    @pytest.mark.parametrize("name", sorted(_EDGE_SPELLINGS))
    def test_found_both_ways(self, name: str) -> None:
        """The check finds something in the spelling, and the same with its prefilter."""
        rule_id, code = _EDGE_SPELLINGS[name]
        on, off = _engines()
        rules = [_rule(rule_id, **_TIGHT.get(rule_id, {}))]
        output = AgentOutput(files={"edge.py": code})
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # `1if` is deprecated: Python still reads it
            with_prefilter, without = on.validate(output, rules), off.validate(output, rules)
        assert without.file_diagnostics == ()
        assert _found(without), "the spelling must give the check something to find"
        assert _found(with_prefilter) == _found(without)

    @pytest.mark.parametrize(
        ("rule_id", "code"),
        [
            ("quality.no-bare-except", "try:\n    run()\nexcept ValueError:\n    pass\n"),
            ("quality.no-swallowed-exceptions", "try:\n    run()\nexcept KeyError:\n    pass\n"),
            ("quality.no-swallowed-exceptions", "try:\n    run()\nexcept Exception:\n    log()\n"),
            ("quality.no-swallowed-exceptions", "# everything except this\nrun()\n"),
            ("quality.no-print", "# print the value\ndef printer():\n    return pprint\n"),
            ("performance.no-blocking-in-async", "import asyncio\nasyncio.run(main())\n"),
            ("quality.max-complexity", "def f(x):\n    return x.format(transform=elifx)\n"),
        ],
    )
    def test_what_cannot_match_is_ruled_out(self, rule_id: str, code: str) -> None:
        """A file the check cannot find anything in is rejected by its prefilter."""
        on, _ = _engines()
        prefilter = on.checks[rule_id].check.prefilter
        assert prefilter is not None
        assert not prefilter(code, _TIGHT.get(rule_id, {}))


class TestWhatIsSkipped:
    """The engine skips exactly the work a prefilter rules out, and nothing else."""

    def test_full_width_identifiers_still_found(self) -> None:
        """A non-ASCII file passes every `mentions` prefilter: full-width `eval` is `eval`."""
        on, _ = _engines()
        code = "ｅｖａｌ('1 + 1')\n"  # noqa: RUF001 - the point of the test
        report = on.validate(AgentOutput(files={"a.py": code}), [_rule("security.no-eval")])
        assert [v.location.line for v in report.violations] == [1]

    def test_a_file_no_check_reads_is_not_parsed(self) -> None:
        """On disk, a broken file that no active check can find anything in is not parsed."""
        on, off = _engines()
        files = {"broken.py": "def f(:\n    return 1\n"}
        rules = [_rule("security.no-eval")]
        assert on.check_files(files, rules).diagnostics == ()
        assert [d.kind for d in off.check_files(files, rules).diagnostics] == ["syntax-error"]

    def test_an_agents_output_is_always_parsed_whole(self) -> None:
        """`validate()` diagnoses every broken file of an agent's output, whatever the rules."""
        on, _ = _engines()
        output = AgentOutput(files={"broken.py": "def f(:\n    return 1\n"})
        report = on.validate(output, [_rule("security.no-eval")])
        assert [d.kind for d in report.file_diagnostics] == ["syntax-error"]

    def test_a_file_a_check_may_read_is_parsed(self) -> None:
        """A broken file that mentions what a check looks for still fails closed."""
        on, _ = _engines()
        output = AgentOutput(files={"broken.py": "eval(\n"})
        report = on.validate(output, [_rule("security.no-eval")])
        assert [d.kind for d in report.file_diagnostics] == ["syntax-error"]

    def test_a_broken_prefilter_runs_its_check(self) -> None:
        """A prefilter that raises is taken as "may find": the check runs and finds."""

        def broken(_text: str, _params: Mapping[str, ParamValue]) -> bool:
            raise RuntimeError("boom")

        @check(id="demo.no-todo", phrases=("todo",), prefilter=broken)
        def no_todo(python: PythonFile) -> Iterator[Finding]:
            """Lines that say TODO."""
            for number, line in enumerate(python.lines.lines, start=1):
                if "TODO" in line:
                    yield Finding.at_line(python, number, "TODO left")

        class Plugin:
            @hookimpl
            def register_checks(self, register: Callable[[Check], None]) -> None:
                register(no_todo)

        on, _ = _engines(Plugin())
        output = AgentOutput(files={"a.py": "x = 1  # TODO\n"})
        report = on.validate(output, [_rule("demo.no-todo")])
        assert [v.message for v in report.violations] == ["TODO left"]
        assert report.plugin_failures == ()

    def test_mentions_matches_words_anywhere(self) -> None:
        """`mentions` passes a file that contains a word anywhere, in any case if asked."""
        exact, loose = mentions("md5"), mentions("md5", ignore_case=True)
        assert exact("h = hashlib.md5()", {})
        assert not exact("h = hashlib.MD5()", {})
        assert loose("h = hashlib.MD5()", {})
        assert not loose("h = hashlib.sha256()", {})

    def test_checks_declare_their_prefilter(self) -> None:
        """`@check(prefilter=...)` puts the prefilter on the `Check` the engine reads."""
        on, _ = _engines()
        no_eval: Check = on.checks["security.no-eval"].check
        assert no_eval.prefilter is not None
        assert no_eval.prefilter("eval(x)", {})
        assert not no_eval.prefilter("print(x)", {})
