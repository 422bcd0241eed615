"""The rule engine: instruction text in, rule objects out, agent output checked against them.

It needs no database: everything here works on plain objects.
"""

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

__all__ = [
    "Category",
    "CheckDeclaration",
    "Modality",
    "ParamSpec",
    "ParamValue",
    "Rule",
    "RuleKind",
    "Severity",
    "SourceSpan",
]
