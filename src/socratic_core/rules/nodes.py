"""The rule objects the instruction language produces, and the check declarations it resolves to.

Everything here is a frozen, typed value with no behaviour beyond rendering and (de)serialising:
the parser and resolver build these, the engine and its validators read them.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from typing import TypeAlias

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

ParamValue: TypeAlias = str | int | float | bool | tuple[str, ...]
"""A rule parameter: a number, a word, a flag, or a list of words (module names, algorithms)."""


class Category(StrEnum):
    """What a rule is about; a category heading sets it for the statements under it."""

    SECURITY = "security"
    QUALITY = "quality"
    ARCHITECTURE = "architecture"
    PERFORMANCE = "performance"
    TESTING = "testing"
    CUSTOM = "custom"


class Severity(StrEnum):
    """How bad a violation of a rule is: an error blocks, a warning or an info only warns."""

    ERROR = "error"
    WARNING = "warning"
    INFO = "info"

    @property
    def rank(self) -> int:
        """Order for comparisons: error (2) > warning (1) > info (0)."""
        return _SEVERITY_RANK[self]


_SEVERITY_RANK = {Severity.ERROR: 2, Severity.WARNING: 1, Severity.INFO: 0}


class Modality(StrEnum):
    """The force of a statement, normalised from the many ways people say it.

    `must`/`always`/`ensure`/`use` -> MUST; `must not`/`never`/`no`/`don't` -> MUST_NOT;
    `should` -> SHOULD; `should not`/`avoid` -> SHOULD_NOT; `prefer`/`consider` -> PREFER.
    A claimed rule's modality is relative to its check's direction (see `Rule.modality`).
    """

    MUST = "must"
    MUST_NOT = "must-not"
    SHOULD = "should"
    SHOULD_NOT = "should-not"
    PREFER = "prefer"

    @property
    def default_severity(self) -> Severity:
        """The severity a statement gets when it names none: must -> error, should -> warning."""
        return _DEFAULT_SEVERITY[self]

    @property
    def negative(self) -> bool:
        """Whether the statement forbids (`must not`, `should not`) rather than requires."""
        return self in (Modality.MUST_NOT, Modality.SHOULD_NOT)


_DEFAULT_SEVERITY = {
    Modality.MUST: Severity.ERROR,
    Modality.MUST_NOT: Severity.ERROR,
    Modality.SHOULD: Severity.WARNING,
    Modality.SHOULD_NOT: Severity.WARNING,
    Modality.PREFER: Severity.INFO,
}


class RuleKind(StrEnum):
    """Whether an installed check claims a rule (`enforced`) or nothing does (`unenforced`).

    An unenforced rule is kept and reported, never silently dropped and never counted as passed.
    """

    ENFORCED = "enforced"
    UNENFORCED = "unenforced"


@dataclass(frozen=True, slots=True)
class SourceSpan:
    """Where a piece of text sits in its source: 1-based lines and columns, end exclusive."""

    line: int
    column: int
    end_line: int
    end_column: int


@dataclass(frozen=True, slots=True)
class ParamSpec:
    """One parameter a check accepts.

    Attributes:
        name: The parameter's name in the canonical form (`max` in `max-function-length(max=50)`).
        type: `"int"`, `"float"`, `"str"`, `"bool"` or `"list"` (a list of words).
        default: The value used when a statement gives none; `None` makes the parameter required.
        units: Units a quantity for this parameter may carry (`"lines"`, `"characters"`, `"%"`).
        description: One line for docs and `explain()`.
    """

    name: str
    type: str
    default: ParamValue | None = None
    units: tuple[str, ...] = ()
    description: str = ""


@dataclass(frozen=True, slots=True)
class CheckDeclaration:
    """What a check says about itself, so a resolver can match statements to it.

    Declarations carry no code: the built-in vocabulary is declarations only, and plugins attach
    the function that checks when they register a check.

    Attributes:
        id: Stable, readable id, `<category>.<name>` (`security.no-hardcoded-secrets`).
        category: The category the check belongs to.
        phrases: The phrases that name the check in instruction text, synonyms included.
        params: The parameters the check accepts.
        description: One sentence on what the check finds.
        fix_hint: One sentence on how to fix what it finds.
        forbids: Whether the phrases name what the check forbids (`eval`, `print`,
            `{source} import {target}`) rather than what it asks for (`docstrings`).
        opposites: Phrases that name the other side: what the check asks for when it
            `forbids` (`parameterized queries` for no-sql-string-building), what it forbids
            when it requires (`relative imports` for absolute-imports). They claim statements
            like the phrases do, with the direction turned round.

    A statement that agrees with the check's direction ("never use print", "use logging
    instead of print", "no relative imports") is enforced; one that asks for the opposite
    ("use print for debugging", "use relative imports") is claimed by the check's id but kept
    unenforced, with a negative modality.
    """

    id: str
    category: Category
    phrases: tuple[str, ...]
    params: tuple[ParamSpec, ...] = ()
    description: str = ""
    fix_hint: str = ""
    forbids: bool = False
    opposites: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Rule:
    """One rule understood from one instruction statement (or written in canonical form).

    Rules are hashable and compare by value; `params` is the rule's own copy, with list values
    stored as tuples.

    Attributes:
        id: The id of the check that claims the rule, or a generated `<category>.<slug>` id for an
            unenforced rule.
        category: The rule's category.
        params: Parameters for the check (`{"max": 50}`).
        severity: Explicit in the statement, or the modality's default.
        modality: The force, relative to the check for a claimed rule: `must`, `should` or
            `prefer` when the statement asks for what the check enforces ("never use print" is
            `quality.no-print` with `must`), `must-not` or `should-not` when it asks for the
            opposite (then the rule is unenforced). An unclaimed rule keeps the statement's own.
        scope: Path globs the rule applies to; empty means everywhere.
        rationale: Why, when the statement says so.
        text: The statement exactly as written.
        span: Where the statement sits in its instruction text.
        kind: Whether an installed check claims the rule.
        source: Which instruction document the rule came from, when known.
    """

    id: str
    category: Category
    params: Mapping[str, ParamValue] = field(default_factory=dict)
    severity: Severity = Severity.ERROR
    modality: Modality = Modality.MUST
    scope: tuple[str, ...] = ()
    rationale: str | None = None
    text: str = ""
    span: SourceSpan | None = None
    kind: RuleKind = RuleKind.ENFORCED
    source: str | None = None

    def __post_init__(self) -> None:
        # Own a plain dict copy (so the caller's mapping can't change the rule) with list values
        # as tuples, which keeps every rule hashable.
        items: Mapping[str, object] = self.params
        params = {
            name: tuple(value) if isinstance(value, list) else value
            for name, value in items.items()
        }
        object.__setattr__(self, "params", params)

    def __hash__(self) -> int:
        return hash(
            (
                self.id,
                self.category,
                tuple(sorted(self.params.items())),
                self.severity,
                self.modality,
                self.scope,
                self.rationale,
                self.text,
                self.span,
                self.kind,
                self.source,
            )
        )
