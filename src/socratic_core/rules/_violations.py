"""From a check's findings to the report's violations: severity caps, suppressions, checks.

`to_violation()` ties a `Finding` to the rule that asked for it; `suppressions()` reads a file's
inline `socratic: allow` comments into what they allow (and a violation for each malformed one);
`suppress()` marks a violation those comments cover.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace

from socratic_core.rules._analysis import SourceFile
from socratic_core.rules._checks import Finding
from socratic_core.rules._nodes import Category, CheckDeclaration, Rule
from socratic_core.rules._nodes import Severity as _Severity
from socratic_core.rules._results import Location, Violation
from socratic_core.rules._script import is_script
from socratic_core.rules._suppressions import INVALID_SUPPRESSION

__all__ = [
    "ENGINE_PLUGIN",
    "Allowed",
    "checked_findings",
    "suppress",
    "suppressions",
    "to_violation",
]

ENGINE_PLUGIN = "socratic_core"
"""The plugin name on violations the engine itself reports (a malformed suppression)."""


def checked_findings(found: Iterable[Finding]) -> list[Finding]:
    """The findings a check returned; anything else fails its rule (TypeError)."""
    findings = list(found)
    for finding in findings:
        if not isinstance(finding, Finding):
            raise TypeError(f"returned {type(finding).__name__} {finding!r:.60}, not a Finding")
    return findings


def to_violation(
    finding: Finding, rule: Rule, declaration: CheckDeclaration, plugin: str
) -> Violation:
    return Violation(
        rule_id=rule.id,
        category=rule.category,
        severity=_capped(rule.severity, finding.severity),
        message=finding.message,
        location=finding.location,
        rule_span=rule.span,
        rule_text=rule.text,
        rule_source=rule.source,
        fix_hint=finding.fix_hint if finding.fix_hint is not None else declaration.fix_hint,
        plugin=plugin,
    )


def _capped(severity: _Severity, cap: _Severity | None) -> _Severity:
    return severity if cap is None or cap.rank >= severity.rank else cap


Allowed = dict[tuple[str, int, str], str]


def suppressions(source: SourceFile, known: set[str]) -> tuple[Allowed, list[Violation]]:
    allowed: Allowed = {}
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
    marker = "//" if is_script(path) else "#"  # the file's own comment syntax
    return Violation(
        rule_id=INVALID_SUPPRESSION,
        category=Category.QUALITY,
        severity=_Severity.WARNING,
        message=f"malformed suppression: {problem}",
        location=Location(path, line, column),
        fix_hint=f"Write `{marker} socratic: allow <rule-id> -- <reason>`.",
        plugin=ENGINE_PLUGIN,
    )


def suppress(violation: Violation, allowed: Allowed) -> Violation:
    path = violation.location.path
    if path is None or not allowed:
        return violation
    reason = allowed.get((path, violation.location.line, violation.rule_id))
    if reason is None:
        return violation
    return replace(violation, suppressed=True, suppression_reason=reason)
