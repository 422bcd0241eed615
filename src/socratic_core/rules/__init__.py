"""The rule engine: instruction text in, rule objects out, agent output checked against them.

It needs no database: everything here works on plain objects. `parse_instructions()` is the
entry point of the instruction language; its parsers load when it is first called (lark only
to explain a malformed canonical line). The public surface is what this module exports; every
`_private` module is an implementation detail.

How a sentence becomes a `Rule`, in four modules:

1. `_parser`: the text becomes blocks (headings, items, paragraphs, tables, fences) with the
   prebuilt LALR tables (run by `_lalr`); lark errors are translated here and nowhere else.
2. `_statements`: blocks become `Statement`s, and each is read (modality, limits, scopes,
   severity, rationale; limits by `_quantities`).
3. `_resolver`: a clause's words are matched against the frames every registered check
   declares (`_frames` compiles them and fills their slots), giving a `Match`.
4. `_assemble`: clauses (cut and grouped by the check each names in `_clauses`, which also
   finds qualifiers) become rules, enforced only when a frame matched completely, with a
   suggestion otherwise.

The vocabulary is what the registered checks declare next to their functions (`builtin/`,
`_vocabulary` for the default set and the category keywords); `_canonical` reads and writes
the canonical form.
"""

import collections.abc

from socratic_core.rules._analysis import Analysis, AnalysisLimits, PythonFile, SourceFile, analyze
from socratic_core.rules._checks import (
    Batch,
    BatchFunction,
    Check,
    CheckContext,
    CheckFunction,
    Finding,
    Prefilter,
    Workspace,
    mentions,
)
from socratic_core.rules._declare import check
from socratic_core.rules._diagnostics import Diagnostic
from socratic_core.rules._engine import FileResults, FileStore, RuleEngine
from socratic_core.rules._nodes import (
    Category,
    CheckDeclaration,
    Frame,
    Modality,
    ParamSpec,
    ParamValue,
    Rule,
    RuleKind,
    Severity,
    SourceSpan,
)
from socratic_core.rules._registry import RegisteredCheck, collect_checks
from socratic_core.rules._render import render_json, render_sarif, render_text, report_to_dict
from socratic_core.rules._results import (
    AgentOutput,
    FileDiagnostic,
    Location,
    PluginFailure,
    Report,
    RuleCoverage,
    Verdict,
    Violation,
)
from socratic_core.rules._ruleset import Example, Prose, RuleSet, rule_from_dict, rule_to_dict
from socratic_core.rules._script import Language, ScriptFile
from socratic_core.rules._sites import AssignSite, CallSite, FunctionSite, ImportSite, PythonIndex

__all__ = [
    "AgentOutput",
    "Analysis",
    "AnalysisLimits",
    "AssignSite",
    "Batch",
    "BatchFunction",
    "CallSite",
    "Category",
    "Check",
    "CheckContext",
    "CheckDeclaration",
    "CheckFunction",
    "Diagnostic",
    "Example",
    "FileDiagnostic",
    "FileResults",
    "FileStore",
    "Finding",
    "Frame",
    "FunctionSite",
    "ImportSite",
    "Language",
    "Location",
    "Modality",
    "ParamSpec",
    "ParamValue",
    "PluginFailure",
    "Prefilter",
    "Prose",
    "PythonFile",
    "PythonIndex",
    "RegisteredCheck",
    "Report",
    "Rule",
    "RuleCoverage",
    "RuleEngine",
    "RuleKind",
    "RuleSet",
    "ScriptFile",
    "Severity",
    "SourceFile",
    "SourceSpan",
    "Verdict",
    "Violation",
    "Workspace",
    "analyze",
    "check",
    "collect_checks",
    "explain",
    "mentions",
    "parse_instructions",
    "render_canonical",
    "render_json",
    "render_sarif",
    "render_text",
    "report_to_dict",
    "rule_from_dict",
    "rule_to_dict",
]


def parse_instructions(
    text: str,
    *,
    strict: bool = False,
    declarations: collections.abc.Iterable[CheckDeclaration] | None = None,
    source: str | None = None,
) -> RuleSet:
    """Parse instruction text (AGENTS.md, CLAUDE.md, .cursorrules, canonical lines) into rules.

    Lenient mode (the default) never raises: what it cannot read precisely becomes a
    diagnostic. Strict mode raises `RuleSyntaxError` for the first malformed statement.

    Args:
        text: The instruction document.
        strict: Raise on malformed statements (unknown rule id, bad number, unit, severity).
        declarations: The checks statements may resolve to; `None` means the built-in
            vocabulary.
        source: Which document this is, recorded on every rule.

    Returns:
        The rules in document order, with diagnostics, front matter and code examples.

    Raises:
        RuleSyntaxError: In strict mode only.
    """
    from socratic_core.rules._parser import parse_instructions as parse  # noqa: PLC0415

    return parse(text, strict=strict, declarations=declarations, source=source)


def render_canonical(rule: Rule) -> str:
    """Render a rule in the canonical form; parsing the result gives back the same rule.

    Args:
        rule: The rule.

    Returns:
        One line such as `quality.max-function-length(max=50) severity=warning in "src/**"`.
    """
    from socratic_core.rules._canonical import render_canonical as render  # noqa: PLC0415

    return render(rule)


def explain(
    rule: Rule, declarations: collections.abc.Iterable[CheckDeclaration] | None = None
) -> str:
    """Say in words how a statement was understood and which check, if any, claims it.

    Args:
        rule: The rule.
        declarations: The declarations to describe the check from (built-in when `None`).

    Returns:
        A few lines of plain English.
    """
    from socratic_core.rules._explain import explain as explain_rule  # noqa: PLC0415

    return explain_rule(rule, declarations)
