"""The engine fails closed and stays up: unreadable files block, broken checks fail their rule."""

from __future__ import annotations

import ast
import signal
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import FrozenInstanceError

import pluggy
import pytest

from socratic_core import hookimpl, make_plugin_manager
from socratic_core.rules import (
    AgentOutput,
    AnalysisLimits,
    Category,
    Check,
    CheckContext,
    CheckDeclaration,
    Finding,
    RuleEngine,
    Severity,
    Verdict,
)

from .conftest import rule


def _engine_with(*checks: Check, **options: object) -> RuleEngine:
    class Plugin:
        @hookimpl
        def register_checks(self, register: Callable[[Check], None]) -> None:
            for check in checks:
                register(check)

    pm: pluggy.PluginManager = make_plugin_manager(entry_points=False, plugins=[Plugin()])
    return RuleEngine(pm, **options)  # type: ignore[arg-type]


def _check(name: str, function: Callable[[CheckContext], Iterable[object]]) -> Check:
    declaration = CheckDeclaration(id=f"custom.{name}", category=Category.CUSTOM, phrases=())
    return Check(declaration, function)  # type: ignore[arg-type]


def _eval_lines(context: CheckContext) -> Iterator[Finding]:
    for source in context.python_files:
        for call in source.index.calls_named("eval"):  # type: ignore[union-attr]
            yield Finding.at_node(source, call.node, "eval")


class TestUnreadableFiles:
    """A file the engine cannot analyse blocks the report unless the caller relaxes it."""

    @pytest.mark.parametrize(
        ("content", "kind"),
        [
            pytest.param(b"x = '\xff\xfe'\n", "not-utf8", id="not-utf8"),
            pytest.param(b"# -*- coding: klingon -*-\nx = 1\n", "unknown-encoding", id="pep263"),
            pytest.param(b"# coding: ascii\nx = '\xe9'\n", "undecodable", id="not-ascii"),
            pytest.param(b"x = 1\n" * 50, "too-large", id="too-large"),
        ],
    )
    def test_blocks_by_default(self, engine: RuleEngine, content: bytes, kind: str) -> None:
        """The diagnostic is an error and the verdict blocks, though no rule found anything."""
        small = RuleEngine(engine.pm, limits=AnalysisLimits(max_file_bytes=200))
        report = small.validate(AgentOutput(files={"a.py": content}), [rule("security.no-eval")])
        [diagnostic] = report.file_diagnostics
        assert (diagnostic.kind, diagnostic.severity) == (kind, Severity.ERROR)
        assert report.verdict is Verdict.BLOCK

    def test_relaxed_to_a_warning(self, engine: RuleEngine) -> None:
        """`AnalysisLimits(unreadable=warning)` makes the same file a warning."""
        relaxed = RuleEngine(engine.pm, limits=AnalysisLimits(unreadable=Severity.WARNING))
        report = relaxed.validate(
            AgentOutput(files={"a.py": b"\xff\n"}), [rule("security.no-eval")]
        )
        assert report.verdict is Verdict.WARN

    def test_pep263_latin1_is_read(self, engine: RuleEngine) -> None:
        """A file that declares latin-1 is decoded with it and checked."""
        source = "# -*- coding: latin-1 -*-\nx = eval('café')\n".encode("latin-1")
        report = engine.validate(AgentOutput(files={"a.py": source}), [rule("security.no-eval")])
        assert report.file_diagnostics == ()
        assert [v.location.line for v in report.violations] == [2]


class TestBrokenChecks:
    """A check that misbehaves fails its own rule; the other checks still run."""

    def test_returning_something_else_than_findings(self) -> None:
        """A check yielding strings is a plugin failure naming what it returned."""
        engine = _engine_with(_check("strings", lambda _c: ["oops"]), _check("evals", _eval_lines))
        rules = [rule("custom.strings"), rule("custom.evals")]
        report = engine.validate(AgentOutput(files={"a.py": "eval('1')\n"}), rules)
        [failure] = report.plugin_failures
        assert failure.rule_id == "custom.strings"
        assert "str 'oops'" in failure.error
        assert [v.rule_id for v in report.violations] == ["custom.evals"]

    def test_past_its_budget(self) -> None:
        """A check that returns after its budget ran out fails, whatever it found."""

        def slow(context: CheckContext) -> Iterator[Finding]:
            time.sleep(1.0)  # far past the budget, which the quick check stays far inside
            yield from _eval_lines(context)

        engine = _engine_with(_check("slow", slow), _check("evals", _eval_lines), check_budget=0.3)
        report = engine.validate(
            AgentOutput(files={"a.py": "eval('1')\n"}), [rule("custom.slow"), rule("custom.evals")]
        )
        [failure] = report.plugin_failures
        assert failure.rule_id == "custom.slow"
        assert "over its budget of 0.3 s" in failure.error
        assert [v.rule_id for v in report.violations] == ["custom.evals"]

    def test_stuck_check_is_interrupted(self) -> None:
        """With interruption on, a check stuck in a loop is stopped and fails its rule."""

        def stuck(_context: CheckContext) -> Iterator[Finding]:
            while True:
                time.sleep(0.01)
            yield  # pragma: no cover

        engine = _engine_with(_check("stuck", stuck), check_budget=0.1, interrupt_slow_checks=True)
        report = engine.validate(AgentOutput(files={"a.py": "x = 1\n"}), [rule("custom.stuck")])
        [failure] = report.plugin_failures
        assert "CheckTimeoutError" in failure.error
        assert report.verdict is Verdict.BLOCK
        assert signal.getsignal(signal.SIGALRM) is signal.SIG_DFL  # the next check is timed too

    def test_every_stuck_check_of_a_file_is_interrupted(self) -> None:
        """One alarm serves a file's checks: each stuck one is stopped, the quick one finds."""

        def stuck(_context: CheckContext) -> Iterator[Finding]:
            while True:
                time.sleep(0.01)
            yield  # pragma: no cover

        checks = (_check("first", stuck), _check("evals", _eval_lines), _check("second", stuck))
        engine = _engine_with(*checks, check_budget=0.1, interrupt_slow_checks=True)
        rules = [rule("custom.first"), rule("custom.evals"), rule("custom.second")]
        report = engine.validate(AgentOutput(files={"a.py": "eval('1')\n"}), rules)
        assert [f.rule_id for f in report.plugin_failures] == ["custom.first", "custom.second"]
        assert all("CheckTimeoutError" in f.error for f in report.plugin_failures)
        assert [v.rule_id for v in report.violations] == ["custom.evals"]
        assert signal.getsignal(signal.SIGALRM) is signal.SIG_DFL


class TestFrozenAnalysis:
    """A check cannot change the analysis that the other checks read."""

    def test_mutations_fail_the_mutating_check_only(self) -> None:
        """Appending to an index, rebinding a file's text or its aliases all raise."""
        attempts: list[str] = []

        def vandal(context: CheckContext) -> Iterator[Finding]:
            [source] = context.python_files
            index = source.index
            assert index is not None
            mutations = (
                lambda: index.calls.append(index.calls[0]),  # type: ignore[attr-defined]
                lambda: setattr(source, "text", ""),
                lambda: source.aliases.__setitem__("x", "y"),  # type: ignore[attr-defined]
                lambda: setattr(index.calls[0], "name", "print"),
                lambda: setattr(context.analysis, "files", ()),
            )
            for mutate in mutations:
                try:
                    mutate()
                except (AttributeError, TypeError, FrozenInstanceError) as exc:
                    attempts.append(type(exc).__name__)
            return iter(())

        engine = _engine_with(_check("vandal", vandal), _check("evals", _eval_lines))
        report = engine.validate(
            AgentOutput(files={"a.py": "import os as o\neval('1')\n"}),
            [rule("custom.vandal"), rule("custom.evals")],
        )
        assert len(attempts) == 5
        assert [v.message for v in report.violations] == ["eval"]

    def test_index_still_pickles(self, engine: RuleEngine) -> None:
        """Worker processes send summaries: the read-only index pickles and compares equal."""
        import pickle  # noqa: PLC0415

        from socratic_core.rules import analyze  # noqa: PLC0415

        [source] = analyze(AgentOutput(files={"a.py": "import os as o\no.system('x')\n"})).files
        again = pickle.loads(pickle.dumps(source))  # noqa: S301 - our own bytes
        assert [c.name for c in again.index.calls] == [c.name for c in source.index.calls]
        assert dict(again.aliases) == {"o": "os"}
        assert isinstance(again.index.calls[0].node, ast.Call)
