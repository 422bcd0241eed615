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

import functools
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, replace
from typing import Protocol

import pluggy

from socratic_core._gc import collector_paused
from socratic_core.rules._analysis import (
    Analysis,
    AnalysisLimits,
    LineIndex,
    SourceFile,
    import_graph,
    load_file,
    parse_file,
    summarize,
)
from socratic_core.rules._budget import Alarm, alarm, timed
from socratic_core.rules._checks import Batch, Check, CheckContext, Prefilter, Workspace
from socratic_core.rules._coverage import Counts, count_file, reads_answer, rule_coverage
from socratic_core.rules._diagnostics import Diagnostic
from socratic_core.rules._nodes import CheckDeclaration, ParamValue, Rule, RuleKind
from socratic_core.rules._nodes import Severity as _Severity
from socratic_core.rules._registry import RegisteredCheck, collect_checks
from socratic_core.rules._results import (
    AgentOutput,
    FileDiagnostic,
    PluginFailure,
    Report,
    RuleCoverage,
    Violation,
)
from socratic_core.rules._ruleset import RuleSet
from socratic_core.rules._violations import checked_findings, suppress, suppressions, to_violation
from socratic_core.rules._vocabulary import with_languages
from socratic_core.rules._workspace import materialise

__all__ = ["FileResults", "FileStore", "RuleEngine"]

_Planned = list[tuple[Rule, RegisteredCheck]]


@dataclass(frozen=True, slots=True)
class FileResults:
    """What the per-file checks found in a batch of files (picklable, for worker processes).

    Attributes:
        violations: Violations found, suppressions applied.
        failures: Checks that crashed, at most one per rule id.
        diagnostics: Files that could not be (fully) analysed.
        summaries: Each file's summary, for the cross-file checks (its imports only when a
            cross-file check is among the rules).
        coverage: (rule id, language, files): how many of the batch's files each rule's
            checks read, by language (see `RuleCoverage`).
    """

    violations: tuple[Violation, ...]
    failures: tuple[PluginFailure, ...]
    diagnostics: tuple[FileDiagnostic, ...]
    summaries: tuple[SourceFile, ...]
    coverage: tuple[tuple[str, str, int], ...] = ()


class FileStore(Protocol):
    """Receives each file's results as `check_files()` checks it, to keep them between runs.

    The engine does no disk I/O: a caller that keeps results (`socratic check` keeps them in
    `.socratic_cache/`) hands one of these over, and leaves out of the next run the files it
    still has results for. What results depend on besides the file (the rules, the plugins,
    the limits, the module name) is the caller's to key on.

    The results of one file are a `FileResults` for that file alone: its violations
    (suppressions applied), its diagnostic, its summary (exactly one) and its coverage counts,
    never a failure: a file on which a check failed, or that was checked after one in the same
    batch (the failed rule no longer runs), is not put.
    """

    def put(self, path: str, content: str | bytes, results: FileResults) -> None:
        """Take one file's results (`content` is what was checked)."""
        ...


class RuleEngine:
    """Checks agent output against rules with the checks its plugin manager provides.

    Args:
        pm: The plugin manager whose checks it runs: `make_plugin_manager()` gives one with
            the built-ins and the installed plugins.
        limits: Analysis limits (file size); the defaults when None.
        pause_gc: Pause Python's cyclic garbage collector while one file is parsed, checked
            and its tree freed (it is restored after every file, whatever happens). A syntax
            tree and its indexes hold no reference cycles, so reference counting frees them;
            without the pause the collector re-scans every young tree node many times, and
            restored while the tree is still alive it scans the whole tree once more. The
            collector is process-wide state, so a library leaves it alone by default: pass True
            where you own the process (the `socratic check` command does).
        check_budget: Seconds one check may take for one call (one file, the text answer, or
            the cross-file pass); a call past it fails its rule (fail closed). None: no budget.
        interrupt_slow_checks: Also stop a check that runs past its budget, with a real-time
            timer (SIGALRM: POSIX, main thread, only where no other SIGALRM handler is set).
            Process-wide state again, so off by default; `socratic check` turns it on.
        prefilter: Skip a check on the files its prefilter rejects (`Check.prefilter`), and
            parse no file that no check is left to read. False calls every check on every
            file: the same findings, only slower (tests use it to prove that).
    """

    def __init__(
        self,
        pm: pluggy.PluginManager,
        *,
        limits: AnalysisLimits | None = None,
        pause_gc: bool = False,
        check_budget: float | None = 60.0,
        interrupt_slow_checks: bool = False,
        prefilter: bool = True,
    ) -> None:
        self.pm = pm
        self.limits = limits or AnalysisLimits()
        self.pause_gc = pause_gc
        self.check_budget = check_budget
        self.interrupt_slow_checks = interrupt_slow_checks
        self.prefilter = prefilter
        self._checks = collect_checks(self.pm)

    @property
    def checks(self) -> Mapping[str, RegisteredCheck]:
        """Every registered check by id, with the plugin (name, version) that registered it."""
        return dict(self._checks)

    @property
    def declarations(self) -> tuple[CheckDeclaration, ...]:
        """The declarations of every registered check: the vocabulary instruction text can use."""
        return tuple(
            with_languages(registered.check.declaration, registered.languages)
            for registered in self._checks.values()
        )

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
        from socratic_core.rules._parser import parse_instructions  # noqa: PLC0415 - lazy parser

        ruleset = parse_instructions(
            text, strict=strict, declarations=self.declarations, source=source
        )
        problems = tuple(self._refused(ruleset, text))
        if strict and problems:
            raise problems[0].to_error()
        if not problems:
            return ruleset
        diagnostics = tuple(sorted((*ruleset.diagnostics, *problems), key=_diagnostic_order))
        return replace(ruleset, diagnostics=diagnostics)

    def _refused(self, ruleset: RuleSet, text: str) -> Iterator[Diagnostic]:
        """The rules whose check refuses their parameters (`Check.validate`)."""
        lines = text.splitlines()
        for rule in ruleset:
            registered = self._checks.get(rule.id)
            check = registered.check if registered is not None else None
            if check is None or check.validate is None or self._unenforced(rule):
                continue
            problem = check.validate(_params(check.declaration, rule))
            if problem is not None:
                line, column = (rule.span.line, rule.span.column) if rule.span else (1, 1)
                text_line = lines[line - 1] if 0 < line <= len(lines) else ""
                context = f"{text_line}\n{' ' * (column - 1)}^"
                yield Diagnostic(line, column, problem, None, _Severity.ERROR, (), context)

    def validate(self, output: AgentOutput, rules: Iterable[Rule]) -> Report:
        """Check an agent's output against rules.

        Args:
            output: The agent's text, generated files and data.
            rules: The rules to check (a `RuleSet` or any iterable of `Rule`).

        Returns:
            The report: every violation, unenforced rule, plugin failure and file diagnostic.
        """
        rules = tuple(rules)
        # An agent's output is always parsed whole: a file that does not parse is a finding
        # in itself (the runner's code gate), whatever the rules.
        results = [self.check_files(output.files, rules, parse_all=True)]
        if not self._batches(rules):
            return self.finish(results, rules, text=output.text)
        with materialise(output.files) as workspace:
            return self.finish(results, rules, text=output.text, workspace=workspace)

    def check_files(
        self,
        files: Mapping[str, str | bytes],
        rules: Iterable[Rule],
        *,
        modules: Mapping[str, str] | None = None,
        parse_all: bool = False,
        store: FileStore | None = None,
    ) -> FileResults:
        """Run the per-file checks over a batch of files, one file at a time.

        A file is parsed only when a check is left to read it after the prefilters (so a file
        that does not parse but that no rule needs gets no diagnostic), unless `parse_all`.

        Args:
            files: Path -> content. Read one key at a time, so a lazy mapping keeps memory flat.
            rules: The rules to check.
            modules: Path -> dotted module name, for files whose module is not their path
                (`socratic check` works them out from the packages on disk). Otherwise the
                path is the module (`pkg/api.py` -> `pkg.api`, a leading `src/` dropped).
            parse_all: Parse every file of a parsed language, so each one that does not
                parse is diagnosed (`validate()` does this for an agent's output).
            store: Receives each file's results as it is checked (`FileStore`), unless a
                check failed on it.

        Returns:
            What the batch produced; hand it (with other batches) to `finish()`.
        """
        rules = tuple(rules)
        per_file = self._plan(rules, cross_file=False)
        filters = self._prefilters(per_file)
        # A cross-file check reads every Python file's imports: then every file is parsed.
        cross_file = bool(self._plan(rules, cross_file=True))
        parse_all = parse_all or cross_file
        known = set(self._checks) | {rule.id for rule in rules}
        failed: dict[str, PluginFailure] = {}
        violations: list[Violation] = []
        diagnostics: list[FileDiagnostic] = []
        summaries: list[SourceFile] = []
        modules = modules or {}
        every, counts = self._every_check(rules), Counts()
        for path in sorted(files):
            name = path.replace("\\", "/")
            content = files[path]
            first = len(violations)
            file_counts = counts if store is None else Counts()
            # The file's tree and indexes die inside the pause (only its summary and findings
            # outlive it), so the collector never scans them when it runs again.
            with collector_paused(self.pause_gc):
                source, diagnostic = load_file(
                    name, content, self.limits, modules.get(path), parse=False
                )
                active = _active(per_file, filters, source)
                # Suppression comments may cover a multi-line statement: that needs the tree.
                if source.text is not None and (active or parse_all or source.suppressions):
                    source, diagnostic = parse_file(source)
                analysis = Analysis(files=(source,), text="", text_lines=LineIndex(""))
                found = self._run_all(active, analysis, failed)
                count_file(file_counts, every, source, analysed=diagnostic is None)
                allowed, invalid = suppressions(source, known)
                violations += [suppress(v, allowed) for v in found] + invalid
                summaries.append(summarize(source, imports=cross_file))
                del source, analysis
            if diagnostic is not None:
                diagnostics.append(diagnostic)
            if store is not None:
                counts.update(file_counts)
                if not failed:  # else a check failed on it, or was skipped: nothing to keep
                    kept = _one_file(violations[first:], diagnostic, summaries[-1], file_counts)
                    store.put(path, content, kept)
        return FileResults(
            tuple(violations),
            tuple(failed.values()),
            tuple(diagnostics),
            tuple(summaries),
            _tally(counts),
        )

    def finish(
        self,
        results: Iterable[FileResults],
        rules: Iterable[Rule],
        *,
        text: str = "",
        workspace: Workspace | None = None,
        batches: FileResults | None = None,
    ) -> Report:
        """Check the text answer, run the cross-file and batched checks, and build the report.

        Args:
            results: What `check_files()` produced, for every batch of files (in any order:
                the report lists files in path order).
            rules: The same rules.
            text: The agent's text answer.
            workspace: Every checked file on disk, for the batched checks (ruff), which run
                once here over all of them. Without it, their rules fail (nothing to run on).
            batches: What `run_batches()` already found, when it ran beside the per-file
                checks; then nothing runs here again and `workspace` is not needed.

        Returns:
            The report.
        """
        rules, results = tuple(rules), tuple(results)
        if batches is None:
            batches = self.run_batches(rules, workspace, text=text)
        failed = {f.rule_id: f for r in (*results, batches) for f in reversed(r.failures)}
        summaries = tuple(sorted((s for r in results for s in r.summaries), key=_path))
        answer = Analysis(files=(), text=text, text_lines=LineIndex(text))
        violations = [v for r in results for v in r.violations]
        violations += self._run_all(self._plan(rules, cross_file=False), answer, failed)
        whole = Analysis(summaries, text, answer.text_lines, (), import_graph(summaries))
        known = set(self._checks) | {rule.id for rule in rules}
        allowed = {k: v for s in summaries for k, v in suppressions(s, known)[0].items()}
        cross = self._run_all(self._plan(rules, cross_file=True), whole, failed)
        violations += [suppress(v, allowed) for v in (*cross, *batches.violations)]
        violations.sort(key=_order)
        return Report(
            violations=tuple(violations),
            unenforced=tuple(r for r in rules if self._unenforced(r)),
            plugin_failures=tuple(sorted(failed.values(), key=lambda f: f.rule_id)),
            file_diagnostics=tuple(
                sorted((d for r in results for d in r.diagnostics), key=_diagnostic_path)
            ),
            rules=rules,
            files_checked=len(summaries),
            coverage=self._coverage(rules, results, text),
        )

    def run_batches(
        self, rules: Iterable[Rule], workspace: Workspace | None, *, text: str = ""
    ) -> FileResults:
        """Run the batched checks (ruff) once over the files on disk, on their own.

        `finish()` calls this; `socratic check` calls it in a thread beside the per-file checks
        (ruff works in its own process meanwhile) and hands the result to `finish(batches=...)`.
        A batch reads the files from the workspace: its contexts' analysis holds the text
        answer only.

        Args:
            rules: The rules (those whose check has no batch are left alone).
            workspace: The files on disk; None fails every batched rule.
            text: The agent's text answer.

        Returns:
            The violations (suppressions not applied yet) and failures of the batched rules.
        """
        rules = tuple(rules)
        if not self._batches(rules):
            return FileResults((), (), (), ())
        failed: dict[str, PluginFailure] = {}
        analysis = Analysis(files=(), text=text, text_lines=LineIndex(text))
        found = self._run_batches(rules, analysis, workspace, failed)
        return FileResults(tuple(found), tuple(failed.values()), (), ())

    def _every_check(self, rules: tuple[Rule, ...]) -> list[tuple[Rule, Check]]:
        """Every enforced rule with each of its checks (batched and cross-file ones too)."""
        return [
            (rule, implementation.check)
            for rule in rules
            if not self._unenforced(rule)
            for implementation in self._checks[rule.id].implementations
        ]

    def _coverage(
        self, rules: tuple[Rule, ...], results: tuple[FileResults, ...], text: str
    ) -> tuple[RuleCoverage, ...]:
        every = self._every_check(rules)
        answered = {rule.id for rule, check in every if text and reads_answer(check)}
        counts = (entry for result in results for entry in result.coverage)
        return rule_coverage([rule for rule, _ in every], counts, answered)

    def _unenforced(self, rule: Rule) -> bool:
        return rule.kind is RuleKind.UNENFORCED or rule.id not in self._checks

    def _plan(self, rules: tuple[Rule, ...], *, cross_file: bool) -> _Planned:
        return [
            (rule, implementation)
            for rule in rules
            if not self._unenforced(rule)
            for implementation in self._checks[rule.id].implementations
            if implementation.check.batch is None and implementation.check.cross_file is cross_file
        ]

    def _prefilters(self, planned: _Planned) -> list[Callable[[str], bool] | None]:
        """Each planned rule's prefilter with its parameters bound (None: runs on every file)."""
        filters: list[Callable[[str], bool] | None] = []
        for rule, registered in planned:
            prefilter = registered.check.prefilter
            try:
                params = _params(registered.check.declaration, rule)
            except ValueError:
                prefilter = None  # the rule fails when it runs; let it run
            if not self.prefilter or prefilter is None:
                filters.append(None)
            else:
                filters.append(functools.partial(_passes, prefilter, params))
        return filters

    def _batches(self, rules: tuple[Rule, ...]) -> dict[Batch, _Planned]:
        batches: dict[Batch, _Planned] = {}
        for rule in rules:
            if self._unenforced(rule):
                continue
            for implementation in self._checks[rule.id].implementations:
                batch = implementation.check.batch
                if batch is not None:
                    batches.setdefault(batch, []).append((rule, implementation))
        return batches

    def _run_batches(
        self,
        rules: tuple[Rule, ...],
        analysis: Analysis,
        workspace: Workspace | None,
        failed: dict[str, PluginFailure],
    ) -> list[Violation]:
        violations: list[Violation] = []
        for batch, planned in self._batches(rules).items():
            contexts: list[CheckContext] = []
            for rule, reg in list(planned):
                try:
                    contexts.append(
                        CheckContext(rule, _params(reg.check.declaration, rule), analysis)
                    )
                except ValueError as exc:  # a missing parameter fails this rule alone
                    failed[rule.id] = PluginFailure(rule.id, reg.plugin, str(exc), rule.severity)
                    planned.remove((rule, reg))
            try:
                if workspace is None:
                    raise RuntimeError(f"{batch.name} needs the files on disk: none were given")
                found = list(batch.function(contexts, workspace))
                if len(found) != len(planned):
                    raise TypeError(f"returned {len(found)} results for {len(planned)} rules")
            except Exception as exc:  # fail closed: the tool failed every rule it was to check
                found = [exc] * len(planned)
            for (rule, reg), result in zip(planned, found, strict=True):
                try:
                    if isinstance(result, Exception):
                        raise result
                    findings = checked_findings(result)
                except Exception as exc:  # this rule alone failed
                    error = f"{batch.name}: {type(exc).__name__}: {exc}"
                    failed[rule.id] = PluginFailure(rule.id, reg.plugin, error, rule.severity)
                    continue
                declaration = reg.check.declaration
                violations += [to_violation(f, rule, declaration, reg.plugin) for f in findings]
        return violations

    def _run_all(
        self, planned: _Planned, analysis: Analysis, failed: dict[str, PluginFailure]
    ) -> list[Violation]:
        violations: list[Violation] = []
        with alarm(self.interrupt_slow_checks) as clock:
            for rule, registered in planned:
                if rule.id in failed:
                    continue  # a broken check has already failed its rule: don't pile up errors
                violations += self._run_one(rule, registered, analysis, failed, clock)
        return violations

    def _run_one(
        self,
        rule: Rule,
        registered: RegisteredCheck,
        analysis: Analysis,
        failed: dict[str, PluginFailure],
        clock: Alarm | None,
    ) -> list[Violation]:
        declaration = registered.check.declaration
        try:
            context = CheckContext(rule, _params(declaration, rule), analysis)
            check = registered.check.function
            findings = timed(
                lambda: checked_findings(check(context)), self.check_budget, clock=clock
            )
        except Exception as exc:  # fail closed: a broken check fails its rule, not the engine
            error = f"{type(exc).__name__}: {exc}"
            failed[rule.id] = PluginFailure(rule.id, registered.plugin, error, rule.severity)
            return []
        return [to_violation(f, rule, declaration, registered.plugin) for f in findings]


def _tally(counts: Counts) -> tuple[tuple[str, str, int], ...]:
    return tuple((rule_id, label, n) for (rule_id, label), n in counts.items())


def _one_file(
    violations: list[Violation],
    diagnostic: FileDiagnostic | None,
    summary: SourceFile,
    counts: Counts,
) -> FileResults:
    """One file's results, as a `FileStore` gets them."""
    diagnosed = () if diagnostic is None else (diagnostic,)
    return FileResults(tuple(violations), (), diagnosed, (summary,), _tally(counts))


def _passes(prefilter: Prefilter, params: Mapping[str, ParamValue], text: str) -> bool:
    """Whether a check may find something in `text`; a prefilter that fails says yes."""
    try:
        return bool(prefilter(text, params))
    except Exception:  # a broken prefilter must not hide findings: the check runs
        return True


def _active(
    planned: _Planned, filters: list[Callable[[str], bool] | None], source: SourceFile
) -> _Planned:
    """The planned rules whose check reads this file and may find something in its text."""
    reading = [
        (entry, keep)
        for entry, keep in zip(planned, filters, strict=True)
        if entry[1].check.reads_file(source.path)  # a TypeScript check never needs a .py parse
    ]
    text = source.text
    if text is None:
        return [entry for entry, _ in reading]  # nothing to filter on: they see a file w/o text
    return [entry for entry, keep in reading if keep is None or keep(text)]


def _diagnostic_order(diagnostic: Diagnostic) -> tuple[int, int]:
    return (diagnostic.line, diagnostic.column)


def _params(declaration: CheckDeclaration, rule: Rule) -> dict[str, ParamValue]:
    params: dict[str, ParamValue] = {}
    for spec in declaration.params:
        value = rule.params.get(spec.name, spec.default)
        if value is None:
            raise ValueError(f"rule {rule.id!r} needs the parameter {spec.name!r}")
        params[spec.name] = value
    extra = {k: v for k, v in rule.params.items() if k not in params}
    return params | extra


def _diagnostic_path(diagnostic: FileDiagnostic) -> str:
    return diagnostic.path


def _path(source: SourceFile) -> str:
    return source.path


def _order(violation: Violation) -> tuple[str, int, int, str]:
    location = violation.location
    return (location.path or "", location.line, location.column, violation.rule_id)
