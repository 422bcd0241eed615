"""The `RuleEngine`: runs the registered checks over an agent's output and builds the report.

The engine receives its plugin manager (from `make_plugin_manager()`), collects the checks once,
analyses the output once (`analysis.analyze`) and runs each enforced rule's check over that shared
analysis. A check that raises becomes a `PluginFailure` for its rule (fail closed: an
error-severity rule with a failure blocks) and never stops the other checks. Rules that no
installed check enforces are reported as unenforced.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import replace

import pluggy

from socratic_core import plugin_manager
from socratic_core.rules.analysis import Analysis, AnalysisLimits, analyze
from socratic_core.rules.checks import CheckContext, Finding
from socratic_core.rules.nodes import Category, CheckDeclaration, ParamValue, Rule, RuleKind
from socratic_core.rules.nodes import Severity as _Severity
from socratic_core.rules.results import (
    AgentOutput,
    Location,
    PluginFailure,
    Report,
    Violation,
)
from socratic_core.rules.suppressions import INVALID_SUPPRESSION

__all__ = ["RuleEngine"]

_ENGINE_PLUGIN = "socratic_core"


class RuleEngine:
    """Checks agent output against rules with the checks its plugin manager provides.

    Args:
        pm: The plugin manager; `make_plugin_manager()` (built-ins and installed entry points)
            when None.
        limits: Analysis limits (file size); the defaults when None.
    """

    def __init__(
        self, pm: pluggy.PluginManager | None = None, *, limits: AnalysisLimits | None = None
    ) -> None:
        self.pm = pm if pm is not None else plugin_manager.make_plugin_manager()
        self.limits = limits or AnalysisLimits()
        self._checks = plugin_manager.collect_checks(self.pm)

    @property
    def checks(self) -> Mapping[str, plugin_manager.RegisteredCheck]:
        """Every registered check by id, with the plugin (name, version) that registered it."""
        return dict(self._checks)

    @property
    def declarations(self) -> tuple[CheckDeclaration, ...]:
        """The declarations of every registered check: the vocabulary instruction text can use."""
        return tuple(registered.check.declaration for registered in self._checks.values())

    def validate(self, output: AgentOutput, rules: Iterable[Rule]) -> Report:
        """Check an agent's output against rules.

        Args:
            output: The agent's text, generated files and data.
            rules: The rules to check (a `RuleSet` or any iterable of `Rule`).

        Returns:
            The report: every violation, unenforced rule, plugin failure and file diagnostic.
        """
        return self.check_analysis(analyze(output, self.limits), rules)

    def check_analysis(
        self, analysis: Analysis, rules: Iterable[Rule], *, cross_file: bool | None = None
    ) -> Report:
        """Run the checks over an analysis that is already built.

        Args:
            analysis: The shared analysis of an output.
            rules: The rules to check.
            cross_file: None runs every check; False only checks that read one file at a time;
                True only checks that read across files (for checking in several processes).

        Returns:
            The report.
        """
        rules = tuple(rules)
        violations: list[Violation] = []
        failures: list[PluginFailure] = []
        unenforced: list[Rule] = []
        for rule in rules:
            registered = self._checks.get(rule.id)
            if rule.kind is RuleKind.UNENFORCED or registered is None:
                unenforced.append(rule)
            elif cross_file is None or registered.check.cross_file is cross_file:
                found, failure = self._run(registered, rule, analysis)
                violations += found
                failures += [failure] if failure else []
        if cross_file is not True:
            violations = self._apply_suppressions(violations, analysis, rules)
        violations.sort(key=_order)
        return Report(
            violations=tuple(violations),
            unenforced=tuple(unenforced),
            plugin_failures=tuple(failures),
            file_diagnostics=analysis.diagnostics if cross_file is not True else (),
            rules=rules,
            files_checked=len(analysis.files),
        )

    def _run(
        self, registered: plugin_manager.RegisteredCheck, rule: Rule, analysis: Analysis
    ) -> tuple[list[Violation], PluginFailure | None]:
        declaration = registered.check.declaration
        try:
            context = CheckContext(rule, _params(declaration, rule), analysis)
            findings = list(registered.check.function(context))
        except Exception as exc:  # fail closed: a broken check fails its rule, not the engine
            error = f"{type(exc).__name__}: {exc}"
            return [], PluginFailure(rule.id, registered.plugin, error, rule.severity)
        return [_violation(f, rule, declaration, registered.plugin) for f in findings], None

    def _apply_suppressions(
        self, violations: list[Violation], analysis: Analysis, rules: tuple[Rule, ...]
    ) -> list[Violation]:
        known = set(self._checks) | {rule.id for rule in rules}
        allowed: dict[tuple[str, int, str], str] = {}
        for source in analysis.files:
            for s in source.suppressions:
                unknown = [rule_id for rule_id in s.rule_ids if rule_id not in known]
                problem = s.problem or (f"names unknown rule {unknown[0]!r}" if unknown else None)
                if problem is not None:
                    violations.append(_invalid_suppression(source.path, s.line, s.column, problem))
                    continue
                for rule_id in s.rule_ids:
                    allowed[(source.path, s.target_line, rule_id)] = s.reason
        if not allowed:
            return violations
        return [_suppress(v, allowed) for v in violations]


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
        severity=rule.severity,
        message=finding.message,
        location=location,
        rule_span=rule.span,
        rule_text=rule.text,
        rule_source=rule.source,
        fix_hint=finding.fix_hint if finding.fix_hint is not None else declaration.fix_hint,
        plugin=plugin,
    )


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


def _suppress(violation: Violation, allowed: dict[tuple[str, int, str], str]) -> Violation:
    path = violation.location.path
    if path is None:
        return violation
    reason = allowed.get((path, violation.location.line, violation.rule_id))
    if reason is None:
        return violation
    return replace(violation, suppressed=True, suppression_reason=reason)


def _order(violation: Violation) -> tuple[str, int, int, str]:
    location = violation.location
    return (location.path or "", location.line, location.column, violation.rule_id)
