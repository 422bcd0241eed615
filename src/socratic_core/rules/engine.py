"""The `RuleEngine`: runs the registered checks over an agent's output and builds the report.

The engine receives its plugin manager (from `make_plugin_manager()`) and collects the checks
once. Checking streams: each file is loaded and parsed once, every per-file check runs on it, and
only a small summary (module name, imports, suppressions) is kept, so memory stays flat however
many files there are. Then the per-file checks see the agent's text answer, and the cross-file
checks (import cycles) see every file's summary and the import graph.

A check that raises becomes a `PluginFailure` for its rule (fail closed: an error-severity rule
with a failure blocks) and never stops the other checks. Rules that no installed check enforces
are reported as unenforced.
"""

from __future__ import annotations

import gc
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, replace

import pluggy

from socratic_core import plugin_manager
from socratic_core.rules.analysis import (
    Analysis,
    AnalysisLimits,
    LineIndex,
    SourceFile,
    import_graph,
    load_file,
    summarize,
)
from socratic_core.rules.checks import CheckContext, Finding
from socratic_core.rules.nodes import Category, CheckDeclaration, ParamValue, Rule, RuleKind
from socratic_core.rules.nodes import Severity as _Severity
from socratic_core.rules.results import (
    AgentOutput,
    FileDiagnostic,
    Location,
    PluginFailure,
    Report,
    Violation,
)
from socratic_core.rules.ruleset import RuleSet
from socratic_core.rules.suppressions import INVALID_SUPPRESSION

__all__ = ["FileResults", "RuleEngine"]

_ENGINE_PLUGIN = "socratic_core"
_Planned = list[tuple[Rule, "plugin_manager.RegisteredCheck"]]


@dataclass(frozen=True, slots=True)
class FileResults:
    """What the per-file checks found in a batch of files (picklable, for worker processes).

    Attributes:
        violations: Violations found, suppressions applied.
        failures: Checks that crashed, at most one per rule id.
        diagnostics: Files that could not be (fully) analysed.
        summaries: Each file's summary, for the cross-file checks.
    """

    violations: tuple[Violation, ...]
    failures: tuple[PluginFailure, ...]
    diagnostics: tuple[FileDiagnostic, ...]
    summaries: tuple[SourceFile, ...]


class RuleEngine:
    """Checks agent output against rules with the checks its plugin manager provides.

    Args:
        pm: The plugin manager; `make_plugin_manager()` (built-ins and installed entry points)
            when None.
        limits: Analysis limits (file size); the defaults when None.
        pause_gc: Pause Python's cyclic garbage collector while one file is parsed and checked
            (it is restored after every file, whatever happens). A syntax tree and its indexes
            hold no reference cycles, so reference counting frees them; without the pause the
            collector re-scans every young tree node many times, which costs about a third of
            the engine's time on large trees. The collector is process-wide state, so a library
            leaves it alone by default: pass True where you own the process (the `socratic
            check` command does).
    """

    def __init__(
        self,
        pm: pluggy.PluginManager | None = None,
        *,
        limits: AnalysisLimits | None = None,
        pause_gc: bool = False,
    ) -> None:
        self.pm = pm if pm is not None else plugin_manager.make_plugin_manager()
        self.limits = limits or AnalysisLimits()
        self.pause_gc = pause_gc
        self._checks = plugin_manager.collect_checks(self.pm)

    @property
    def checks(self) -> Mapping[str, plugin_manager.RegisteredCheck]:
        """Every registered check by id, with the plugin (name, version) that registered it."""
        return dict(self._checks)

    @property
    def declarations(self) -> tuple[CheckDeclaration, ...]:
        """The declarations of every registered check: the vocabulary instruction text can use."""
        return tuple(registered.check.declaration for registered in self._checks.values())

    def compile(self, text: str, *, strict: bool = False, source: str | None = None) -> RuleSet:
        """Parse instruction text against the vocabulary of every registered check.

        Plugins add vocabulary: a statement that names a plugin's check (by one of its
        phrases) resolves to it, exactly like the built-in ones.

        Args:
            text: The instruction document (Markdown-ish, or canonical lines).
            strict: Raise `RuleSyntaxError` on the first malformed statement.
            source: Which document this is, recorded on every rule.

        Returns:
            The rules with their diagnostics.

        Raises:
            RuleSyntaxError: In strict mode only.
        """
        from socratic_core.rules.parser import parse_instructions  # noqa: PLC0415 - lazy lark

        return parse_instructions(
            text, strict=strict, declarations=self.declarations, source=source
        )

    def validate(self, output: AgentOutput, rules: Iterable[Rule]) -> Report:
        """Check an agent's output against rules.

        Args:
            output: The agent's text, generated files and data.
            rules: The rules to check (a `RuleSet` or any iterable of `Rule`).

        Returns:
            The report: every violation, unenforced rule, plugin failure and file diagnostic.
        """
        rules = tuple(rules)
        return self.finish([self.check_files(output.files, rules)], rules, text=output.text)

    def check_files(
        self,
        files: Mapping[str, str | bytes],
        rules: Iterable[Rule],
        *,
        modules: Mapping[str, str] | None = None,
    ) -> FileResults:
        """Run the per-file checks over a batch of files, one file at a time.

        Args:
            files: Path -> content. Read one key at a time, so a lazy mapping keeps memory flat.
            rules: The rules to check.
            modules: Path -> dotted module name, for files whose module is not their path
                (`socratic check` works them out from the packages on disk). Otherwise the
                path is the module (`pkg/api.py` -> `pkg.api`, a leading `src/` dropped).

        Returns:
            What the batch produced; hand it (with other batches) to `finish()`.
        """
        rules = tuple(rules)
        per_file = self._plan(rules, cross_file=False)
        known = set(self._checks) | {rule.id for rule in rules}
        failed: dict[str, PluginFailure] = {}
        violations: list[Violation] = []
        diagnostics: list[FileDiagnostic] = []
        summaries: list[SourceFile] = []
        modules = modules or {}
        for path in sorted(files):
            name = path.replace("\\", "/")
            with _gc_paused(self.pause_gc):
                source, diagnostic = load_file(name, files[path], self.limits, modules.get(path))
                analysis = Analysis(files=(source,), text="", text_lines=LineIndex(""))
                found = self._run_all(per_file, analysis, failed)
            if diagnostic is not None:
                diagnostics.append(diagnostic)
            allowed, invalid = _suppressions(source, known)
            violations += [_suppress(v, allowed) for v in found] + invalid
            summaries.append(summarize(source))
        return FileResults(
            tuple(violations), tuple(failed.values()), tuple(diagnostics), tuple(summaries)
        )

    def finish(
        self, results: Iterable[FileResults], rules: Iterable[Rule], *, text: str = ""
    ) -> Report:
        """Check the text answer, run the cross-file checks, and build the report.

        Args:
            results: What `check_files()` produced, for every batch of files.
            rules: The same rules.
            text: The agent's text answer.

        Returns:
            The report.
        """
        rules, results = tuple(rules), tuple(results)
        failed = {f.rule_id: f for r in results for f in reversed(r.failures)}
        summaries = tuple(sorted((s for r in results for s in r.summaries), key=_path))
        answer = Analysis(files=(), text=text, text_lines=LineIndex(text))
        violations = [v for r in results for v in r.violations]
        violations += self._run_all(self._plan(rules, cross_file=False), answer, failed)
        whole = Analysis(summaries, text, answer.text_lines, (), import_graph(summaries))
        known = set(self._checks) | {rule.id for rule in rules}
        allowed = {k: v for s in summaries for k, v in _suppressions(s, known)[0].items()}
        cross = self._run_all(self._plan(rules, cross_file=True), whole, failed)
        violations += [_suppress(v, allowed) for v in cross]
        violations.sort(key=_order)
        return Report(
            violations=tuple(violations),
            unenforced=tuple(r for r in rules if self._unenforced(r)),
            plugin_failures=tuple(sorted(failed.values(), key=lambda f: f.rule_id)),
            file_diagnostics=tuple(d for r in results for d in r.diagnostics),
            rules=rules,
            files_checked=len(summaries),
        )

    def _unenforced(self, rule: Rule) -> bool:
        return rule.kind is RuleKind.UNENFORCED or rule.id not in self._checks

    def _plan(self, rules: tuple[Rule, ...], *, cross_file: bool) -> _Planned:
        return [
            (rule, self._checks[rule.id])
            for rule in rules
            if not self._unenforced(rule) and self._checks[rule.id].check.cross_file is cross_file
        ]

    def _run_all(
        self, planned: _Planned, analysis: Analysis, failed: dict[str, PluginFailure]
    ) -> list[Violation]:
        violations: list[Violation] = []
        for rule, registered in planned:
            if rule.id in failed:
                continue  # a broken check has already failed its rule: don't pile up errors
            declaration = registered.check.declaration
            try:
                context = CheckContext(rule, _params(declaration, rule), analysis)
                findings = list(registered.check.function(context))
            except Exception as exc:  # fail closed: a broken check fails its rule, not the engine
                error = f"{type(exc).__name__}: {exc}"
                failed[rule.id] = PluginFailure(rule.id, registered.plugin, error, rule.severity)
                continue
            violations += [_violation(f, rule, declaration, registered.plugin) for f in findings]
        return violations


@contextmanager
def _gc_paused(pause: bool) -> Iterator[None]:
    """Pause the cyclic garbage collector for the block, if asked and if it is running."""
    if not (pause and gc.isenabled()):
        yield
        return
    gc.disable()
    try:
        yield
    finally:
        gc.enable()


def _params(declaration: CheckDeclaration, rule: Rule) -> dict[str, ParamValue]:
    params: dict[str, ParamValue] = {}
    for spec in declaration.params:
        value = rule.params.get(spec.name, spec.default)
        if value is None:
            raise ValueError(f"rule {rule.id!r} needs the parameter {spec.name!r}")
        params[spec.name] = value
    extra = {k: v for k, v in rule.params.items() if k not in params}
    return params | extra


def _violation(
    finding: Finding, rule: Rule, declaration: CheckDeclaration, plugin: str
) -> Violation:
    location = Location(
        finding.path,
        finding.line,
        finding.column,
        finding.end_line,
        finding.end_column,
        finding.offset,
        finding.end_offset,
    )
    return Violation(
        rule_id=rule.id,
        category=rule.category,
        severity=_capped(rule.severity, finding.severity),
        message=finding.message,
        location=location,
        rule_span=rule.span,
        rule_text=rule.text,
        rule_source=rule.source,
        fix_hint=finding.fix_hint if finding.fix_hint is not None else declaration.fix_hint,
        plugin=plugin,
    )


def _capped(severity: _Severity, cap: _Severity | None) -> _Severity:
    return severity if cap is None or cap.rank >= severity.rank else cap


_Allowed = dict[tuple[str, int, str], str]


def _suppressions(source: SourceFile, known: set[str]) -> tuple[_Allowed, list[Violation]]:
    allowed: _Allowed = {}
    invalid: list[Violation] = []
    for s in source.suppressions:
        unknown = [rule_id for rule_id in s.rule_ids if rule_id not in known]
        problem = s.problem or (f"names unknown rule {unknown[0]!r}" if unknown else None)
        if problem is not None:
            invalid.append(_invalid_suppression(source.path, s.line, s.column, problem))
            continue
        for rule_id in s.rule_ids:
            for line in s.lines:  # a statement over several lines is covered on each
                allowed[(source.path, line, rule_id)] = s.reason
    return allowed, invalid


def _invalid_suppression(path: str, line: int, column: int, problem: str) -> Violation:
    return Violation(
        rule_id=INVALID_SUPPRESSION,
        category=Category.QUALITY,
        severity=_Severity.WARNING,
        message=f"malformed suppression: {problem}",
        location=Location(path, line, column),
        fix_hint="Write `# socratic: allow <rule-id> -- <reason>`.",
        plugin=_ENGINE_PLUGIN,
    )


def _suppress(violation: Violation, allowed: _Allowed) -> Violation:
    path = violation.location.path
    if path is None or not allowed:
        return violation
    reason = allowed.get((path, violation.location.line, violation.rule_id))
    if reason is None:
        return violation
    return replace(violation, suppressed=True, suppression_reason=reason)


def _path(source: SourceFile) -> str:
    return source.path


def _order(violation: Violation) -> tuple[str, int, int, str]:
    location = violation.location
    return (location.path or "", location.line, location.column, violation.rule_id)
