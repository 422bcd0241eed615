"""RuleSet: the ordered rules of one instruction document (or of several, merged).

A rule set is what `parse_instructions()` returns and what `UserInstruction.parsed_rules` stores:
`to_dict()` gives JSON-compatible values and `from_dict()` reads them back. `merge()` combines
rule sets by precedence (session over project over global), drops duplicates and reports
contradictions as diagnostics. Two rules meet in a merge when they are the same check, scope
and identity: every parameter that is not a limit (see `ParamSpec`), so two import bans with
different modules are two rules, while two limits for the same thing contradict.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field, replace
from typing import Any, TypeAlias

from socratic_core.rules._diagnostics import Diagnostic
from socratic_core.rules._nodes import (
    Category,
    Modality,
    ParamValue,
    Rule,
    RuleKind,
    Severity,
    SourceSpan,
)

__all__ = ["Example", "MetadataValue", "Prose", "RuleSet", "rule_from_dict", "rule_to_dict"]

MetadataValue: TypeAlias = str | bool | tuple[str, ...]
"""A front matter value: a string, a flag, or a list of strings."""

FORMAT_VERSION = 1
_LIMIT_UNIT = "unit"  # the unit of an unclaimed rule's limit (see `assemble._free_params`)


@dataclass(frozen=True, slots=True)
class Example:
    """A code fence from an instruction document: kept as an example, never parsed as rules."""

    language: str
    code: str
    line: int


@dataclass(frozen=True, slots=True)
class Prose:
    """A statement that is not a rule: listed so that nothing in a document silently vanishes.

    A sentence or list item without a modal word ("This project uses FastAPI."), a table's
    header cells, and the cells of a table whose columns carry the force ("Do" / "Don't").

    Attributes:
        text: The statement as written.
        span: Where it is in the document.
    """

    text: str
    span: SourceSpan


def _span_to_json(span: SourceSpan | None) -> list[int] | None:
    return None if span is None else [span.line, span.column, span.end_line, span.end_column]


def _param_to_json(value: ParamValue) -> Any:
    return list(value) if isinstance(value, tuple) else value


def _param_from_json(value: Any) -> ParamValue:
    if isinstance(value, list):
        return tuple(str(item) for item in value)
    if isinstance(value, bool | int | float | str):
        return value
    raise ValueError(f"not a rule parameter value: {value!r}")


def rule_to_dict(rule: Rule) -> dict[str, Any]:
    """Return a rule as JSON-compatible values (lists for tuples, strings for enums).

    Args:
        rule: The rule.

    Returns:
        A dict that `rule_from_dict` turns back into an equal rule.
    """
    span = rule.span
    return {
        "id": rule.id,
        "category": rule.category.value,
        "params": {name: _param_to_json(value) for name, value in rule.params.items()},
        "severity": rule.severity.value,
        "modality": rule.modality.value,
        "scope": list(rule.scope),
        "rationale": rule.rationale,
        "text": rule.text,
        "span": _span_to_json(span),
        "kind": rule.kind.value,
        "source": rule.source,
        "reading": rule.reading,
        "suggestion": rule.suggestion,
    }


def rule_from_dict(data: Mapping[str, Any]) -> Rule:
    """Build a rule from the values `rule_to_dict` returned.

    Args:
        data: The JSON-compatible values.

    Returns:
        The rule.

    Raises:
        KeyError: If `id` or `category` is missing.
        ValueError: If a value is not one the rule allows.
    """
    span = data.get("span")
    return Rule(
        id=str(data["id"]),
        category=Category(data["category"]),
        params={name: _param_from_json(value) for name, value in data.get("params", {}).items()},
        severity=Severity(data.get("severity", "error")),
        modality=Modality(data.get("modality", "must")),
        scope=tuple(str(glob) for glob in data.get("scope", ())),
        rationale=data.get("rationale"),
        text=str(data.get("text", "")),
        span=None if span is None else SourceSpan(*(int(part) for part in span)),
        kind=RuleKind(data.get("kind", "enforced")),
        source=data.get("source"),
        reading=str(data.get("reading") or ""),
        suggestion=data.get("suggestion"),
    )


def _is_limit(name: str, value: ParamValue) -> bool:
    """Whether a parameter is a limit: a number (`ParamSpec.is_limit`; a flag is not one).

    A merge has no declarations (plugin checks, unclaimed rules), so it reads the split from
    the values, which the resolver and the canonical reader give their declared types. The
    `unit` an unclaimed rule's limit was written in (`{"max": 200, "unit": "ms"}`) goes with it.
    """
    number = isinstance(value, int | float) and not isinstance(value, bool)
    return number or name == _LIMIT_UNIT


def _identity(rule: Rule) -> tuple[str, tuple[str, ...], frozenset[tuple[str, ParamValue]]]:
    """What a rule checks, where: its id, its scope and every parameter that is not a limit."""
    params = rule.params.items()
    what = frozenset((name, value) for name, value in params if not _is_limit(name, value))
    return rule.id, rule.scope, what


def _same(a: Rule, b: Rule) -> bool:
    """Whether two rules ask for the same thing (where they were written aside)."""
    return (a.id, dict(a.params), a.modality, a.severity, a.scope) == (
        b.id,
        dict(b.params),
        b.modality,
        b.severity,
        b.scope,
    )


def _contradiction(a: Rule, b: Rule) -> str | None:
    """Why two rules for the same check, scope and identity contradict each other, if they do."""
    if a.modality.negative != b.modality.negative:
        return "one requires what the other forbids"
    if dict(a.params) != dict(b.params):
        return "they set different limits"
    return None


def _describe(rule: Rule, layer: int) -> str:
    where = rule.source or f"rule set {layer + 1}"
    line = f" line {rule.span.line}" if rule.span else ""
    return f"{rule.text or rule.id!r} ({where}{line})"


@dataclass(frozen=True, slots=True)
class RuleSet:
    """The ordered rules of instruction text, with what could not be read and its front matter.

    Iterating a rule set yields its rules in document order.

    Attributes:
        rules: The rules, in the order their statements appear.
        diagnostics: What the parser could not understand precisely.
        metadata: The document's front matter (`globs`, `applyTo`, `description`, ...).
        examples: The document's code fences.
        source: Which instruction document it came from, when known.
        prose: The statements that are not rules, in document order.
    """

    rules: tuple[Rule, ...] = ()
    diagnostics: tuple[Diagnostic, ...] = ()
    metadata: Mapping[str, MetadataValue] = field(default_factory=dict)
    examples: tuple[Example, ...] = ()
    source: str | None = None
    prose: tuple[Prose, ...] = ()

    def __iter__(self) -> Iterator[Rule]:
        return iter(self.rules)

    def __len__(self) -> int:
        return len(self.rules)

    def __bool__(self) -> bool:
        return bool(self.rules)

    @property
    def categories(self) -> list[str]:
        """The sorted values of the categories the rules belong to."""
        return sorted({rule.category.value for rule in self.rules})

    @property
    def enforced(self) -> tuple[Rule, ...]:
        """The rules a declared check claims."""
        return tuple(rule for rule in self.rules if rule.kind is RuleKind.ENFORCED)

    @property
    def unenforced(self) -> tuple[Rule, ...]:
        """The rules no check claims: kept and reported, never counted as passed."""
        return tuple(rule for rule in self.rules if rule.kind is RuleKind.UNENFORCED)

    @property
    def errors(self) -> tuple[Diagnostic, ...]:
        """The diagnostics of severity `error` (those strict mode raises on)."""
        return tuple(d for d in self.diagnostics if d.severity is Severity.ERROR)

    def to_dict(self) -> dict[str, Any]:
        """Return the rule set as JSON-compatible values (what `parsed_rules` stores)."""
        return {
            "version": FORMAT_VERSION,
            "source": self.source,
            "metadata": {
                key: list(value) if isinstance(value, tuple) else value
                for key, value in self.metadata.items()
            },
            "rules": [rule_to_dict(rule) for rule in self.rules],
            "diagnostics": [diagnostic.to_dict() for diagnostic in self.diagnostics],
            "examples": [
                {"language": ex.language, "code": ex.code, "line": ex.line} for ex in self.examples
            ],
            "prose": [{"text": p.text, "span": _span_to_json(p.span)} for p in self.prose],
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> RuleSet:
        """Build a rule set from the values `to_dict()` returned.

        Args:
            data: The JSON-compatible values.

        Returns:
            The rule set.
        """
        return cls(
            rules=tuple(rule_from_dict(rule) for rule in data.get("rules", ())),
            diagnostics=tuple(Diagnostic.from_dict(d) for d in data.get("diagnostics", ())),
            metadata={
                key: tuple(value) if isinstance(value, list) else value
                for key, value in data.get("metadata", {}).items()
            },
            examples=tuple(
                Example(str(ex["language"]), str(ex["code"]), int(ex["line"]))
                for ex in data.get("examples", ())
            ),
            source=data.get("source"),
            prose=tuple(
                Prose(str(p["text"]), SourceSpan(*(int(part) for part in p["span"])))
                for p in data.get("prose", ())
            ),
        )

    def to_json(self, *, indent: int | None = None) -> str:
        """Return the rule set as a JSON document."""
        return json.dumps(self.to_dict(), indent=indent, ensure_ascii=False)

    @classmethod
    def from_json(cls, text: str) -> RuleSet:
        """Build a rule set from a JSON document `to_json()` wrote."""
        return cls.from_dict(json.loads(text))

    def merge(self, *higher: RuleSet) -> RuleSet:
        """Merge rule sets of increasing precedence: `global_.merge(project, session)`.

        Rules for the same check, scope and identity meet (identity: the parameters that say
        what is checked, such as a forbidden import's `source` and `target`, as opposed to
        limits such as `max`; see `ParamSpec`). An identical one is a duplicate and is
        dropped; one from a higher-precedence set replaces the lower one; when they contradict
        ("must use X" and "must not use X", a statement asking for the opposite of an enforced
        check, or two different limits) a warning diagnostic says so. Within one set,
        differing rules are all kept.

        Args:
            *higher: Rule sets that take precedence over this one, lowest first.

        Returns:
            The merged rule set, with every set's diagnostics and the merge's own.
        """
        layers = (self, *higher)
        kept: list[tuple[int, Rule] | None] = []
        notes: list[Diagnostic] = []
        for layer, ruleset in enumerate(layers):
            for rule in ruleset.rules:
                _merge_rule(kept, layer, rule, notes)
        metadata: dict[str, MetadataValue] = {}
        for ruleset in layers:
            metadata.update(ruleset.metadata)
        return RuleSet(
            rules=tuple(entry[1] for entry in kept if entry is not None),
            diagnostics=tuple(d for rs in layers for d in rs.diagnostics) + tuple(notes),
            metadata=metadata,
            examples=tuple(example for rs in layers for example in rs.examples),
            source=higher[-1].source if higher else self.source,
            prose=tuple(prose for rs in layers for prose in rs.prose),
        )

    @classmethod
    def layered(
        cls,
        *,
        global_rules: RuleSet | None = None,
        project_rules: RuleSet | None = None,
        session_rules: RuleSet | None = None,
    ) -> RuleSet:
        """Merge the three instruction layers by their precedence: session > project > global.

        Args:
            global_rules: The user's global instructions.
            project_rules: The project's instructions.
            session_rules: The session's instructions.

        Returns:
            `global_rules.merge(project_rules, session_rules)`, missing layers left out.
        """
        present = (global_rules, project_rules, session_rules)
        layers = [layer for layer in present if layer is not None]
        return layers[0].merge(*layers[1:]) if layers else cls()

    def with_source(self, source: str) -> RuleSet:
        """Return a copy whose rules all record `source` as the document they came from."""
        return replace(self, rules=tuple(replace(r, source=source) for r in self), source=source)


def _merge_rule(
    kept: list[tuple[int, Rule] | None], layer: int, rule: Rule, notes: list[Diagnostic]
) -> None:
    """Add one rule to the merge, replacing, dropping or reporting against what is kept."""
    identity = _identity(rule)
    for index, entry in enumerate(kept):
        if entry is None or _identity(entry[1]) != identity:
            continue
        old_layer, old = entry
        if _same(old, rule):
            if layer > old_layer:
                kept[index] = (layer, rule)
            return
        reason = _contradiction(old, rule)
        if reason is not None:
            line = rule.span.line if rule.span else 1
            column = rule.span.column if rule.span else 1
            message = f"{_describe(rule, layer)} contradicts {_describe(old, old_layer)}: {reason}"
            hint = "the later, higher-precedence rule wins" if layer > old_layer else None
            notes.append(
                Diagnostic(line, column, message, hint, Severity.WARNING, source=rule.source)
            )
        if layer > old_layer:
            kept[index] = None
    kept.append((layer, rule))
