"""The rule engine: instruction text in, rule objects out, agent output checked against them.

It needs no database: everything here works on plain objects.
"""

from socratic_core.rules.analysis import Analysis, AnalysisLimits, SourceFile, analyze
from socratic_core.rules.checks import Check, CheckContext, CheckFunction, Finding
from socratic_core.rules.engine import RuleEngine
from socratic_core.rules.nodes import (
    Category,
    CheckDeclaration,
    Modality,
    ParamSpec,
    ParamValue,
    Rule,
    RuleKind,
    Severity,
    SourceSpan,
)
from socratic_core.rules.render import render_json, render_sarif, render_text, report_to_dict
from socratic_core.rules.results import (
    AgentOutput,
    FileDiagnostic,
    Location,
    PluginFailure,
    Report,
    Verdict,
    Violation,
)

__all__ = [
    "AgentOutput",
    "Analysis",
    "AnalysisLimits",
    "Category",
    "Check",
    "CheckContext",
    "CheckDeclaration",
    "CheckFunction",
    "FileDiagnostic",
    "Finding",
    "Location",
    "Modality",
    "ParamSpec",
    "ParamValue",
    "PluginFailure",
    "Report",
    "Rule",
    "RuleEngine",
    "RuleKind",
    "Severity",
    "SourceFile",
    "SourceSpan",
    "Verdict",
    "Violation",
    "analyze",
    "render_json",
    "render_sarif",
    "render_text",
    "report_to_dict",
]
