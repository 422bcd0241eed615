"""`explain(rule)`: how a statement was understood, in words, and which check claims it."""

from __future__ import annotations

from collections.abc import Iterable

from socratic_core.rules._canonical import render_canonical
from socratic_core.rules._nodes import CheckDeclaration, Modality, Rule, RuleKind
from socratic_core.rules._vocabulary import declarations_or_default

__all__ = ["explain"]

_FORCE = {
    Modality.MUST: "is required",
    Modality.MUST_NOT: "is forbidden",
    Modality.SHOULD: "is recommended",
    Modality.SHOULD_NOT: "is discouraged",
    Modality.PREFER: "is preferred",
}


def _params(rule: Rule) -> str:
    parts = []
    for name, value in rule.params.items():
        shown = ", ".join(value) if isinstance(value, tuple) else str(value)
        parts.append(f"{name} = {shown}")
    return "; ".join(parts)


def _understood(rule: Rule, declaration: CheckDeclaration | None) -> list[str]:
    """The `Understood as` and `Checked by` lines."""
    force = f"({rule.modality.value}), severity {rule.severity.value}."
    about = f" {declaration.description}" if declaration and declaration.description else ""
    if rule.kind is RuleKind.ENFORCED and declaration is not None:
        return [
            f"Understood as: {rule.category.value} rule; what {rule.id} checks "
            f"{_FORCE[rule.modality]} {force}",
            f"Checked by: {rule.id}.{about}",
        ]
    if declaration is not None and rule.modality.negative:
        finds = f" (it finds: {about.strip().rstrip('.')})" if about else ""
        return [
            f"Understood as: {rule.category.value} rule; it asks for the opposite of what "
            f"{rule.id} enforces {force}",
            f"Checked by: nothing. {rule.id} enforces the other side{finds}, so this rule is "
            "kept unenforced: reported, never counted as passed.",
        ]
    return [
        f"Understood as: {rule.category.value} rule; it {_FORCE[rule.modality]} {force}",
        f"Checked by: nothing. No installed check claims it, so it is kept as the "
        f"unenforced rule {rule.id}: reported, never counted as passed.",
    ]


def explain(rule: Rule, declarations: Iterable[CheckDeclaration] | None = None) -> str:
    """Say in words how a statement was understood and which check, if any, claims it.

    Args:
        rule: The rule.
        declarations: The declarations to describe the check from (built-in when `None`).

    Returns:
        A few lines of plain English, ending with the rule's canonical form.
    """
    by_id = {d.id: d for d in declarations_or_default(declarations)}
    lines = [f"Statement: {rule.text!r}" if rule.text else f"Rule: {rule.id}"]
    if rule.span is not None:
        where = f" in {rule.source}" if rule.source else ""
        lines[0] += f" (line {rule.span.line}, column {rule.span.column}{where})"
    declaration = by_id.get(rule.id)
    lines.extend(_understood(rule, declaration))
    if rule.reading:
        lines.append(f"Read as: {rule.reading}.")
    if rule.suggestion:
        lines.append(f"Did you mean: `{rule.suggestion}`?")
    if rule.params:
        lines.append(f"Parameters: {_params(rule)}.")
    lines.append(
        f"Applies to: {', '.join(rule.scope)}." if rule.scope else "Applies to: everywhere."
    )
    if rule.rationale:
        lines.append(f"Because: {rule.rationale}.")
    lines.append(f"Canonical form: {render_canonical(rule)}")
    return "\n".join(lines)
