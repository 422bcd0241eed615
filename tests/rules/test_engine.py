"""The engine: reports, verdicts, unenforced rules, scopes, file diagnostics, suppressions."""

from __future__ import annotations

import ast
import gc
from collections.abc import Callable
from dataclasses import replace

import pluggy
import pytest

from socratic_core import hookimpl
from socratic_core.rules import (
    AgentOutput,
    AnalysisLimits,
    Category,
    Check,
    CheckDeclaration,
    Rule,
    RuleEngine,
    RuleKind,
    Severity,
    SourceSpan,
    Verdict,
)
from socratic_core.rules._suppressions import INVALID_SUPPRESSION

from .conftest import rule

EVAL_TWICE = '"""Doc."""\n\neval("1")\nexec("2")\neval("3")\n'


class TestReport:
    """A report lists every violation with its context, and sums up a verdict."""

    def test_every_violation_is_listed(self, engine: RuleEngine) -> None:
        """All violations are reported, not only the first."""
        report = engine.validate(
            AgentOutput(files={"a.py": EVAL_TWICE}), [rule("security.no-eval")]
        )
        assert [v.location.line for v in report.violations] == [3, 4, 5]
        assert report.verdict is Verdict.BLOCK

    def test_violation_carries_rule_and_output_spans(self, engine: RuleEngine) -> None:
        """A violation names the output span, the instruction's span, the fix hint and plugin."""
        span = SourceSpan(4, 3, 4, 30)
        statement = Rule(
            id="security.no-eval",
            category=Category.SECURITY,
            text="Never use eval.",
            span=span,
            source="AGENTS.md",
        )
        report = engine.validate(AgentOutput(files={"a.py": 'eval("1")\n'}), [statement])
        (violation,) = report.violations
        assert (violation.location.path, violation.location.line) == ("a.py", 1)
        assert (violation.location.column, violation.location.end_column) == (1, 10)
        assert violation.rule_span == span
        assert violation.rule_text == "Never use eval."
        assert violation.rule_source == "AGENTS.md"
        assert violation.fix_hint
        assert violation.plugin == "socratic_core.builtin"
        assert violation.category is Category.SECURITY

    def test_clean_output_passes(self, engine: RuleEngine) -> None:
        """Output that breaks no rule passes."""
        report = engine.validate(AgentOutput(files={"a.py": "x = 1\n"}), [rule("security.no-eval")])
        assert report.violations == ()
        assert report.verdict is Verdict.PASS
        assert not report.fails(Severity.WARNING)

    def test_warning_severity_warns(self, engine: RuleEngine) -> None:
        """Only warning-severity violations give a warn verdict that fails only on warnings."""
        should = replace(rule("security.no-eval"), severity=Severity.WARNING)
        report = engine.validate(AgentOutput(files={"a.py": EVAL_TWICE}), [should])
        assert report.verdict is Verdict.WARN
        assert not report.fails(Severity.ERROR)
        assert report.fails(Severity.WARNING)

    def test_unenforced_rules_are_reported_not_passed(self, engine: RuleEngine) -> None:
        """Rules nothing enforces are listed and keep the verdict from passing."""
        vague = Rule(
            id="quality.write-clean-code",
            category=Category.QUALITY,
            kind=RuleKind.UNENFORCED,
            text="Write clean code.",
        )
        uninstalled = rule("license.header")
        report = engine.validate(AgentOutput(files={"a.py": "x = 1\n"}), [vague, uninstalled])
        assert report.unenforced == (vague, uninstalled)
        assert report.verdict is Verdict.WARN

    def test_rule_scope_limits_files(self, engine: RuleEngine) -> None:
        """A rule with a scope checks only the files its globs match."""
        scoped = replace(rule("security.no-eval"), scope=("src/api/*",))
        files = {"src/api/views.py": 'eval("1")\n', "src/cli.py": 'eval("2")\n'}
        report = engine.validate(AgentOutput(files=files), [scoped])
        assert [v.location.path for v in report.violations] == ["src/api/views.py"]

    def test_missing_required_parameter_fails_the_rule(self, engine: RuleEngine) -> None:
        """A rule without a required parameter fails closed with a plugin failure."""
        report = engine.validate(
            AgentOutput(files={"a.py": "import os\n"}), [rule("architecture.forbidden-import")]
        )
        assert [f.rule_id for f in report.plugin_failures] == ["architecture.forbidden-import"]
        assert "source" in report.plugin_failures[0].error
        assert report.verdict is Verdict.BLOCK

    def test_parameters_override_defaults(self, engine: RuleEngine) -> None:
        """A rule's parameters replace the declaration's defaults."""
        text = "def f():\n    return 1\n"
        loose = engine.validate(
            AgentOutput(files={"a.py": text}), [rule("quality.max-function-length")]
        )
        strict = engine.validate(
            AgentOutput(files={"a.py": text}), [rule("quality.max-function-length", max=1)]
        )
        assert loose.violations == ()
        assert len(strict.violations) == 1


class TestFileDiagnostics:
    """Files that cannot be analysed yield diagnostics, never a crash."""

    def _diagnostics(self, engine: RuleEngine, files: dict[str, str | bytes]) -> dict[str, str]:
        # A check with no prefilter: every Python file is parsed for it.
        report = engine.validate(AgentOutput(files=files), [rule("security.no-hardcoded-secrets")])
        return {d.path: d.kind for d in report.file_diagnostics}

    def test_syntax_error(self, engine: RuleEngine) -> None:
        """A Python file that does not parse is a syntax-error diagnostic with its position."""
        report = engine.validate(
            AgentOutput(files={"bad.py": "def f(:\n    return eval(x)\n"}),
            [rule("security.no-eval")],
        )
        (diagnostic,) = report.file_diagnostics
        assert (diagnostic.kind, diagnostic.line) == ("syntax-error", 1)
        assert report.verdict is Verdict.BLOCK

    def test_not_utf8_binary_and_huge(self, engine: RuleEngine) -> None:
        """Undecodable, binary and oversized files are reported and skipped."""
        small = RuleEngine(engine.pm, limits=AnalysisLimits(max_file_bytes=100))
        report = small.validate(
            AgentOutput(
                files={
                    "latin.py": "x = 'caf\xe9'\n".encode("latin-1"),
                    "logo.png": b"\x89PNG\r\n\x1a\n\x00\x00",
                    "big.py": "x = 1\n" * 100,
                    "ok.py": "x = 1\n",
                }
            ),
            [rule("security.no-eval")],
        )
        kinds = {d.path: d.kind for d in report.file_diagnostics}
        assert kinds == {"latin.py": "not-utf8", "logo.png": "binary", "big.py": "too-large"}
        assert report.files_checked == 4

    @pytest.mark.parametrize(
        "source",
        [
            pytest.param("x = " + "[" * 300 + "]" * 300 + "\n", id="nested-brackets"),
            pytest.param("x = 1" + " + 1" * 100_000 + "\n", id="recursion-error"),
            pytest.param("x = " + "-" * 100_000 + "1\n", id="parser-memory-error"),
        ],
    )
    def test_too_deep(self, engine: RuleEngine, source: str) -> None:
        """Nesting deeper than the parser can take is a too-deep diagnostic, not a crash."""
        assert self._diagnostics(engine, {"deep.py": source}) == {"deep.py": "too-deep"}

    def test_non_python_files_get_text_checks_only(self, engine: RuleEngine) -> None:
        """A non-Python file is not parsed as Python, but text checks still read it."""
        files = {"notes.md": 'eval("x")\npassword = hunter2hunter2\n'}
        report = engine.validate(
            AgentOutput(files=files),
            [rule("security.no-eval"), rule("security.no-secrets-in-text")],
        )
        assert report.file_diagnostics == ()
        assert [(v.rule_id, v.location.line) for v in report.violations] == [
            ("security.no-secrets-in-text", 2)
        ]


class TestSuppressions:
    """`# socratic: allow <rule-id> -- <reason>` suppresses visibly; malformed ones are reported."""

    def test_suppressed_finding_stays_visible(self, engine: RuleEngine) -> None:
        """A suppressed violation is in the report, marked, with its reason, and does not count."""
        text = 'eval("1")  # socratic: allow security.no-eval -- trusted constant input\n'
        report = engine.validate(AgentOutput(files={"a.py": text}), [rule("security.no-eval")])
        (violation,) = report.violations
        assert violation.suppressed
        assert violation.suppression_reason == "trusted constant input"
        assert report.verdict is Verdict.PASS

    def test_comment_on_its_own_line_covers_the_next(self, engine: RuleEngine) -> None:
        """A suppression alone on its line covers the line below, and only that one."""
        text = '# socratic: allow security.no-eval -- sandboxed\neval("1")\neval("2")\n'
        report = engine.validate(AgentOutput(files={"a.py": text}), [rule("security.no-eval")])
        assert [(v.location.line, v.suppressed) for v in report.violations] == [
            (2, True),
            (3, False),
        ]

    def test_other_rules_are_not_suppressed(self, engine: RuleEngine) -> None:
        """A suppression covers only the rule ids it names."""
        text = "eval(input())  # socratic: allow quality.no-print -- wrong id on purpose\n"
        report = engine.validate(
            AgentOutput(files={"a.py": text}), [rule("security.no-eval"), rule("quality.no-print")]
        )
        assert [(v.rule_id, v.suppressed) for v in report.violations] == [
            ("security.no-eval", False)
        ]

    def test_suppression_without_reason_is_reported(self, engine: RuleEngine) -> None:
        """A suppression with no reason is itself a violation and suppresses nothing."""
        text = 'eval("1")  # socratic: allow security.no-eval\n'
        report = engine.validate(AgentOutput(files={"a.py": text}), [rule("security.no-eval")])
        assert sorted((v.rule_id, v.suppressed) for v in report.violations) == [
            ("security.no-eval", False),
            (INVALID_SUPPRESSION, False),
        ]

    def test_suppression_naming_an_unknown_rule_is_reported(self, engine: RuleEngine) -> None:
        """A suppression naming a rule id nothing knows is reported."""
        text = "x = 1  # socratic: allow security.no-evil -- typo\n"
        report = engine.validate(AgentOutput(files={"a.py": text}), [rule("security.no-eval")])
        (violation,) = report.violations
        assert violation.rule_id == INVALID_SUPPRESSION
        assert "security.no-evil" in violation.message
        assert report.verdict is Verdict.WARN


class TestSummaries:
    """What `check_files` keeps of a file for the cross-file checks."""

    def test_imports_kept_when_a_cross_file_check_runs(self, engine: RuleEngine) -> None:
        """With a cross-file rule the summary holds the imports; without one, it need not."""
        files = {"pkg/a.py": "import pkg.b\neval('1')\n", "pkg/b.py": "import pkg.a\n"}
        cycles = engine.check_files(files, [rule("architecture.no-circular-imports")])
        assert [s.index.imports[0].names for s in cycles.summaries if s.index] == [
            ("pkg.b",),
            ("pkg.a",),
        ]
        report = engine.finish([cycles], [rule("architecture.no-circular-imports")])
        assert report.violations
        alone = engine.check_files(files, [rule("security.no-eval")])  # a.py is parsed
        assert len(alone.violations) == 1
        assert [s.index for s in alone.summaries] == [None, None]
        assert [s.path for s in alone.summaries] == ["pkg/a.py", "pkg/b.py"]


class TestGarbageCollectorPause:
    """Asked to, the engine pauses the cyclic collector per file and puts it back as it was."""

    @pytest.fixture
    def engine(self, pm: pluggy.PluginManager) -> RuleEngine:
        """An engine that pauses the collector, as `socratic check` builds it."""
        return RuleEngine(pm, pause_gc=True)

    def test_collector_is_restored(self, engine: RuleEngine) -> None:
        """After checking (even a file that does not parse) the collector is enabled again."""
        assert gc.isenabled()
        engine.validate(
            AgentOutput(files={"a.py": 'eval("1")\n', "b.py": "def (:"}), [rule("security.no-eval")]
        )
        assert gc.isenabled()

    def test_no_collection_sees_a_files_tree(self, engine: RuleEngine) -> None:
        """A file's tree is freed before the collector runs again: it never scans a tree."""
        trees_seen: list[bool] = []

        def watch(phase: str, _info: dict[str, int]) -> None:
            if phase == "start":
                young = gc.get_objects(generation=0)
                trees_seen.append(any(isinstance(o, ast.Module) for o in young))

        files = {f"m{n}.py": "def f(x):\n    return eval(x)\n" * 50 for n in range(3)}
        threshold = gc.get_threshold()
        gc.set_threshold(1)  # a collection at almost every allocation the collector sees
        gc.callbacks.append(watch)
        try:
            found = engine.check_files(files, [rule("security.no-eval")])
        finally:
            gc.callbacks.remove(watch)
            gc.set_threshold(*threshold)
        assert len(found.violations) == 150
        assert trees_seen, "the collector must have run for the test to say anything"
        assert not any(trees_seen)

    def test_collector_left_off_when_the_host_turned_it_off(self, engine: RuleEngine) -> None:
        """A host that disabled the collector finds it still disabled."""
        gc.disable()
        try:
            engine.validate(AgentOutput(files={"a.py": "x = 1\n"}), [rule("security.no-eval")])
            assert not gc.isenabled()
        finally:
            gc.enable()

    def test_collector_runs_during_checks_when_not_paused(self, pm: pluggy.PluginManager) -> None:
        """By default (a library in someone else's process) the collector is never touched."""
        seen: list[bool] = []

        class Probe:
            @hookimpl
            def register_checks(self, register: Callable[[Check], None]) -> None:
                declaration = CheckDeclaration("custom.probe", Category.CUSTOM, ("probe",))
                register(Check(declaration, lambda context: seen.append(gc.isenabled()) or ()))

        pm.register(Probe())
        files = {"a.py": "x = 1\n"}
        RuleEngine(pm).validate(AgentOutput(files=files), [rule("custom.probe")])
        RuleEngine(pm, pause_gc=True).validate(AgentOutput(files=files), [rule("custom.probe")])
        assert seen == [True, True, False, True]
