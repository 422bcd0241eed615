"""The canonical form of a rule: rendering a rule to it, and building a rule from its parse.

The syntax is documented in the header of canonical.lark. `render_canonical(rule)` is exact:
parsing its output gives back an equal rule (text, span and source aside, which the canonical
form does not carry).
"""

from __future__ import annotations

import functools
import json
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, cast

from socratic_core.rules._diagnostics import Problem, did_you_mean
from socratic_core.rules._lalr import TableParser, Token
from socratic_core.rules._nodes import (
    Category,
    CheckDeclaration,
    Modality,
    ParamSpec,
    ParamValue,
    Rule,
    RuleKind,
    Severity,
)
from socratic_core.rules._patterns import lazy
from socratic_core.rules._prebuilt import load_parser, load_table_parser
from socratic_core.rules._quantities import normal_unit

if TYPE_CHECKING:
    from lark import Lark

__all__ = [
    "CanonicalLine",
    "build_rule",
    "get_canonical_parser",
    "lark_canonical_parser",
    "read_canonical",
    "render_canonical",
]

_RUFF_CODE_ID = lazy(r"ruff\.([A-Z]+[0-9]*)")
_BARE_WORD = lazy(r"[A-Za-z_*][\w.*/+-]*")
_NUMBER_TEXT = lazy(r"-?\d+(?:\.\d+)?(?:[eE][-+]?\d+)?")
_EXPECTED_SEVERITIES = tuple(severity.value for severity in Severity)
_EXPECTED_MODALITIES = tuple(modality.value for modality in Modality)
# A number written longer than this is not read (Python's int() refuses thousands of digits).
_MAX_NUMBER_LENGTH = 24
_TOO_LONG = "too-long"
# Letters people type for digits: `5O` is a bad number, not the unit `O`.
_DIGIT_LOOKALIKES = frozenset("OoIlSB")


@functools.cache
def get_canonical_parser() -> TableParser:
    """Return the canonical-form parser, loaded once per process from its prebuilt tables.

    LALR, with the transformer run inside the parser; tokens carry their columns. Run by
    `socratic_core.rules._lalr`: lark is not imported.
    """
    return load_table_parser("canonical.lark", _CanonicalTransformer())


@functools.cache
def lark_canonical_parser() -> Lark:
    """Return Lark's own parser for the canonical form, from the same tables.

    Lark reads again a line `get_canonical_parser()` refuses: its error carries what the
    caller translates (the position, the expected terminals, the label `match_examples`
    finds). So lark is imported for a malformed canonical line only.
    """
    return load_parser("canonical.lark", _CanonicalTransformer())


@dataclass(frozen=True, slots=True)
class _Value:
    """A parameter value as written, with its column in the canonical text."""

    kind: str
    value: Any
    column: int
    unit: str | None = None


@dataclass(slots=True)
class CanonicalLine:
    """What a canonical-form line says, before it is checked against the declarations."""

    rule_id: str
    column: int
    params: list[tuple[str, int, _Value]] = field(default_factory=list)
    options: dict[str, tuple[str, int]] = field(default_factory=dict)
    unenforced: bool = False
    scope: tuple[str, ...] = ()
    rationale: str | None = None


class _CanonicalTransformer:
    """One method per rule of canonical.lark, each taking the rule's children."""

    def start(self, children: Sequence[Any]) -> CanonicalLine:
        rule_id, params, *rest = children
        line = CanonicalLine(str(rule_id), rule_id.column or 1, list(params or ()))
        ruff_code = _RUFF_CODE_ID.fullmatch(line.rule_id)
        if ruff_code is not None:  # `ruff.B006` is `ruff(select=[B006])`
            column = line.column + len("ruff.")
            codes = _Value("list", (_Value("word", ruff_code.group(1), column),), column)
            line.rule_id = "ruff"
            line.params.insert(0, ("select", column, codes))
        for item in rest:
            if item is None:
                continue
            kind, value = item
            if kind == "unenforced":
                line.unenforced = True
            elif kind == "scope":
                line.scope = value
            elif kind == "rationale":
                line.rationale = value
            else:
                line.options[kind] = value
        return line

    def params(self, params: Sequence[Any]) -> list[Any]:
        return [param for param in params if param is not None]

    def param(self, children: Sequence[Any]) -> tuple[str, int, _Value]:
        name, value = children
        return (str(name), name.column or 1, value)

    def number(self, children: Sequence[Token | None]) -> _Value:
        number, unit = children
        assert number is not None  # noqa: S101  (the grammar guarantees a number)
        text, column, unit_text = str(number), number.column or 1, str(unit) if unit else None
        if len(text) > _MAX_NUMBER_LENGTH:  # int() of thousands of digits raises
            return _Value(_TOO_LONG, text, column, unit_text)
        value = float(text) if any(ch in text for ch in ".eE") else int(text)
        if not math.isfinite(value):  # 1e999
            return _Value(_TOO_LONG, text, column, unit_text)
        return _Value("number", value, column, unit_text)

    def word(self, children: Sequence[Token]) -> _Value:
        [token] = children
        return _Value("word", str(token), token.column or 1)

    def string(self, children: Sequence[Token]) -> _Value:
        [token] = children
        return _Value("string", json.loads(str(token)), token.column or 1)

    def list(self, items: Sequence[_Value | None]) -> _Value:
        values = tuple(item for item in items if item is not None)
        return _Value("list", values, values[0].column if values else 1)

    def severity(self, children: Sequence[Token]) -> tuple[str, tuple[str, int]]:
        [token] = children
        return ("severity", (str(token), token.column or 1))

    def modality(self, children: Sequence[Token]) -> tuple[str, tuple[str, int]]:
        [token] = children
        return ("modality", (str(token), token.column or 1))

    def unenforced(self, _children: Sequence[Token]) -> tuple[str, bool]:
        return ("unenforced", True)

    def scope(self, strings: Sequence[Token]) -> tuple[str, tuple[str, ...]]:
        return ("scope", tuple(json.loads(str(string)) for string in strings))

    def rationale(self, children: Sequence[Token]) -> tuple[str, str]:
        [string] = children
        return ("rationale", json.loads(str(string)))


def read_canonical(text: str) -> CanonicalLine:
    """Parse one canonical-form line.

    Args:
        text: The line, backticks around it already removed.

    Returns:
        What it says, unchecked.

    Raises:
        ParseError: If it does not follow the canonical syntax (the caller has
            `lark_canonical_parser()` read it again, and translates Lark's error).
        ValueError: If a quoted string holds an escape sequence JSON does not know.
    """
    return cast(CanonicalLine, get_canonical_parser().parse(text))


# --- checking against the declarations ----------------------------------------------------------


class _Checker:
    """Turn a `CanonicalLine` into a rule, collecting problems with their offsets."""

    def __init__(self, by_id: Mapping[str, CheckDeclaration]) -> None:
        self.by_id = by_id
        self.problems: list[Problem] = []

    def problem(self, column: int, message: str, hint: str | None, *expected: str) -> None:
        self.problems.append(
            Problem("", message, hint, Severity.ERROR, tuple(expected), offset=column - 1)
        )

    def build(self, line: CanonicalLine) -> Rule:
        declaration = self.by_id.get(line.rule_id)
        category = declaration.category if declaration else self._category(line)
        if declaration is None and not line.unenforced:
            hint = did_you_mean(line.rule_id, self.by_id)
            self.problem(line.column, f"unknown rule id {line.rule_id!r}", hint, "a known rule id")
        modality = self._option(line, "modality", Modality, _EXPECTED_MODALITIES)
        severity = self._option(line, "severity", Severity, _EXPECTED_SEVERITIES)
        modality = modality or Modality.MUST
        # `quality.no-print modality=must-not` asks for the opposite of what the check enforces:
        # claimed by the check (its parameters checked), never enforced, `unenforced` or not.
        claimed = declaration if modality.negative or not line.unenforced else None
        enforced = claimed is not None and not modality.negative
        return Rule(
            id=line.rule_id,
            category=claimed.category if claimed else category,
            params=self._params(line, claimed),
            severity=severity or modality.default_severity,
            modality=modality,
            scope=line.scope,
            rationale=line.rationale,
            kind=RuleKind.ENFORCED if enforced else RuleKind.UNENFORCED,
        )

    def _category(self, line: CanonicalLine) -> Category:
        if line.rule_id in self.by_id:
            return self.by_id[line.rule_id].category
        prefix = line.rule_id.split(".", 1)[0]
        try:
            return Category(prefix)
        except ValueError:
            names = [category.value for category in Category]
            self.problem(line.column, f"unknown category {prefix!r}", did_you_mean(prefix, names))
            return Category.CUSTOM

    def _option(self, line: CanonicalLine, name: str, enum: Any, expected: tuple[str, ...]) -> Any:
        if name not in line.options:
            return None
        word, column = line.options[name]
        try:
            return enum(word.lower())
        except ValueError:
            self.problem(
                column, f"unknown {name} {word!r}", did_you_mean(word, expected), *expected
            )
            return None

    def _params(
        self, line: CanonicalLine, declaration: CheckDeclaration | None
    ) -> dict[str, ParamValue]:
        specs = {spec.name: spec for spec in declaration.params} if declaration else {}
        params: dict[str, ParamValue] = {
            spec.name: spec.default for spec in specs.values() if spec.default is not None
        }
        for name, column, value in line.params:
            spec = specs.get(name)
            if declaration is not None and spec is None:
                hint = did_you_mean(name, specs) or _known(specs)
                self.problem(column, f"{line.rule_id} has no parameter {name!r}", hint, *specs)
                continue
            if value.kind == _TOO_LONG:
                self._too_long(value)
                continue
            converted = self._convert(value, spec)
            if converted is not None:
                params[name] = converted
        for spec in specs.values():
            if spec.default is None and spec.name not in params:
                self.problem(line.column, f"{line.rule_id} needs the parameter {spec.name!r}", None)
        return params

    def _too_long(self, value: _Value) -> None:
        shown = value.value if len(value.value) <= 20 else f"{value.value[:17]}..."
        hint = "write at most 15 digits, e.g. max=50"
        self.problem(value.column, f"{shown!r} is too long or too large for a number", hint)

    def _convert(self, value: _Value, spec: ParamSpec | None) -> ParamValue | None:
        kind = spec.type if spec else _free_kind(value)
        if value.kind == "number" and not self._unit_ok(value, spec):
            return None
        if kind in ("int", "float"):
            return self._number(value, kind)
        if kind == "bool":
            text = str(value.value).lower()
            if text in ("true", "false"):
                return text == "true"
            self.problem(
                value.column, f"{value.value!r} is not true or false", None, "true", "false"
            )
            return None
        if kind == "list":
            items = value.value if value.kind == "list" else (value,)
            return tuple(_text(item) for item in items)
        return _text(value)

    def _number(self, value: _Value, kind: str) -> int | float | None:
        if value.kind != "number" or (kind == "int" and isinstance(value.value, float)):
            what = "a whole number" if kind == "int" else "a number"
            self.problem(value.column, f"{_text(value)!r} is not {what}", None, what)
            return None
        return int(value.value) if kind == "int" else float(value.value)

    def _unit_ok(self, value: _Value, spec: ParamSpec | None) -> bool:
        if value.unit is None:
            return True
        unit_column = value.column + len(_format_number(value.value))
        if (value.unit[0] in _DIGIT_LOOKALIKES and any(ch.isdigit() for ch in value.unit)) or (
            len(value.unit) == 1 and value.unit in _DIGIT_LOOKALIKES
        ):
            bad = f"{_format_number(value.value)}{value.unit}"
            self.problem(value.column, f"{bad!r} is not a number", "write digits only", "a number")
            return False
        units = spec.units if spec else ()
        if spec is None or normal_unit(value.unit) in {normal_unit(unit) for unit in units}:
            return True
        hint = did_you_mean(value.unit, units) or (
            f"{spec.name} takes no unit" if not units else f"use one of: {', '.join(units)}"
        )
        self.problem(unit_column, f"unknown unit {value.unit!r} for {spec.name}", hint, *units)
        return False


def _known(specs: Mapping[str, ParamSpec]) -> str:
    return f"parameters: {', '.join(specs)}" if specs else "this check takes no parameters"


def _free_kind(value: _Value) -> str:
    """The type of a parameter of an unenforced rule, from how its value is written."""
    if value.kind == "number":
        return "float" if isinstance(value.value, float) else "int"
    if value.kind == "list":
        return "list"
    if value.kind == "word" and str(value.value) in ("true", "false"):
        return "bool"
    return "str"


def _text(value: _Value) -> str:
    if value.kind == "number":
        return _format_number(value.value)
    return str(value.value)


def build_rule(
    line: CanonicalLine, by_id: Mapping[str, CheckDeclaration]
) -> tuple[Rule, list[Problem]]:
    """Check a canonical line against the declarations and build its rule.

    Args:
        line: The parsed line.
        by_id: The declarations by id.

    Returns:
        The rule (best effort) and the problems found: an unknown rule id, parameter, unit,
        severity or modality, a value of the wrong type, a missing required parameter.
    """
    checker = _Checker(by_id)
    rule = checker.build(line)
    return rule, checker.problems


# --- rendering ----------------------------------------------------------------------------------


def _format_number(value: float) -> str:
    return repr(value) if isinstance(value, float) else str(value)


def _render_value(value: ParamValue) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return _format_number(value)
    if isinstance(value, tuple):
        return "[" + ", ".join(_render_value(item) for item in value) + "]"
    if _BARE_WORD.fullmatch(value) and value not in ("true", "false"):
        return value
    return json.dumps(value, ensure_ascii=False)


def render_canonical(rule: Rule) -> str:
    """Render a rule in the canonical form (see canonical.lark for the syntax).

    Args:
        rule: The rule.

    Returns:
        One line; parsing it gives back the rule (text, span and source aside).
    """
    parts = [rule.id]
    if rule.params:
        inner = ", ".join(f"{name}={_render_value(value)}" for name, value in rule.params.items())
        parts[0] += f"({inner})"
    if rule.severity is not rule.modality.default_severity:
        parts.append(f"severity={rule.severity.value}")
    if rule.modality is not Modality.MUST:
        parts.append(f"modality={rule.modality.value}")
    if rule.kind is RuleKind.UNENFORCED:
        parts.append("unenforced")
    if rule.scope:
        parts.append("in " + ", ".join(json.dumps(glob, ensure_ascii=False) for glob in rule.scope))
    if rule.rationale is not None:
        parts.append("because " + json.dumps(rule.rationale, ensure_ascii=False))
    return " ".join(parts)
