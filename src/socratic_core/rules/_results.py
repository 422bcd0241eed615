"""What checking produces: the agent output going in, violations and a verdict coming out.

Everything here is a frozen value. A violation is data, never an exception; a report lists every
violation (suppressed ones too, marked), every rule nothing enforces, every plugin that failed and
every file that could not be analysed, and sums them up in a `Verdict`.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from socratic_core.rules._nodes import Category, Rule, Severity, SourceSpan

__all__ = [
    "AgentOutput",
    "FileDiagnostic",
    "Location",
    "PluginFailure",
    "Report",
    "RuleCoverage",
    "Verdict",
    "Violation",
]


@dataclass(frozen=True, slots=True)
class AgentOutput:
    """What an agent produced, as the engine checks it.

    Attributes:
        text: The agent's text answer.
        files: Generated files, path -> content (text, or bytes as they would be written).
        data: Structured data the agent returned (kept for validators that want it).
    """

    text: str = ""
    files: Mapping[str, str | bytes] = field(default_factory=dict)
    data: Mapping[str, Any] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class Location:
    """Where a finding sits in the checked output.

    A finding in a generated file has `path` and 1-based `line`/`column` (end exclusive, when
    known). A finding in the agent's text answer has `path=None`, and `offset`/`end_offset`
    give its character span in the text as well as the line and column.
    """

    path: str | None
    line: int = 1
    column: int = 1
    end_line: int | None = None
    end_column: int | None = None
    offset: int | None = None
    end_offset: int | None = None


class Verdict(StrEnum):
    """The outcome of a check: pass, warn (only warnings or infos) or block (an error)."""

    PASS = "pass"  # noqa: S105 - a verdict, not a password
    WARN = "warn"
    BLOCK = "block"


@dataclass(frozen=True, slots=True)
class Violation:
    """One finding of one check for one rule.

    Attributes:
        rule_id: The id of the rule (and of the check that found it).
        category: The rule's category.
        severity: The rule's severity.
        message: What is wrong, in one sentence.
        location: Where in the checked output.
        rule_span: Where the instruction statement that asked for the rule sits, when known.
        rule_text: That statement as written.
        rule_source: The instruction document it came from, when known.
        fix_hint: How to fix it.
        plugin: The name of the plugin whose check found it.
        suppressed: Whether an inline suppression covers it (it then counts for nothing).
        suppression_reason: The reason the suppression gave.
    """

    rule_id: str
    category: Category
    severity: Severity
    message: str
    location: Location
    rule_span: SourceSpan | None = None
    rule_text: str = ""
    rule_source: str | None = None
    fix_hint: str = ""
    plugin: str = ""
    suppressed: bool = False
    suppression_reason: str | None = None


@dataclass(frozen=True, slots=True)
class FileDiagnostic:
    """A generated file the engine could not (fully) analyse, and why.

    Attributes:
        path: The file.
        kind: `syntax-error`, `too-deep`, `not-utf8`, `undecodable` (not valid in its declared
            PEP 263 encoding), `unknown-encoding`, `binary` or `too-large`.
        message: What happened.
        severity: `error` for a file that can't be checked (syntax error, too deep, too large,
            undecodable: the rules could not be verified, so the report fails closed; the
            engine's `AnalysisLimits(unreadable=...)` may relax the last two to `warning`),
            `info` for binary files.
        line: 1-based line, when the problem has one.
        column: 1-based column, when the problem has one.
    """

    path: str
    kind: str
    message: str
    severity: Severity
    line: int | None = None
    column: int | None = None


@dataclass(frozen=True, slots=True)
class PluginFailure:
    """A check that crashed (or could not run) for a rule: the rule counts as failed.

    Attributes:
        rule_id: The rule the check ran for.
        plugin: The plugin that provided the check.
        error: The exception type and message.
        severity: The rule's severity; an error-severity rule with a failure blocks.
    """

    rule_id: str
    plugin: str
    error: str
    severity: Severity


@dataclass(frozen=True, slots=True)
class RuleCoverage:
    """What one rule's checks read in a run: how many files, in which languages.

    Attributes:
        rule_id: The rule.
        languages: Language -> how many files the rule's checks read in it: `python`,
            `typescript`, `tsx`, `javascript`, `jsx` (parsed code), or `text` (any other file
            read as text). Languages with no file are left out.
        answer: Whether its checks read the agent's text answer.
    """

    rule_id: str
    languages: Mapping[str, int] = field(default_factory=dict)
    answer: bool = False

    @property
    def files(self) -> int:
        """How many files the rule's checks read."""
        return sum(self.languages.values())

    @property
    def checked_nothing(self) -> bool:
        """Whether the rule's checks read no file and no answer (nothing they read was there)."""
        return not self.files and not self.answer


@dataclass(frozen=True, slots=True)
class Report:
    """Everything one `RuleEngine.validate()` run found.

    Attributes:
        violations: Every violation, in file and line order; suppressed ones are included and
            marked.
        unenforced: Rules that no installed check enforces: reported, never counted as passed.
        plugin_failures: Checks that crashed or could not run.
        file_diagnostics: Files that could not be (fully) analysed.
        rules: Every rule the run was given.
        files_checked: How many generated files were looked at.
        notices: What a reader should know about the run itself ("0 files checked", files no
            check reads); `socratic check` adds them, every renderer shows them.
        coverage: For each enforced rule that ran, which files (and languages) its checks read,
            in rule order. A rule that read nothing (its checks read Python and the output has
            only TypeScript) is `unchecked`, never counted as passed.
    """

    violations: tuple[Violation, ...] = ()
    unenforced: tuple[Rule, ...] = ()
    plugin_failures: tuple[PluginFailure, ...] = ()
    file_diagnostics: tuple[FileDiagnostic, ...] = ()
    rules: tuple[Rule, ...] = ()
    files_checked: int = 0
    notices: tuple[str, ...] = ()
    coverage: tuple[RuleCoverage, ...] = ()

    @property
    def passed(self) -> tuple[Rule, ...]:
        """The enforced rules that found nothing active, whose checks ran and read something."""
        failing = {v.rule_id for v in self.active_violations}
        failing |= {f.rule_id for f in self.plugin_failures}
        failing |= {rule.id for rule in self.unchecked}
        unenforced = set(self.unenforced)
        return tuple(r for r in self.rules if r not in unenforced and r.id not in failing)

    @property
    def unchecked(self) -> tuple[Rule, ...]:
        """The enforced rules whose checks read no file and no answer in this output."""
        nothing = {c.rule_id for c in self.coverage if c.checked_nothing}
        failed = {f.rule_id for f in self.plugin_failures}
        return tuple(r for r in self.rules if r.id in nothing and r.id not in failed)

    @property
    def by_check(self) -> dict[str, tuple[int, int]]:
        """Check id -> (active violations, suppressed violations), ids in sorted order."""
        counts: dict[str, list[int]] = {}
        for v in self.violations:
            counts.setdefault(v.rule_id, [0, 0])[1 if v.suppressed else 0] += 1
        return {rule_id: (n[0], n[1]) for rule_id, n in sorted(counts.items())}

    @property
    def active_violations(self) -> tuple[Violation, ...]:
        """The violations no suppression covers."""
        return tuple(v for v in self.violations if not v.suppressed)

    @property
    def max_severity(self) -> Severity | None:
        """The worst severity among active violations, plugin failures and file diagnostics.

        Unenforced rules count as warnings: nothing checked them, so they never pass silently.
        """
        severities = [v.severity for v in self.active_violations]
        severities += [f.severity for f in self.plugin_failures]
        severities += [d.severity for d in self.file_diagnostics]
        if self.unenforced:
            severities.append(Severity.WARNING)
        return max(severities, key=lambda s: s.rank, default=None)

    @property
    def verdict(self) -> Verdict:
        """`block` on anything of error severity, `warn` on anything else, `pass` on nothing."""
        worst = self.max_severity
        if worst is None:
            return Verdict.PASS
        return Verdict.BLOCK if worst is Severity.ERROR else Verdict.WARN

    def fails(self, fail_on: Severity = Severity.ERROR) -> bool:
        """Whether the report has anything at or above `fail_on`.

        Args:
            fail_on: The lowest severity that fails (`error` or `warning`; `info` fails on any
                finding).

        Returns:
            True when something at or above that severity was found.
        """
        worst = self.max_severity
        return worst is not None and worst.rank >= fail_on.rank
