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
    "Frame",
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

    A parameter is either a **limit** or part of **what is checked**, and its type says which.
    A number (`"int"`, `"float"`: `max`, `min`, a threshold) is a limit: two rules for the same
    check and scope that differ only in limits ask for the same thing at different strengths,
    so they contradict and a merge keeps one. Anything else (a word, a list, a flag: `source`
    and `target` of a forbidden import, password-hashing `algorithms`) says what is checked and
    is part of the rule's identity: rules that differ in it are different rules, and a merge
    keeps both. A value that names a thing but looks like a number (a status code) belongs in a
    `"str"` parameter.

    Attributes:
        name: The parameter's name in the canonical form (`max` in `max-function-length(max=50)`).
        type: `"int"`, `"float"`, `"str"`, `"bool"` or `"list"` (a list of words).
        default: The value used when a statement gives none; `None` makes the parameter required.
        units: Units a quantity for this parameter must carry (`"lines"`, `"characters"`,
            `"%"`): a number in another unit, or in none when units are given, is not this
            parameter's number. No units: the number is written bare (`complexity under 10`).
        description: One line for docs and `explain()`.
        choices: The values a word or list parameter may take (`argon2`, `bcrypt`): a frame
            that reads the parameter from text picks them out, and a close miss (`argon3`)
            is reported with a "did you mean".
        aliases: Words that pick a value when a frame reads the parameter from text, as
            (word, value) pairs: `("private", "all")` makes "docstrings for every function,
            including private helpers" read `visibility=all`. Unlike `choices`, a word close
            to an alias is no misspelling.
    """

    name: str
    type: str
    default: ParamValue | None = None
    units: tuple[str, ...] = ()
    description: str = ""
    choices: tuple[str, ...] = ()
    aliases: tuple[tuple[str, str], ...] = ()

    @property
    def is_limit(self) -> bool:
        """Whether the parameter is a limit (a number) rather than part of what is checked."""
        return self.type in _LIMIT_TYPES


_LIMIT_TYPES = frozenset({"int", "float"})


@dataclass(frozen=True, slots=True)
class Frame:
    """One way instruction text names a check: concepts that must all be present in one clause.

    A concept is a set of synonyms (a word or a few words each, written as people write them:
    plurals, case and spellings are normalised on both sides); each concept must be present,
    in any order, for the frame to match. A frame with a `pattern` instead matches an ordered
    phrase whose `{param}` placeholders capture a module name, a glob or a list
    (`{source} import {target}`).

    Attributes:
        concepts: The concepts, each a tuple of synonyms.
        pattern: An ordered phrase with placeholders, used instead of `concepts`.
        forbids: Whether the frame names what the check forbids (`eval`) rather than what it
            asks for (`docstrings`); `None` takes the declaration's `forbids`.
        flips: Polarity words that turn the frame round when present (`disable`, `skip` for
            TLS verification: "never disable verification" asks for verification).
        slots: Parameters this frame must read from the text: a number in the parameter's
            units, a value from its `choices`. A frame whose slot the text does not fill
            matches only in part: the rule stays unenforced, with a suggestion. `None` (the
            default) reads every limit of the check; `()` reads none (a limit with a default
            the text need not give).
        excludes: Words that stop the frame from matching (`test` for file length: "limit
            test files to 5 tests" is not about lines).
        shape: A statement shape the frame reads instead of concepts or a pattern.
            `"replacement"` reads "never X, use Y instead" (and "use Y instead of X", "prefer
            Y over X", "replace X with Y"): the banned side as an API pattern into the first
            parameter named in `slots`, the replacement as text into the second. It claims a
            statement only when no frame of another kind does: a dedicated check wins.
    """

    concepts: tuple[tuple[str, ...], ...] = ()
    pattern: str = ""
    forbids: bool | None = None
    flips: tuple[str, ...] = ()
    slots: tuple[str, ...] | None = None
    excludes: tuple[str, ...] = ()
    shape: str = ""


@dataclass(frozen=True, slots=True)
class CheckDeclaration:
    """What a check says about itself, so a resolver can match statements to it.

    Declarations carry no code: the built-in vocabulary is declarations only, and plugins attach
    the function that checks when they register a check.

    Attributes:
        id: Stable, readable id, `<category>.<name>` (`security.no-hardcoded-secrets`).
        category: The category the check belongs to.
        phrases: Shorthand for frames: a phrase without placeholders is a frame whose
            concepts are its words, one synonym each, in any order (`"hardcoded secrets"`);
            one with `{param}` placeholders is an ordered pattern (`"{source} import
            {target}"`). Prefer `frames` for new checks.
        params: The parameters the check accepts.
        description: One sentence on what the check finds.
        fix_hint: One sentence on how to fix what it finds.
        forbids: Whether the phrases name what the check forbids (`eval`, `print`,
            `{source} import {target}`) rather than what it asks for (`docstrings`).
        opposites: Phrases that name the other side: what the check asks for when it
            `forbids` (`parameterized queries` for no-sql-string-building), what it forbids
            when it requires (`relative imports` for absolute-imports). They claim statements
            like the phrases do, with the direction turned round.
        frames: The frames that name the check (see `Frame`); `phrases` and `opposites`
            compile into more of them.
        languages: The languages the checks registered under this id read (`python`,
            `typescript`, `tsx`, `javascript`, `jsx`), filled in where the vocabulary is made
            from registered checks (`RuleEngine.declarations`, the built-in vocabulary); empty
            when unknown, which reads as Python only. A statement that names another language
            ("no `any` in TypeScript code") is scoped to it only when the check reads it, and
            kept unenforced otherwise.

    A statement that agrees with the check's direction ("never use print", "use logging
    instead of print", "no relative imports") is enforced; one that asks for the opposite
    ("use print for debugging", "use relative imports") is claimed by the check's id but kept
    unenforced, with a negative modality.
    """

    id: str
    category: Category
    phrases: tuple[str, ...] = ()
    params: tuple[ParamSpec, ...] = ()
    description: str = ""
    fix_hint: str = ""
    forbids: bool = False
    opposites: tuple[str, ...] = ()
    frames: tuple[Frame, ...] = ()
    languages: tuple[str, ...] = ()


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
        reading: How the statement was read: which frame matched, or what was missing (not
            compared, not part of the canonical form).
        suggestion: For an unenforced rule that names a check, the canonical line that would
            enforce it (`quality.max-function-length(max=50)`); not compared.
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
    reading: str = field(default="", compare=False)
    suggestion: str | None = field(default=None, compare=False)

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
